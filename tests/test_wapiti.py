"""A web vulnerability scanner (Debian's wapiti) against every route of the live site,
bounded in time.

The server is the test's own ``kb serve --watch`` on 127.0.0.1 (the trainers' corpus: a
former slug and a reviewed reading list; the editors' dashboard on). wapiti starts from
one seed URL per route (tests/routes.py, checked against the app by tests/test_routes.py)
carrying every parameter the route reads, attacks each parameter with each module and
follows no link (``--depth 0``): the scan is as wide as the seeds, never wider. Its own
session then proves that every module attacked every seed: a time bound that cut the
scan short fails the test instead of passing it.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.conftest import running_server
from tests.hostile_corpus import TOKEN
from tests.routes import SEEDS, fill
from tests.trainers_corpus import build, trainer_files

MODULES = ("xss", "permanentxss", "exec", "file", "sql", "crlf", "redirect")


@pytest.fixture(scope="module")
def scanned_server(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("wapiti-site")
    index = build(base / "content", base / "index", trainer_files())
    command = [sys.executable, "-m", "cli", "serve", "--port", "{port}"]
    command += ["--content", str(base / "content"), "--watch"]
    with running_server(index, base / "serve.log", command, env={"KB_EDITOR_TOKEN": TOKEN}) as (
        _process,
        url,
    ):
        yield url


def seeds(server: str) -> list[str]:
    return [
        server + fill(seed, x="", p="", city="", token=TOKEN, root=server)
        for urls in SEEDS.values()
        for seed in urls
    ]


def attacked(session: Path) -> dict[str, set[tuple[str, frozenset[str]]]]:
    """Module → the requests (path, parameter names) it attacked, from wapiti's session."""
    [database] = session.glob("*.db")
    with sqlite3.connect(database) as db:
        params: dict[int, set[str]] = {}
        for path_id, name in db.execute("SELECT path_id, name FROM params WHERE type = 'GET'"):
            params.setdefault(path_id, set()).add(name)
        done: dict[str, set[tuple[str, frozenset[str]]]] = {}
        rows = db.execute(
            "SELECT module_name, paths.path_id, path FROM attack_log"
            " JOIN paths ON paths.path_id = attack_log.path_id"
        )
        for module, path_id, path in rows:
            done.setdefault(module, set()).add((path, frozenset(params.get(path_id, ()))))
    return done


def test_wapiti_finds_nothing_above_informational_on_any_route(scanned_server: str, tmp_path: Path):
    wapiti = shutil.which("wapiti")
    assert wapiti, "wapiti is missing: apt-get install wapiti (.ci/run installs it)"
    report, session = tmp_path / "wapiti.json", tmp_path / "session"
    starts = seeds(scanned_server)
    command = [wapiti, "-u", f"{scanned_server}/", "--scope", "url", "--depth", "0"]
    for url in starts:
        command += ["-s", url]
    command += ["-m", ",".join(MODULES), "--max-scan-time", "60", "--max-attack-time", "120"]
    command += ["--flush-session", "--store-session", str(session), "--no-bugreport"]
    command += ["-f", "json", "-o", str(report), "-v", "0", "--timeout", "20"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert report.exists(), done.stdout[-2000:] + done.stderr[-2000:]
    found = json.loads(report.read_text())
    vulnerabilities = {k: v for k, v in found["vulnerabilities"].items() if v}
    anomalies = {k: v for k, v in found.get("anomalies", {}).items() if v}
    assert vulnerabilities == {} and anomalies == {}
    assert found["infos"]["target"].startswith(scanned_server)
    # every module attacked every seed, with all of its parameters
    expected = {
        (
            urlsplit(url).scheme + "://" + urlsplit(url).netloc + urlsplit(url).path,
            frozenset(k for k, _v in parse_qsl(urlsplit(url).query)),
        )
        for url in starts
    }
    scanned = attacked(session)
    missing = {m: sorted(p for p, _ in expected - scanned.get(m, set())) for m in MODULES}
    assert {m: v for m, v in missing.items() if v} == {}, done.stdout[-3000:]
