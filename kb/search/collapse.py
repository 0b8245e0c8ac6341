"""Stage 4, collapse: records' scores become documents' scores and best places.

A document's score adds its own record (title, summary, metadata), its best section and a
fifth of its second best, times the square of the share of the query's groups it
contains; it must contain most of them (``minimum_match``). A section that lists sources,
references or contacts finds a document like any other but weighs ``REFERENCE_WEIGHT``
of its score, and comes last among the document's places.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kb.generation import Generation
from kb.query import ParsedQuery
from kb.search.plan import Source
from kb.search.retrieval import Retrieved, excluded
from kb.understanding import Suggestion

SECOND_SECTION_WEIGHT = 0.2
REFERENCE_WEIGHT = 0.5


@dataclass
class PlaceOrder:
    """Per document, its matching sections in the order its places are chosen from: those
    matching ``needed`` of the query's groups first, then the text before lists of sources,
    then by score. Sorted when asked, for the documents a page shows only."""

    by_document: tuple[np.ndarray, np.ndarray]  # every record grouped by document, starts
    total: np.ndarray  # every record's score
    vectors: list[np.ndarray]
    needed: int
    is_section: np.ndarray
    is_reference: np.ndarray
    _sorted: dict[int, np.ndarray] = field(default_factory=dict)

    def __call__(self, index: int) -> np.ndarray:
        if index not in self._sorted:
            records, starts = self.by_document
            own = records[starts[index] : starts[index + 1]]
            sections = own[(self.total[own] > 0) & self.is_section[own]]
            covered = np.zeros(len(sections), dtype=np.int64)
            for vector in self.vectors:
                covered += vector[sections] > 0
            keys = (-self.total[sections], self.is_reference[sections], covered < self.needed)
            self._sorted[index] = sections[np.lexsort(keys)]
        return self._sorted[index]


def _no_places(_index: int) -> np.ndarray:
    return np.zeros(0, dtype=np.int64)


@dataclass
class Matches:
    """Documents that match a query: a mask, their scores, and how they matched."""

    mask: np.ndarray
    score: np.ndarray
    terms: dict[str, frozenset[str]] = field(default_factory=dict)
    corrections: dict[str, str] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    vectors: list[np.ndarray] = field(default_factory=list)  # per group, every record's score
    place_order: Callable[[int], np.ndarray] = _no_places  # a document's sections, in order
    spelled: dict[str, str] = field(default_factory=dict)  # corrected word → typed word
    unmatched: list[str] = field(default_factory=list)  # typed words no record contains
    _wanted: dict[str, frozenset[str]] = field(default_factory=dict)
    named: list[Suggestion] = field(default_factory=list)  # values named (kb.search.about)
    read: dict[Any, Any] = field(default_factory=dict)  # records read for a page (kb.places)

    def wanted(self, lang: str) -> frozenset[str]:
        """Every index term of ``lang`` a snippet or an explanation may look for."""
        if lang not in self._wanted:
            found = set(self.terms.get(lang, ()))
            for source in self.sources:
                found.update(source.terms.get(lang, ()))
            self._wanted[lang] = frozenset(found)
        return self._wanted[lang]

    def needed(self) -> int:
        """How many of the query's groups a listed place must match."""
        return max(1, minimum_match(len(self.vectors)))


def minimum_match(groups: int) -> int:
    """How many of a query's groups a document must contain.

    All of one or two, two of three, and for longer queries (questions, statements,
    cross-language sentences) any: ranking by coverage puts the fullest matches first.
    """
    if groups <= 2:
        return groups
    if groups == 3:
        return 2
    return 1


def collapse(gen: Generation, found: Retrieved, parsed: ParsedQuery) -> Matches:
    """The documents that contain enough of the query, scored, with their best records."""
    size = len(gen.docs)
    if not found.vectors:
        empty = np.zeros(size, dtype=bool)
        return Matches(
            empty,
            np.zeros(size),
            found.terms,
            found.corrections,
            unmatched=found.unmatched,
        )
    total = np.sum(found.vectors, axis=0)
    total[gen.is_reference] *= REFERENCE_WEIGHT
    coverage = _coverage(gen, found.vectors)
    required = len(found.vectors)
    best_score, second_score = _section_scores(gen, total)
    own = total[gen.doc_record] if size else np.zeros(0, dtype=np.float32)
    mask = coverage >= max(1, minimum_match(required))
    mask &= ~excluded(gen, parsed)
    score = (own + best_score + SECOND_SECTION_WEIGHT * second_score) * (coverage / required) ** 2
    return Matches(
        mask,
        np.where(mask, score, 0.0),
        found.terms,
        found.corrections,
        found.sources,
        found.vectors,
        PlaceOrder(
            _by_document(gen),
            total,
            found.vectors,
            max(1, minimum_match(required)),
            gen.is_section,
            gen.is_reference,
        ),
        unmatched=found.unmatched,
    )


def _coverage(gen: Generation, vectors: list[np.ndarray]) -> np.ndarray:
    """Per document, how many of the groups match one of its records."""
    size = len(gen.docs)
    record_doc = gen.record_doc
    coverage = np.zeros(size, dtype=np.int64)
    for scores in vectors:
        hit = np.zeros(size, dtype=bool)
        records = np.flatnonzero(scores > 0)
        hit[record_doc[records][record_doc[records] >= 0]] = True
        coverage += hit
    return coverage


def _section_scores(gen: Generation, total: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per document, the scores of its best and second best matching sections (maxima
    per document: sorting every matching section cost a common word tens of ms)."""
    size = len(gen.docs)
    sections = np.flatnonzero((total > 0) & gen.is_section)
    owners = gen.record_doc[sections]
    values = total[sections].astype(np.float32)
    best_score = np.zeros(size, dtype=np.float32)
    np.maximum.at(best_score, owners, values)
    tops = np.flatnonzero(values == best_score[owners])
    _owners, first = np.unique(owners[tops], return_index=True)
    rest = np.ones(len(sections), dtype=bool)
    rest[tops[first]] = False  # one best section per document: the second may equal it
    second_score = np.zeros(size, dtype=np.float32)
    np.maximum.at(second_score, owners[rest], values[rest])
    return best_score, second_score


def _by_document(gen: Generation) -> tuple[np.ndarray, np.ndarray]:
    """Every record grouped by its document (ascending within one), and where each
    document's records start (once per generation)."""
    found = gen.cache.get("records_by_document")
    if found is None:
        records = np.argsort(gen.record_doc, kind="stable")
        starts = np.searchsorted(gen.record_doc[records], np.arange(len(gen.docs) + 1))
        found = gen.cache["records_by_document"] = (records, starts)
    return found
