"""Heading anchors that changed since the last index: the links to them would break.

A heading's anchor is its text in lowercase without accents, unless pinned with
``{#anchor}``. Rewording a heading changes its anchor, and every link to the old one (in
a course, a citation, a search result someone kept) lands at the top of the page instead.
This module compares the anchors of a document as the live index holds them with those of
the file as it is now, and warns for each heading whose anchor changed and is not pinned.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
from bs4 import BeautifulSoup
from whoosh.index import Index
from whoosh.index import IndexError as WhooshIndexError

from indexer import publish
from indexer.frontmatter import split_front_matter
from indexer.readers.encoding import decode
from kb.analysis import fold
from kb.documents import Document
from kb.errors import ContentError, KbError, Problem

Heading = tuple[str, str]  # (anchor, heading text)
SIMILAR = 0.6  # how alike two headings' words must be to count as one heading reworded
_FENCE = ("```", "~~~")


def headings(sections: Any) -> list[Heading]:
    """The anchored headings of a document's sections (not its intro or transcript)."""
    found = []
    for section in sections:
        anchor, heading, t = (
            (section["anchor"], section["heading"], section["t"])
            if isinstance(section, dict)
            else (section.anchor, section.heading, section.t)
        )
        if anchor and t is None:
            found.append((anchor, heading))
    return found


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


@dataclass
class SourceHeading:
    """A Markdown heading line: where it is, its plain text, and its pinned anchor."""

    line: int
    level: int
    text: str
    pinned: str | None


def source_headings(text: str) -> list[SourceHeading]:
    """The ATX headings (``## Text {#pin}``) of a Markdown file, outside code blocks."""
    from indexer.readers.markdown import _HEADING

    try:
        _yaml, body, body_line = split_front_matter(text, "")
    except ContentError:
        body, body_line = text, 1
    found = []
    fence = None
    for number, line in enumerate(body.split("\n"), start=body_line):
        stripped = line.strip()
        if fence:
            if stripped.startswith(fence):
                fence = None
            continue
        if stripped.startswith(_FENCE):
            fence = stripped[:3]
            continue
        match = _HEADING.match(line)
        if match:
            attrs = match.group(3) or ""
            pin = next((part[1:] for part in attrs.strip("{}").split() if part[:1] == "#"), None)
            html = markdown.markdown(match.group(2))
            plain = BeautifulSoup(html, "html.parser").get_text(" ", strip=True)
            found.append(SourceHeading(number, len(match.group(1)), plain, pin))
    return found


def _locate(heading: str, lines: list[SourceHeading]) -> SourceHeading | None:
    wanted = fold(" ".join(heading.split()))
    return next((h for h in lines if fold(" ".join(h.text.split())) == wanted), None)


def anchor_warnings(
    old_sections: Any, document: Document, read_text: Callable[[], str]
) -> list[Problem]:
    """A warning for each unpinned heading of ``document`` whose anchor changed since
    ``old_sections`` (the sections of its last indexed version)."""
    new = headings(document.sections)
    changes = changed_anchors(headings(old_sections), new)
    if not changes:
        return []
    lines = source_headings(read_text())
    problems = []
    for position, old_anchor in changes:
        anchor, heading = new[position]
        where = _locate(heading, lines)
        if where is not None and where.pinned:
            continue  # the editor chose this anchor
        line = where.line if where else 1
        hashes = "#" * (where.level if where else 2)
        problems.append(
            Problem(
                document.path,
                line,
                "heading",
                f"anchor '{old_anchor}' is now '{anchor}', so links to #{old_anchor} "
                f"break: pin the old one with '{hashes} {heading} {{#{old_anchor}}}'",
                warning=True,
            )
        )
    return problems


class IndexedDocuments:
    """What the live generation of an index holds about documents: their content hash
    (cheap, from the facets column) and their stored sections (read on demand)."""

    def __init__(self, ix: Index | None, hashes: dict[str, str] | None = None) -> None:
        self.ix = ix
        self._searcher: Any = None
        if hashes is None and ix is not None:
            from indexer.build import _live_state

            hashes = {doc_id: state.hash for doc_id, state in _live_state(ix)[0].items()}
        self.hashes = hashes or {}

    def sections(self, doc_id: str) -> list[dict[str, Any]] | None:
        if self.ix is None or doc_id not in self.hashes:
            return None
        if self._searcher is None:
            self._searcher = self.ix.searcher()
        stored = self._searcher.document(doc_id=doc_id, kind="doc")
        return json.loads(stored["data"]).get("sections", []) if stored else None

    def warnings(
        self, document: Document, content_hash: str, read: Callable[[], bytes]
    ) -> list[Problem]:
        """Anchor warnings for ``document`` if its text changed since it was indexed."""
        if self.hashes.get(document.id, content_hash) == content_hash:
            return []
        old = self.sections(document.id)
        if not old:
            return []
        return anchor_warnings(old, document, lambda: decode(read(), document.path)[0])

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
