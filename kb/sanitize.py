"""HTML from content, made safe: an allow-list of tags and attributes (nh3, Rust ammonia).

Scripts, event handlers, ``javascript:`` links and foreign markup never survive;
``<iframe>`` survives only when its ``src`` is https on a host of the configured
allow-list the caller gives (``KB_IFRAME_HOSTS`` in ``indexer.settings``).
"""

from __future__ import annotations

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


def sanitize(html: str, hosts: frozenset[str]) -> str:
    """Safe HTML: allowed tags and attributes only, links marked nofollow; iframes only
    from ``hosts`` (the caller reads them from its settings)."""
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
