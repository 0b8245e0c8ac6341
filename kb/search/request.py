"""Stage 1, the request: what a client asks, its defaults and limits, and its filters
resolved to the values the index stores."""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.analysis import fold
from kb.errors import BadRequest
from kb.facets import FACETS
from kb.generation import Generation
from kb.names import UI_LANGUAGES, country_by_name
from kb.query import ParsedQuery

MAX_QUERY_CHARS = 1000
MAX_PER_PAGE = 100
MAX_PAGE = 1000
MAX_FILTER_VALUE = 200
SORTS = ("relevance", "date", "updated")  # updated: last entered or changed in the index
TYPE_ALIASES = {
    "cases": "case",
    "caso": "case",
    "casos": "case",
    "notebooks": "notebook",
    "cuaderno": "notebook",
    "cuadernos": "notebook",
    "webinars": "webinar",
    "webinario": "webinar",
    "webinarios": "webinar",
}


@dataclass
class SearchRequest:
    """What a client asks: the query, facet filters, page, order and interface language."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"
    ui: str = "es"
    year_from: str = ""  # inclusive; "" leaves that end open
    year_to: str = ""

    def years(self) -> tuple[int | None, int | None]:
        """The year range asked for (validated), None for an open end."""
        return (
            int(self.year_from) if self.year_from else None,
            int(self.year_to) if self.year_to else None,
        )

    def language(self) -> str:
        """The interface language of labels: the one asked for if kb has it, else Spanish."""
        return self.ui if self.ui in UI_LANGUAGES else "es"

    def validate(self) -> None:
        """Raise ``BadRequest`` naming the parameter that is out of range."""
        if len(self.q) > MAX_QUERY_CHARS:
            raise BadRequest(f"q: the query is longer than {MAX_QUERY_CHARS} characters", key="q")
        if not 1 <= self.page <= MAX_PAGE:
            raise BadRequest(f"page: must be between 1 and {MAX_PAGE}", key="page")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise BadRequest(f"per_page: must be between 1 and {MAX_PER_PAGE}", key="per_page")
        if self.sort not in SORTS:
            raise BadRequest("sort: must be 'relevance', 'date' or 'updated'", key="sort")
        self._validate_filters()
        self._validate_years()

    def _validate_filters(self) -> None:
        for name, values in self.filters.items():
            if name not in FACETS:
                raise BadRequest(
                    f"{name}: unknown filter; use one of {', '.join(FACETS)}", key=name
                )
            for value in values:
                if len(value) > MAX_FILTER_VALUE:
                    raise BadRequest(f"{name}: value too long", key=name)
                if name == "year" and value and not (value.isdigit() and len(value) == 4):
                    raise BadRequest(f"year: {value!r} is not a year such as 2016", key="year")

    def _validate_years(self) -> None:
        for name in ("year_from", "year_to"):
            value = getattr(self, name)
            if value and not (value.isascii() and value.isdigit() and len(value) == 4):
                raise BadRequest(f"{name}: {value!r} is not a year such as 2016", key=name)
        low, high = self.years()
        if low is not None and high is not None and low > high:
            raise BadRequest(
                f"year_from: {low} is after year_to {high}; give the earlier year first",
                key="year_from",
            )

    def cache_key(self) -> tuple[object, ...]:
        """The request normalised: two requests with the same key get the same answer."""
        return (
            self.q.strip(),
            self.language(),
            self.page,
            self.per_page,
            self.sort,
            tuple(sorted((k, tuple(sorted(v))) for k, v in self.filters.items() if v)),
            self.years(),
        )


def resolve_filters(
    gen: Generation, given: dict[str, list[str]], parsed: ParsedQuery
) -> dict[str, set[str]]:
    """Facet filters from the request and from ``field:value`` in the query, as stored."""
    merged: dict[str, set[str]] = {}
    for source in (given, parsed.filters):
        for name, values in source.items():
            for value in values:
                if value.strip():
                    merged.setdefault(name, set()).add(resolve(gen, name, value.strip()))
    return merged


def resolve(gen: Generation, name: str, value: str) -> str:
    """The stored value a filter names: a country's code, a type, a concept's id..."""
    if name == "country":
        return value.upper() if len(value) == 2 else (country_by_name(value) or value)
    if name == "type":
        return TYPE_ALIASES.get(value.lower(), value.lower())
    if name == "language":
        return value.split("-")[0].lower()
    if name in ("theme", "network"):
        concepts = gen.taxonomy.themes if name == "theme" else gen.taxonomy.networks
        if value in concepts:
            return value
        for concept in concepts.values():
            if fold(value) in {fold(concept.id)} | {fold(t) for _l, t in concept.terms()}:
                return concept.id
        return value
    if name == "city":
        return gen.facets.facets["city"].canonical(value) or value
    return value
