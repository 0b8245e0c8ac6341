"""The site in a real browser (Debian's chromium driven by Playwright) over a real server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

ARTIFACTS = Path(
    os.environ.get("KB_ARTIFACTS", Path(__file__).resolve().parents[1] / "var" / "artifacts")
)


def result_titles(page: Page) -> list[str]:
    return page.locator(".hit h2 a").all_inner_texts()


def count(page: Page) -> int:
    return int(
        page.locator(".summary [role=status]").inner_text().split("resultado")[0].split()[-1]
    )


def test_search_then_filter_by_two_countries_and_a_theme(page: Page, live_server: str):
    page.goto(live_server + "/")
    page.get_by_role("searchbox").fill("ciudades")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=ciudades*")
    everything = count(page)
    assert everything >= 5
    page.get_by_role("checkbox", name="Ecuador").check()
    page.wait_for_url("**country=EC*")
    page.get_by_role("checkbox", name="Argentina").check()
    page.wait_for_url("**country=AR*")
    two = count(page)
    assert 0 < two < everything
    expect(page.locator(".chips")).to_contain_text("Ecuador")
    expect(page.locator(".chips")).to_contain_text("Argentina")
    page.get_by_role("checkbox", name="Agua y saneamiento").check()
    page.wait_for_url("**theme=agua*")
    titles = result_titles(page)
    assert count(page) == len(titles) < two
    assert titles and all("agua" in t.lower() or "Quito" in t for t in titles)
    # The country counts ignore the countries' own selection (disjunctive facets).
    label = page.locator("label", has=page.get_by_role("checkbox", name="Ecuador"))
    assert label.locator(".count").inner_text() == str(len(titles))
    page.get_by_role("link", name="Quitar todos").click()
    assert count(page) == everything


def test_follow_a_result_to_its_highlighted_section(page: Page, live_server: str):
    page.goto(live_server + "/?q=hermanamientos+renovados")
    page.locator(".hit h2 a").first.click()
    page.wait_for_url("**/cases/montevideo-hermanamientos?hl=*#resultados")
    expect(page.locator("h2#resultados")).to_be_in_viewport()
    expect(page.locator(".body mark").first).to_have_text("hermanamientos")


def test_follow_a_transcript_hit_to_its_moment(page: Page, live_server: str):
    page.goto(live_server + "/?q=fondo+mixto+provincia")
    first = page.locator(".hit").first
    expect(first.locator(".moment")).to_have_text("en 12:34")
    first.locator("h2 a").click()
    page.wait_for_url("**/webinars/migrar-juntos*#t=754")
    current = page.locator(".transcript li.current")
    expect(current).to_have_attribute("data-t", "754")
    expect(current).to_be_in_viewport()
    page.goto(live_server + "/webinars/migrar-juntos#t=140")
    expect(page.locator(".transcript li.current")).to_have_attribute("data-t", "130")


def test_switch_the_interface_language(page: Page, live_server: str):
    page.goto(live_server + "/?q=agua")
    expect(page.locator("legend").first).to_have_text("Tema")
    page.get_by_role("link", name="Português").click()
    expect(page.locator("html")).to_have_attribute("lang", "pt")
    expect(page.locator("legend").first).to_have_text("Tema")
    page.get_by_role("link", name="English").click()
    expect(page.locator("legend").first).to_have_text("Theme")
    assert "ui=en" in page.url and "q=agua" in page.url
    expect(page.get_by_role("checkbox", name="Water and sanitation")).to_be_visible()


@pytest.mark.parametrize(
    "path",
    [
        "/?q=agua&country=EC",
        "/?q=zzzqqq",
        "/webinars/agua-ciudades?hl=agua#t=70",
        "/cases/montevideo-hermanamientos",
        "/nope",
    ],
)
def test_no_accessibility_violations(page: Page, live_server: str, path: str):
    page.goto(live_server + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_keyboard_reaches_and_ticks_a_facet(page: Page, live_server: str):
    page.goto(live_server + "/?q=agua")
    box = page.get_by_role("checkbox", name="Ecuador")
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_url("**country=EC*")
    expect(page.get_by_role("checkbox", name="Ecuador")).to_be_checked()


def test_works_without_javascript(browser: Browser, live_server: str):
    context = browser.new_context(java_script_enabled=False, locale="es-ES")
    page = context.new_page()
    page.goto(live_server + "/?q=agua")
    page.get_by_role("checkbox", name="Ecuador").check()
    page.get_by_role("button", name="Aplicar filtros").click()
    page.wait_for_url("**country=EC*")
    assert count(page) >= 1
    context.close()


@pytest.mark.parametrize("name, width, height", [("desktop", 1280, 900), ("phone", 360, 780)])
def test_screenshots_of_the_search_page(browser: Browser, live_server: str, name, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="es-ES")
    page = context.new_page()
    page.goto(live_server + "/?q=agua")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, "no horizontal scrolling"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"search-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    context.close()
