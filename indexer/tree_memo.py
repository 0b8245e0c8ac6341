"""The content tree kept between a watcher's runs, so that a save re-stats the file it
names instead of walking and stat-ing the whole tree again.

The watcher notes the paths its file events name. A run reuses the last walk's tree
when every noted path is a file that walk took as content (a document, a transcript,
``taxonomy.yml``, a reading list) and still is one (a regular file within the size
limit), or a path that walk never met and that is gone again (an editor's temporary
file, renamed over the document). Anything else walks the tree again: a new, deleted or
renamed file, a folder's event, a tree with duplicate slugs, a watcher told that events
may have been lost. The stamps of the files noted are taken again; the others are the
last walk's, since no event said they changed.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from indexer.discover import DEFAULT_MAX_BYTES, Tree, discover

Stamps = dict[str, str]  # doc id → its files' stamp (see ``Source.stamp``)
# The tree and its stamps, given what the index holds (doc id → path), as a build sees it.
Discoverer = Callable[[dict[str, str]], tuple[Tree, Stamps]]


def walk_tree(
    content: str | Path, max_bytes: int, indexed_paths: dict[str, str]
) -> tuple[Tree, Stamps]:
    """The tree found by a walk, and the stamp of every source as the walk saw it
    (``kb index``'s way)."""
    tree = discover(content, max_bytes, indexed_paths)
    return tree, {source.id: source.walked for source in tree.sources}


class TreeMemo:
    """The last walk of ``content`` and its stamps, with the paths changed since."""

    def __init__(
        self, content: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, big: int = 500
    ) -> None:
        """``big``: as many paths noted between two runs walk the whole tree (a flood of
        events is when the kernel drops some)."""
        self.content = content
        self.max_bytes = max_bytes
        self.big = big
        self._lock = threading.Lock()
        self._noted: set[str] = set()
        self._whole = True  # walk the whole tree on the next run
        self._tree: Tree | None = None
        self._stamps: Stamps = {}
        self._content_files: dict[str, str] = {}  # file → doc id ("" for taxonomy, lists)
        self._walked: set[str] = set()
        self._folders: dict[str, int] = {}  # folder → its modification time at the walk
        self.walks = 0  # how many times the tree was walked (for tests and logs)

    def note(self, paths: Iterable[str]) -> None:
        """Paths a file event named (called from the observer's thread)."""
        with self._lock:
            self._noted.update(os.path.abspath(p) for p in paths)
            self._whole = self._whole or len(self._noted) >= self.big

    def note_whole(self) -> None:
        """Events may have been missed, or named a folder: walk the whole tree next run."""
        with self._lock:
            self._whole = True

    def discover(self, indexed_paths: dict[str, str] | None = None) -> tuple[Tree, Stamps]:
        """The tree and its stamps, walked again only when the noted paths ask for it."""
        with self._lock:
            noted, whole = self._noted, self._whole
            self._noted, self._whole = set(), False
        try:
            if whole or self._tree is None or not self._reusable(self._tree, noted):
                return self._walk(indexed_paths)
            try:
                return self._tree, self._restamp(self._tree, noted)
            except OSError:  # a file noted went away since: walk
                return self._walk(indexed_paths)
        except BaseException:
            self.note_whole()  # whatever was noted is not lost: the next run walks
            raise

    def _walk(self, indexed_paths: dict[str, str] | None) -> tuple[Tree, Stamps]:
        # A folder's time from before the walk: a change made during it walks next run.
        before = _times(_folders_of(self.content, self._walked))
        tree, self._stamps = walk_tree(self.content, self.max_bytes, indexed_paths or {})
        self.walks += 1
        files = {os.path.abspath(s.file): s.id for s in tree.sources}
        for source in tree.sources:
            if source.transcript_file is not None:
                files[os.path.abspath(source.transcript_file)] = source.id
        files.update((os.path.abspath(f.file), "") for f in tree.lists)
        if tree.taxonomy_file is not None:
            files[os.path.abspath(tree.taxonomy_file)] = ""
        self._content_files = files
        self._walked = {os.path.abspath(p) for p in tree.walked}
        after = _times(_folders_of(self.content, self._walked))
        self._folders = {folder: before.get(folder, time) for folder, time in after.items()}
        # Duplicate slugs are settled by what the index holds, which a run may change.
        self._tree = None if any(p.key == "slug" for p in tree.problems) else tree
        return tree, dict(self._stamps)

    def _reusable(self, tree: Tree, noted: set[str]) -> bool:
        """Whether the noted paths leave the last walk's tree as it was, and no folder
        gained, lost or renamed a file since (even one whose event is still to come)."""
        if _times(self._folders) != self._folders:
            return False
        for path in noted:
            try:
                info = os.lstat(path)
            except FileNotFoundError:
                if path in self._walked:
                    return False  # a file the walk met is gone
                continue  # met by no walk and gone: an editor's temporary file
            except OSError:
                return False
            if path not in self._content_files:
                return False  # a new file, or one the walk did not take as content
            if not stat.S_ISREG(info.st_mode) or info.st_size > self.max_bytes:
                return False
        return True

    def _restamp(self, tree: Tree, noted: set[str]) -> Stamps:
        """The last stamps, with the noted documents' taken again."""
        changed = {self._content_files.get(path) for path in noted} - {None, ""}
        for source in tree.sources:
            if source.id in changed:
                self._stamps[source.id] = source.stamp()
        return dict(self._stamps)


def _folders_of(content: str | Path, files: Iterable[str]) -> set[str]:
    """The content folder, its folders, and the folders holding ``files``."""
    root = os.path.abspath(content)
    folders = {root, *(os.path.dirname(path) for path in files)}
    try:
        with os.scandir(root) as entries:
            folders.update(e.path for e in entries if e.is_dir(follow_symlinks=False))
    except OSError:
        pass  # no content folder: its time says so
    return folders


def _times(folders: Iterable[str]) -> dict[str, int]:
    """The modification time of each folder (a file added, removed or renamed in a folder
    changes it), -1 for one that is gone."""
    times = {}
    for folder in folders:
        try:
            times[folder] = os.stat(folder).st_mtime_ns
        except OSError:
            times[folder] = -1
    return times
