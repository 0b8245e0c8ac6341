"""The JSON API under gunicorn on 127.0.0.1, with a bounded load client.

The client is a fixed number of requests shared by a few threads, each with a timeout,
under an overall deadline: it stops by itself and only ever talks to the loopback.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench import procs
from bench.queries import Query
from bench.stats import summary

HOST = "127.0.0.1"
MIB = 1024 * 1024


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def api_path(query: Query) -> str:
    """``/api/search?...`` for ``query`` (a filter with several values repeats)."""
    params: list[tuple[str, str | int]] = [("q", query.q)]
    params += [(name, value) for name, values in query.filters.items() for value in values]
    if query.page != 1:
        params.append(("page", query.page))
    return "/api/search?" + urlencode(params)


def get(port: int, path: str, timeout: float = 10.0) -> tuple[int, bytes]:
    """One GET on a fresh connection: (status, body)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@contextmanager
def gunicorn(index_dir: Path, content: Path, log: Path, workers: int = 2) -> Iterator[Any]:
    """A gunicorn serving ``web:create_app()`` on a free port; yields (process, port)."""
    port = free_port()
    binary = Path(sys.executable).parent / "gunicorn"
    command = [str(binary)] if binary.exists() else [sys.executable, "-m", "gunicorn"]
    env = {**os.environ, "KB_INDEX": str(index_dir), "KB_CONTENT": str(content)}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*command, "-w", str(workers), "-b", f"{HOST}:{port}", "web:create_app()"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"gunicorn exited with {proc.returncode}; see {log}")
                try:
                    if get(port, "/healthz", timeout=2)[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not answer /healthz in 60 s; see {log}")
                time.sleep(0.1)
            yield proc, port
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def load(
    port: int,
    paths: list[str],
    concurrency: int = 4,
    timeout: float = 10.0,
    deadline_s: float = 300.0,
) -> dict[str, Any]:
    """Send every path once over ``concurrency`` threads: req/s, latency, errors."""
    lock = threading.Lock()
    pending = iter(paths)
    latencies: list[float] = []
    errors: list[str] = []
    stop_at = time.monotonic() + deadline_s

    def worker() -> None:
        while time.monotonic() < stop_at:
            with lock:
                path = next(pending, None)
            if path is None:
                return
            started = time.perf_counter()
            try:
                status, _body = get(port, path, timeout)
                ok = status == 200
            except OSError as error:
                status, ok = 0, False
                with lock:
                    errors.append(f"{type(error).__name__}: {error}")
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if not ok and status:
                    errors.append(f"HTTP {status} {path}")

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return {
        **summary(latencies),
        "requests": len(latencies),
        "planned": len(paths),
        "concurrency": concurrency,
        "seconds": seconds,
        "rps": len(latencies) / seconds if seconds else 0.0,
        "errors": len(errors) + (len(paths) - len(latencies)),
        "error_samples": errors[:5],
    }


def worker_rss(proc: subprocess.Popen[bytes]) -> dict[str, Any]:
    """RSS of gunicorn's master and of each worker, in MiB."""
    workers = [procs.rss(pid) / MIB for pid in procs.descendants(proc.pid)]
    return {
        "master_mib": procs.rss(proc.pid) / MIB,
        "workers_mib": workers,
        "max_worker_mib": max(workers, default=0.0),
    }


def measure(
    index_dir: Path,
    content: Path,
    log: Path,
    mixed: list[Query],
    cached: Query,
    warmup: list[Query],
    cached_requests: int = 400,
    concurrency: int = 4,
) -> dict[str, Any]:
    """Uncached mixed queries, then one cached query, then the workers' memory."""
    with gunicorn(index_dir, content, log) as (proc, port):
        load(port, [api_path(q) for q in warmup] * 4, concurrency)
        uncached = load(port, [api_path(q) for q in mixed], concurrency)
        load(port, [api_path(cached)] * concurrency, concurrency)  # each worker sees it first
        repeated = load(port, [api_path(cached)] * cached_requests, concurrency)
        memory = worker_rss(proc)
    return {"workers": 2, "uncached": uncached, "cached": repeated, "memory": memory}
