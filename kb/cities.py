"""Cities: one value per city whatever its spelling, the practices naming a city and the
cities named with it, from the facet table.

A city is the set of spellings that fold alike (case and accents aside) or that the
gazetteer (GeoNames, read by the indexer) gives one id: ``Lisbon`` in one file and
``Lisboa`` in another are one city. Its value, in facets, filters, hits and its page, is
the spelling most documents write; on a tie, the one the documents of the corpus's most
common language write, then the first in alphabetical order. Every other spelling and
every name the gazetteer gives it lead to that value.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from kb.analysis import fold
from kb.facets import FacetTable

# The same few city names recur in thousands of documents: each folded once, not at every
# reopening of the index (a third of it at 5,000 documents).
_fold = lru_cache(maxsize=1 << 16)(fold)


@dataclass(frozen=True)
class Place:
    """A city as a document writes it and who the gazetteer says it is: its GeoNames id
    (None when the gazetteer does not know the name) and its other names there."""

    written: str
    geonameid: int | None = None
    names: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {"written": self.written, "geonameid": self.geonameid, "names": list(self.names)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Place:
        return cls(data["written"], data.get("geonameid"), tuple(data.get("names", ())))


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


class _Groups:
    """Union-find over keys: a folded spelling (``w:lisboa``) or a GeoNames id (``g:1``)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def unify(docs: list[dict[str, Any]]) -> dict[str, str]:
    """Give every city of ``docs`` its one value (rewriting each document's ``cities``)
    and return folded name → value for its spellings and its names in the gazetteer.

    A gazetteer name shared by two cities of the corpus names neither; a spelling that
    the content writes always names its own city."""
    groups = _Groups()
    written: Counter[str] = Counter()
    in_main: Counter[str] = Counter()
    main = Counter(d.get("language") for d in docs).most_common(1)
    main_language = main[0][0] if main else None
    gazetteer_names: dict[str, set[str]] = {}
    for doc in docs:
        for place in _places(doc):
            key = "w:" + _fold(place.written)
            groups.find(key)
            written[place.written] += 1
            in_main[place.written] += doc.get("language") == main_language
            if place.geonameid is not None:
                groups.join(key, f"g:{place.geonameid}")
                for name in place.names:
                    gazetteer_names.setdefault(_fold(name), set()).add(f"g:{place.geonameid}")
    members: dict[str, list[str]] = {}
    for spelling in written:
        members.setdefault(groups.find("w:" + _fold(spelling)), []).append(spelling)
    value_of = {
        root: min(spellings, key=lambda s: (-written[s], -in_main[s], s))
        for root, spellings in members.items()
    }
    aliases = {}
    for name, ids in gazetteer_names.items():
        roots = {groups.find(i) for i in ids}
        if len(roots) == 1:
            aliases[name] = value_of[roots.pop()]
    for spelling in written:
        aliases[_fold(spelling)] = value_of[groups.find("w:" + _fold(spelling))]
    for doc in docs:
        doc["cities"] = list(dict.fromkeys(aliases[_fold(c)] for c in doc["cities"]))
    return aliases


def _places(doc: dict[str, Any]) -> list[Place]:
    """The document's cities as places (as written, without an id in an index built
    before the gazetteer)."""
    places = [Place.from_dict(p) for p in doc.get("places", ())]
    known = {p.written for p in places}
    return places + [Place(c) for c in doc["cities"] if c not in known]
