"""A document is ranked by its sections that say the query's words and opens at the best
of them (``kb/search/collapse.py``): a second section that says the word adds to the
document's score; every hit links to its own section, the one that says the word most.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.search import SearchRequest, SearchService
from tests.conftest import served_tree
from tests.corpus import TAXONOMY, front


def _case(title: str, sections: dict[str, str]) -> str:
    body = "".join(f"\n## {h} {{#{h.lower()}}}\n\n{t}\n" for h, t in sections.items())
    return front(title=title, date="2020", language="es", countries="AR", themes="[cultura]") + body


FILES = {
    "taxonomy.yml": TAXONOMY,
    # The same sentence about the «huerta» in both, twice in «dos-secciones».
    "cases/dos-secciones.md": _case(
        "Barrio Norte",
        {
            "Inicio": "Una huerta comunitaria ocupa el terreno baldío.",
            "Resultados": "Una huerta comunitaria ocupa el terreno baldío.",
        },
    ),
    "cases/una-seccion.md": _case(
        "Barrio Sur",
        {
            "Inicio": "Una huerta comunitaria ocupa el terreno baldío.",
            "Resultados": "Los vecinos pintaron la escuela del barrio.",
        },
    ),
    # The word most in the second section of each: each hit opens there.
    "cases/compost-salto.md": _case(
        "Ferias de Salto",
        {
            "Contexto": "Las ferias del sábado y el compostaje de sus restos.",
            "Compostaje": "El compostaje de la feria: compostaje de restos, compostaje en casa.",
        },
    ),
    "cases/compost-rivera.md": _case(
        "Plazas de Rivera",
        {
            "Plazas": "Las plazas se riegan con agua de lluvia y compostaje.",
            "Abono": "El compostaje de hojas da abono: compostaje en cada plaza, compostaje.",
        },
    ),
}


@pytest.fixture
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    yield from served_tree(tmp_path_factory, "sections", FILES)


def hits(service: SearchService, q: str) -> list[dict]:
    return service.search(SearchRequest(q=q)).to_dict()["hits"]


def test_a_second_section_that_says_the_word_ranks_the_document_higher(service):
    assert [h["id"] for h in hits(service, "huerta")] == [
        "cases/dos-secciones",
        "cases/una-seccion",
    ]


def test_every_hit_opens_at_its_own_section_that_says_the_word_most(service):
    links = {h["id"]: h["url"] for h in hits(service, "compostaje")}
    assert links == {
        "cases/compost-salto": "/cases/compost-salto#compostaje",
        "cases/compost-rivera": "/cases/compost-rivera#abono",
    }
