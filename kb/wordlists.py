"""The words of Spanish, Portuguese, English and French, from pyspellchecker's lists.

A word one of these languages uses is not a misspelling even when the corpus lacks it
(``potable``, ``collaboration``). pyspellchecker ships word frequency lists built from
large text collections; every list pads itself with rare words at its lowest count, and
those are left out (they hold misspellings too). Words are compared folded (accents and
case aside). The lists are read once per process, when a query first needs them.
"""

from __future__ import annotations

from spellchecker import SpellChecker

from kb.analysis import LANGUAGES, fold

_KNOWN: dict[str, frozenset[str]] = {}  # language → its folded words, once known


def dictionary(lang: str) -> frozenset[str]:
    """The folded words of ``lang`` (one of ``LANGUAGES``) above its list's lowest count."""
    found = _KNOWN.get(lang)
    if found is None:
        found = _KNOWN[lang] = read_dictionary(lang)
    return found


def read_dictionary(lang: str) -> frozenset[str]:
    """``dictionary(lang)`` read from pyspellchecker's list (about 0.2 s a language)."""
    counts = SpellChecker(language=lang, distance=1).word_frequency.dictionary
    floor = min(counts.values(), default=0)
    return frozenset(fold(word) for word, count in counts.items() if count > floor)


def provide(lang: str, words: frozenset[str]) -> None:
    """Give ``dictionary(lang)`` its words, read elsewhere (what ``read_dictionary`` gives)."""
    _KNOWN[lang] = words


def languages_of(word: str) -> frozenset[str]:
    """The languages that have ``word`` (accents and case aside)."""
    key = fold(word)
    return frozenset(lang for lang in LANGUAGES if key in dictionary(lang))
