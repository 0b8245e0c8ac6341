"""Fixtures: a content tree written by the tests and a real index built from it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from indexer.build import build_index
from kb.search import SearchService
from tests.corpus import EXTERNAL, FILES, write_tree

TODAY = dt.date(2026, 11, 24)


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
    return SearchService(built_index)


@pytest.fixture
def tree(tmp_path: Path):
    """Write a throwaway content tree from a path → text mapping."""

    def make(files: dict[str, str | bytes], base: dict[str, str] | None = None) -> Path:
        root = tmp_path / "content"
        write_tree(root, {**(FILES if base is None else base), **files})
        return root

    return make
