"""``/<folder>/<slug>/cite.bib|.ris|.json``: one document's citation as a file for a
reference manager (BibTeX, RIS, CSL-JSON); ``?section=`` or ``?t=`` cites that section or
moment instead, as the page opened there does."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, abort, g, url_for

from kb.citation import ris, ris_record
from web.context import service
from web.trainers.blueprint import site_root, trainers
from web.trainers.sections import citation, section_citation

TYPES = {
    "bib": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "json": "application/vnd.citationstyles.csl+json",
}


def csl_json(items: list[dict[str, Any]]) -> str:
    """CSL-JSON: a list of items, as citeproc-js, Zotero and pandoc read it."""
    return json.dumps(items, ensure_ascii=False, indent=1)


def as_file(doc: dict[str, Any], cite: dict[str, Any], fmt: str) -> str:
    """A citation (``sections.citation``) in the format ``fmt``."""
    if fmt == "bib":
        return str(cite["bibtex"]) + "\n"
    if fmt == "ris":
        keywords = [service().label("theme", t, g.ui) for t in doc.get("themes", [])]
        return ris([ris_record(cite["item"], doc["type"], keywords)])
    return csl_json([cite["item"]])


@trainers.get("/<any(cases, notebooks, webinars):folder>/<slug>/cite.<any(bib, ris, json):fmt>")
def cite_file(folder: str, slug: str, fmt: str) -> Any:
    """The citation of a document (or of the section asked for) as a file to download."""
    doc = service().stored_document(f"{folder}/{slug}")
    if doc is None:
        abort(404)
    permanent = site_root() + url_for("pages.document_page", folder=folder, slug=slug)
    cite = section_citation(doc, permanent) or citation(doc, permanent)
    response = Response(as_file(doc, cite, fmt), content_type=TYPES[fmt])
    name = f"{cite['item']['id']}.{fmt}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
