"""What practitioners type, on the bundled content: articles and prepositions in four
languages, another language's function words, names that a stemmer would turn into common
words, and questions the corpus cannot answer (issue 14).

Each test names the property it guards; removing the property makes it fail (stop words by
the query's language: ``los hermanamientos`` finds nothing; names searched as written:
``milan`` finds *mil*; the unmatched words: the cruise query answers with confidence).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.live import open_service
from kb.search import SearchRequest
from web import create_app

CONTENT = Path(__file__).resolve().parents[1] / "content"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("everyday") / "index"
    build_index(CONTENT, folder)
    return folder


@pytest.fixture(scope="module")
def search(index: Path):
    service = open_service(index)

    def run(q: str) -> dict:
        return service.search(SearchRequest(q=q, per_page=10)).to_dict()

    return run


def _ids(body: dict) -> list[str]:
    return [hit["id"] for hit in body["hits"]]


@pytest.mark.parametrize(
    ("with_article", "without"),
    [
        ("los hermanamientos", "hermanamientos"),
        ("la migración", "migración"),
        ("le jumelage", "jumelage"),
        ("the twinning", "twinning"),
        ("as cidades educadoras", "cidades educadoras"),
        ("¿qué es Mercociudades?", "Mercociudades"),
        ("what is a voluntary local review?", "voluntary local review"),
    ],
)
def test_articles_and_question_words_cost_nothing(search, with_article, without):
    plain = search(without)
    assert plain["hits"], without
    assert _ids(search(with_article)) == _ids(plain)


def test_a_function_word_of_the_query_language_matches_no_other_language(search):
    # "de" is French here: it must not find the Portuguese "Câmara Municipal de Lisboa".
    body = search("dessalement de l'eau de mer à Dubaï")
    assert "cases/lisbon-web-summit-talent" not in _ids(body)


@pytest.mark.parametrize(
    ("name", "not_found"),
    [("milan", {"mil", "miles", "milla"}), ("quito", {"quiten", "quita", "quitar"})],
)
def test_a_place_name_is_not_stemmed_into_a_common_word(search, name, not_found):
    body = search(name)
    assert body["hits"]
    found = {reason["found"].lower() for hit in body["hits"] for reason in hit["matched"]}
    assert not found & not_found, found
    for hit in body["hits"]:
        assert (
            name in (hit["title"] + hit["snippet"]).lower()
            or any(name in place["snippet"].lower() for place in hit["matches"])
            or name in [c.lower() for c in hit["cities"]]
        ), hit["id"]


def test_an_english_word_is_not_found_through_a_spanish_word_it_stems_like(search):
    # The English stemmer cuts "planning" to "plan": Spanish and Portuguese texts must
    # not match it through their own "plan", "planes", "planos".
    body = search("planning")
    assert any(hit["language"] == "en" for hit in body["hits"])
    for hit in body["hits"]:
        found = {reason["found"].lower() for reason in hit["matched"]}
        if hit["language"] != "en":
            assert not found & {"plan", "planes", "planos"}, (hit["id"], found)


@pytest.mark.parametrize(
    ("q", "missing"),
    [
        ("turismo de cruceros en ciudades portuarias", "cruceros"),
        ("cruise ship tourism in port cities", "cruise"),
        ("moneda municipal en bitcoin", "bitcoin"),
        ("san jose costa rica", "costa rica"),
    ],
)
def test_what_the_corpus_lacks_is_said_and_hits_are_related(search, q, missing):
    body = search(q)
    assert missing in body["unmatched"]
    assert body["related"] is bool(body["hits"])


def test_a_query_the_corpus_answers_has_nothing_unmatched(search):
    body = search("hermanamientos escolares")
    assert body["hits"]
    assert body["unmatched"] == []
    assert body["related"] is False


def test_the_page_says_which_words_no_document_speaks_of(index):
    client = create_app({"KB_INDEX": str(index), "TESTING": True}).test_client()
    html = client.get("/?q=turismo+de+cruceros+en+ciudades+portuarias&ui=es").text
    assert "Ningún documento habla de <em>cruceros</em>" in html
    html = client.get("/?q=%3Cb%3Ecruceros%3C%2Fb%3E&ui=en").text
    assert "&lt;b&gt;" in html and "<b>cruceros" not in html


def test_the_openapi_document_describes_unmatched_and_related(index):
    client = create_app({"KB_INDEX": str(index), "TESTING": True}).test_client()
    spec = client.get("/api/openapi.json").get_json()
    search = spec["components"]["schemas"]["SearchResponse"]
    assert {"unmatched", "related"} <= set(search["required"])
    assert search["properties"]["related"]["type"] == "boolean"


def test_a_word_the_corpus_lacks_finds_its_spelling_in_another_language(search):
    body = search("collaboration")
    assert body["suggestion"] is None
    assert "cases/bolonia-reglamento-bienes-comunes" in _ids(body)[:3]
    assert body["unmatched"] == []


def test_a_query_that_only_names_a_city_puts_the_documents_about_it_first(search):
    assert _ids(search("Atenas"))[0] == "cases/athens-solidarity-cities"
    assert _ids(search("medellin"))[0] == "cases/medellin-aci-ruta-n"
