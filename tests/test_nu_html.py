"""Every kind of HTML page in every interface language, checked by the W3C Nu HTML checker
(vnu.jar, the checker behind validator.w3.org/nu): no error and no warning. The pages come
from the production command on the bundled content: city names with spaces and accents,
every document type, a reading list, refusals."""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from tests.clients.tools import vnu
from tests.conftest import EDITOR_TOKEN as TOKEN
from web import create_app

LANGUAGES = ("es", "pt", "en", "fr")
DOC = "cases/coventry-twinning-reconciliation"
# One URL or more per HTML route; ``?ui=`` is added for each language.
PAGES = {
    "home": "/",
    "search": "/?q=hermanamiento",
    "search-filters": "/?q=hermanamientos&country=ES&year_from=1980&year_to=2020",
    "search-suggestions": "/?q=twinning+brasil",
    "search-nothing": "/?q=zzzqqx",
    "search-refused": "/?page=0",
    "case": f"/{DOC}?hl=twinning",
    "notebook": "/notebooks/plan-estrategico-internacionalizacion",
    "webinar": "/webinars/migracao-acolhimento-cidades?hl=acolhimento",
    "cities": "/cities?filter=s%C3%A3o",
    "city-spaces-accents": "/cities/" + quote("Ciudad de México"),
    "city-accents": "/cities/" + quote("Umeå"),
    "city-apostrophe-like": "/cities/" + quote("Gdańsk"),
    "facet-list": "/facets/city?q=&filter=bo",
    "reading-list": f"/list?items={DOC},notebooks/plan-estrategico-internacionalizacion",
    "reading-lists": "/lists",
    "stored-list": "/lists/hermanamientos-taller",
    "embed": "/embed?q=hermanamiento",
    "embed-document": f"/embed/{DOC}",
    "embed-code": "/embed-code?q=hermanamiento",
    "editor": f"/editor?token={quote(TOKEN)}",
    "not-found": "/cases/nothing-here",
    "too-long": "/cities?q=" + "a" * 8050,
}
REFUSED = {"search-refused": 400, "not-found": 404, "too-long": 400}


@pytest.fixture(scope="module")
def pages(production_site: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every page of PAGES in every language, saved as files for one run of the checker."""
    folder = tmp_path_factory.mktemp("nu-pages")
    for name, path in PAGES.items():
        for lang in LANGUAGES:
            url = production_site + path + ("&" if "?" in path else "?") + f"ui={lang}"
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    status, body = response.status, response.read()
            except urllib.error.HTTPError as refused:  # the 400 and 404 pages
                status, body = refused.code, refused.read()
            assert status == REFUSED.get(name, 200), url
            (folder / f"{name}.{lang}.html").write_bytes(body)
    return folder


def test_the_pages_checked_cover_every_html_route(bundled_index):
    app = create_app({"KB_INDEX": str(bundled_index), "KB_EDITOR_TOKEN": TOKEN})
    adapter = app.url_map.bind("localhost")
    checked = {adapter.match(urlsplit(path).path)[0] for path in PAGES.values()}
    html_routes = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if not rule.rule.startswith(("/api/", "/healthz", "/static"))
        and not rule.rule.endswith((".xml", ".atom", ".json"))
        # not HTML: exports, oEmbed JSON, robots.txt, citation files (.bib, .ris, .json)
        and rule.endpoint
        not in ("trainers.export_search", "trainers.oembed", "pages.robots", "trainers.cite_file")
    }
    assert html_routes - checked == set()


def test_no_error_and_no_warning_from_the_nu_html_checker(pages: Path, production_site: str):
    files = sorted(str(p) for p in pages.glob("*.html"))
    assert len(files) == len(PAGES) * len(LANGUAGES)
    run = subprocess.run(
        [*vnu(), "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stdout)["messages"]
    problems = [
        f"{Path(urlsplit(m.get('url', '')).path).name}:{m.get('lastLine')}: "
        f"{m.get('subType', m['type'])}: {m['message']} [{m.get('extract', '').strip()}]"
        for m in messages
        if m["type"] != "info" or m.get("subType") == "warning"
    ]
    assert problems == [], "\n".join(problems)
