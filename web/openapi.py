"""The OpenAPI 3.1 description of the JSON API (checked against real responses in tests)."""

from __future__ import annotations

from typing import Any

from kb.search import FACETS, MAX_PER_PAGE, RESPONSE_KEYS

STRINGS = {"type": "array", "items": {"type": "string"}}
NULLABLE_STRING = {"type": ["string", "null"]}


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


def _city_paths() -> dict[str, Any]:
    """/api/cities and /api/cities/{name}."""
    ref = lambda name: {"$ref": f"#/components/schemas/{name}"}  # noqa: E731
    return {
        "/api/cities": {
            "get": {
                "summary": "Every city with its number of documents, most first",
                "operationId": "cities",
                "responses": {
                    "200": {
                        "description": "The cities",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["cities"],
                                    "properties": {
                                        "cities": {"type": "array", "items": ref("CityCount")}
                                    },
                                }
                            }
                        },
                    },
                },
            }
        },
        "/api/cities/{name}": {
            "get": {
                "summary": "A city's documents (newest first) and the cities named with it",
                "operationId": "city",
                "parameters": [
                    {
                        "name": "name",
                        "in": "path",
                        "required": True,
                        "description": "Any spelling of the city's name (case and accents "
                        "do not matter); the answer gives the stored one.",
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "The city",
                        "content": {"application/json": {"schema": ref("City")}},
                    },
                    "404": {
                        "description": "No such city",
                        "content": {"application/json": {"schema": ref("Error")}},
                    },
                },
            }
        },
    }


def _city_schemas() -> dict[str, Any]:
    count = {
        "type": "object",
        "required": ["city", "count", "url"],
        "properties": {
            "city": {"type": "string"},
            "count": {"type": "integer", "minimum": 1, "description": "Documents naming it"},
            "url": {"type": "string", "description": "Its page on the site"},
        },
    }
    practice = {
        "type": "object",
        "required": ["id", "type", "title", "url", "date", "countries", "cities"],
        "properties": {
            "id": {"type": "string"},
            "type": {"enum": ["case", "notebook", "webinar"]},
            "title": {"type": "string"},
            "url": {"type": "string"},
            "date": {"type": "string"},
            "countries": STRINGS,
            "cities": STRINGS,
        },
    }
    city = {
        "type": "object",
        "required": ["city", "url", "count", "documents", "partners"],
        "properties": {
            "city": {"type": "string", "description": "The name as stored"},
            "url": {"type": "string"},
            "count": {"type": "integer", "minimum": 1},
            "documents": {"type": "array", "items": practice},
            "partners": {
                "type": "array",
                "description": "Other cities of its documents; count: shared documents",
                "items": {"$ref": "#/components/schemas/CityCount"},
            },
        },
    }
    return {"CityCount": count, "City": city}


def document(server: str = "") -> dict[str, Any]:
    """The OpenAPI document; ``server`` is the site's root URL."""
    hit = {
        "type": "object",
        "required": [
            "id",
            "type",
            "title",
            "url",
            "section",
            "t",
            "snippet",
            "date",
            "language",
            "countries",
            "cities",
            "themes",
            "networks",
            "score",
            "matches",
            "matched",
        ],
        "properties": {
            "id": {"type": "string", "examples": ["cases/montevideo-hermanamientos"]},
            "type": {"enum": ["case", "notebook", "webinar"]},
            "title": {"type": "string"},
            "url": {"type": "string", "description": "Site path with #anchor or #t=seconds"},
            "section": NULLABLE_STRING,
            "t": {"type": ["integer", "null"], "minimum": 0},
            "snippet": {"type": "string", "description": "HTML: only <mark> tags"},
            "date": {"type": "string", "pattern": r"^\d{4}(-\d{2}){0,2}$"},
            "language": {"type": "string"},
            "countries": STRINGS,
            "cities": STRINGS,
            "themes": STRINGS,
            "networks": STRINGS,
            "score": {"type": ["number", "null"]},
            "video_url": {"type": "string"},
            "matches": {
                "type": "array",
                "maxItems": 3,
                "description": "More places that match, best first: none in the section of "
                "another, no two transcript moments within 60 s",
                "items": {"$ref": "#/components/schemas/Place"},
            },
            "matched": {
                "type": "array",
                "description": "Why the document matched: each query word and what it found",
                "items": {"$ref": "#/components/schemas/Matched"},
            },
        },
    }
    place = {
        "type": "object",
        "required": ["section", "heading", "t", "snippet", "url"],
        "properties": {
            "section": NULLABLE_STRING,
            "heading": NULLABLE_STRING,
            "t": {"type": ["integer", "null"], "minimum": 0},
            "snippet": {"type": "string", "description": "HTML: only <mark> tags"},
            "url": {"type": "string"},
        },
    }
    matched = {
        "type": "object",
        "required": ["query", "found", "via", "theme", "network", "lang"],
        "properties": {
            "query": {"type": "string", "description": "the words typed"},
            "found": {"type": "string", "description": "the words found, as written"},
            "via": {"enum": ["typed", "stem", "synonym", "spelling"]},
            "theme": {**NULLABLE_STRING, "description": "the theme a synonym belongs to"},
            "network": {**NULLABLE_STRING, "description": "the network a synonym names"},
            "lang": {**NULLABLE_STRING, "description": "the language the typed words name it in"},
        },
    }
    suggested_filter = {
        "type": "object",
        "required": ["facet", "value", "label", "count"],
        "properties": {
            "facet": {"enum": list(FACETS)},
            "value": {"type": "string"},
            "label": {"type": "string"},
            "count": {"type": "integer", "minimum": 1, "description": "results it would keep"},
        },
    }
    facet_value = {
        "type": "object",
        "required": ["value", "label", "count", "selected"],
        "properties": {
            "value": {"type": "string"},
            "label": {"type": "string"},
            "count": {"type": "integer", "minimum": 0},
            "selected": {"type": "boolean"},
        },
    }
    search = {
        "type": "object",
        "required": list(RESPONSE_KEYS),
        "properties": {
            "query": {"type": "string"},
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "took_ms": {"type": "number"},
            "suggestion": NULLABLE_STRING,
            "corrected": {"type": "boolean"},
            "suggested_filters": {
                "type": "array",
                "description": "Facet values the query names; applied only when chosen",
                "items": {"$ref": "#/components/schemas/SuggestedFilter"},
            },
            "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
            "facets": {
                "type": "object",
                "required": list(FACETS),
                "properties": {
                    name: {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}}
                    for name in FACETS
                },
            },
        },
    }
    section = {
        "type": "object",
        "required": ["anchor", "heading", "t", "speaker"],
        "properties": {
            "anchor": NULLABLE_STRING,
            "heading": {"type": "string"},
            "t": {"type": ["integer", "null"]},
            "speaker": NULLABLE_STRING,
        },
    }
    doc = {
        "type": "object",
        "required": [
            "id",
            "type",
            "slug",
            "title",
            "date",
            "language",
            "countries",
            "cities",
            "themes",
            "networks",
            "summary",
            "sections",
        ],
        "properties": {
            "id": {"type": "string"},
            "type": {"enum": ["case", "notebook", "webinar"]},
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "date": {"type": "string"},
            "language": {"type": "string"},
            "countries": STRINGS,
            "cities": STRINGS,
            "themes": STRINGS,
            "networks": STRINGS,
            "summary": {"type": "string"},
            "authors": STRINGS,
            "speakers": STRINGS,
            "video": NULLABLE_STRING,
            "source": NULLABLE_STRING,
            "tags": STRINGS,
            "redirect_from": STRINGS,
            "extra": {"type": "object"},
            "sections": {"type": "array", "items": {"$ref": "#/components/schemas/Section"}},
        },
    }
    error = {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"type": "string"}, "parameter": {"type": "string"}},
    }
    json_of = lambda ref: {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}  # noqa: E731
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "kb API",
            "version": "1.0.0",
            "description": "Search the good practices of the international action of "
            "local governments: cases, notebooks and webinar transcripts.",
        },
        "servers": [{"url": server or "/"}],
        "paths": {
            "/api/search": {
                "get": {
                    "summary": "Search documents (an empty q browses, newest first)",
                    "operationId": "search",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "schema": {"type": "string", "maxLength": 1000},
                        },
                        *[_facet_parameter(name) for name in FACETS],
                        *[_year_bound(name) for name in ("year_from", "year_to")],
                        {
                            "name": "page",
                            "in": "query",
                            "description": "from 1; empty means 1",
                            "schema": {
                                "anyOf": [
                                    {"type": "integer", "minimum": 1, "maximum": 1000},
                                    {"const": ""},
                                ],
                                "default": 1,
                            },
                        },
                        {
                            "name": "per_page",
                            "in": "query",
                            "description": "1 to 100; empty means 10",
                            "schema": {
                                "anyOf": [
                                    {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
                                    {"const": ""},
                                ],
                                "default": 10,
                            },
                        },
                        {
                            "name": "sort",
                            "in": "query",
                            "description": "relevance (also when empty) or date",
                            "schema": {"enum": ["relevance", "date", ""], "default": "relevance"},
                        },
                        {
                            "name": "ui",
                            "in": "query",
                            "description": "Language of labels: es, pt, en or fr; anything else "
                            "falls back to Accept-Language, then Spanish.",
                            "schema": {"type": "string", "examples": ["es", "pt", "en", "fr"]},
                        },
                    ],
                    "responses": {
                        "200": {"description": "Results", "content": json_of("Search")},
                        "400": {
                            "description": "A bad parameter, named",
                            "content": json_of("Error"),
                        },
                        "503": {"description": "No index yet", "content": json_of("Error")},
                    },
                }
            },
            "/api/documents/{folder}/{slug}": {
                "get": {
                    "summary": "A document's metadata and sections (webinar passages with times)",
                    "operationId": "document",
                    "parameters": [
                        {
                            "name": "folder",
                            "in": "path",
                            "required": True,
                            "schema": {"enum": ["cases", "notebooks", "webinars"]},
                        },
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                    ],
                    "responses": {
                        "200": {"description": "The document", "content": json_of("Document")},
                        "301": {"description": "A former slug: moved permanently"},
                        "404": {"description": "No such document", "content": json_of("Error")},
                    },
                }
            },
            **_city_paths(),
            "/healthz": {
                "get": {
                    "summary": "Index health",
                    "operationId": "health",
                    "responses": {
                        "200": {
                            "description": "The index is readable",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["status", "generation"],
                                        "properties": {
                                            "status": {"type": "string"},
                                            "generation": {"type": "string"},
                                            "documents": {"type": "integer"},
                                        },
                                    }
                                }
                            },
                        },
                        "503": {"description": "No readable index"},
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Search": search,
                "Hit": hit,
                "Place": place,
                "Matched": matched,
                "SuggestedFilter": suggested_filter,
                "FacetValue": facet_value,
                "Document": doc,
                "Section": section,
                "Error": error,
                **_city_schemas(),
            }
        },
    }
