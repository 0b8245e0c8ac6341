"""The likely language(s) of a query, guessed once per search, and its stop words.

Queries are two or three words, too short for a general language detector (lingua, tried
on the judged queries, takes ``le jumelage`` for English and ``o que é o CRAI?`` for
French), so each word votes: for the languages that call it a function word, and for the
languages that have it. Two questions use the votes, each with its own evidence of
"having" a word:

- which words are stop words of the query (``languages``): the corpus decides, a word
  votes for the languages whose documents contain it (its stem in their title or body
  fields). A word is a stop word when one of the winning languages calls it so: ``los``
  in ``los hermanamientos`` (Spanish) but not ``era`` in ``the digital era`` (English);
- which languages a spelling suggestion must suit (``around``): the word lists of
  ``kb.wordlists`` decide, and the word being corrected does not vote (a misspelling is
  in no list, and the corpus may lack a correct word of the query).

A word's corpus vote depends only on the generation: it is kept with it
(``Generation.remember``), so a new generation (its documents changed) votes again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kb.analysis import LANGUAGES, analyze, fold, stop_words
from kb.generation import Generation
from kb.schema import text_field
from kb.wordlists import languages_of

EVIDENCE_FIELDS = ("title", "body")


@dataclass(frozen=True)
class Vote:
    """What one typed word says of its language."""

    function: frozenset[str]  # the languages that call it a function word
    corpus: frozenset[str]  # the languages whose documents contain it
    lexicon: frozenset[str]  # the languages whose word list has it


@dataclass(frozen=True)
class QueryLanguages:
    """The query's words' votes, and the languages they elect."""

    votes: dict[str, Vote]  # typed word → its vote
    languages: frozenset[str]  # by the corpus: the query's stop words are theirs

    def around(self, query: Sequence[str], word: str) -> frozenset[str]:
        """The languages most of ``query``'s other words belong to by the word lists
        (``word`` aside, empty when none is known): what a correction of ``word`` suits."""
        key = fold(word)
        others = [self._vote(w) for w in query if fold(w) != key]
        return elected(v.function | v.lexicon for v in others)

    def _vote(self, word: str) -> Vote:
        found = self.votes.get(word)
        return found if found is not None else Vote(frozenset(), frozenset(), _lexicon(word))


def guess(gen: Generation, typed: list[str]) -> QueryLanguages:
    """The votes of the typed words, counted once for the search."""
    votes = {
        word: Vote(_function(word), _corpus_languages(gen, word), _lexicon(word))
        for word in dict.fromkeys(typed)
    }
    languages = elected(votes[w].function | votes[w].corpus for w in typed)
    return QueryLanguages(votes, languages)


def elected(ballots: Iterable[frozenset[str]]) -> frozenset[str]:
    """The languages named by most ballots (empty when none names any)."""
    counts = Counter(lang for ballot in ballots for lang in ballot)
    most = max(counts.values(), default=0)
    return frozenset(lang for lang in LANGUAGES if most and counts[lang] == most)


def is_stop_word(word: str, languages: frozenset[str]) -> bool:
    """Whether ``word`` is a function word in one of the query's languages."""
    return bool(_function(word) & languages)


def _function(word: str) -> frozenset[str]:
    key = fold(word)
    return frozenset(lang for lang in LANGUAGES if key in stop_words(lang))


def _lexicon(word: str) -> frozenset[str]:
    return languages_of(fold(word))


def _corpus_languages(gen: Generation, word: str) -> frozenset[str]:
    """The languages whose documents contain the word (one of its stems there), kept with
    the generation."""
    return gen.remember("corpus_languages", word, lambda: _in_documents(gen, word))


def _in_documents(gen: Generation, word: str) -> frozenset[str]:
    reader = gen.searcher.reader()
    return frozenset(
        lang
        for lang in LANGUAGES
        if any(
            reader.doc_frequency(text_field(name, lang), term) > 0
            for term in analyze(lang, word)
            for name in EVIDENCE_FIELDS
        )
    )
