"""Watch mode for real: files edited under a running ``kb serve --watch`` become searchable,
a broken file is reported in the terminal and on its page while its last good version
stays searchable, a new file broken from its first save shows its problems on its 404
page until it is fixed, and an open page reloads itself (real chromium)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from markupsafe import escape
from playwright.sync_api import Browser, expect

from indexer.build import build_index
from indexer.live import open_service
from indexer.watch import Watcher
from kb.search import SearchRequest
from tests.conftest import SCREENSHOTS, TODAY, running_server, started
from tests.corpus import FILES, front, write_tree
from tests.test_browser import ARTIFACTS
from web import create_app

PATIENCE = 30.0  # seconds to wait for a change to show (the typical delay is in bench/)
RELOAD_WITHIN = 10.0  # seconds for an open page to show a fixed file (typically about 2)
NEW_CASE = "cases/valparaiso-oficina.md"  # a file no index has held before
NEW_TITLE = "Valparaíso abre su oficina de relaciones internacionales"
NOT_PUBLISHED = "Este documento todavía no está publicado"  # the h1 of its 404 page
NOT_FOUND = "Esta página no existe"  # the h1 of the plain 404 page


def new_case(themes: str) -> str:
    """The new case's file, with ``themes`` as given."""
    head = front(
        title=NEW_TITLE,
        date="2021-03",
        language="es",
        countries="CL",
        city="Valparaíso",
        themes=themes,
    )
    return head + "\n## Contexto\n\nLa oficina coordina acuerdos con ciudades cordilleranas.\n"


def line_of(text: str, wanted: str) -> int:
    return text.split("\n").index(wanted) + 1


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def search_ids(url: str, q: str) -> list[str]:
    _status, body = get(f"{url}/api/search?{urllib.parse.urlencode({'q': q})}")
    return [hit["id"] for hit in json.loads(body)["hits"]]


def eventually(check: Callable[[], Any], what: str) -> Any:
    """Poll ``check`` until it returns something true; fail after PATIENCE seconds."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"not within {PATIENCE:.0f} s: {what}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def watched(tmp_path_factory: pytest.TempPathFactory):
    """``kb serve --watch --content content`` in a folder of its own: (content, url, log)."""
    base = tmp_path_factory.mktemp("watched")
    content = write_tree(base / "content", FILES)
    log = base / "serve.log"
    command = [sys.executable, "-m", "cli", "serve", "--watch", "--port", "{port}"]
    command += ["--content", "content", "--index", str(base / "index")]
    with running_server(base / "index", log, command, cwd=base) as (_process, url):
        yield content, url, log
        assert get(f"{url}/healthz")[0] == 200, "the watcher's server died:\n" + log.read_text()


def test_an_edit_an_added_file_and_a_removed_file_are_searchable_within_seconds(watched):
    content, url, _log = watched
    edit(content / "cases" / "quito-agua.md", "visitas técnicas", "visitas técnicas zanahoriazul")
    ids = eventually(lambda: search_ids(url, "zanahoriazul"), "the edited word is found")
    assert ids == ["cases/quito-agua"]

    added = content / "notebooks" / "nuevo-cuaderno.md"
    added.write_text(
        FILES["notebooks/guia-oficina.md"].replace("Guía para crear", "Cuaderno pimentonero de"),
        encoding="utf-8",
    )
    eventually(lambda: search_ids(url, "pimentonero") == ["notebooks/nuevo-cuaderno"], "added")
    added.unlink()
    eventually(lambda: search_ids(url, "pimentonero") == [], "the removed file is gone")


def test_a_broken_file_is_reported_and_its_last_good_version_stays(watched):
    content, url, log = watched
    case = content / "cases" / "montevideo-hermanamientos.md"
    page = f"{url}/cases/montevideo-hermanamientos"
    assert "watch-banner" not in get(page)[1]
    edit(case, "themes: [hermanamientos]", "themes: [hermanamiento]")
    line = case.read_text(encoding="utf-8").split("\n").index("themes: [hermanamiento]") + 1
    expected = (
        f"content/cases/montevideo-hermanamientos.md:{line}: themes: unknown theme id "
        "'hermanamiento': use an id from taxonomy.yml (did you mean hermanamientos?)"
    )
    eventually(lambda: expected in log.read_text(encoding="utf-8"), "the error in the terminal")
    status, html = get(page)
    assert status == 200 and 'class="watch-banner watch-errors" role="alert"' in html
    assert expected.replace("'", "&#39;") in html
    assert search_ids(url, "hermanamientos renovados")[0] == "cases/montevideo-hermanamientos"
    state = json.loads(get(f"{url}/watch/cases/montevideo-hermanamientos.json")[1])
    assert state["errors"] is True and state["problems"] == [expected]

    edit(case, "themes: [hermanamiento]", "themes: [hermanamientos]")
    eventually(lambda: "watch-banner" not in get(page)[1], "the banner goes once fixed")


def test_the_watch_endpoint_exists_only_in_watch_mode(live_server, watched):
    _content, url, _log = watched
    assert get(f"{url}/watch/cases/rosario-migrantes.json")[0] == 200
    assert get(f"{live_server}/watch/cases/rosario-migrantes.json")[0] == 404
    assert "data-watch-url" not in get(f"{live_server}/cases/rosario-migrantes")[1]
    assert "data-watch-url" in get(f"{url}/cases/rosario-migrantes")[1]


def test_an_open_page_reloads_when_its_file_changes(browser: Browser, watched):
    content, url, _log = watched
    context = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{url}/cases/lyon-jumelages")
    page.evaluate("window.kbBeforeEdit = true")
    edit(
        content / "cases" / "lyon-jumelages.md",
        "## Les échanges",
        "## Les échanges\n\nUn paragraphe ajouté pendant que la page était ouverte.",
    )
    expect(page.locator(".body")).to_contain_text(
        "Un paragraphe ajouté pendant que la page était ouverte", timeout=PATIENCE * 1000
    )
    assert page.evaluate("window.kbBeforeEdit === undefined")  # a new page: it reloaded
    context.close()


def test_the_banner_of_a_broken_page_shows_its_problem_and_passes_axe(browser: Browser, watched):
    content, url, log = watched
    context = browser.new_context(locale="es-ES", viewport={"width": 1100, "height": 760})
    page = context.new_page()
    page.goto(f"{url}/cases/porto-cooperacoes")
    case = content / "cases" / "porto-cooperacoes.md"
    edit(case, "date: 2016-09-01", "date: 2016-13-01")
    banner = page.get_by_role("alert")
    expect(banner).to_contain_text("Este archivo tiene errores", timeout=PATIENCE * 1000)
    line = case.read_text(encoding="utf-8").split("\n").index("date: 2016-13-01") + 1
    expect(banner).to_contain_text(
        f"content/cases/porto-cooperacoes.md:{line}: date: '2016-13-01' is not a real date"
    )
    expect(page.locator("h1")).to_have_text("Porto e as suas parcerias")  # the last good one
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "watch-banner.png"
    page.screenshot(path=str(shot), clip={"x": 0, "y": 0, "width": 1100, "height": 520})
    assert shot.stat().st_size > 10_000
    edit(case, "date: 2016-13-01", "date: 2016-09-01")
    expect(banner).to_have_count(0, timeout=PATIENCE * 1000)
    context.close()


def test_a_document_never_published_shows_its_problems_on_its_404_only_in_watch_mode(
    tree, tmp_path: Path
):
    hostile = "<script>alert(1)</script>"
    text = new_case(f"[{hostile}]")
    root = tree({NEW_CASE: text})
    index = tmp_path / "index"
    Watcher(root, index, echo=lambda _line: None).run_once()  # what kb serve --watch runs
    expected = (
        f"{root}/{NEW_CASE}:{line_of(text, f'themes: [{hostile}]')}: themes: unknown theme id "
        f"'{hostile}': use an id from taxonomy.yml"
    )

    watching = create_app({"KB_INDEX": str(index), "KB_WATCH": True}).test_client()
    answer = watching.get("/cases/valparaiso-oficina")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 404
    assert f"<h1>{NOT_PUBLISHED}</h1>" in html
    assert "el documento no se publica hasta que se corrijan" in html
    assert f"<li><code>{escape(expected)}</code></li>" in html
    assert hostile not in html  # the editor's text is shown, never run
    assert 'data-watch-url="/watch/cases/valparaiso-oficina.json"' in html  # it keeps polling
    unknown = watching.get("/cases/no-such-case")  # no file, no problems: the plain 404
    assert unknown.status_code == 404 and NOT_FOUND in unknown.get_data(as_text=True)

    plain = create_app({"KB_INDEX": str(index)}).test_client().get("/cases/valparaiso-oficina")
    html = plain.get_data(as_text=True)
    assert plain.status_code == 404 and NOT_FOUND in html
    assert "unknown theme id" not in html and "data-watch-url" not in html


def test_a_new_file_broken_from_its_first_save_shows_its_problems_until_fixed(
    browser: Browser, watched
):
    content, url, _log = watched
    case, address = content / NEW_CASE, f"{url}/cases/valparaiso-oficina"
    text = new_case("[hermanamiento]")
    case.write_text(text, encoding="utf-8")
    context = browser.new_context(locale="es-ES", viewport={"width": 1100, "height": 760})
    try:
        expected = (
            f"content/{NEW_CASE}:{line_of(text, 'themes: [hermanamiento]')}: themes: unknown "
            "theme id 'hermanamiento': use an id from taxonomy.yml (did you mean hermanamientos?)"
        )
        html = eventually(lambda: _page_with(address, escape(expected)), "the problem on its page")
        assert f"<h1>{NOT_PUBLISHED}</h1>" in html
        page = context.new_page()
        response = page.goto(address)
        assert response is not None and response.status == 404
        expect(page.locator("h1")).to_have_text(NOT_PUBLISHED)
        expect(page.get_by_role("alert")).to_contain_text(expected)
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = {"x": 0, "y": 0, "width": 1100, "height": 560}
        page.screenshot(path=str(SCREENSHOTS / "watch-unpublished.png"), clip=shot)

        page.evaluate("window.kbBeforeFix = true")
        edit(case, "themes: [hermanamiento]", "themes: [hermanamientos]")
        expect(page.locator("h1")).to_have_text(NEW_TITLE, timeout=RELOAD_WITHIN * 1000)
        assert page.evaluate("window.kbBeforeFix === undefined")  # a new page: it reloaded
        expect(page.get_by_role("alert")).to_have_count(0)
        assert get(address)[0] == 200
    finally:
        context.close()
        case.unlink(missing_ok=True)


def _page_with(address: str, wanted: str) -> str | None:
    """The 404 page at ``address`` once it shows ``wanted``."""
    status, html = get(address)
    return html if status == 404 and wanted in html else None


def test_a_running_service_sees_removed_and_updated_documents(tree, tmp_path):
    """The service of a running site follows incremental commits, deletions included."""
    root = tree({})
    build_index(root, tmp_path / "ix", today=TODAY)
    service = open_service(tmp_path / "ix")

    def ids(q: str) -> list[str]:
        return [hit["id"] for hit in service.search(SearchRequest(q=q)).to_dict()["hits"]]

    assert ids("brésiliennes") == ["cases/lyon-jumelages"]
    assert ids("guaraní") == []
    (root / "cases" / "lyon-jumelages.md").unlink()
    edit(root / "cases" / "rosario-migrantes.md", "cursos de idioma", "cursos de guaraní")
    build_index(root, tmp_path / "ix", today=TODAY)
    assert ids("brésiliennes") == []
    assert ids("guaraní") == ["cases/rosario-migrantes"]
    assert ids("cursos de idioma") == []


def test_kb_watch_alone_reindexes_and_reports(tree, tmp_path):
    """``kb watch`` (no server): an edit is indexed, a broken file reported, and Ctrl-C ends it."""
    root = tree({})
    index, log = tmp_path / "index", tmp_path / "watch.log"
    command = [sys.executable, "-m", "cli", "watch", "--content", str(root), "--index", str(index)]
    with (
        open(log, "wb") as output,
        started(command, stdout=output, stderr=subprocess.STDOUT) as process,
    ):
        eventually(lambda: "watching" in log.read_text(encoding="utf-8"), "the first run")
        service = open_service(index)
        edit(root / "cases" / "coventry-twinned.md", "exchanged letters", "exchanged marmalade")

        def found() -> list[str]:
            return [h["id"] for h in service.search(SearchRequest(q="marmalade")).to_dict()["hits"]]

        assert eventually(found, "the edited word") == ["cases/coventry-twinned"]
        (root / "cases" / "empty.md").write_text("", encoding="utf-8")
        expected = f"{root}/cases/empty.md:1: file: empty file: write the front matter"
        eventually(lambda: expected in log.read_text(encoding="utf-8"), "the problem printed")
        assert process.poll() is None
        process.send_signal(signal.SIGINT)
        assert process.wait(30) == 0  # Ctrl-C stops the watcher cleanly
