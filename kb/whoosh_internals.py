"""Every read of Whoosh's private structures, in one place, for one release of whoosh3.

kb reads posting blocks, field-length columns, deletion sets and the ``doc_id`` column's
reference array directly, as numpy arrays, because Whoosh's public API yields one value at
a time. Those structures are private and may change in any release, so this module
refuses to load with a whoosh3 other than ``WHOOSH_VERSION`` (pinned in pyproject.toml);
``tests/test_postings.py`` checks the scores computed from them against Whoosh's own.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import whoosh
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

WHOOSH_VERSION = (3, 54, 0)
if tuple(whoosh.__version__[:3]) != WHOOSH_VERSION:
    raise ImportError(
        f"kb reads the internals of whoosh3 {'.'.join(map(str, WHOOSH_VERSION))}; "
        f"{whoosh.versionstring()} is installed: install the version pinned in pyproject.toml"
    )

LENGTH_OF_BYTE = np.array([byte_to_length(i) for i in range(256)], dtype=np.float32)
_REF_TYPES = {"B": ">u1", "H": ">u2", "I": ">u4", "L": ">u4", "Q": ">u8"}
Postings = tuple[np.ndarray, np.ndarray]


def field_length_codes(segreader: Any, fieldname: str) -> np.ndarray | None:
    """A segment's records' lengths in ``fieldname`` as Whoosh stores them, one byte each
    (``LENGTH_OF_BYTE`` turns a byte into its length); None when no record has it."""
    column = segreader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return None
    count = min(column._count, segreader.doc_count_all())
    return np.frombuffer(column._dbfile.get(column._basepos, count), dtype=np.uint8)


def deleted_records(reader: Any) -> np.ndarray:
    """A mask of the records deleted in the reader's segments."""
    mask = np.zeros(reader.doc_count_all(), dtype=bool)
    for segreader, offset in reader.leaf_readers():
        if segreader.has_deletions():
            gone = np.fromiter(segreader._perdoc.deleted_docs(), dtype=np.int64)
            mask[gone + offset] = True
    return mask


def read_postings(segreader: Any, fieldname: str, text: str) -> Postings:
    """All record numbers and weights of a term in one segment, block by block."""
    matcher = segreader.postings(fieldname, text)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block"):
        ids_parts: list[np.ndarray] = []
        weight_parts: list[np.ndarray] = []
        while matcher.is_active():
            ids_parts.append(_block_ids(matcher))
            matcher._read_weights()
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


def _block_ids(matcher: Any) -> np.ndarray:
    """The record numbers of the matcher's current block: the stored gaps summed with
    numpy (Whoosh sums them one by one in Python)."""
    if matcher._byteids:
        matcher._read_ids()
        return np.asarray(matcher._ids, dtype=np.int64)
    if matcher._data is None:
        matcher._read_data()
    return np.cumsum(np.asarray(matcher._data[0], dtype=np.int64))


def column_refs(segreader: Any, name: str) -> tuple[np.ndarray, list[str]]:
    """For every record of a segment, the position of its value of a reference column
    (such as ``doc_id``) in the list of the segment's distinct values; read in bulk."""
    column = segreader.column_reader(name, translate=False)
    count = segreader.doc_count_all()
    try:
        raw = column._dbfile.get(column._basepos, count * column._itemsize)
        local = np.frombuffer(raw, dtype=_REF_TYPES[column._typecode]).astype(np.int64)
        values = [u.decode("utf-8") if isinstance(u, bytes) else u for u in column._uniques]
    except (AttributeError, KeyError):  # another column type: one value at a time
        values = [column[n] for n in range(count)]
        values = [v.decode("utf-8") if isinstance(v, bytes) else v for v in values]
        local = np.arange(count, dtype=np.int64)
    return local, values
