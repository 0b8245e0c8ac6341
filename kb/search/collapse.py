"""Stage 4, collapse: records' scores become documents' scores and best places.

A document's score adds its own record (title, summary, metadata), its best section and a
fifth of its second best, times the square of the share of the query's groups it
contains; it must contain most of them (``minimum_match``). A section that lists sources,
references or contacts finds a document like any other but weighs ``REFERENCE_WEIGHT``
of its score, and comes last among the document's places.
"""

from __future__ import annotations

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
class Matches:
    """Documents that match a query: a mask, their scores and their best record."""

    mask: np.ndarray
    score: np.ndarray
    best: np.ndarray
    terms: dict[str, frozenset[str]] = field(default_factory=dict)
    corrections: dict[str, str] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    vectors: list[np.ndarray] = field(default_factory=list)  # per group, every record's score
    ranked: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # places
    owners: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
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
            np.full(size, -1),
            found.terms,
            found.corrections,
            unmatched=found.unmatched,
        )
    total = np.sum(found.vectors, axis=0)
    total[gen.is_reference] *= REFERENCE_WEIGHT
    coverage = _coverage(gen, found.vectors)
    required = len(found.vectors)
    best_score, second_score = _section_scores(gen, total)
    ranked, owners, best = _places(gen, total, found.vectors, max(1, minimum_match(required)))
    own = total[gen.doc_record] if size else np.zeros(0, dtype=np.float32)
    mask = coverage >= max(1, minimum_match(required))
    mask &= ~excluded(gen, parsed)
    score = (own + best_score + SECOND_SECTION_WEIGHT * second_score) * (coverage / required) ** 2
    return Matches(
        mask,
        np.where(mask, score, 0.0),
        best,
        found.terms,
        found.corrections,
        found.sources,
        found.vectors,
        ranked,
        owners,
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
    """Per document, the scores of its best and second best matching sections."""
    size = len(gen.docs)
    sections = np.flatnonzero((total > 0) & gen.is_section)
    order = sections[np.lexsort((-total[sections], gen.record_doc[sections]))]
    owners = gen.record_doc[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = owners[1:] != owners[:-1]
    second = np.zeros(len(order), dtype=bool)
    second[1:] = ~first[1:] & first[:-1]
    best_score = np.zeros(size, dtype=np.float32)
    best_score[owners[first]] = total[order[first]]
    second_score = np.zeros(size, dtype=np.float32)
    second_score[owners[second]] = total[order[second]]
    return best_score, second_score


def _places(
    gen: Generation, total: np.ndarray, vectors: list[np.ndarray], needed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Matching sections in the order a document's places are chosen from (and their
    owners), and each document's first: per document, the sections matching ``needed``
    of the query's groups first, then the text before lists of sources, then by score."""
    size = len(gen.docs)
    record_doc = gen.record_doc
    sections = np.flatnonzero((total > 0) & gen.is_section)
    covered = np.zeros(len(sections), dtype=np.int64)
    for vector in vectors:
        covered += vector[sections] > 0
    order = np.lexsort(
        (-total[sections], gen.is_reference[sections], covered < needed, record_doc[sections])
    )
    ranked = sections[order]
    owners = record_doc[ranked]
    first = np.ones(len(ranked), dtype=bool)
    first[1:] = owners[1:] != owners[:-1]
    best = np.full(size, -1, dtype=np.int64)
    best[owners[first]] = ranked[first]
    return ranked, owners, best
