"""The trainers' blueprint and what its routes share: absolute URLs, framing policies."""

from __future__ import annotations

from typing import TypeVar

from flask import Blueprint, request
from werkzeug.wrappers import Response

from web.context import content_security_policy

trainers = Blueprint("trainers", __name__)

# Any response, Flask's or werkzeug's (``flask.redirect`` is typed as the latter).
R = TypeVar("R", bound=Response)


def site_root() -> str:
    """``https://host`` (no trailing slash): absolute URLs in exports, embeds and lists."""
    return request.url_root.rstrip("/")


def framable(response: R) -> R:
    """Let any site frame this response (embeds only); every other page keeps 'self'."""
    policy = content_security_policy().replace("frame-ancestors 'self'", "frame-ancestors *")
    response.headers["Content-Security-Policy"] = policy
    return response


def framing_self(response: R) -> R:
    """Let this page show the site's own embeds in a frame (a preview)."""
    policy = content_security_policy()
    if "frame-src" in policy:
        policy = policy.replace("frame-src", "frame-src 'self'")
    response.headers["Content-Security-Policy"] = policy
    return response
