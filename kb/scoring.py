"""BM25F with statistics per language field.

Each language has its own fields (``body_es``, ``body_en``...), and a record only fills
the fields of its document's language. Whoosh computes a field's average length and a
term's IDF over every record of the index, which makes the records of a minority language
look long and its words rare. Here both are computed over the records that can hold the
field, so an English case competes with a Spanish one on equal terms.
"""

from __future__ import annotations

import math
from typing import Any

from whoosh import scoring


class _FieldScorer(scoring.BM25FScorer):
    def __init__(
        self,
        searcher: Any,
        fieldname: str,
        text: str,
        B: float,
        K1: float,
        records: int,
        qf: int = 1,
    ) -> None:
        parent = searcher.get_parent()
        n = records or parent.doc_count_all()
        self.idf = math.log(n / (parent.doc_frequency(fieldname, text) + 1)) + 1
        self.avgfl = (parent.field_length(fieldname) / n) or 1
        self.B = B
        self.K1 = K1
        self.qf = qf
        self.setup(searcher, fieldname, text)


class LanguageFieldBM25F(scoring.BM25F):
    """BM25F whose field statistics count only the records that can have the field."""

    def __init__(self, records_per_field: dict[str, int], B: float = 0.75, K1: float = 1.2) -> None:
        super().__init__(B=B, K1=K1)
        self.records = records_per_field

    def scorer(self, searcher: Any, fieldname: str, text: str, qf: int = 1) -> Any:
        if not searcher.schema[fieldname].scorable:
            return scoring.WeightScorer.for_(searcher, fieldname, text)
        return _FieldScorer(
            searcher, fieldname, text, self.B, self.K1, self.records.get(fieldname, 0), qf=qf
        )
