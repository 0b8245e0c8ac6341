"""The JSON API: search, documents, health."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, redirect, request, url_for
from werkzeug.datastructures import MultiDict

from kb.documents import FOLDER_OF_TYPE, METADATA_KEYS
from kb.errors import BadRequest, IndexMissing, KbError
from kb.search import FACETS, SearchRequest, SearchService
from web.editor import log_search

api = Blueprint("api", __name__)
FOLDERS = ("cases", "notebooks", "webinars")
SINGLE = ("q", "page", "per_page", "sort", "ui", "year_from", "year_to")  # one value each


def service() -> SearchService:
    return current_app.extensions["kb_search"]


def ui_language() -> str:
    """``?ui=``, else the best of Accept-Language, else Spanish."""
    from web import select_locale

    return select_locale()


def _int(name: str, default: int, args: MultiDict[str, str]) -> int:
    value = args.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise BadRequest(f"{name}: {value!r} is not a whole number", key=name) from None


def search_request(args: MultiDict[str, str] | None = None) -> SearchRequest:
    """The search asked for by the query string (or ``args``); ``BadRequest`` names a bad
    parameter."""
    args = request.args if args is None else args
    unknown = set(args) - {*SINGLE, *FACETS}
    if unknown:
        name = sorted(unknown)[0]
        raise BadRequest(f"{name}: unknown parameter", key=name)
    for name in SINGLE:
        if len(args.getlist(name)) > 1:
            raise BadRequest(f"{name}: given more than once", key=name)
    return SearchRequest(
        q=args.get("q", ""),
        page=_int("page", 1, args),
        per_page=_int("per_page", 10, args),
        sort=args.get("sort") or "relevance",
        ui=ui_language(),
        filters={name: args.getlist(name) for name in FACETS if name in args},
        year_from=args.get("year_from", ""),
        year_to=args.get("year_to", ""),
    )


@api.errorhandler(KbError)
def kb_error(error: KbError) -> Any:
    if isinstance(error, BadRequest):
        return jsonify(error=error.message, parameter=error.key), 400
    if isinstance(error, IndexMissing):
        return jsonify(error=error.message), 503
    return jsonify(error=error.message), 500


@api.get("/api/search")
def search() -> Any:
    """Search; the body is the same as ``kb search --json``."""
    asked = search_request()
    body = service().search(asked)
    log_search(asked, body, "api")
    return jsonify(body)


@api.get("/api/documents/<folder>/<slug>")
def document(folder: str, slug: str) -> Any:
    """A document's metadata and its sections (passages for webinars)."""
    if folder not in FOLDERS:
        return jsonify(error=f"folder: use one of {', '.join(FOLDERS)}"), 404
    doc_id = f"{folder}/{slug}"
    data = service().document(doc_id)
    if data is None:
        target = service().redirect(doc_id)
        if target:
            new_folder, new_slug = target.split("/", 1)
            return redirect(url_for("api.document", folder=new_folder, slug=new_slug), 301)
        return jsonify(error=f"no document {doc_id}"), 404
    return jsonify(document_body(data))


def document_body(data: dict[str, Any]) -> dict[str, Any]:
    """The API's view of a stored document."""
    body = {key: data[key] for key in METADATA_KEYS}
    body["id"] = f"{FOLDER_OF_TYPE[data['type']]}/{data['slug']}"
    body["extra"] = data.get("extra", {})
    body["sections"] = [
        {"anchor": s["anchor"], "heading": s["heading"], "t": s["t"], "speaker": s["speaker"]}
        for s in data["sections"]
    ]
    return body


@api.get("/api/openapi.json")
def openapi() -> Any:
    """The OpenAPI 3 description of this API."""
    from web.openapi import document

    return jsonify(document(request.url_root.rstrip("/")))


@api.get("/healthz")
def healthz() -> Any:
    """200 with the index generation when the index is readable."""
    try:
        return jsonify(service().health())
    except KbError as error:
        return jsonify(status="unavailable", error=error.message), 503
