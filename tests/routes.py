"""Every route of the app, as the security tests attack it: the XSS cases (a payload in
each path variable and query parameter a route reads, rendered in chromium or parsed) and
the wapiti seeds (one URL per route carrying every parameter it reads).

tests/test_routes.py checks these lists against the real app (``app.url_map``, and the
parameters each view reads while it answers), so a route or a parameter added later
without a case here fails a test. Placeholders in the URLs: ``{x}`` the query payload,
``{p}`` the path payload, ``{city}`` a stored city, ``{token}`` the editors' token,
``{root}`` the server's own address.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlsplit

from kb.facets import FACETS

# Routes left out of both lists, each with its reason.
EXCLUDED = {
    "static": "files of web/static sent as they are: no parameter reaches a response body",
}

# The content type each kind of answer is sent with.
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "bib": "application/x-bibtex; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
    "opensearch": "application/opensearchdescription+xml; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "csljson": "application/vnd.citationstyles.csl+json",
    "text": "text/plain; charset=utf-8",
}
EXPORTS = (
    ("csv", "csv"),
    ("json", "json"),
    ("bib", "bib"),
    ("ris", "ris"),
    ("csl.json", "csljson"),
)
EMBEDS = {"trainers.embed_search", "trainers.embed_document"}  # framed by any site


@dataclass(frozen=True)
class Case:
    """One request of the XSS tests: ``url`` with payloads, the answer expected."""

    endpoint: str
    name: str  # where the payloads go
    url: str
    status: int = 200
    kind: str = "html"

    @property
    def id(self) -> str:
        return f"{self.endpoint}:{self.name}"

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    def params(self) -> set[str]:
        """The query parameters given a payload (``*``: a payload as a parameter's name)."""
        pairs = parse_qsl(urlsplit(self.url).query, keep_blank_values=True)
        return {"*" if k == "{x}" else k for k, v in pairs if "{x}" in (k, v)}


def _filters(extra: str = "") -> str:
    """``q``, ``ui`` and every facet given the payload: a search that answers 200."""
    return "&".join(f"{name}={{x}}" for name in ("q", "ui", *FACETS) if name != "year") + extra


# Parameters that fail a search with a 400 whose message quotes the bad value.
NUMBERS = "page={x}&per_page={x}&sort={x}&year={x}&year_from={x}&year_to={x}"
CONTENT = "q=hostil&theme=hostil&network=red-hostil&city={city}"


def _search_like(
    endpoint: str, path: str, kind: str = "html", error: str = "html", content: str = CONTENT
) -> list[Case]:
    suffix = "." + path.split(".", 1)[1] if path.startswith("/export.") else ""
    return [
        Case(endpoint, "filters" + suffix, f"{path}?{_filters()}", 200, kind),
        Case(endpoint, "numbers" + suffix, f"{path}?q=hostil&{NUMBERS}", 400, error),
        Case(endpoint, "name" + suffix, f"{path}?q=hostil&ui={{x}}&{{x}}={{x}}", 400, error),
        Case(endpoint, "content" + suffix, f"{path}?{content}", 200, kind),
    ]


CASES: list[Case] = [
    *_search_like("pages.search", "/"),
    *_search_like("trainers.embed_search", "/embed"),
    *_search_like("api.search", "/api/search", "json", "json"),
    *_search_like("pages.feed", "/feed.atom", "atom"),
    Case("pages.document_page", "hl-section", "/cases/hostil?hl={x}&section={x}&ui={x}&{x}={x}"),
    Case("pages.document_page", "hl-t", "/webinars/hostil?hl={x}&t={x}&ui={x}"),
    Case("pages.document_page", "cite-section", "/cases/hostil?section=titulo&hl=hostil"),
    Case("pages.document_page", "cite-moment", "/webinars/hostil?t=12&hl=hostil"),
    Case("pages.document_page", "slug", "/cases/{p}", 404),
    Case("pages.document_page", "broken-file", "/cases/roto"),
    Case("pages.opensearch", "name", "/opensearch.xml?ui={x}&{x}={x}", kind="opensearch"),
    Case("pages.sitemap", "name", "/sitemap.xml?ui={x}&{x}={x}", kind="xml"),
    Case("api.document_json", "content", "/api/documents/cases/hostil?ui={x}&{x}={x}", kind="json"),
    Case("api.document_json", "slug", "/api/documents/cases/{p}", 404, "json"),
    Case("api.document_json", "folder", "/api/documents/{p}/hostil", 404, "json"),
    Case("api.openapi", "name", "/api/openapi.json?ui={x}&{x}={x}", kind="json"),
    Case("api.healthz", "name", "/healthz?ui={x}&{x}={x}", kind="json"),
    Case("cities.index", "filter", "/cities?filter={x}&ui={x}&{x}={x}"),
    Case("cities.index", "content", "/cities"),
    Case("cities.city", "name", "/cities/{p}", 404),
    Case("cities.city", "content", "/cities/{city}?ui={x}&{x}={x}"),
    Case("cities.api_index", "content", "/api/cities?ui={x}&{x}={x}", kind="json"),
    Case("cities.api_city", "name", "/api/cities/{p}", 404, "json"),
    Case("cities.api_city", "content", "/api/cities/{city}?ui={x}&{x}={x}", kind="json"),
    Case("facet_views.facet_list", "filters", "/facets/city?filter={x}&" + _filters()),
    Case(
        "facet_views.facet_list",
        "numbers",
        "/facets/year?sort={x}&year={x}&year_from={x}&year_to={x}",
        400,
    ),
    Case("facet_views.facet_list", "name", "/facets/city?ui={x}&{x}={x}", 400),
    Case("facet_views.facet_list", "facet", "/facets/{p}", 404),
    Case("facet_views.facet_list", "content", "/facets/city?" + CONTENT),
    Case("facet_views.facet_list", "labels", "/facets/theme?q=hostil&network=red-hostil"),
    Case("editor.dashboard", "days", "/editor?token={token}&days={x}&ui={x}&{x}={x}", 400),
    Case("editor.dashboard", "token", "/editor?token={x}", 403),
    Case("editor.dashboard", "content", "/editor?token={token}"),
    Case("trainers.embed_document", "section", "/embed/cases/hostil?section={x}&ui={x}&{x}={x}"),
    Case("trainers.embed_document", "moment", "/embed/webinars/hostil?section=t%3D12"),
    Case("trainers.embed_document", "slug", "/embed/cases/{p}", 404),
    Case("trainers.embed_code", "filters", "/embed-code?" + _filters("&page={x}&per_page={x}")),
    Case("trainers.embed_code", "name", "/embed-code?ui={x}&{x}={x}"),
    *(
        case  # every result whose text says "hostil": formulas and LaTeX among them
        for fmt, kind in EXPORTS
        for case in _search_like(
            "trainers.export_search", f"/export.{fmt}", kind, "json", "q=hostil"
        )
    ),
    Case(
        "trainers.cite_file", "bib", "/cases/hostil/cite.bib?section={x}&ui={x}&{x}={x}", kind="bib"
    ),
    Case("trainers.cite_file", "ris", "/webinars/hostil/cite.ris?t={x}&ui={x}", kind="ris"),
    Case("trainers.cite_file", "moment", "/webinars/hostil/cite.ris?t=12", kind="ris"),
    Case("trainers.cite_file", "json", "/cases/hostil/cite.json?section=titulo", kind="csljson"),
    Case("trainers.cite_file", "slug", "/cases/{p}/cite.bib", 404),
    Case("pages.robots", "name", "/robots.txt?ui={x}&{x}={x}", kind="text"),
    Case("trainers.oembed", "url", "/oembed?url={x}", 404, "json"),
    Case(
        "trainers.oembed",
        "dimensions",
        "/oembed?url={root}/cases/hostil&maxwidth={x}&maxheight={x}",
        400,
        "json",
    ),
    Case("trainers.oembed", "format", "/oembed?url={root}/cases/hostil&format={x}", 501, "json"),
    Case(
        "trainers.oembed",
        "content",
        "/oembed?url={root}/cases/hostil%23titulo&ui={x}&{x}={x}",
        200,
        "json",
    ),
    Case("trainers.reading_list", "title-items", "/list?title={x}&items={x}&ui={x}&{x}={x}"),
    Case(
        "trainers.reading_list",
        "anchors",
        "/list?title=hostil&items=cases/hostil%23{x},webinars/hostil%23t%3D12,cases/hostil",
    ),
    Case("trainers.stored_lists", "content", "/lists?ui={x}&{x}={x}"),
    Case("trainers.stored_list", "content", "/lists/hostil?ui={x}&{x}={x}"),
    Case("trainers.stored_list", "slug", "/lists/{p}", 404),
    Case("watch.state", "problems", "/watch/cases/roto.json?ui={x}&{x}={x}", kind="json"),
    Case("watch.state", "slug", "/watch/cases/{p}.json", kind="json"),
]


def fill(url: str, *, x: str, p: str, city: str, token: str, root: str) -> str:
    """A case's URL with its placeholders replaced (payloads percent-encoded)."""
    return (
        url.replace("{x}", quote(x, safe=""))
        .replace("{p}", quote(p, safe=""))
        .replace("{city}", quote(city, safe=""))
        .replace("{token}", quote(token, safe=""))
        .replace("{root}", quote(root, safe=""))
    )


# -- wapiti: one URL per route, every parameter it reads given an ordinary value ------------
# The search's parameters (read by web.context.search_request) are seeded in full on the
# API; the search page gets half of them (each one costs it a thousand requests: they are
# in all of its links), the other routes that read them ``q``, a facet and a number (the
# same parsing). The XSS cases give each of them a payload on every route.
SEARCH_PARAMETERS = frozenset(
    {"q", "ui", "page", "per_page", "sort", "year", "year_from", "year_to", *FACETS}
)
FULL_SEARCH = {"api.search"}
_SEARCH = (
    "q=agua&theme=agua&country=EC&network=cglu&city=Quito&type=case&language=es&year=2017"
    "&year_from=2000&year_to=2020&sort=date&page=1&per_page=10&ui=es"
)
_PAGE = "q=agua&theme=agua&city=Quito&year_from=2000&sort=date&page=1&ui=es"
_SOME = "q=agua&country=EC&page=1&ui=es"
SEEDS: dict[str, list[str]] = {
    "pages.search": [f"/?{_PAGE}"],
    "pages.document_page": [
        "/cases/montevideo-hermanamientos?hl=hermanamientos&section=resultados&ui=es",
        "/webinars/migrar-juntos?t=754&hl=fondo",
    ],
    "pages.feed": [f"/feed.atom?{_SOME}"],
    "pages.opensearch": ["/opensearch.xml?ui=es"],
    "pages.sitemap": ["/sitemap.xml?ui=es"],
    "api.search": [f"/api/search?{_SEARCH}"],
    "api.document_json": ["/api/documents/cases/montevideo-hermanamientos?ui=es"],
    "api.openapi": ["/api/openapi.json?ui=es"],
    "api.healthz": ["/healthz?ui=es"],
    "cities.index": ["/cities?filter=mont&ui=es"],
    "cities.city": ["/cities/Montevideo?ui=es"],
    "cities.api_index": ["/api/cities?ui=es"],
    "cities.api_city": ["/api/cities/Montevideo?ui=es"],
    "facet_views.facet_list": [f"/facets/city?filter=qu&{_SOME}"],
    "editor.dashboard": ["/editor?token={token}&days=30&ui=es"],
    "trainers.embed_search": [f"/embed?{_SOME}"],
    "trainers.embed_document": ["/embed/cases/montevideo-hermanamientos?section=resultados&ui=es"],
    "trainers.embed_code": [f"/embed-code?{_SOME}"],
    "trainers.export_search": [f"/export.{fmt}?{_SOME}" for fmt, _kind in EXPORTS],
    "trainers.cite_file": [
        "/cases/montevideo-hermanamientos/cite.bib?section=resultados&ui=es",
        "/webinars/migrar-juntos/cite.ris?t=754&ui=es",
        "/webinars/migrar-juntos/cite.json?ui=es",
    ],
    "pages.robots": ["/robots.txt?ui=es"],  # a parameter: wapiti attacks no bare .txt
    "trainers.oembed": [
        "/oembed?url={root}/cases/montevideo-hermanamientos&maxwidth=400&maxheight=300"
        "&format=json&ui=es"
    ],
    "trainers.reading_list": [
        "/list?items=cases/quito-agua%23contexto,webinars/agua-ciudades%23t%3D70&title=Taller&ui=es"
    ],
    "trainers.stored_lists": ["/lists?ui=es"],
    "trainers.stored_list": ["/lists/taller-agua?ui=es"],
    "watch.state": ["/watch/cases/montevideo-hermanamientos.json?ui=es"],
}


def seed_params(url: str) -> set[str]:
    return {k for k, _v in parse_qsl(urlsplit(url).query, keep_blank_values=True)}
