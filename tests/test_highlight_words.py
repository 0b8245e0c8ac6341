"""A document opened from a result (``?hl=`` the query) marks the words that found it:
the words as typed and their other forms, and the taxonomy's one-word synonyms; never the
query's function words (``kb/search/plan.py::highlight_terms``).

On a small tree of its own, through the page a reader opens.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from indexer.build import build_index
from tests.conftest import TODAY
from tests.corpus import TAXONOMY, write_tree
from tests.test_plan_behaviour import _case
from web import create_app

FILES = {
    "taxonomy.yml": TAXONOMY,
    "cases/artigas.md": _case("Artigas", "Los vecinos cuidan las huertas y la huerta del club."),
    "cases/rivera.md": _case("Rivera", "El municipio atendió a los migrantes en el puerto."),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("highlight")
    write_tree(folder / "content", FILES)
    build_index(folder / "content", folder / "index", today=TODAY)
    return create_app({"KB_INDEX": str(folder / "index"), "TESTING": True}).test_client()


def _marked(client: Any, path: str) -> list[str]:
    """The words the page marks, in their order."""
    page = client.get(path).get_data(as_text=True)
    return re.findall(r"<mark>([^<]*)</mark>", page)


def test_the_typed_word_and_its_other_forms_are_marked_not_the_function_words(client):
    marked = _marked(client, "/cases/artigas?hl=la+huerta")
    assert {w.lower() for w in marked} == {"huertas", "huerta"}


def test_a_one_word_synonym_that_found_the_document_is_marked(client):
    # «migrantes» is a synonym of the theme «migración».
    assert set(_marked(client, "/cases/rivera?hl=migración")) == {"migrantes"}


def test_the_words_of_a_quoted_phrase_are_marked(client):
    marked = _marked(client, '/cases/artigas?hl="cuidan las huertas"')
    assert {w.lower() for w in marked} == {"cuidan", "huertas", "huerta"}
