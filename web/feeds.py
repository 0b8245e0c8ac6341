"""What feed readers and crawlers read: the Atom feed of any search, the sitemap,
``robots.txt`` and the OpenSearch description (in the interface's language).

A feed lists what is new in the knowledge base: documents in the order they entered or
last changed in the index (the indexer's ledger), not the date of the practice. An
entry's id is a tag URI minted from the document's first id and the day it was first
indexed, so a renamed document keeps it; every URI is percent-encoded (a valid IRI).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Response, current_app, render_template, request, url_for
from flask_babel import gettext

from kb.analysis import fold
from web.context import search_request, service
from web.pages import pages

FEED_SIZE = 50
NO_DATE = "2000-01-01T00:00:00Z"  # a feed must have an <updated>, even when empty


def site_root() -> str:
    return request.url_root.rstrip("/")


def encoded_url(path: str) -> str:
    """This site's ``path`` with the request's parameters, percent-encoded (an IRI)."""
    args = [(k, v) for k, v in request.args.items(multi=True)]
    return site_root() + path + (f"?{urlencode(args)}" if args else "")


def atom_time(value: str) -> str:
    """An RFC 3339 time: ``2014-05-03`` → ``2014-05-03T00:00:00Z``; a ledger time as is."""
    if "T" in value:
        return value
    parts = (value.split("-") + ["01", "01"])[:3]
    return "-".join(parts) + "T00:00:00Z"


def entry_id(facts: dict[str, Any]) -> str:
    """``tag:host,2025-06-03:cases/x`` (RFC 4151) from the ledger's entry; the document's
    address for an index written before the ledger."""
    entry = facts.get("entry", "")
    if not entry:
        return f"{site_root()}/{facts['id']}"
    day, first_id = entry.split(":", 1)
    authority = current_app.config.get("KB_TAG_AUTHORITY") or request.host.split(":")[0]
    return f"tag:{authority},{day}:{first_id}"


@pages.get("/feed.atom")
def feed() -> Response:
    """An Atom feed of any search: newest in the knowledge base first."""
    asked = search_request()
    asked.sort, asked.page, asked.per_page = "updated", 1, FEED_SIZE
    hits = service().search(asked).to_dict()["hits"]
    entries = []
    for hit in hits:
        facts = service().document_facts(hit["id"]) or {}
        entries.append(
            {
                **hit,
                "entry_id": entry_id({**facts, "id": hit["id"]}),
                "published": atom_time(facts.get("published") or hit["date"]),
                "updated": atom_time(facts.get("updated") or hit["date"]),
                "illustrative": facts.get("illustrative", False),
            }
        )
    self_url = encoded_url(url_for("pages.feed"))
    xml = render_template(
        "feed.atom.xml",
        entries=entries,
        asked=asked,
        self_url=self_url,
        updated=max((e["updated"] for e in entries), default=NO_DATE),
        search_page=encoded_url(url_for("pages.search")),
        root=site_root(),
    )
    return Response(xml, mimetype="application/atom+xml")


@pages.get("/opensearch.xml")
def opensearch() -> Response:
    """The OpenSearch description, in the interface's language; its searches keep it."""
    xml = render_template(
        "opensearch.xml",
        root=site_root(),
        description=gettext("Good practices of the international action of local governments"),
    )
    return Response(xml, mimetype="application/opensearchdescription+xml")


def _w3c(value: str) -> str:
    """A sitemap's ``lastmod``: the ledger's time to the second."""
    return value[:19] + "+00:00" if "T" in value else value


@pages.get("/sitemap.xml")
def sitemap() -> Response:
    """Every page with its last change: a document's ``updated``; the home page, the list
    of cities and each city page, the latest change among their documents."""
    docs = sorted(service().all_documents(), key=lambda d: d["id"])
    latest: dict[str, str] = {}
    for doc in docs:
        for city in doc["cities"]:
            latest[city] = max(latest.get(city, ""), doc.get("updated", ""))
    newest = max((d.get("updated", "") for d in docs), default="")
    cities = [(url_for("cities.city", name=c), _w3c(latest[c])) for c in sorted(latest, key=fold)]
    xml = render_template(
        "sitemap.xml",
        docs=[(d["id"], _w3c(d.get("updated", ""))) for d in docs],
        cities=cities,
        newest=_w3c(newest),
        root=site_root(),
    )
    return Response(xml, mimetype="application/xml")


@pages.get("/robots.txt")
def robots() -> Response:
    """Crawlers may read every page; the sitemap lists them. Exports, the API and the
    editors' dashboard are for people and programs that ask, not for indexing."""
    lines = [
        "User-agent: *",
        "Disallow: /export.",
        "Disallow: /api/",
        "Disallow: /editor",
        "",
        f"Sitemap: {site_root()}/sitemap.xml",
        "",
    ]
    return Response("\n".join(lines), mimetype="text/plain")
