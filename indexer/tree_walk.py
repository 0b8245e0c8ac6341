"""The walk of a content tree: every file under its top-level folders, in a fixed order,
each with what one ``scandir`` of its folder says of it (``indexer.discover`` sorts them)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from kb.documents import TYPE_OF_FOLDER

LISTS_FOLDER = "lists"
BY_NAME = attrgetter("name")


@dataclass(frozen=True)
class TreeFile:
    """A file met by the walk, or a symbolic link to a folder (not walked into)."""

    folder: str  # the top-level folder it is under: cases, lists, casos…
    parent: Path  # the folder it is in
    name: str
    path: str  # as shown to the editor
    linked_folder: bool = False
    entry: os.DirEntry[str] | None = field(default=None, compare=False, repr=False)

    @property
    def file(self) -> Path:
        return self.parent / self.name

    @property
    def location(self) -> str:
        """The file's path as a string, the way the walk reached it."""
        return self.entry.path if self.entry is not None else os.path.join(self.parent, self.name)

    def is_symlink(self) -> bool:
        return self.entry.is_symlink() if self.entry is not None else self.file.is_symlink()

    def info(self) -> os.stat_result | None:
        """The file's status, following a link (taken once); None when it cannot be read."""
        try:
            return self.entry.stat() if self.entry is not None else self.file.stat()
        except OSError:
            return None


def walk(root: Path, shown: str) -> Iterator[TreeFile]:
    """Every file under the folders of ``root``, once, top-level folder by folder.

    Hidden folders are skipped, except inside a folder that carries no type: that one
    is searched whole for misplaced documents. Symbolic links to folders are reported,
    not followed (a top-level folder that is a link is walked, as its own root). In a
    folder: its links to folders, its files, then its folders, each in name order.
    """
    if not root.is_dir():
        return
    known = {*TYPE_OF_FOLDER, LISTS_FOLDER}
    for base in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        seen_as = os.path.join(shown, base.name)
        yield from _walk_folder(base.name, base, seen_as, base.name in known)


def _walk_folder(folder: str, here: Path, seen_as: str, skip_hidden: bool) -> Iterator[TreeFile]:
    """The files under ``here`` (shown as ``seen_as``, which never ends with a slash), read
    with one ``scandir`` a folder: whether an entry is a folder, a file or a link costs no
    system call of its own."""
    try:
        with os.scandir(here) as found:
            entries = sorted(found, key=BY_NAME)
    except OSError:
        return  # an unreadable folder is skipped, as os.walk does
    prefix = seen_as + os.sep
    folders: list[os.DirEntry[str]] = []
    files: list[os.DirEntry[str]] = []
    for entry in entries:
        (folders if _is_dir(entry) else files).append(entry)
    for entry in folders:
        if entry.is_symlink():
            yield TreeFile(folder, here, entry.name, prefix + entry.name, True)
    for entry in files:
        yield TreeFile(folder, here, entry.name, prefix + entry.name, entry=entry)
    for entry in folders:
        if entry.is_symlink() or (skip_hidden and entry.name.startswith(".")):
            continue
        yield from _walk_folder(folder, here / entry.name, prefix + entry.name, skip_hidden)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """A folder, or a link to one (``DirEntry.is_dir`` follows links)."""
    try:
        return entry.is_dir()
    except OSError:
        return False
