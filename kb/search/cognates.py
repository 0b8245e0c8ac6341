"""Whether another language's stem of a word may stand for it in a field's language.

Cross-language stems find the Spanish *participativo* for the French ``participatif``
(both ``particip``), but also the Spanish *plan* for the English ``planning`` (the English
stemmer's ``plan``). A stem of another language is kept in a field when the corpus has a
word that the field's own language stems the same way and that is spelled like the typed
word (a cognate): *participativo* is close to ``participatif``, *plan* and *planes* are
not close to ``planning``.
"""

from __future__ import annotations

from bisect import bisect_left

from rapidfuzz import fuzz

from kb.analysis import analyze, fold
from kb.generation import Generation

MIN_SIMILARITY = 70.0  # rapidfuzz ratio (0-100) between the typed word and a cognate
MAX_CANDIDATES = 200  # corpus words read per stem


def is_cognate_stem(gen: Generation, word: str, stem: str, lang: str) -> bool:
    """Whether ``stem`` (another language's stem of ``word``) names, in ``lang``, a corpus
    word spelled like ``word`` (a verdict kept with the generation, whose words decide)."""
    return gen.remember("cognate_stem", (word, stem, lang), lambda: _cognate(gen, word, stem, lang))


def _cognate(gen: Generation, word: str, stem: str, lang: str) -> bool:
    typed = fold(word)
    keys = sorted_words(gen)
    start = bisect_left(keys, stem)
    for key in keys[start : start + MAX_CANDIDATES]:
        if not key.startswith(stem):
            break
        if fuzz.ratio(typed, key) >= MIN_SIMILARITY and analyze(lang, key) == [stem]:
            return True
    return False


def sorted_words(gen: Generation) -> list[str]:
    """The corpus's words, folded and sorted (computed once per generation)."""
    cached = gen.cache.get("sorted_words")
    if cached is None:
        cached = sorted(gen.vocabulary.words)
        gen.cache["sorted_words"] = cached
    return cached
