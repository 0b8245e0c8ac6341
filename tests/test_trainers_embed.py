"""Embeds, oEmbed, frame-ancestors per route, and section links with their citations."""

from __future__ import annotations

import html
from urllib.parse import parse_qs, urlencode, urlsplit

import bibtexparser
import pytest
from bs4 import BeautifulSoup
from flask import url_for

from indexer.live import open_service
from kb.search import SearchRequest
from tests.trainers_corpus import FORMER, build, trainer_files
from web import create_app

ROOT = "http://localhost"
EMBEDS = {"trainers.embed_search", "trainers.embed_document"}


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    base = tmp_path_factory.mktemp("trainers")
    return build(base / "content", base / "index", trainer_files())


@pytest.fixture(scope="module")
def app(index):
    return create_app({"KB_INDEX": str(index), "TESTING": True})


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def service(index):
    return open_service(index)


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def frame_ancestors(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    [directive] = [d.strip() for d in policy.split(";") if "frame-ancestors" in d]
    return directive


# -- frame-ancestors ----------------------------------------------------------------------
def sample(endpoint: str, argument: str) -> str:
    """A value of a route's path variable (a citation file has formats of its own)."""
    return "ris" if (endpoint, argument) == ("trainers.cite_file", "fmt") else SAMPLES[argument]


SAMPLES = {
    "folder": "cases",
    "slug": "montevideo-hermanamientos",
    "fmt": "csv",
    "filename": "site.css",
    "name": "city",  # a facet's list page; a city page answers 404 for it, also checked
}


def test_only_the_embed_routes_may_be_framed_by_other_sites(app, client):
    """Every route of the app, called with sample values: ``*`` on embeds, 'self' elsewhere."""
    seen = set()
    with app.test_request_context():
        urls = [
            (
                rule.endpoint,
                url_for(rule.endpoint, **{a: sample(rule.endpoint, a) for a in rule.arguments}),
            )
            for rule in app.url_map.iter_rules()
            if "GET" in rule.methods
        ]
    for endpoint, url in urls:
        with client.get(url + ("?q=agua" if "embed" in endpoint else "")) as response:
            seen.add(endpoint)
            expected = "frame-ancestors *" if endpoint in EMBEDS else "frame-ancestors 'self'"
            assert frame_ancestors(response) == expected, (url, response.status_code)
    assert EMBEDS <= seen and len(seen) > 15
    # error answers of the embeds stay framable (the course page shows the message)
    assert frame_ancestors(client.get("/embed?page=0")) == "frame-ancestors *"
    assert frame_ancestors(client.get("/embed/cases/nothing-here")) == "frame-ancestors *"


# -- the search embed ---------------------------------------------------------------------
def test_the_search_embed_lists_the_searchs_results(client, service):
    params = {"q": "agua", "country": "EC"}
    expected = service.search(SearchRequest(q="agua", filters={"country": ["EC"]})).to_dict()
    page = soup(client.get(f"/embed?{urlencode(params)}"))
    links = page.select(".embed-hits h2 a")
    assert [a.contents[0] for a in links] == [h["title"] for h in expected["hits"]]
    for link, hit in zip(links, expected["hits"], strict=True):
        assert link["target"] == "_blank" and link["rel"] == ["noopener"]
        assert link["href"].startswith(f"{ROOT}/{hit['id']}?hl=agua")
    more = page.select_one(".more a")
    assert more["href"] == f"{ROOT}/?q=agua&country=EC" and more["target"] == "_blank"
    # self-contained: its own small stylesheet, no site header, no script
    sheets = [s["href"].split("?v=")[0] for s in page.select("link[rel=stylesheet]")]
    assert sheets == ["/static/embed.css"]  # its own only (?v=: the file's fingerprint)
    assert page.select("header.site") == [] and page.select("script") == []


def test_the_search_embed_takes_page_size_and_language(client):
    page = soup(client.get("/embed?q=&per_page=3&ui=en"))
    assert len(page.select(".embed-hits li")) == 3
    assert page.html["lang"] == "en" and "See all 10 results on kb" in page.get_text()


def test_a_bad_embed_parameter_is_a_400_naming_it(client):
    response = client.get("/embed?per_page=500")
    assert response.status_code == 400
    assert "per_page" in soup(response).select_one("[role=alert]").get_text()


# -- the document embed and oEmbed --------------------------------------------------------
def test_the_document_embed_shows_title_summary_metadata_and_link(client, service):
    doc = service.stored_document("cases/montevideo-hermanamientos")
    page = soup(client.get("/embed/cases/montevideo-hermanamientos?ui=en"))
    title = page.select_one("h1 a")
    assert title.contents[0] == doc["title"]
    assert title["href"] == f"{ROOT}/cases/montevideo-hermanamientos"
    assert title["target"] == "_blank" and title["rel"] == ["noopener"]
    assert page.select_one(".summary").get_text() == doc["summary"]
    meta = page.select_one(".meta").get_text(" ", strip=True)
    assert "Case study" in meta and "Uruguay" in meta and "2014-05" in meta
    assert "Twinning" in page.select_one(".tags").get_text()


def test_the_document_embed_of_a_section(client):
    page = soup(client.get("/embed/cases/montevideo-hermanamientos?section=resultados"))
    title = page.select_one("h1 a")
    assert title.contents[0] == "Montevideo y sus hermanamientos — Resultados"
    assert title["href"] == f"{ROOT}/cases/montevideo-hermanamientos#resultados"
    assert "hermanamientos renovados" in page.select_one(".summary").get_text()


def test_the_document_embed_follows_a_renamed_slug_and_404s_the_unknown(client):
    moved = client.get(f"/embed/cases/{FORMER}?section=resultados")
    assert moved.status_code == 301
    assert moved.headers["Location"].endswith(
        "/embed/cases/montevideo-hermanamientos?section=resultados"
    )
    assert client.get("/embed/cases/nothing-here").status_code == 404


def oembed(client, **params):
    return client.get("/oembed?" + urlencode(params))


def iframe_of(answer: dict) -> dict:
    return BeautifulSoup(answer["html"], "html.parser").iframe.attrs


def test_oembed_answers_a_rich_iframe_of_the_document_embed(client, service):
    response = oembed(client, url=f"{ROOT}/cases/montevideo-hermanamientos", format="json")
    assert response.status_code == 200 and response.content_type == "application/json"
    answer = response.get_json()
    doc = service.stored_document("cases/montevideo-hermanamientos")
    assert answer["version"] == "1.0" and answer["type"] == "rich"
    assert answer["title"] == doc["title"] and answer["provider_name"] == "kb"
    frame = iframe_of(answer)
    assert frame["src"] == f"{ROOT}/embed/cases/montevideo-hermanamientos"
    assert (int(frame["width"]), int(frame["height"])) == (answer["width"], answer["height"])
    assert client.get(urlsplit(frame["src"]).path).status_code == 200


def test_oembed_honours_maxwidth_and_maxheight(client):
    url = f"{ROOT}/cases/quito-agua"
    default = oembed(client, url=url).get_json()
    small = oembed(client, url=url, maxwidth=200, maxheight=120).get_json()
    assert (small["width"], small["height"]) == (200, 120)
    assert iframe_of(small)["width"] == "200" and iframe_of(small)["height"] == "120"
    large = oembed(client, url=url, maxwidth=5000, maxheight=5000).get_json()
    assert (large["width"], large["height"]) == (default["width"], default["height"])


def test_oembed_of_a_section_and_of_a_former_slug(client):
    answer = oembed(client, url=f"{ROOT}/cases/{FORMER}#resultados").get_json()
    src = urlsplit(iframe_of(answer)["src"])
    assert src.path == "/embed/cases/montevideo-hermanamientos"
    assert parse_qs(src.query) == {"section": ["resultados"]}
    assert answer["title"] == "Montevideo y sus hermanamientos"


@pytest.mark.parametrize(
    "url",
    [
        "https://elsewhere.example/cases/montevideo-hermanamientos",
        f"{ROOT}/cases/no-such-case",
        f"{ROOT}/?q=agua",
        f"{ROOT}/lists/taller-agua",
        f"{ROOT}/cases/../api/search",
        "javascript:alert(1)",
        "/cases/montevideo-hermanamientos",
    ],
)
def test_oembed_answers_404_for_anything_but_this_sites_documents(client, url):
    response = oembed(client, url=url)
    assert response.status_code == 404 and response.get_json()["error"].startswith("url")


def test_oembed_format_and_parameter_errors(client):
    url = f"{ROOT}/cases/quito-agua"
    assert oembed(client, url=url, format="xml").status_code == 501
    missing = oembed(client)
    assert missing.status_code == 400 and missing.get_json()["parameter"] == "url"
    for bad in ("abc", "0", "-5"):
        response = oembed(client, url=url, maxwidth=bad)
        assert response.status_code == 400 and response.get_json()["parameter"] == "maxwidth"


def test_document_pages_announce_their_oembed(client):
    page = soup(client.get("/webinars/agua-ciudades"))
    link = page.select_one('link[rel=alternate][type="application/json+oembed"]')
    answer = client.get(urlsplit(link["href"]).path + "?" + urlsplit(link["href"]).query)
    assert answer.get_json()["title"] == "Ciudades y agua: un diálogo"


def test_the_embed_code_page_gives_the_snippet_of_the_search(client):
    page = soup(client.get("/embed-code?q=agua&country=EC&page=2"))
    snippet = BeautifulSoup(page.select_one("#embed-snippet").get_text(), "html.parser").iframe
    assert snippet["src"] == f"{ROOT}/embed?q=agua&country=EC"
    assert snippet["title"] == "kb: agua"
    assert page.select_one("iframe.embed-preview")["src"] == snippet["src"]
    search = soup(client.get("/?q=agua&country=EC"))
    assert search.find("a", string="Insertar en un curso")["href"] == (
        "/embed-code?q=agua&country=EC"
    )


# -- section links and citations ------------------------------------------------------------
def test_every_heading_and_moment_has_its_link_cite_and_list_item(client, service):
    doc = service.stored_document("cases/montevideo-hermanamientos")
    page = soup(client.get("/cases/montevideo-hermanamientos"))
    anchors = [s["anchor"] for s in doc["sections"] if s["anchor"]]
    for anchor in anchors:
        tools = page.find(id=anchor).find_next_sibling()
        assert "section-tools" in tools["class"]
        assert tools.select_one("a.permalink")["href"] == (
            f"{ROOT}/cases/montevideo-hermanamientos#{anchor}"
        )
        assert tools.select_one("a.cite-link")["href"] == (
            f"/cases/montevideo-hermanamientos?section={anchor}#cite-title"
        )
        button = tools.select_one("button.add-to-list")
        assert button["data-item"] == f"cases/montevideo-hermanamientos#{anchor}"
        assert button.has_attr("hidden")  # shown by the script only
    webinar = service.stored_document("webinars/migrar-juntos")
    moments = [s["t"] for s in webinar["sections"] if s["t"] is not None]
    page = soup(client.get("/webinars/migrar-juntos"))
    links = [a["href"] for a in page.select(".transcript a.permalink")]
    assert links == [f"{ROOT}/webinars/migrar-juntos#t={t}" for t in moments]


def cite_block(page: BeautifulSoup) -> dict:
    return {
        "heading": page.select_one(".cite-section h3").get_text(),
        "link": page.select_one("#section-permalink")["value"],
        "apa": page.select_one("#section-apa").get_text(),
        "bibtex": bibtexparser.parse_string(
            html.unescape(str(page.select_one("#section-bibtex").string))
        ),
    }


def test_a_page_opened_at_a_section_cites_that_section(client):
    page = soup(client.get("/cases/montevideo-hermanamientos?section=resultados"))
    block = cite_block(page)
    url = f"{ROOT}/cases/montevideo-hermanamientos#resultados"
    assert block["heading"] == "Esta sección: Resultados"
    assert block["link"] == url
    assert "Montevideo y sus hermanamientos — Resultados [Caso]." in block["apa"]
    assert block["apa"].endswith(url)
    [entry] = block["bibtex"].entries
    assert entry["title"].strip("{}") == "Montevideo y sus hermanamientos — Resultados"
    published = client.get("/api/documents/cases/montevideo-hermanamientos").get_json()
    assert entry["url"] == url and entry["year"] == published["published"][:4]
    # the whole document's citation stays beside it
    [whole] = bibtexparser.parse_string(page.select_one("#bibtex").string).entries
    assert whole["url"] == f"{ROOT}/cases/montevideo-hermanamientos" and whole.key != entry.key


@pytest.mark.parametrize("query", ["t=754", "section=t%3D754"])
def test_a_page_opened_at_a_moment_cites_that_moment(client, query):
    block = cite_block(soup(client.get(f"/webinars/migrar-juntos?{query}")))
    assert block["heading"] == "Esta sección: 12:34 (Juan Gil)"
    assert block["link"] == f"{ROOT}/webinars/migrar-juntos#t=754"
    [entry] = block["bibtex"].entries
    assert entry["title"].strip("{}") == "Migrar juntos: ciudades de acogida — 12:34 (Juan Gil)"


def test_an_unknown_section_cites_the_document_only(client):
    for query in ("section=nope", "t=abc", "section=%3Cscript%3E"):
        response = client.get(f"/cases/montevideo-hermanamientos?{query}")
        page = soup(response)
        assert response.status_code == 200 and page.select(".cite-section") == []
        assert page.select_one("#bibtex") is not None
