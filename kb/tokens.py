"""Words as tokens: numbers, percentages, ordinals and dotted acronyms kept whole.

A number is one token whichever separator it is written with, and its marks become a
second form at the same position, so that the index and the query meet:

- ``0,7`` and ``0.7`` → ``0.7`` (one separator followed by any digits but a group of
  three: a decimal);
- ``20.000``, ``20,000`` and ``20 000`` → ``20000`` (groups of three digits after a first
  group of one to three that is not ``0``: thousands, as Spanish, Portuguese and French write
  them with a dot or a space and English with a comma; ``1.234,56`` → ``1234.56``). A
  decimal with exactly three decimals (``1,500`` meaning one and a half) is read as
  thousands: it is rare in prose, and both spellings of the query are read the same way;
- ``0,7 %``, ``0,7%`` → ``0.7`` and ``0.7%``;
- ``11.º``, ``11º``, ``11ª``, ``11°``, ``11th``, ``1st``, ``1er``, ``2e``, ``2ème``, ``2do``
  → ``11`` and ``11º``;
- ``O.N.U.``, ``EE.UU.`` → ``ONU``, ``EEUU`` (then lowercased by the chain).

Tokens that start with a digit are never stemmed (``2ème`` stays ``2``, ``2º``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import PyStemmerFilter, RegexTokenizer, StopFilter, Token

_SPACE = "[ \u00a0\u202f\u2009]"  # a space, no-break space, narrow no-break, thin
_GROUPED = rf"[1-9]\d{{0,2}}(?:(?P<sep>[.,]|{_SPACE})\d{{3}}(?!\d))(?:(?P=sep)\d{{3}}(?!\d))*"
_PLAIN = r"\d+(?:[.,]\d+)*"
_PERCENT = rf"{_SPACE}?%"
_ORDINAL = r"\.?[ºª°]|(?:st|nd|rd|th|er|re|ère|ere|ème|eme|e|do|ro|to|mo|vo|no|da|ra|ta)\b"
NUMBER = rf"(?<![\w.,])(?:{_GROUPED}(?:[.,]\d+)?|{_PLAIN})(?:{_PERCENT}|{_ORDINAL})?(?!\w)"
ACRONYM = r"(?<!\w)(?:[^\W\d_]{1,2}\.){2,}"
WORD_PATTERN = rf"{NUMBER}|{ACRONYM}|\w+(?:['’]\w+)*"

_NUMBER_RE = re.compile(NUMBER)
_SPACED = re.compile(r"(?<![\w.,])[1-9]\d{0,2}(?: \d{3}(?!\d))+|(?<=\d) +(?=%)")


def is_number(text: str) -> bool:
    """Whether a token is a number (starts with a digit): never stemmed, never too short."""
    return text[:1].isdigit()


def number_forms(text: str) -> tuple[str, ...]:
    """The forms a written number gives: its value, then the value with its mark.

    ``0,7 %`` → ``("0.7", "0.7%")``; ``20.000`` → ``("20000",)``; ``1.º`` → ``("1", "1º")``.
    """
    digits = re.match(r"[\d.,\s\u00a0\u202f\u2009]*\d", text)
    assert digits is not None, text
    mark = text[digits.end() :].strip()
    value = _value(digits.group())
    if not mark:
        return (value,)
    return (value, value + ("%" if mark == "%" else "º"))


def _value(written: str) -> str:
    """A written number with its thousands separators removed and a ``.`` for decimals."""
    grouped = re.fullmatch(_GROUPED + r"(?P<dec>[.,]\d+)?", written)
    if grouped:
        whole = re.sub(r"\D", "", written[: grouped.start("dec")] if grouped["dec"] else written)
        return whole + ("." + grouped["dec"][1:] if grouped["dec"] else "")
    return written.replace(",", ".")


def glue_numbers(text: str) -> str:
    """A query with the spaces inside its numbers removed (``20 000`` → ``20000``,
    ``0,7 %`` → ``0,7%``), so that a number typed with spaces stays one word."""
    return _SPACED.sub(lambda m: m.group().replace(" ", ""), text)


class Tokenizer(RegexTokenizer):
    """Words, numbers and acronyms (``WORD_PATTERN``); a number gives its value and, at the
    same position, its value with its mark (``0.7`` and ``0.7%``)."""

    def __init__(self) -> None:
        super().__init__(WORD_PATTERN)

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Token]:  # type: ignore[override]
        for token in super().__call__(value, **kwargs):
            found = match_forms(token.text)
            if found is None:
                yield token
                continue
            marked = token.copy() if len(found) > 1 else None
            token.text = found[0]
            yield token
            if marked is not None:
                marked.text = found[1]
                yield marked


def match_forms(text: str) -> tuple[str, ...] | None:
    """The tokens one match of ``WORD_PATTERN`` gives at its position when they are not the
    match itself (a number's forms, a dotted acronym without its dots), else None."""
    if text[:1].isdigit() and _NUMBER_RE.fullmatch(text):  # a number starts so
        return number_forms(text)
    if text.endswith(".") and len(text) > 2:
        return (text.replace(".", ""),)  # a dotted acronym
    return None


class SamePositionStopFilter(StopFilter):
    """``StopFilter`` that, when it renumbers, keeps the forms sharing a position (``0.7``
    and ``0.7%``) at one position, so that phrases with a number still match.

    A lone digit (``6``) is dropped as too short, as before: it is in most documents
    (dates, lists) and prose often writes it as a word (*seis*); ``0.7``, ``11``, ``1º``
    and ``5%`` are kept."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:  # type: ignore[override]
        given: int | None = None
        kept = 0
        for t in tokens:
            if len(t.text) < self.min or t.text in self.stops:
                if not t.removestops:
                    t.stopped = True
                    yield t
                continue
            if t.positions and self.renumber:
                if t.pos != given:
                    kept = t.pos if given is None else kept + 1
                    given = t.pos
                t.pos = kept
            t.stopped = False
            yield t


class WordStemmer(PyStemmerFilter):
    """``PyStemmerFilter`` that leaves numbers as they are (``2ème`` is not ``2em``)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:  # type: ignore[override]
        stem = self._stem
        for t in tokens:
            if not t.stopped and not is_number(t.text):
                t.text = stem(t.text)
            yield t
