"""Index generations on disk: build beside the live one, switch a pointer atomically.

Layout of an index folder::

    CURRENT          name of the live generation (replaced with os.replace: atomic)
    gen-000007/      a complete Whoosh index
    .lock            held (flock) by the one process writing; the kernel frees it on death

A full rebuild writes a new generation and switches CURRENT; an incremental update is a
Whoosh commit inside the live generation (new segments, then a renamed table of contents).
Old generations are removed after a grace period, so searches still running on them end.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import TOC, Index, clean_files

from kb.errors import IndexBusy, IndexMissing
from kb.schema import build_schema

POINTER = "CURRENT"
LOCK = ".lock"
_GEN = re.compile(r"^gen-(\d{6})$")
KEEP_SECONDS = 600


def current_name(root: Path) -> str | None:
    """The name of the live generation, or None when nothing is published."""
    try:
        name = (root / POINTER).read_text().strip()
    except FileNotFoundError:
        return None
    return name if _GEN.match(name) and (root / name).is_dir() else None


def open_current(root: Path) -> tuple[str, Index]:
    """The live generation's name and its opened Whoosh index."""
    name = current_name(root)
    if name is None:
        raise IndexMissing(f"no index in {root}: run 'kb index' first")
    return name, whoosh_index.open_dir(str(root / name))


def new_generation(root: Path) -> tuple[str, Path, Index]:
    """Create an empty, unpublished generation folder and its Whoosh index."""
    root.mkdir(parents=True, exist_ok=True)
    numbers = [int(m.group(1)) for p in root.iterdir() if (m := _GEN.match(p.name))]
    name = f"gen-{max(numbers, default=0) + 1:06d}"
    folder = root / name
    folder.mkdir()
    return name, folder, whoosh_index.create_in(str(folder), build_schema())


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(root: Path, name: str) -> None:
    """Make generation ``name`` the live one in one atomic step."""
    _fsync_tree(root / name)
    temporary = root / f"{POINTER}.{os.getpid()}.tmp"
    with open(temporary, "w") as handle:
        handle.write(name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, root / POINTER)
    _fsync_dir(root)


def remove_old(root: Path, keep_seconds: float = KEEP_SECONDS) -> list[str]:
    """Delete generations nobody reads: unpublished leftovers of a crashed build at once,
    and generations older than the previous one once they are old enough.

    Call it only while holding the writer lock (no build is running then).
    """
    live = current_name(root)
    gens = sorted(p for p in root.iterdir() if _GEN.match(p.name))
    live_index = next((i for i, p in enumerate(gens) if p.name == live), None)
    removed = []
    now = time.time()
    for position, folder in enumerate(gens):
        if live_index is None or position > live_index:
            stale = True  # never published: a build that died
        elif position >= live_index - 1:
            continue  # the live one and the one before it (searches may still run on it)
        else:
            stale = now - folder.stat().st_mtime >= keep_seconds
        if stale:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    for leftover in root.glob(f"{POINTER}.*.tmp"):
        leftover.unlink(missing_ok=True)
    if live is not None:
        remove_writer_leftovers(root / live)
    return removed


def remove_writer_leftovers(folder: Path) -> None:
    """Remove what a writer killed inside the generation ``folder`` left there: its
    temporary folder and the files of segments its table of contents does not list.

    Whoosh removes them at its next commit only, and an incremental run with nothing to
    change commits nothing. Readers never open such files: a table of contents is written
    (renamed into place) after the segments it lists.
    """
    ix = whoosh_index.open_dir(str(folder))
    toc = TOC.read(ix.storage, ix.indexname)
    clean_files(ix.storage, ix.indexname, toc.generation, toc.segments)
    shutil.rmtree(folder / f"{ix.indexname}.tmp", ignore_errors=True)


def discard(root: Path, name: str) -> None:
    """Remove an unpublished generation (after a failed build)."""
    if name != current_name(root):
        shutil.rmtree(root / name, ignore_errors=True)


@contextlib.contextmanager
def writer_lock(root: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the index's write lock; ``IndexBusy`` if another process keeps it past ``wait``.

    The lock is an ``flock`` on ``.lock``: the kernel releases it when its process ends,
    even by ``kill -9``, so a lock is never left stale.
    """
    root.mkdir(parents=True, exist_ok=True)
    handle = open(root / LOCK, "a+")
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise IndexBusy(
                        f"the index {root} is being written by {holder}; wait for "
                        "it to finish and run the command again"
                    ) from None
                time.sleep(0.1)
        handle.seek(0)
        handle.truncate()
        handle.write(f"kb index (pid {os.getpid()})")
        handle.flush()
        yield
    finally:
        with contextlib.suppress(OSError):
            handle.truncate(0)
        handle.close()
