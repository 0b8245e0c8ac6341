"""When few documents hold the whole query, those holding part of it follow, saying what
they lack; a hyphenated compound is found side by side first.

On a small tree of its own (each document written for the property) and on the bundled
content/ through the API and the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from indexer.build import build_index
from kb.search import SearchRequest, SearchService
from tests.conftest import TODAY, served_tree
from tests.corpus import TAXONOMY, case_file, write_tree
from web import create_app


def _doc(title: str, text: str, year: int = 2020) -> str:
    return case_file(title, text, date=str(year), countries="[UY]")


FILES = {
    "taxonomy.yml": TAXONOMY,
    # Both words: the only full matches of «legado megaevento».
    "cases/sevilla.md": _doc("Sevilla", "El legado del megaevento de 1992 sigue en la ciudad."),
    # One word each: partial matches.
    "cases/lima.md": _doc("Lima", "Los Juegos fueron un megaevento sin plan posterior.", 2019),
    "cases/quito.md": _doc("Quito", "Un legado de redes vecinales y de escuelas abiertas.", 2021),
    # Neither word.
    "cases/salto.md": _doc("Salto", "Una feria del libro con escuelas de la región."),
    # «sur-sur» side by side in one; «cooperación» often and «sur» apart in the other.
    "cases/rosario.md": _doc(
        "Rosario",
        "Un programa de cooperación sur-sur con Recife. "
        + "El intercambio de técnicos duró dos años y dejó manuales compartidos. " * 6,
    ),
    "cases/tandil.md": _doc(
        "Tandil",
        "La cooperación con el norte del país y con el sur: obras en el barrio sur, en la zona sur "
        "y en la costa sur.",
    ),
}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    yield from served_tree(tmp_path_factory, "partial", FILES)


def _body(service: SearchService, q: str, **options: Any) -> dict[str, Any]:
    return service.search(SearchRequest(q=q, **options)).to_dict()


def test_documents_with_some_of_the_words_follow_the_full_matches(small):
    body = _body(small, "legado megaevento")
    hits = [(h["id"], h["missing"]) for h in body["hits"]]
    assert hits[0] == ("cases/sevilla", [])
    assert sorted(hits[1:]) == [("cases/lima", ["legado"]), ("cases/quito", ["megaevento"])]
    assert body["total"] == 3 and body["partial"] == 2
    scores = [h["score"] for h in body["hits"]]
    assert scores[0] > max(scores[1:])


def test_a_partial_match_lacks_the_words_it_is_said_to_lack(small):
    for hit in _body(small, "legado megaevento")["hits"]:
        for word in hit["missing"]:
            assert hit["id"] not in [h["id"] for h in _body(small, word)["hits"]]


def test_partial_matches_are_counted_by_the_facets_they_are_listed_with(small):
    body = _body(small, "legado megaevento")
    years = {v["value"]: v["count"] for v in body["facets"]["year"]}
    assert years == {"2019": 1, "2020": 1, "2021": 1}
    # A value's count is what choosing it lists.
    filtered = _body(small, "legado megaevento", filters={"year": ["2021"]})
    assert [(h["id"], h["missing"]) for h in filtered["hits"]] == [("cases/quito", ["megaevento"])]
    assert filtered["total"] == filtered["partial"] == 1


def test_sorting_by_date_lists_only_the_full_matches(small):
    body = _body(small, "legado megaevento", sort="date")
    assert [h["id"] for h in body["hits"]] == ["cases/sevilla"]
    assert body["partial"] == 0


def test_no_partial_match_when_nothing_holds_the_whole_query(small):
    # Nothing holds both: the answer says so rather than listing halves as answers.
    body = _body(small, "megaevento escuelas")
    assert body["hits"] == [] and body["total"] == 0


def test_a_hyphenated_compound_is_found_side_by_side_first(small):
    hits = _body(small, "cooperación sur-sur")["hits"]
    assert [h["id"] for h in hits] == ["cases/rosario", "cases/tandil"]
    assert hits[1]["missing"] == []  # «sur» apart still holds the words, for less


def test_a_compound_the_corpus_never_writes_is_searched_as_its_words(small):
    # No document writes «norte-sur»; Tandil has both words apart, Rosario one.
    hits = [(h["id"], h["missing"]) for h in _body(small, "norte-sur")["hits"]]
    assert hits == [("cases/tandil", []), ("cases/rosario", ["norte"])]


def test_the_page_says_which_words_a_result_lacks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("partial-page")
    write_tree(folder / "content", FILES)
    build_index(folder / "content", folder / "index", today=TODAY)
    client = create_app({"KB_INDEX": str(folder / "index"), "TESTING": True}).test_client()
    page = client.get("/?q=legado+megaevento&ui=en").get_data(as_text=True)
    assert "The last 2 results hold only some of your words." in page
    assert "Without: <s>legado</s>" in page and "Without: <s>megaevento</s>" in page
    spanish = client.get("/?q=legado+megaevento&ui=es").get_data(as_text=True)
    assert "Los últimos 2 resultados contienen solo algunas de sus palabras." in spanish
