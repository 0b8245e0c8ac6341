"""Two Whoosh posting formats that hold what kb reads and nothing more.

``Counts`` is Whoosh's ``Frequency`` without its per-posting value: Whoosh stores every
posting's frequency twice, as its weight and again as four bytes, and kb (like Whoosh's
scorers) reads the weight only. ``Positions`` writes a posting's positions as gaps in
variable-length bytes (one byte below 128) where Whoosh's writes a four-byte count and
a pickled list; a phrase query reads them through ``decode_positions`` as with Whoosh's.
The index keeps these classes' names (a schema is pickled with it): they stay here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from whoosh import formats
from whoosh.analysis import RegexTokenizer
from whoosh.analysis.analyzers import CompositeAnalyzer


class Counts(formats.Frequency):
    """Frequencies as weights only (no value per posting). The words of an analyzer that
    is one regular expression (``kb.analysis.spelling_analyzer``) are its matches: they
    are counted without making a token of each."""

    posting_size = 0

    def word_values(
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterable[tuple[bytes, int, float, bytes]]:
        counts = self.counts(value, analyzer)
        if counts is None:  # tokens, boosts summed
            found = super().word_values(value, analyzer, **kwargs)
            return ((word, freq, weight, b"") for word, freq, weight, _value in found)
        boost = self.field_boost
        words: Any = counts.items()  # Whoosh's formats give words as text, fields encode them
        return ((word, freq, freq * boost, b"") for word, freq in words)

    def counts(self, value: Any, analyzer: Any) -> Counter[str] | None:
        """How many times each word of ``value`` occurs, when the analyzer is one regular
        expression (its words are its matches); None otherwise."""
        pattern = _lone_pattern(analyzer)
        if pattern is None or not isinstance(value, str):
            return None
        return Counter(pattern.findall(value))

    def decode_frequency(self, valuestring: bytes) -> int:
        raise ValueError("a Counts posting has no value: read its weight")

    def decode_weight(self, valuestring: bytes) -> float:
        raise ValueError("a Counts posting has no value: read its weight")

    def combine(self, vs: Iterable[bytes]) -> bytes:
        return b""


def _lone_pattern(analyzer: Any) -> re.Pattern[str] | None:
    """The expression of an analyzer that only matches it (tokens of boost 1), or None."""
    items = analyzer.items if isinstance(analyzer, CompositeAnalyzer) else [analyzer]
    if len(items) == 1 and type(items[0]) is RegexTokenizer and not items[0].gaps:
        found: re.Pattern[str] = items[0].expression
        return found
    return None


class Positions(formats.Positions):
    """Positions as variable-length gaps."""

    def encode(self, poslist: Any) -> bytes:
        # A new bytes object each time (``bytes`` of a one-item list is a shared one): a
        # block pickles a value met before as a reference to it, longer than the byte
        if len(poslist) == 1 and poslist[0] < 0x80:
            return bytes((poslist[0],))  # most words occur once in a record
        gaps = [pos - base for base, pos in zip([0, *poslist], poslist, strict=False)]
        if max(gaps, default=0) < 0x80:
            return bytes(gaps)
        out = bytearray()
        for gap in gaps:
            while gap >= 0x80:
                out.append((gap & 0x7F) | 0x80)
                gap >>= 7
            out.append(gap)
        return bytes(out)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        positions: list[int] = []
        position = gap = shift = 0
        for byte in valuestring:
            gap |= (byte & 0x7F) << shift
            if byte & 0x80:
                shift += 7
                continue
            position += gap
            positions.append(position)
            gap = shift = 0
        return positions

    def decode_frequency(self, valuestring: bytes) -> int:
        return sum(1 for byte in valuestring if not byte & 0x80)

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost
