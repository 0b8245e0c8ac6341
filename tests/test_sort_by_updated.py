"""``sort=updated``: the document last changed in the knowledge base first, the others
after it in their usual order (by score for a query, as listed for browsing)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from indexer.build import build_index
from indexer.live import open_service
from kb.search import SearchRequest, SearchService
from tests.conftest import TODAY

CHANGED = "cases/lyon-jumelages"
QUERY = "twinning"  # three cases, Lyon's not first


def _ids(service: SearchService, **request) -> list[str]:
    return [h["id"] for h in service.search(SearchRequest(**request)).to_dict()["hits"]]


def test_the_document_changed_last_comes_first_then_the_usual_order(tree, tmp_path: Path):
    content, index = tree({}), tmp_path / "index"
    build_index(content, index, today=TODAY)
    before = open_service(index)
    relevance = _ids(before, q=QUERY)
    browsing = _ids(before, sort="updated")
    before.close()
    assert len(relevance) >= 3 and CHANGED in relevance[1:]
    path = content / f"{CHANGED}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUn párrafo más.\n", encoding="utf-8")
    # full: an incremental update scores the changed document low (see docs/testing.md)
    build_index(content, index, today=TODAY + dt.timedelta(days=1), full=True)
    service = open_service(index)
    try:
        relevance.remove(CHANGED)
        assert _ids(service, q=QUERY, sort="updated") == [CHANGED, *relevance]
        browsing.remove(CHANGED)
        assert _ids(service, sort="updated") == [CHANGED, *browsing]
    finally:
        service.close()
