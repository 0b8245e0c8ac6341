"""Heading anchors that changed since the last index: the links to them would break.

A heading's anchor is its text in lowercase without accents, unless pinned with
``{#anchor}``. Rewording a heading changes its anchor, and every link to the old one (in
a course, a citation, a search result someone kept) lands at the top of the page instead.
This module compares the sections of a document as the live index holds them with those
just read from its file, and warns for each heading whose anchor changed and is not
pinned. The reader gave each section its heading's line and whether it is pinned, so the
file is not read again.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh.index import Index
from whoosh.index import IndexError as WhooshIndexError

from indexer import publish
from indexer.live_state import live_state
from kb.analysis import fold
from kb.documents import Document, Section
from kb.errors import KbError, Problem

Heading = tuple[str, str]  # (anchor, heading text)
SIMILAR = 0.6  # how alike two headings' words must be to count as one heading reworded


def stored_headings(sections: list[dict[str, Any]]) -> list[Heading]:
    """The anchored headings of stored sections (not the intro or the transcript)."""
    return [(s["anchor"], s["heading"]) for s in sections if s["anchor"] and s["t"] is None]


def headed_sections(document: Document) -> list[Section]:
    """The sections of ``document`` that have an anchored heading."""
    return [s for s in document.sections if s.anchor and s.t is None]


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, fold(a), fold(b), autojunk=False).ratio()


def changed_anchors(old: list[Heading], new: list[Heading]) -> list[tuple[int, str]]:
    """``(position in new, old anchor)`` for each heading whose anchor changed.

    An old anchor that is gone counts as changed when a heading with a new anchor stands
    where it stood (the same place between unchanged headings) or reads much like it
    (moved and reworded). An anchor that is gone with no such heading was removed, not
    changed.
    """
    old_anchors = [a for a, _ in old]
    new_anchors = [a for a, _ in new]
    gone = [i for i, a in enumerate(old_anchors) if a not in set(new_anchors)]
    fresh = [j for j, a in enumerate(new_anchors) if a not in set(old_anchors)]
    if not gone or not fresh:
        return []
    pairs: dict[int, int] = {}  # new position → old position
    matcher = difflib.SequenceMatcher(None, old_anchors, new_anchors, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            pairs.update(zip(range(j1, j2), range(i1, i2), strict=True))
    used = set(pairs.values())
    candidates = sorted(
        (
            (_similarity(old[i][1], new[j][1]), i, j)
            for i in gone
            if i not in used
            for j in fresh
            if j not in pairs
        ),
        reverse=True,
    )
    for score, i, j in candidates:
        if score < SIMILAR:
            break
        if i not in used and j not in pairs:
            pairs[j] = i
            used.add(i)
    return sorted((j, old_anchors[i]) for j, i in pairs.items())


def anchor_warnings(old_sections: list[dict[str, Any]], document: Document) -> list[Problem]:
    """A warning for each unpinned heading of ``document`` whose anchor changed since
    ``old_sections`` (the stored sections of its last indexed version)."""
    new = headed_sections(document)
    changes = changed_anchors(
        stored_headings(old_sections), [(s.anchor or "", s.heading) for s in new]
    )
    return [
        _warning(document.path, new[position], old_anchor)
        for position, old_anchor in changes
        if not new[position].pinned  # the editor chose this anchor
    ]


def _warning(path: str, section: Section, old_anchor: str) -> Problem:
    """The warning for one heading, with the pin that keeps the old anchor."""
    hashes = "#" * (section.level or 2)
    return Problem(
        path,
        section.line or 1,
        "heading",
        f"anchor '{old_anchor}' is now '{section.anchor}', so links to #{old_anchor} "
        f"break: pin the old one with '{hashes} {section.heading} {{#{old_anchor}}}'",
        warning=True,
    )


class IndexedDocuments:
    """What the live generation of an index holds about documents: their content hash
    (cheap, from the facets column) and their stored sections (read on demand)."""

    def __init__(self, ix: Index | None, hashes: dict[str, str] | None = None) -> None:
        self.ix = ix
        self._searcher: Any = None
        if hashes is None and ix is not None:
            hashes = {doc_id: state.hash for doc_id, state in live_state(ix)[0].items()}
        self.hashes = hashes or {}

    def sections(self, doc_id: str) -> list[dict[str, Any]] | None:
        if self.ix is None or doc_id not in self.hashes:
            return None
        if self._searcher is None:
            self._searcher = self.ix.searcher()
        stored = self._searcher.document(doc_id=doc_id, kind="doc")
        return json.loads(stored["data"]).get("sections", []) if stored else None

    def warnings(self, document: Document, content_hash: str) -> list[Problem]:
        """Anchor warnings for ``document`` if its text changed since it was indexed."""
        if self.hashes.get(document.id, content_hash) == content_hash:
            return []
        old = self.sections(document.id)
        if not old:
            return []
        return anchor_warnings(old, document)

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None


@contextmanager
def indexed_documents(index_root: str | Path | None) -> Iterator[IndexedDocuments]:
    """The live generation under ``index_root``, or nothing when there is no index."""
    ix = None
    if index_root is not None and publish.current_name(Path(index_root)):
        try:
            _name, ix = publish.open_current(Path(index_root))
        except (KbError, OSError, ValueError, WhooshIndexError):
            ix = None  # an unreadable index gives no anchor warnings, not a failed check
    found = IndexedDocuments(ix)
    try:
        yield found
    finally:
        found.close()
        if ix is not None:
            ix.close()
