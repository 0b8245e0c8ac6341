"""City pages: every practice of a city and the cities it worked with (page and JSON)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for

from kb import cities as kb_cities
from kb.analysis import fold
from web.api import service
from web.pages import keep_ui

cities = Blueprint("cities", __name__)
MAX_FILTER = 200


def _document(doc: dict[str, Any]) -> dict[str, Any]:
    """What a city's page or JSON shows of one of its documents."""
    keys = ("id", "type", "title", "date", "countries", "cities")
    return {**{k: doc[k] for k in keys}, "url": "/" + doc["id"]}


def _partner(name: str, count: int) -> dict[str, Any]:
    return {"city": name, "count": count, "url": url_for("cities.city", name=name)}


@cities.get("/cities")
def index() -> Any:
    """Every city with its number of practices; ``?filter=`` keeps names containing the
    text, compared without case or accents."""
    text = request.args.get("filter", "")[:MAX_FILTER]
    wanted = fold(text.strip())
    listed = [
        (name, count)
        for name, count in kb_cities.all_cities(service().generation().facets)
        if wanted in fold(name)
    ]
    return render_template("cities.html", cities=listed, text=text)


@cities.get("/cities/<path:name>")
def city(name: str) -> Any:
    """One city; another spelling of it (case, accents) redirects to the stored one."""
    gen = service().generation()
    stored = kb_cities.find(gen.facets, name)
    if stored is None:
        abort(404)
    if stored != name:
        return redirect(keep_ui(url_for("cities.city", name=stored)), 301)
    found = kb_cities.city(gen.docs, gen.facets, stored)
    assert found is not None  # find() returned a stored value
    return render_template(
        "city.html",
        city=found,
        documents=[_document(d) for d in found.documents],
        partners=[_partner(n, c) for n, c in found.partners],
    )


@cities.get("/api/cities")
def api_index() -> Any:
    """Every city with its number of documents."""
    listed = kb_cities.all_cities(service().generation().facets)
    return jsonify(cities=[_partner(name, count) for name, count in listed])


@cities.get("/api/cities/<path:name>")
def api_city(name: str) -> Any:
    """A city's documents (newest first) and partner cities; any spelling of its name."""
    gen = service().generation()
    stored = kb_cities.find(gen.facets, name)
    found = kb_cities.city(gen.docs, gen.facets, stored) if stored else None
    if found is None:
        return jsonify(error=f"no city named {name!r}", parameter="name"), 404
    return jsonify(
        city=found.name,
        url=url_for("cities.city", name=found.name),
        count=len(found.documents),
        documents=[_document(d) for d in found.documents],
        partners=[_partner(n, c) for n, c in found.partners],
    )
