"""kb's indexer: a full build as a subprocess (time, peak memory), incremental updates,
the delay from an edit to a searchable word, and the size of the index on disk."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench import procs
from bench.corpus import Corpus
from indexer.build import build_index
from kb.search import SearchRequest, SearchService

MIB = 1024 * 1024
SEARCHABLE_TIMEOUT_S = 60.0


def kb_command() -> list[str]:
    """The ``kb`` console script of this interpreter's environment (or ``python -m cli``)."""
    script = Path(sys.executable).parent / "kb"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cli"]


def folder_bytes(folder: Path) -> int:
    """Bytes of every file under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


class _TreeRssPoller(threading.Thread):
    """Samples the summed RSS of a process and its children until told to stop.

    RSS (``statm``, cheap) every ``interval``; the list of children and their PSS (a walk of
    ``/proc`` and of each process's page tables) every ``slow_every`` samples only: polled as
    often as RSS, they took about 10% of the build's wall time on 2 cores."""

    def __init__(self, pid: int, interval: float = 0.1, slow_every: int = 5) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.slow_every = pid, interval, slow_every
        self.peak, self.peak_pss, self.peak_one = 0, 0, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        pids = [self.pid]
        for sample in itertools.count():
            if self._stop_event.is_set():
                return
            if sample % self.slow_every == 0:
                pids = [self.pid, *procs.descendants(self.pid)]
                self.peak_pss = max(self.peak_pss, sum(procs.pss(pid) for pid in pids))
            self.peak = max(self.peak, sum(procs.rss(pid) for pid in pids))
            self.peak_one = max(self.peak_one, *(procs.own_peak(pid) for pid in pids))
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def full_build(content: Path, index_dir: Path, documents: int) -> dict[str, Any]:
    """``kb index --full`` into an empty ``index_dir``: wall time, docs/s, peak RSS, size."""
    if index_dir.exists():
        shutil.rmtree(index_dir)
    command = [*kb_command(), "index", "--content", str(content), "--index", str(index_dir)]
    with tempfile.TemporaryFile(mode="w+") as log:
        started = time.perf_counter()
        proc = subprocess.Popen([*command, "--full"], stdout=log, stderr=subprocess.STDOUT)
        poller = _TreeRssPoller(proc.pid)
        poller.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        poller.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().strip().splitlines()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"kb index failed ({proc.returncode}): {' '.join(output[-5:])}")
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,  # the process and its helpers
        "documents": documents,
        "docs_per_s": documents / seconds,
        "exit_code": proc.returncode,
        "summary": output[-1] if output else "",
        # Not wait4's ru_maxrss: Linux counts in it the memory of the process that exec'd
        # kb (this bench, 1 GiB at 50,000 documents), as it stood before the exec
        "peak_rss_mib": max(poller.peak_one, poller.peak) / MIB,
        "peak_rss_one_process_mib": poller.peak_one / MIB,
        "peak_rss_polled_tree_mib": poller.peak / MIB,
        # RSS counts a page the helpers share with the parent they forked from once per
        # process; PSS splits it between them, so its sum is the memory the run holds
        "peak_pss_polled_tree_mib": poller.peak_pss / MIB,
        "index_bytes": folder_bytes(index_dir),
        "projected_20k_s": seconds * 20_000 / documents,
    }


def _edit(path: Path, extra: str) -> None:
    """Add a sentence to the end of a document's text (a change of its content hash)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f" {extra}\n", encoding="utf-8")


def _timed_update(content: Path, index_dir: Path) -> dict[str, Any]:
    started = time.perf_counter()
    report = build_index(content, index_dir)
    return {
        "seconds": time.perf_counter() - started,
        "updated": len(report.updated),
        "added": len(report.added),
        "unchanged": report.unchanged,
        "skipped": len(report.skipped),
    }


def incremental(corpus: Corpus, index_dir: Path, service: SearchService) -> dict[str, Any]:
    """Update 1 file, then 1% of the files, then time an edit until it is found.

    Every edited file is restored afterwards and the index brought back in step.
    """
    content = corpus.content
    paths = [content / d.path for d in corpus.docs]
    originals: dict[Path, bytes] = {}

    def edit(path: Path, extra: str) -> None:
        originals.setdefault(path, path.read_bytes())
        _edit(path, extra)

    try:
        edit(paths[0], "Una frase añadida por el banco de pruebas.")
        one = _timed_update(content, index_dir)

        count = max(1, len(paths) // 100)
        step = max(1, len(paths) // count)
        for path in paths[1::step][:count]:
            edit(path, "Otra frase añadida por el banco de pruebas.")
        percent = {**_timed_update(content, index_dir), "files": count}

        word = "zqxbenchmarkword"
        target = paths[len(paths) // 2]
        started = time.perf_counter()
        edit(target, f"La palabra {word} aparece aquí.")
        update = _timed_update(content, index_dir)
        built = time.perf_counter() - started
        polls, found = 0, False
        while time.perf_counter() - started < SEARCHABLE_TIMEOUT_S:
            polls += 1
            if service.search(SearchRequest(q=word)).to_dict()["total"] > 0:
                found = True
                break
            time.sleep(0.01)
        searchable = {
            "seconds": time.perf_counter() - started if found else None,
            "build_seconds": built,
            "polls": polls,
            "found": found,
            "updated": update["updated"],
        }
    finally:
        for path, data in originals.items():
            path.write_bytes(data)
        build_index(content, index_dir)
    return {"one_file": one, "one_percent": percent, "searchable": searchable}
