"""Facets that scale: the top values on the search page, every value on a list page of
its own (filtered without accents, no JavaScript needed), and the results-per-year chart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from kb.analysis import fold
from kb.errors import BadRequest
from kb.search import FACETS, SearchRequest
from web.context import search_request, service
from web.links import keep_ui
from web.pages import FACET_TITLES, search_url
from web.yearchart import YearChart, year_chart

facet_views = Blueprint("facet_views", __name__)
TOP = 10  # values a long facet shows before "show all"
INLINE = 200  # values the search page carries for typing to filter (the list page has all)
MAX_FILTER = 200  # characters of the filter text kept


@dataclass(frozen=True)
class Entry:
    """One value of a facet as the search page shows it."""

    value: str
    label: str
    count: int
    selected: bool
    folded: str  # label and value without case or accents, for typing to filter
    extra: bool  # past the top values: shown by "show all" or by typing


@dataclass(frozen=True)
class FacetView:
    name: str
    entries: list[Entry]
    total: int  # every value of the facet
    long: bool
    all_url: str  # the list page of every value, for the current search


def search_args(drop: tuple[str, ...] = ("page", "filter")) -> list[tuple[str, str]]:
    """The current search's parameters (empty ones and ``drop`` left out)."""
    return [(k, v) for k, v in request.args.items(multi=True) if v != "" and k not in drop]


def folded(entry: dict[str, Any]) -> str:
    return fold(entry["label"]) + " " + fold(entry["value"])


def facet_view(name: str, values: list[dict[str, Any]]) -> FacetView:
    """The top ``TOP`` values, then the rest (up to ``INLINE``) marked extra; selected
    values are never extra nor left out."""
    entries = [
        Entry(
            value=v["value"],
            label=v["label"],
            count=v["count"],
            selected=v["selected"],
            folded=folded(v),
            extra=position >= TOP and not v["selected"],
        )
        for position, v in enumerate(values)
        if position < INLINE or v["selected"]
    ]
    args = search_args()
    all_url = url_for("facet_views.facet_list", name=name) + ("?" + urlencode(args) if args else "")
    return FacetView(name, entries, len(values), len(values) > TOP, all_url)


def chart_of(body: dict[str, Any], asked: SearchRequest) -> YearChart | None:
    """The results-per-year chart of a search; each bar keeps only its year."""

    def link(year: int) -> str:
        return search_url(year_from=str(year), year_to=str(year), year=None, page=None)

    return year_chart(body["facets"]["year"], asked.years(), link)


def city_url(city: str) -> str:
    return keep_ui(url_for("cities.city", name=city))


@facet_views.app_context_processor
def helpers() -> dict[str, Any]:
    return {"facet_view": facet_view, "year_chart": chart_of, "city_url": city_url}


@facet_views.get("/facets/<name>")
def facet_list(name: str) -> Any:
    """Every value of one facet for the current search, filtered by ``?filter=`` without
    case or accents; each value toggles it in the search."""
    if name not in FACETS:
        abort(404)
    text = request.args.get("filter", "")[:MAX_FILTER]
    args = MultiDict(search_args(drop=("page", "filter", "per_page")))
    error = None
    status = 200
    try:
        asked = search_request(args)
        asked.page, asked.per_page = 1, 1
        body = service().search(asked).to_dict()
    except BadRequest as problem:
        error, status, body = problem.message, 400, None
    values = body["facets"][name] if body else []
    wanted = fold(text.strip())
    matching = [v for v in values if wanted in folded(v)] if wanted else values
    base = search_args(drop=("page", "filter"))

    def toggle(value: str) -> str:
        pair = (name, value)
        return search_url([p for p in base if p != pair] if pair in base else [*base, pair])

    return render_template(
        "facet_list.html",
        name=name,
        title=str(FACET_TITLES[name]),
        text=text,
        error=error,
        values=[{**v, "toggle": toggle(v["value"])} for v in matching],
        selected=[{**v, "toggle": toggle(v["value"])} for v in values if v["selected"]],
        total=len(values),
        hidden_args=base,
        back=search_url(base),
    ), status
