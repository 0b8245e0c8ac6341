"""A concept's synonyms listed in parallel (as many in every language) translate each
other, place by place: ``refugiados`` finds the English *refugees* as its translation (a
label's weight) before *asylum*, another synonym of the same concept. Lists of different
lengths are not read as translations."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.search import SearchService
from tests.conftest import hit_ids, served_tree
from tests.corpus import case_file

TAXONOMY = """\
themes:
  - id: migracion
    label: {es: Migración, en: Migration}
    synonyms:
      es: [refugiados, asilo]
      en: [refugees, asylum]
  - id: eventos
    label: {es: Grandes eventos, en: Major events}
    synonyms:
      es: [cumbres, ferias]
      en: [trade fairs]
  - id: otros
    label: {es: Otros temas, en: Other topics}
networks: []
"""


def _case(title: str, text: str) -> str:
    # Tagged with a theme none of the queries names: what finds a case is its text.
    return case_file(title, text, language="en", themes="[otros]")


FILES = {
    "taxonomy.yml": TAXONOMY,
    "cases/harbour.md": _case("The harbour", "The harbour office met the refugees at the quay."),
    "cases/office.md": _case("The office", "The office heard asylum claims; asylum took months."),
    "cases/summit.md": _case(
        "The summit", "The trade fairs filled the quay; the trade fairs came back each year."
    ),
    "cases/expo.md": _case("The expo", "The city hosted major events by the river."),
}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    yield from served_tree(tmp_path_factory, "synonym-translations", FILES)


def test_the_typed_synonyms_translation_comes_before_the_concepts_other_synonyms(small):
    assert hit_ids(small, "refugiados") == ["cases/harbour", "cases/office"]


def test_synonym_lists_of_different_lengths_translate_nothing(small):
    # «cumbres» is first of two Spanish synonyms, «trade fairs» first of one English: not
    # its translation, so the concept's label (*major events*) comes first.
    assert hit_ids(small, "cumbres") == ["cases/expo", "cases/summit"]
