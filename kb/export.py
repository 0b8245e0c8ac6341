"""Exports of a search: every result (up to a bound) as CSV, JSON, BibTeX, RIS or CSL-JSON.

The rows are the search service's own hits, page after page, so an export holds exactly
what the search page and the API show for the same parameters.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from kb.analysis import fold
from kb.citation import bibtex_of, csl_item, entry_key, ris, ris_record
from kb.search import MAX_PER_PAGE, SearchRequest, SearchService

EXPORT_LIMIT = 1000
COLUMNS = (
    "title",
    "type",
    "date",
    "countries",
    "cities",
    "themes",
    "networks",
    "language",
    "url",
    "snippet",
)
LIST_COLUMNS = ("countries", "cities", "themes", "networks")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "bib": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "csl.json": "application/vnd.citationstyles.csl+json",
}
Lookup = Callable[[str], dict[str, Any] | None]


@dataclass
class Export:
    """The results of one search, in its order, up to ``limit``."""

    request: SearchRequest
    hits: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    suggestion: str | None = None
    corrected: bool = False
    limit: int = EXPORT_LIMIT

    @property
    def truncated(self) -> bool:
        return self.total > len(self.hits)


def collect(service: SearchService, request: SearchRequest, limit: int = EXPORT_LIMIT) -> Export:
    """Page through the search service until every result (or ``limit``) is in hand."""
    request.validate()
    export = Export(request, limit=limit)
    seen: set[str] = set()
    page = 1
    while len(export.hits) < limit:
        body = service.search(replace(request, page=page, per_page=MAX_PER_PAGE)).to_dict()
        export.total = body["total"]
        export.suggestion, export.corrected = body["suggestion"], body["corrected"]
        for hit in body["hits"]:
            if hit["id"] not in seen:  # the index may change between two pages
                seen.add(hit["id"])
                export.hits.append(hit)
        if not body["hits"] or page * MAX_PER_PAGE >= body["total"]:
            break
        page += 1
    del export.hits[limit:]
    return export


def plain(snippet: str) -> str:
    """A hit's snippet as plain text (its only tags are ``<mark>``)."""
    return html.unescape(re.sub(r"</?mark>", "", snippet))


def row(hit: dict[str, Any], root: str) -> dict[str, Any]:
    """One result as an export row: absolute URL, plain-text snippet."""
    values = {name: hit[name] for name in COLUMNS if name not in ("url", "snippet")}
    values["url"] = root + hit["url"]
    values["snippet"] = plain(hit["snippet"])
    return values


def to_csv(export: Export, root: str) -> str:
    """A header line, then one line per result; lists joined with ``; ``.

    Starts with a byte order mark so that spreadsheets read the accents as UTF-8.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for hit in export.hits:
        values = row(hit, root)
        for name in LIST_COLUMNS:
            values[name] = "; ".join(values[name])
        writer.writerow({name: inert(str(value)) for name, value in values.items()})
    return out.getvalue()


def inert(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula: one starting with ``= + - @`` or a
    tab or carriage return gets a leading apostrophe (OWASP's advice on CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def to_json(export: Export, root: str, search_url: str) -> str:
    """The search, how many results it has and how many are here, and the rows."""
    body = {
        "query": export.request.q,
        "filters": export.request.filters,
        "sort": export.request.sort,
        "search_url": search_url,
        "total": export.total,
        "exported": len(export.hits),
        "truncated": export.truncated,
        "limit": export.limit,
        "suggestion": export.suggestion,
        "corrected": export.corrected,
        "results": [
            {"id": hit["id"], **row(hit, root), "section": hit["section"], "t": hit["t"]}
            for hit in export.hits
        ],
    }
    return json.dumps(body, ensure_ascii=False, indent=1)


def items(
    export: Export, root: str, document: Lookup, ui: str
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each result's stored document and CSL item (the whole document), keys made unique."""
    found = []
    used: set[str] = set()
    for hit in export.hits:
        doc = document(hit["id"])
        if doc is None:
            continue
        key = base = entry_key(doc)
        suffix = 0
        while key in used:
            suffix += 1
            key = f"{base}{chr(ord('a') + (suffix - 1) % 26)}{(suffix - 1) // 26 or ''}"
        used.add(key)
        found.append((doc, csl_item(doc, f"{root}/{hit['id']}", ui, key)))
    return found


def to_bibtex(
    export: Export,
    root: str,
    search_url: str,
    document: Lookup,
    today: dt.date,
    ui: str = "es",
) -> str:
    """One ``@misc`` entry per result (the whole document), after a comment on the search."""
    lines = [
        f"% kb: {len(export.hits)} of {export.total} results of {search_url}",
        f"% exported {today.isoformat()}"
        + (f"; truncated at {export.limit} results" if export.truncated else ""),
        "",
    ]
    for _doc, item in items(export, root, document, ui):
        lines += [bibtex_of(item), ""]
    return "\n".join(lines)


def to_ris(
    export: Export, root: str, document: Lookup, ui: str, label: Callable[[str], str]
) -> str:
    """One RIS reference per result; ``label`` names a theme in ``ui`` (its keywords)."""
    records = []
    for doc, item in items(export, root, document, ui):
        keywords = [label(t) for t in doc.get("themes", [])]
        records.append(ris_record(item, doc["type"], keywords))
    return ris(records)


def to_csl_json(export: Export, root: str, document: Lookup, ui: str) -> str:
    """CSL-JSON: the list of the results' items, as Zotero, pandoc and citeproc read it."""
    found = [item for _doc, item in items(export, root, document, ui)]
    return json.dumps(found, ensure_ascii=False, indent=1)


def filename(request: SearchRequest, extension: str, today: dt.date) -> str:
    """``kb-hermanamientos-2026-11-24.csv``: the query in ASCII, or ``all``."""
    words = re.sub(r"[^a-z0-9]+", "-", fold(request.q.lower())).strip("-")[:40].strip("-")
    return f"kb-{words or 'all'}-{today.isoformat()}.{extension}"
