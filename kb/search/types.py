"""The typed answers of the search service: what the JSON API returns, field by field.

Each answer is a ``msgspec.Struct``; its fields are the JSON keys in the order the API
writes them, and ``Meta`` carries the constraints and descriptions that the OpenAPI
document (``web/openapi.py``) generates its schemas from. ``to_dict()`` gives the body.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec

from kb.explain import MAX_PLACES

DocType = Literal["case", "notebook", "webinar"]
Via = Literal["typed", "stem", "synonym", "spelling"]
FacetName = Literal["theme", "country", "network", "city", "type", "language", "year"]
Seconds = Annotated[int, msgspec.Meta(ge=0)]
Html = Annotated[str, msgspec.Meta(description="HTML: only <mark> tags")]


class Answer(msgspec.Struct, kw_only=True, frozen=True):
    """Base of every typed answer."""

    def to_dict(self) -> dict[str, Any]:
        """The answer as JSON-ready builtins, keys in field order."""
        found: dict[str, Any] = msgspec.to_builtins(self)
        return found


class Place(Answer, frozen=True):
    """A place in a document where the query matched: a section or a transcript moment."""

    section: str | None
    heading: str | None
    t: Seconds | None
    snippet: Html
    url: str


class Reason(Answer, frozen=True):
    """Why a document matched: one typed word and what it found."""

    query: Annotated[str, msgspec.Meta(description="the words typed")]
    found: Annotated[str, msgspec.Meta(description="the words found, as written")]
    via: Via
    theme: Annotated[str | None, msgspec.Meta(description="the theme a synonym belongs to")]
    network: Annotated[str | None, msgspec.Meta(description="the network a synonym names")]
    lang: Annotated[str | None, msgspec.Meta(description="the language the typed words name it in")]


class Hit(Answer, frozen=True):
    """One document of a result page, at its best place."""

    id: Annotated[str, msgspec.Meta(examples=["cases/montevideo-hermanamientos"])]
    type: DocType
    title: str
    url: Annotated[str, msgspec.Meta(description="Site path with #anchor or #t=seconds")]
    section: str | None
    t: Seconds | None
    snippet: Html
    date: Annotated[str, msgspec.Meta(pattern=r"^\d{4}(-\d{2}){0,2}$")]
    language: str
    countries: list[str]
    cities: list[str]
    themes: list[str]
    networks: list[str]
    score: float | None
    matches: Annotated[
        list[Place],
        msgspec.Meta(
            max_length=MAX_PLACES,
            description="More places that match, best first: none in the section of "
            "another, no two transcript moments within 60 s",
        ),
    ]
    matched: Annotated[
        list[Reason],
        msgspec.Meta(description="Why the document matched: each query word and what it found"),
    ]
    missing: Annotated[
        list[str],
        msgspec.Meta(
            description="The query's words this document lacks: a partial match, listed"
            " after every document with enough of them (see `partial`)"
        ),
    ] = msgspec.field(default_factory=list)
    video_url: str | msgspec.UnsetType = msgspec.UNSET


class FacetValue(Answer, frozen=True):
    """One value of a facet with its count among the results (disjunctive)."""

    value: str
    label: str
    count: Annotated[int, msgspec.Meta(ge=0)]
    selected: bool


class SuggestedFilter(Answer, frozen=True):
    """A facet value the query names, offered (never applied)."""

    facet: FacetName
    value: str
    label: str
    count: Annotated[int, msgspec.Meta(ge=1, description="results it would keep")]


class Facets(Answer, frozen=True):
    """Every facet's values, most frequent first."""

    theme: list[FacetValue]
    country: list[FacetValue]
    network: list[FacetValue]
    city: list[FacetValue]
    type: list[FacetValue]
    language: list[FacetValue]
    year: list[FacetValue]


class SearchResponse(Answer, frozen=True):
    """The body of ``GET /api/search`` and of ``kb search --json``."""

    query: str
    total: Annotated[int, msgspec.Meta(ge=0)]
    page: Annotated[int, msgspec.Meta(ge=1)]
    per_page: Annotated[int, msgspec.Meta(ge=1, le=100)]
    took_ms: float
    suggestion: str | None
    corrected: bool
    unmatched: Annotated[
        list[str],
        msgspec.Meta(
            description="What the query asks for that no document has: words found in no"
            " form, and countries no document is about"
        ),
    ]
    related: Annotated[
        bool,
        msgspec.Meta(
            description="True when something is unmatched and there are hits: they speak of"
            " the rest of the query, related rather than answers to all of it"
        ),
    ]
    suggested_filters: Annotated[
        list[SuggestedFilter],
        msgspec.Meta(description="Facet values the query names; applied only when chosen"),
    ]
    hits: list[Hit]
    facets: Facets
    partial: Annotated[
        int,
        msgspec.Meta(
            ge=0,
            description="How many of `total` contain only some of the query's words: when"
            " fewer than 10 documents contain enough of them, these follow, each with its"
            " `missing` words (relevance order only)",
        ),
    ] = 0


class Section(Answer, frozen=True):
    """A section of a document, or a passage of a transcript."""

    anchor: str | None
    heading: str
    t: int | None
    speaker: str | None


class Document(Answer, frozen=True):
    """A document's metadata and its sections (``GET /api/documents/{folder}/{slug}``)."""

    type: DocType
    slug: str
    title: str
    date: str
    language: str
    countries: list[str]
    cities: list[str]
    themes: list[str]
    networks: list[str]
    summary: str
    authors: list[str]
    speakers: list[str]
    video: str | None
    source: str | None
    tags: list[str]
    redirect_from: list[str]
    published: Annotated[
        str,
        msgspec.Meta(
            description="When the text was published in the knowledge base (YYYY-MM-DD): "
            "the front matter's 'published', else the day it was first indexed"
        ),
    ]
    illustrative: Annotated[
        bool, msgspec.Meta(description="Written for the product, not recorded: not a fact")
    ]
    indexed: Annotated[str, msgspec.Meta(description="When it first entered the index (UTC)")]
    updated: Annotated[str, msgspec.Meta(description="When its content last changed (UTC)")]
    id: str
    extra: dict[str, Any]
    sections: list[Section]


class CityCount(Answer, frozen=True):
    """A city with its number of documents."""

    city: str
    count: Annotated[int, msgspec.Meta(ge=1, description="Documents naming it")]
    url: Annotated[str, msgspec.Meta(description="Its page on the site")]


class Practice(Answer, frozen=True):
    """What a city's page shows of one of its documents."""

    id: str
    type: DocType
    title: str
    date: str
    countries: list[str]
    cities: list[str]
    url: str


class City(Answer, frozen=True):
    """A city (``GET /api/cities/{name}``): its documents and partner cities."""

    city: Annotated[str, msgspec.Meta(description="The name as stored")]
    url: str
    count: Annotated[int, msgspec.Meta(ge=1)]
    documents: list[Practice]
    partners: Annotated[
        list[CityCount],
        msgspec.Meta(description="Other cities of its documents; count: shared documents"),
    ]


class CityList(Answer, frozen=True):
    """Every city with its number of documents (``GET /api/cities``)."""

    cities: list[CityCount]


class Health(Answer, frozen=True):
    """The index's health (``GET /healthz``)."""

    status: str
    generation: str
    documents: int


class Error(Answer, frozen=True):
    """An error body: the message and the parameter it names, if any."""

    error: str
    parameter: str | msgspec.UnsetType = msgspec.UNSET


SCHEMAS: tuple[type[Answer], ...] = (
    SearchResponse,
    Document,
    City,
    CityList,
    Health,
    Error,
)  # the answers the OpenAPI document describes (their parts come along)
