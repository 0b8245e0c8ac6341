"""An analysis chain that remembers what it made of each word.

A language's chain (``kb.analysis``) lowercases, drops stop words, stems and folds accents
token by token: what it makes of a word depends on the word alone, and a corpus repeats
the same few thousand words millions of times. ``MemoAnalyzer`` runs the chain's filters
once per distinct word (on a lone token), keeps the outcome, and then passes each token
through one loop instead of a generator per filter. The tokens are the ones the chain
gives, positions included (stop words renumbered as ``SamePositionStopFilter`` does); a
filter it does not know, or a call without morphology, runs the chain itself.

``postings`` gives what the index keeps of a text, each term's positions and the count of
tokens, without making a token at all: the tokenizer's matches, each distinct match
analysed once, positions counted as the chain counts them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from whoosh.analysis import CharsetFilter, LowercaseFilter, Token
from whoosh.analysis.analyzers import CompositeAnalyzer

from kb.tokens import SamePositionStopFilter, Tokenizer, WordStemmer, match_forms

WORD_FILTERS = (LowercaseFilter, SamePositionStopFilter, WordStemmer, CharsetFilter)
MAX_WORDS = 500_000  # distinct words remembered per chain before starting afresh
_CACHES = ("_memo", "_kept", "_several", "_direct")  # never pickled (the schema is)
_WHOLE = itemgetter(0)


class MemoAnalyzer(CompositeAnalyzer):
    """The same chain (same items, same pickled form), memoised per word."""

    def __init__(self, chain: CompositeAnalyzer) -> None:
        super().__init__(*chain.items)
        self._start()

    def _start(self) -> None:
        self._memo: dict[str, tuple[bool, str]] = {}
        self._kept: dict[str, bytes | tuple[bytes, ...]] = {}  # a match → its terms kept
        self._several: set[tuple[bytes, ...]] = set()  # the numbers' pairs of terms
        self._direct: bool | None = None  # whether ``postings`` may skip the tokens

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in _CACHES}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._start()

    def __call__(self, value: str, no_morph: bool = False, **kwargs: Any) -> Iterator[Token]:
        filters = self.items[1:]
        if no_morph or not all(type(f) in WORD_FILTERS for f in filters):
            return super().__call__(value, no_morph=no_morph, **kwargs)
        stop = next((f for f in filters if isinstance(f, SamePositionStopFilter)), None)
        return self._tokens(self.items[0](value, **kwargs), stop)

    def _word(self, text: str) -> tuple[bool, str]:
        """Whether the chain stops ``text``, and the text of its token then."""
        found = self._memo.get(text)
        if found is None:
            if len(self._memo) >= MAX_WORDS:
                self._memo.clear()
            stream: Iterator[Token] = iter([Token(text=text, removestops=False)])
            for item in self.items[1:]:
                stream = item(stream)
            (token,) = stream
            found = self._memo[text] = (bool(token.stopped), token.text)
        return found

    def _tokens(self, tokens: Iterator[Token], stop: Any) -> Iterator[Token]:
        renumber = stop is not None and stop.renumber
        given: int | None = None
        kept = 0
        for t in tokens:
            stopped, text = self._word(t.text)
            if stopped:
                if not t.removestops:
                    t.stopped, t.text = True, text
                    yield t
                continue
            if renumber and t.positions:
                if t.pos != given:
                    kept = t.pos if given is None else kept + 1
                    given = t.pos
                t.pos = kept
            if stop is not None:
                t.stopped = False
            t.text = text
            yield t

    def postings(self, value: str) -> tuple[dict[bytes, list[int]], int] | None:
        """Each term (UTF-8) of ``value`` in the index with its positions, and the number
        of tokens, exactly as the chain's tokens give them (``positions=True``, stop words
        removed and renumbered); None when the chain holds a step this cannot follow."""
        renumber = self._renumbers()
        if renumber is None:
            return None
        known = self._kept
        if len(known) >= MAX_WORDS:
            known.clear()
            self._several.clear()
        tokenizer: Any = self.items[0]  # a kb Tokenizer (``_renumbers``)
        matches = list(map(_WHOLE, tokenizer.expression.finditer(value)))
        terms: list[Any] = list(map(known.get, matches))
        if None in terms:  # words not seen yet
            for index, term in enumerate(terms):
                if term is None:
                    terms[index] = known[matches[index]] = self._kept_terms(matches[index])
        found: defaultdict[Any, list[int]] = defaultdict(list)
        if renumber:  # the kept words, numbered on from the first one's position
            first = next((index for index, term in enumerate(terms) if term), 0)
            for position, term in enumerate(filter(None, terms), first):
                found[term].append(position)
        else:
            for position, term in enumerate(terms):
                found[term].append(position)
            found.pop(b"", None)
        length = sum(map(len, found.values()))
        if self._several.isdisjoint(found):
            return found, length
        return _forms_apart(found, length)

    def _renumbers(self) -> bool | None:
        """Whether the chain renumbers positions past stop words; None when ``postings``
        cannot follow it (a tokenizer or filter that is not kb's)."""
        if self._direct is None:
            items = self.items
            self._direct = (
                type(items[0]) is Tokenizer
                and not items[0].gaps
                and all(type(f) in WORD_FILTERS for f in items[1:])
            )
        if not self._direct:
            return None
        stop = next((f for f in self.items if isinstance(f, SamePositionStopFilter)), None)
        return stop is not None and stop.renumber

    def _kept_terms(self, match: str) -> bytes | tuple[bytes, ...]:
        """The terms the chain keeps of one match of its tokenizer: one term, or none
        (``b""``), or a number's two forms (a tuple)."""
        kept = []
        for form in match_forms(match) or (match,):
            stopped, text = self._word(form)
            if not stopped:
                kept.append(text.encode("utf-8"))
        if len(kept) < 2:
            return kept[0] if kept else b""
        several = tuple(kept)
        self._several.add(several)
        return several


def _forms_apart(found: dict[Any, list[int]], length: int) -> tuple[dict[bytes, list[int]], int]:
    """``found`` with the positions of the words that give two terms (a tuple) given to
    each of their terms, in order; the length counts each term."""
    several = [key for key in found if type(key) is tuple]
    if not several:
        return found, length
    for key in several:
        positions = found.pop(key)
        length += (len(key) - 1) * len(positions)
        for term in key:
            found[term] = sorted(found.get(term, []) + positions)
    return found, length
