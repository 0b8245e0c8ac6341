"""Facet values of every document as arrays: filters and disjunctive counts with numpy."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

FACETS = ("theme", "country", "network", "city", "type", "language", "year")
FACET_KEYS = {
    "theme": "themes",
    "country": "countries",
    "network": "networks",
    "city": "cities",
    "type": "type",
    "language": "language",
    "year": "year",
}


class Facet:
    """One facet: its values, and (document, value) pairs for every document."""

    def __init__(self, per_document: Iterable[Iterable[str]]) -> None:
        self.values: list[str] = []
        self.index: dict[str, int] = {}
        docs: list[int] = []
        vals: list[int] = []
        for doc, values in enumerate(per_document):
            for value in dict.fromkeys(values):
                if not value:
                    continue
                position = self.index.get(value)
                if position is None:
                    position = self.index[value] = len(self.values)
                    self.values.append(value)
                docs.append(doc)
                vals.append(position)
        self.docs = np.asarray(docs, dtype=np.int64)
        self.vals = np.asarray(vals, dtype=np.int64)

    def mask(self, wanted: set[str], size: int) -> np.ndarray:
        """Documents having any of ``wanted``."""
        chosen = [self.index[v] for v in wanted if v in self.index]
        mask = np.zeros(size, dtype=bool)
        if chosen:
            mask[self.docs[np.isin(self.vals, chosen)]] = True
        return mask

    def counts(self, among: np.ndarray) -> dict[str, int]:
        """How many of the documents in ``among`` (a mask) have each value."""
        counted = np.bincount(self.vals[among[self.docs]], minlength=len(self.values))
        return {self.values[i]: int(counted[i]) for i in np.flatnonzero(counted)}


class FacetTable:
    """All facets of a generation's documents, in document order."""

    def __init__(self, docs: list[dict[str, Any]]) -> None:
        self.size = len(docs)
        self.facets: dict[str, Facet] = {}
        for name in FACETS:
            key = FACET_KEYS[name]
            self.facets[name] = Facet(
                d[key] if isinstance(d[key], list) else [d[key]] for d in docs
            )
        dates = np.asarray([d["date"] for d in docs], dtype=object)
        order = np.argsort(dates, kind="stable")
        self.date_rank = np.empty(self.size, dtype=np.int64)
        self.date_rank[order] = np.arange(self.size)

    def masks(self, filters: dict[str, set[str]]) -> dict[str, np.ndarray]:
        return {name: self.facets[name].mask(values, self.size) for name, values in filters.items()}

    def counts(self, pool: np.ndarray, masks: dict[str, np.ndarray]) -> dict[str, dict[str, int]]:
        """Disjunctive counts: each facet ignores its own selection, applies the others."""
        result = {}
        for name, facet in self.facets.items():
            among = pool.copy()
            for other, mask in masks.items():
                if other != name:
                    among &= mask
            result[name] = facet.counts(among)
        return result
