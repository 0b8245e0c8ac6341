"""An analysis chain that remembers what it made of each word.

A language's chain (``kb.analysis``) lowercases, drops stop words, stems and folds accents
token by token: what it makes of a word depends on the word alone, and a corpus repeats
the same few thousand words millions of times. ``MemoAnalyzer`` runs the chain's filters
once per distinct word (on a lone token), keeps the outcome, and then passes each token
through one loop instead of a generator per filter. The tokens are the ones the chain
gives, positions included (stop words renumbered as ``SamePositionStopFilter`` does); a
filter it does not know, or a call without morphology, runs the chain itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.analysis import CharsetFilter, LowercaseFilter, Token
from whoosh.analysis.analyzers import CompositeAnalyzer

from kb.tokens import SamePositionStopFilter, WordStemmer

WORD_FILTERS = (LowercaseFilter, SamePositionStopFilter, WordStemmer, CharsetFilter)
MAX_WORDS = 500_000  # distinct words remembered per chain before starting afresh


class MemoAnalyzer(CompositeAnalyzer):
    """The same chain (same items, same pickled form), memoised per word."""

    def __init__(self, chain: CompositeAnalyzer) -> None:
        super().__init__(*chain.items)
        self._memo: dict[str, tuple[bool, str]] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_memo"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._memo = {}

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
