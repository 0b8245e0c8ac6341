"""Spelling suggestions from the corpus's own words and names, accents kept.

The vocabulary is the unstemmed ``spell`` field of the index plus the names of the
metadata (cities, countries, networks, themes), folded for matching and mapped back to the
most frequent written form, so ``migarcion`` suggests ``migración`` and never a stem such as
``migr``, and ``barcelna`` suggests ``Barcelona``.

A word is only corrected when it is unknown: not in the corpus, not a name of the metadata,
not a word of Spanish, Portuguese, English or French (``kb.wordlists``: ``potable`` is a
word even where no document says it). A suggestion is close (one edit for a word of up to
five letters, two for a longer one), starts with the same letter, is more frequent than the
typed word, and, when the query's other words tell its language, is not a word of another
language only (``collaboration`` in an English query never becomes *colaboración*). Among
equally close suggestions a name comes first, then the most frequent word.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from kb.analysis import all_stop_words, fold, words
from kb.wordlists import languages_of

MIN_COGNATE = 8  # letters: shorter words are too often close to unrelated ones (cruise, crise)


class Vocabulary:
    """Words of a generation: folded form → (most frequent written form, frequency), and
    which of them are names of the metadata."""

    def __init__(self, counts: Iterable[tuple[str, int]], names: Iterable[str] = ()) -> None:
        name_counts = [(w, 1) for name in names for w in words(name) if len(w) > 2]
        best: dict[str, tuple[str, int, int]] = {}
        for word, count in [*counts, *name_counts]:
            key = fold(word)
            surface, top, total = best.get(key, (word, -1, 0))
            if count > top:
                surface, top = word, count
            best[key] = (surface, top, total + count)
        self.words = {key: (surface, total) for key, (surface, _top, total) in best.items()}
        self.names = frozenset(fold(word) for word, _count in name_counts)
        self._by_start: dict[tuple[int, str], list[str]] = {}  # (length, first letter)
        for key in self.words:
            self._by_start.setdefault((len(key), key[:1]), []).append(key)

    def __contains__(self, word: str) -> bool:
        return fold(word) in self.words

    def frequency(self, word: str) -> int:
        return self.words.get(fold(word), ("", 0))[1]

    def written(self, word: str) -> str | None:
        """The usual written form of ``word`` in the corpus (``membresia`` → ``membresía``)."""
        found = self.words.get(fold(word))
        return found[0] if found else None

    def correct(
        self, word: str, languages: frozenset[str] = frozenset(), names_only: bool = False
    ) -> str | None:
        """A close, more frequent word or name of the corpus when ``word`` is unknown.

        ``languages``: the query's, as the words typed with it tell them (empty: unknown;
        ``kb.search.languages``); ``names_only``: suggest a name only (a word found
        through another form of it, such as ``mercociudad``, is searched already; the
        name is how to write it)."""
        key = fold(word)
        if len(key) < 4 or not key.isalpha() or key in self.words or key in all_stop_words():
            return None
        candidates = self._close(key)
        if not candidates or languages_of(key):
            return None  # nothing close, or a word of a language the corpus lacks
        allowed = [
            c
            for c in candidates
            if self._in_language(c, languages) and (c[0] in self.names or not names_only)
        ]
        if not allowed:
            return None
        best = min(allowed, key=lambda c: (c[1], c[0] not in self.names, -self.words[c[0]][1]))
        return self.words[best[0]][0]

    def cognate(self, word: str) -> str | None:
        """The corpus's spelling of ``word`` in another language, when the corpus lacks
        the word itself (``collaboration`` → *colaboración*): a close word (as for
        ``correct``) that none of the typed word's languages has, the most frequent."""
        key = fold(word)
        own = languages_of(key)
        if len(key) < MIN_COGNATE or key in self.words or not own:
            return None
        found = [c for c in self._close(key) if languages_of(c[0]) and not languages_of(c[0]) & own]
        if not found:
            return None
        best = min(found, key=lambda c: (c[1], -self.words[c[0]][1]))
        return self.words[best[0]][0]

    def _close(self, key: str) -> list[tuple[str, int]]:
        """Corpus words within the edit distance allowed, sharing the first letter."""
        limit = 1 if len(key) <= 5 else 2
        choices = [
            w
            for n in range(len(key) - limit, len(key) + limit + 1)
            for w in self._by_start.get((n, key[0]), ())
        ]
        found = process.extract(
            key, choices, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=20
        )
        return sorted((w, int(distance)) for w, distance, _index in found)

    def _in_language(self, candidate: tuple[str, int], languages: frozenset[str]) -> bool:
        """Whether a suggestion suits a query in ``languages`` (empty: unknown): a name
        always does, a word unless it belongs to other languages only."""
        key = candidate[0]
        if not languages or key in self.names:
            return True
        own = languages_of(key)
        return not own or bool(own & languages)
