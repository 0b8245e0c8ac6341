"""A country the query names that no document is about is said to be missing, wherever
it stands in the query and however many words follow it (``kb.search.unmatched``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.search import SearchRequest, SearchService
from tests.conftest import served_tree
from tests.corpus import TAXONOMY, front

FILES = {
    "taxonomy.yml": TAXONOMY,
    "cases/montevideo-cooperacion.md": front(
        title="Cooperación descentralizada en Montevideo",
        date="2012",
        language="es",
        countries="UY",
        themes="[cultura]",
    )
    + "\n## Los socios\n\nLa cooperación descentralizada con ciudades de Europa y de Cuba."
    + " La ira de los vecinos llevó a un acuerdo nuevo.\n",
}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    yield from served_tree(tmp_path_factory, "unmatched", FILES)


@pytest.mark.parametrize(
    "q",
    [
        "costa rica cooperación descentralizada",  # first, before two more words
        "cooperación descentralizada costa rica",
        "cooperación costa rica descentralizada",
    ],
)
def test_a_country_no_document_is_about_is_unmatched_wherever_it_stands(service, q):
    body = service.search(SearchRequest(q=q)).to_dict()
    assert "costa rica" in body["unmatched"]
    assert [h["id"] for h in body["hits"]] == ["cases/montevideo-cooperacion"]
    assert body["related"] is True


def test_a_country_a_document_is_about_is_not_unmatched(service):
    body = service.search(SearchRequest(q="uruguay cooperación descentralizada")).to_dict()
    assert body["unmatched"] == []
    assert body["related"] is False


def test_a_country_the_text_mentions_but_no_document_is_about_is_unmatched(service):
    # A four-letter name counts: the case mentions Cuba, it is about Uruguay.
    body = service.search(SearchRequest(q="cuba cooperación")).to_dict()
    assert body["unmatched"] == ["cuba"]
    assert body["related"] is True


def test_a_word_spelled_like_a_short_country_name_is_a_word(service):
    # «ira» (anger) is also how Portuguese writes Iran without its accent (Irã).
    body = service.search(SearchRequest(q="ira vecinos")).to_dict()
    assert body["unmatched"] == []
    assert [h["id"] for h in body["hits"]] == ["cases/montevideo-cooperacion"]
