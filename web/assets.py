"""How responses travel: compressed (brotli or gzip), and static files with their content's
hash in the URL so that browsers keep them a year and fetch them again only when they
change. The plain URL of a static file still works and is revalidated each time."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask, Response, request
from flask_compress import Compress

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
COMPRESSED = [
    "text/html",
    "text/css",
    "text/plain",
    "text/csv",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "application/opensearchdescription+xml",
    "application/x-bibtex",
    "image/svg+xml",
]


@lru_cache(maxsize=256)
def _digest(path: str, _mtime_ns: int, _size: int) -> str:
    """The first 12 hex digits of the SHA-256 of a file (cached per version of the file)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def fingerprint(folder: str, filename: str) -> str | None:
    """The hash of ``folder/filename``'s content; None for a file that is not there."""
    path = Path(folder) / filename
    try:
        stat = path.stat()
    except OSError:
        return None
    return _digest(str(path), stat.st_mtime_ns, stat.st_size) if path.is_file() else None


def init_app(app: Flask) -> None:
    """Compress responses; fingerprint ``url_for('static', …)``; cache fingerprinted files
    a year. Call before other ``after_request`` hooks so that compression runs last."""
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED)
    Compress(app)
    folder = str(app.static_folder)

    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "v" not in values:
            digest = fingerprint(folder, values.get("filename", ""))
            if digest:
                values["v"] = digest

    @app.after_request
    def cache_static(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        filename = (request.view_args or {}).get("filename", "")
        current = fingerprint(folder, filename)
        asked = request.args.get("v")
        response.headers["Cache-Control"] = IMMUTABLE if asked and asked == current else REVALIDATE
        return response
