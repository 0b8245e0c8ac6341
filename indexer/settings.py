"""Settings read from the environment, at the edges (the CLI, the app factory, the indexer):
where the content and the index live, the file size limit, the embeddable video hosts, the
share of the live index one run may remove, and the phase hooks of tests."""

from __future__ import annotations

import os
from pathlib import Path

from indexer.phases import Phases, parse_pauses
from indexer.shrink_guard import DEFAULT_MAX_SHRINK
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


def max_shrink(given: float | None = None) -> float:
    """The percent of the live documents one index run may remove without --allow-shrink:
    ``--max-shrink``, else ``$KB_MAX_SHRINK``, else 20."""
    if given is not None:
        return given
    raw = os.environ.get("KB_MAX_SHRINK", "").strip()
    if not raw:
        return DEFAULT_MAX_SHRINK
    try:
        value = float(raw.removesuffix("%"))
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:  # NaN too
        raise KbError(
            f"KB_MAX_SHRINK={raw!r} is not a percentage: set it to a number from 0 to 100, "
            f"such as {DEFAULT_MAX_SHRINK:g}, or unset it"
        )
    return value


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


def cache_dir() -> Path | None:
    """Where kb keeps data it can rebuild (the prebuilt gazetteer and word lists):
    ``$KB_CACHE_DIR``, else ``$XDG_CACHE_HOME/kb``, else ``~/.cache/kb``; ``KB_CACHE_DIR=""``
    (set and empty) keeps none."""
    given = os.environ.get("KB_CACHE_DIR")
    if given is not None:
        return Path(given) if given.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kb"
