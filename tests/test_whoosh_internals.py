"""Whoosh's private structures are used in three modules, for the one release they were
written for: read in ``kb/whoosh_internals.py``, written by the full build's segment writer
(``indexer/segment_writer.py`` and its ``indexer/record_adder.py``, which import the
first's release check); any other release is refused when kb starts, not discovered as
wrong scores."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
import whoosh

import kb.whoosh_internals

ROOT = Path(__file__).resolve().parent.parent
PRIVATE = re.compile(
    r"\._(perdoc|dbfile|basepos|count|itemsize|typecode|uniques|read_ids|read_weights|"
    r"ids|weights|next_block|cached_reader)\b|from whoosh\.codec|_lenfield|LENGTHS_COLUMN"
)


def test_only_whoosh_internals_reads_whoosh_private_structures():
    readers = sorted(
        str(path.relative_to(ROOT))
        for package in ("kb", "indexer", "web", "cli")
        for path in (ROOT / package).rglob("*.py")
        if PRIVATE.search(path.read_text(encoding="utf-8"))
    )
    writers = ["indexer/record_adder.py", "indexer/segment_writer.py"]
    assert readers == [*writers, "kb/whoosh_internals.py"]
    for writer in writers:
        assert "import kb.whoosh_internals" in (ROOT / writer).read_text(encoding="utf-8")


def test_another_whoosh_release_is_refused_with_the_pinned_one_named(monkeypatch):
    monkeypatch.setattr(whoosh, "__version__", (3, 55, 0))
    monkeypatch.setattr(whoosh, "versionstring", lambda: "3.55.0")
    with pytest.raises(ImportError, match=r"whoosh3 3\.54\.0; 3\.55\.0 is installed"):
        importlib.reload(kb.whoosh_internals)
    monkeypatch.undo()
    importlib.reload(kb.whoosh_internals)  # the pinned release loads again


def test_the_pinned_release_is_the_one_pyproject_asks_for():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pinned = ".".join(map(str, kb.whoosh_internals.WHOOSH_VERSION))
    assert f'"whoosh3=={pinned}"' in pyproject
