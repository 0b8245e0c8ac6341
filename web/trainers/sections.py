"""Section links on document pages: a permanent link, "cite" and "add to list" per heading
and transcript moment, and the citation of the section a page was opened at."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from bs4 import BeautifulSoup
from flask import g, get_template_attribute, request, url_for

from kb.citation import bibtex_of, csl_item, entry_key, section_title
from kb.reading_lists import find_section
from web.citations import styles
from web.links import clock
from web.trainers.blueprint import site_root
from web.trainers.embeds import iframe, oembed_url

_HEADING = re.compile(r"^h[1-6]$")


def cite_url(**section: str | int) -> str:
    """This page at a section, scrolled to its citation."""
    args: list[tuple[str, Any]] = list(section.items())
    if g.get("ui_explicit"):
        args.append(("ui", g.ui))
    return f"{request.path}?{urlencode(args)}#cite-title"


def add_section_tools(html: str, doc: dict[str, Any], doc_id: str, permanent: str) -> str:
    """Put the tools of each section after its heading in the document's HTML."""
    headings = {
        s["anchor"]: s["heading"] for s in doc["sections"] if s["anchor"] and s["t"] is None
    }
    if not headings:
        return html
    tools = get_template_attribute("_trainer_macros.html", "section_tools")
    soup = BeautifulSoup(html, "html.parser")
    for heading in soup.find_all(_HEADING):
        anchor = heading.get("id")
        if not isinstance(anchor, str) or anchor not in headings:
            continue
        markup = tools(
            url=f"{permanent}#{anchor}",
            cite=cite_url(section=anchor),
            item=f"{doc_id}#{anchor}",
            label=headings[anchor],
            lang=g.ui,
        )
        heading.insert_after(BeautifulSoup(str(markup), "html.parser"))
    return str(soup)


def citation(
    doc: dict[str, Any], url: str, key: str | None = None, title: str | None = None
) -> dict[str, Any]:
    """A document's (or a section's) citation in the interface's language: the CSL item,
    APA and Chicago by CSL, BibTeX."""
    item = csl_item(doc, url, g.ui, key, title)
    return {"item": item, **styles(item, g.ui), "bibtex": bibtex_of(item)}


def asked_section(doc: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The section named by ``?section=`` or the moment by ``?t=`` (anchor, section)."""
    anchor = request.args.get("section", "")[:200]
    moment = request.args.get("t", "")
    if moment.isdigit() and len(moment) <= 6:
        anchor = f"t={int(moment)}"
    section = find_section(doc, anchor) if anchor else None
    return (anchor, section) if section is not None else None


def section_citation(doc: dict[str, Any], permanent: str) -> dict[str, Any] | None:
    """The citation of the section in ``?section=`` or the moment in ``?t=``, if it exists."""
    found = asked_section(doc)
    if found is None:
        return None
    anchor, section = found
    if section["t"] is not None:
        seconds = int(anchor.removeprefix("t="))
        label = clock(seconds) + (f" ({section['speaker']})" if section.get("speaker") else "")
    else:
        label = section["heading"]
    url = f"{permanent}#{anchor}"
    title = section_title(doc, label)
    key = entry_key(doc) + re.sub(r"[^a-z0-9]+", "", anchor.lower())[:20]
    query = {"t": anchor[2:]} if section["t"] is not None else {"section": anchor}
    return {"label": label, "url": url, "query": query, **citation(doc, url, key, title)}


def document_extras(doc: dict[str, Any], doc_id: str, permanent: str) -> dict[str, Any]:
    """What a document page adds for trainers: section citation, oEmbed, embed snippet."""
    folder, slug = doc_id.split("/", 1)
    embed = site_root() + url_for("trainers.embed_document", folder=folder, slug=slug)
    return {
        "section_cite": section_citation(doc, permanent),
        "oembed_url": oembed_url(doc_id),
        "embed_snippet": iframe(embed, doc["title"], "100%", 300),
        "moment_cite": lambda t: cite_url(t=t),
    }
