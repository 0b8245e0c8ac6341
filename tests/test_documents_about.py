"""A document about the city a query names ranks above one that only mentions it, also
when the query has other words (``kb.search.about``): in ``cooperación Montevideo`` the
Montevideo case comes before the Rosario case whose text says *cooperación* and
*Montevideo* more often."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.search import SearchRequest, SearchService
from tests.conftest import served_tree
from tests.corpus import TAXONOMY, front

FILES = {
    "taxonomy.yml": TAXONOMY,
    "cases/montevideo-red.md": front(
        title="Una red de ciudades del sur",
        date="2012",
        language="es",
        countries="UY",
        city="Montevideo",
        themes="[cultura]",
    )
    + "\n## La red\n\nMontevideo impulsa la cooperación entre ciudades del sur.\n",
    "cases/rosario-socios.md": front(
        title="Rosario y sus socios",
        date="2013",
        language="es",
        countries="AR",
        city="Rosario",
        themes="[cultura]",
    )
    + "\n## Los socios\n\nRosario y Montevideo: cooperación técnica, cooperación cultural,"
    + " cooperación con Montevideo.\n",
}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    yield from served_tree(tmp_path_factory, "about", FILES)


def test_the_document_about_the_named_city_ranks_above_one_that_mentions_it_more(service):
    text = FILES["cases/rosario-socios.md"]
    assert text.count("cooperación") == 3 and text.count("Montevideo") == 2
    hits = service.search(SearchRequest(q="cooperación Montevideo")).to_dict()["hits"]
    assert [h["id"] for h in hits] == ["cases/montevideo-red", "cases/rosario-socios"]
