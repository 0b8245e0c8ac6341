"""Reading lists as printable handouts: ``/list?items=…&title=…`` and ``/lists/<slug>``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import abort, make_response, render_template, request, url_for

from kb.reading_lists import (
    MAX_ITEMS,
    MAX_TITLE,
    Item,
    ReadingList,
    Resolved,
    find_section,
    list_query,
    parse_item,
    split_items,
)
from web.context import service
from web.links import clock
from web.trainers.blueprint import site_root, trainers

EXCERPT = 280


def resolve(item: Item) -> Resolved:
    """What an item points to now: its document (through a former slug if need be)."""
    found = Resolved(item, doc_id=item.doc_id)
    data = service().stored_document(item.doc_id)
    if data is None and (target := service().moved_to(item.doc_id)):
        found.moved_from, found.doc_id = item.doc_id, target
        data = service().stored_document(target)
    if data is None:
        return found
    found.doc = data
    if not item.anchor:
        found.excerpt = data["summary"]
        return found
    section = find_section(data, item.anchor)
    if section is None:  # a heading that is gone, or a moment before the first passage
        has_transcript = any(s["t"] is not None for s in data["sections"])
        found.section_found = item.t is not None and has_transcript
        found.heading = clock(item.t) if found.section_found else None
        found.excerpt = data["summary"]
        return found
    found.heading = clock(item.t) if item.t is not None else section["heading"]
    found.speaker = section.get("speaker")
    text = section["text"]
    found.excerpt = text if len(text) <= EXCERPT else text[:EXCERPT].rsplit(" ", 1)[0] + " …"
    return found


def _render(
    reading: ReadingList,
    pairs: Sequence[tuple[str, Item | None]],
    permanent: str,
    status: int = 200,
    **extra: Any,
) -> Any:
    """The handout: each item resolved, or its text when it names no document."""
    entries = [resolve(item) if item else text for text, item in pairs]
    html = render_template(
        "reading_list.html",
        reading=reading,
        entries=entries,
        permanent=permanent,
        root=site_root(),
        edit_items="\n".join(text for text, _item in pairs),
        max_items=MAX_ITEMS,
        **extra,
    )
    return make_response(html, status)


@trainers.get("/list")
def reading_list() -> Any:
    """A list carried in its own URL: unknown items are shown as no longer available."""
    texts = [part for value in request.args.getlist("items") for part in split_items(value)]
    title = request.args.get("title", "").strip()
    error = None
    if len(title) > MAX_TITLE:
        error, title = f"title: at most {MAX_TITLE} characters", title[:MAX_TITLE]
    if len(texts) > MAX_ITEMS:
        error = f"items: {len(texts)} items; a list holds at most {MAX_ITEMS}"
        texts = texts[:MAX_ITEMS]
    pairs = [(text, parse_item(text)) for text in texts]
    items = [item for _text, item in pairs if item]
    query = list_query(title, items)
    permanent = site_root() + url_for("trainers.reading_list") + (f"?{query}" if items else "")
    reading = ReadingList(title=title, items=tuple(items))
    return _render(reading, pairs, permanent, 400 if error else 200, error=error)


@trainers.get("/lists")
def stored_lists() -> Any:
    """The reviewed lists of the content tree."""
    lists = sorted(service().reading_lists().values(), key=lambda d: d["title"].lower())
    return render_template("reading_lists.html", lists=lists)


@trainers.get("/lists/<slug>")
def stored_list(slug: str) -> Any:
    """A list an editor reviewed (``content/lists/<slug>.yml``)."""
    data = service().reading_lists().get(slug)
    if data is None:
        abort(404)
    reading = ReadingList.from_dict(data)
    permanent = site_root() + url_for("trainers.stored_list", slug=slug)
    pairs = [(item.ref, item) for item in reading.items]
    return _render(reading, pairs, permanent, copy_query=list_query(reading.title, reading.items))
