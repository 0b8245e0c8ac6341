"""Embeds for course platforms: a search or a document in an iframe, and oEmbed.

Only ``/embed`` and ``/embed/<folder>/<slug>`` may be framed by other sites
(``frame-ancestors *``); every other page keeps ``frame-ancestors 'self'``.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import g, jsonify, make_response, redirect, render_template, request, url_for

from kb.errors import BadRequest
from kb.reading_lists import find_section
from kb.search import MAX_QUERY_CHARS, SearchRequest
from web.context import search_request, service
from web.links import keep_ui
from web.trainers.blueprint import framable, framing_self, site_root, trainers
from web.trainers.exports import export_query

FOLDERS = "cases|notebooks|webinars"
DOCUMENT_PATH = re.compile(rf"^/({FOLDERS})/([a-z0-9]+(?:[-_][a-z0-9]+)*)/?$")
OEMBED_WIDTH, OEMBED_HEIGHT = 480, 300
EMBED_HEIGHT = 480


@trainers.get("/embed")
def embed_search() -> Any:
    """A compact list of a search's results, for an iframe in a course."""
    status = 200
    error = None
    try:
        asked = search_request()
        body = service().search(asked).to_dict()
    except BadRequest as problem:
        asked = SearchRequest(q=request.args.get("q", "")[:MAX_QUERY_CHARS], ui=g.ui)
        body, error, status = None, problem.message, 400
    if body:
        words = body["suggestion"] if body["corrected"] else asked.q
        for hit in body["hits"]:
            hit["link"] = site_root() + keep_ui(highlighted(hit["url"], words))
    query = export_query()
    full = site_root() + url_for("pages.search") + (f"?{query}" if query else "")
    html = render_template("embed.html", body=body, asked=asked, error=error, full=full)
    return framable(make_response(html, status))


def highlighted(url: str, words: str) -> str:
    """A hit's address that marks the searched words on the page (``?hl=``)."""
    if not words.strip():
        return url
    path, _, fragment = url.partition("#")
    return f"{path}?{urlencode({'hl': words})}" + (f"#{fragment}" if fragment else "")


@trainers.get(f"/embed/<any({FOLDERS.replace('|', ', ')}):folder>/<slug>")
def embed_document(folder: str, slug: str) -> Any:
    """A document's card (title, summary, metadata, link), or one of its sections'."""
    doc_id = f"{folder}/{slug}"
    data = service().stored_document(doc_id)
    if data is None:
        target = service().moved_to(doc_id)
        if not target:
            return framable(make_response(render_template("embed_document.html", doc=None), 404))
        new_folder, new_slug = target.split("/", 1)
        query = request.query_string.decode("utf-8", "replace")
        moved = url_for("trainers.embed_document", folder=new_folder, slug=new_slug)
        return framable(redirect(moved + (f"?{query}" if query else ""), 301))
    anchor = request.args.get("section", "")[:200]
    section = find_section(data, anchor) if anchor else None
    link = f"{site_root()}/{doc_id}" + (f"#{anchor}" if section else "")
    html = render_template("embed_document.html", doc=data, section=section, link=link)
    return framable(make_response(html))


def iframe(src: str, title: str, width: int | str, height: int) -> str:
    """The snippet a course page pastes (also the ``html`` of an oEmbed answer)."""
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" width="{width}" '
        f'height="{height}" loading="lazy" style="border:0"></iframe>'
    )


@trainers.get("/embed-code")
def embed_code() -> Any:
    """The iframe snippet of the current search, with a preview."""
    query = export_query()
    src = site_root() + url_for("trainers.embed_search") + (f"?{query}" if query else "")
    q = request.args.get("q", "")[:MAX_QUERY_CHARS]
    title = f"kb: {q}" if q else "kb"
    snippet = iframe(src, title, "100%", EMBED_HEIGHT)
    search = url_for("pages.search") + (f"?{query}" if query else "")
    html = render_template("embed_code.html", src=src, snippet=snippet, q=q, search=search)
    return framing_self(make_response(html))


def _dimension(name: str) -> int | None:
    value = request.args.get(name, "")
    if value == "":
        return None
    if not value.isdigit() or not 0 < int(value) <= 10000:
        raise BadRequest(f"{name}: a whole number of pixels from 1 to 10000", key=name)
    return int(value)


@trainers.get("/oembed")
def oembed() -> Any:
    """oEmbed 1.0: a document's address → a "rich" answer whose html is its embed."""
    try:
        url = request.args.get("url", "")
        if not url:
            raise BadRequest("url: required (the address of a document of this site)", key="url")
        max_width, max_height = _dimension("maxwidth"), _dimension("maxheight")
    except BadRequest as error:
        return jsonify(error=error.message, parameter=error.key), 400
    if request.args.get("format", "json") != "json":
        return jsonify(error="format: only json is available"), 501
    target = urlsplit(url)
    found = DOCUMENT_PATH.match(target.path)
    if target.scheme not in ("http", "https") or target.netloc != request.host or not found:
        return jsonify(error="url: not the address of a document of this site"), 404
    doc_id = f"{found.group(1)}/{found.group(2)}"
    data = service().stored_document(doc_id)
    if data is None and (moved := service().moved_to(doc_id)):
        doc_id, data = moved, service().stored_document(moved)
    if data is None:
        return jsonify(error=f"url: no document {doc_id}"), 404
    folder, slug = doc_id.split("/", 1)
    src = site_root() + url_for("trainers.embed_document", folder=folder, slug=slug)
    if target.fragment and find_section(data, target.fragment):
        src += "?" + urlencode({"section": target.fragment})
    width = min(OEMBED_WIDTH, max_width or OEMBED_WIDTH)
    height = min(OEMBED_HEIGHT, max_height or OEMBED_HEIGHT)
    names = list(data.get("authors") or data.get("speakers") or [])
    answer: dict[str, Any] = {
        "version": "1.0",
        "type": "rich",
        "title": data["title"],
        "provider_name": "kb",
        "provider_url": site_root() + "/",
        "html": iframe(src, data["title"], width, height),
        "width": width,
        "height": height,
        "cache_age": 86400,
    }
    if names:
        answer["author_name"] = ", ".join(names)
    response = jsonify(answer)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def oembed_url(doc_id: str) -> str:
    """The discovery link of a document page."""
    return (
        site_root()
        + url_for("trainers.oembed")
        + "?"
        + urlencode({"url": f"{site_root()}/{doc_id}", "format": "json"})
    )
