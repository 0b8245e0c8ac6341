"""Reading lists: documents, sections and transcript moments a trainer puts in order.

A list item is written ``cases/<slug>``, ``notebooks/<slug>#<anchor>`` or
``webinars/<slug>#t=<seconds>``; a pasted site address (``https://…/cases/<slug>#x``) is
read the same way. A list lives in a URL (``/list?items=…&title=…``) or in a reviewed
YAML file (``content/lists/<slug>.yml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from kb.documents import TYPE_OF_FOLDER

LISTS_ID = "__lists__"  # the index record holding the lists of content/lists/
MAX_ITEMS = 50
MAX_TITLE = 200
MAX_NOTE = 500
MAX_DESCRIPTION = 2000
LIST_KEYS = ("title", "description", "items")
_ITEM = re.compile(r"^(cases|notebooks|webinars)/([a-z0-9]+(?:[-_][a-z0-9]+)*)$")
_ANCHOR = re.compile(r"^[\w.:-]{1,200}$")
_MOMENT = re.compile(r"^t=(\d{1,6})$")


@dataclass(frozen=True)
class Item:
    """One place in the corpus: a document, one of its sections, or a transcript moment."""

    doc_id: str
    anchor: str | None = None  # a heading's anchor, or ``t=754``
    note: str = ""

    @property
    def t(self) -> int | None:
        """Seconds into a webinar when the item is a transcript moment."""
        found = _MOMENT.match(self.anchor or "")
        return int(found.group(1)) if found else None

    @property
    def ref(self) -> str:
        """``cases/slug#anchor``: how the item is written in a list."""
        return self.doc_id + (f"#{self.anchor}" if self.anchor else "")

    @property
    def path(self) -> str:
        """The site address of the item (``/cases/slug#anchor``)."""
        return "/" + self.ref


@dataclass(frozen=True)
class ReadingList:
    """A titled, ordered list of items; ``slug`` is set for a list stored in content/."""

    title: str
    items: tuple[Item, ...]
    description: str = ""
    slug: str | None = None
    path: str = ""  # the YAML file, for a stored list

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "description": self.description,
            "slug": self.slug,
            "path": self.path,
            "items": [{"ref": i.ref, "note": i.note} for i in self.items],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReadingList:
        items = tuple(
            replace(parsed, note=entry.get("note", ""))
            for entry in data.get("items", ())
            if (parsed := parse_item(entry["ref"])) is not None
        )
        return cls(
            title=data["title"],
            items=items,
            description=data.get("description", ""),
            slug=data.get("slug"),
            path=data.get("path", ""),
        )


def parse_item(text: str) -> Item | None:
    """An item from ``cases/slug#anchor`` or a site address; None when it names nothing."""
    text = text.strip()
    if "://" in text or text.startswith("/"):
        parts = urlsplit(text)
        text = parts.path.strip("/") + (f"#{parts.fragment}" if parts.fragment else "")
    reference, _, fragment = unquote(text).partition("#")
    reference = reference.strip().strip("/")
    if not _ITEM.match(reference):
        return None
    anchor = fragment.strip() or None
    if anchor is not None and not (_ANCHOR.match(anchor) or _MOMENT.match(anchor)):
        return None
    return Item(reference, anchor)


def split_items(value: str) -> list[str]:
    """The item texts of an ``items`` parameter: separated by commas, spaces or lines."""
    return [part for part in re.split(r"[,\s]+", value) if part]


def items_parameter(items: list[Item] | tuple[Item, ...]) -> str:
    """The value of ``items=`` for a list URL: readable, ``#`` and ``=`` escaped."""
    return ",".join(quote(item.ref, safe="/") for item in items)


def list_query(title: str, items: list[Item] | tuple[Item, ...]) -> str:
    """The query string of a list URL (``items=…&title=…``)."""
    query = "items=" + items_parameter(items)
    if title:
        query += "&title=" + quote(title, safe="")
    return query


def folder_type(item: Item) -> str:
    """``case``, ``notebook`` or ``webinar``."""
    return TYPE_OF_FOLDER[item.doc_id.split("/", 1)[0]]


@dataclass
class Resolved:
    """An item as a reader sees it: what it points to now, or that it is gone."""

    item: Item
    doc: dict[str, Any] | None = None  # the document's stored data, when it exists
    doc_id: str = ""  # its current id (differs from the item's after a rename)
    heading: str | None = None  # the section's heading or the moment's time
    speaker: str | None = None
    excerpt: str = ""
    section_found: bool = True
    moved_from: str | None = None  # a former address resolved through redirect_from

    @property
    def available(self) -> bool:
        return self.doc is not None

    @property
    def path(self) -> str:
        """Where the item is now (the current slug, the section when it still exists)."""
        if self.doc is None:
            return self.item.path
        base = "/" + self.doc_id
        if self.item.anchor and self.section_found:
            return f"{base}#{self.item.anchor}"
        return base


def find_section(doc: dict[str, Any], anchor: str) -> dict[str, Any] | None:
    """The section with this anchor, or the transcript passage holding ``t=`` seconds."""
    sections = doc.get("sections", ())
    found = _MOMENT.match(anchor)
    if found:
        wanted = int(found.group(1))
        passages = [s for s in sections if s.get("t") is not None and s["t"] <= wanted]
        return passages[-1] if passages else None
    return next((s for s in sections if s.get("anchor") == anchor and s.get("t") is None), None)
