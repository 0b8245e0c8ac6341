"""An opened index generation and everything cached with it until the next one.

A ``Generation`` is given an opened Whoosh searcher; it never opens files itself (the
caller, ``indexer.live``, knows where the index is).
"""

from __future__ import annotations

import gc
import json
from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from functools import cache, partial
from typing import Any, TypeVar

import numpy as np
from whoosh.searching import Searcher

from kb.analysis import FIELD_LANGUAGES, LANGUAGES, field_language
from kb.cities import unify as unify_cities
from kb.facets import FacetTable
from kb.names import country_name
from kb.postings import FieldIndex
from kb.schema import (
    DOC_FIELDS,
    META_ID,
    REFERENCE_PART,
    SECTION_FIELDS,
    text_field,
)
from kb.scoring import FieldStatistics, LanguageFieldBM25F
from kb.spelling import Vocabulary
from kb.stored import document_data, facet_items
from kb.taxonomy import Taxonomy
from kb.whoosh_internals import column_refs, deleted_records

_KeptFacets = tuple[tuple[str, ...], tuple[Any, ...]]  # a document's facet keys and values
MAX_REMEMBERED = 50_000  # facts of one kind kept with a generation (query words' verdicts)
T = TypeVar("T")


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a generation's objects are made: they hold
    no cycles, and each full collection would walk the whole heap, the generation it
    replaces included (at 50,000 documents, 0.7 s instead of 1.2 s to open one)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Generation:
    """Documents, record-to-document arrays, facets, statistics and vocabulary."""

    def __init__(self, name: str, searcher: Searcher, previous: Generation | None = None) -> None:
        """``previous``: the generation this one replaces, whose segments' words it reuses
        (an incremental commit leaves most segments as they were)."""
        with _no_cycle_collection():
            self._open(name, searcher, previous)

    def _open(self, name: str, searcher: Searcher, previous: Generation | None) -> None:
        self.name = name
        self.searcher = searcher
        self._segment_words: dict[str, Counter[str]] = {}
        # What the previous generation counted, or inherited without building its own
        # vocabulary (no query of its time needed one): kept for the segments still here.
        earlier_words: dict[str, Counter[str]] = {}
        if previous is not None:
            earlier_words = {**previous._earlier_words, **previous._segment_words}
        self._segment_facets: dict[str, dict[int, _KeptFacets]] = {}
        earlier_facets = previous._segment_facets if previous is not None else {}
        self._shared: _SharedValues = previous._shared if previous else _SharedValues()
        memo = _SegmentMemo(previous._memo.found if previous is not None else {})
        self._memo: _SegmentMemo = memo
        reader = searcher.reader()
        self.key = (name, reader.generation())
        leaves: list[tuple[Any, int]] = reader.leaf_readers()
        here = {segment.segment().segment_id() for segment, _ in leaves}
        self._earlier_words: dict[str, Counter[str]] = {
            k: v for k, v in earlier_words.items() if k in here
        }
        size = reader.doc_count_all()
        deleted = deleted_records(reader)
        unique_of_record, uniques = _doc_id_refs(reader, memo)
        doc_records = np.flatnonzero(_term_mask(reader, "kind", "doc", memo) & ~deleted)
        self.docs = self._decoded_docs(reader, doc_records, earlier_facets)
        self.doc_index: dict[str, int] = {d["id"]: i for i, d in enumerate(self.docs)}
        doc_of_unique = np.asarray([self.doc_index.get(u, -1) for u in uniques], dtype=np.int64)
        self.record_doc = doc_of_unique[unique_of_record] if size else np.zeros(0, np.int64)
        self.record_doc[deleted] = -1
        self.doc_record = doc_records.astype(np.int64)
        self.is_section = self.record_doc >= 0
        self.is_section[self.doc_record] = False
        self.is_reference = _term_mask(reader, "part", REFERENCE_PART, memo) & self.is_section
        self._city_inputs = {
            d["id"]: (d.get("language"), d["cities"], d.get("places")) for d in self.docs
        }
        self.facets = FacetTable(self.docs, {"city": self._cities(previous)})
        self.redirects = {
            f"{d['id'].split('/')[0]}/{old}": d["id"]
            for d in self.docs
            for old in d.get("redirect_from", ())
        }
        stats = FieldStatistics(reader, self._records_per_field())
        self.weighting = LanguageFieldBM25F(stats)
        self.fields = FieldIndex(reader, stats)
        meta = searcher.document(doc_id=META_ID)
        self.taxonomy = Taxonomy.from_dict(json.loads(meta["data"])) if meta else Taxonomy.empty()
        self._vocabulary: Vocabulary | None = None
        self.cache: dict[Any, Any] = {}  # small derived facts, computed on first use
        self._remembered: dict[str, dict[Hashable, Any]] = {}

    def _decoded_docs(
        self, reader: Any, doc_records: np.ndarray, earlier: dict[str, dict[int, _KeptFacets]]
    ) -> list[dict[str, Any]]:
        """The facets of the ``doc`` records, decoded segment by segment: a segment never
        changes, so what the previous generation decoded of it is reused. Each generation
        gets its own mappings (``unify_cities`` rewrites a document's cities); what is kept
        for the next one is their keys and values, and equal values are one object."""
        docs: list[dict[str, Any]] = []
        for segreader, offset in reader.leaf_readers():
            key = segreader.segment().segment_id()
            decoded = self._segment_facets[key] = earlier.get(key, {})
            end = offset + segreader.doc_count_all()
            column = None
            for local in doc_records[(doc_records >= offset) & (doc_records < end)] - offset:
                found = decoded.get(int(local))
                if found is None:
                    if column is None:
                        column = segreader.column_reader("facets")
                    read = facet_items(column[int(local)])
                    found = decoded[int(local)] = self._shared.kept(*read)
                docs.append(dict(zip(*found, strict=True)))
        return docs

    def _cities(self, previous: Generation | None) -> dict[str, str]:
        """``unify_cities`` of the documents, or the previous generation's outcome when
        the same documents have the same languages, cities and places (a save that changed
        none of them; a document saved moves to the end, and the outcome does not depend
        on the order): the same names are the same values."""
        if previous is None or previous._city_inputs != self._city_inputs:
            return unify_cities(self.docs)
        unified = {doc["id"]: doc["cities"] for doc in previous.docs}
        for doc in self.docs:
            doc["cities"] = unified[doc["id"]]
        return previous.facets.facets["city"].aliases

    def remember(self, kind: str, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, kept with this generation under ``key`` among the facts of one
        ``kind`` (a verdict on a query word): it holds until the next generation, which
        starts with none. At most ``MAX_REMEMBERED`` per kind, then all are forgotten."""
        memo = self._remembered.setdefault(kind, {})
        if key in memo:
            found: T = memo[key]
            return found
        if len(memo) >= MAX_REMEMBERED:
            memo.clear()
        memo[key] = value = compute()
        return value

    def _records_per_field(self) -> dict[str, int]:
        """How many records can hold each text field (by their document's language)."""
        doc_langs = [field_language(d["language"]) for d in self.docs]
        docs_per_lang = Counter(doc_langs)
        sections = self.record_doc[self.is_section]
        sections_per_lang = Counter(doc_langs[i] for i in sections.tolist())
        counts: dict[str, int] = {}
        for lang in FIELD_LANGUAGES:
            for name in DOC_FIELDS:
                counts[text_field(name, lang)] = docs_per_lang[lang]
            for name in SECTION_FIELDS:
                counts[text_field(name, lang)] = sections_per_lang[lang]
        for lang in LANGUAGES:
            counts[text_field("meta", lang)] = len(self.docs)
        return counts

    def stored_document(self, doc_id: str) -> dict[str, Any] | None:
        """The stored document (metadata, sections, rendered HTML), or None."""
        index = self.doc_index.get(doc_id)
        if index is None:
            return None
        return document_data(self.searcher.reader(), int(self.doc_record[index]), self.docs[index])

    def stored_record(self, record_id: str) -> Any:
        """The JSON data of a record stored under its own id (the taxonomy, the reading
        lists), or None."""
        record = self.searcher.document(doc_id=record_id)
        return json.loads(record["data"]) if record else None

    def close(self) -> None:
        """Close the index files."""
        self.searcher.close()

    @property
    def vocabulary(self) -> Vocabulary:
        """The corpus's words with their written forms, built on first use."""
        if self._vocabulary is None:
            # Segment by segment: a multi-segment reader looks every term up in every
            # segment (ten times slower after a few incremental commits); same sums.
            with _no_cycle_collection():
                frequency: Counter[str] = Counter()
                for segment, _offset in self.searcher.reader().leaf_readers():
                    frequency.update(self._words_of(segment))
                self._earlier_words = {}
                self._vocabulary = Vocabulary(sorted(frequency.items()), self._names())
        return self._vocabulary

    def _names(self) -> list[str]:
        """The names of the metadata: cities, countries in every language, and the labels
        and synonyms of the networks and themes."""
        names = {city for d in self.docs for city in d.get("cities", ())}
        codes = {code for d in self.docs for code in d.get("countries", ())}
        names.update(country_name(code, lang) for code in codes for lang in LANGUAGES)
        for concept in [*self.taxonomy.themes.values(), *self.taxonomy.networks.values()]:
            names.update(text for _lang, text in concept.terms())
        return sorted(names)

    def _words_of(self, segment: Any) -> Counter[str]:
        """The ``spell`` words of one segment with their record counts (deleted records
        included, as Whoosh's term statistics count them): a segment never changes, so
        the previous generation's count of it is reused."""
        key = segment.segment().segment_id()
        found = self._earlier_words.get(key)
        if found is None:
            found = Counter()
            for term, info in segment.iter_field("spell"):
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                found[text] += info.doc_frequency()
        self._segment_words[key] = found
        return found


class _SegmentMemo:
    """Facts of a generation's segments, each computed once: a segment never changes, so
    the previous generation's (``earlier``) are reused for the segments it shares."""

    def __init__(self, earlier: dict[tuple[str, str], Any]) -> None:
        self.earlier = earlier
        self.found: dict[tuple[str, str], Any] = {}

    def get(self, kind: str, segreader: Any, compute: Callable[[], T]) -> T:
        key = (kind, segreader.segment().segment_id())
        found: T = self.earlier[key] if key in self.earlier else compute()
        self.found[key] = found
        return found


def _doc_id_refs(reader: Any, memo: _SegmentMemo) -> tuple[np.ndarray, list[str]]:
    """For every record, the position of its ``doc_id`` in a list of distinct ids."""
    refs: list[np.ndarray] = []
    uniques: list[str] = []
    for segreader, _offset in reader.leaf_readers():
        local, values = memo.get("doc_id", segreader, partial(column_refs, segreader, "doc_id"))
        refs.append(local + len(uniques))
        uniques.extend(values)
    if not refs:
        return np.zeros(0, dtype=np.int64), []
    return np.concatenate(refs), uniques


def _term_mask(reader: Any, fieldname: str, text: str, memo: _SegmentMemo) -> np.ndarray:
    """The records that have ``text`` in ``fieldname``."""
    mask = np.zeros(reader.doc_count_all(), dtype=bool)
    for segreader, offset in reader.leaf_readers():
        compute = partial(_term_ids, segreader, fieldname, text)
        mask[memo.get(f"{fieldname}:{text}", segreader, compute) + offset] = True
    return mask


def _term_ids(segreader: Any, fieldname: str, text: str) -> np.ndarray:
    """The records of one segment that have ``text`` in ``fieldname``."""
    if (fieldname, text) not in segreader:
        return np.zeros(0, dtype=np.int64)
    return np.fromiter(segreader.postings(fieldname, text).all_ids(), dtype=np.int64)


class _SharedValues:
    """One object for equal facet values of different documents (a language, a country, a
    theme, a date, a place with its names): thousands of documents repeat a few hundred
    values, and each decoded copy of them cost a worker its memory. Lists stay one per
    document; what they hold, and places, are shared, and are not to be changed in place."""

    def __init__(self) -> None:
        self._seen: dict[Any, Any] = {}

    def kept(self, keys: tuple[str, ...], values: list[Any]) -> _KeptFacets:
        """A document's facet keys and values (``values`` is changed), equal values shared."""
        if len(self._seen) > _MAX_SHARED:
            self._seen.clear()  # values of documents long gone: start again
        for position in _shared_positions(keys):
            values[position] = self._one(values[position])
        return keys, tuple(values)

    def _one(self, value: Any) -> Any:
        if type(value) is str:
            return self._seen.setdefault(value, value)
        if type(value) is list:
            return [self._one(item) for item in value]
        if type(value) is dict:
            key = ("place", value.get("written"), value.get("geonameid"))
            found = self._seen.setdefault(key, value)
            return found if found == value else value
        return value


@cache
def _shared_positions(keys: tuple[str, ...]) -> tuple[int, ...]:
    """Where the values worth sharing stand among a document's facet ``keys``."""
    return tuple(n for n, key in enumerate(keys) if key not in _OWN)


# facets whose values are each document's own (not worth looking up to share)
_OWN = frozenset(("id", "title", "summary", "hash", "path", "entry", "stamp", "video"))
_MAX_SHARED = 500_000  # distinct shared values kept before the table starts again
