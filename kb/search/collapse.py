"""Stage 4, collapse: records' scores become documents' scores and best places.

A document's score adds its own record (title, summary, metadata), its best section and a
fifth of its second best, times the square of the share of the query's groups it
contains; it must contain most of them (``minimum_match``). When those fill less than a
page, the documents that contain fewer are listed after them (``widen``), each with the
words it lacks. A section that lists sources,
references or contacts finds a document like any other but weighs ``REFERENCE_WEIGHT``
of its score, and comes last among the document's places.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from kb.generation import Generation
from kb.query import ParsedQuery
from kb.search.plan import Source
from kb.search.retrieval import Retrieved, excluded

SECOND_SECTION_WEIGHT = 0.2
REFERENCE_WEIGHT = 0.5
FILL_PAGE = 10  # fewer full matches than this: documents with some of the words follow
PARTIAL_SCALE = 0.99  # the best partial match's score, as a share of the worst full one's


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
    typed: list[str] = field(default_factory=list)  # per vector, its words as typed
    holders: list[np.ndarray] = field(default_factory=list)  # per vector, documents with it
    fewer: np.ndarray = field(default_factory=lambda: np.zeros(0))  # scores: some words only
    partial: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # listed
    _wanted: dict[str, frozenset[str]] = field(default_factory=dict)

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
            np.full(size, -1),
            found.terms,
            found.corrections,
            unmatched=found.unmatched,
        )
    total = np.sum(found.vectors, axis=0)
    total[gen.is_reference] *= REFERENCE_WEIGHT
    holders = _holders(gen, found.vectors)
    coverage = np.sum(
        [words * docs for words, docs in zip(found.sizes, holders, strict=True)], axis=0
    )
    required = sum(found.sizes)
    best_score, second_score = _section_scores(gen, total)
    ranked, owners, best = _places(gen, total, found.vectors, max(1, minimum_match(required)))
    own = total[gen.doc_record] if size else np.zeros(0, dtype=np.float32)
    allowed = ~excluded(gen, parsed)
    mask = (coverage >= max(1, minimum_match(required))) & allowed
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
        typed=found.typed,
        holders=holders,
        fewer=np.where((coverage > 0) & ~mask & allowed, score, 0.0),
    )


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
