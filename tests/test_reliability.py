"""Reliability: reindexing under load, concurrent indexers, a full disk (killed indexers:
test_kill_phases.py)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from functools import partial
from pathlib import Path

import pytest

from bench.corpus import generate
from indexer import publish
from indexer.live import open_service
from kb.search import SearchRequest
from tests.conftest import running_server
from tests.indexer_runs import (
    answers,
    leftovers,
    phases_of,
    start_index,
    stop,
    wait_for_phase,
)

KB = [sys.executable, "-m", "cli"]
BIG = 5000  # documents searched over HTTP while they are all reindexed
QUERIES = [
    "ciudad",
    "cooperación",
    "migración",
    "participación",
    "cultura",
    "agua",
    "red de ciudades",
    "programa municipal",
]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated content tree of 5,000 documents and its index."""
    root = tmp_path_factory.mktemp("big")
    generate(root, BIG)
    subprocess.run(
        [*KB, "index", "--content", str(root / "content"), "--index", str(root / "index")],
        check=True,
        capture_output=True,
    )
    return root


def _first_pages(index: Path) -> dict[str, tuple[int, list[str]]]:
    """Each query's total and the ids of its first page, as the index answers."""
    service = open_service(index)
    try:
        pages = {}
        for q in QUERIES:
            body = service.search(SearchRequest(q=q)).to_dict()
            pages[q] = (body["total"], [hit["id"] for hit in body["hits"]])
    finally:
        service.close()
    assert min(total for total, _ in pages.values()) >= 10, pages  # a full first page each
    return pages


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def test_full_reindex_while_clients_search_over_http(big: Path, tmp_path: Path):
    expected = _first_pages(big / "index")
    with running_server(big / "index", tmp_path / "serve.log") as (_server, base):
        before = _get(base + "/healthz")["generation"]
        failures: list[str] = []
        answers: list[tuple[str, int, list[str]]] = []
        generations: set[str] = set()
        done = threading.Event()

        def client(seed: int) -> None:
            rng = random.Random(seed)
            while not done.is_set():
                q = rng.choice(QUERIES)
                try:
                    body = _get(f"{base}/api/search?{urllib.parse.urlencode({'q': q})}")
                    answers.append((q, body["total"], [hit["id"] for hit in body["hits"]]))
                    generations.add(_get(base + "/healthz")["generation"])
                except Exception as error:  # noqa: BLE001 - any failure fails the test
                    failures.append(f"{q}: {error!r}")

        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(4)]
        for thread in threads:
            thread.start()
        reindex = start_index(big / "content", big / "index", "--full", log=tmp_path / "log")
        try:
            code = reindex.wait(900)
            time.sleep(1.0)  # the clients search the new generation too
        finally:
            done.set()
            for thread in threads:
                thread.join(60)
            stop(reindex)
        assert code == 0, (tmp_path / "log").read_text()
        assert failures == []
        assert len(answers) > 20
        # Never empty, never half: every answer is the whole index's (old and new agree).
        assert [a for a in answers if (a[1], a[2]) != expected[a[0]]] == []
        after = _get(base + "/healthz")["generation"]
        assert after != before and {before, after} <= generations


@pytest.fixture
def racers(tmp_path: Path):
    """A generated tree of 72 documents, indexed, then edited: a run has work to do."""
    generate(tmp_path, 72)
    build = start_index(tmp_path / "content", tmp_path / "index", log=tmp_path / "build.log")
    try:
        assert build.wait(300) == 0, (tmp_path / "build.log").read_text()
    finally:
        stop(build)
    cases = sorted((tmp_path / "content" / "cases").glob("*.md"))
    for path in cases[:10]:
        path.write_text(path.read_text(encoding="utf-8") + "\nOtra cooperación.\n", "utf-8")
    for path in cases[10:13]:
        path.unlink()
    return tmp_path


def _race(racers: Path, when: str) -> tuple[list[subprocess.Popen], int]:
    """Two ``kb index --full`` on the same tree and index; the processes and which won.

    ``at-once``: both start together, and whichever takes the lock is held 2 s in its write
    phase so that the other meets the lock. ``mid-write``: the second starts while the
    first is held in its write phase (its new generation half written)."""
    content, index, marks = racers / "content", racers / "index", racers / "phases.txt"
    hooks = {"KB_PHASE_FILE": str(marks)}
    runs: list[subprocess.Popen] = []
    start = partial(start_index, content, index, "--full")
    if when == "at-once":
        env = {**hooks, "KB_PHASE_PAUSE": "write:2"}
        runs += [start(log=racers / f"run{n}.log", env=env) for n in range(2)]
        codes = [run.wait(300) for run in runs]
        assert sorted(codes) == [0, 1], codes
        return runs, codes.index(0)
    runs.append(start(log=racers / "run0.log", env={**hooks, "KB_PHASE_PAUSE": "write:10"}))
    wait_for_phase(runs[0], marks, "write")
    runs.append(start(log=racers / "run1.log", env=hooks))
    assert runs[1].wait(60) == 1
    assert runs[0].poll() is None, "the first run ended before the second was refused"
    assert runs[0].wait(300) == 0, (racers / "run0.log").read_text()
    return runs, 0


@pytest.mark.parametrize("when", ["at-once", "mid-write"])
def test_two_indexers_racing_leave_the_index_a_fresh_build_gives(racers: Path, when: str):
    index = racers / "index"
    runs: list[subprocess.Popen] = []
    try:
        runs, winner = _race(racers, when)
        refused = (racers / f"run{1 - winner}.log").read_text().strip()
        assert refused == (
            f"Error: the index {index} is being written by kb index (pid {runs[winner].pid}); "
            "wait for it to finish and run the command again"
        )
        # The refused run entered no phase: it neither cleaned nor wrote anything.
        assert {pid for pid, _ in phases_of(racers / "phases.txt")} == {runs[winner].pid}
        runs.append(
            start_index(racers / "content", racers / "fresh", "--full", log=racers / "fresh.log")
        )
        assert runs[-1].wait(300) == 0, (racers / "fresh.log").read_text()
    finally:
        for process in runs:
            stop(process)
    assert answers(index) == answers(racers / "fresh")  # ids in order, totals, facets
    assert leftovers(index) == []


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 3 MB tmpfs (the tests run as root, so permissions would prove nothing)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"cannot mount a tmpfs here: {done.stderr}"
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_gives_a_clear_error_and_keeps_the_live_index(small_disk: Path, tmp_path: Path):
    content = generate(tmp_path / "small", 20).content
    index = small_disk / "index"
    first = subprocess.run(
        [*KB, "index", "--content", str(content), "--index", str(index)],
        capture_output=True,
        text=True,
    )
    assert first.returncode == 0, first.stderr
    live = publish.current_name(index)
    query = "ciudad"
    totals = open_service(index).search(SearchRequest(q=query)).to_dict()["total"]
    assert totals > 0
    more = generate(tmp_path / "more", 400).content
    for folder in ("cases", "notebooks", "webinars"):
        for path in (more / folder).iterdir():
            os.replace(path, content / folder / path.name)
    full = subprocess.run(
        [*KB, "index", "--content", str(content), "--index", str(index), "--full"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert full.returncode == 1
    assert "No space left on device" in full.stderr, full.stderr[-2000:]
    assert "the live index is untouched" in full.stderr
    assert publish.current_name(index) == live
    assert open_service(index).search(SearchRequest(q=query)).to_dict()["total"] == totals
    assert sorted(p.name for p in index.iterdir() if p.name.startswith("gen-")) == [live]
