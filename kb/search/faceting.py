"""Stage 5, facets: disjunctive counts over the matched documents, and the results page.

A facet's counts ignore its own filter (so a user can widen a choice) and apply every
other; the selected documents pass every filter, ordered by score or date.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kb.analysis import fold
from kb.facets import FACETS
from kb.generation import Generation
from kb.search.collapse import Matches
from kb.search.labels import label
from kb.search.types import Facets, FacetValue


@dataclass
class Selection:
    """The documents a search keeps (after filters), in order, and the facet counts."""

    chosen: np.ndarray  # document positions, ordered
    counts: dict[str, dict[str, int]]


def select(
    gen: Generation,
    matches: Matches | None,
    masks: dict[str, np.ndarray],
    sort: str,
) -> Selection:
    """The matched documents that pass every filter, best first (newest first by date or
    when there is no query; last entered or changed in the knowledge base first with
    ``updated``), with every facet's disjunctive counts."""
    size = len(gen.docs)
    pool = matches.mask if matches is not None else np.ones(size, dtype=bool)
    selected = pool.copy()
    for mask in masks.values():
        selected &= mask
    counts = gen.facets.counts(pool, masks)
    chosen = np.flatnonzero(selected)
    if sort == "updated":
        scores = matches.score[chosen] if matches is not None else np.zeros(len(chosen))
        order = np.lexsort((-scores, -gen.facets.updated_rank[chosen]))
    elif matches is None or sort == "date":
        scores = matches.score[chosen] if matches is not None else np.zeros(len(chosen))
        order = np.lexsort((-scores, -gen.facets.date_rank[chosen]))
    else:
        order = np.lexsort((-gen.facets.date_rank[chosen], -matches.score[chosen]))
    return Selection(chosen[order], counts)


def any_selected(mask: np.ndarray, masks: dict[str, np.ndarray]) -> bool:
    """Whether any document of ``mask`` passes every filter."""
    selected = mask.copy()
    for other in masks.values():
        selected &= other
    return bool(selected.any())


def facet_values(
    gen: Generation,
    counts: dict[str, dict[str, int]],
    filters: dict[str, set[str]],
    ui: str,
) -> Facets:
    """Every facet's values with labels and counts, most frequent first, then by label;
    a selected value is listed even when no result has it."""
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        found = dict(counts[name])
        chosen = filters.get(name, set())
        for value in chosen:
            found.setdefault(value, 0)
        entries = [
            FacetValue(value=v, label=label(gen, name, v, ui), count=c, selected=v in chosen)
            for v, c in found.items()
            if v
        ]
        entries.sort(key=lambda e: (-e.count, fold(e.label)))
        facets[name] = entries
    return Facets(**facets)
