"""The OpenAPI 3.1 description of the JSON API.

The schemas are generated from the typed answers (``kb.search.types``) with msgspec, so
the contract is written once; the paths and parameters are described here. Tests check
the document against real responses.
"""

from __future__ import annotations

from typing import Any

import msgspec

from kb.search import FACETS, MAX_PER_PAGE, MAX_QUERY_CHARS
from kb.search.request import MAX_PAGE
from kb.search.types import SCHEMAS
from web.context import MAX_QUERY_STRING, SERVER_LINE_LIMIT

REF = "#/components/schemas/{name}"
ALIASES = {"Search": "SearchResponse", "Matched": "Reason"}  # earlier names of schemas


def _facet_parameter(name: str) -> dict[str, Any]:
    items: dict[str, Any] = {"type": "string", "maxLength": 200}
    if name == "year":
        items = {"type": "string", "pattern": "^([0-9]{4})?$"}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "style": "form",
        "explode": True,
        "description": f"Only results with this {name}; repeat for OR.",
        "schema": {"type": "array", "items": items},
    }


def _year_bound(name: str) -> dict[str, Any]:
    end = "first" if name == "year_from" else "last"
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": f"The {end} year of a range (inclusive; empty: open). With both, "
        "year_from must not be after year_to (400). ANDed with the other filters and with "
        "year values; the year facet's counts ignore it.",
        "schema": {"type": "string", "pattern": "^([0-9]{4})?$"},
    }


def _json(name: str, description: str) -> dict[str, Any]:
    """A response whose body is the schema ``name``."""
    schema = {"$ref": REF.format(name=name)}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _search_parameters() -> list[dict[str, Any]]:
    def number(name: str, maximum: int, default: int, description: str) -> dict[str, Any]:
        limits = {"type": "integer", "minimum": 1, "maximum": maximum}
        schema = {"anyOf": [limits, {"const": ""}], "default": default}
        return {"name": name, "in": "query", "description": description, "schema": schema}

    return [
        {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": MAX_QUERY_CHARS}},
        *[_facet_parameter(name) for name in FACETS],
        *[_year_bound(name) for name in ("year_from", "year_to")],
        number("page", MAX_PAGE, 1, "from 1; empty means 1"),
        number("per_page", MAX_PER_PAGE, 10, "1 to 100; empty means 10"),
        {
            "name": "sort",
            "in": "query",
            "description": "relevance (also when empty), date (of the practice) or updated "
            "(last entered or changed in the knowledge base)",
            "schema": {"enum": ["relevance", "date", "updated", ""], "default": "relevance"},
        },
        {
            "name": "ui",
            "in": "query",
            "description": "Language of labels: es, pt, en or fr; anything else "
            "falls back to Accept-Language, then Spanish.",
            "schema": {"type": "string", "examples": ["es", "pt", "en", "fr"]},
        },
    ]


def _path(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _limits() -> dict[str, Any]:
    """The refusals every route shares: the app's own (JSON) and the server's (plain)."""
    too_long = f"A query string over {MAX_QUERY_STRING:,} bytes (parameter: empty)"
    return {
        "400": _json("Error", too_long),
        "414": {
            "description": f"A request line over {SERVER_LINE_LIMIT:,} bytes, refused by "
            "the HTTP server (gunicorn.conf.py) before the app, as a plain HTML body",
            "content": {"text/html": {"schema": {"type": "string"}}},
        },
    }


def _get(operation: str, summary: str, responses: dict[str, Any], **more: Any) -> dict[str, Any]:
    """One GET operation, with the shared refusals beside its own answers."""
    answers = {**_limits(), **responses}
    return {"get": {"summary": summary, "operationId": operation, **more, "responses": answers}}


def _paths() -> dict[str, Any]:
    gone = {"description": "A former slug: moved permanently"}
    folders = {"enum": ["cases", "notebooks", "webinars"]}
    city_name = (
        "Any spelling of the city's name (case and accents do not matter); "
        "the answer gives the stored one."
    )
    return {
        "/api/search": _get(
            "search",
            "Search documents (an empty q browses, newest first)",
            {
                "200": _json("SearchResponse", "Results"),
                "400": _json(
                    "Error",
                    "A bad parameter, named; or a query string over "
                    f"{MAX_QUERY_STRING:,} bytes (parameter: empty)",
                ),
                "503": _json("Error", "No index yet"),
            },
            parameters=_search_parameters(),
        ),
        "/api/documents/{folder}/{slug}": _get(
            "document",
            "A document's metadata and sections (webinar passages with times)",
            {
                "200": _json("Document", "The document"),
                "301": gone,
                "404": _json("Error", "No such document"),
            },
            parameters=[
                _path("folder", "The type's folder", folders),
                _path("slug", "The document's slug (a former slug redirects)"),
            ],
        ),
        "/api/cities": _get(
            "cities",
            "Every city with its number of documents, most first",
            {"200": _json("CityList", "The cities")},
        ),
        "/api/cities/{name}": _get(
            "city",
            "A city's documents (newest first) and the cities named with it",
            {"200": _json("City", "The city"), "404": _json("Error", "No such city")},
            parameters=[_path("name", city_name)],
        ),
        "/healthz": _get(
            "health",
            "Index health",
            {
                "200": _json("Health", "The index is readable"),
                "503": {"description": "No readable index"},
            },
        ),
    }


def schemas() -> dict[str, Any]:
    """The components' schemas, generated from the answer types."""
    _refs, components = msgspec.json.schema_components(SCHEMAS, ref_template=REF)
    for old, new in ALIASES.items():
        components[old] = {"$ref": REF.format(name=new)}
    return components


def openapi_document(server: str = "") -> dict[str, Any]:
    """The OpenAPI document; ``server`` is the site's root URL."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "kb API",
            "version": "1.0.0",
            "description": "Search the good practices of the international action of "
            "local governments: cases, notebooks and webinar transcripts.",
        },
        "servers": [{"url": server or "/"}],
        "paths": _paths(),
        "components": {"schemas": schemas()},
    }
