"""Facet values of every document as arrays: filters and disjunctive counts with numpy."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from kb.analysis import fold

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

    def __init__(
        self, per_document: Iterable[Iterable[str]], aliases: dict[str, str] | None = None
    ) -> None:
        self.aliases = aliases or {}  # folded other name → value (a city's other spellings)
        self.values: list[str] = []
        self.index: dict[str, int] = {}
        self.size = 0  # documents
        docs: list[int] = []
        vals: list[int] = []
        for doc, values in enumerate(per_document):
            self.size = doc + 1
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
        self._folded: dict[str, str] | None = None

    def canonical(self, value: str) -> str | None:
        """The stored spelling of ``value`` compared without case or accents (the most
        frequent when several spellings fold alike), else the value it is another name
        of (``aliases``), or None."""
        if self._folded is None:
            totals = self.totals()
            folded: dict[str, str] = {}
            for position in np.argsort(-totals, kind="stable"):
                folded.setdefault(fold(self.values[position]), self.values[position])
            self._folded = folded
        return self._folded.get(fold(value)) or self.aliases.get(fold(value))

    def totals(self) -> np.ndarray:
        """How many documents have each value (in the order of ``values``)."""
        return np.bincount(self.vals, minlength=len(self.values))

    def documents(self, value: str) -> np.ndarray:
        """The positions of the documents having ``value``, ascending."""
        position = self.index.get(value)
        if position is None:
            return np.zeros(0, dtype=np.int64)
        return np.unique(self.docs[self.vals == position])

    def together(self, value: str) -> dict[str, int]:
        """The other values of the documents having ``value``, with how many share each."""
        among = np.zeros(self.size, dtype=bool)
        among[self.documents(value)] = True
        counts = self.counts(among)
        counts.pop(value, None)
        return counts

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


def _rank(values: list[str]) -> np.ndarray:
    """Each value's position among ``values`` sorted (ties keep document order)."""
    order = np.argsort(np.asarray(values, dtype=object), kind="stable")
    rank = np.empty(len(values), dtype=np.int64)
    rank[order] = np.arange(len(values))
    return rank


class FacetTable:
    """All facets of a generation's documents, in document order."""

    def __init__(
        self, docs: list[dict[str, Any]], aliases: dict[str, dict[str, str]] | None = None
    ) -> None:
        self.size = len(docs)
        self.facets: dict[str, Facet] = {}
        for name in FACETS:
            key = FACET_KEYS[name]
            self.facets[name] = Facet(
                (d[key] if isinstance(d[key], list) else [d[key]] for d in docs),
                (aliases or {}).get(name),
            )
        self.date_rank = _rank([d["date"] for d in docs])
        # when each document entered or last changed in the knowledge base (the feeds)
        self.updated_rank = _rank([d.get("updated", "") for d in docs])
        self.years = np.asarray(
            [int(d["year"]) if str(d.get("year", "")).isdigit() else -1 for d in docs],
            dtype=np.int64,
        )

    def masks(
        self, filters: dict[str, set[str]], years: tuple[int | None, int | None] = (None, None)
    ) -> dict[str, np.ndarray]:
        """A mask per filtered facet; a year range (either end open) joins the year mask."""
        masks = {
            name: self.facets[name].mask(values, self.size) for name, values in filters.items()
        }
        low, high = years
        if low is not None or high is not None:
            in_range = self.years >= (low if low is not None else 0)
            if high is not None:
                in_range &= self.years <= high
            masks["year"] = masks["year"] & in_range if "year" in masks else in_range
        return masks

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
