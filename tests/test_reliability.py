"""Reliability: reindexing under load, killed indexers, concurrent indexers, a full disk."""

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
from pathlib import Path

import pytest

from bench.corpus import generate
from indexer import publish
from indexer.live import open_service
from kb.search import SearchRequest
from tests.conftest import running_server

KB = [sys.executable, "-m", "cli"]
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
    """A generated content tree of 1,200 documents and its index."""
    root = tmp_path_factory.mktemp("big")
    generate(root, 1200)
    subprocess.run(
        [*KB, "index", "--content", str(root / "content"), "--index", str(root / "index")],
        check=True,
        capture_output=True,
    )
    return root


def _expected(index: Path) -> dict[str, int]:
    service = open_service(index)
    totals = {q: service.search(SearchRequest(q=q)).to_dict()["total"] for q in QUERIES}
    assert all(totals.values()), totals
    return totals


def _index(root: Path, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [*KB, "index", "--content", str(root / "content"), "--index", str(root / "index"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def test_full_reindex_while_clients_search_over_http(big: Path, tmp_path: Path):
    expected = _expected(big / "index")
    with running_server(big / "index", tmp_path / "serve.log") as (_server, base):
        before = json.load(urllib.request.urlopen(base + "/healthz"))["generation"]
        failures: list[str] = []
        answers: list[tuple[str, int]] = []
        generations: set[str] = set()
        stop = threading.Event()

        def client(seed: int) -> None:
            rng = random.Random(seed)
            while not stop.is_set():
                q = rng.choice(QUERIES)
                url = f"{base}/api/search?{urllib.parse.urlencode({'q': q})}"
                try:
                    with urllib.request.urlopen(url, timeout=30) as response:
                        body = json.load(response)
                    answers.append((q, body["total"]))
                    generations.add(
                        json.load(urllib.request.urlopen(base + "/healthz"))["generation"]
                    )
                except Exception as error:  # noqa: BLE001 - any failure fails the test
                    failures.append(f"{q}: {error!r}")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        reindex = _index(big, "--full")
        out, err = reindex.communicate(timeout=600)
        time.sleep(1.0)
        stop.set()
        for thread in threads:
            thread.join(60)
        assert reindex.returncode == 0, err
        assert failures == []
        assert len(answers) > 20
        assert [a for a in answers if a[1] != expected[a[0]]] == []  # never empty, never half
        after = json.load(urllib.request.urlopen(base + "/healthz"))["generation"]
        assert after != before and {before, after} <= generations


def test_two_indexers_at_once_one_refuses_clearly(big: Path):
    first = _index(big, "--full")
    time.sleep(0.5)
    second = _index(big, "--full")
    out2, err2 = second.communicate(timeout=600)
    out1, err1 = first.communicate(timeout=600)
    assert sorted([first.returncode, second.returncode]) == [0, 1]
    refused = err2 if second.returncode == 1 else err1
    assert "is being written by kb index (pid" in refused
    assert "wait for it to finish and run the command again" in refused
    _expected(big / "index")


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
