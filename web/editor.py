"""The editors' dashboard (``/editor``) and the hook that fills the search log.

The dashboard exists only when ``KB_EDITOR_TOKEN`` is set (at least 16 characters), and
answers only requests carrying that token (``Authorization: Bearer …`` or ``?token=``).
Behind a reverse proxy every request looks local, so the address is never trusted.
"""

from __future__ import annotations

import hmac
import logging
import os
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Flask, abort, current_app, g, render_template, request, url_for

from indexer import settings
from kb.coverage import MIN_PER_THEME, WATCHED_COUNTRIES
from kb.errors import IndexMissing, Problem
from kb.names import is_country
from web.context import service
from web.searchlog import SearchLog, Settings

editor = Blueprint("editor", __name__)
log = logging.getLogger("kb.editor")
MIN_TOKEN = 16
DEFAULT_DAYS = 30
MAX_DAYS = 365
SETTINGS = (
    "KB_EDITOR_TOKEN",
    "KB_EDITOR_COUNTRIES",
    "KB_SEARCH_LOG",
    "KB_SEARCH_LOG_DAYS",
    "KB_SEARCH_LOG_MAX",
)


def init_app(app: Flask) -> None:
    """Read the settings (app config first, then the environment), open the search log
    and register the dashboard."""
    for name in SETTINGS:
        app.config.setdefault(name, os.environ.get(name, ""))
    log_settings = Settings.from_values(app.config["KB_INDEX"], app.config)
    app.extensions["kb_searchlog"] = SearchLog(log_settings)
    app.extensions["kb_editor_checks"] = _CheckCache()
    token = str(app.config["KB_EDITOR_TOKEN"] or "")
    if token and len(token) < MIN_TOKEN:
        log.warning("KB_EDITOR_TOKEN is shorter than %s characters: /editor stays off", MIN_TOKEN)
    app.register_blueprint(editor)


# -- access --------------------------------------------------------------------------------
def _token() -> bytes | None:
    token = str(current_app.config.get("KB_EDITOR_TOKEN") or "")
    return token.encode("utf-8") if len(token) >= MIN_TOKEN else None


def _given() -> bytes | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip().encode("utf-8")
    if request.args.get("token"):
        return request.args["token"].encode("utf-8")
    return None


def _denied(code: int) -> Any:
    response = current_app.make_response((render_template("editor_denied.html", code=code), code))
    if code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="kb editor"'
    return _private(response)


def _private(response: Any) -> Any:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token may be in the URL
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


# -- the content check, cached while the tree is unchanged -----------------------------------
class _CheckCache:
    """``kb check``'s problems of a tree, recomputed only when a file changed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[Any, ...] | None = None
        self._problems: list[Problem] = []

    def problems(self, content: str, index: str | None = None) -> list[Problem]:
        """The tree's problems, and (with the index) its headings whose anchor changed."""
        from indexer.build import check_tree
        from indexer.publish import current_name

        generation = current_name(Path(index)) if index else None
        key = (content, generation, _fingerprint(Path(content)))
        with self._lock:
            if key != self._key:
                self._problems = check_tree(
                    content, max_bytes=settings.max_file_bytes(), index_root=index
                )
                self._key = key
            return self._problems


def _fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    found = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            try:
                info = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            found.append((os.path.join(folder, name), info.st_mtime_ns, info.st_size))
    return tuple(sorted(found))


def _shown(path: str, content: str) -> str:
    """A problem's path relative to the content tree."""
    prefix = content.rstrip("/") + "/"
    return path[len(prefix) :] if path.startswith(prefix) else path


# -- the page ------------------------------------------------------------------------------
def _days() -> tuple[int, str | None]:
    raw = request.args.get("days", "")
    if raw == "":
        return DEFAULT_DAYS, None
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_DAYS:
        return DEFAULT_DAYS, f"days: {raw[:20]!r} is not a number of days from 1 to {MAX_DAYS}"
    return int(raw), None


def _watched() -> tuple[str, ...]:
    given = str(current_app.config.get("KB_EDITOR_COUNTRIES") or "")
    codes = tuple(c.strip().upper() for c in given.split(",") if is_country(c.strip().upper()))
    return codes or WATCHED_COUNTRIES


def search_link(query: str, filters: dict[str, list[str]]) -> str:
    """The public search page for a logged query (never carrying the token)."""
    args = [("q", query)] + [(k, v) for k, values in filters.items() for v in values]
    if g.get("ui_explicit"):
        args.append(("ui", g.ui))
    return url_for("pages.search") + "?" + urlencode(args)


@editor.get("/editor")
def dashboard() -> Any:
    """Content problems, documents per theme and country, and what people search."""
    expected = _token()
    if expected is None:
        abort(404)
    given = _given()
    if given is None:
        return _denied(401)
    if not hmac.compare_digest(given, expected):
        return _denied(403)
    days, error = _days()
    content = str(current_app.config["KB_CONTENT"])
    problems = current_app.extensions["kb_editor_checks"].problems(
        content, current_app.config["KB_INDEX"]
    )
    try:
        documents, themes, countries = service().coverage(_watched())
        indexed = True
    except IndexMissing:
        documents, themes, countries, indexed = 0, [], [], False
    searchlog: SearchLog = current_app.extensions["kb_searchlog"]
    html = render_template(
        "editor.html",
        days=days,
        max_days=MAX_DAYS,
        error=error,
        content=content,
        problems=[(_shown(p.path, content), p) for p in problems],
        errors=sum(1 for p in problems if not p.warning),
        indexed=indexed,
        documents=documents,
        themes=themes,
        theme_gaps=sum(1 for r in themes if r.gap),
        min_per_theme=MIN_PER_THEME,
        countries=[r for r in countries if r.documents],
        country_gaps=[r for r in countries if r.gap],
        watched=len(_watched()),
        log_on=searchlog.enabled,
        totals=searchlog.totals(days),
        top=searchlog.top_queries(days),
        zero=searchlog.zero_results(days),
        search_link=search_link,
        token=request.args.get("token") if "token" in request.args else None,
    )
    return _private(current_app.make_response((html, 400 if error else 200)))
