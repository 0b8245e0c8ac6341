"""A one-word query that is a word of one concept's longer label (``planning``, of
"Strategic planning") also finds that concept's documents in other languages, after the
documents that say the word; a word of two concepts' labels, or a word among others, does
not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.search import SearchRequest, SearchService
from tests.conftest import served_tree
from tests.corpus import case_file

TAXONOMY = """\
themes:
  - id: planificacion
    label: {es: Planificación estratégica, en: Strategic planning}
    synonyms:
      es: [plan estratégico]
  - id: movilidad
    label: {es: Movilidad sostenible, en: Sustainable mobility}
    synonyms:
      es: [transporte colectivo]
  - id: vivienda
    label: {es: Vivienda sostenible, en: Sustainable housing}
  - id: otros
    label: {es: Otros temas, en: Other topics}
networks: []
"""


def _case(title: str, lang: str, text: str) -> str:
    # Every case has a theme whose name holds none of the words searched: what finds a
    # case is its text.
    return case_file(title, text, language=lang, themes="[otros]")


FILES = {
    "taxonomy.yml": TAXONOMY,
    "cases/leeds.md": _case(
        "Leeds", "en", "The planning office redrew the bus lanes; planning took two years."
    ),
    "cases/bilbao.md": _case("Bilbao", "es", "La ciudad aprobó un plan estratégico a veinte años."),
    "cases/vigo.md": _case("Vigo", "es", "Movilidad sostenible con ascensores públicos."),
    "cases/gijon.md": _case("Gijón", "es", "Vivienda sostenible en el barrio obrero."),
}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    yield from served_tree(tmp_path_factory, "head-words", FILES)


def _ids(service: SearchService, q: str) -> list[str]:
    return [h["id"] for h in service.search(SearchRequest(q=q)).to_dict()["hits"]]


def test_a_word_of_one_concepts_name_finds_its_documents_after_the_word(small):
    assert _ids(small, "planning") == ["cases/leeds", "cases/bilbao"]


def test_a_word_of_two_concepts_names_stands_for_neither(small):
    # «sustainable» is a word of "Sustainable mobility" and of "Sustainable housing".
    assert _ids(small, "sustainable") == []


def test_a_word_of_a_synonym_stands_for_nothing(small):
    # «colectivo» is a word of the synonym «transporte colectivo» only: no case says it.
    assert _ids(small, "colectivo") == []


def test_a_word_among_others_is_searched_as_itself(small):
    assert _ids(small, "planning office") == ["cases/leeds"]
