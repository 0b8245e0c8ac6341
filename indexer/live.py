"""The live generation of an index folder, opened for searching and reopened when the
indexer publishes another (or commits to the same one)."""

from __future__ import annotations

import threading
import time
import weakref
from pathlib import Path
from typing import Any

from whoosh.index import IndexError as WhooshIndexError

from indexer import publish
from indexer.word_lists import ensure_word_lists
from kb.errors import KbError
from kb.generation import Generation
from kb.search import SearchService


class LiveIndex:
    """Opens the published generation of ``root``; ``current()`` reopens it when it
    changed, and closes the one it replaces."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._lock = threading.Lock()
        self._open: list[Generation] = []  # the one open generation
        weakref.finalize(self, _close_all, self._open)

    def current(self) -> Generation:
        """The live generation (``IndexMissing`` when nothing is published)."""
        with self._lock:
            current = self._open[0] if self._open else None
            name = publish.current_name(self.root)
            if current is not None and current.name == name and current.searcher.up_to_date():
                return current
            # A new searcher, not Whoosh's refresh(): refresh() reuses the readers of
            # unchanged segments with their old deletions, so a removed document stayed.
            name, ix = publish.open_current(self.root)
            fresh = Generation(name, ix.searcher(), previous=current)
            _close_all(self._open)
            self._open.append(fresh)
            return fresh

    def close(self) -> None:
        """Close the index files (also done when this object is garbage collected)."""
        with self._lock:
            _close_all(self._open)


def _close_all(generations: list[Generation]) -> None:
    while generations:
        generations.pop().close()


def open_service(root: str | Path, *, warm: bool = False, **options: Any) -> SearchService:
    """A search service over the live generation of the index folder ``root``.

    The languages' word lists come from their prebuilt form in the cache folder (a few
    hundredths of a second; ``indexer.word_lists``). ``warm`` (for long-lived servers)
    also opens the live generation with its vocabulary at once, so that the first search
    does not spend its time budget on it, nor the first one after a save on the segments
    it did not touch. A one-off search (``kb search``) opens only what its query needs."""
    ensure_word_lists()
    live = LiveIndex(root)
    if warm:
        try:
            _ = live.current().vocabulary
        except (KbError, OSError, ValueError, WhooshIndexError):
            pass  # nothing published yet (or unreadable): the first search says so
    return SearchService(live.current, clock=time.perf_counter, closer=live.close, **options)
