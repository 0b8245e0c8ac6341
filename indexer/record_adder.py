"""A record added to a Whoosh segment writer as its ``add_document`` adds it, faster.

The postings, field lengths, stored values and columns are Whoosh's, for a schema without
term vectors or spelling fields. A text field whose format is ``kb.formats.Positions`` is
analysed without making a token of each word (``MemoAnalyzer.postings``), a field in
``kb.formats.Counts`` is counted with its expression, and each goes into the writer's
``TermPool`` a field at a time, as flat per-term lists. A record without a field (most
records lack most of the 25 text fields) gets that field's zero length in one write.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from itertools import repeat
from operator import mul
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import length_to_byte

import kb.whoosh_internals  # noqa: F401  (refuses any Whoosh release but the pinned one)
from kb.formats import Counts, Positions


def add_record(writer: Any, fields: dict[str, Any]) -> None:
    """Add the record ``fields`` (Whoosh's ``add_document`` keywords) as record number
    ``writer.docnum`` of ``writer`` (an ``indexer.segment_writer.Writer``)."""
    perdoc, schema, docnum = writer.perdocwriter, writer.schema, writer.docnum
    docboost = writer._doc_boost(fields)
    names = sorted([name for name in fields if not name.startswith("_")])
    writer._check_fields(schema, names)
    perdoc.start_doc(docnum)
    try:
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            stored = fields.get(f"_stored_{name}", value)
            if field.stored and stored is not None:
                perdoc._storedfields[name] = stored
            if field.indexed:
                boost = writer._field_boost(fields, name, docboost)
                length = _index(writer.terms, docnum, name, field, value, boost)
                if length and field.scorable:
                    _add_length(perdoc, docnum, name, length)
            if field.column_type and stored is not None:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(stored))
    except ValueError:
        perdoc.cancel_doc()
        raise
    perdoc.finish_doc()


def _add_length(perdoc: Any, docnum: int, name: str, length: int) -> None:
    """``W3PerDocWriter.add_field``'s length: its byte in the field's length column (the
    records before it that lack the field filled with zeros at once, not one by one)."""
    column = _lenfield(name)
    if column not in perdoc._colwriters:
        perdoc._create_column(column, LENGTHS_COLUMN)
    lengths = perdoc._colwriters[column]
    if docnum > lengths._count:
        lengths._dbfile.write(lengths._defaultbytes * (docnum - lengths._count))
        lengths._count = docnum
    lengths.add(docnum, length_to_byte(length))
    perdoc._fieldlengths[name] += length


def _index(terms: Any, docnum: int, name: str, field: Any, value: Any, boost: float) -> int:
    """Add the postings of one field of a record to the pool ``terms``; its length."""
    format_ = field.format
    found = counts = None
    if type(format_) is Positions and isinstance(value, str):
        found = getattr(field.analyzer, "postings", _none)(value)
    elif type(format_) is Counts:
        counts = format_.counts(value, field.analyzer)
    if found is not None:
        return _positions(terms.field_terms(name), docnum, format_, found, boost, terms)
    if counts is not None:
        return _counts(terms.field_terms(name), docnum, format_, counts, boost, terms)
    length = 0
    for term, freq, weight, vbytes in field.index(value):
        terms.add((name, term, docnum, weight * boost, vbytes))
        length += freq
    return length


def _none(_value: str) -> None:
    return None  # an analyzer without ``postings``: Whoosh's tokens


def _positions(
    by_term: Any,
    docnum: int,
    format_: Positions,
    found: tuple[dict[bytes, list[int]], int],
    boost: float,
    terms: Any,
) -> int:
    """Add a text's postings with positions; its length (tokens)."""
    positions_of, length = found
    lists = positions_of.values()
    # a term's weight is Whoosh's: its frequency times the field's boost, times the record's
    weights = map(mul, map(mul, map(len, lists), repeat(format_.field_boost)), repeat(boost))
    _extend(by_term, positions_of, zip(repeat(docnum), weights, map(format_.encode, lists)))
    terms.held(len(positions_of))
    return length


def _counts(
    by_term: Any, docnum: int, format_: Counts, counts: dict[str, int], boost: float, terms: Any
) -> int:
    """Add a text's postings with frequencies only; its length (words)."""
    freqs = counts.values()
    weights = map(mul, map(mul, freqs, repeat(format_.field_boost)), repeat(boost))
    _extend(by_term, map(str.encode, counts), zip(repeat(docnum), weights, repeat(b"")))
    terms.held(len(counts))
    return sum(freqs)


def _extend(by_term: Any, keys: Iterable[bytes], entries: Iterable[tuple[Any, ...]]) -> None:
    """Append each entry (record, weight, value) to the postings of its term (a
    ``defaultdict``), without a Python loop: a text's postings are many."""
    deque(map(list.extend, map(by_term.__getitem__, keys), entries), maxlen=0)
