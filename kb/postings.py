"""BM25F over whole posting lists at once, with numpy.

Whoosh scores one posting at a time in Python; kb needs the scores of every matching
record (to collapse sections into documents and to count facets), so it reads each
posting block as arrays and scores them in one vector operation. Field statistics are
counted per language field (see ``kb.scoring``): a record only fills the fields of its
document's language, and averages over every record would make minority languages look
long and rare.

This module reads Whoosh's codec structures (``W3LeafMatcher`` blocks and the per-field
length columns); ``tests/test_postings.py`` checks its scores against Whoosh's own.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import numpy as np

from kb.scoring import K1, B, FieldStatistics
from kb.whoosh_internals import (
    LENGTH_OF_BYTE,
    Postings,
    deleted_records,
    field_length_codes,
    read_postings,
)

MAX_CACHED_TERMS = 200_000  # absent terms are cached too (as None)


class FieldIndex:
    """Posting lists and field lengths of one opened generation, as arrays."""

    def __init__(self, reader: Any, stats: FieldStatistics, cache_bytes: int = 64 * 1024 * 1024):
        self.reader = reader
        self.size = reader.doc_count_all()
        self.leaves = list(reader.leaf_readers())
        self.stats = stats
        self._lengths: dict[str, np.ndarray] = {}
        self._cache: OrderedDict[tuple[str, str], Postings | None] = OrderedDict()
        self._cache_bytes = cache_bytes
        self._cached = 0
        self.deleted = deleted_records(reader)

    def length_codes(self, fieldname: str) -> np.ndarray:
        """Every record's length in ``fieldname`` as Whoosh stores it, one byte a record
        (a quarter of the memory of the lengths themselves; ``LENGTH_OF_BYTE`` decodes)."""
        found = self._lengths.get(fieldname)
        if found is None:
            found = np.zeros(self.size, dtype=np.uint8)
            for segreader, offset in self.leaves:
                codes = field_length_codes(segreader, fieldname)
                if codes is not None:
                    found[offset : offset + len(codes)] = codes
            self._lengths[fieldname] = found
        return found

    def postings(self, fieldname: str, text: str) -> Postings | None:
        """Record numbers and weights of a term, deleted records left out (cached)."""
        key = (fieldname, text)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        ids_parts: list[np.ndarray] = []
        weight_parts: list[np.ndarray] = []
        for segreader, offset in self.leaves:
            if (fieldname, text) not in segreader:
                continue
            ids, weights = read_postings(segreader, fieldname, text)
            ids_parts.append(ids + offset)
            weight_parts.append(weights)
        result: Postings | None = None
        if ids_parts:
            ids = np.concatenate(ids_parts)
            weights = np.concatenate(weight_parts)
            keep = ~self.deleted[ids]
            result = (ids[keep].astype(np.int32), weights[keep])
            self._cached += result[0].nbytes + result[1].nbytes
        self._cache[key] = result
        while (self._cached > self._cache_bytes or len(self._cache) > MAX_CACHED_TERMS) and len(
            self._cache
        ) > 1:
            _key, dropped = self._cache.popitem(last=False)
            if dropped is not None:
                self._cached -= dropped[0].nbytes + dropped[1].nbytes
        return result

    def bm25(self, fieldname: str, text: str) -> Postings | None:
        """Record numbers and BM25 scores of a term in a field."""
        found = self.postings(fieldname, text)
        if found is None:
            return None
        ids, weights = found
        idf = self.stats.idf(fieldname, text)
        average = self.stats.average_length(fieldname)
        lengths = LENGTH_OF_BYTE[self.length_codes(fieldname)[ids]]
        scores = idf * (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / average))
        return ids, scores.astype(np.float32)


__all__ = ["FieldIndex", "deleted_records"]
