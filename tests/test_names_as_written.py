"""A name of the metadata is searched as written, also where only the title is searched
(``title:quito``): the Spanish stemmer cuts ``quito`` to *quit*, as it cuts *quiten*; the
title that says *quiten* is not about Quito (``kb.search.proper_names``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.search import SearchRequest, SearchService
from tests.conftest import served_tree
from tests.corpus import TAXONOMY, front

FILES = {
    "taxonomy.yml": TAXONOMY,
    "cases/quito-agua.md": front(
        title="Quito cuida su agua",
        date="2016",
        language="es",
        countries="EC",
        city="Quito",
        themes="[agua]",
    )
    + "\n## El fondo\n\nUn fondo para las cuencas.\n",
    "cases/lima-miedo.md": front(
        title="Que no nos quiten la plaza",
        date="2018",
        language="es",
        countries="PE",
        city="Lima",
        themes="[cultura]",
        summary="Una plaza recuperada por sus vecinos.",
    )
    + "\n## La plaza\n\nLos vecinos de Lima recuperan la plaza; un acuerdo con Quito.\n",
}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    yield from served_tree(tmp_path_factory, "names", FILES)


def _ids(service: SearchService, q: str) -> list[str]:
    return [h["id"] for h in service.search(SearchRequest(q=q)).to_dict()["hits"]]


def test_a_name_in_the_title_scope_finds_the_title_that_writes_it(service):
    assert _ids(service, "title:quito") == ["cases/quito-agua"]


def test_a_name_finds_the_text_that_writes_it_not_a_word_it_stems_like(service):
    assert sorted(_ids(service, "quito")) == ["cases/lima-miedo", "cases/quito-agua"]
    hits = service.search(SearchRequest(q="quito")).to_dict()["hits"]
    found = {m["found"].lower() for h in hits for m in h["matched"]}
    assert "quiten" not in found
