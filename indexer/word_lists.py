"""The languages' word lists (``kb.wordlists``) from their prebuilt form in kb's cache folder.

pyspellchecker reads a compressed JSON frequency list per language and kb folds every word
above the list's lowest count: about 0.7 s for the four languages, paid by every process
that guesses a query's language (a server's worker, each ``kb search``). The folded words
are kept as MessagePack (``indexer.prebuilt_cache``), named by the hash of the list's file
and of the code and library that fold it, and read back in about 0.02 s.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import version
from pathlib import Path

import spellchecker

import kb.analysis
import kb.wordlists
from indexer.prebuilt_cache import cached
from indexer.settings import cache_dir
from kb.analysis import LANGUAGES
from kb.wordlists import provide, read_dictionary

RESOURCES = Path(spellchecker.__file__).parent / "resources"


def source(lang: str) -> Path:
    """pyspellchecker's word frequency file of ``lang``."""
    return RESOURCES / f"{lang}.json.gz"


def load(lang: str, folder: Path | None) -> frozenset[str]:
    """The folded words of ``lang``, from ``folder`` when it holds the prebuilt form of the
    same file, code and library, else read from pyspellchecker (and saved there)."""
    salt = _builder() + b"\0" + lang.encode()
    words = cached(
        source(lang), folder, list[str], lambda _raw: sorted(read_dictionary(lang)), salt
    )
    return frozenset(words)


@cache
def _builder() -> bytes:
    """What builds a prebuilt form: kb's reading and folding code, pyspellchecker's version."""
    code = [Path(module.__file__ or "").read_bytes() for module in (kb.wordlists, kb.analysis)]
    return b"\0".join([*code, version("pyspellchecker").encode()])


def load_word_lists(folder: Path | None = None) -> None:
    """Give ``kb.wordlists`` every language's words from the cache folder (``folder``, or
    the settings' one), building the prebuilt forms the first time."""
    folder = folder if folder is not None else cache_dir()
    for lang in LANGUAGES:
        provide(lang, load(lang, folder))


@cache
def ensure_word_lists() -> None:
    """``load_word_lists`` once per process (each search service opened calls it)."""
    load_word_lists()
