"""``/export.csv``, ``.json``, ``.bib``, ``.ris``, ``.csl.json``: every result of a search,
bounded (BibTeX, RIS and CSL-JSON are for reference managers).

The parameters are those of the search page and ``GET /api/search`` (``page`` and
``per_page`` are accepted and ignored: an export holds all the results, up to the bound).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from flask import Response, g, jsonify, request, url_for

from kb import export
from kb.errors import BadRequest
from web.context import search_request, service
from web.trainers.blueprint import site_root, trainers


def export_query() -> str:
    """The current search's parameters without paging, for export and embed links."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k not in ("page", "per_page")]
    return urlencode([(k, v) for k, v in args if v != ""])


@trainers.app_context_processor
def export_links() -> dict[str, Any]:
    def export_url(fmt: str) -> str:
        query = export_query()
        return url_for("trainers.export_search", fmt=fmt) + (f"?{query}" if query else "")

    def embed_code_url() -> str:
        query = export_query()
        return url_for("trainers.embed_code") + (f"?{query}" if query else "")

    return {"export_url": export_url, "embed_code_url": embed_code_url}


@trainers.get('/export.<any(csv, json, bib, ris, "csl.json"):fmt>')
def export_search(fmt: str) -> Any:
    """All the results of the search in the query string, as a file to download."""
    try:
        asked = search_request()
        found = export.collect(service(), asked)
    except BadRequest as error:
        return jsonify(error=error.message, parameter=error.key), 400
    today = dt.date.today()
    root = site_root()
    query = export_query()
    search_page = root + url_for("pages.search") + (f"?{query}" if query else "")
    if fmt == "csv":
        text = export.to_csv(found, root)
    elif fmt == "json":
        text = export.to_json(found, root, search_page)
    elif fmt == "bib":
        text = export.to_bibtex(found, root, search_page, service().stored_document, today, g.ui)
    elif fmt == "ris":
        label = lambda theme: service().label("theme", theme, g.ui)  # noqa: E731
        text = export.to_ris(found, root, service().stored_document, g.ui, label)
    else:
        text = export.to_csl_json(found, root, service().stored_document, g.ui)
    response = Response(text, content_type=export.FORMATS[fmt])
    name = export.filename(asked, fmt, today)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["X-Kb-Total"] = str(found.total)
    response.headers["X-Kb-Exported"] = str(len(found.hits))
    response.headers["X-Kb-Truncated"] = "true" if found.truncated else "false"
    return response
