"""Stage 4, collapse: records' scores become documents' scores and best places.

A document's score adds its own record (title, summary, metadata; in a query that asks for
more than one of its words, by the share of them it holds), its best section and a
fifth of its second best, times the square of the share of the query's groups it
contains; it must contain most of them (``minimum_match``). When those fill less than a
page, the documents that contain fewer are listed after them (``widen``), each with the
words it lacks. A section that lists sources,
references or contacts finds a document like any other but weighs ``REFERENCE_WEIGHT``
of its score, and comes last among the document's places.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from kb.generation import Generation
from kb.query import ParsedQuery
from kb.search.plan import Source
from kb.search.retrieval import Retrieved, excluded
from kb.understanding import Suggestion

SECOND_SECTION_WEIGHT = 0.2
REFERENCE_WEIGHT = 0.5
FILL_PAGE = 10  # fewer full matches than this: documents with some of the words follow
PARTIAL_SCALE = 0.99  # the best partial match's score, as a share of the worst full one's
OWN_RECORD_FLOOR = 0.7  # a title about one of a query's two or three words counts this much


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
    _covered: dict[int, np.ndarray] = field(default_factory=dict)

    def __call__(self, index: int) -> np.ndarray:
        self._sort(index)
        return self._sorted[index]

    def coverage(self, index: int) -> np.ndarray:
        """Per section of ``self(index)``, how many of the query's groups it matches."""
        self._sort(index)
        return self._covered[index]

    def _sort(self, index: int) -> None:
        if index not in self._sorted:
            records, starts = self.by_document
            own = records[starts[index] : starts[index + 1]]
            sections = own[(self.total[own] > 0) & self.is_section[own]]
            covered = np.zeros(len(sections), dtype=np.int64)
            for vector in self.vectors:
                covered += vector[sections] > 0
            keys = (-self.total[sections], self.is_reference[sections], covered < self.needed)
            order = np.lexsort(keys)
            self._sorted[index] = sections[order]
            self._covered[index] = covered[order]


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
    place_coverage: Callable[[int], np.ndarray] = _no_places  # per such section, groups held
    spelled: dict[str, str] = field(default_factory=dict)  # corrected word → typed word
    unmatched: list[str] = field(default_factory=list)  # typed words no record contains
    typed: list[str] = field(default_factory=list)  # per vector, its words as typed
    holders: list[np.ndarray] = field(default_factory=list)  # per vector, documents with it
    fewer: np.ndarray = field(default_factory=lambda: np.zeros(0))  # scores: some words only
    partial: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # listed
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

    def missing(self, index: int) -> list[str]:
        """The query's words document ``index`` lacks, when it is listed as a partial
        match (else none)."""
        if not len(self.partial) or not self.partial[index]:
            return []
        return [
            words for words, docs in zip(self.typed, self.holders, strict=True) if not docs[index]
        ]

    def needed(self, index: int) -> int:
        """How many of the query's groups a place of document ``index`` must match: those
        of a full match, or all that a partial match holds."""
        needed = max(1, minimum_match(len(self.vectors)))
        if len(self.partial) and self.partial[index]:
            return max(1, sum(1 for docs in self.holders if docs[index]))
        return needed


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
    total = found.vectors[0].copy()
    for vector in found.vectors[1:]:
        total += vector  # in place: no stacked copy of every group's vector
    total[gen.is_reference] *= REFERENCE_WEIGHT
    holders = _holders(gen, found.vectors)
    coverage = np.sum(
        [words * docs for words, docs in zip(found.sizes, holders, strict=True)], axis=0
    )
    required = sum(found.sizes)
    best_score, second_score = _section_scores(gen, total)
    own = total[gen.doc_record] * _own_share(gen, found) if size else np.zeros(0, dtype=np.float32)
    allowed = ~excluded(gen, parsed)
    mask = (coverage >= max(1, minimum_match(required))) & allowed
    score = (own + best_score + SECOND_SECTION_WEIGHT * second_score) * (coverage / required) ** 2
    order = PlaceOrder(
        _by_document(gen),
        total,
        found.vectors,
        max(1, minimum_match(required)),
        gen.is_section,
        gen.is_reference,
    )
    return Matches(
        mask,
        np.where(mask, score, 0.0),
        found.terms,
        found.corrections,
        found.sources,
        found.vectors,
        order,
        order.coverage,
        unmatched=found.unmatched,
        typed=found.typed,
        holders=holders,
        fewer=np.where((coverage > 0) & ~mask & allowed, score, 0.0),
    )


def _own_share(gen: Generation, found: Retrieved) -> np.ndarray | float:
    """Per document, how much its own record (title, summary, labels) counts: when the
    query asks for more than one of its words, from ``OWN_RECORD_FLOOR`` (it holds one
    of them) to 1 (all), so that a title about one word is not a title about the query."""
    required = sum(found.sizes)
    if minimum_match(required) < 2:
        return 1.0
    held = sum((v[gen.doc_record] > 0) * n for v, n in zip(found.vectors, found.sizes, strict=True))
    return OWN_RECORD_FLOOR + (1 - OWN_RECORD_FLOOR) * held / required


def _holders(gen: Generation, vectors: list[np.ndarray]) -> list[np.ndarray]:
    """Per group of the query, the documents with a record that matches it."""
    record_doc = gen.record_doc
    found = []
    for scores in vectors:
        docs = np.zeros(len(gen.docs), dtype=bool)
        owners = record_doc[np.flatnonzero(scores > 0)]
        docs[owners[owners >= 0]] = True
        found.append(docs)
    return found


def widen(matches: Matches, fill: int) -> Matches | None:
    """When fewer than ``fill`` documents match in full (filters aside, so that facet
    counts and filtered pages agree), ``matches`` with the documents that contain fewer of
    the query's words listed after every full match (scores below the lowest full match's,
    in their own order); else None."""
    partial = matches.fewer > 0
    if not partial.any() or not 0 < matches.mask.sum() < fill:
        return None
    scale = PARTIAL_SCALE * matches.score[matches.mask].min() / matches.fewer.max()
    score = np.where(partial, matches.fewer * scale, matches.score)
    return replace(matches, mask=matches.mask | partial, score=score, partial=partial)


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
