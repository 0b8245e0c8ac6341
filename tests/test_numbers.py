"""Numbers a query can find: decimals with either separator, percentages, thousands,
ordinals, years and acronyms, on the bundled content/ and on a small tree of its own."""

from __future__ import annotations

import re

import pytest

from indexer.build import build_index
from indexer.live import open_service
from kb.search import SearchRequest, SearchService
from tests.conftest import PROJECT, TODAY
from tests.corpus import TAXONOMY, front, write_tree

BARCELONA = "cases/barcelona-cooperacion-07"  # its title says «el 0,7 %»


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    """The bundled content/, indexed."""
    root = tmp_path_factory.mktemp("content-index")
    build_index(PROJECT / "content", root)
    return open_service(root)


def _doc(title: str, text: str, lang: str = "es") -> str:
    return (
        front(
            title=f'"{title}"',
            date="2020-01",
            language=lang,
            countries="[ES]",
            themes="[hermanamientos]",
            summary='"Un caso."',
        )  # fmt: skip
        + f"\n{text}\n"
    )


SMALL = {
    "taxonomy.yml": TAXONOMY,
    "cases/huelva.md": _doc("Huelva", "La ciudad tiene 20.000 habitantes y crece un 1,5 al año."),
    "cases/leeds.md": _doc("Leeds", "The city counts 20,000 residents in its old centre.", "en"),
    "cases/vigo.md": _doc("Vigo", "Vigo acogió el 11.º congreso anual de la red en la O.N.U."),
    "cases/lugo.md": _doc("Lugo", "Lugo celebró su congreso anual número 11 con 200 asistentes."),
}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    content = write_tree(tmp_path_factory.mktemp("numbers"), SMALL)
    root = tmp_path_factory.mktemp("numbers-index")
    assert build_index(content, root, today=TODAY).exit_code == 0
    return open_service(root)


def _ids(service: SearchService, q: str) -> list[str]:
    """The documents that contain the whole query (not the partial matches after them)."""
    return [h.id for h in service.search(SearchRequest(q=q)).hits if not h.missing]


def test_a_percentage_is_found_whichever_way_it_is_typed(content):
    answers = {q: _ids(content, q) for q in ("0,7 %", "0.7%", "0,7%")}
    for q, ids in answers.items():
        assert ids[:1] == [BARCELONA], (q, ids)
    assert answers["0.7%"] == answers["0,7 %"] == answers["0,7%"]


def test_the_typed_percentage_is_marked_whole_in_the_snippet(content):
    hit = content.search(SearchRequest(q="0.7%")).hits[0]
    assert "<mark>0,7 %</mark>" in hit.snippet, hit.snippet


@pytest.mark.parametrize(
    ("q", "written", "first"),
    [
        ("Agenda 2030", "Agenda 2030", None),
        ("ODS 11", "ODS 11", None),
        ("COP21", "COP21", "notebooks/trabajo-en-redes-e-incidencia"),
        ("Hábitat III", "Hábitat III", "cases/quito-habitat-iii"),
    ],
)
def test_years_codes_and_roman_numerals_find_the_documents_that_write_them(
    content, q, written, first
):
    hits = content.search(SearchRequest(q=q)).hits
    assert hits, q
    if first:
        assert hits[0].id == first
    stored = content.stored_document(hits[0].id)
    text = " ".join([stored["title"], stored["summary"], *(s["text"] for s in stored["sections"])])
    assert written.lower() in text.lower()


@pytest.mark.parametrize("q", ["20.000", "20,000", "20 000", "20000"])
def test_thousands_meet_whatever_their_separator(small, q):
    assert sorted(_ids(small, q)) == ["cases/huelva", "cases/leeds"]


def test_a_decimal_comma_is_found_with_a_decimal_point(small):
    assert _ids(small, "1.5") == ["cases/huelva"]


@pytest.mark.parametrize("q", ["11.º congreso", "11º congreso", "11th congreso", "11er congreso"])
def test_an_ordinal_is_found_however_it_is_marked(small, q):
    assert _ids(small, q) == ["cases/vigo"]


def test_a_bare_number_also_finds_the_ordinal(small):
    assert sorted(_ids(small, "11 congreso")) == ["cases/lugo", "cases/vigo"]


def test_a_number_typed_bare_in_quotes_finds_the_ordinal_before_the_next_word(small):
    # «11.º congreso»: the number and its ordinal share one position in the index
    assert _ids(small, '"11 congreso"') == ["cases/vigo"]


def test_a_dotted_acronym_is_one_word(small):
    assert _ids(small, "ONU") == ["cases/vigo"]
    snippet = small.search(SearchRequest(q="ONU")).hits[0].snippet
    assert re.search(r"<mark>O\.N\.U</mark>|<mark>O\.N\.U\.</mark>", snippet), snippet


def test_a_number_typed_with_spaces_stays_one_word(small):
    assert _ids(small, "20 000 habitantes") == ["cases/huelva"]
