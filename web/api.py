"""The JSON API: search, documents, health, the OpenAPI description."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, redirect, request, url_for

from kb.documents import FOLDER_OF_TYPE, METADATA_KEYS
from kb.errors import KbError
from kb.search.types import Document, Section
from web.context import search_request, service
from web.openapi import openapi_document
from web.searchlog import log_search

api = Blueprint("api", __name__)
FOLDERS = ("cases", "notebooks", "webinars")


@api.get("/api/search")
def search() -> Any:
    """Search; the body is the same as ``kb search --json``."""
    asked = search_request()
    answer = service().search(asked)
    log_search(asked, answer, "api")
    return jsonify(answer.to_dict())


@api.get("/api/documents/<folder>/<slug>")
def document_json(folder: str, slug: str) -> Any:
    """A document's metadata and its sections (passages for webinars)."""
    if folder not in FOLDERS:
        return jsonify(error=f"folder: use one of {', '.join(FOLDERS)}"), 404
    doc_id = f"{folder}/{slug}"
    data = service().stored_document(doc_id)
    if data is None:
        target = service().moved_to(doc_id)
        if target:
            new_folder, new_slug = target.split("/", 1)
            return redirect(url_for("api.document_json", folder=new_folder, slug=new_slug), 301)
        return jsonify(error=f"no document {doc_id}"), 404
    return jsonify(document_answer(data).to_dict())


def document_answer(data: dict[str, Any]) -> Document:
    """The API's view of a stored document."""
    return Document(
        **{key: data[key] for key in METADATA_KEYS if key not in ("published", "illustrative")},
        published=data.get("published", ""),  # absent from an index written before them
        illustrative=data.get("illustrative", False),
        indexed=data.get("indexed", ""),
        updated=data.get("updated", ""),
        id=f"{FOLDER_OF_TYPE[data['type']]}/{data['slug']}",
        extra=data.get("extra", {}),
        sections=[
            Section(anchor=s["anchor"], heading=s["heading"], t=s["t"], speaker=s["speaker"])
            for s in data["sections"]
        ],
    )


@api.get("/api/openapi.json")
def openapi() -> Any:
    """The OpenAPI 3 description of this API."""
    return jsonify(openapi_document(request.url_root.rstrip("/")))


@api.get("/healthz")
def healthz() -> Any:
    """200 with the index generation when the index is readable."""
    try:
        return jsonify(service().health().to_dict())
    except KbError as error:
        return jsonify(status="unavailable", error=error.message), 503
