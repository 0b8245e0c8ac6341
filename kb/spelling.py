"""Spelling suggestions from the corpus's own words, accents kept.

The vocabulary is the unstemmed ``spell`` field of the index (plus the taxonomy's words),
folded for matching and mapped back to the most frequent written form, so ``migarcion``
suggests ``migración`` and never a stem such as ``migr``.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from kb.analysis import all_stop_words, fold


class Vocabulary:
    """Words of a generation: folded form → (most frequent written form, frequency)."""

    def __init__(self, counts: Iterable[tuple[str, int]]) -> None:
        best: dict[str, tuple[str, int, int]] = {}
        for word, count in counts:
            key = fold(word)
            surface, top, total = best.get(key, (word, -1, 0))
            if count > top:
                surface, top = word, count
            best[key] = (surface, top, total + count)
        self.words = {key: (surface, total) for key, (surface, _top, total) in best.items()}
        self._by_length: dict[int, list[str]] = {}
        for key in self.words:
            self._by_length.setdefault(len(key), []).append(key)

    def __contains__(self, word: str) -> bool:
        return fold(word) in self.words

    def frequency(self, word: str) -> int:
        return self.words.get(fold(word), ("", 0))[1]

    def written(self, word: str) -> str | None:
        """The usual written form of ``word`` in the corpus (``membresia`` → ``membresía``)."""
        found = self.words.get(fold(word))
        return found[0] if found else None

    def correct(self, word: str) -> str | None:
        """A close, more frequent word of the corpus when ``word`` looks misspelt."""
        key = fold(word)
        if len(key) < 4 or not key.isalpha() or key in self.words or key in all_stop_words():
            return None
        limit = 1 if len(key) <= 5 else 2
        choices = [
            w
            for n in range(len(key) - limit, len(key) + limit + 1)
            for w in self._by_length.get(n, ())
        ]
        found = process.extract(
            key, choices, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=20
        )
        if not found:
            return None
        best = min(found, key=lambda m: (m[1], -self.words[m[0]][1], m[0]))
        return self.words[best[0]][0]
