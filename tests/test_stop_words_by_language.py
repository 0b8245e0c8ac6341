"""A function word of one language is an ordinary word of another: the analysis of each
language's fields drops its own function words only (issue 14).

``era`` is a form of the Spanish *ser* (a stop word in Spanish) and an English noun: in
``the digital era`` (an English query) it is a word to find, in English text only; the
Spanish case that says *la ciudad era pequeña* does not speak of an era. Removing the stop
filter of the analysis (``python -m tests.remove_property stop-words``) lets it in.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.search import SearchRequest, SearchService
from tests.conftest import served_tree
from tests.corpus import TAXONOMY, front

FILES = {
    "taxonomy.yml": TAXONOMY,
    "cases/digital-era.md": front(
        title="Local government in the digital era",
        date="2021",
        language="en",
        countries="GB",
        themes="[cultura]",
    )
    + "\n## Open data\n\nThe council publishes its budget as open data.\n",
    "cases/ciudad-digital.md": front(
        title="Una ciudad digital",
        date="2020",
        language="es",
        countries="UY",
        themes="[cultura]",
    )
    + "\n## Antes\n\nLa ciudad era pequeña; hoy su gobierno es digital.\n",
}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    yield from served_tree(tmp_path_factory, "stop-words", FILES)


def _ids(service: SearchService, q: str) -> list[str]:
    """The documents that contain the whole query (not the partial matches after them)."""
    return [
        h["id"] for h in service.search(SearchRequest(q=q)).to_dict()["hits"] if not h["missing"]
    ]


def test_another_languages_function_word_is_a_word_found_in_its_own_language(service):
    spanish = FILES["cases/ciudad-digital.md"]
    assert "era" in spanish and "digital" in spanish
    assert _ids(service, "the digital era") == ["cases/digital-era"]
    assert _ids(service, "era") == ["cases/digital-era"]


def test_a_function_word_of_the_querys_language_costs_nothing(service):
    # Spanish here: «la» and «era» are function words, «digital» alone decides.
    both = ["cases/ciudad-digital", "cases/digital-era"]
    assert sorted(_ids(service, "la era digital")) == both == sorted(_ids(service, "digital"))
