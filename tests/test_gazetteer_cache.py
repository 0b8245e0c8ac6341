"""The gazetteer's prebuilt form on disk: the same cities as its source, never stale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.gazetteer import SOURCE, Gazetteer, load, prebuild
from indexer.prebuilt_cache import KEEP


def _city(geonameid: int, name: str, country: str, alternates: list[str]) -> dict:
    return {
        "geonameid": geonameid,
        "name": name,
        "countrycode": country,
        "population": 500_000,
        "timezone": "",
        "alternatenames": alternates,
    }


def _write(source: Path, *cities: dict) -> None:
    source.write_text(json.dumps({str(c["geonameid"]): c for c in cities}), encoding="utf-8")


@pytest.fixture(scope="module")
def from_source() -> Gazetteer:
    return Gazetteer(prebuild(json.loads(SOURCE.read_bytes()).values()))


def test_the_cached_gazetteer_has_the_cities_of_its_source(tmp_path, from_source):
    first = Gazetteer(load(SOURCE, tmp_path))  # built, and saved
    assert [p.name for p in tmp_path.iterdir()] == [p.name for p in tmp_path.glob("*.msgpack")]
    again = Gazetteer(load(SOURCE, tmp_path))  # read from the saved form
    for gazetteer in (first, again):
        assert gazetteer._cities == from_source._cities
        assert gazetteer._by_name == from_source._by_name
    lisbon = again.place("Lisbonne")
    assert lisbon.geonameid == 2267057 and "Lisboa" in lisbon.names
    cordoba = from_source.place("Cordoba", ["AR"]).geonameid
    assert cordoba is not None and again.place("Córdoba", ["AR"]).geonameid == cordoba


def test_a_changed_source_is_read_again(tmp_path):
    source, cache = tmp_path / "cities15000.json", tmp_path / "cache"
    _write(source, _city(1, "Villa Nueva", "AR", ["Villanueva"]))
    assert Gazetteer(load(source, cache)).place("Villanueva").geonameid == 1
    for version in range(2, 8):
        _write(source, _city(version, "Villa Nueva", "GT", ["Villanueva"]))
        assert Gazetteer(load(source, cache)).place("Villanueva").geonameid == version
    assert len(list(cache.glob("*.msgpack"))) == KEEP  # older forms are removed


def test_a_damaged_or_unwritable_cache_only_costs_the_build(tmp_path):
    source, cache = tmp_path / "cities15000.json", tmp_path / "cache"
    _write(source, _city(3, "Rosario", "AR", []))
    load(source, cache)
    for saved in cache.glob("*.msgpack"):
        saved.write_bytes(b"\x93 not a gazetteer")
    assert Gazetteer(load(source, cache)).place("Rosario").geonameid == 3
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert Gazetteer(load(source, blocked / "cache")).place("Rosario").geonameid == 3
