"""Edit → searchable under ``kb serve --watch``: the delay an editor waits for a saved file.

A generated corpus (its own copy, see :mod:`bench.corpus`) is served with
``kb serve --watch``; a few documents are edited one after another, each with a new word,
and ``/api/search`` is polled until the word is found. Prints each delay and the median,
and writes them to ``bench/results/watch-delay-SIZE.json``. Every edited file is restored.

    .venv/bin/python -m bench.watch_delay [--size 1000] [--edits 7]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from bench import corpus, machine
from bench.indexing import kb_command

RESULTS = Path(__file__).parent / "results"
FOUND_WITHIN = 60.0  # seconds before an edit counts as never found
POLL = 0.02


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def watching_server(
    content: Path, index: Path, log: Path, cwd: Path | None = None, start_within: float = 900.0
) -> Iterator[str]:
    """``kb serve --watch`` on a free port until the block ends; yields its base URL."""
    port = _free_port()
    command = [*kb_command(), "serve", "--watch", "--port", str(port)]
    command += ["--content", str(content), "--index", str(index)]
    env = {k: v for k, v in os.environ.items() if k not in ("KB_CONTENT", "KB_INDEX")}
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, cwd=cwd, env=env
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_within  # the first run indexes the whole tree
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"kb serve --watch ended:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"kb serve --watch did not start:\n{log.read_text()}"
                    ) from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:  # never leave the server running
            process.kill()
            process.wait()


def _total(url: str, word: str) -> int:
    query = urllib.parse.urlencode({"q": word})
    with urllib.request.urlopen(f"{url}/api/search?{query}", timeout=10) as response:
        return json.loads(response.read())["total"]


def measure(size: int, edits: int) -> dict[str, object]:
    """The delays (seconds) of ``edits`` successive edits on a corpus of ``size`` docs."""
    root = Path(tempfile.gettempdir()) / f"kb-watch-bench-{size}"
    generated, _reused = corpus.ensure(root, size)
    paths = [generated.content / d.path for d in generated.docs if d.path.endswith(".md")]
    step = max(1, len(paths) // edits)
    targets = paths[::step][:edits]
    originals = {path: path.read_bytes() for path in targets}
    delays: list[float] = []
    try:
        with watching_server(generated.content, root / "index-watch", root / "watch.log") as url:
            time.sleep(1.0)  # let the watcher settle after its first run
            for number, path in enumerate(targets):
                word = f"zqxwatchword{number}x{os.getpid()}"
                text = path.read_text(encoding="utf-8").rstrip("\n")
                path.write_text(f"{text} La palabra {word} aparece aquí.\n", encoding="utf-8")
                started = time.perf_counter()
                while _total(url, word) == 0:
                    if time.perf_counter() - started > FOUND_WITHIN:
                        raise RuntimeError(f"{word} not found within {FOUND_WITHIN:.0f} s")
                    time.sleep(POLL)
                delays.append(time.perf_counter() - started)
                print(f"edit {number + 1}: {delays[-1]:.2f} s ({path.name})", file=sys.stderr)
                time.sleep(1.0)
    finally:
        for path, data in originals.items():
            path.write_bytes(data)
    return {
        "size": size,
        "edits": len(delays),
        "delays_s": [round(d, 3) for d in delays],
        "median_s": round(statistics.median(delays), 3),
        "machine": machine.describe(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="documents in the corpus")
    parser.add_argument("--edits", type=int, default=7, help="edits to time")
    args = parser.parse_args()
    result = measure(args.size, args.edits)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"watch-delay-{args.size}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"kb serve --watch · {args.size} documents · edit → searchable: median "
        f"{result['median_s']:.2f} s over {result['edits']} edits "
        f"(min {min(result['delays_s']):.2f}, max {max(result['delays_s']):.2f}) → {out}"
    )


if __name__ == "__main__":
    main()
