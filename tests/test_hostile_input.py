"""Hostile queries and parameters: bounded cost, clear 400s, never a 500 or a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from indexer.live import open_service
from kb.errors import BadRequest
from kb.facets import FACETS
from kb.search import SearchRequest
from tests.schemathesis_hooks import query_is_valid_as_sent
from web import create_app
from web.openapi import openapi_document

ROOT = Path(__file__).resolve().parent.parent
SPEC = openapi_document()
SEARCH = Draft202012Validator(
    {"$ref": "#/components/schemas/Search", "components": SPEC["components"]}
)
ERROR = Draft202012Validator(
    {"$ref": "#/components/schemas/Error", "components": SPEC["components"]}
)
NASTY = st.sampled_from(
    [
        '"',
        "'",
        "-",
        "--",
        "OR",
        "AND",
        "NOT",
        "*",
        "?",
        "~",
        "^",
        "\\",
        "/",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ":",
        "title:",
        "theme:",
        "país:",
        "\x00",
        "\u202e",
        "🙂",
        "ﬁ",
        "İ",
        "ß",
        "\t",
        "<script>",
        "&amp;",
        "%00",
        "a" * 300,
        "OR OR OR",
        '"a',
        "migra*",
        "*:*",
        "x~2",
    ]
)
QUERIES = st.lists(st.one_of(NASTY, st.text(max_size=40)), max_size=12).map(" ".join)
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["UY", "BR", "es", "2014", "case", "hermanamientos", "Montevideo"]),
)
FILTERS = st.dictionaries(
    st.sampled_from([*FACETS, "colour"]), st.lists(VALUES, max_size=3), max_size=4
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    q=QUERIES,
    filters=FILTERS,
    page=st.integers(-5, 1200),
    per_page=st.integers(-5, 150),
    sort=st.sampled_from(["relevance", "date", "random"]),
    ui=st.sampled_from(["es", "pt", "en", "fr", "xx", ""]),
)
def test_the_service_answers_or_names_the_bad_parameter(
    service, q, filters, page, per_page, sort, ui
):
    request = SearchRequest(q=q, filters=filters, page=page, per_page=per_page, sort=sort, ui=ui)
    try:
        body = service.search(request).to_dict()
    except BadRequest as error:
        assert error.key in {"q", "page", "per_page", "sort", "year", "colour", *FACETS}
        return
    assert list(SEARCH.iter_errors(body)) == []
    assert all("<script>" not in hit["snippet"] for hit in body["hits"])


@pytest.fixture(scope="module")
def client(built_index):
    return create_app({"KB_INDEX": str(built_index), "TESTING": True}).test_client()


PARAMETERS = st.lists(
    st.tuples(
        st.sampled_from(["q", "page", "per_page", "sort", "ui", *FACETS, "x", ""]),
        st.one_of(VALUES, st.integers(-3, 2000).map(str), NASTY),
    ),
    max_size=8,
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(parameters=PARAMETERS)
def test_the_api_answers_200_or_a_400_naming_the_parameter(client, parameters):
    response = client.get("/api/search", query_string=parameters)
    assert response.status_code in (200, 400)
    body = response.get_json()
    if response.status_code == 200:
        assert list(SEARCH.iter_errors(body)) == []
    else:
        assert list(ERROR.iter_errors(body)) == []
        assert body["parameter"] in body["error"] or body["parameter"] == ""


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(q=QUERIES)
def test_the_search_page_never_fails(client, q):
    response = client.get("/", query_string={"q": q})
    assert response.status_code in (200, 400)
    assert b"<script>" not in response.data.replace(b'<script src="/static/site.js"', b"")


def test_an_overlong_query_on_the_page_is_a_400_with_the_page(client):
    response = client.get("/", query_string={"q": "</title><script>" + "[]" * 500})
    assert response.status_code == 400
    assert b"the query is longer than 1000 characters" in response.data
    assert b"<script>[]" not in response.data


def test_limits_on_size(client):
    assert client.get("/api/search", query_string={"q": "a" * 1001}).status_code == 400
    too_long = client.get("/api/search?q=" + "a" * 9000)
    assert too_long.status_code == 400 and "over 8,000 bytes" in too_long.get_json()["error"]
    assert client.post("/api/search", data="x" * 100_000).status_code in (405, 413)
    assert client.get("/api/search?per_page=101").status_code == 400
    assert client.get("/api/search?page=1001").status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/cases/..%2F..%2Fetc%2Fpasswd",
        "/cases/../../etc/passwd",
        "/webinars/%2e%2e/taxonomy",
        "/api/documents/cases/..%2Fx",
        "/static/../kb/search.py",
        "/cases/montevideo%00",
    ],
)
def test_routes_cannot_leave_the_content(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert b"root:" not in response.data and b"import" not in response.data


def test_no_open_redirect(client):
    response = client.get("/cases/montevideo-hermanamientos?next=https://evil.example")
    assert response.status_code == 200
    assert "evil.example" not in response.headers.get("Location", "")


def test_schemathesis_finds_no_failure(live_server: str, tmp_path: Path):
    executable = Path(sys.executable).parent / "st"
    done = subprocess.run(
        [
            str(executable),
            "run",
            f"{live_server}/api/openapi.json",
            "--url",
            live_server,
            "--checks",
            "all",
            # The one schema-valid request the API rejects is a year range given backwards
            # (year_from after year_to): a rule between two parameters that OpenAPI cannot
            # state. Its 400 is asserted below. Schemathesis's check that invalid requests
            # are refused is replaced by the same check judged on the query as sent
            # (tests/schemathesis_hooks.py). Every other check runs.
            "--exclude-checks",
            "positive_data_acceptance,negative_data_rejection",
            "--max-examples",
            "40",
            "--request-timeout",
            "20",
            "--no-color",
            # As Hypothesis does under CI (its "ci" profile): the same cases on every CI
            # run, so that a run on a fresh clone predicts the landing; random elsewhere.
            *(["--generation-deterministic"] if os.environ.get("CI") else []),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env={
            **os.environ,
            "SCHEMATHESIS_HOOKS": "tests.schemathesis_hooks",
            "PYTHONPATH": str(ROOT),
        },
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_a_backwards_year_range_is_refused_naming_year_from(client):
    response = client.get("/api/search?year_from=2020&year_to=2010")
    assert response.status_code == 400
    assert response.get_json() == {
        "error": "year_from: 2020 is after year_to 2010; give the earlier year first",
        "parameter": "year_from",
    }


def test_past_its_time_budget_a_search_keeps_only_the_typed_words(built_index):
    service = open_service(built_index)
    full = {h["id"] for h in service.search(SearchRequest(q="twinning")).to_dict()["hits"]}
    assert "cases/lyon-jumelages" in full  # its text says "jumelages": a taxonomy synonym
    spent = open_service(built_index, budget=-1.0)  # the time budget is spent at once
    degraded = spent.search(SearchRequest(q="twinning")).to_dict()
    ids = {h["id"] for h in degraded["hits"]}
    assert "cases/coventry-twinned" in ids and "cases/lyon-jumelages" not in ids


SEARCH_PARAMETERS = {
    p["name"]: p["schema"] for p in SPEC["paths"]["/api/search"]["get"]["parameters"]
}


@pytest.mark.parametrize(
    "query",
    [
        # Schemathesis 4.32 called this one invalid (lists of one, an empty per_page).
        "city=%C2%A5%25X&page=333&language=.exe&per_page=&year_from=",
        "language=es&language=pt&theme=migracion",
        "per_page=100&page=1000&sort=",
        "q=&year_from=2010&year_to=",
    ],
)
def test_a_query_valid_as_sent_is_valid_for_the_check_and_answered(client, query):
    assert query_is_valid_as_sent(f"http://kb.test/api/search?{query}", SEARCH_PARAMETERS)
    assert client.get(f"/api/search?{query}").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "per_page=abc",
        "per_page=0",
        "per_page=101",
        "page=1&page=2",
        "page=-3",
        "bogus=1",
        "year_from=20x",
        "sort=best",
        "q=" + "a" * 1001,
    ],
)
def test_a_query_invalid_as_sent_is_invalid_for_the_check_and_refused(client, query):
    assert not query_is_valid_as_sent(f"http://kb.test/api/search?{query}", SEARCH_PARAMETERS)
    assert client.get(f"/api/search?{query}").status_code == 400
