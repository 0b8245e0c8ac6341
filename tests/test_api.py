"""The JSON API over the search service."""

from __future__ import annotations

import pytest

from web import create_app


@pytest.fixture(scope="module")
def client(built_index):
    return create_app({"KB_INDEX": str(built_index), "TESTING": True}).test_client()


def test_search_shape(client):
    body = client.get("/api/search?q=hermanamientos").get_json()
    assert set(body) == {
        "query",
        "total",
        "page",
        "per_page",
        "took_ms",
        "suggestion",
        "corrected",
        "unmatched",
        "related",
        "partial",
        "suggested_filters",
        "hits",
        "facets",
    }
    hit = body["hits"][0]
    assert set(hit) >= {
        "id",
        "type",
        "title",
        "url",
        "section",
        "t",
        "snippet",
        "date",
        "language",
        "countries",
        "cities",
        "themes",
        "networks",
        "score",
        "missing",
    }
    assert set(body["facets"]) == {
        "theme",
        "country",
        "network",
        "city",
        "type",
        "language",
        "year",
    }


def test_repeatable_filters_are_or_within_and_across(client):
    body = client.get("/api/search?q=&country=AR&country=GB&type=case").get_json()
    assert {h["id"] for h in body["hits"]} == {"cases/rosario-migrantes", "cases/coventry-twinned"}


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("page=x", "page"),
        ("per_page=0", "per_page"),
        ("sort=random", "sort"),
        ("year=abcd", "year"),
        ("colour=red", "colour"),
    ],
)
def test_bad_parameters_get_400_naming_them(client, query, parameter):
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 400
    assert response.get_json()["parameter"] == parameter
    assert parameter in response.get_json()["error"]


def test_labels_follow_accept_language_and_ui(client):
    body = client.get("/api/search?q=", headers={"Accept-Language": "en-GB,en;q=0.8"}).get_json()
    assert {f["value"]: f["label"] for f in body["facets"]["country"]}["BR"] == "Brazil"
    body = client.get("/api/search?q=&ui=pt").get_json()
    assert {f["value"]: f["label"] for f in body["facets"]["language"]}["es"] == "espanhol"
    body = client.get("/api/search?q=&ui=xx").get_json()
    assert {f["value"]: f["label"] for f in body["facets"]["country"]}["BR"] == "Brasil"


def test_document_with_sections_and_passages(client):
    body = client.get("/api/documents/webinars/migrar-juntos").get_json()
    assert body["title"] == "Migrar juntos: ciudades de acogida"
    assert {"anchor": None, "heading": "Juan Gil", "t": 754, "speaker": "Juan Gil"} in body[
        "sections"
    ]
    assert client.get("/api/documents/cases/nope").status_code == 404
    assert client.get("/api/documents/other/x").status_code == 404


def test_document_sections_show_only_their_public_keys(client):
    """The stored sections also hold their heading's line and pin: not part of the API."""
    body = client.get("/api/documents/cases/rosario-migrantes").get_json()
    assert {key for s in body["sections"] for key in s} == {"anchor", "heading", "t", "speaker"}


def test_healthz_names_the_generation(client):
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["generation"] == "gen-000001"


def test_missing_index_is_503_not_500(tmp_path):
    client = create_app({"KB_INDEX": str(tmp_path / "none"), "TESTING": True}).test_client()
    assert client.get("/api/search?q=x").status_code == 503
    assert client.get("/healthz").status_code == 503
