"""The Flask site and JSON API over the one search service."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from flask import Flask, Response, g, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import Babel

from indexer import settings
from indexer.live import open_service
from kb.errors import BadRequest
from web import assets, editor, errors
from web.api import api
from web.cities import cities
from web.context import (
    MAX_QUERY_STRING,
    SITE_LANGUAGES,
    content_security_policy,
    select_locale,
)
from web.facet_views import facet_views
from web.feeds import pages  # the site's pages, with its feeds, sitemap and robots.txt
from web.trainers import trainers
from web.watch import watch

log = logging.getLogger("kb.requests")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``KB_CONTENT`` and ``KB_INDEX`` come from the config or environment."""
    app = Flask(__name__)
    app.config.update(
        KB_CONTENT=settings.content_dir(),
        KB_INDEX=str(settings.index_dir()),
        KB_IFRAME_HOSTS=settings.iframe_hosts(),
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
    app.extensions["kb_search"] = open_service(app.config["KB_INDEX"], warm=True)
    Babel(app, locale_selector=select_locale)
    assets.init_app(app)  # compression and cached static files; its hook runs last
    for blueprint in (api, pages, facet_views, cities, watch, trainers):
        app.register_blueprint(blueprint)  # watch: kb serve --watch; trainers: exports, embeds
    editor.init_app(app)  # /editor and the search log
    errors.init_app(app)
    _add_request_hooks(app)
    return app


def _add_request_hooks(app: Flask) -> None:
    """Bound the query string, remember the interface language, log one line a request
    and set the security headers."""
    policy = content_security_policy_of(app)

    @app.before_request
    def remember_language() -> Any:
        g.started = time.perf_counter()
        g.ui = select_locale()
        g.ui_explicit = request.args.get("ui") in SITE_LANGUAGES
        if len(request.query_string) > MAX_QUERY_STRING:
            message = f"the request's query string is over {MAX_QUERY_STRING:,} bytes"
            raise BadRequest(message)  # answered as the route answers (web/errors.py)
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


def content_security_policy_of(app: Flask) -> str:
    """The app's CSP (computed once: its settings do not change while it runs)."""
    with app.app_context():
        return content_security_policy()
