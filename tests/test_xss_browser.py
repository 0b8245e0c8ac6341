"""OWASP filter-evasion payloads in content and in the parameters of every route never run
in a real browser, and come back inert from the routes that are not HTML.

The server is ``kb serve --watch`` on a hostile content tree (tests/hostile_corpus.py),
with the editors' dashboard on; the routes and where their payloads go are the cases of
tests/routes.py (checked against the app by tests/test_routes.py). Pages are opened with
the Content-Security-Policy bypassed, so that escaping alone is what keeps them safe (the
CSP is asserted on its own in tests/test_routes.py), and a payload that did reach the DOM
is found even where it would not fire: event handlers, ``javascript:`` addresses, scripts,
frames and foreign elements the site never writes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import bibtexparser
import pytest
import rispy
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, BrowserContext

from tests.conftest import running_server
from tests.hostile_corpus import (
    BROKEN_THEME,
    FORMULA_TITLE,
    HOSTILE_CITY,
    LATEX_TITLE,
    PATH_PROBE,
    PAYLOADS,
    PROBE,
    TOKEN,
    build_hostile,
)
from tests.routes import CASES, CONTENT_TYPES, Case, fill

FIND_INJECTED = """() => {
  const found = [];
  const urls = ['href', 'src', 'action', 'data', 'background', 'formaction', 'poster',
                'xlink:href', 'srcdoc', 'lowsrc', 'dynsrc', 'codebase'];
  const own = new RegExp('^' + location.origin +
    '/static/(site|trainers|watch)\\\\.js(\\\\?v=[0-9a-f]{12})?$');  // ?v=: its fingerprint
  const never = ['object', 'embed', 'applet', 'base', 'frame', 'frameset', 'style', 'math',
                 'video', 'audio', 'source', 'marquee', 'meta[http-equiv]', 'input[src]',
                 'input[type=image i]', 'isindex', 'xss'];
  for (const el of document.querySelectorAll('*')) {
    const name = el.tagName.toLowerCase();
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push(name + ' ' + attr.name);
      if (urls.includes(attr.name.toLowerCase())
          && /^[\\s\\x00-\\x1f]*(javascript|data|vbscript):/i.test(attr.value))
        found.push(name + ' ' + attr.name + '=' + attr.value);
    }
    // The page's schema.org description: a data block the browser never runs, in the
    // head, JSON with no '<' (web/metadata.py escapes it), or it is reported too.
    const data = name === 'script' && el.type === 'application/ld+json'
      && el.parentElement === document.head && !el.src && !/[<>&]/.test(el.textContent)
      && (() => { try { JSON.parse(el.textContent); return true; } catch { return false; } })();
    if (name === 'script' && !data && (!own.test(el.src) || el.textContent.trim()))
      found.push('script ' + el.src + el.textContent.slice(0, 40));
    if (name === 'iframe'
        && !(el.matches('iframe.embed-preview') && el.src.startsWith(location.origin + '/embed')))
      found.push('iframe ' + el.src);
    if (name === 'svg' && !el.matches('figure.yearchart > svg')) found.push('svg');
    if (name === 'link' && /stylesheet|import|preload|prefetch/i.test(el.rel)
        && !el.href.startsWith(location.origin + '/static/'))
      found.push('link ' + el.href);
    if (el instanceof HTMLUnknownElement) found.push('unknown element ' + name);
  }
  for (const selector of never) {
    if (document.querySelector(selector)) found.push(selector);
  }
  // The embed code a trainer pastes into a course page: one iframe of this site, no more.
  const snippet = document.getElementById('embed-snippet');
  if (snippet) {
    const pasted = new DOMParser().parseFromString(snippet.value, 'text/html').body;
    const frame = pasted.firstElementChild;
    const allowed = ['src', 'title', 'width', 'height', 'loading', 'style'];
    if (pasted.children.length !== 1 || frame.tagName !== 'IFRAME'
        || frame.textContent !== '' || ![...frame.attributes].every(a => allowed.includes(a.name))
        || !frame.getAttribute('src').startsWith(location.origin + '/embed'))
      found.push('embed snippet ' + snippet.value);
  }
  return found;
}"""
TOUCH_EVERYTHING = """() => {  // onmouseover / onfocus / ontoggle payloads would fire here
  for (const el of document.querySelectorAll('body *')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'click', 'toggle']) {
      if (type === 'click' && el.closest('a[href]')) continue;
      el.dispatchEvent(new Event(type, {bubbles: true}));
    }
  }
}"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory):
    """``kb serve --watch`` on the hostile tree (``cases/roto.md`` broken since it was
    indexed), the dashboard behind ``TOKEN``, and hostile searches in the search log."""
    base = tmp_path_factory.mktemp("hostile")
    content, index = build_hostile(base)
    command = [sys.executable, "-m", "cli", "serve", "--port", "{port}"]
    command += ["--content", str(content), "--watch"]
    with running_server(index, base / "serve.log", command, env={"KB_EDITOR_TOKEN": TOKEN}) as (
        _process,
        url,
    ):
        for query in (PROBE, "hostil " + PAYLOADS[0], "zzz " + PAYLOADS[5]):
            for path in ("/", "/api/search"):
                fetch(f"{url}{path}?{urllib.parse.urlencode({'q': query})}")
        yield url


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of a GET, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def bypassing(browser: Browser):
    """A browser context that ignores the pages' Content-Security-Policy."""
    context = browser.new_context(bypass_csp=True)
    yield context
    context.close()


def _visit(context: BrowserContext, url: str) -> tuple[int, str, list[str], list[str]]:
    """Open ``url`` in a new page and touch every element: its status and content type,
    the dialogs that opened, and what the payloads left in the DOM or threw."""
    page = context.new_page()
    try:
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(f"error: {error}"))
        page.on(
            "console",
            lambda message: (
                problems.append(f"console: {message.text}")
                if "alert" in message.text or "XSS" in message.text
                else None
            ),
        )
        response = page.goto(url)
        assert response is not None
        page.evaluate(TOUCH_EVERYTHING)
        page.wait_for_timeout(100)
        for frame in page.frames:  # an XML document is shown by chromium's own viewer
            if frame.evaluate("document.contentType") == "text/html":
                problems += frame.evaluate(FIND_INJECTED)
        return response.status, response.headers.get("content-type", ""), dialogs, problems
    finally:
        page.close()


def case_url(server: str, case: Case) -> str:
    path = fill(case.url, x=PROBE, p=PATH_PROBE, city=HOSTILE_CITY, token=TOKEN, root=server)
    return server + path


# -- content payloads, query payloads on the search page ---------------------------------
def test_payloads_in_content_never_run(bypassing: BrowserContext, hostile_server: str):
    for path in (
        "/cases/hostil",
        "/webinars/hostil",
        "/?q=hostil",
        "/?q=p%C3%A1rrafo",
        "/?q=&city=" + urllib.parse.quote(HOSTILE_CITY),
    ):
        status, _type, dialogs, injected = _visit(bypassing, hostile_server + path)
        assert (status, dialogs, injected) == (200, [], []), path


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_queries_never_run(
    bypassing: BrowserContext, hostile_server: str, payload: str
):
    query = urllib.parse.urlencode({"q": payload})
    _status, _type, dialogs, injected = _visit(bypassing, f"{hostile_server}/?{query}")
    assert dialogs == [] and injected == []


def test_payload_in_the_document_title_is_text(browser: Browser, hostile_server: str):
    context = browser.new_context()
    page = context.new_page()
    page.goto(hostile_server + "/cases/hostil")
    assert "<script>alert(1)</script>" in page.title()  # shown, as text
    assert "<img src=x onerror=alert(2)>" in page.locator("h1").inner_text()
    context.close()


def test_the_transcript_keeps_payloads_as_text(hostile_server: str):
    page = fetch(hostile_server + "/webinars/hostil")[2].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<svg" not in page.split('id="transcript"')[1]


def test_a_broken_files_problems_are_shown_as_text(browser: Browser, hostile_server: str):
    """Watch mode quotes the bad values of a broken file on its page: as text."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(hostile_server + "/cases/roto")
    assert BROKEN_THEME in page.locator(".watch-banner").inner_text()
    context.close()


# -- every route, in chromium -----------------------------------------------------------------
RENDERED = [c for c in CASES if c.kind in ("html", "atom", "xml")]  # opensearch: a download


@pytest.mark.parametrize("case", RENDERED, ids=[c.id for c in RENDERED])
def test_no_payload_runs_on_any_route(bypassing: BrowserContext, hostile_server: str, case: Case):
    status, content_type, dialogs, injected = _visit(bypassing, case_url(hostile_server, case))
    assert (status, content_type) == (case.status, CONTENT_TYPES[case.kind])
    assert dialogs == [] and injected == []


# -- every route that is not HTML: the right type, payloads inert -----------------------------
NOT_HTML = [c for c in CASES if c.kind != "html"]
NAMESPACES = {
    "atom": {"http://www.w3.org/2005/Atom"},
    "xml": {"http://www.sitemaps.org/schemas/sitemap/0.9"},
    "opensearch": {"http://a9.com/-/spec/opensearch/1.1/"},
}
LATEX_COMMAND = re.compile(r"\\([A-Za-z]+)")
LATEX_ESCAPES = {
    "textbackslash",
    "textbraceleft",
    "textbraceright",
    "textasciitilde",
    "textasciicircum",
}


@pytest.mark.parametrize("case", NOT_HTML, ids=[c.id for c in NOT_HTML])
def test_answers_that_are_not_html_keep_payloads_inert(hostile_server: str, case: Case):
    status, headers, body = fetch(case_url(hostile_server, case))
    assert (status, headers["Content-Type"]) == (case.status, CONTENT_TYPES[case.kind])
    assert headers["X-Content-Type-Options"] == "nosniff"  # never sniffed as HTML
    text = body.decode("utf-8")
    if case.kind == "json":
        check_json(case, json.loads(text), hostile_server)
    elif case.kind == "csv":
        check_csv(case, text)
    elif case.kind == "bib":
        check_bibtex(case, text)
    elif case.kind == "ris":  # a reference manager reads every record; payloads are text
        assert all(entry["title"] for entry in rispy.loads(text))
    elif case.kind == "csljson":
        assert all(isinstance(item["title"], str) for item in json.loads(text))
    elif case.kind == "text":
        assert text.startswith("User-agent: *\n") and "<" not in text
    else:  # XML: well formed, only its own elements, payloads as escaped text
        root = ET.fromstring(body)
        assert {el.tag.split("}")[0][1:] for el in root.iter()} == NAMESPACES[case.kind]
        assert "<script" not in text.lower() and "<svg" not in text.lower()


def check_json(case: Case, body: object, server: str) -> None:
    assert isinstance(body, dict)
    if case.id == "trainers.oembed:content":  # the snippet a course page pastes as HTML
        snippet = BeautifulSoup(body["html"], "html.parser")
        [iframe] = snippet.find_all(True)
        assert iframe.name == "iframe" and iframe["title"] == body["title"]
        assert "<script>alert(1)</script>" in body["title"]
        assert set(iframe.attrs) == {"src", "title", "width", "height", "loading", "style"}
        assert iframe["src"] == f"{server}/embed/cases/hostil?section=titulo"
    if case.id == "watch.state:problems":
        assert any(BROKEN_THEME in line for line in body["problems"])


def check_csv(case: Case, text: str) -> None:
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    cells = [cell for row in rows for cell in row]
    assert [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")] == []
    if case.name.startswith("content"):
        assert "'" + FORMULA_TITLE in cells  # kept, as text


def check_bibtex(case: Case, text: str) -> None:
    entries = bibtexparser.parse_string(text).entries
    for entry in entries:
        for name in ("title", "author"):
            commands = set(LATEX_COMMAND.findall(entry.fields_dict[name].value))
            assert commands <= LATEX_ESCAPES, (entry.key, name, commands)
    if case.name.startswith("content"):
        assert any("input" in e.fields_dict["title"].value for e in entries), LATEX_TITLE
