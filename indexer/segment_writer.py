"""Whoosh's segment writer with the two costs of its commit taken out: the posting pool
and the length lookups. Whoosh reads the segments it writes as its own.

The pool: Whoosh's own sorts every posting (a tuple), writes each one to a run file
with its own ``pickle.dump``, then merges the runs posting by posting: about a quarter
of a build's time. This pool appends each posting to its term's list, flat (record,
weight, value, record, …: a writer adds documents in increasing number, so each list is
already in order), sorts only the terms, and spills a run to disk as a few large pickles
when it holds too many postings. The postings it hands to the codec are exactly the
ones, in exactly the order, of Whoosh's. Records come in through ``add_document``
(``indexer.record_adder``: a field's postings at once, no token per word).

The lengths: the codec asks, for every posting, the length of its field in its record,
one column lookup and one decoded byte at a time; here each field's lengths are read in
one piece the first time it asks.

The postings: Whoosh's codec takes them one call (and one type check) at a time; here a
term's postings go into its postings writer a block at a time. Its blocks are Whoosh's
blocks, read by Whoosh's reader, written smaller (``CompactBlocks``): up to
``BLOCK_LIMIT`` postings, numbers of a long block pickled as arrays (one byte per record
gap or frequency where they fit) rather than tuples of Python numbers, frequencies as
integers rather than floats, and the values as bytes (pickle protocol 5, where Whoosh's
protocol 2 writes bytes as text).
"""

from __future__ import annotations

import heapq
import itertools
import operator
import os
import pickle
import uuid
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from whoosh.codec.whoosh3 import (
    COMPRESSION_MIN_SIZE,
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3PostingsWriter,
    _lenfield,
)
from whoosh.index import Index
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

import kb.whoosh_internals  # noqa: F401  (refuses any Whoosh release but the pinned one)
from indexer.record_adder import add_record

Posting = tuple[str, bytes, int, float, bytes | None]  # field, term, record, weight, value
Flat = list[Any]  # a term's postings: record, weight, value, record, weight, value…
_Term = tuple[str, bytes, Flat]

SPILL_AT = 1_500_000  # postings held before a run goes to disk (~82 bytes each: ~120 MB)
_BATCH = 20_000  # postings per pickle in a run file
BLOCK_LIMIT = 512  # postings per block (Whoosh's: 128)
ARRAY_AT = 32  # postings in a block from which its numbers are pickled as arrays


class TermPool:
    """What ``SegmentWriter.pool`` must be: ``add``, ``fieldnames``, ``iter_postings``,
    ``cleanup``; runs are written in ``folder`` (the writer's temporary folder). A term's
    postings are one flat list (three items a posting), filled by ``add`` or, a field of
    a record at a time, through ``field_terms`` and ``held``."""

    def __init__(self, folder: str, spill_at: int = SPILL_AT) -> None:
        self.folder, self.spill_at = folder, spill_at
        self.fieldnames: set[str] = set()
        self._terms: dict[str, defaultdict[bytes, Flat]] = {}
        self._held = 0
        self._runs: list[str] = []

    def add(self, item: Posting) -> None:
        self.field_terms(item[0])[item[1]].extend(item[2:])
        self.held(1)

    def field_terms(self, fieldname: str) -> defaultdict[bytes, Flat]:
        """The postings of ``fieldname``'s terms, to extend in increasing record order
        (then tell ``held`` how many were added)."""
        by_term = self._terms.get(fieldname)
        if by_term is None:
            by_term = self._terms[fieldname] = defaultdict(list)
            self.fieldnames.add(fieldname)
        return by_term

    def held(self, added: int) -> None:
        """Count postings added through ``field_terms``; spill a run when too many."""
        self._held += added
        if self._held >= self.spill_at:
            self._spill()

    def _sorted_terms(self) -> Iterator[_Term]:
        for fieldname in sorted(self._terms):
            by_term = self._terms[fieldname]
            for term in sorted(by_term):
                yield fieldname, term, by_term[term]

    def _spill(self) -> None:
        """Write the held postings as one run (sorted by term) and forget them."""
        os.makedirs(self.folder, exist_ok=True)
        path = os.path.join(self.folder, f"{uuid.uuid4().hex}.terms")
        with open(path, "wb") as handle:
            batch: list[_Term] = []
            count = 0
            for entry in self._sorted_terms():
                batch.append(entry)
                count += len(entry[2])
                if count >= 3 * _BATCH:
                    pickle.dump(batch, handle, pickle.HIGHEST_PROTOCOL)
                    batch, count = [], 0
            if batch:
                pickle.dump(batch, handle, pickle.HIGHEST_PROTOCOL)
        self._runs.append(path)
        self._terms, self._held = {}, 0

    def iter_terms(self) -> Iterator[_Term]:
        """Every term with its postings, by field and term (a term spilled in several
        runs comes once per run, in record order)."""
        sources: list[Iterator[_Term]] = [_read_run(path) for path in self._runs]
        sources.append(self._sorted_terms())
        if len(sources) == 1:
            return sources[0]
        # runs hold ascending record numbers: a stable merge keeps each term's order
        return heapq.merge(*sources, key=_term_key)

    def iter_postings(self) -> Iterator[Posting]:
        """Every posting, by field, term and record number."""
        for fieldname, term, flat in self.iter_terms():
            for at in range(0, len(flat), 3):
                yield fieldname, term, flat[at], flat[at + 1], flat[at + 2]

    def cleanup(self) -> None:
        for path in self._runs:
            try:
                os.remove(path)
            except OSError:
                pass
        self._runs = []


def _term_key(entry: _Term) -> tuple[str, bytes]:
    return entry[0], entry[1]


def _read_run(path: str) -> Iterator[_Term]:
    with open(path, "rb") as handle:
        while True:
            try:
                batch: list[_Term] = pickle.load(handle)
            except EOFError:
                return
            yield from batch


_LENGTH_OF_BYTE: list[int | None] = [None, *(byte_to_length(b) for b in range(1, 256))]


class _BulkLengths:
    """A segment's field lengths for ``FieldWriter.add_postings``, one list per field."""

    def __init__(self, perdoc: Any) -> None:
        self.perdoc = perdoc

    def doc_field_length_reader(self, fieldname: str, default: int = 0) -> Any:
        column = self.perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return lambda _docnum: default
        raw = column._dbfile.get(column._basepos, column._count) if column._count else b""
        lengths = [_LENGTH_OF_BYTE[b] for b in raw]
        lengths += [None] * (column._doccount - len(lengths))  # past the column: no length
        return lengths.__getitem__


class Writer(SegmentWriter):
    """A Whoosh ``SegmentWriter`` with a ``TermPool`` and lengths read in bulk."""

    def __init__(self, index: Index, **options: Any) -> None:
        super().__init__(index, **options)
        self.terms = TermPool(self._tempstorage.folder, SPILL_AT)
        self.pool = self.terms  # type: ignore[assignment]
        fields = self.schema.items()
        self._whoosh_add = any(f.vector or f.separate_spelling() for _name, f in fields)

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``add_document``, faster (``indexer.record_adder``) for a schema
        without term vectors or spelling fields."""
        if self._whoosh_add:
            super().add_document(**fields)
            return
        self._check_state()
        add_record(self, fields)
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        perdoc = self.per_document_reader()
        lengths = _BulkLengths(perdoc)
        fields = self.fieldwriter
        field, term, length_of = None, None, None
        for fieldname, text, postings in self.terms.iter_terms():
            if fieldname != field:
                if term is not None:
                    fields.finish_term()
                if field is not None:
                    fields.finish_field()
                fields.start_field(fieldname, self.schema[fieldname])
                fields._postwriter = CompactBlocks(fields._postfile, BLOCK_LIMIT)
                field, term = fieldname, None
                length_of = lengths.doc_field_length_reader(fieldname)
            if text != term:  # one term over several runs continues its postings
                if term is not None:
                    fields.finish_term()
                fields.start_term(text)
                term = text
            _add_postings(fields._postwriter, postings, length_of)
        if term is not None:
            fields.finish_term()
        if field is not None:
            fields.finish_field()
        fields.close()
        perdoc.close()


def _add_postings(writer: Any, flat: Flat, length_of: Any) -> None:
    """A term's postings added to Whoosh's W3 postings writer a block at a time: the
    blocks, statistics and values its ``add_posting`` would make one posting at a time
    (a block is written when full, before the next posting comes)."""
    limit = writer._blocklimit
    start = 0
    while start < len(flat):
        if len(writer._ids) >= limit:
            writer._write_block()
        end = start + 3 * (limit - len(writer._ids))
        ids = flat[start:end:3]
        weights = flat[start + 1 : end : 3]
        values = flat[start + 2 : end : 3]
        start += 3 * len(ids)
        writer._ids.extend(ids)
        writer._weights.extend(weights)
        writer._maxweight = max(writer._maxweight, *weights)
        writer._values.extend(filter(None, values))
        found = list(filter(None, map(length_of, ids)))
        if found:
            low = min(found)
            if writer._minlength is None or low < writer._minlength:
                writer._minlength = low
            writer._maxlength = max(writer._maxlength, *found)


class CompactBlocks(W3PostingsWriter):
    """Whoosh's W3 postings writer with smaller blocks of the same shape: the reader
    un-pickles a tuple of (record gaps, weights, values) and iterates each."""

    def _mini_ids(self) -> Any:
        ids = self._ids
        gaps = tuple(map(operator.sub, ids, itertools.chain((0,), ids)))  # delta_encode
        if len(gaps) < ARRAY_AT:
            return gaps  # an array's pickle costs more than a few numbers
        top = max(gaps)
        return array("B" if top < 0x100 else "H" if top < 0x10000 else "I", gaps)

    def _mini_weights(self) -> Any:
        """Whoosh's: None when every weight is 1.0, the weight when all are the same, else
        the weights, here as small integers (frequencies) where they all are."""
        weights = self._weights.tolist()  # an array of floats
        first = weights[0]
        if weights.count(first) == len(weights):
            return None if first == 1.0 else first
        counts = list(map(int, weights))
        if counts != weights or min(counts) < 0 or max(counts) >= 0x100:
            return tuple(weights) if len(weights) < ARRAY_AT else array("f", weights)
        return tuple(counts) if len(counts) < ARRAY_AT else array("B", counts)

    def _write_block(self, last: bool = False) -> None:
        """``W3PostingsWriter._write_block`` with pickle protocol 5 for the data."""
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        terminfo: Any = self._terminfo  # set by start_postings
        terminfo.add_block(self)
        data = pickle.dumps((self._mini_ids(), self._mini_weights(), self._mini_values()), 5)
        level = self._compression if len(data) >= COMPRESSION_MIN_SIZE else 0
        if level:
            data = zlib.compress(data, level)
        ids = self._ids
        info = (
            len(ids),
            ids[-1],
            self._maxweight,
            level,
            length_to_byte(self._minlength),
            length_to_byte(self._maxlength),
        )
        infobytes = pickle.dumps(info, 2)
        length = len(infobytes) + len(data)
        self._postfile.write_int(-length if last else length)  # negative: the last block
        self._postfile.write(infobytes)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()
