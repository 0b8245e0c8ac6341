"""The HTML site through the Flask test client: safety, languages, feeds, citations."""

from __future__ import annotations

import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import bibtexparser
import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from indexer.build import build_index
from tests.conftest import TODAY
from tests.corpus import FILES
from web import create_app

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def client(built_index):
    return create_app({"KB_INDEX": str(built_index), "TESTING": True}).test_client()


EVIL = FILES["cases/quito-agua.md"].replace(
    "## Contexto",
    """## Contexto

<script>alert('x')</script>
<img src="x" onerror="alert('y')">
[enlace](javascript:alert('z')) y <a href="javascript:alert(1)" onclick="alert(2)">otro</a>
<iframe src="https://example.org"></iframe>
""",
)


@pytest.fixture(scope="module")
def evil_client(tmp_path_factory):
    from tests.corpus import write_tree

    root = write_tree(tmp_path_factory.mktemp("evil"), {**FILES, "cases/quito-agua.md": EVIL})
    index = tmp_path_factory.mktemp("evil-index")
    build_index(root, index, today=TODAY)
    return create_app({"KB_INDEX": str(index), "TESTING": True}).test_client()


def test_content_html_renders_inert(evil_client):
    page = evil_client.get("/cases/quito-agua").get_data(as_text=True)
    body = page.split('<div class="body">')[1].split("</div>")[0]
    assert "<script" not in body and "onerror" not in body and "onclick" not in body
    assert "javascript:" not in body and "<iframe" not in body
    assert "Contexto" in body


def test_a_query_with_html_is_escaped_everywhere(client):
    evil = '<img src=x onerror=alert(1)>"agua'
    page = client.get("/", query_string={"q": evil}).get_data(as_text=True)
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    feed = client.get("/feed.atom", query_string={"q": evil}).get_data(as_text=True)
    root = ET.fromstring(feed)  # well-formed XML
    assert root.find(f"{ATOM}title").text == 'kb: <img src=x onerror=alert(1)>"agua'
    api = client.get("/api/search", query_string={"q": evil}).get_json()
    for hit in api["hits"]:
        assert "<img" not in hit["snippet"]


def test_security_headers(client):
    """The search page's; every route's are in tests/test_routes.py."""
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp
    assert "script-src 'self';" in csp and "style-src 'self';" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_the_search_page_in_three_languages(client):
    es = client.get("/?q=agua").get_data(as_text=True)
    assert "Filtros" in es and "Tema" in es and "Ecuador" in es
    pt = client.get("/?q=agua&ui=pt").get_data(as_text=True)
    assert "Filtros" in pt and "Cidade" in pt and 'lang="pt"' in pt
    en = client.get("/?q=agua", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Filters" in en and "City network" in en and "Water and sanitation" in en
    assert "Agua y saneamiento" in client.get("/?q=agua&ui=es").get_data(as_text=True)


def test_facet_links_keep_the_state_in_the_url(client):
    page = client.get("/?q=agua&country=EC&ui=en").get_data(as_text=True)
    assert 'name="country" value="EC" checked' in page
    assert 'href="/?q=agua&amp;ui=en"' in page  # the chip removes Ecuador, keeps the rest


def test_empty_state_offers_ways_out(client):
    page = client.get("/?q=zzzqqqxx&country=EC").get_data(as_text=True)
    assert "No encontramos nada para «zzzqqqxx»" in page
    assert "Quitar el filtro Ecuador" in page and "Ver todos los documentos" in page


def test_did_you_mean_and_corrected(client):
    page = client.get("/?q=migarcion").get_data(as_text=True)
    assert "Mostrando resultados para" in page and "migración" in page


def test_document_page_toc_highlight_and_transcript(client):
    page = client.get("/cases/montevideo-hermanamientos?hl=hermanamientos").get_data(as_text=True)
    assert 'href="#resultados"' in page and '<h2 id="resultados">' in page
    assert "<mark>hermanamientos</mark>" in page
    page = client.get("/webinars/migrar-juntos").get_data(as_text=True)
    assert 'id="t=754"' in page and 'href="#t=754"' in page and "12:34" in page


def test_result_links_carry_the_highlight(client):
    page = client.get("/?q=hermanamientos renovados").get_data(as_text=True)
    assert 'href="/cases/montevideo-hermanamientos?hl=hermanamientos+renovados#resultados"' in page


def test_cite_this_gives_apa_and_valid_bibtex(client):
    """The citation's date is the publication in kb (the day it was first indexed), in
    the interface's language; 2014 is when the practice happened."""
    published = client.get("/api/documents/cases/montevideo-hermanamientos").get_json()["published"]
    year, month, day = (int(p) for p in published.split("-"))
    assert year >= 2026
    months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto"]
    months += ["septiembre", "octubre", "noviembre", "diciembre"]
    page = client.get("/cases/montevideo-hermanamientos").get_data(as_text=True)
    apa = BeautifulSoup(page, "html.parser").select_one("#apa").get_text()
    assert apa.startswith(f"kb. ({year}, {months[month - 1]} {day}). Montevideo y sus")
    assert "2014" not in apa
    bib = page.split('<pre id="bibtex">')[1].split("</pre>")[0]
    import html

    library = bibtexparser.parse_string(html.unescape(bib))
    [entry] = library.entries
    assert entry["year"] == str(year) and "montevideo-hermanamientos" in entry["url"]


def test_redirect_from_answers_301(tmp_path, tree):
    root = tree(
        {
            "cases/montevideo-hermanamientos.md": FILES[
                "cases/montevideo-hermanamientos.md"
            ].replace("summary:", "redirect_from: [montevideo-antiguo]\nsummary:")
        }
    )
    build_index(root, tmp_path / "ix", today=TODAY)
    client = create_app({"KB_INDEX": str(tmp_path / "ix"), "TESTING": True}).test_client()
    response = client.get("/cases/montevideo-antiguo")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/cases/montevideo-hermanamientos")
    api = client.get("/api/documents/cases/montevideo-antiguo")
    assert api.status_code == 301


def test_feed_opensearch_sitemap_are_well_formed(client):
    feed = ET.fromstring(client.get("/feed.atom?q=agua").get_data())
    entries = feed.findall(f"{ATOM}entry")
    assert entries and all(e.find(f"{ATOM}link").get("href").startswith("http") for e in entries)
    dates = [e.find(f"{ATOM}updated").text for e in entries]
    assert dates == sorted(dates, reverse=True)
    ET.fromstring(client.get("/opensearch.xml").get_data())
    sitemap = ET.fromstring(client.get("/sitemap.xml").get_data())
    cities = set(re.findall(r"^city: (.+)$", "\n".join(FILES.values()), flags=re.M))
    # the home page, ten documents, the list of cities and a page per city
    assert len(sitemap) == 1 + 10 + 1 + len(cities)
    locations = [u.find(f"{SITEMAP}loc").text for u in sitemap]
    for city in cities:
        path = "/cities/" + urllib.parse.quote(city)
        assert any(loc.endswith(path) for loc in locations), city
        assert client.get(path).status_code == 200


def test_error_pages_in_the_site_style(client):
    response = client.get("/cases/does-not-exist")
    assert response.status_code == 404 and "Esta página no existe" in response.get_data(
        as_text=True
    )
    assert client.get("/api/nothing").get_json() == {"error": "not found"}


# -- translations (README, "Translating") -------------------------------------------------
PROJECT = Path(__file__).resolve().parents[1]
TRANSLATIONS = PROJECT / "web" / "translations"
CATALOGUES = ("es", "pt", "fr")  # English is the source language: the msgids themselves


@pytest.fixture(scope="module")
def marked_messages() -> Catalog:
    """The messages marked in web/ now, extracted with babel.cfg as `make messages` does."""
    with open(PROJECT / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, "babel.cfg")
    found = Catalog()
    for filename, lineno, message, _comments, context in extract_from_dir(
        PROJECT / "web", method_map, options_map
    ):
        found.add(message, locations=[(f"web/{filename}", lineno)], context=context)
    return found


def _po(lang: str) -> Catalog:
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


def _key(message: Message) -> tuple[str | None, str | tuple[str, ...]]:
    return message.context, message.id if isinstance(message.id, str) else tuple(message.id)


def _strings(message: Message) -> tuple[str, ...]:
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


def _keys(catalog: Catalog) -> set[tuple[str | None, str | tuple[str, ...]]]:
    return {_key(m) for m in catalog if m.id}


def _listed(keys: set[tuple[str | None, str | tuple[str, ...]]]) -> str:
    return "; ".join(sorted(repr(msgid) + (f" (context {c!r})" if c else "") for c, msgid in keys))


@pytest.mark.parametrize("lang", CATALOGUES)
def test_every_marked_message_is_translated(lang, marked_messages):
    catalog = _po(lang)
    header = (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert str(catalog.locale) == lang and f'"Language: {lang}\\n"' in header
    assert '"Plural-Forms: nplurals=' in header and not catalog.fuzzy
    problems = []
    for message in marked_messages:
        if not message.id:
            continue
        where = " ".join(f"{path}:{line}" for path, line in message.locations)
        translated = catalog.get(message.id, message.context)
        if translated is None or not all(_strings(translated)):
            problems.append(f"{where}: no translation of {message.id!r}")
        elif translated.fuzzy:
            problems.append(f"{where}: fuzzy (check it, then drop the flag): {message.id!r}")
        else:
            problems += [f"{where}: {message.id!r}: {e}" for e in translated.check(catalog)]
    assert not problems, f"web/translations/{lang}/LC_MESSAGES/messages.po:\n" + "\n".join(problems)


def test_the_pot_and_the_po_files_hold_exactly_the_marked_messages(marked_messages):
    marked = _keys(marked_messages)
    with open(TRANSLATIONS / "messages.pot", "rb") as handle:
        template = _keys(read_po(handle))
    assert template == marked, (
        "web/translations/messages.pot is not the messages marked in web/: run make messages. "
        f"New: {_listed(marked - template)}. Gone: {_listed(template - marked)}."
    )
    for lang in CATALOGUES:
        assert _keys(_po(lang)) == template, f"{lang}: run make messages (pybabel update)"


@pytest.mark.parametrize("lang", CATALOGUES)
def test_the_compiled_catalogues_match_the_po_files(lang):
    compiled = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo"
    assert compiled.is_file(), f"{compiled} is missing: run make translations (make test does)"
    with open(compiled, "rb") as handle:
        built = read_mo(handle)
    source = _po(lang)

    def table(catalog: Catalog) -> dict:
        return {_key(m): _strings(m) for m in catalog if m.id and all(_strings(m)) and not m.fuzzy}

    assert built.plural_forms == source.plural_forms
    assert table(built) == table(source), f"{compiled} is out of date: run make translations"


def test_plural_forms_follow_each_language(client):
    # French counts zero as singular; Spanish, Portuguese and English as plural.
    shown = {
        ui: client.get(f"/?q=zzzqqqxx&ui={ui}").get_data(as_text=True)
        for ui in ("es", "pt", "en", "fr")
    }
    assert "0 resultados" in shown["es"] and "0 resultados" in shown["pt"]
    assert "0 results" in shown["en"] and re.search(r"\b0 résultat\b", shown["fr"])
    page = client.get("/?q=agua&ui=fr").get_data(as_text=True)
    assert "Filtres" in page and "Réseau de villes" in page and " résultats" in page


# -- OpenAPI ------------------------------------------------------------------------------
def _validator(spec: dict, name: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    )


def test_openapi_document_is_valid_and_matches_real_responses(client):
    spec = client.get("/api/openapi.json").get_json()
    validate(spec)
    search = _validator(spec, "Search")
    for query in (
        "q=agua",
        "q=",
        "q=migarcion",
        "q=agua&country=EC&country=FR&type=webinar",
        "q=diplomacia del agua",
        "q=x&page=9",
        "q=&sort=date&per_page=3&ui=en",
    ):
        body = client.get(f"/api/search?{query}").get_json()
        errors = list(search.iter_errors(body))
        assert errors == [], (query, errors[:1])
    document = _validator(spec, "Document")
    for doc_id in (
        "webinars/agua-ciudades",
        "cases/montevideo-hermanamientos",
        "webinars/migrar-juntos",
        "notebooks/guia-oficina",
    ):
        assert list(document.iter_errors(client.get(f"/api/documents/{doc_id}").get_json())) == []
    error = _validator(spec, "Error")
    assert list(error.iter_errors(client.get("/api/search?page=0").get_json())) == []
    documented = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert documented == {
        "q",
        "theme",
        "country",
        "network",
        "city",
        "type",
        "language",
        "year",
        "year_from",
        "year_to",
        "page",
        "per_page",
        "sort",
        "ui",
    }
    json.dumps(spec)


QUERY_WORDS = ("diplomacia", "agua", "Quito", "Lyon")


def _marked(text: str) -> str:
    """``text`` with the query's words marked, as the files write them."""
    pattern = r"\b(" + "|".join(QUERY_WORDS) + r")\b"
    return re.sub(pattern, r"<mark>\1</mark>", text, flags=re.I)


def _other_places_with_the_words() -> list[tuple[str, str]]:
    """The webinar's headed sections whose text holds a query word, as (anchor, heading),
    read from its Markdown; its transcript says them only in the cue the hit points at."""
    page = FILES["webinars/agua-ciudades.md"].split("---", 2)[2]
    cues = FILES["webinars/agua-ciudades.vtt"]
    assert [line for line in cues.splitlines() if _marked(line) != line] == [
        "<v Pablo Ruiz>La diplomacia del agua une a Quito y Lyon desde hace una década."
    ]
    found = []
    for heading, text in re.findall(r"^## (.+)\n\n(.+)$", page, flags=re.M):
        if _marked(text) != text:
            found.append((heading.lower().replace(" ", "-"), heading))
    return found


def test_api_hits_match_independently_computed_expectations(client):
    """Every field of the first hit, each against what the test corpus's files say."""
    body = client.get("/api/search?q=" + "+".join(QUERY_WORDS)).get_json()
    hit = body["hits"][0]
    said = "La diplomacia del agua une a Quito y Lyon desde hace una década."
    assert said in FILES["webinars/agua-ciudades.vtt"]  # the cue at 00:01:10
    assert {k: v for k, v in hit.items() if k not in ("snippet", "score", "matches")} == {
        "id": "webinars/agua-ciudades",
        "type": "webinar",
        "title": "Ciudades y agua: un diálogo",
        "url": "/webinars/agua-ciudades#t=70",
        "section": None,
        "t": 70,
        "date": "2021-11-05",
        "language": "es",
        "countries": ["EC", "FR"],
        "cities": [],
        "themes": ["agua"],
        "networks": [],
        "video_url": "https://example.org/recording#t=70",
        # every word found as typed (accents and case aside): no synonym, no stem
        "matched": [
            {
                "query": w,
                "found": w.lower(),
                "via": "typed",
                "theme": None,
                "network": None,
                "lang": None,
            }
            for w in QUERY_WORDS
        ],
        "missing": [],  # it holds every word of the query
    }
    # The snippet is the cue at the link's moment, the four words marked and nothing else.
    assert hit["snippet"].startswith(_marked(said))
    assert re.findall(r"<mark>(.*?)</mark>", hit["snippet"]) == list(QUERY_WORDS)
    # The other places are the sections that say one of the words, each with it marked.
    places = [(m["section"], m["heading"]) for m in hit["matches"]]
    assert places == _other_places_with_the_words() == [("sobre-el-webinar", "Sobre el webinar")]
    for place in hit["matches"]:
        assert place["url"] == f"/webinars/agua-ciudades#{place['section']}"
        assert place["t"] is None and "<mark>agua</mark>" in place["snippet"]
    # Best first: the case that names Quito and water, then Lyon's, which names only Lyon.
    assert [h["id"] for h in body["hits"]] == [
        "webinars/agua-ciudades",
        "cases/quito-agua",
        "cases/lyon-jumelages",
    ]
    scores = [h["score"] for h in body["hits"]]
    assert all(isinstance(s, float) for s in scores) and scores == sorted(scores, reverse=True)
    assert scores[0] > scores[1] > scores[2] > 0
