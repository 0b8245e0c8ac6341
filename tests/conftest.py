"""Fixtures: a content tree written by the tests and a real index built from it."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, sync_playwright

from indexer.build import build_index
from indexer.live import open_service
from kb.search import SearchRequest, SearchService
from tests.corpus import EXTERNAL, FILES, write_tree

TODAY = dt.date(2026, 11, 24)
PROJECT = Path(__file__).resolve().parents[1]
# Screenshots go to var/artifacts; KB_SCREENSHOTS=docs refreshes the README's own.
SCREENSHOTS = (
    PROJECT / "docs" / "screenshots"
    if os.environ.get("KB_SCREENSHOTS") == "docs"
    else Path(os.environ.get("KB_ARTIFACTS", PROJECT / "var" / "artifacts"))
)
CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")


def served_tree(
    tmp_path_factory: pytest.TempPathFactory, name: str, files: dict[str, str | bytes]
) -> Iterator[SearchService]:
    """A search service over an index of ``files``: a small tree a test module writes for
    itself (``yield from served_tree(...)`` in its fixture)."""
    folder = tmp_path_factory.mktemp(name)
    write_tree(folder / "content", files)
    build_index(folder / "content", folder / "index", today=TODAY)
    service = open_service(folder / "index")
    yield service
    service.close()


def hit_ids(service: SearchService, q: str) -> list[str]:
    """The ids of the first page's hits for ``q``, in order."""
    return [h["id"] for h in service.search(SearchRequest(q=q)).to_dict()["hits"]]


@pytest.fixture(scope="session")
def external() -> Path:
    """The real files of others kept beside the project (never copied into it)."""
    assert EXTERNAL.is_dir(), f"{EXTERNAL} is missing: tests need ../shared beside the project"
    return EXTERNAL


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("content"), FILES)


@pytest.fixture(scope="session")
def built_index(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("index")
    report = build_index(corpus, root, today=TODAY)
    assert report.exit_code == 0, [str(p) for p in report.problems]
    return root


@pytest.fixture(scope="session")
def service(built_index: Path) -> SearchService:
    return open_service(built_index)


@pytest.fixture
def tree(tmp_path: Path):
    """Write a throwaway content tree from a path → text mapping."""

    def make(files: dict[str, str | bytes], base: dict[str, str] | None = None) -> Path:
        root = tmp_path / "content"
        write_tree(root, {**(FILES if base is None else base), **files})
        return root

    return make


@pytest.fixture
def documents_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the documents the indexer reads from now on, in this process (a run
    that reads in helper processes, a large full build, is not seen)."""
    from indexer import build

    read: list[str] = []
    original = build.read_document

    def spy(raw: bytes, path: str, *args: Any, **kwargs: Any) -> Any:
        read.append(path)
        return original(raw, path, *args, **kwargs)

    monkeypatch.setattr(build, "read_document", spy)
    return read


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


STOP_WITHIN = 20.0  # seconds a process has to end after SIGTERM before it is killed


@contextlib.contextmanager
def _sigint_as_in_a_terminal() -> Iterator[None]:
    """Let the processes started in the block take SIGINT (Ctrl-C) as in a terminal.

    A background job, such as a test run started with ``&``, ignores SIGINT, and its
    children inherit that: a handler (not an ignore) is reset to the default across exec.
    """
    in_main = threading.current_thread() is threading.main_thread()
    if not in_main or signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        yield
        return
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def stop(process: subprocess.Popen[Any], within: float = STOP_WITHIN) -> int | None:
    """End ``process`` however it is doing: SIGTERM, then SIGKILL if it is still running
    after ``within`` seconds; reap it and close its pipes. Its exit status."""
    try:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(within)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    finally:
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    return process.returncode


@contextlib.contextmanager
def started(
    args: list[str], stop_within: float = STOP_WITHIN, **options: Any
) -> Iterator[subprocess.Popen[Any]]:
    """``subprocess.Popen(args, **options)`` for the block, stopped (``stop``) when it ends,
    failed or not: no test leaves a process running. Use it for every process a test
    starts; ``communicate`` and ``wait`` with a timeout inside the block."""
    with _sigint_as_in_a_terminal():
        process = subprocess.Popen(args, **options)
    try:
        yield process
    finally:
        stop(process, stop_within)


@contextlib.contextmanager
def running_server(
    index: Path,
    log: Path,
    command: list[str] | None = None,
    cwd: Path | None = None,
    start_within: float = 60.0,
    env: dict[str, str] | None = None,
):
    """A real HTTP server on a free port (``kb serve`` unless ``command`` is given, with
    ``{port}`` in it, run in ``cwd``; ``env`` added to the environment), polled until
    /healthz answers; stopped (``stop``) at the end, however the block ends."""
    port = _free_port()
    args = (
        [a.format(port=port) for a in command]
        if command
        else [sys.executable, "-m", "cli", "serve", "--port", str(port)]
    )
    environment = {**os.environ, "KB_INDEX": str(index), **(env or {})}
    url = f"http://127.0.0.1:{port}"
    with (
        open(log, "wb") as output,
        started(args, env=environment, cwd=cwd, stdout=output, stderr=subprocess.STDOUT) as process,
    ):
        deadline = time.monotonic() + start_within
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{' '.join(args)} did not start:\n{log.read_text()}")
            time.sleep(0.1)
        yield process, url


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="session")
def live_server(built_index: Path, tmp_path_factory: pytest.TempPathFactory):
    """``kb serve`` on the test corpus's index for the whole session."""
    log = tmp_path_factory.mktemp("server") / "serve.log"
    with running_server(built_index, log) as (_process, url):
        yield url


@pytest.fixture(scope="session")
def browser() -> Browser:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page_locale() -> str:
    """The browser language of the ``page`` fixture (a module may override it)."""
    return "es-ES"


@pytest.fixture
def page(browser: Browser, page_locale: str):
    """A fresh desktop-sized page in its own browser context."""
    context = browser.new_context(locale=page_locale, viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the bundled content/: the site as its readers see it (city names with
    spaces and accents, every document type, a reading list)."""
    root = tmp_path_factory.mktemp("bundled-index")
    report = build_index(PROJECT / "content", root, today=TODAY)
    assert report.exit_code == 0, [str(p) for p in report.problems]
    return root


def production_command(*more: str) -> list[str]:
    """The README's production command, ``gunicorn -c gunicorn.conf.py``, on a free port."""
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    return [gunicorn, "-c", "gunicorn.conf.py", "--bind", "127.0.0.1:{port}", *more]


EDITOR_TOKEN = "an editor token of the production site's tests"


@pytest.fixture(scope="session")
def production_site(bundled_index: Path, tmp_path_factory: pytest.TempPathFactory):
    """The bundled content served by the README's production command for the session, with
    the editors' dashboard on (``EDITOR_TOKEN``)."""
    log = tmp_path_factory.mktemp("production") / "gunicorn.log"
    command = production_command("--workers", "2")
    env = {"KB_EDITOR_TOKEN": EDITOR_TOKEN}
    with running_server(bundled_index, log, command, cwd=PROJECT, env=env) as (_process, url):
        yield url
