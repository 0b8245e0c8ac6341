"""BM25F with statistics per language field, computed once per generation.

Each language has its own fields (``body_es``, ``body_en``...), and a record only fills
the fields of its document's language. Whoosh computes a field's average length and a
term's IDF over every record of the index, which makes the records of a minority language
look long and its words rare. Here both are computed over the records that can hold the
field, so an English case competes with a Spanish one on equal terms. ``FieldStatistics``
is shared by kb's array scoring (``kb.postings``) and Whoosh's phrase scorer below.
"""

from __future__ import annotations

import math
from typing import Any

from whoosh import scoring

IDF_FLOOR = 0.1  # never reached without deleted records: log(n / (n + 1)) + 1 >= 0.3
B = 0.75
K1 = 1.2


class FieldStatistics:
    """Per language field: how many records can hold it, and their average length."""

    def __init__(self, reader: Any, records_per_field: dict[str, int]) -> None:
        self.reader = reader
        self.records = records_per_field
        self._size = reader.doc_count_all()
        self._average: dict[str, float] = {}

    def holders(self, fieldname: str) -> int:
        """How many records can hold ``fieldname`` (every record if not known)."""
        return self.records.get(fieldname) or self._size

    def average_length(self, fieldname: str) -> float:
        """The field's average length over the records that can hold it (1 if empty)."""
        found = self._average.get(fieldname)
        if found is None:
            found = (self.reader.field_length(fieldname) / self.holders(fieldname)) or 1.0
            self._average[fieldname] = found
        return found

    def idf(self, fieldname: str, text: str) -> float:
        """A term's inverse document frequency among the records that can hold the field.

        Whoosh's document frequency still counts the deleted copies of documents updated
        in place (until their segments merge), which can outnumber a small language's live
        records: the floor keeps an edited document found by its own words."""
        n = self.holders(fieldname)
        return max(IDF_FLOOR, math.log(n / (self.reader.doc_frequency(fieldname, text) + 1)) + 1)


class _FieldScorer(scoring.BM25FScorer):
    def __init__(
        self, searcher: Any, fieldname: str, text: str, stats: FieldStatistics, qf: int = 1
    ) -> None:
        self.idf = stats.idf(fieldname, text)
        self.avgfl = stats.average_length(fieldname)
        self.B = B
        self.K1 = K1
        self.qf = qf
        self.setup(searcher, fieldname, text)


class LanguageFieldBM25F(scoring.BM25F):
    """BM25F whose field statistics count only the records that can have the field."""

    def __init__(self, stats: FieldStatistics) -> None:
        super().__init__(B=B, K1=K1)
        self.stats = stats

    def scorer(self, searcher: Any, fieldname: str, text: str, qf: int = 1) -> Any:
        if not searcher.schema[fieldname].scorable:
            return scoring.WeightScorer.for_(searcher, fieldname, text)
        return _FieldScorer(searcher, fieldname, text, self.stats, qf=qf)
