"""Facets that scale, the year range and city pages in a real browser (Debian's chromium)
over a real server on a corpus with 27 cities; axe on every new page; screenshots."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from indexer.build import build_index
from tests.conftest import SCREENSHOTS, TODAY, running_server
from tests.facets_corpus import Built, built, city_counts, fold

PROJECT = Path(__file__).resolve().parents[1]
CONTENT = PROJECT / "content"


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Built:
    return built(tmp_path_factory)


@pytest.fixture(scope="module")
def server(tree, tmp_path_factory):
    log = tmp_path_factory.mktemp("facets-server") / "serve.log"
    with running_server(tree.index, log) as (_process, url):
        yield url


@pytest.fixture(scope="module")
def content_server(tmp_path_factory):
    """The project's own content/, for screenshots that show real practices."""
    index = tmp_path_factory.mktemp("content-index")
    report = build_index(CONTENT, index, today=TODAY)
    assert report.exit_code == 0, [str(p) for p in report.problems]
    log = tmp_path_factory.mktemp("content-server") / "serve.log"
    with running_server(index, log) as (_process, url):
        yield url


def count(page: Page) -> int:
    text = page.locator(".summary [role=status]").inner_text()
    return int(text.split("resultado")[0].split()[-1])


def visible_cities(page: Page) -> list[str]:
    return [
        box.get_attribute("value")
        for box in page.locator("#facet-city li:visible input[type=checkbox]").all()
    ]


def test_type_to_filter_the_city_facet_then_tick_a_city(page: Page, server: str, tree):
    counts = city_counts(tree.docs)
    page.goto(server + "/")
    assert len(visible_cities(page)) == 10 < len(counts)
    box = page.get_by_role("searchbox", name="Filtrar los valores de Ciudad")
    box.fill("sao")
    wanted = sorted((c for c in counts if "sao" in fold(c)), key=lambda c: -counts[c])
    expect(page.locator("#facet-city li:visible")).to_have_count(len(wanted))
    assert visible_cities(page) == wanted == ["São Paulo", "São Luís"]
    expect(page.locator("#facet-city [role=status]")).to_have_text("2 valores coinciden")
    link = page.locator("#facet-city .show-all a")
    assert link.get_attribute("href").endswith("/facets/city?filter=sao")
    box.press("Enter")  # not a search: the page stays
    assert page.url == server + "/"
    box.fill("zzz")
    expect(page.locator("#facet-city .facet-none")).to_be_visible()
    box.fill("LUIS")
    expect(page.locator("#facet-city [role=status]")).to_have_text("1 valor coincide")
    page.get_by_role("checkbox", name="São Luís").check()
    page.wait_for_url("**city=S%C3%A3o+Lu%C3%ADs*")
    expect(page.get_by_role("checkbox", name="São Luís")).to_be_checked()
    assert count(page) == counts["São Luís"]
    # Ticked, the rare city stays visible among the top ten.
    assert "São Luís" in visible_cities(page) and len(visible_cities(page)) == 11


def test_the_year_range_form_and_a_bar(page: Page, server: str, tree):
    per_year = Counter(d.year for d in tree.docs)
    page.goto(server + "/")
    page.get_by_label("Desde").fill("2005")
    page.get_by_label("Hasta").fill("2010")
    page.get_by_role("button", name="Aplicar", exact=True).click()
    page.wait_for_url("**year_from=2005&year_to=2010*")
    assert count(page) == sum(n for y, n in per_year.items() if 2005 <= y <= 2010)
    expect(page.locator(".chips")).to_contain_text("Años: 2005–2010")
    year = max(per_year, key=lambda y: (per_year[y], y))
    page.get_by_role("link", name=f"{year}: {per_year[year]} resultados").click()
    page.wait_for_url(f"**year_from={year}&year_to={year}*")
    assert count(page) == per_year[year]
    expect(page.get_by_label("Desde")).to_have_value(str(year))
    # A checkbox keeps the range: the form carries it.
    page.locator("#facet-type input[type=checkbox]").first.check()
    page.wait_for_url("**type=*")
    assert f"year_from={year}" in page.url


def test_without_javascript_show_all_leads_to_a_list_page(browser: Browser, server: str, tree):
    counts = city_counts(tree.docs)
    context = browser.new_context(java_script_enabled=False, locale="es-ES")
    page = context.new_page()
    page.goto(server + "/?year_from=2001")
    expect(page.locator("#facet-city .facet-filter")).to_be_hidden()
    page.locator("#facet-city .show-all a").click()
    page.wait_for_url("**/facets/city?year_from=2001")
    page.get_by_label("Filtrar valores").fill("bogota")
    page.get_by_role("button", name="Filtrar", exact=True).click()
    page.wait_for_url("**filter=bogota*")
    expect(page.locator("ul.values li")).to_have_count(1)
    page.get_by_role("link", name="Bogotá", exact=True).click()
    page.wait_for_url("**city=Bogot%C3%A1*")
    in_range = [d for d in tree.docs if d.year >= 2001 and "Bogotá" in d.cities]
    assert count(page) == len(in_range) and len(in_range) <= counts["Bogotá"]
    assert "year_from=2001" in page.url
    context.close()


def test_city_page_in_the_browser(page: Page, server: str, tree):
    page.goto(server + "/cities/sao%20paulo")
    page.wait_for_url("**/cities/S%C3%A3o%20Paulo")
    expect(page.locator("h1")).to_have_text("São Paulo")
    docs = [d for d in tree.docs if "São Paulo" in d.cities]
    expect(page.locator(".city-docs > li")).to_have_count(len(docs))
    first = page.locator(".partners a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url("**/cities/" + quote(name))
    expect(page.locator("h1")).to_have_text(name)


@pytest.mark.parametrize(
    "path",
    [
        "/?year_from=2005&year_to=2015&city=Lima",
        "/facets/city?filter=sao",
        "/cities/" + quote("São Paulo"),
        "/cities",
    ],
)
def test_no_accessibility_violations(page: Page, server: str, path: str):
    page.goto(server + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_no_accessibility_violations_while_filtering(page: Page, server: str):
    page.goto(server + "/")
    page.get_by_role("searchbox", name="Filtrar los valores de Ciudad").fill("o")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_screenshots_of_the_year_chart_and_a_city_page(browser: Browser, content_server: str):
    """On the bundled corpus: the chart of a search with a range, and Montevideo's page."""
    import json
    import urllib.request

    context = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    search = "/?q=cooperaci%C3%B3n&year_from=2005&year_to=2015"
    with urllib.request.urlopen(content_server + "/api" + search.replace("/?", "/search?")) as r:
        body = json.load(r)
    years = sorted(int(f["value"]) for f in body["facets"]["year"] if f["count"])
    page.goto(content_server + search)
    bars = page.locator(".yearchart svg a")
    expect(bars).to_have_count(len(years))
    inside = page.locator(".yearchart svg a.in")
    expect(inside).to_have_count(sum(1 for y in years if 2005 <= y <= 2015))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#facet-year").screenshot(path=str(SCREENSHOTS / "year-chart.png"))
    with urllib.request.urlopen(content_server + "/api/cities/montevideo") as r:
        city = json.load(r)
    page.goto(content_server + "/cities/montevideo")
    expect(page.locator(".city-docs > li")).to_have_count(city["count"])
    expect(page.locator(".partners li")).to_have_count(len(city["partners"]))
    page.screenshot(path=str(SCREENSHOTS / "city-page.png"))
    context.close()
