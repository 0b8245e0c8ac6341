"""What a document's records store, each part once, and the stored document read back.

The ``doc`` record's JSON leaves out what the ``facets`` column holds (title, summary,
dates, places…), its sections' text (each section record stores its own, which snippets
read) and its HTML: each section record stores its part of the HTML, cut at the
section's heading, where it compresses with the section's text. ``document_data`` puts
the document together again; the parts of the HTML always join into the whole.
"""

from __future__ import annotations

import copy
import json
from dataclasses import fields
from typing import Any

from kb.documents import Document, Section

# What the ``facets`` column holds of a document as its stored JSON has it.
SHARED = (
    *("type", "title", "date", "language", "countries", "cities", "places", "themes"),
    *("networks", "summary", "video", "redirect_from", "published", "illustrative"),
    *("indexed", "updated", "entry", "path"),
)


# The keys of the values the ``facets`` column holds (``kb.schema.facet_values``).
FACET_KEYS = (
    *("id", "type", "title", "date", "year", "language", "countries", "cities", "places"),
    *("themes", "networks", "summary", "video", "redirect_from", "published", "indexed"),
    *("updated", "entry", "illustrative", "hash", "path", "stamp"),
)


def encode_facets(facets: dict[str, Any]) -> bytes:
    """A document's facets as the ``facets`` column holds them: their values in the order
    of ``FACET_KEYS`` (the keys once in the schema, not once per document)."""
    return json.dumps([facets[k] for k in FACET_KEYS], ensure_ascii=False).encode("utf-8")


def decode_facets(raw: bytes) -> dict[str, Any]:
    """A document's facets read from the ``facets`` column (a mapping in an index written
    before ``FACET_KEYS``)."""
    return dict(zip(*facet_items(raw), strict=True))


def facet_items(raw: bytes) -> tuple[tuple[str, ...], list[Any]]:
    """A document's facet keys and values as the ``facets`` column holds them."""
    values = json.loads(raw)
    if isinstance(values, dict):
        return tuple(values), list(values.values())
    if len(values) != len(FACET_KEYS):
        raise ValueError(f"{len(values)} facet values where {len(FACET_KEYS)} were written")
    return FACET_KEYS, values


def html_pieces(document: Document) -> list[str] | None:
    """The document's HTML cut into one piece per section, at each heading (the intro
    first, a transcript passage's piece empty); None when there is no section to hold it."""
    html = document.body_html
    described = [n for n, s in enumerate(document.sections) if s.t is None]
    if not described:
        return None if html else [""] * len(document.sections)
    starts = [0]
    for number in described[1:]:
        anchor = document.sections[number].anchor
        found = html.find(f' id="{anchor}"', starts[-1]) if anchor else -1
        opening = html.rfind("<h", starts[-1], found) if found > 0 else -1
        starts.append(opening if opening > starts[-1] else starts[-1])
    pieces = [""] * len(document.sections)
    for number, start, end in zip(described, starts, [*starts[1:], len(html)], strict=True):
        pieces[number] = html[start:end]
    return pieces


def stored_data(document: Document, html_in_sections: bool) -> dict[str, Any]:
    """The document's JSON as its ``doc`` record stores it."""
    data = {k: getattr(document, k) for k in _DOCUMENT_KEYS if k not in SHARED}
    # what ``Document.to_dict`` gives, but the values are not copied (they are only dumped)
    data["sections"] = [{k: getattr(s, k) for k in _SECTION_KEYS} for s in document.sections]
    if html_in_sections:
        del data["body_html"]
    return data


_DOCUMENT_KEYS = tuple(f.name for f in fields(Document))
_SECTION_KEYS = tuple(f.name for f in fields(Section) if f.name != "text")


def document_data(reader: Any, docnum: int, facets: dict[str, Any] | None = None) -> dict[str, Any]:
    """The stored document of the ``doc`` record ``docnum`` (``facets``: its facets, when
    the caller has read them). Its sections' records are those of its id, in order (a
    relabelled ``doc`` record, ``indexer.relabel``, no longer precedes them)."""
    if facets is None:
        facets = decode_facets(reader.column_reader("facets")[docnum])
    data: dict[str, Any] = copy.deepcopy({k: facets[k] for k in SHARED if k in facets})
    data.update(json.loads(reader.stored_fields(docnum)["data"]))
    html: list[str] = []
    numbers = _section_numbers(reader, facets["id"], docnum)
    for number, section in zip(numbers, data.get("sections", ()), strict=True):
        stored = reader.stored_fields(number)
        if (stored.get("anchor"), stored.get("t")) != (section["anchor"], section["t"]):
            raise ValueError(f"record {number} is not a section of {data.get('path')}")
        section["text"] = stored.get("text") or ""
        html.append(stored.get("html") or "")
    data.setdefault("body_html", "".join(html))
    return data


def _section_numbers(reader: Any, doc_id: str, docnum: int) -> list[int]:
    """The live records of ``doc_id`` but its ``doc`` record, in order."""
    if ("doc_id", doc_id) not in reader:
        return []
    ids = reader.postings("doc_id", doc_id).all_ids()
    return [n for n in ids if n != docnum and not reader.is_deleted(n)]
