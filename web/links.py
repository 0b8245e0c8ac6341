"""Small helpers for links and labels that pages of several blueprints share."""

from __future__ import annotations

from flask import g


def keep_ui(url: str) -> str:
    """Carry an explicit ``?ui=`` into an internal link."""
    if not g.get("ui_explicit"):
        return url
    path, _, fragment = url.partition("#")
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}ui={g.ui}" + (f"#{fragment}" if fragment else "")


def clock(seconds: int | None) -> str:
    """``754`` → ``12:34``; ``3723`` → ``1:02:03``."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
