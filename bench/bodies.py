"""Record the bodies of 20 searches through ``kb search --json`` and ``/api/search``; compare.

``python -m bench.bodies record OUT.json [--index DIR]`` asks each query of ``QUERIES`` of
the console script and of a running ``kb serve`` (a subprocess on a free port), and writes
both bodies per query. ``python -m bench.bodies compare BEFORE.json AFTER.json`` says which
bodies differ (``took_ms`` aside) and exits 1 if any does. A refactoring that must not change
behaviour records before and after on the same index and compares.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

# (CLI arguments, API parameters): every kind a client asks.
QUERIES: list[tuple[list[str], list[tuple[str, str]]]] = [
    (["hermanamiento"], [("q", "hermanamiento")]),
    (["migracion"], [("q", "migracion")]),
    (["agua", "potable"], [("q", "agua potable")]),
    (['"cooperacion descentralizada"'], [("q", '"cooperacion descentralizada"')]),
    (["Mercociudades"], [("q", "Mercociudades")]),
    (["hermanamento", "--ui", "pt"], [("q", "hermanamento"), ("ui", "pt")]),
    (["twinning", "--ui", "en"], [("q", "twinning"), ("ui", "en")]),
    (["jumelage", "--ui", "fr"], [("q", "jumelage"), ("ui", "fr")]),
    (["emergncias"], [("q", "emergncias")]),
    (["cultura", "--country", "UY"], [("q", "cultura"), ("country", "UY")]),
    (["--theme", "migracion"], [("theme", "migracion")]),
    (
        ["ciudad", "--page", "2", "--per-page", "5"],
        [("q", "ciudad"), ("page", "2"), ("per_page", "5")],
    ),
    (["ciudad", "--sort", "date"], [("q", "ciudad"), ("sort", "date")]),
    (
        ["cooperacion", "--year-from", "2010", "--year-to", "2020"],
        [("q", "cooperacion"), ("year_from", "2010"), ("year_to", "2020")],
    ),
    (["type:webinar", "ciudades"], [("q", "type:webinar ciudades")]),
    (["--", "turismo", "-playa"], [("q", "turismo -playa")]),
    (
        ["como", "atraer", "inversiones", "a", "la", "ciudad"],
        [("q", "como atraer inversiones a la ciudad")],
    ),
    (["zzqxv"], [("q", "zzqxv")]),
    ([], []),
    (
        ["Montevideo", "--type", "case", "--language", "es"],
        [("q", "Montevideo"), ("type", "case"), ("language", "es")],
    ),
]


def _kb_script() -> str:
    return str(Path(sys.executable).with_name("kb"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def _serve(index: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "KB_INDEX": index, "KB_SEARCH_LOG": "off"}
    server = subprocess.Popen(
        [_kb_script(), "serve", "--port", str(port), "--index", index],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            _get(f"http://127.0.0.1:{port}/healthz")
            return server
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    server.kill()
    raise SystemExit("kb serve did not answer within 60 s")


def record(out: Path, index: str) -> None:
    """Write every query's CLI and API bodies to ``out``."""
    port = _free_port()
    server = _serve(index, port)
    rows = []
    try:
        for cli_args, params in QUERIES:
            done = subprocess.run(
                [_kb_script(), "search", "--json", "--index", index, *cli_args],
                capture_output=True,
                check=True,
                env={**os.environ, "KB_SEARCH_LOG": "off"},
            )
            cli = json.loads(done.stdout)
            api = _get(f"http://127.0.0.1:{port}/api/search?{urlencode(params)}")
            rows.append({"cli": cli_args, "params": params, "cli_body": cli, "api_body": api})
    finally:
        server.terminate()
        server.wait(10)
    out.write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    print(f"{len(rows)} queries recorded in {out}")


def _without_time(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "took_ms"}


def compare(before: Path, after: Path) -> int:
    """Print the queries whose bodies differ; 1 if any does."""
    old, new = json.loads(before.read_text()), json.loads(after.read_text())
    differ = 0
    for a, b in zip(old, new, strict=True):
        for side in ("cli_body", "api_body"):
            same = json.dumps(_without_time(a[side])) == json.dumps(_without_time(b[side]))
            if not same:
                differ += 1
                print(f"DIFFERENT {side}: {a['params']}")
        if json.dumps(_without_time(b["cli_body"])) != json.dumps(_without_time(b["api_body"])):
            differ += 1
            print(f"CLI and API differ after: {b['params']}")
    print(f"{len(old)} queries, {2 * len(old)} bodies compared, {differ} differences")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bodies", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("record")
    rec.add_argument("out", type=Path)
    rec.add_argument("--index", default=os.environ.get("KB_INDEX", "var/index"))
    cmp_ = commands.add_parser("compare")
    cmp_.add_argument("before", type=Path)
    cmp_.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "record":
        record(args.out, args.index)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    raise SystemExit(main())
