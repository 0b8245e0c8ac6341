"""The Whoosh schema and the one function that turns a ``Document`` into index records.

A document gives one ``doc`` record (its metadata and full JSON, its facets in a column)
and one ``section`` record per section or transcript passage, searchable in the fields of
its language. Every section record also carries the document's title, summary and
metadata words, so that a section's score includes what the whole document says about
itself, and results collapse to the document's best section.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from whoosh import columns
from whoosh.fields import COLUMN, ID, STORED, TEXT, Schema
from whoosh.formats import Format

from kb import formats
from kb.analysis import (
    FIELD_LANGUAGES,
    LANGUAGES,
    all_stop_words,
    analyzer,
    field_language,
    fold,
    spelling_analyzer,
    words,
)
from kb.documents import Document, Section
from kb.names import country_name
from kb.references import is_reference
from kb.stored import encode_facets, html_pieces, stored_data
from kb.taxonomy import Taxonomy

# 6: numbers as tokens; 7: function words; 8: gazetteer city names; 9: publication
# dates; 10: reference sections marked; 11: compact posting formats (kb.formats)
SCHEMA_VERSION = "11"
TEXT_FIELDS = ("title", "heading", "summary", "body", "meta")
META_ID = "__meta__"


# Other names of a city in a document's metadata field: more would lengthen the field and
# lower the weight of every other word in it (its themes, countries, tags).
MAX_PLACE_NAMES = 6
DESCRIPTION_BOOST = 0.7
REFERENCE_PART = "reference"  # the ``part`` of a section that lists sources or contacts


def text_field(name: str, lang: str) -> str:
    """The name of a searchable field in a language (``body_es``)."""
    return f"{name}_{lang}"


def build_schema() -> Schema:
    """The schema every generation of the index is written with."""
    fields: dict[str, Any] = {
        # whoosh annotates ID's ``sortable`` as bool; its set_sortable also takes a Column.
        "doc_id": ID(sortable=columns.RefBytesColumn()),  # type: ignore[arg-type]
        "kind": ID(),
        "part": ID(),
        "data": STORED(),
        "hash": STORED(),
        "path": STORED(),
        "facets": COLUMN(columns.VarBytesColumn()),
        "anchor": STORED(),
        "t": STORED(),
        "speaker": STORED(),
        "heading_text": STORED(),
        "text": STORED(),
        "html": STORED(),  # the section's part of the document's HTML (``kb.stored``)
        "spell": _with_format(TEXT(analyzer=spelling_analyzer()), formats.Counts()),
    }
    for lang in FIELD_LANGUAGES:
        for name in TEXT_FIELDS:
            field = TEXT(analyzer=analyzer(lang), phrase=True)
            fields[text_field(name, lang)] = _with_format(field, formats.Positions())
    return Schema(**fields)


def _with_format(field: TEXT, format_: Format) -> TEXT:
    """``field`` writing its postings in ``format_`` (``kb.formats``)."""
    field.format = format_
    return field


def facet_values(document: Document) -> dict[str, Any]:
    """The values kb filters, counts and sorts on, as stored in the ``facets`` column."""
    return {
        "id": document.id,
        "type": document.type,
        "title": document.title,
        "date": document.date,
        "year": document.year,
        "language": document.language,
        "countries": list(document.countries),
        "cities": list(document.cities),
        "places": [p.to_dict() for p in document.places],
        "themes": list(document.themes),
        "networks": list(document.networks),
        "summary": document.summary,
        "video": document.video,
        "redirect_from": list(document.redirect_from),
        "published": document.published,
        "indexed": document.indexed,
        "updated": document.updated,
        "entry": document.entry,
        "illustrative": document.illustrative,
    }


def _meta_words(document: Document, taxonomy: Taxonomy, lang: str) -> str:
    """Words naming the document's themes, networks and countries in ``lang``; in its own
    language also its cities with a few of their names in the gazetteer (``Lisbon``,
    ``Lisbonne`` for a document written ``Lisboa``, without any language's stop words),
    its tags and speakers."""
    parts = [taxonomy.label("theme", t, lang) for t in document.themes]
    parts += [taxonomy.label("network", n, lang) for n in document.networks]
    parts += [country_name(c, lang) for c in document.countries]
    if lang == field_language(document.language):
        parts += [*document.cities, *document.tags, *document.speakers]
        stop = all_stop_words()
        for place in document.places:
            for name in place.names[:MAX_PLACE_NAMES]:
                parts.append(" ".join(w for w in words(name) if fold(w) not in stop))
    return " · ".join(parts)


def records(
    document: Document,
    taxonomy: Taxonomy,
    content_hash: str,
    stamp: str = "",
) -> Iterator[dict[str, Any]]:
    """The index records of one document.

    The ``doc`` record holds what describes the whole document (title, summary, the names
    of its themes, networks and countries in four languages) and its stored JSON; one
    ``section`` record per section or passage holds its heading and text. A document's
    score is its doc record's plus its best section's.
    """
    lang = field_language(document.language)
    pieces = html_pieces(document)
    facets = facet_values(document)
    facets.update(hash=content_hash, path=document.path, stamp=stamp)
    doc: dict[str, Any] = {
        "doc_id": document.id,
        "kind": "doc",
        "data": json.dumps(stored_data(document, pieces is not None), ensure_ascii=False),
        "facets": encode_facets(facets),
        text_field("title", lang): document.title,
        text_field("summary", lang): document.summary,
        # Words a query may use without being "corrected": the tags and speakers too.
        "spell": " ".join([document.title, document.summary, *document.tags, *document.speakers]),
    }
    for meta_lang in LANGUAGES:
        doc[text_field("meta", meta_lang)] = _meta_words(document, taxonomy, meta_lang)
    if lang == "xx":
        doc[text_field("meta", "xx")] = _meta_words(document, taxonomy, "xx")
    yield doc
    sections = document.sections or ()
    talk = document.type == "webinar" and any(s.t is not None for s in sections)
    for number, (section, reference) in enumerate(
        zip(sections, _references(sections), strict=True)
    ):
        record: dict[str, Any] = {
            "doc_id": document.id,
            "kind": "section",
            "anchor": section.anchor,
            "t": section.t,
            "speaker": section.speaker,
            "heading_text": section.heading,
            "text": section.text,
            "html": pieces[number] if pieces else "",
            text_field("body", lang): section.text,
            "spell": section.text if section.t is not None else f"{section.heading} {section.text}",
        }
        if section.t is None and section.heading:
            record[text_field("heading", lang)] = section.heading
        if reference:
            record["part"] = REFERENCE_PART  # weighed low when results collapse
        elif talk and section.t is None:
            record["_boost"] = DESCRIPTION_BOOST  # the talk itself is the better place
        yield record


def _references(sections: tuple[Section, ...]) -> list[bool]:
    """Per section, whether it lists sources or contacts: its heading says so, or it is
    a subsection of one that does (``## Bibliografía`` / ``### Libros``)."""
    found: list[bool] = []
    within: int | None = None  # the level of the reference section we are inside
    for section in sections:
        if within is not None and (section.t is not None or section.level <= within):
            within = None
        if within is None and section.t is None and is_reference(section.heading):
            within = section.level
        found.append(within is not None)
    return found


DOC_FIELDS = ("title", "summary", "meta")
SECTION_FIELDS = ("heading", "body")


def meta_record(taxonomy: Taxonomy, taxonomy_hash: str) -> dict[str, Any]:
    """The record holding the generation's taxonomy."""
    return {
        "doc_id": META_ID,
        "kind": "meta",
        "hash": taxonomy_hash,
        "data": json.dumps(taxonomy.to_dict(), ensure_ascii=False),
    }
