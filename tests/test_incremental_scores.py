"""A document edited in place stays findable: after an incremental update, the deleted
copy of a changed document still counts in Whoosh's document frequencies, and for a
language with few records the inverse document frequency fell to zero or below, so the
edited French case no longer matched its own words (issue 14, found by the mutation run)."""

from __future__ import annotations

from pathlib import Path

from indexer.build import build_index
from indexer.live import open_service
from kb.search import SearchRequest
from tests.conftest import TODAY

FRENCH = "cases/lyon-jumelages"


def _ids(index: Path, q: str) -> list[str]:
    service = open_service(index)
    try:
        return [h["id"] for h in service.search(SearchRequest(q=q)).to_dict()["hits"]]
    finally:
        service.close()


def test_an_edited_case_of_a_small_language_is_still_found_by_its_words(tree, tmp_path: Path):
    content, index = tree({}), tmp_path / "index"
    build_index(content, index, today=TODAY)
    assert FRENCH in _ids(index, "twinning")
    path = content / f"{FRENCH}.md"
    for n in range(3):  # each edit leaves one more deleted copy until segments merge
        text = path.read_text(encoding="utf-8")
        path.write_text(text + f"\nUn paragraphe de plus sur le jumelage ({n}).\n", "utf-8")
        build_index(content, index, today=TODAY)
        assert FRENCH in _ids(index, "twinning"), f"after edit {n + 1}"
