"""The Flask site and JSON API over the one search service."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from flask import Flask, Response, g, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import Babel

from kb import config
from kb.names import UI_LANGUAGES
from kb.sanitize import iframe_hosts
from kb.search import SearchService

SITE_LANGUAGES = ("es", "pt", "en", "fr")
MAX_QUERY_STRING = 8192
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
log = logging.getLogger("kb.requests")


def content_security_policy() -> str:
    """The CSP of every page: only this site, plus the allowed video players in frames."""
    hosts = iframe_hosts()
    frames = f"; frame-src {' '.join('https://' + h for h in sorted(hosts))}" if hosts else ""
    return CSP + frames


def select_locale() -> str:
    """``?ui=`` (kept in the URL by every link), else Accept-Language, else Spanish."""
    asked = request.args.get("ui", "")
    if asked in SITE_LANGUAGES:
        return asked
    return request.accept_languages.best_match(UI_LANGUAGES) or "es"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``KB_CONTENT`` and ``KB_INDEX`` come from the config or environment."""
    app = Flask(__name__)
    app.config.update(
        KB_CONTENT=config.content_dir(),
        KB_INDEX=str(config.index_dir()),
        SITE_NAME="kb",
        BABEL_DEFAULT_LOCALE="es",
        BABEL_TRANSLATION_DIRECTORIES=str(Path(__file__).parent / "translations"),
        JSON_SORT_KEYS=False,
        MAX_CONTENT_LENGTH=64 * 1024,
        KB_WATCH=False,
    )
    if test_config:
        app.config.update(test_config)
    if isinstance(app.json, DefaultJSONProvider):  # Flask's default, the one with sort_keys
        app.json.sort_keys = False
    app.extensions["kb_search"] = SearchService(app.config["KB_INDEX"])
    Babel(app, locale_selector=select_locale)

    from web import editor
    from web.api import api
    from web.cities import cities
    from web.facet_views import facet_views
    from web.pages import pages
    from web.trainers import trainers
    from web.watch import watch

    for blueprint in (api, pages, facet_views, cities, watch, trainers):
        app.register_blueprint(blueprint)  # watch: kb serve --watch; trainers: exports, embeds
    editor.init_app(app)  # /editor and the search log

    policy = content_security_policy()

    @app.before_request
    def remember_language() -> Any:
        g.started = time.perf_counter()
        if len(request.query_string) > MAX_QUERY_STRING:
            return {
                "error": f"the request's query string is over {MAX_QUERY_STRING} bytes",
                "parameter": "",
            }, 400
        g.ui = select_locale()
        g.ui_explicit = request.args.get("ui") in SITE_LANGUAGES
        return None

    @app.after_request
    def security_headers(response: Response) -> Response:
        # One line per request, no addresses or other personal data.
        elapsed = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
        log.info(
            "request method=%s path=%s status=%s ms=%.1f",
            request.method,
            request.path,
            response.status_code,
            elapsed,
        )
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Vary", "Accept-Language")
        return response

    @app.errorhandler(404)
    def not_found(_error: Exception) -> Any:
        if request.path.startswith("/api/"):
            return {"error": "not found"}, 404
        return render_template("error.html", code=404), 404

    @app.errorhandler(500)
    def server_error(_error: Exception) -> Any:
        if request.path.startswith("/api/"):
            return {"error": "internal error"}, 500
        return render_template("error.html", code=500), 500

    return app
