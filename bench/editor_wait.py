"""What an editor waits for: a saved file until a running gunicorn answers with its new text.

The corpus and its index are copied (file times kept, so the watcher finds nothing to do
at start), ``kb watch`` runs on the copy as its own process, and gunicorn serves
``web:create_app()`` with two workers on the copied index, as in production. Each save
appends a sentence with a word found nowhere else to one document; ``/api/search`` is
polled until an answer contains it. The delay runs from the end of the write to that
answer, so it holds the watcher's quiet period, the incremental build, the publish and
the worker's reopening of the index.

    .venv/bin/python -m bench.editor_wait --sizes 1000,5000 [--saves 10]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench import corpus, http_load, machine
from bench.indexing import kb_command
from bench.stats import percentile

RESULTS = Path(__file__).parent / "results"
FOUND_WITHIN = 60.0  # seconds before a save counts as never answered
POLL = 0.01  # seconds between two searches for the new word
SETTLE = 0.5  # seconds between two saves (the watcher back to waiting)


@contextmanager
def watcher(content: Path, index: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``kb watch`` on ``content`` until the block ends, once it says it is watching."""
    command = [*kb_command(), "watch", "--content", str(content), "--index", str(index)]
    env = {k: v for k, v in os.environ.items() if k not in ("KB_CONTENT", "KB_INDEX")}
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 600  # its first run may index what changed
        while b"watching " not in log.read_bytes():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"kb watch did not start:\n{log.read_text()}")
            time.sleep(0.1)
        yield proc
    finally:
        proc.send_signal(signal.SIGINT)  # kb watch stops on Ctrl-C
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _answered(port: int, word: str) -> bool:
    status, body = http_load.get(port, "/api/search?" + urlencode({"q": word}))
    return status == 200 and json.loads(body)["total"] > 0


def _save_and_wait(port: int, path: Path, word: str) -> float:
    """Append a sentence holding ``word`` to ``path``; seconds until the server finds it."""
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(f"{text} La palabra {word} aparece aquí.\n", encoding="utf-8")
    saved = time.perf_counter()
    while not _answered(port, word):
        if time.perf_counter() - saved > FOUND_WITHIN:
            raise RuntimeError(f"{word} was not answered within {FOUND_WITHIN:.0f} s")
        time.sleep(POLL)
    return time.perf_counter() - saved


def _targets(content: Path, saves: int) -> list[Path]:
    """``saves`` cases spread over the tree (a case is one Markdown file, no transcript)."""
    paths = sorted((content / "cases").glob("*.md"))
    step = max(1, len(paths) // saves)
    return paths[::step][:saves]


def measure(content: Path, index: Path, work: Path, saves: int = 10) -> dict[str, Any]:
    """Copy ``content`` and its built ``index`` into ``work``; time ``saves`` saves there."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copytree(content, work / "content")  # copy2: file times kept
    shutil.copytree(index, work / "index")
    delays: list[float] = []
    with (
        watcher(work / "content", work / "index", work / "watch.log"),
        http_load.gunicorn(work / "index", work / "content", work / "gunicorn.log") as (_p, port),
    ):
        _answered(port, "cooperación")  # both workers may open the index lazily
        _answered(port, "cooperación")
        for number, path in enumerate(_targets(work / "content", saves)):
            word = f"zqxsaved{number}w{os.getpid()}"
            delays.append(_save_and_wait(port, path, word))
            print(f"save {number + 1}: {delays[-1]:.3f} s ({path.name})", file=sys.stderr)
            time.sleep(SETTLE)
    shutil.rmtree(work, ignore_errors=True)
    return {
        "saves": len(delays),
        "delays_s": [round(d, 3) for d in delays],
        "median_s": round(statistics.median(delays), 3),
        "p90_s": round(percentile(delays, 90), 3),
        "how": "kb watch + gunicorn -w 2 (web:create_app()); save → /api/search finds the word",
    }


def _built(size: int, root: Path) -> tuple[Path, Path]:
    """The corpus of ``size`` under ``root`` and an index of it (built when missing)."""
    generated, _reused = corpus.ensure(root, size)
    index = root / "index-editor-wait"
    if not (index / "CURRENT").exists():
        command = [*kb_command(), "index", "--full", "--content", str(generated.content)]
        subprocess.run([*command, "--index", str(index)], check=False, capture_output=True)
    return generated.content, index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,5000", help="corpus sizes, comma separated")
    parser.add_argument("--saves", type=int, default=10, help="saves to time per size")
    parser.add_argument("--note", default="", help="a word on the machine's state")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        root = Path(f"/tmp/kb-bench-{size}")
        content, index = _built(size, root)
        result = {
            "size": size,
            **measure(content, index, root / f"editor-wait-{os.getpid()}", args.saves),
        }
        result.update(machine=machine.describe(), note=args.note)
        RESULTS.mkdir(exist_ok=True)
        out = RESULTS / f"editor-wait-{size}.json"
        out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        print(
            f"{size} documents · save → answered by gunicorn -w 2 through kb watch: median "
            f"{result['median_s']:.3f} s, p90 {result['p90_s']:.3f} s → {out}"
        )


if __name__ == "__main__":
    main()
