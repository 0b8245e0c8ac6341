"""The Flask site and JSON API over the one search service."""

from __future__ import annotations

from typing import Any

from flask import Flask

from kb import config
from kb.search import SearchService


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``KB_CONTENT`` and ``KB_INDEX`` come from the config or environment."""
    app = Flask(__name__)
    app.config.update(KB_CONTENT=config.content_dir(), KB_INDEX=str(config.index_dir()))
    if test_config:
        app.config.update(test_config)
    app.extensions["kb_search"] = SearchService(app.config["KB_INDEX"])

    from web.api import api

    app.register_blueprint(api)
    return app
