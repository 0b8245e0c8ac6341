"""Spelling suggestions only when a word is unknown, on the bundled content/.

A word the corpus knows, or a word of Spanish, Portuguese, English or French that the
corpus lacks, is never "corrected"; a real typo gets the corpus's word or the metadata's
name; a typo that finds nothing is searched corrected.
"""

from __future__ import annotations

import pytest

from indexer.build import build_index
from indexer.live import open_service
from kb.search import SearchRequest, SearchService
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    root = tmp_path_factory.mktemp("content-index")
    build_index(PROJECT / "content", root)
    return open_service(root)


@pytest.mark.parametrize(
    "q",
    [
        "agua potable",  # «potable» is in no document: it was «agua estable»
        "collaboration",  # English and French: it was Spanish «colaboración»
        "san jose costa rica",  # «rica» is in no document: it was «costa fica»
        "cooperación descentralizada",
        "mercociudades",
        "planning",
    ],
)
def test_a_word_of_the_corpus_or_of_its_languages_gets_no_suggestion(content, q):
    answer = content.search(SearchRequest(q=q))
    assert answer.suggestion is None
    assert answer.corrected is False


def test_agua_potable_searches_agua_without_a_correction(content):
    answer = content.search(SearchRequest(q="agua potable"))
    assert answer.hits
    for hit in answer.hits[:3]:
        assert "estable" not in hit.snippet.lower()
        assert "<mark>agua</mark>" in hit.snippet.lower()


@pytest.mark.parametrize(
    ("q", "suggested"),
    [
        ("cooperacion descentralizda", "cooperacion descentralizada"),
        ("migarcion", "migración"),
        ("barcelna", "Barcelona"),  # a city of the metadata, written as it names it
    ],
)
def test_a_typo_that_finds_nothing_is_searched_corrected(content, q, suggested):
    answer = content.search(SearchRequest(q=q))
    assert answer.suggestion == suggested
    assert answer.corrected is True
    assert answer.hits
    corrected_word = suggested.split()[-1]
    assert f"<mark>{corrected_word.lower()}" in answer.hits[0].snippet.lower()


def test_a_name_found_through_another_form_is_suggested_as_the_metadata_writes_it(content):
    # «mercociudad» finds the network's cases through the stem; the name is «Mercociudades»
    answer = content.search(SearchRequest(q="mercociudad"))
    assert answer.suggestion == "Mercociudades"
    assert answer.corrected is False
    assert "mercociudades" in answer.hits[0].networks
