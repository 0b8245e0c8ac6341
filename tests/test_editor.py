"""The editors' dashboard (/editor) and the search log, over a real server and index."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from click.testing import CliRunner
from playwright.sync_api import Browser

from cli import main as kb_cli
from indexer.build import build_index, check_tree
from kb.coverage import MIN_PER_THEME, WATCHED_COUNTRIES
from tests.conftest import SCREENSHOTS, TODAY, running_server, started
from tests.corpus import TAXONOMY
from web import create_app
from web.searchlog import SearchLog, Settings

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SCREENSHOT = SCREENSHOTS / "editor-dashboard.png"
TOKEN = "editors-secret-token-4f9a2c"
BROKEN_PATH = "cases/zz-caso-roto.md"
BROKEN = """\
---
title: "Un caso roto para el panel"
date: 2020-05
language: es
countries: [Brasil]
city: Recife
themes: [hermanamiento]
---

Recife firmó un acuerdo que nadie revisó.
"""
COLUMNS = {"id", "hour", "query", "results", "corrected", "filters", "source"}


@dataclass
class Site:
    url: str
    content: Path
    log: Path


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    """Status, body and headers of a GET, also for 4xx answers."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def dashboard(site: Site, query: str = "") -> BeautifulSoup:
    status, body, _headers = fetch(
        f"{site.url}/editor{query}", {"Authorization": f"Bearer {TOKEN}"}
    )
    assert status == 200, body
    return BeautifulSoup(body, "html.parser")


def search_on_site(site: Site, query: str, **filters: str) -> None:
    params = urllib.parse.urlencode({"q": query, **filters})
    status, _body, _headers = fetch(f"{site.url}/?{params}")
    assert status == 200


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    """``kb serve`` over a copy of the bundled content plus one broken case, with the
    dashboard enabled and the search log in a folder of its own."""
    base = tmp_path_factory.mktemp("editor")
    content = base / "content"
    shutil.copytree(CONTENT, content)
    (content / BROKEN_PATH).write_text(BROKEN, encoding="utf-8")
    index = base / "index"
    report = build_index(content, index, today=TODAY)
    assert report.skipped == [str(content / BROKEN_PATH)], report.summary()
    log = base / "log" / "search-log.sqlite3"
    with contextlib.ExitStack() as stack:
        with pytest.MonkeyPatch.context() as env:  # only the server sees these
            env.setenv("KB_CONTENT", str(content))
            env.setenv("KB_EDITOR_TOKEN", TOKEN)
            env.setenv("KB_SEARCH_LOG", str(log))
            _process, url = stack.enter_context(running_server(index, base / "serve.log"))
        yield Site(url, content, log)


def make_app(index: Path, content: Path, **settings: str):
    """The app with every dashboard setting given (the environment plays no part)."""
    config = {"KB_EDITOR_TOKEN": "", "KB_SEARCH_LOG": "", "KB_EDITOR_COUNTRIES": ""}
    config.update(settings)
    return create_app({"KB_INDEX": str(index), "KB_CONTENT": str(content), **config})


@pytest.fixture
def own_index(built_index: Path, tmp_path: Path) -> Path:
    """A copy of the test corpus's index that no other test writes a log into."""
    copy = tmp_path / "index"
    shutil.copytree(built_index, copy, ignore=shutil.ignore_patterns("search-log*"))
    return copy


# -- access --------------------------------------------------------------------------------
@pytest.mark.parametrize("token", ["", "too-short"])
def test_the_dashboard_does_not_exist_unless_a_token_is_configured(
    own_index: Path, corpus: Path, token: str
):
    client = make_app(own_index, corpus, KB_EDITOR_TOKEN=token).test_client()
    for headers, query in [({}, ""), ({"Authorization": "Bearer too-short"}, "?token=")]:
        response = client.get(f"/editor{query}", headers=headers)
        assert response.status_code == 404
        assert "no existe" in response.get_data(as_text=True)


def test_without_the_token_401_and_with_a_wrong_one_403(site: Site):
    status, body, headers = fetch(f"{site.url}/editor")
    assert status == 401
    assert headers["WWW-Authenticate"].startswith("Bearer")
    assert "requiere el token" in body
    status, _body, _headers = fetch(f"{site.url}/editor", {"Authorization": "Basic dXNlcjpw"})
    assert status == 401
    wrong = TOKEN[:-1] + "x"
    for url, headers in [
        (f"{site.url}/editor", {"Authorization": f"Bearer {wrong}"}),
        (f"{site.url}/editor?token={wrong}", {}),
        (f"{site.url}/editor?token={TOKEN[:-1]}", {}),
    ]:
        status, body, _headers = fetch(url, headers)
        assert status == 403, url
        assert "no es el de edición" in body
        assert "Problemas del contenido" not in body
    status, body, headers = fetch(f"{site.url}/editor?token={TOKEN}")
    assert status == 200
    assert "Problemas del contenido" in body
    assert headers["Cache-Control"] == "no-store"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in headers["X-Robots-Tag"]
    assert BeautifulSoup(body, "html.parser").find("meta", {"name": "robots"})["content"] == (
        "noindex, nofollow"
    )


def test_a_bad_number_of_days_is_a_400_naming_the_parameter(site: Site):
    for days in ("0", "abc", "366"):
        status, body, _headers = fetch(f"{site.url}/editor?token={TOKEN}&days={days}")
        assert status == 400
        assert "days:" in BeautifulSoup(body, "html.parser").find(role="alert").get_text()


# -- panels --------------------------------------------------------------------------------
def zero_rows(page: BeautifulSoup) -> dict[str, tuple[int, str]]:
    """Zero-result rows: the query text → (searches, link)."""
    rows = {}
    for row in page.select("table.zero tbody tr"):
        link = row.select_one("a.q")
        rows[link.get_text()] = (int(row.select_one("td.n").get_text()), link["href"])
    return rows


def test_a_search_without_results_made_moments_before_is_listed(site: Site):
    search_on_site(site, "  Teletrabajo ")
    rows = zero_rows(dashboard(site))
    assert rows["teletrabajo"][0] == 1
    link = rows["teletrabajo"][1]
    assert "token" not in link
    status, body, _headers = fetch(site.url + link)
    assert status == 200
    assert "0 resultados" in body  # following the link was one more search
    assert zero_rows(dashboard(site))["teletrabajo"][0] == 2


def test_a_zero_result_search_with_filters_links_to_the_same_search(site: Site):
    search_on_site(site, "gentrificacion", country="EC")
    page = dashboard(site)
    row = next(
        r
        for r in page.select("table.zero tbody tr")
        if r.select_one("a.q").get_text() == "gentrificacion"
    )
    assert row.select_one(".filter").get_text() == "country: EC"
    query = urllib.parse.parse_qs(urllib.parse.urlparse(row.select_one("a.q")["href"]).query)
    assert query == {"q": ["gentrificacion"], "country": ["EC"]}


def test_top_searches_count_the_site_and_the_api(site: Site):
    status, body, _headers = fetch(f"{site.url}/api/search?q=hermanamiento")
    assert status == 200
    total = json.loads(body)["total"]
    assert total > 0
    fetch(f"{site.url}/api/search?q=Hermanamiento")
    search_on_site(site, "hermanamiento")
    fetch(f"{site.url}/?q=hermanamiento&page=2")  # turning pages is not a new search
    fetch(f"{site.url}/?country=ES")  # nor is browsing without words
    top = {
        row.select_one(".q").get_text(): [int(td.get_text()) for td in row.select("td.n")]
        for row in dashboard(site).select("table.top tbody tr")
    }
    assert top["hermanamiento"] == [3, total]
    assert "" not in top


def test_problems_of_a_broken_file_appear_with_path_and_line(site: Site):
    lines = BROKEN.splitlines()
    themes_line = next(n for n, text in enumerate(lines, 1) if text.startswith("themes:"))
    countries_line = next(n for n, text in enumerate(lines, 1) if text.startswith("countries:"))
    rows = [
        (row.select_one("code.where").get_text(), row.select("td")[1].get_text(), row.get_text())
        for row in dashboard(site).select("table.problems tbody tr")
    ]
    where = {(place, key) for place, key, _text in rows}
    assert (f"{BROKEN_PATH}:{themes_line}", "themes") in where
    assert (f"{BROKEN_PATH}:{countries_line}", "countries") in where
    text = next(t for place, key, t in rows if key == "themes")
    assert "hermanamiento" in text and "hermanamientos" in text  # the suggestion
    # exactly what kb check reports for that tree
    prefix = str(site.content) + "/"
    expected = {
        (f"{p.path.removeprefix(prefix)}:{p.line}", p.key) for p in check_tree(site.content)
    }
    assert where == expected


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1]) or {}


def as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def coverage_from_files(content: Path) -> tuple[dict, set[str], dict]:
    """Per theme (count, gap), the watched countries without documents, and per country
    counts, computed from the front matter of the files that kb check lets through."""
    broken = {p.path for p in check_tree(content) if not p.warning}
    docs = [
        front_matter(path)
        for folder in ("cases", "notebooks", "webinars")
        for path in sorted((content / folder).rglob("*.md"))
        if str(path) not in broken
    ]
    taxonomy = yaml.safe_load((content / "taxonomy.yml").read_text(encoding="utf-8"))
    per_theme = Counter(t for d in docs for t in set(as_list(d.get("themes"))))
    per_country = Counter(c for d in docs for c in set(as_list(d.get("countries"))))
    themes = {
        theme["id"]: (per_theme[theme["id"]], per_theme[theme["id"]] < MIN_PER_THEME)
        for theme in taxonomy["themes"]
    }
    return themes, set(WATCHED_COUNTRIES) - set(per_country), dict(per_country)


def coverage_shown(page: BeautifulSoup) -> tuple[dict, set[str], dict]:
    themes = {
        row["data-theme"]: (int(row.select_one(".n").get_text()), "gap" in row.get("class", []))
        for row in page.select("#themes tr[data-theme]")
    }
    gaps = {li["data-country"] for li in page.select("#countries .gaps li")}
    countries = {
        row["data-country"]: int(row.select_one(".n").get_text())
        for row in page.select("#countries tr[data-country]")
    }
    return themes, gaps, countries


def test_documents_per_theme_and_country_match_the_files(site: Site):
    expected = coverage_from_files(site.content)
    assert coverage_shown(dashboard(site)) == expected
    assert expected[1], "the bundled corpus leaves some watched countries without documents"


def test_themes_with_few_documents_are_marked_as_gaps(tree, tmp_path: Path):
    unused = "  - id: vivienda\n    label: {es: Vivienda, en: Housing}\n"
    content = tree({"taxonomy.yml": TAXONOMY.replace("networks:", unused + "networks:")})
    build_index(content, tmp_path / "index", today=TODAY)
    client = make_app(tmp_path / "index", content, KB_EDITOR_TOKEN=TOKEN).test_client()
    page = BeautifulSoup(client.get(f"/editor?token={TOKEN}").get_data(as_text=True), "html.parser")
    expected = coverage_from_files(content)
    assert coverage_shown(page) == expected
    gaps = [theme for theme, (_n, gap) in expected[0].items() if gap]
    assert gaps and len(gaps) < len(expected[0])
    for theme in gaps:
        assert page.select_one(f'tr[data-theme="{theme}"] .tag').get_text() == "vacío"


# -- the log itself ------------------------------------------------------------------------
def log_bytes(log: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(log.parent.glob(log.name + "*")))


def test_the_log_holds_no_address_agent_or_cookie(site: Site):
    headers = {
        "X-Forwarded-For": "203.0.113.77",
        "X-Real-IP": "198.51.100.23",
        "User-Agent": "EditorTestAgent/9.9",
        "Cookie": "session=cookie-7e1d",
        "Accept-Language": "pt-BR",
    }
    query = urllib.parse.urlencode({"q": "zanahoria escribe a ana@example.org o al 099 123 456"})
    fetch(f"{site.url}/?{query}", headers)
    fetch(f"{site.url}/api/search?{query}", headers)
    raw = log_bytes(site.log)
    assert b"zanahoria escribe a [email] o al [number]" in raw  # the search is there
    for personal in (b"203.0.113", b"198.51.100", b"127.0.0.1", b"EditorTestAgent", b"7e1d"):
        assert personal not in raw
    assert b"ana@example" not in raw and b"099 123" not in raw
    with contextlib.closing(sqlite3.connect(site.log)) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(searches)")}
        hours = [row[0] for row in db.execute("SELECT hour FROM searches")]
    assert columns == COLUMNS
    assert hours and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d", h) for h in hours)


def test_the_log_stays_bounded(own_index: Path, corpus: Path, tmp_path: Path):
    log = tmp_path / "log.sqlite3"
    app = make_app(own_index, corpus, KB_SEARCH_LOG=str(log), KB_SEARCH_LOG_MAX="5")
    client = app.test_client()
    for number in range(40):
        assert client.get(f"/api/search?q=agua{number}").status_code == 200
    with contextlib.closing(sqlite3.connect(log)) as db:
        kept = [row[0] for row in db.execute("SELECT query FROM searches ORDER BY id")]
        assert kept == [f"agua{n}" for n in range(35, 40)]
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = log.stat().st_size
    for number in range(40, 400):
        client.get(f"/?q=agua{number}")
    with contextlib.closing(sqlite3.connect(log)) as db:
        assert db.execute("SELECT COUNT(*) FROM searches").fetchone()[0] == 5
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert log.stat().st_size <= size + 4096  # deleted rows' pages are reused


def test_entries_older_than_the_days_kept_are_dropped(tmp_path: Path):
    import datetime as dt

    log = SearchLog(Settings(tmp_path / "log.sqlite3", days=7))
    now = dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC)
    for days_ago in (30, 8, 6, 0):
        assert log.record(f"hace {days_ago}", 0, False, {}, "site", now - dt.timedelta(days_ago))
    assert [c.query for c in log.zero_results(365, now=now)] == ["hace 0", "hace 6"]


def test_turned_off_the_log_writes_nothing(own_index: Path, corpus: Path, tmp_path: Path):
    before = sorted(p.name for p in own_index.iterdir())
    app = make_app(own_index, corpus, KB_SEARCH_LOG="off", KB_EDITOR_TOKEN=TOKEN)
    client = app.test_client()
    for url in ("/?q=agua", "/?q=zzzqqq", "/api/search?q=agua", "/api/search?q=zzzqqq"):
        assert client.get(url).status_code == 200
    assert sorted(p.name for p in own_index.iterdir()) == before
    assert not list(tmp_path.rglob("search-log*"))
    page = client.get("/editor", headers={"Authorization": f"Bearer {TOKEN}"})
    assert "KB_SEARCH_LOG=off" in page.get_data(as_text=True)


def test_by_default_the_log_is_a_file_in_the_index_folder(own_index: Path, corpus: Path):
    client = make_app(own_index, corpus).test_client()
    client.get("/?q=agua")
    assert (own_index / "search-log.sqlite3").is_file()


def test_the_command_line_never_logs(own_index: Path, tmp_path: Path):
    result = CliRunner().invoke(kb_cli, ["search", "agua", "--json", "--index", str(own_index)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["total"] > 0
    assert not list(own_index.glob("search-log*"))


def test_queries_are_shown_escaped_and_cut(own_index: Path, corpus: Path, tmp_path: Path):
    app = make_app(
        own_index, corpus, KB_SEARCH_LOG=str(tmp_path / "l.sqlite3"), KB_EDITOR_TOKEN=TOKEN
    )
    client = app.test_client()
    client.get("/?" + urllib.parse.urlencode({"q": "<img src=x onerror=alert(1)>"}))
    client.get("/?" + urllib.parse.urlencode({"q": "Palabra  " * 100}))  # 900 characters
    body = client.get(f"/editor?token={TOKEN}").get_data(as_text=True)
    page = BeautifulSoup(body, "html.parser")
    assert not page.select("#searches img")
    queries = [a.get_text() for a in page.select("table.top .q")]
    assert "<img src=x onerror=alert(1)>" in queries
    assert ("palabra " * 25).strip() in queries  # 200 characters, cut at the bound


def test_a_failing_log_never_breaks_a_search(own_index: Path, corpus: Path, tmp_path, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    app = make_app(own_index, corpus, KB_SEARCH_LOG=str(blocker / "log.sqlite3"))
    client = app.test_client()
    with caplog.at_level("WARNING", logger="kb.searchlog"):
        assert client.get("/?q=agua").status_code == 200
        assert client.get("/api/search?q=agua").get_json()["total"] > 0
    assert "search log: could not write to" in caplog.text
    assert len(caplog.records) == 1  # one warning, not one per search


def test_a_search_answers_while_another_process_holds_the_log(
    own_index: Path, corpus: Path, tmp_path: Path, caplog
):
    log = tmp_path / "log.sqlite3"
    client = make_app(own_index, corpus, KB_SEARCH_LOG=str(log)).test_client()
    assert client.get("/?q=agua").status_code == 200
    holder = sqlite3.connect(log, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # as a stuck writer would
    try:
        with caplog.at_level("WARNING", logger="kb.searchlog"):
            assert client.get("/?q=cultura").status_code == 200
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "database is locked" in caplog.text
    assert client.get("/?q=migrantes").status_code == 200  # and logging resumes
    with contextlib.closing(sqlite3.connect(log)) as db:
        assert [r[0] for r in db.execute("SELECT query FROM searches")] == ["agua", "migrantes"]


WRITER = """
import sys
from pathlib import Path
from web.searchlog import SearchLog, Settings
# a generous lock timeout: this test is about integrity, not about dropping late writes
log = SearchLog(Settings(Path(sys.argv[1]), max_entries=int(sys.argv[3])), busy_timeout=30)
written = sum(log.record(f"{sys.argv[2]}-{n}", n % 3, False, {"country": ["AR"]}, "api")
              for n in range(int(sys.argv[4])))
print(written)
"""


@pytest.mark.parametrize("bound", [10_000, 100])
def test_two_processes_writing_at_once_do_not_corrupt_it(tmp_path: Path, bound: int):
    log = tmp_path / "log.sqlite3"
    each = 400
    with contextlib.ExitStack() as stack:
        writers = [
            stack.enter_context(
                started(
                    [sys.executable, "-c", WRITER, str(log), name, str(bound), str(each)],
                    stdout=subprocess.PIPE,
                    text=True,
                    cwd=ROOT,
                )
            )
            for name in ("a", "b")
        ]
        written = [int(w.communicate(timeout=120)[0]) for w in writers]
    assert written == [each, each]
    with contextlib.closing(sqlite3.connect(log)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = db.execute("SELECT id, query, results, filters FROM searches ORDER BY id").fetchall()
    assert len(rows) == min(bound, 2 * each)
    assert [r[0] for r in rows] == list(range(2 * each - len(rows) + 1, 2 * each + 1))
    for _id, query, results, filters in rows:
        name, number = query.split("-")
        assert name in ("a", "b") and results == int(number) % 3
        assert json.loads(filters) == {"country": ["AR"]}
    if bound > 2 * each:
        assert {r[1] for r in rows} == {f"{w}-{n}" for w in "ab" for n in range(each)}


# -- in a browser --------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/editor?token=" + TOKEN, "/editor"])
def test_the_dashboard_passes_axe(browser: Browser, site: Site, path: str):
    context = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site.url + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    context.close()


def test_screenshot_of_the_dashboard(browser: Browser, site: Site):
    for query, times in [
        ("hermanamiento", 4),
        ("migrantes", 3),
        ("presupuesto participativo", 2),
        ("ciberseguridad", 3),
        ("blockchain", 1),
        ("agua potable", 1),
    ]:
        for _ in range(times):
            search_on_site(site, query)
    search_on_site(site, "hackathon", country="MX")
    context = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site.url}/editor?token={TOKEN}")
    assert page.get_by_role("link", name="ciberseguridad").is_visible()
    assert page.locator("table.problems").get_by_text(BROKEN_PATH, exact=False).count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000
    context.close()
