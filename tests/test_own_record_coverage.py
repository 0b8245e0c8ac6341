"""In a query that asks for all its words (two or three), a document's own record (title,
summary, labels) counts by how many of them it holds, on the bundled content: the case whose
title is about cooperation does not outrank the webinar whose text discusses South-South
cooperation for ``cooperación sur-sur``. In a longer query, which asks for any of its words,
the own record counts in full."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.live import open_service
from kb.search import SearchService
from tests.conftest import hit_ids


@pytest.fixture(scope="module")
def service(bundled_index: Path) -> Iterator[SearchService]:
    opened = open_service(bundled_index)
    yield opened
    opened.close()


def test_a_title_about_one_of_the_words_comes_after_a_text_that_holds_them_all(service):
    found = hit_ids(service, "cooperación sur-sur")
    # The Medellín case's title and summary speak of cooperation (one word of two); the
    # webinar on intermediate cities' offices discusses South-South cooperation in its text.
    assert found.index("webinars/oficina-internacional-municipios-intermedios") < found.index(
        "cases/medellin-aci-ruta-n"
    )


def test_in_a_longer_query_the_own_record_counts_in_full(service):
    # Four words, any of which finds a case: Gernika's title (in Spanish, a twinning born
    # of two bombings) counts in full and keeps the case before Asunción's.
    found = hit_ids(service, "town twinning born from two bombings")
    assert found.index("cases/gernika-pforzheim-reconciliacion") < found.index(
        "cases/asuncion-fundacion-mercociudades"
    )
