"""Fixtures: a content tree written by the tests and a real index built from it."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from indexer.build import build_index
from indexer.live import open_service
from kb.search import SearchService
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_server(
    index: Path, log: Path, command: list[str] | None = None, env: dict[str, str] | None = None
):
    """A real HTTP server on a free port (``kb serve`` unless ``command`` is given, with
    ``{port}`` in it; ``env`` added to the environment), polled until /healthz answers;
    stopped with SIGTERM at the end."""
    port = _free_port()
    args = (
        [a.format(port=port) for a in command]
        if command
        else [sys.executable, "-m", "cli", "serve", "--port", str(port)]
    )
    environment = {**os.environ, "KB_INDEX": str(index), **(env or {})}
    with open(log, "wb") as output:
        process = subprocess.Popen(args, env=environment, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(log.read_text())
        yield process, url
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


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
