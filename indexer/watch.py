"""Watch a content tree and reindex what changes, for editors previewing their work.

File events (watchdog) arrive in bursts: an editor's save is often a write, a rename and
a change of attributes. They are gathered until the tree has been quiet for a moment,
then one incremental build runs (the same as ``kb index``, under its writer lock). Its
problems are printed as ``kb check`` prints them and saved beside the index, so that the
site can show a broken document's problems on its page. Nothing that goes wrong while
reindexing stops the watcher; a broken file keeps its last good version searchable. A burst
of deletions that would shrink the live index past the shrink guard's share (the content
folder renamed or unmounted) is refused like ``kb index`` refuses it: the message printed,
the live index kept, and the next change (the files back) indexed as usual.

Between runs the watcher keeps the tree it found (``indexer.tree_memo``): a save re-stats
the files its events name instead of walking the tree. Whatever may leave an event
unseen walks it whole again: a folder's event, a burst of many files, the kernel's
event queue overflowing (watchdog's warning), and every ``RECHECK`` seconds of quiet.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from watchdog.events import (
    EVENT_TYPE_CLOSED_NO_WRITE,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_OPENED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from indexer.build import IndexReport, build_index
from indexer.discover import DEFAULT_MAX_BYTES
from indexer.gazetteer import gazetteer
from indexer.shrink_guard import DEFAULT_POLICY, ShrinkPolicy
from indexer.tree_memo import TreeMemo
from kb.documents import TYPE_OF_FOLDER
from kb.errors import KbError, Problem

PROBLEMS_FILE = "problems.json"  # in the index folder: the last run's problems
QUIET = 0.05  # seconds without events that end a burst (a save is a burst of milliseconds)
MAX_WAIT = 2.0  # a burst that never ends is indexed after this many seconds anyway
LOCK_WAIT = 30.0  # seconds to wait for another indexer (a kb index run by hand)
RECHECK = 60.0  # seconds of quiet after which the whole tree is walked again (a missed event)
BIG_BURST = 500  # paths in one burst from which the whole tree is walked again
_IGNORED_EVENTS = {EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE}  # reading is no change
_SCRATCH_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part")
_INOTIFY_LOGGER = "watchdog.observers.inotify"  # warns when the kernel drops events


def doc_id_of(path: str, content: str | Path) -> str | None:
    """The document a problem's path belongs to (``cases/slug``), if any."""
    relative = Path(os.path.relpath(path, content))
    if len(relative.parts) < 2 or relative.parts[0] not in TYPE_OF_FOLDER:
        return None
    return f"{relative.parts[0]}/{relative.stem}"


def write_problems(
    index_root: str | Path,
    problems: list[Problem],
    content: str | Path,
    held: dict[str, list[Problem]] | None = None,
) -> None:
    """Save a run's problems beside the index (replaced atomically); ``held`` gives the
    documents held by another file's problems (taxonomy.yml's), shown on their pages."""
    root = Path(index_root)
    pairs = [(doc_id_of(p.path, content), p) for p in problems]
    for path, causes in (held or {}).items():
        pairs.extend((doc_id_of(path, content), cause) for cause in causes)
    payload = {
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "problems": [
            {
                "doc_id": doc_id,
                "path": p.path,
                "line": p.line,
                "key": p.key,
                "warning": p.warning,
                "text": str(p),
            }
            for doc_id, p in pairs
        ],
    }
    temporary = root / f"{PROBLEMS_FILE}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, root / PROBLEMS_FILE)


def read_problems(index_root: str | Path) -> list[dict[str, Any]]:
    """The problems of the last watched run (none when there was none, or it is unreadable)."""
    try:
        data = json.loads((Path(index_root) / PROBLEMS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    problems = data.get("problems") if isinstance(data, dict) else None
    return [p for p in problems if isinstance(p, dict)] if isinstance(problems, list) else []


class _Wake(FileSystemEventHandler):
    """Turns the file events that may change content into the paths they name (or the
    whole tree, for a folder's event) and one wake-up signal."""

    def __init__(self, wake: Callable[[], None], index_root: Path, memo: TreeMemo) -> None:
        self.wake = wake
        self.index_root = index_root.resolve()
        self.memo = memo

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in _IGNORED_EVENTS:
            return
        named = [os.fsdecode(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        paths = [path for path in named if self._matters(path)]
        if not paths:
            return
        if not event.is_directory:
            self.memo.note(paths)
        elif event.event_type != EVENT_TYPE_MODIFIED:  # a folder created, moved, deleted
            self.memo.note_whole()
        # A folder "modified" comes with the event of the file created or gone in it.
        self.wake()

    def _matters(self, path: str) -> bool:
        name = os.path.basename(path)
        if name.startswith((".", "#")) or name.endswith(_SCRATCH_SUFFIXES) or name == "4913":
            return False  # editors' swap and backup files
        return not Path(path).resolve().is_relative_to(self.index_root)


class _Overflow(logging.Handler):
    """Hears watchdog say that the kernel dropped events: the whole tree is walked."""

    def __init__(self, memo: TreeMemo, wake: Callable[[], None]) -> None:
        super().__init__(logging.WARNING)
        self.memo, self.wake = memo, wake

    def emit(self, record: logging.LogRecord) -> None:
        if "overflow" in record.getMessage().lower():
            self.memo.note_whole()
            self.wake()


class Watcher:
    """Reindexes ``content`` into ``index_root`` whenever a file under it changes."""

    def __init__(
        self,
        content: str | Path,
        index_root: str | Path,
        echo: Callable[[str], None] = print,
        max_bytes: int = DEFAULT_MAX_BYTES,
        quiet: float = QUIET,
        shrink: ShrinkPolicy = DEFAULT_POLICY,
    ) -> None:
        self.content = str(content)
        self.index_root = Path(index_root)
        self.echo = echo
        self.max_bytes = max_bytes
        self.quiet = quiet
        self.shrink = shrink
        self._pending = threading.Event()
        self._stop = threading.Event()
        self._observer: Any = None
        self._thread: threading.Thread | None = None
        self.memo = TreeMemo(content, max_bytes, big=BIG_BURST)
        self._overflow = _Overflow(self.memo, self._pending.set)
        self._last_run = time.monotonic()

    def run_once(self) -> IndexReport | None:
        """One incremental build; its problems printed and saved. Never raises."""
        self._last_run = time.monotonic()
        try:
            report = build_index(
                self.content,
                self.index_root,
                max_bytes=self.max_bytes,
                lock_wait=LOCK_WAIT,
                shrink=self.shrink,
                discoverer=self.memo.discover,
            )
        except KbError as error:
            self.echo(str(error))
            return None
        except OSError as error:
            self.echo(f"could not write the index in {self.index_root}: {error}")
            return None
        except Exception:  # a bug must not end the editor's session: report it, go on
            self.echo("indexing failed:\n" + traceback.format_exc())
            return None
        for problem in report.problems:
            self.echo(str(problem))
        changed = report.added or report.updated or report.removed or report.skipped
        changed = changed or report.relabelled
        if changed or report.full:
            stamp = time.strftime("%H:%M:%S")
            self.echo(f"{stamp} {report.generation}: {report.summary()}")
        with contextlib.suppress(OSError):
            held = {path: report.causes for path in report.unchecked}
            write_problems(self.index_root, report.problems, self.content, held)
        return report

    def start(self) -> None:
        """Watch in the background (an observer thread and an indexing thread). The place
        names are read first, so that the first save does not wait for them."""
        gazetteer()
        self.index_root.mkdir(parents=True, exist_ok=True)
        logging.getLogger(_INOTIFY_LOGGER).addHandler(self._overflow)
        self._observer = Observer()
        self._observer.schedule(
            _Wake(self._pending.set, self.index_root, self.memo), self.content, recursive=True
        )
        self._observer.daemon = True
        self._observer.start()
        self._thread = threading.Thread(target=self._loop, name="kb-watch", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            if not self._pending.wait(timeout=0.5):
                if time.monotonic() - self._last_run > RECHECK:
                    self.memo.note_whole()  # an event may have gone unseen: look again
                    self._pending.set()
                continue
            first = time.monotonic()
            while True:  # wait for the burst of events to end
                self._pending.clear()
                if self._stop.wait(self.quiet):
                    return
                if not self._pending.is_set() or time.monotonic() - first > MAX_WAIT:
                    break
            self.run_once()

    def stop(self) -> None:
        self._stop.set()
        logging.getLogger(_INOTIFY_LOGGER).removeHandler(self._overflow)
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(5)
        if self._thread is not None:
            self._thread.join(LOCK_WAIT)
