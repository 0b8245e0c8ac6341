"""The search log: what practitioners searched for, and whether they found anything.

One row per search made through the site or the API: the normalised query (lowercase,
spaces collapsed, e-mail addresses and long numbers blanked, at most ``MAX_QUERY`` chars),
the number of results, whether a correction was searched instead, the filters, and the
hour (UTC). Nothing about who searched: no address, user agent, cookie or language.

The rows live in one SQLite file (WAL mode, so several gunicorn workers write at once);
every write also deletes rows older than ``days`` and beyond ``max_entries``, so the file
stays bounded. A write that fails (disk full, read-only folder, a lock held too long) is
logged and dropped: it never breaks nor noticeably slows the search that caused it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import re
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app

from kb.search import SearchRequest, SearchResponse

MAX_QUERY = 200  # characters of a query kept
MAX_FILTER_VALUES = 8  # per facet
MAX_FILTER_VALUE = 60  # characters of one filter value
DEFAULT_DAYS = 90
DEFAULT_MAX_ENTRIES = 100_000
DEFAULT_FILE = "search-log.sqlite3"
OFF = frozenset({"off", "0", "false", "no", "none"})
WARN_EVERY = 60.0  # seconds between two warnings about failed writes

log = logging.getLogger("kb.searchlog")
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_LONG_NUMBER = re.compile(r"\d[\d .\-/]{5,}\d")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS searches (
    id INTEGER PRIMARY KEY,
    hour TEXT NOT NULL,
    query TEXT NOT NULL,
    results INTEGER NOT NULL,
    corrected INTEGER NOT NULL,
    filters TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS searches_hour ON searches (hour);
"""


def normalise_query(text: str) -> str:
    """What is kept of a query: NFC, lowercase, single spaces, no e-mail addresses nor
    long numbers (phones, ids), at most ``MAX_QUERY`` characters."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _EMAIL.sub("[email]", text)
    text = _LONG_NUMBER.sub("[number]", text)
    return " ".join(text.split())[:MAX_QUERY].rstrip()


def normalise_filters(filters: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Filters as a small, sorted mapping (empty values dropped, long ones cut)."""
    kept = {}
    for name in sorted(filters):
        values = sorted({v.strip()[:MAX_FILTER_VALUE] for v in filters[name] if v.strip()})
        if values:
            kept[name] = values[:MAX_FILTER_VALUES]
    return kept


def hour_of(moment: dt.datetime) -> str:
    """``2026-11-24T17``: the UTC hour of a moment, the only time kept."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H")


@dataclass(frozen=True)
class Settings:
    """Where the log is and how much of it is kept; ``path`` None means off."""

    path: Path | None
    days: int = DEFAULT_DAYS
    max_entries: int = DEFAULT_MAX_ENTRIES

    @classmethod
    def from_values(cls, index_root: str | Path, values: Mapping[str, Any]) -> Settings:
        """From ``KB_SEARCH_LOG`` (``off``, or the file; default: in the index folder),
        ``KB_SEARCH_LOG_DAYS`` and ``KB_SEARCH_LOG_MAX`` of ``values``."""
        where = str(values.get("KB_SEARCH_LOG") or "").strip()
        days = _positive(values, "KB_SEARCH_LOG_DAYS", DEFAULT_DAYS)
        most = _positive(values, "KB_SEARCH_LOG_MAX", DEFAULT_MAX_ENTRIES)
        if where.lower() in OFF:
            return cls(None, days, most)
        return cls(Path(where) if where else Path(index_root) / DEFAULT_FILE, days, most)


def _positive(values: Mapping[str, Any], name: str, default: int) -> int:
    raw = values.get(name)
    if raw in (None, ""):
        return default
    try:
        number = int(raw)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: {raw!r} is not a whole number") from None
    if number < 1:
        raise ValueError(f"{name}: must be at least 1")
    return number


@dataclass(frozen=True)
class Count:
    """A query (with the filters it was searched with, for zero-result rows) and how often."""

    query: str
    searches: int
    results: int
    filters: dict[str, list[str]]
    last_hour: str


class SearchLog:
    """Append searches to the SQLite file and summarise them; safe across processes."""

    def __init__(self, settings: Settings, busy_timeout: float = 0.25) -> None:
        self.settings = settings
        self.busy_timeout = busy_timeout
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._warned = 0.0

    @property
    def enabled(self) -> bool:
        return self.settings.path is not None

    # -- writing -------------------------------------------------------------------------
    def record(
        self,
        query: str,
        results: int,
        corrected: bool,
        filters: Mapping[str, list[str]],
        source: str,
        now: dt.datetime | None = None,
    ) -> bool:
        """Log one search; False (and a warning in the log) when it could not be written."""
        if not self.enabled:
            return False
        for attempt in (1, 2):
            try:
                return self._insert(query, results, corrected, filters, source, now)
            except sqlite3.OperationalError as error:
                # Two processes opening a new file at once can see it locked while the
                # other sets it up (SQLite does not wait then): one more try.
                self._drop_connection()
                if attempt == 2:
                    self._warn(error)
            except Exception as error:  # a log write must never break a search
                self._drop_connection()
                self._warn(error)
                break
        return False

    def _insert(
        self,
        query: str,
        results: int,
        corrected: bool,
        filters: Mapping[str, list[str]],
        source: str,
        now: dt.datetime | None,
    ) -> bool:
        row = (
            hour_of(now or dt.datetime.now(dt.UTC)),
            normalise_query(query),
            int(results),
            int(bool(corrected)),
            json.dumps(normalise_filters(filters), ensure_ascii=False, separators=(",", ":")),
            source[:10],
        )
        oldest = hour_of((now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=self.settings.days))
        with self._lock:
            db = self._open()
            db.execute("BEGIN IMMEDIATE")
            try:
                cursor = db.execute(
                    "INSERT INTO searches (hour, query, results, corrected, filters, source)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    row,
                )
                keep_from = (cursor.lastrowid or 0) - self.settings.max_entries
                db.execute("DELETE FROM searches WHERE id <= ?", (keep_from,))
                db.execute("DELETE FROM searches WHERE hour < ?", (oldest,))
                db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise
        return True

    def _open(self) -> sqlite3.Connection:
        """This process's connection (a forked worker opens its own)."""
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        assert self.settings.path is not None
        self.settings.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(
            self.settings.path,
            timeout=self.busy_timeout,
            isolation_level=None,  # transactions are explicit
            check_same_thread=False,  # guarded by self._lock
        )
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
        except sqlite3.Error:
            db.close()
            raise
        self._connection, self._pid = db, os.getpid()
        return db

    def _drop_connection(self) -> None:
        with self._lock:
            if self._connection is not None and self._pid == os.getpid():
                with contextlib.suppress(sqlite3.Error):
                    self._connection.close()
            self._connection = None

    def _warn(self, error: Exception) -> None:
        now = time.monotonic()
        if not self._warned or now - self._warned >= WARN_EVERY:
            self._warned = now
            log.warning("search log: could not write to %s: %s", self.settings.path, error)

    # -- reading -------------------------------------------------------------------------
    def _read(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        path = self.settings.path
        if path is None or not path.exists():
            return []
        db = sqlite3.connect(path, timeout=2.0)
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()

    def totals(self, days: int, now: dt.datetime | None = None) -> tuple[int, int]:
        """Searches and searches without results of the last ``days`` days."""
        rows = self._read(
            "SELECT COUNT(*), COALESCE(SUM(results = 0), 0) FROM searches WHERE hour >= ?",
            (_since(days, now),),
        )
        return (int(rows[0][0]), int(rows[0][1])) if rows else (0, 0)

    def top_queries(
        self, days: int, limit: int = 50, now: dt.datetime | None = None
    ) -> list[Count]:
        """The most searched queries of the last ``days`` days, with their latest count."""
        rows = self._read(
            "SELECT query, COUNT(*) AS n, MAX(id), MAX(hour) FROM searches "
            "WHERE hour >= ? GROUP BY query ORDER BY n DESC, query LIMIT ?",
            (_since(days, now), limit),
        )
        latest = self._results_of([r[2] for r in rows])
        return [Count(q, n, latest.get(i, 0), {}, h) for q, n, i, h in rows]

    def zero_results(
        self, days: int, limit: int = 50, now: dt.datetime | None = None
    ) -> list[Count]:
        """Queries (with their filters) that found nothing in the last ``days`` days."""
        rows = self._read(
            "SELECT query, filters, COUNT(*) AS n, MAX(hour) FROM searches "
            "WHERE hour >= ? AND results = 0 GROUP BY query, filters "
            "ORDER BY n DESC, MAX(id) DESC LIMIT ?",
            (_since(days, now), limit),
        )
        return [Count(q, n, 0, json.loads(f), h) for q, f, n, h in rows]

    def _results_of(self, ids: list[int]) -> dict[int, int]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._read(f"SELECT id, results FROM searches WHERE id IN ({marks})", tuple(ids))
        return dict(rows)


def _since(days: int, now: dt.datetime | None) -> str:
    return hour_of((now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days))


def log_search(asked: SearchRequest, answer: SearchResponse, source: str) -> None:
    """Record a search in the app's log: first pages of searches with words only (turning
    pages, browsing without words, and the CLI are not logged)."""
    if asked.page != 1 or not asked.q.strip():
        return
    searchlog: SearchLog | None = current_app.extensions.get("kb_searchlog")
    if searchlog is not None and searchlog.enabled:
        searchlog.record(asked.q, answer.total, answer.corrected, asked.filters, source)
