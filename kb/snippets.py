"""Snippets: the best window of a passage, escaped, with the matching words in <mark>.

Highlighting works on the text as written: the analyzer only decides which words match,
so a reader sees ``hermanamientos``, not the stem ``herman``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache, partial
from html import escape

from kb.analysis import fold, index_terms
from kb.tokens import WORD_PATTERN

_TOKEN = re.compile(WORD_PATTERN)  # the analyzer's words: ``0,7 %`` is marked whole
WINDOW = 32
MAX_READ = 20_000  # characters of a passage read for its snippet: bounds a huge section's cost
MAX_GAP = 16  # characters between two words of a phrase (a stop word or two)
_OPENERS = '.!?:;¿¡"“«(—–-•*'  # after these (or a line break) a capital says nothing
Span = tuple[int, int, str]  # start, end, the analysed form that matched


@lru_cache(maxsize=200_000)
def _forms(lang: str, word: str) -> tuple[str, ...]:
    return tuple(index_terms(lang, word))


_fold = lru_cache(maxsize=200_000)(fold)  # a text's words, folded to find a name's cases


def matching_spans(text: str, lang: str, terms: frozenset[str]) -> list[tuple[int, int, str]]:
    """The (start, end, term) of each word of ``text`` whose analysis is in ``terms``."""
    return Analysed(text, lang).spans(terms)


class Analysed:
    """A text read once: its words as written and where each analysed form stands,
    shared by its snippet and by the explanation of a hit."""

    def __init__(self, text: str, lang: str, wanted: frozenset[str] | None = None) -> None:
        """``wanted``: the only forms anyone will look for (None: all of them)."""
        self.text = text
        self.lang = lang
        self.tokens = list(_TOKEN.finditer(text, 0, MAX_READ))
        self.forms = list(map(partial(_forms, lang), map(re.Match.group, self.tokens)))
        self.positions: dict[str, list[int]] = {}
        self._folds: list[str] | None = None
        # A text's words repeat: which of them hold a wanted form is decided once per word.
        kept = {f for f in set(self.forms) if wanted is None or not wanted.isdisjoint(f)}
        for position in [i for i, forms in enumerate(self.forms) if forms in kept]:
            for form in self.forms[position]:
                if wanted is None or form in wanted:
                    self.positions.setdefault(form, []).append(position)

    def spans(self, terms: frozenset[str]) -> list[Span]:
        """The (start, end, form) of each word one of whose forms is in ``terms``."""
        found: dict[int, str] = {}
        for term in terms:
            for position in self.positions.get(term, ()):
                found.setdefault(position, term)
        return [(self.tokens[p].start(), self.tokens[p].end(), found[p]) for p in sorted(found)]

    def span(self, position: int) -> Span:
        """Word ``position`` as a span, with its first form."""
        token = self.tokens[position]
        forms = self.forms[position]
        return token.start(), token.end(), forms[0] if forms else ""

    def phrases(self, sequence: Sequence[str]) -> list[tuple[int, int]]:
        """The first and last word of each place where the forms of ``sequence`` follow
        one another, with nothing between them but stop words."""
        found = []
        for first in self.positions.get(sequence[0], ()) if sequence else ():
            last = self._follows(first, sequence[1:])
            if last is not None:
                found.append((first, last))
        return found

    def _follows(self, position: int, rest: Sequence[str]) -> int | None:
        """The position of the last of ``rest`` if its forms follow word ``position`` in
        order, with nothing between them but stop words; else None."""
        for form in rest:
            previous = position
            position += 1
            while position < len(self.forms) and not self.forms[position]:
                position += 1  # a stop word
            if position >= len(self.forms) or form not in self.forms[position]:
                return None
            gap = self.tokens[position].start() - self.tokens[previous].end()
            if gap > MAX_GAP:
                return None
        return position

    def cases(self, folded: str) -> tuple[int, int]:
        """How often the word ``folded`` (lower case, no accents) is written with a capital
        in mid-sentence, and in lower case: a name, or a common word."""
        proper = common = 0
        if self._folds is None:
            self._folds = list(map(_fold, map(re.Match.group, self.tokens)))
        for token in [t for t, f in zip(self.tokens, self._folds, strict=True) if f == folded]:
            written = token.group()
            before = self.text[max(0, token.start() - 4) : token.start()].rstrip(" ")
            if not before or before[-1] in _OPENERS or before[-1] == "\n":
                continue  # a capital at the start of a sentence or an item says nothing
            proper += written[:1].isupper()
            common += written.islower()
        return proper, common

    def written(self, first: int, last: int) -> str:
        """The text from word ``first`` to word ``last``, as written."""
        return self.text[self.tokens[first].start() : self.tokens[last].end()]


def snippet(
    text: str | Analysed,
    lang: str,
    terms: frozenset[str],
    fallback: str = "",
    window: int = WINDOW,
    marks: list[Span] | None = None,
    strong: frozenset[int] = frozenset(),
) -> str:
    """Safe HTML: about ``window`` words of ``text`` around its densest run of matches:
    the words whose forms are in ``terms``, or the ``marks`` given instead. The window
    shows most distinct forms, then most of the marks starting at ``strong`` offsets."""
    analysed = text if isinstance(text, Analysed) else Analysed(text, lang)
    text, tokens = analysed.text, analysed.tokens
    if not tokens:
        return escape(fallback[:300])
    found = analysed.spans(terms) if marks is None else marks
    spans = {start: (end, form) for start, end, form in found}
    if not spans:
        first = tokens[min(window, len(tokens)) - 1]
        return _render(text, 0, first.end(), {}, tail=first.end() < len(text))
    marked = [i for i, t in enumerate(tokens) if t.start() in spans]
    best, best_key = 0, (-1, -1, -1)
    for index in marked:
        begin = max(0, index - 3)
        inside = [tokens[i].start() for i in marked if begin <= i < begin + window]
        forms = {spans[start][1] for start in inside}
        key = (len(forms), len(strong.intersection(inside)), len(inside))
        if key > best_key:
            best, best_key = begin, key
    last = min(len(tokens), best + window) - 1
    start = tokens[best].start() if best > 0 else 0
    end = tokens[last].end()
    return _render(text, start, end, spans, head=start > 0, tail=end < len(text))


def _render(
    text: str,
    start: int,
    end: int,
    spans: dict[int, tuple[int, str]],
    head: bool = False,
    tail: bool = False,
) -> str:
    out = ["… " if head else ""]
    position = start
    for span_start in sorted(s for s in spans if start <= s < end):
        span_end = spans[span_start][0]
        out.append(escape(text[position:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    out.append(escape(text[position:end]))
    out.append(" …" if tail else "")
    return "".join(out).strip()
