"""Trainers' workflow in the real chromium: embeds framed by another origin, section links,
reading lists built in the browser, printed handouts, accessibility."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.conftest import running_server
from tests.test_browser import ARTIFACTS
from tests.trainers_corpus import build, trainer_files
from tests.trainers_screenshots import other_origin, take, write_host_pages

DOC = "/cases/montevideo-hermanamientos"


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    """``kb serve`` on the trainers' corpus (a renamed document, a reviewed list)."""
    base = tmp_path_factory.mktemp("trainers-browser")
    index = build(base / "content", base / "index", trainer_files())
    with running_server(index, base / "serve.log") as (_process, url):
        yield url


@pytest.fixture(scope="module")
def host(kb, tmp_path_factory):
    """Another origin serving a course page with kb's embed, and a page framing kb pages."""
    folder = tmp_path_factory.mktemp("host")
    write_host_pages(folder, kb, "q=agua", "agua")
    with other_origin(folder) as url:
        yield url


def api(kb: str, query: str) -> dict:
    with urllib.request.urlopen(f"{kb}/api/search?{query}") as response:
        return json.load(response)


def link_titles(locator) -> list[str]:
    """Link texts without their visually hidden "(opens in a new tab)"."""
    return locator.evaluate_all("links => links.map(a => a.firstChild.textContent)")


# -- embeds in another origin -----------------------------------------------------------------
def test_the_embed_renders_inside_a_frame_of_another_origin(page: Page, kb: str, host: str):
    assert host.split("//")[1] != kb.split("//")[1]  # another origin
    page.goto(f"{host}/course.html")
    frame = page.frame_locator("#kb-embed")
    expect(frame.locator(".embed-hits li").first).to_be_visible()
    expected = [h["title"] for h in api(kb, "q=agua")["hits"]]
    assert link_titles(frame.locator(".embed-hits h2 a")) == expected
    # a result opens the full site in a new tab, at the place that matched
    with page.context.expect_page() as opened:
        frame.locator(".embed-hits h2 a").first.click()
    tab = opened.value
    tab.wait_for_load_state()
    assert tab.url.startswith(kb + "/") and "hl=agua" in tab.url
    expect(tab.locator("h1")).to_have_text(expected[0])


def test_a_normal_page_refuses_to_be_framed_by_another_origin(page: Page, kb: str, host: str):
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(f"{host}/frames.html")
    expect(page.frame_locator("#kb-embed").locator(".embed-hits li").first).to_be_visible()
    refused = page.frame(name="kb-page")
    for _ in range(100):  # wait for the refused frame's error page
        if refused.url != "about:blank":
            break
        page.wait_for_timeout(50)
    assert refused.url.startswith("chrome-error://")
    assert refused.locator(".hit").count() == 0 and refused.locator("header.site").count() == 0
    assert any("frame-ancestors 'self'" in m and "blocked" in m for m in messages)


def test_the_embed_code_page_previews_what_a_course_will_show(page: Page, kb: str):
    page.goto(f"{kb}/?q=agua&country=EC")
    page.get_by_role("link", name="Insertar en un curso").click()
    page.wait_for_url("**/embed-code?q=agua&country=EC")
    preview = page.frame_locator("iframe.embed-preview")
    expected = [h["title"] for h in api(kb, "q=agua&country=EC")["hits"]]
    expect(preview.locator(".embed-hits li")).to_have_count(len(expected))
    assert f'src="{kb}/embed?q=agua&amp;country=EC"' in page.locator("#embed-snippet").input_value()


# -- section links ----------------------------------------------------------------------------
def test_a_section_link_copies_its_permanent_address(browser: Browser, kb: str):
    context = browser.new_context(locale="es-ES", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(kb + DOC)
    page.locator("#resultados + .section-tools a.permalink").click()
    expect(page.locator("#resultados + .section-tools a.permalink")).to_contain_text("copiado")
    assert page.evaluate("navigator.clipboard.readText()") == f"{kb}{DOC}#resultados"
    assert page.url == kb + DOC  # copied, not followed
    page.goto(kb + "/webinars/migrar-juntos")
    page.locator('[id="t=754"] a.permalink').click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.endsWith('#t=754'))")
    context.close()


def test_without_javascript_links_are_plain_and_cite_opens_the_section(browser: Browser, kb):
    context = browser.new_context(java_script_enabled=False, locale="es-ES")
    page = context.new_page()
    page.goto(kb + DOC)
    tools = page.locator("#resultados + .section-tools")
    assert tools.locator("a.permalink").get_attribute("href") == f"{kb}{DOC}#resultados"
    expect(tools.locator("button.add-to-list")).to_be_hidden()
    tools.locator("a.cite-link").click()
    page.wait_for_url("**?section=resultados#cite-title")
    expect(page.locator(".cite-section h3")).to_have_text("Esta sección: Resultados")
    expect(page.locator("#section-permalink")).to_have_value(f"{kb}{DOC}#resultados")
    # a list composed with the form, without any script
    page.goto(kb + "/list")
    page.get_by_label("Título").fill("Semana 2")
    page.locator("#list-items").fill(f"cases/quito-agua\n{kb}/notebooks/guia-oficina#equipo")
    page.get_by_role("button", name="Crear el enlace de la lista").click()
    page.wait_for_url("**/list?title=Semana*")
    expect(page.locator("h1")).to_have_text("Semana 2")
    links = page.locator(".handout-items h2 a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        f"{kb}/cases/quito-agua",
        f"{kb}/notebooks/guia-oficina#equipo",
    ]
    context.close()


# -- reading lists ----------------------------------------------------------------------------
def test_add_to_list_then_open_the_handout(page: Page, kb: str):
    page.goto(f"{kb}/?q=agua")
    expect(page.locator("#listbar")).to_be_hidden()
    hits = page.locator(".hit")
    first, second = (
        hits.nth(0).locator("h2 a").inner_text(),
        hits.nth(1).locator("h2 a").inner_text(),
    )
    hits.nth(1).get_by_role("button", name="Añadir a la lista").click()
    hits.nth(0).get_by_role("button", name="Añadir a la lista").click()
    expect(page.locator(".listbar-count")).to_have_text("2")
    expect(hits.nth(1).locator("button.add-to-list")).to_contain_text("En tu lista")
    page.goto(kb + DOC)
    page.locator("#resultados + .section-tools button.add-to-list").click()
    expect(page.locator(".listbar-count")).to_have_text("3")
    page.get_by_role("link", name="Abrirla como material impreso").click()
    page.wait_for_url("**/list?items=**")
    assert page.locator(".handout-items h2 a").all_inner_texts() == [
        second,
        first,
        "Montevideo y sus hermanamientos — Resultados",
    ]
    # the list's address is the list: another browser opens the same handout
    address = page.locator("#list-permalink").input_value()
    assert address == page.url
    # a second click takes an item out; emptying hides the bar
    page.goto(kb + DOC)
    page.locator("#resultados + .section-tools button.add-to-list").click()
    expect(page.locator(".listbar-count")).to_have_text("2")
    page.get_by_role("button", name="Vaciarla").click()
    expect(page.locator("#listbar")).to_be_hidden()


def test_a_printed_list_has_no_navigation_and_prints_its_addresses(page: Page, kb: str):
    page.goto(kb + "/lists/taller-agua")
    page.get_by_role("button", name="Seguir esta lista en mi navegador").click()
    expect(page.locator("#listbar")).to_be_visible()
    expect(page.locator(".listbar-count")).to_have_text("4")
    page.emulate_media(media="print")
    for selector in ("header.site", "footer.site", "#listbar", ".list-tools", ".skip"):
        expect(page.locator(selector)).to_be_hidden()
    expect(page.locator(".handout-items")).to_be_visible()
    after = page.locator(".handout-items h2 a").first.evaluate(
        "a => getComputedStyle(a, '::after').content"
    )
    assert f"{kb}/cases/quito-agua#contexto" in after
    page.emulate_media(media="screen")
    expect(page.locator("header.site")).to_be_visible()


@pytest.mark.parametrize(
    "path",
    [
        "/embed?q=agua",
        "/embed?q=zzzqqq",
        "/embed/cases/montevideo-hermanamientos",
        "/embed/webinars/migrar-juntos?section=t%3D754",
        "/embed-code?q=agua",
        "/list?items=cases/quito-agua%23contexto,cases/nowhere,webinars/migrar-juntos%23t%3D754",
        "/list",
        "/lists",
        "/lists/taller-agua",
        f"{DOC}?section=resultados",
        "/webinars/migrar-juntos?t=754",
    ],
)
def test_no_accessibility_violations(page: Page, kb: str, path: str):
    page.goto(kb + "/?q=agua")
    page.locator(".hit button.add-to-list").first.click()  # the list bar shows everywhere
    page.goto(kb + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_screenshots_for_the_trainers_guide(browser: Browser, kb: str, host: str):
    out = Path(ARTIFACTS) / "trainers"
    for path in take(browser, kb, host, out, "/lists/taller-agua"):
        assert path.stat().st_size > 10_000
