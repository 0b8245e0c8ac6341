"""Cities: the practices naming a city and the cities named with it, from the facet table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from kb.analysis import fold
from kb.facets import FacetTable


@dataclass(frozen=True)
class City:
    """A city as stored, its documents (newest first) and its partners."""

    name: str
    documents: list[dict[str, Any]]
    partners: list[tuple[str, int]]  # other cities of its documents, by shared documents


def find_city(table: FacetTable, name: str) -> str | None:
    """The stored spelling of a city named without regard to case or accents."""
    return table.facets["city"].canonical(name.strip())


def stored_city(docs: list[dict[str, Any]], table: FacetTable, name: str) -> City | None:
    """The city stored exactly as ``name`` (see ``find_city``), or None."""
    facet = table.facets["city"]
    if name not in facet.index:
        return None
    positions = facet.documents(name)
    newest = positions[np.argsort(-table.date_rank[positions], kind="stable")]
    partners = sorted(facet.together(name).items(), key=lambda p: (-p[1], fold(p[0]), p[0]))
    return City(name, [docs[int(i)] for i in newest], partners)


def all_cities(table: FacetTable) -> list[tuple[str, int]]:
    """Every city with its number of documents, most documents first, then by name."""
    facet = table.facets["city"]
    totals = facet.totals()
    return sorted(
        ((value, int(totals[i])) for i, value in enumerate(facet.values)),
        key=lambda c: (-c[1], fold(c[0]), c[0]),
    )
