"""Facets that scale and the year range: what the API, the search page, the list page of
a facet's values and the CLI answer, checked against the corpus files read on their own."""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from cli import main
from tests.facets_corpus import Built, built, city_counts, fold, ranked
from web import create_app
from web.openapi import openapi_document


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Built:
    return built(tmp_path_factory)


@pytest.fixture(scope="module")
def client(tree):
    return create_app({"KB_INDEX": str(tree.index), "TESTING": True}).test_client()


def api(client, **params):
    response = client.get("/api/search", query_string={"per_page": 100, **params})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def page(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def query_of(href: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(href).query)


# -- the API's facets ------------------------------------------------------------------
def test_city_facet_counts_and_order_come_from_the_files(client, tree):
    expected = city_counts(tree.docs)
    assert len(expected) > 20  # a long facet
    facet = api(client)["facets"]["city"]
    assert [(f["value"], f["count"]) for f in facet] == [(c, expected[c]) for c in ranked(expected)]


# -- the search page: top 10, the rest behind "show all" --------------------------------
def test_a_long_facet_shows_its_top_ten_and_links_to_all_its_values(client, tree):
    soup = page(client, "/?year_from=2001&ui=en")
    expected = ranked(city_counts([d for d in tree.docs if d.year >= 2001]))
    assert len(expected) > 10
    items = soup.select("#facet-city li")
    visible = [li for li in items if not li.has_attr("hidden")]
    assert [li.input["value"] for li in visible] == expected[:10]
    assert [li.input["value"] for li in items] == expected  # the rest, for typing to filter
    assert all(li.has_attr("data-extra") for li in items[10:])
    link = soup.select_one("#facet-city .show-all a")
    assert link.get_text() == f"Show all ({len(expected)})"
    assert urlsplit(link["href"]).path == "/facets/city"
    assert query_of(link["href"]) == [("year_from", "2001"), ("ui", "en")]
    # A short facet (the type: two values) has neither.
    assert soup.select("#facet-type li[hidden]") == [] and not soup.select("#facet-type .show-all")


def test_a_selected_value_past_the_top_ten_stays_visible(client, tree):
    order = ranked(city_counts(tree.docs))
    rare = order[-1]
    soup = page(client, f"/?city={rare}")
    [item] = [li for li in soup.select("#facet-city li") if li.input["value"] == rare]
    assert not item.has_attr("hidden") and item.input.has_attr("checked")
    visible = [li.input["value"] for li in soup.select("#facet-city li:not([hidden])")]
    assert len(visible) == 11 and rare in visible


def test_typing_to_filter_uses_folded_labels(client):
    soup = page(client, "/")
    folds = {li.input["value"]: li["data-fold"] for li in soup.select("#facet-city li")}
    assert "sao paulo" in folds["São Paulo"] and "krakow" in folds["Kraków"]
    box = soup.select_one("#facet-city .facet-filter")
    assert box.has_attr("hidden")  # shown by site.js only
    assert box.select_one("label")["for"] == box.select_one("input")["id"]


def test_city_facet_entries_link_to_the_city_pages(client):
    soup = page(client, "/?q=cooperación")
    item = soup.select_one("#facet-city li")
    link = item.select_one("a.to-page")
    assert link["href"] == "/cities/" + quote(item.input["value"])
    assert client.get(link["href"]).status_code == 200


# -- the list page of a facet's values (no JavaScript needed) ---------------------------
@pytest.mark.parametrize("typed", ["sao", "SÃO", "s\u0061\u0303o"])
def test_the_list_page_filters_without_accents(client, tree, typed):
    counts = city_counts(tree.docs)
    soup = page(client, f"/facets/city?filter={typed}")
    links = soup.select("ul.values li > a:first-child")
    expected = [c for c in ranked(counts) if "sao" in fold(c)]
    assert [a.get_text(strip=True) for a in links] == expected == ["São Paulo", "São Luís"]
    counted = [li.select_one(".count").get_text() for li in soup.select("ul.values li")]
    assert counted == [str(counts[c]) for c in expected]
    assert soup.select_one("input[name=filter]")["value"] == typed


def test_the_list_page_counts_follow_the_search_and_links_toggle(client, tree):
    year_docs = [d for d in tree.docs if 2005 <= d.year <= 2015]
    counts = city_counts(year_docs)
    soup = page(client, "/facets/city?year_from=2005&year_to=2015&city=Lima&filter=")
    rows = {
        li.select_one("a").get_text(" ", strip=True): li.select_one(".count").get_text()
        for li in soup.select("ul.values")[-1].select("li")
    }
    assert {k.replace(" (quitar)", ""): v for k, v in rows.items()} == {
        c: str(n) for c, n in counts.items()
    }
    by_name = {a.get_text(" ", strip=True): a["href"] for a in soup.select("ul.values a")}
    # Choosing another city adds it to the search; choosing Lima (selected) takes it out.
    add = query_of(by_name["Bogotá"])
    assert ("city", "Bogotá") in add and ("city", "Lima") in add
    assert ("year_from", "2005") in add and ("year_to", "2015") in add
    assert not any(k == "filter" for k, _ in add)
    remove = query_of(by_name["Lima (quitar)"])
    assert ("city", "Lima") not in remove and ("year_from", "2005") in remove
    # The GET form keeps the search in hidden fields.
    hidden = [(i["name"], i["value"]) for i in soup.select("form.list-filter input[type=hidden]")]
    assert hidden == [("year_from", "2005"), ("year_to", "2015"), ("city", "Lima")]


def test_the_list_page_of_any_facet_and_its_errors(client, tree):
    soup = page(client, "/facets/country?ui=en&filter=bra")
    assert [a.get_text() for a in soup.select("ul.values li > a")] == ["Brazil"]
    assert client.get("/facets/colour").status_code == 404
    bad = client.get("/facets/city?year_from=20")
    assert bad.status_code == 400 and "year_from" in bad.get_data(as_text=True)


# -- the year range --------------------------------------------------------------------
RANGES = [("2005", "2010"), ("2016", ""), ("", "2001"), ("2012", "2012"), ("1990", "1997")]


@pytest.mark.parametrize("low, high", RANGES)
def test_the_year_range_keeps_the_documents_of_those_years(client, tree, low, high):
    def inside(year: int) -> bool:
        return (not low or year >= int(low)) and (not high or year <= int(high))

    body = api(client, year_from=low, year_to=high)
    expected = {d.id for d in tree.docs if inside(d.year)}
    assert {h["id"] for h in body["hits"]} == expected and body["total"] == len(expected)
    # The year facet ignores the range (disjunctive); the other facets apply it.
    assert {f["value"]: f["count"] for f in body["facets"]["year"]} == {
        str(y): n for y, n in Counter(d.year for d in tree.docs).items()
    }
    assert {f["value"]: f["count"] for f in body["facets"]["city"]} == city_counts(
        [d for d in tree.docs if inside(d.year)]
    )


def test_the_year_range_is_anded_with_other_filters_and_year_values(client, tree):
    body = api(client, year_from="2005", year_to="2020", country="BR", year=["2007", "2023"])
    expected = {d.id for d in tree.docs if "BR" in d.countries and d.year == 2007}
    assert {h["id"] for h in body["hits"]} == expected
    # Year counts: every year of the Brazilian documents, whatever the year filters.
    assert {f["value"]: f["count"] for f in body["facets"]["year"] if f["count"]} == {
        str(y): n for y, n in Counter(d.year for d in tree.docs if "BR" in d.countries).items()
    }
    countries = Counter(
        c
        for d in tree.docs
        if d.year in (2007, 2023) and 2005 <= d.year <= 2020
        for c in d.countries
    )
    assert {f["value"]: f["count"] for f in body["facets"]["country"] if f["count"]} == countries


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"year_from": "abcd"}, "year_from"),
        ({"year_to": "20155"}, "year_to"),
        ({"year_from": "٢٠١٥"}, "year_from"),
        ({"year_from": "2016", "year_to": "2015"}, "year_from"),
        ({"year_to": ["2015", "2016"]}, "year_to"),
    ],
)
def test_bad_year_bounds_are_400s_naming_the_parameter(client, params, parameter):
    response = client.get("/api/search", query_string=params)
    body = response.get_json()
    assert response.status_code == 400 and body["parameter"] == parameter
    assert body["error"].startswith(parameter + ":")
    html = client.get("/", query_string=params)
    assert html.status_code == 400 and parameter in html.get_data(as_text=True)


def test_openapi_documents_the_year_bounds():
    spec = openapi_document()
    names = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"year_from", "year_to"} <= names


def test_cli_year_range_equals_the_api(client, tree):
    result = CliRunner().invoke(
        main,
        ["search", "--year-from", "2005", "--year-to", "2010", "--per-page", "100"]
        + ["--json", "--index", str(tree.index)],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    expected = api(client, year_from="2005", year_to="2010")
    for payload in (body, expected):
        payload.pop("took_ms")
    assert body == expected and body["total"] > 0
    bad = CliRunner().invoke(main, ["search", "--year-to", "99", "--index", str(tree.index)])
    assert bad.exit_code == 1 and "year_to: '99' is not a year" in bad.output


# -- the chart -------------------------------------------------------------------------
def test_the_chart_has_a_bar_per_year_with_links_and_a_text_alternative(client, tree):
    soup = page(client, "/?year_from=2010&year_to=2018&ui=en")
    per_year = Counter(d.year for d in tree.docs)
    bars = soup.select(".yearchart svg a")
    assert [int(a["aria-label"].split(":")[0]) for a in bars] == sorted(per_year)
    for bar in bars:
        year = int(bar["aria-label"].split(":")[0])
        results = "result" if per_year[year] == 1 else "results"
        assert bar["aria-label"] == f"{year}: {per_year[year]} {results}"
        assert bar["class"] == ["in" if 2010 <= year <= 2018 else "out"]
        assert dict(query_of(bar["href"])) == {
            "year_from": str(year),
            "year_to": str(year),
            "ui": "en",
        }
    heights = {
        int(a["aria-label"].split(":")[0]): float(a.select_one("rect.bar")["height"]) for a in bars
    }
    tallest = max(per_year.values())
    assert all(heights[y] == max(1.5, 40 * n / tallest) for y, n in per_year.items())
    svg = soup.select_one(".yearchart svg")
    assert svg.select_one("title").get_text() == "Results per year"
    assert (
        svg.select_one("desc")
        .get_text()
        .startswith("; ".join(f"{y}: {per_year[y]}" for y in sorted(per_year)))
    )
    assert soup.select_one("#year_from")["value"] == "2010"
    assert soup.select_one("#year_to")["value"] == "2018"
    chip = soup.select_one(".chips a[href='/?ui=en']")
    assert chip is not None and "Years: 2010–2018" in chip.get_text()


def test_the_city_names_of_a_hit_link_to_their_pages(client, tree):
    soup = page(client, "/?q=cooperación&city=Lima")
    for hit in soup.select(".hit"):
        names = [a.get_text() for a in hit.select(".meta a[href^='/cities/']")]
        assert "Lima" in names


def test_the_search_responses_match_the_openapi_schema(client):
    spec = openapi_document()
    search = Draft202012Validator(
        {"$ref": "#/components/schemas/Search", "components": spec["components"]}
    )
    assert list(search.iter_errors(api(client, year_from="2001", country="BR"))) == []
