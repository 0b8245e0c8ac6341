"""The README's production command (``gunicorn -c gunicorn.conf.py``) on the bundled content:
the queries the README promises get through; every refusal comes in the format of its route
(an HTML page on pages, JSON on /api/) and as the OpenAPI document describes it; responses
are compressed, and static files are cached for a year under a URL that names their content."""

from __future__ import annotations

import gzip
import hashlib
import http.client
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import brotli
import jsonschema
import pytest
from bs4 import BeautifulSoup

from tests.conftest import PROJECT
from web.openapi import openapi_document

# 1,000 characters, every one two bytes in UTF-8: 6,000 bytes once percent-encoded, past
# gunicorn's default request line (4,094 bytes) that refused 700 such characters.
ACCENTED = "éèêëàâäîïñ" * 100
STATIC = PROJECT / "web" / "static"


def fetch(base: str, target: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """GET ``target`` (already percent-encoded) as it is: status, headers, raw body."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", target, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def page_error(body: bytes) -> tuple[str, str]:
    """The heading and message of an error page."""
    page = BeautifulSoup(body, "html.parser").select_one(".error-page")
    assert page is not None, body[:300]
    return page.h1.get_text(strip=True), page.p.get_text(strip=True)


def test_a_1000_character_accented_query_works_on_the_page_and_the_api(production_site):
    encoded = quote(ACCENTED)
    assert len(encoded) == 6000
    status, headers, body = fetch(production_site, f"/?q={encoded}")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    box = BeautifulSoup(body, "html.parser").select_one("input#q")
    assert box["value"] == ACCENTED  # the page answers the query that was typed
    status, headers, body = fetch(production_site, f"/api/search?q={encoded}&country=ES")
    assert status == 200 and headers["Content-Type"] == "application/json"


def test_a_query_over_1000_characters_is_refused_as_the_route_answers(production_site):
    encoded = quote(ACCENTED + "é")
    status, headers, body = fetch(production_site, f"/?q={encoded}")
    assert status == 400 and headers["Content-Type"].startswith("text/html")
    message = BeautifulSoup(body, "html.parser").select_one("p.error[role=alert]")
    assert message is not None and "longer than 1000 characters" in message.get_text()
    status, headers, body = fetch(production_site, f"/api/search?q={encoded}")
    assert status == 400 and headers["Content-Type"] == "application/json"
    assert b'"parameter":"q"' in body


@pytest.mark.parametrize("path", ["/", "/cities/Lyon", "/cases/paris-rome-jumelage"])
def test_a_query_string_over_8000_bytes_is_an_html_page_on_pages(production_site, path):
    status, headers, body = fetch(production_site, f"{path}?q={'a' * 8050}")
    assert status == 400 and headers["Content-Type"].startswith("text/html")
    heading, message = page_error(body)
    assert heading == "No se puede responder a esta solicitud"  # Spanish, the default
    assert message == "the request's query string is over 8,000 bytes"


def _documented(path: str, status: int) -> dict[str, Any]:
    document = openapi_document()
    return document["paths"][path]["get"]["responses"][str(status)]


def test_api_refusals_are_json_and_the_openapi_document_describes_them(production_site):
    document = openapi_document()
    error_schema = document["components"]["schemas"]["Error"]
    for path in ("/api/search", "/api/cities", "/api/documents/cases/paris-rome-jumelage"):
        status, headers, body = fetch(production_site, f"{path}?q={'a' * 8050}")
        assert status == 400 and headers["Content-Type"] == "application/json", path
        answer = json.loads(body)
        jsonschema.validate(answer, error_schema)
        assert answer == {
            "error": "the request's query string is over 8,000 bytes",
            "parameter": "",
        }
    for path in document["paths"]:
        assert "400" in document["paths"][path]["get"]["responses"], path
        assert "414" in document["paths"][path]["get"]["responses"], path


def test_past_the_servers_request_line_limit_gunicorn_answers_the_documented_414(
    production_site,
):
    status, headers, _body = fetch(production_site, f"/api/search?q={'a' * 8200}")
    assert status == 414
    documented = _documented("/api/search", 414)
    assert headers["Content-Type"].split(";")[0] in documented["content"]
    assert "8,190 bytes" in documented["description"]


# -- compression and caching -----------------------------------------------------------
def test_pages_and_json_come_compressed_with_brotli_or_gzip(production_site):
    target = "/cases/paris-rome-jumelage"
    _status, plain_headers, plain = fetch(production_site, target)
    assert "Content-Encoding" not in plain_headers
    _status, headers, body = fetch(production_site, target, **{"Accept-Encoding": "br"})
    assert headers["Content-Encoding"] == "br" and "Accept-Encoding" in headers["Vary"]
    assert brotli.decompress(body) == plain and len(body) < len(plain) / 3
    _status, headers, body = fetch(production_site, target, **{"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == plain
    _status, headers, body = fetch(
        production_site, "/api/search?q=hermanamiento", **{"Accept-Encoding": "gzip, br"}
    )
    assert headers["Content-Encoding"] == "br" and brotli.decompress(body).startswith(b"{")


def test_one_stylesheet_fingerprinted_cached_a_year_and_its_plain_url_still_works(
    production_site,
):
    _status, _headers, body = fetch(production_site, "/")
    links = BeautifulSoup(body, "html.parser").select('link[rel="stylesheet"]')
    assert len(links) == 1  # one stylesheet on the critical path
    href = links[0]["href"]
    content = (STATIC / "site.css").read_bytes()
    assert href == f"/static/site.css?v={hashlib.sha256(content).hexdigest()[:12]}"
    status, headers, body = fetch(production_site, href, **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert gzip.decompress(body) == content
    for stale in ("/static/site.css", "/static/site.css?v=000000000000"):
        status, headers, body = fetch(production_site, stale)
        assert status == 200 and headers["Cache-Control"] == "no-cache" and body == content
    scripts = re.findall(rb'src="(/static/[^"]+)"', fetch(production_site, "/")[2])
    assert scripts and all(b"?v=" in s for s in scripts)


def test_a_changed_file_gets_a_new_fingerprint(tmp_path: Path):
    from web.assets import fingerprint

    (tmp_path / "a.css").write_text("a { color: red }")
    first = fingerprint(str(tmp_path), "a.css")
    (tmp_path / "a.css").write_text("a { color: blue }")
    assert first and fingerprint(str(tmp_path), "a.css") not in (None, first)
    assert fingerprint(str(tmp_path), "missing.css") is None
