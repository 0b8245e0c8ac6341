"""City pages and their JSON: every practice naming a city, the cities named with it,
any spelling of its name, against the corpus files read on their own."""

from __future__ import annotations

from collections import Counter
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator

from tests.facets_corpus import Built, Doc, built, city_counts, fold, ranked, read_docs
from web import create_app
from web.openapi import openapi_document

SPEC = openapi_document()


def schema(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": f"#/components/schemas/{name}", "components": SPEC["components"]}
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Built:
    return built(tmp_path_factory)


@pytest.fixture(scope="module")
def client(tree):
    return create_app({"KB_INDEX": str(tree.index), "TESTING": True}).test_client()


def naming(docs: list[Doc], city: str) -> list[Doc]:
    return [d for d in docs if city in d.cities]


def partners(docs: list[Doc], city: str) -> Counter[str]:
    return Counter(c for d in naming(docs, city) for c in d.cities if c != city)


def soup_of(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.mark.parametrize("city", ["São Paulo", "Bogotá", "Lima", "Valparaíso"])
def test_the_city_page_lists_exactly_its_practices_and_partners(client, tree, city):
    soup = soup_of(client, "/cities/" + quote(city))
    assert soup.h1.get_text() == city
    mine = naming(tree.docs, city)
    listed = [a["href"] for a in soup.select(".city-docs li > a")]
    assert sorted(listed) == sorted("/" + d.id for d in mine)
    dates = [t["datetime"] for t in soup.select(".city-docs time")]
    assert dates == sorted(dates, key=lambda d: d.ljust(10, "-"), reverse=True)  # newest first
    expected = partners(tree.docs, city)
    rows = [
        (li.a.get_text(), li.select_one(".count").get_text(), li.a["href"])
        for li in soup.select(".partners li")
    ]
    assert [(name, href) for name, _, href in rows] == [
        (name, "/cities/" + quote(name)) for name in ranked(expected)
    ]
    assert [count.split()[0] for _, count, _ in rows] == [
        str(expected[n]) for n in ranked(expected)
    ]
    search = soup.select_one(".lead a")["href"]
    assert search == "/?city=" + quote(city, safe="").replace("%20", "+")


def test_a_city_named_alone_has_no_partners(client, tree):
    alone = next(c for c in city_counts(tree.docs) if not partners(tree.docs, c))
    soup = soup_of(client, "/cities/" + quote(alone))
    assert soup.select(".partners") == []
    assert "Ninguna otra ciudad figura en estas prácticas." in soup.get_text()


@pytest.mark.parametrize("typed", ["sao paulo", "SAO PAULO", "São paulo", "  são Paulo"])
def test_any_spelling_redirects_to_the_stored_one(client, typed):
    response = client.get("/cities/" + quote(typed) + "?ui=en")
    assert response.status_code == 301
    assert response.headers["Location"] == "/cities/S%C3%A3o%20Paulo?ui=en"


def test_an_unknown_city_is_a_404_page(client):
    response = client.get("/cities/Atlantis")
    assert response.status_code == 404
    assert "Esta página no existe" in response.get_data(as_text=True)
    api = client.get("/api/cities/Atlantis")
    assert api.status_code == 404 and api.get_json()["error"] == "no city named 'Atlantis'"
    assert list(schema("Error").iter_errors(api.get_json())) == []


def test_the_city_json_equals_the_files_and_the_schema(client, tree):
    body = client.get("/api/cities/bogota").get_json()
    assert list(schema("City").iter_errors(body)) == []
    mine = naming(tree.docs, "Bogotá")
    assert body["city"] == "Bogotá" and body["count"] == len(mine)
    assert body["url"] == "/cities/Bogot%C3%A1"
    assert {d["id"]: (d["title"], d["date"], d["cities"]) for d in body["documents"]} == {
        d.id: (d.title, d.date, list(d.cities)) for d in mine
    }
    expected = partners(tree.docs, "Bogotá")
    assert [(p["city"], p["count"]) for p in body["partners"]] == [
        (c, expected[c]) for c in ranked(expected)
    ]


def test_the_index_of_cities_and_its_filter(client, tree):
    counts = city_counts(tree.docs)
    body = client.get("/api/cities").get_json()
    assert [(c["city"], c["count"]) for c in body["cities"]] == [
        (c, counts[c]) for c in ranked(counts)
    ]
    soup = soup_of(client, "/cities?filter=MEDELLIN")
    assert [a.get_text() for a in soup.select("ul.values a")] == [
        c for c in ranked(counts) if "medellin" in fold(c)
    ]
    everything = soup_of(client, "/cities")
    assert len(everything.select("ul.values li")) == len(counts)


def test_document_pages_link_their_cities(client, tree):
    doc = next(d for d in tree.docs if len(d.cities) >= 2)
    soup = soup_of(client, "/" + doc.id)
    links = [a["href"] for a in soup.select(".docmeta a[href^='/cities/']")]
    assert links == ["/cities/" + quote(c) for c in doc.cities]


def test_the_small_test_corpus_too(corpus, built_index):
    docs = read_docs(corpus)
    client = create_app({"KB_INDEX": str(built_index), "TESTING": True}).test_client()
    for city in city_counts(docs):
        response = client.get("/cities/" + quote(fold(city)), follow_redirects=True)
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        assert soup.h1.get_text() == city
        listed = sorted(a["href"] for a in soup.select(".city-docs li > a"))
        assert listed == sorted("/" + d.id for d in naming(docs, city))
