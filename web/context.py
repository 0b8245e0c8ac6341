"""What every view takes from the app and the request: the search service, the interface
language, the search asked for in the query string, the pages' security policy."""

from __future__ import annotations

from flask import current_app, request
from werkzeug.datastructures import MultiDict

from kb.errors import BadRequest
from kb.facets import FACETS
from kb.names import UI_LANGUAGES
from kb.search import SearchRequest, SearchService

SITE_LANGUAGES = ("es", "pt", "en", "fr")
# Below gunicorn's longest request line (8,190 bytes, gunicorn.conf.py) with the path and
# "GET … HTTP/1.1", so that this refusal, in the route's format, is the one people get.
MAX_QUERY_STRING = 8000
SERVER_LINE_LIMIT = 8190  # gunicorn.conf.py's limit_request_line
SINGLE = ("q", "page", "per_page", "sort", "ui", "year_from", "year_to")  # one value each
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)


def service() -> SearchService:
    """The app's one search service."""
    found: SearchService = current_app.extensions["kb_search"]
    return found


def select_locale() -> str:
    """``?ui=`` (kept in the URL by every link), else Accept-Language, else Spanish."""
    asked = request.args.get("ui", "")
    if asked in SITE_LANGUAGES:
        return asked
    return request.accept_languages.best_match(UI_LANGUAGES) or "es"


def content_security_policy() -> str:
    """The CSP of every page: only this site, plus the allowed video players in frames."""
    hosts: frozenset[str] = current_app.config["KB_IFRAME_HOSTS"]
    frames = f"; frame-src {' '.join('https://' + h for h in sorted(hosts))}" if hosts else ""
    return CSP + frames


def _int(name: str, default: int, args: MultiDict[str, str]) -> int:
    value = args.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise BadRequest(f"{name}: {value!r} is not a whole number", key=name) from None


def search_request(args: MultiDict[str, str] | None = None) -> SearchRequest:
    """The search asked for by the query string (or ``args``); ``BadRequest`` names a bad
    parameter."""
    args = request.args if args is None else args
    unknown = set(args) - {*SINGLE, *FACETS}
    if unknown:
        name = sorted(unknown)[0]
        raise BadRequest(f"{name}: unknown parameter", key=name)
    for name in SINGLE:
        if len(args.getlist(name)) > 1:
            raise BadRequest(f"{name}: given more than once", key=name)
    return SearchRequest(
        q=args.get("q", ""),
        page=_int("page", 1, args),
        per_page=_int("per_page", 10, args),
        sort=args.get("sort") or "relevance",
        ui=select_locale(),
        filters={name: args.getlist(name) for name in FACETS if name in args},
        year_from=args.get("year_from", ""),
        year_to=args.get("year_to", ""),
    )
