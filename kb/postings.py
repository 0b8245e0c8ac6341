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

import math
from collections import OrderedDict
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

B = 0.75
K1 = 1.2
_LENGTH_OF_BYTE = np.array([byte_to_length(i) for i in range(256)], dtype=np.float32)
Postings = tuple[np.ndarray, np.ndarray]
MAX_CACHED_TERMS = 200_000  # absent terms are cached too (as None)


class FieldIndex:
    """Posting lists and field lengths of one opened generation, as arrays."""

    def __init__(
        self, reader: Any, records_per_field: dict[str, int], cache_bytes: int = 64 * 1024 * 1024
    ):
        self.reader = reader
        self.size = reader.doc_count_all()
        self.leaves = list(reader.leaf_readers())
        self.records = records_per_field
        self._lengths: dict[str, np.ndarray] = {}
        self._cache: OrderedDict[tuple[str, str], Postings | None] = OrderedDict()
        self._cache_bytes = cache_bytes
        self._cached = 0
        self.deleted = deleted_records(reader)

    def lengths(self, fieldname: str) -> np.ndarray:
        """Every record's length in ``fieldname`` (tokens, as Whoosh stores it: one byte)."""
        found = self._lengths.get(fieldname)
        if found is None:
            found = np.zeros(self.size, dtype=np.float32)
            for segreader, offset in self.leaves:
                column = segreader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
                if column is None:
                    continue
                count = min(column._count, segreader.doc_count_all())
                raw = np.frombuffer(column._dbfile.get(column._basepos, count), dtype=np.uint8)
                found[offset : offset + count] = _LENGTH_OF_BYTE[raw]
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
            matcher = segreader.postings(fieldname, text)
            if isinstance(matcher, FilterMatcher):
                matcher = matcher.child
            ids, weights = _read_all(matcher)
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
        n = self.records.get(fieldname) or self.size
        idf = math.log(n / (self.reader.doc_frequency(fieldname, text) + 1)) + 1
        average = (self.reader.field_length(fieldname) / n) or 1.0
        lengths = self.lengths(fieldname)[ids]
        scores = idf * (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / average))
        return ids, scores.astype(np.float32)


def deleted_records(reader: Any) -> np.ndarray:
    """A mask of the records deleted in the reader's segments."""
    mask = np.zeros(reader.doc_count_all(), dtype=bool)
    for segreader, offset in reader.leaf_readers():
        if segreader.has_deletions():
            gone = np.fromiter(segreader._perdoc.deleted_docs(), dtype=np.int64)
            mask[gone + offset] = True
    return mask


def _read_all(matcher: Any) -> Postings:
    """All postings of a leaf matcher, block by block."""
    if hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block"):
        ids_parts: list[np.ndarray] = []
        weight_parts: list[np.ndarray] = []
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids_parts.append(np.asarray(matcher._ids, dtype=np.int64))
            weight_parts.append(np.asarray(matcher._weights, dtype=np.float32))
            matcher._next_block()
        if not ids_parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        return np.concatenate(ids_parts), np.concatenate(weight_parts)
    ids, weights = [], []
    while matcher.is_active():  # any other matcher: one posting at a time
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32)
