"""Settings read from the environment, at the edges (the CLI, the app factory, the indexer):
where the content and the index live, the file size limit, the embeddable video hosts, and
the phase hooks of tests."""

from __future__ import annotations

import os
from pathlib import Path

from indexer.phases import Phases, parse_pauses
from kb.errors import KbError

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


def indexer_phases() -> Phases:
    """Where ``kb index`` writes the phases it enters (``$KB_PHASE_FILE``) and where it
    pauses (``$KB_PHASE_PAUSE``, e.g. ``write:30``): hooks for tests that kill it in a
    chosen phase. Unset, they cost nothing."""
    path = os.environ.get("KB_PHASE_FILE") or None
    try:
        pauses = parse_pauses(os.environ.get("KB_PHASE_PAUSE", ""))
    except ValueError as error:
        raise KbError(f"KB_PHASE_PAUSE: {error}; fix or unset the variable") from None
    try:
        return Phases.to_file(path, pauses)
    except OSError as error:
        raise KbError(
            f"KB_PHASE_FILE: cannot append to {path}: {error.strerror or error}; give a file "
            "in an existing, writable folder or unset the variable"
        ) from None
