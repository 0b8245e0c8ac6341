"""Settings read from the environment, at the edges (the CLI, the app factory, the indexer):
where the content and the index live, the file size limit, the embeddable video hosts."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_CONTENT = "content"
DEFAULT_INDEX = "var/index"


def content_dir(given: str | None = None) -> str:
    """``--content``, else ``$KB_CONTENT``, else ``./content``."""
    return given or os.environ.get("KB_CONTENT") or DEFAULT_CONTENT


def index_dir(given: str | None = None) -> Path:
    """``--index``, else ``$KB_INDEX``, else ``./var/index``."""
    return Path(given or os.environ.get("KB_INDEX") or DEFAULT_INDEX)


def max_file_bytes() -> int:
    """The size limit of one content file (``$KB_MAX_FILE_MB``, 10 MB by default)."""
    return int(float(os.environ.get("KB_MAX_FILE_MB", "10")) * 1024 * 1024)


def iframe_hosts() -> frozenset[str]:
    """Hosts whose players may be embedded (``$KB_IFRAME_HOSTS``, comma separated)."""
    value = os.environ.get("KB_IFRAME_HOSTS", "")
    return frozenset(h.strip().lower() for h in value.split(",") if h.strip())
