"""A query cut short of a name (several words ending in a function word) names the places
whose names it begins: ``ciudad de`` ranks the cases about Ciudad de México first and
offers it as a filter."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kb.search import SearchRequest, SearchService
from tests.conftest import served_tree
from tests.corpus import TAXONOMY, case_file


def _case(title: str, city: str, country: str, text: str) -> str:
    return case_file(title, text, countries=f"[{country}]", city=f'"{city}"')


FILES = {
    "taxonomy.yml": TAXONOMY,
    "cases/cdmx.md": _case(
        "Carta de derechos", "Ciudad de México", "MX", "La capital escribió una carta de derechos."
    ),
    # «ciudad» often, about another city: first for the word alone.
    "cases/rosario.md": _case(
        "Rosario, ciudad de ciudades",
        "Rosario",
        "AR",
        "La ciudad y la ciudad vecina: una ciudad de puertos, una ciudad de ríos.",
    ),
}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    yield from served_tree(tmp_path_factory, "begun", FILES)


def _body(service: SearchService, q: str) -> dict[str, Any]:
    return service.search(SearchRequest(q=q)).to_dict()


def test_a_query_cut_short_of_a_name_ranks_the_place_first(small):
    assert [h["id"] for h in _body(small, "ciudad")["hits"]][0] == "cases/rosario"
    assert [h["id"] for h in _body(small, "ciudad de")["hits"]] == ["cases/cdmx", "cases/rosario"]


def test_a_query_cut_short_of_a_name_offers_the_place_as_a_filter(small):
    offered = [(f["facet"], f["value"]) for f in _body(small, "ciudad de")["suggested_filters"]]
    assert offered == [("city", "Ciudad de México")]
    assert _body(small, "ciudad")["suggested_filters"] == []


def test_a_query_ending_in_a_word_that_begins_no_name_is_searched_as_typed(small):
    # «la ciudad de» begins no place's name: the word's ranking stands.
    assert [h["id"] for h in _body(small, "la ciudad de")["hits"]][0] == "cases/rosario"
