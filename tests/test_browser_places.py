"""In chromium: the "also in" links of a hit lead to the right section and moment, the
"why this result" disclosure opens, a suggested filter is applied only when clicked."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from indexer.build import build_index
from tests.conftest import TODAY, running_server
from tests.corpus import write_tree
from tests.test_places_and_reasons import index  # noqa: F401  (the module's corpus)
from tests.test_places_truthful import FILES as TRUTHFUL


@pytest.fixture(scope="module")
def server(index, tmp_path_factory):  # noqa: F811
    with running_server(index, tmp_path_factory.mktemp("log") / "serve.log") as (_p, url):
        yield url


@pytest.fixture(scope="module")
def sources_server(tmp_path_factory):
    """A corpus whose cases list their sources (tests/test_places_truthful.py)."""
    content = write_tree(tmp_path_factory.mktemp("truthful"), TRUTHFUL)
    root = tmp_path_factory.mktemp("truthful-index")
    assert build_index(content, root, today=TODAY).exit_code == 0
    with running_server(root, tmp_path_factory.mktemp("log") / "serve.log") as (_p, url):
        yield url


@pytest.fixture
def page_locale() -> str:
    return "en-GB"


def _hit(page: Page, title: str):
    return page.locator(".hit", has=page.get_by_role("link", name=title))


def test_an_also_in_link_opens_the_right_chapter(page: Page, server: str):
    page.goto(server + "/?q=riego")
    hit = _hit(page, "Cuaderno de huertas urbanas")
    links = hit.locator(".also a")
    expect(links).to_have_count(2)
    heading = links.first.inner_text()
    links.first.click()
    page.wait_for_url("**/notebooks/riego-urbano?hl=riego#*")
    anchor = page.url.rsplit("#", 1)[1]
    target = page.locator(f"h2#{anchor}")
    expect(target).to_have_text(heading)
    expect(target).to_be_in_viewport()
    expect(page.locator(f"h2#{anchor} ~ p mark").first).to_have_text("riego")


def test_an_also_in_moment_opens_the_transcript_there(page: Page, server: str):
    page.goto(server + "/?q=sequía")
    hit = _hit(page, "Ciudades ante la escasez de lluvias")
    link = hit.locator(".also a").filter(has_text=":").first
    minutes, seconds = link.inner_text().split(":")
    t = int(minutes) * 60 + int(seconds)
    link.click()
    page.wait_for_url(f"**/webinars/sequia-ciudades*#t={t}")
    current = page.locator(".transcript li.current")
    expect(current).to_have_attribute("data-t", str(t))
    expect(current).to_be_in_viewport()
    expect(current.locator("mark").first).to_have_text("sequía")


def test_why_this_result_and_a_suggested_filter(page: Page, server: str):
    page.goto(server + "/?q=sister+cities")
    why = _hit(page, "Un hermanamiento en Entre Ríos").locator("details.why")
    expect(why.locator("li").first).not_to_be_visible()
    why.locator("summary").click()
    expect(why).to_contain_text("English term of the theme Twinning")
    page.goto(server + "/?q=orçamento+brasil")
    before = page.locator(".hit").count()
    chip = page.get_by_role("link", name="Country: Brazil?")
    expect(chip).to_be_visible()
    expect(page.locator(".chips .chip:not(.suggestion)")).to_have_count(0)
    chip.click()
    page.wait_for_url("**country=BR*")
    expect(page.locator(".chips .chip:not(.suggestion)").first).to_contain_text("Brazil")
    assert page.locator(".hit").count() <= before
    assert Axe().run(page).violations_count == 0


@pytest.mark.parametrize("path", ["/?q=riego", "/?q=sequía&ui=es", "/?q=sister+cities&ui=pt"])
def test_no_accessibility_violations_with_places_and_reasons(page: Page, server: str, path: str):
    page.goto(server + path)
    page.locator("details.why summary").first.click()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_result_opens_at_the_text_that_says_the_word_not_at_its_sources(
    page: Page, sources_server: str
):
    page.goto(sources_server + "/?q=compostaje")
    hit = _hit(page, "Salto y los residuos de la feria")
    expect(hit.locator(".snippet mark").first).to_have_text("compostaje")
    expect(hit.locator(".also a", has_text="Fuentes")).to_have_count(0)
    hit.get_by_role("link", name="Salto y los residuos de la feria").click()
    page.wait_for_url("**/cases/salto-compostaje?hl=compostaje#que-se-hizo")
    expect(page.locator("h2#que-se-hizo")).to_be_in_viewport()
    expect(page.locator("h2#que-se-hizo ~ p mark").first).to_have_text("compostaje")
