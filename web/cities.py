"""City pages: every practice of a city and the cities it worked with (page and JSON)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for

from kb.analysis import fold
from kb.cities import City as FoundCity
from kb.search.types import City, CityCount, CityList, Error, Practice
from web.context import service
from web.links import keep_ui

cities = Blueprint("cities", __name__)
MAX_FILTER = 200


def _practice(doc: dict[str, Any]) -> Practice:
    """What a city's page or JSON shows of one of its documents."""
    keys = ("id", "type", "title", "date", "countries", "cities")
    return Practice(**{k: doc[k] for k in keys}, url="/" + doc["id"])


def _count(name: str, count: int) -> CityCount:
    return CityCount(city=name, count=count, url=url_for("cities.city", name=name))


def _answer(found: FoundCity) -> City:
    return City(
        city=found.name,
        url=url_for("cities.city", name=found.name),
        count=len(found.documents),
        documents=[_practice(d) for d in found.documents],
        partners=[_count(n, c) for n, c in found.partners],
    )


@cities.get("/cities")
def index() -> Any:
    """Every city with its number of practices; ``?filter=`` keeps names containing the
    text, compared without case or accents, and the city it names in another spelling
    (``Lisbonne``: Lisboa)."""
    text = request.args.get("filter", "")[:MAX_FILTER]
    wanted = fold(text.strip())
    listed = [(name, count) for name, count in service().cities() if wanted in fold(name)]
    named = service().city(text) if wanted else None
    if named is not None and named.name not in (name for name, _ in listed):
        listed.insert(0, (named.name, len(named.documents)))
    return render_template("cities.html", cities=listed, text=text)


@cities.get("/cities/<path:name>")
def city(name: str) -> Any:
    """One city; another spelling of it (case, accents) redirects to the stored one."""
    found = service().city(name)
    if found is None:
        abort(404)
    if found.name != name:
        return redirect(keep_ui(url_for("cities.city", name=found.name)), 301)
    answer = _answer(found).to_dict()
    return render_template(
        "city.html", city=found, documents=answer["documents"], partners=answer["partners"]
    )


@cities.get("/api/cities")
def api_index() -> Any:
    """Every city with its number of documents."""
    return jsonify(CityList(cities=[_count(n, c) for n, c in service().cities()]).to_dict())


@cities.get("/api/cities/<path:name>")
def api_city(name: str) -> Any:
    """A city's documents (newest first) and partner cities; any spelling of its name."""
    found = service().city(name)
    if found is None:
        return jsonify(Error(error=f"no city named {name!r}", parameter="name").to_dict()), 404
    return jsonify(_answer(found).to_dict())
