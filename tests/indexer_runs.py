"""What the reliability tests need around a real ``kb index`` process: starting it with the
phase hooks, the judged queries whose answers they compare, the leftovers a killed run may
leave and the index lock."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import TOC

from indexer import publish
from indexer.live import open_service
from kb.search import SearchRequest

KB = [sys.executable, "-m", "cli"]

# Queries over a tree of bench.corpus.generate: words in several languages, a phrase-free
# multi-word query, a synonym, a misspelling the engine corrects, filters, a browse.
JUDGED: list[tuple[str, dict[str, list[str]]]] = [
    ("ciudad", {}),
    ("cooperación", {}),
    ("migracion", {}),
    ("participación ciudadana", {}),
    ("cultura", {}),
    ("agua", {}),
    ("red de ciudades", {}),
    ("twinning", {}),
    ("cidades", {}),
    ("coperación", {}),
    ("cooperacion descentralizada", {"country": ["ES"]}),
    ("", {"type": ["webinar"]}),
]


def answers(index: Path, queries=JUDGED) -> dict[str, dict[str, Any]]:
    """How the live generation of ``index`` answers each query: the hits' ids in order
    (first 20), the total, the facet counts and whether the query was corrected."""
    service = open_service(index)
    try:
        found = {}
        for q, filters in queries:
            body = service.search(SearchRequest(q=q, filters=filters, per_page=20)).to_dict()
            found[f"{q!r} {filters}"] = {
                "ids": [hit["id"] for hit in body["hits"]],
                "total": body["total"],
                "facets": {
                    name: [(v["value"], v["count"]) for v in values]
                    for name, values in body["facets"].items()
                },
                "corrected": body["corrected"],
            }
        return found
    finally:
        service.close()


def start_index(
    content: Path, index: Path, *args: str, log: Path, env: dict[str, str] | None = None
) -> subprocess.Popen:
    """``kb index`` on ``content`` into ``index``, its output in ``log``; in a process
    group of its own, which ``stop`` ends with every helper the indexer forked."""
    with open(log, "ab") as output:
        return subprocess.Popen(
            [*KB, "index", "--content", str(content), "--index", str(index), *args],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )


def stop(process: subprocess.Popen) -> None:
    """SIGKILL to ``process`` and to its process group: helpers that outlived a killed
    indexer (a test failed) go too."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(30)


def phases_of(marks: Path) -> list[tuple[int, str]]:
    """The lines of a phase file: (pid, phase) in the order they were entered."""
    if not marks.exists():
        return []
    lines = marks.read_text(encoding="utf-8").splitlines()
    return [(int(pid), phase) for pid, phase in (line.split() for line in lines)]


def wait_for_phase(
    process: subprocess.Popen, marks: Path, phase: str, nth: int = 1, timeout: float = 90
) -> list[str]:
    """Wait until ``process`` entered ``phase`` for the ``nth`` time (and is paused there
    by ``KB_PHASE_PAUSE``); the phases it entered. Fails if it ends or never gets there."""
    deadline = time.monotonic() + timeout
    entered: list[str] = []
    while time.monotonic() < deadline and process.poll() is None:
        entered = [name for pid, name in phases_of(marks) if pid == process.pid]
        if entered.count(phase) >= nth and entered[-1] == phase:
            return entered
        time.sleep(0.02)
    raise AssertionError(
        f"kb index never entered {phase} (time {nth}): it entered {entered}, "
        f"exit code {process.poll()}"
    )


_SEGMENT_FILE = re.compile(r"^(MAIN_[0-9a-z]+)\.")
_TOC_FILE = re.compile(r"^_MAIN_(\d+)\.toc$")


def leftovers(index: Path) -> list[str]:
    """What killed runs may leave in an index folder and a run should clean: unpublished
    generations, temporary CURRENT files, and in the live generation a writer's temporary
    folder and files of segments or tables of contents that are not the current ones."""
    live = publish.current_name(index)
    assert live is not None, f"nothing is published in {index}"
    found = [p.name for p in index.iterdir() if p.name.startswith("gen-") and p.name > live]
    found += [p.name for p in index.glob(f"{publish.POINTER}.*.tmp")]
    ix = whoosh_index.open_dir(str(index / live))
    toc = TOC.read(ix.storage, ix.indexname)
    listed = {segment.segment_id() for segment in toc.segments}
    for path in (index / live).iterdir():
        segment, table = _SEGMENT_FILE.match(path.name), _TOC_FILE.match(path.name)
        if (
            path.is_dir()
            or (segment and segment.group(1) not in listed)
            or (table and int(table.group(1)) != toc.generation)
        ):
            found.append(f"{live}/{path.name}")
    return sorted(found)


def lock_holder(index: Path, within: float = 2.0) -> str | None:
    """None when the index lock can be taken within ``within`` seconds (helpers of a
    killed indexer die with it, a moment later); else what the lock file says."""
    deadline = time.monotonic() + within
    with open(index / publish.LOCK, "a+") as handle:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    return handle.read() or "an unnamed process"
                time.sleep(0.05)
            else:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
                return None
