"""Trainers' tools: exports of a search, embeds and oEmbed, reading lists, section links.

One blueprint; its routes live in the modules imported at the end.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

trainers = Blueprint("trainers", __name__)


def site_root() -> str:
    """``https://host`` (no trailing slash): absolute URLs in exports, embeds and lists."""
    return request.url_root.rstrip("/")


def framable(response: Response) -> Response:
    """Let any site frame this response (embeds only); every other page keeps 'self'."""
    from web import content_security_policy

    policy = content_security_policy().replace("frame-ancestors 'self'", "frame-ancestors *")
    response.headers["Content-Security-Policy"] = policy
    return response


def framing_self(response: Response) -> Response:
    """Let this page show the site's own embeds in a frame (a preview)."""
    from web import content_security_policy

    policy = content_security_policy()
    if "frame-src" in policy:
        policy = policy.replace("frame-src", "frame-src 'self'")
    response.headers["Content-Security-Policy"] = policy
    return response


from web.trainers import embeds, exports, reading_list_pages, sections  # noqa: E402,F401  (the routes)
