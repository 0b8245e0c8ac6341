"""What the tools that read pages find in a page's ``<head>``: Highwire Press ``citation_*``
tags (Zotero, Google Scholar), Dublin Core, OpenGraph, a description, schema.org JSON-LD.

Everything is built from the CSL item of the citation, so the page, its "Cite this" and
its exports never disagree on a title, a name or a date.
"""

from __future__ import annotations

import json
from typing import Any

from kb.citation import GENRES, ILLUSTRATIVE, PUBLISHER, csl_item
from kb.names import country_name

DESCRIPTION_CHARS = 300
SCHEMA_TYPES = {"case": "Article", "notebook": "LearningResource", "webinar": "VideoObject"}
OG_LOCALES = {"es": "es_ES", "pt": "pt_BR", "en": "en_US", "fr": "fr_FR"}


def description(text: str) -> str:
    """A summary cut at a word to fit a search engine's snippet."""
    text = " ".join(text.split())
    if len(text) <= DESCRIPTION_CHARS:
        return text
    return text[:DESCRIPTION_CHARS].rsplit(" ", 1)[0] + "…"


def json_ld(data: dict[str, Any]) -> str:
    """JSON for a ``<script type="application/ld+json">``: ``<``, ``>`` and ``&`` as JSON
    escapes, so that no text of the document can close the script or open markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _name(name: dict[str, str]) -> str:
    return name.get("literal") or f"{name['family']}, {name['given']}"


def _day(value: str) -> str:
    return value[:10]


def _date_of(item: dict[str, Any]) -> str:
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    return "-".join(f"{p:02d}" for p in parts)


def _agent(name: dict[str, str]) -> dict[str, str]:
    if "literal" in name:
        return {"@type": "Organization", "name": name["literal"]}
    full = f"{name['given']} {name['family']}"
    return {
        "@type": "Person",
        "name": full,
        "givenName": name["given"],
        "familyName": name["family"],
    }


def document_head(doc: dict[str, Any], url: str, ui: str, labels: dict[str, str]) -> dict[str, Any]:
    """The ``<head>`` metadata of a document page: lists of ``(name, content)`` pairs per
    vocabulary, the description and the JSON-LD text. ``labels`` names the themes."""
    item = csl_item(doc, url, ui)
    published, updated = _date_of(item), _day(doc.get("updated", ""))
    names = [_name(n) for n in item["author"]]
    themes = [labels.get(t, t) for t in doc.get("themes", [])]
    places = [*doc.get("cities", []), *(country_name(c, ui) for c in doc.get("countries", []))]
    summary = description(doc.get("summary", ""))
    if doc.get("illustrative"):
        summary = f"{ILLUSTRATIVE[ui]}. {summary}"
    highwire = [("citation_title", doc["title"])]
    highwire += [("citation_author", n) for n in names]
    if published:
        highwire += [("citation_publication_date", published.replace("-", "/"))]
        highwire += [("citation_date", published.replace("-", "/"))]
    highwire += [
        ("citation_language", doc.get("language", "es")),
        ("citation_publisher", PUBLISHER),
        ("citation_public_url", url),
        ("citation_abstract_html_url", url),
        *(("citation_keywords", t) for t in themes),
    ]
    dublin = [("DC.title", doc["title"]), *(("DC.creator", n) for n in names)]
    dublin += [("DCTERMS.issued", published)] if published else []
    dublin += [("DCTERMS.modified", updated)] if updated else []
    dublin += [
        ("DC.language", doc.get("language", "es")),
        ("DC.publisher", PUBLISHER),
        ("DC.identifier", url),
        ("DC.type", "MovingImage" if doc["type"] == "webinar" else "Text"),
        ("DC.description", summary),
        *(("DC.subject", t) for t in themes),
        *(("DCTERMS.spatial", p) for p in places),
        ("DCTERMS.temporal", doc["date"]),  # when the practice happened
    ]
    opengraph = [
        ("og:type", "article"),
        ("og:title", doc["title"]),
        ("og:url", url),
        ("og:site_name", PUBLISHER),
        ("og:description", summary),
        ("og:locale", OG_LOCALES.get(doc.get("language", ""), "es_ES")),
        *(("article:tag", t) for t in themes),
    ]
    opengraph += [("article:published_time", published)] if published else []
    opengraph += [("article:modified_time", updated)] if updated else []
    data = _schema(doc, item, url, ui, themes, places)
    return {
        "description": summary,
        "highwire": highwire,
        "dublin_core": dublin,
        "opengraph": opengraph,
        "json_ld": json_ld(data),
    }


def _schema(
    doc: dict[str, Any],
    item: dict[str, Any],
    url: str,
    ui: str,
    themes: list[str],
    places: list[str],
) -> dict[str, Any]:
    """The schema.org description: places and themes as what the work is about."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES[doc["type"]],
        "@id": url,
        "url": url,
        "name": doc["title"],
        "headline": doc["title"][:110],
        "description": doc.get("summary", ""),
        "author": [_agent(n) for n in item["author"]],
        "publisher": {"@type": "Organization", "name": PUBLISHER},
        "inLanguage": doc.get("language", "es"),
        "genre": GENRES[doc["type"]][ui],
        "about": [{"@type": "Thing", "name": t} for t in themes],
        "keywords": ", ".join(themes),
        "spatialCoverage": [{"@type": "Place", "name": p} for p in places],
        "temporalCoverage": doc["date"],
    }
    if item.get("issued"):
        data["datePublished"] = _date_of(item)
    if doc.get("updated"):
        data["dateModified"] = doc["updated"]
    if doc.get("illustrative"):
        data["creativeWorkStatus"] = "illustrative"
        data["disambiguatingDescription"] = ILLUSTRATIVE[ui]
    if doc["type"] == "webinar":
        data["transcript"] = "\n".join(
            (f"{s['speaker']}: " if s.get("speaker") else "") + s["text"]
            for s in doc.get("sections", [])
            if s.get("t") is not None
        )
        if data.get("datePublished"):
            data["uploadDate"] = data["datePublished"]
        if doc.get("video"):
            data["embedUrl"] = doc["video"]
    return data
