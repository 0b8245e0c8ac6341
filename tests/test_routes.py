"""The route lists of the security tests (tests/routes.py) against the real app, and the
security headers of every route.

A route added to the app, or a query parameter a view starts reading, without an XSS case
and a wapiti seed fails here, naming it. The parameters a route reads are not declared
anywhere: they are recorded while the real views answer every case and seed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from flask import Flask, Request, has_request_context, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

from tests.hostile_corpus import HOSTILE_CITY, PATH_PROBE, PROBE, TOKEN, build_hostile
from tests.routes import (
    CASES,
    EMBEDS,
    EXCLUDED,
    FULL_SEARCH,
    SEARCH_PARAMETERS,
    SEEDS,
    Case,
    fill,
    seed_params,
)
from web import create_app

ROOT = "http://localhost"
ANY = "*"  # a view that reads every parameter (iterates them, or the raw query string)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    return build_hostile(tmp_path_factory.mktemp("hostile-routes"))


def make_app(hostile: tuple[Any, Any]) -> Flask:
    content, index = hostile
    return create_app(
        {
            "KB_INDEX": str(index),
            "KB_CONTENT": str(content),
            "KB_WATCH": True,
            "KB_EDITOR_TOKEN": TOKEN,
            "TESTING": True,
        }
    )


@pytest.fixture(scope="module")
def app(hostile):
    return make_app(hostile)


def case_url(case: Case) -> str:
    return fill(case.url, x=PROBE, p=PATH_PROBE, city=HOSTILE_CITY, token=TOKEN, root=ROOT)


def seed_url(seed: str) -> str:
    return fill(seed, x="", p="", city="", token=TOKEN, root=ROOT)


# -- 1. every route is in both lists ---------------------------------------------------------
def uncovered_routes(app: Flask) -> dict[str, set[str]]:
    """Endpoints of the app missing from the XSS cases or the wapiti seeds, and entries of
    the lists (or exclusions) that name no endpoint of the app."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    attacked = endpoints - set(EXCLUDED)
    cases, seeds = {c.endpoint for c in CASES}, set(SEEDS)
    return {
        "no XSS case": attacked - cases,
        "no wapiti seed": attacked - seeds,
        "listed but not a route": (cases | seeds | set(EXCLUDED)) - endpoints,
    }


def test_every_route_of_the_app_has_xss_cases_and_a_wapiti_seed(app):
    assert {k: v for k, v in uncovered_routes(app).items() if v} == {}
    adapter = app.url_map.bind("localhost")
    for case in CASES:  # each case's address is one of its route's
        assert adapter.match(unquote(urlsplit(case_url(case)).path))[0] == case.endpoint, case.id
    for endpoint, seeds in SEEDS.items():
        for seed in seeds:
            assert adapter.match(urlsplit(seed_url(seed)).path)[0] == endpoint, seed


def test_a_route_added_without_cases_is_named(hostile):
    app = make_app(hostile)
    app.add_url_rule("/report/<slug>", "report", lambda slug: slug)
    assert uncovered_routes(app)["no XSS case"] == {"report"}
    assert uncovered_routes(app)["no wapiti seed"] == {"report"}


# -- 2. every parameter a route reads gets a payload -------------------------------------------
class _ReadArgs(ImmutableMultiDict[str, str]):
    """Query arguments that note which names the view asks for."""

    def _note(self, name: str) -> None:
        if has_request_context() and getattr(request, "recording", None) is not None:
            request.recording.add(name)

    def __getitem__(self, key: str) -> str:
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._note(str(key))
        return super().__contains__(key)

    def get(self, key: str, default: Any = None, type: Any = None) -> Any:  # noqa: A002
        self._note(key)
        return super().get(key, default, type)

    def getlist(self, key: str, type: Any = None) -> Any:  # noqa: A002
        self._note(key)
        return super().getlist(key, type)

    def _all(self) -> None:
        self._note(ANY)

    def __iter__(self) -> Any:
        self._all()
        return super().__iter__()

    def items(self, multi: bool = False) -> Any:
        self._all()
        return super().items(multi)

    def lists(self) -> Any:
        self._all()
        return super().lists()

    def keys(self) -> Any:
        self._all()
        return super().keys()

    def values(self) -> Any:
        self._all()
        return super().values()

    def to_dict(self, flat: bool = True) -> Any:
        self._all()
        return super().to_dict(flat)


class _ReadingRequest(Request):
    """A request whose view's reads of the query string are recorded."""

    recording: set[str] | None = None

    @cached_property
    def args(self) -> _ReadArgs:  # type: ignore[override]
        return _ReadArgs(Request.args.__get__(self).items(multi=True))  # type: ignore[attr-defined]

    @property  # type: ignore[override]
    def query_string(self) -> bytes:
        if self.recording is not None:
            self.recording.add(ANY)
        return self._query_string

    @query_string.setter
    def query_string(self, value: bytes) -> None:
        self._query_string = value


def reads_of(app: Flask, urls: Iterable[str]) -> dict[str, set[str]]:
    """The query parameters each endpoint reads while its views answer ``urls``."""
    read: dict[str, set[str]] = defaultdict(set)
    app.request_class = _ReadingRequest

    def record() -> None:  # after the app's own hooks: what the view and its page read
        request.recording = read[request.endpoint or ""]

    app.before_request(record)
    client = app.test_client()
    for url in urls:
        client.get(url).close()
    return read


def unattacked_parameters(app: Flask) -> dict[str, set[str]]:
    """``endpoint: names`` read by a view and given no payload (XSS) or value (wapiti)."""
    read = reads_of(
        app, [case_url(c) for c in CASES] + [seed_url(s) for v in SEEDS.values() for s in v]
    )
    given: dict[str, set[str]] = defaultdict(set)
    seeded: dict[str, set[str]] = defaultdict(set)
    for case in CASES:
        given[case.endpoint] |= case.params()
    for endpoint, seeds in SEEDS.items():
        for seed in seeds:
            seeded[endpoint] |= seed_params(seed)
    missing = {}
    for endpoint, names in read.items():
        if endpoint in EXCLUDED:
            continue
        for name in names - given[endpoint]:
            missing.setdefault(f"{endpoint} (XSS)", set()).add(name)
        shared = SEARCH_PARAMETERS if endpoint not in FULL_SEARCH else set()
        for name in names - {ANY} - seeded[endpoint] - shared:
            missing.setdefault(f"{endpoint} (wapiti)", set()).add(name)
    return missing


def test_every_parameter_a_route_reads_gets_a_payload_and_a_seed(app):
    assert unattacked_parameters(app) == {}


def test_a_parameter_a_view_starts_reading_is_named(hostile):
    app = make_app(hostile)
    view = app.view_functions["cities.index"]

    def sorted_cities() -> Any:
        request.args.get("order")
        return view()

    app.view_functions["cities.index"] = sorted_cities
    assert unattacked_parameters(app) == {
        "cities.index (XSS)": {"order"},
        "cities.index (wapiti)": {"order"},
    }


# -- 3. security headers on every route ------------------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_route_sends_the_strict_headers(app, case: Case):
    with app.test_client().get(case_url(case)) as response:
        assert response.status_code == case.status
        headers = response.headers
    policy = [d.strip() for d in headers["Content-Security-Policy"].split(";")]
    assert "unsafe-inline" not in str(policy) and "unsafe-eval" not in str(policy)
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'"):
        assert directive in policy
    assert "object-src 'none'" in policy and "base-uri 'none'" in policy
    framing = "frame-ancestors *" if case.endpoint in EMBEDS else "frame-ancestors 'self'"
    assert framing in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    expected = "no-referrer" if case.endpoint == "editor.dashboard" else "same-origin"
    assert headers["Referrer-Policy"] == expected
