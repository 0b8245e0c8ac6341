"""Watch mode in the site (``kb serve --watch``): open document pages follow their file.

A document page polls ``/watch/<folder>/<slug>.json`` for its stamp (the content hash of
the indexed version and the problems of the last indexing run) and reloads when it
changes; a document whose file is broken shows those problems in a banner, above its
last good version or, for a document never published, on a 404 page that polls the same
way and so turns into the document once its file is fixed. Without ``KB_WATCH`` in the
app's config the endpoint is a 404 and pages carry nothing of this.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Blueprint, abort, current_app, render_template

from indexer.watch import read_problems
from kb.errors import IndexMissing
from web.context import service

watch = Blueprint("watch", __name__)


def watch_state(doc_id: str) -> dict[str, Any]:
    """The stamp of a document (changes whenever its page would) and its problems."""
    try:
        content_hash = service().content_hash(doc_id)
        if content_hash is None:
            content_hash = "missing"
    except IndexMissing:
        content_hash = "no index"
    problems = [p for p in read_problems(current_app.config["KB_INDEX"]) if p["doc_id"] == doc_id]
    lines = [str(p.get("text", "")) for p in problems]
    stamp = hashlib.sha256("\n".join([content_hash, *lines]).encode()).hexdigest()[:16]
    return {
        "stamp": stamp,
        "problems": lines,
        "errors": any(not p.get("warning") for p in problems),
    }


def unpublished_page(doc_id: str) -> tuple[str, int] | None:
    """In watch mode, the 404 page of a document not in the index whose file has problems:
    its problems, and the polling that reloads it into the document once they are fixed.
    ``None`` outside watch mode or when no problem names the document (the plain 404)."""
    if not current_app.config.get("KB_WATCH"):
        return None
    if not any(p.get("doc_id") == doc_id for p in read_problems(current_app.config["KB_INDEX"])):
        return None
    return render_template("watch_unpublished.html", doc_id=doc_id), 404


@watch.get("/watch/<any(cases, notebooks, webinars):folder>/<slug>.json")
def state(folder: str, slug: str) -> Any:
    """The document's stamp and problems, for its open page to poll."""
    if not current_app.config.get("KB_WATCH"):
        abort(404)
    body = watch_state(f"{folder}/{slug}")
    return body, 200, {"Cache-Control": "no-store"}


@watch.app_context_processor
def helpers() -> dict[str, Any]:
    return {"watch_state": watch_state}
