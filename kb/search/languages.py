"""The likely language(s) of a query, and which of its words are stop words there.

Queries are two or three words, too short for a general language detector (lingua, tried
on the judged queries, takes ``le jumelage`` for English and ``o que é o CRAI?`` for
French), so the corpus decides: each word votes for the languages that call it a function
word and for the languages whose documents contain it (its stem in their title or body
fields); the languages with the most votes are the query's. A word is a stop word of the
query when one of those languages calls it so: ``los`` in ``los hermanamientos`` (Spanish)
but not ``era`` in ``the digital era`` (English), whatever the other languages say.
"""

from __future__ import annotations

from kb.analysis import LANGUAGES, analyze, fold, stop_words
from kb.generation import Generation
from kb.schema import text_field

EVIDENCE_FIELDS = ("title", "body")


def query_languages(gen: Generation, typed: list[str]) -> frozenset[str]:
    """The languages that account for most of the query's words (all four on a tie
    with no evidence)."""
    votes = dict.fromkeys(LANGUAGES, 0)
    for word in typed:
        for lang in LANGUAGES:
            votes[lang] += _is_function_word(word, lang) or _in_documents(gen, word, lang)
    best = max(votes.values())
    return frozenset(lang for lang, count in votes.items() if count == best)


def is_stop_word(word: str, languages: frozenset[str]) -> bool:
    """Whether ``word`` is a function word in one of the query's languages."""
    return any(_is_function_word(word, lang) for lang in languages)


def _is_function_word(word: str, lang: str) -> bool:
    return fold(word) in stop_words(lang) or word.lower() in stop_words(lang)


def _in_documents(gen: Generation, word: str, lang: str) -> bool:
    """Whether documents of ``lang`` contain the word (one of its stems there)."""
    reader = gen.searcher.reader()
    return any(
        reader.doc_frequency(text_field(name, lang), term) > 0
        for term in analyze(lang, word)
        for name in EVIDENCE_FIELDS
    )
