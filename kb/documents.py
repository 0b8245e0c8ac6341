"""The domain records: a document and its sections (or timed transcript passages)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from typing import Any

from kb.cities import Place

TYPES = ("case", "notebook", "webinar")
METADATA_KEYS = (
    "type",
    "slug",
    "title",
    "date",
    "language",
    "countries",
    "cities",
    "themes",
    "networks",
    "summary",
    "authors",
    "speakers",
    "video",
    "source",
    "tags",
    "redirect_from",
    "published",
    "illustrative",
)
FOLDER_OF_TYPE = {"case": "cases", "notebook": "notebooks", "webinar": "webinars"}
TYPE_OF_FOLDER = {folder: kind for kind, folder in FOLDER_OF_TYPE.items()}


@dataclass(frozen=True)
class Section:
    """A headed part of a document, the introduction, or a timed transcript passage."""

    anchor: str | None
    heading: str
    text: str
    level: int = 0
    t: int | None = None
    speaker: str | None = None
    line: int | None = None  # the heading's line in the source file (1-based)
    pinned: bool = False  # the heading names its anchor: ``## Heading {#anchor}``


@dataclass(frozen=True)
class Document:
    """One content file read, validated and ready for the index."""

    type: str
    slug: str
    path: str
    title: str
    date: str
    language: str = "es"
    countries: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    places: tuple[Place, ...] = ()  # the cities as the gazetteer knows them (indexer)
    themes: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    summary: str = ""
    authors: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    video: str | None = None
    source: str | None = None
    tags: tuple[str, ...] = ()
    redirect_from: tuple[str, ...] = ()
    published: str = ""  # when the text was published: front matter, else first indexed
    illustrative: bool = False  # written for the product, not recorded: never cite as fact
    indexed: str = ""  # when the document first entered the index (UTC, ISO 8601)
    updated: str = ""  # when its content hash last changed in the index (UTC, ISO 8601)
    entry: str = ""  # ``2025-06-03:cases/slug``: first-seen day and first id, kept on renames
    extra: dict[str, Any] = field(default_factory=dict)
    sections: tuple[Section, ...] = ()
    body_html: str = ""
    content_hash: str = ""

    @property
    def id(self) -> str:
        return f"{FOLDER_OF_TYPE[self.type]}/{self.slug}"

    @property
    def year(self) -> str:
        return self.date[:4]

    @property
    def url(self) -> str:
        return "/" + self.id

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping that ``from_dict`` turns back into the same document: what
        ``dataclasses.asdict`` gives, built directly (asdict deep-copies every string)."""
        data = {name: getattr(self, name) for name in _DOCUMENT_FIELDS}
        data["places"] = tuple(
            {"written": p.written, "geonameid": p.geonameid, "names": p.names} for p in self.places
        )
        data["sections"] = tuple(
            {name: getattr(s, name) for name in _SECTION_FIELDS} for s in self.sections
        )
        data["extra"] = copy.deepcopy(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        values = dict(data)
        values["sections"] = tuple(Section(**s) for s in data.get("sections", ()))
        values["places"] = tuple(Place.from_dict(p) for p in data.get("places", ()))
        for key in (
            "countries",
            "cities",
            "themes",
            "networks",
            "authors",
            "speakers",
            "tags",
            "redirect_from",
        ):
            values[key] = tuple(data.get(key, ()))
        return cls(**values)


_DOCUMENT_FIELDS = tuple(f.name for f in fields(Document))
_SECTION_FIELDS = tuple(f.name for f in fields(Section))
