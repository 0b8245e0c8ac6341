"""HTML from content, made safe: an allow-list of tags and attributes (nh3, Rust ammonia).

Scripts, event handlers, ``javascript:`` links and foreign markup never survive;
``<iframe>`` survives only when its ``src`` is https on a host of the configured
allow-list (``KB_IFRAME_HOSTS``, e.g. a video platform's player).
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import nh3

_ATTRIBUTES: dict[str, set[str]] = {tag: set(a) for tag, a in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES.update({f"h{n}": {"id"} for n in range(1, 7)})
_ATTRIBUTES.update(
    {
        "sup": {"id"},
        "li": {"id"},
        "div": {"class"},
        "code": {"class"},
        "a": {"href", "title", "class"},
        "td": {"align"},
        "th": {"align"},
    }
)
_IFRAME_ATTRIBUTES = {"src", "title", "width", "height", "allowfullscreen"}


def iframe_hosts() -> frozenset[str]:
    """Hosts whose players may be embedded (``$KB_IFRAME_HOSTS``, comma separated)."""
    value = os.environ.get("KB_IFRAME_HOSTS", "")
    return frozenset(h.strip().lower() for h in value.split(",") if h.strip())


def sanitize(html: str, hosts: frozenset[str] | None = None) -> str:
    """Safe HTML: allowed tags and attributes only, links marked nofollow."""
    hosts = iframe_hosts() if hosts is None else hosts
    tags = set(nh3.ALLOWED_TAGS)
    attributes = dict(_ATTRIBUTES)
    if hosts:
        tags.add("iframe")
        attributes["iframe"] = _IFRAME_ATTRIBUTES

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "iframe" and attribute == "src":
            parts = urlsplit(value)
            return value if parts.scheme == "https" and parts.hostname in hosts else None
        return value

    return nh3.clean(
        html, tags=tags, attributes=attributes, link_rel="noopener nofollow", attribute_filter=keep
    )
