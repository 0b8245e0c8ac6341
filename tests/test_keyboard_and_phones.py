"""Keyboards and phones in real chromium, on the bundled content served by the production
command: the first result a few Tab stops from the search box, the focus back on the
results after a facet is ticked, focus rings that stand out from every background, a sort
menu that waits for its button, and pages that do not move once painted."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SEARCH = "/?q=hermanamiento"

# Every page kind of the site (the reading list page with a list in it).
PAGES = [
    "/",
    SEARCH,
    "/cases/coventry-twinning-reconciliation",
    "/notebooks/plan-estrategico-internacionalizacion",
    "/webinars/migracao-acolhimento-cidades",
    "/cities",
    "/cities/" + quote("Ciudad de México"),
    "/facets/city",
    "/list?items=cases/paris-rome-jumelage",
    "/lists/hermanamientos-taller",
]


@pytest.fixture
def page(browser: Browser):
    context = browser.new_context(locale="es-ES", viewport=DESKTOP)
    yield context.new_page()
    context.close()


def focused(page: Page) -> dict[str, str]:
    """What has the focus: its id, tag, text and whether it is the first result's link."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const first = document.querySelector('.hits > li:first-child h2 a');
          return {id: el.id, tag: el.tagName, text: el.textContent.trim(),
                  first: String(el === first)};
        }"""
    )


def test_the_first_result_is_at_most_five_tab_stops_from_the_search_box(
    page: Page, production_site: str
):
    """A keyboard user who takes the "skip to results" link when it comes."""
    page.goto(production_site + SEARCH)
    page.locator("#q").focus()
    stops = 0
    while focused(page)["first"] != "true":
        page.keyboard.press("Tab")
        stops += 1
        assert stops <= 5, f"after {stops} Tab stops the focus is on {focused(page)}"
        if focused(page)["text"] == "Saltar a los resultados":
            page.keyboard.press("Enter")
    assert stops <= 5


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_ticking_a_facet_brings_the_focus_to_the_results_heading(
    browser: Browser, production_site: str, viewport: dict[str, int]
):
    context = browser.new_context(locale="es-ES", viewport=viewport)
    page = context.new_page()
    try:
        page.goto(production_site + SEARCH)
        if viewport is PHONE:
            page.get_by_text("Filtros", exact=True).click()  # folded on a phone
        box = page.locator("#facet-country input[value=ES]")
        box.focus()
        page.keyboard.press("Space")
        page.wait_for_url("**country=ES*")
        expect(page.locator("#results-title")).to_be_focused()
        # Announced: the heading's description is the new number of results.
        described = page.locator("#results-title").get_attribute("aria-describedby")
        expect(page.locator(f"#{described}")).to_contain_text("resultado")
        expect(page.locator("#facet-country input[value=ES]")).to_be_checked()
    finally:
        context.close()


def test_the_sort_menu_changes_the_page_only_on_its_button(page: Page, production_site: str):
    page.goto(production_site + SEARCH)
    page.evaluate("window.untouched = true")
    sort = page.locator("#sort")
    sort.focus()
    page.keyboard.press("ArrowDown")
    expect(sort).to_have_value("date")  # the choice moved…
    page.wait_for_timeout(1000)  # …and the page stayed: no navigation after a second
    assert page.evaluate("window.untouched === true") and "sort=" not in page.url
    page.get_by_role("button", name="Ordenar").click()
    page.wait_for_url("**sort=date*")
    expect(page.locator("#sort")).to_have_value("date")
    expect(page.locator("#results-title")).to_be_focused()


CONTRASTS = """() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const el = document.activeElement, style = getComputedStyle(el);
  const offset = parseFloat(style.outlineOffset);
  // Drawn outside the element, the ring lies on its parent's background; inside, on its own.
  const behind = background(offset < 0 ? el : el.parentElement);
  const a = lum(rgb(style.outlineColor)), b = lum(behind);
  return {what: el.outerHTML.slice(0, 80), style: style.outlineStyle,
          width: parseFloat(style.outlineWidth),
          ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)};
}"""


@pytest.mark.parametrize("path", [SEARCH, "/cases/coventry-twinning-reconciliation"])
def test_every_focus_ring_has_3_to_1_against_what_surrounds_it(
    page: Page, production_site: str, path: str
):
    """WCAG 1.4.11, for every Tab stop of the page, the header's and the skip links' too."""
    page.goto(production_site + path)
    seen = set()
    for _ in range(400):
        page.keyboard.press("Tab")
        ring = page.evaluate(CONTRASTS)
        if ring["what"] in seen or ring["what"].startswith("<body"):
            break
        seen.add(ring["what"])
        assert ring["style"] != "none" and ring["width"] >= 2, ring
        assert ring["ratio"] >= 3, ring
    assert len(seen) > 20


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_filters_are_folded_on_phones_without_any_script(
    browser: Browser, production_site: str, viewport: dict[str, int]
):
    context = browser.new_context(locale="es-ES", viewport=viewport, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(production_site + SEARCH)
        theme = page.locator("#facet-theme")
        if viewport is PHONE:
            expect(theme).to_be_hidden()
            page.get_by_text("Filtros", exact=True).click()
        expect(theme).to_be_visible()
    finally:
        context.close()


LAYOUT_SHIFT = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) total += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done(total), 500);
})"""


MAX_SHIFT = 0.02


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_page_moves_once_painted(browser: Browser, production_site: str, viewport):
    """Also with a reading list kept in the browser (its bar appears once the script runs)."""
    context = browser.new_context(locale="es-ES", viewport=viewport)
    context.add_init_script(
        "localStorage.setItem('kb.readingList', JSON.stringify(['cases/paris-rome-jumelage']))"
    )
    page = context.new_page()
    try:
        shifts = {}
        for path in PAGES:
            page.goto(production_site + path, wait_until="load")
            shifts[path] = page.evaluate(LAYOUT_SHIFT)
        assert page.locator("#listbar").is_visible()  # the list was there
        # The bound (Lighthouse's CLS <= 0.02): on a loaded machine a late paint
        # has measured 0.014 on the home page; a script folding the filters measured 0.70.
        moved = {path: shift for path, shift in shifts.items() if shift > MAX_SHIFT}
        assert moved == {}, shifts
    finally:
        context.close()
