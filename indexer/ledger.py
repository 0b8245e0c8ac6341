"""The ledger: when each document first entered the index and when it last changed.

``ledger.json`` sits in the index folder beside the generations and outlives them all: a
full rebuild, a new generation or a removed document do not forget a first date. One
entry per document id ever indexed::

    {"schema": "6", "documents": {"cases/x": {"entry": "2025-06-03:cases/x",
        "indexed": "2025-06-03T10:20:30.123456Z", "updated": "...", "hash": "..."}}}

A renamed document (its former slug in ``redirect_from``) takes over the entry of its
former id, so its publication date and its feed entry id survive the rename. The file is
written beside itself and renamed over (atomic), under the indexer's lock.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import msgspec

from kb.documents import FOLDER_OF_TYPE, Document
from kb.schema import SCHEMA_VERSION

FILE = "ledger.json"


def timestamp(now: dt.datetime) -> str:
    """``2025-06-03T10:20:30.123456Z``: UTC, to the microsecond (two runs never tie)."""
    return now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Ledger:
    """First-seen and last-changed times of every document id, read from the index folder."""

    def __init__(self, root: Path, now: dt.datetime) -> None:
        self.path = root / FILE
        self.now = timestamp(now)
        try:
            data = msgspec.json.decode(self.path.read_bytes())
        except FileNotFoundError:
            data = {}
        except (OSError, ValueError) as error:
            raise ValueError(f"{self.path}: unreadable ledger ({error}); restore it") from None
        self.entries: dict[str, dict[str, Any]] = dict(data.get("documents", {}))
        # Another schema salts content hashes differently: a new hash is then no change.
        self.same_schema = data.get("schema", SCHEMA_VERSION) == SCHEMA_VERSION
        self.changed = data.get("schema") != SCHEMA_VERSION  # missing or another schema

    def _entry(self, document: Document) -> dict[str, Any] | None:
        """The document's entry, or (renamed) the first entry of one of its former ids."""
        if document.id in self.entries:
            return self.entries[document.id]
        folder = FOLDER_OF_TYPE[document.type]
        for old in document.redirect_from:
            if f"{folder}/{old}" in self.entries:
                return dict(self.entries[f"{folder}/{old}"])
        return None

    def stamp(self, document: Document, content_hash: str) -> Document:
        """The document with its dates and entry id; records a new or changed one."""
        entry = self._entry(document)
        if entry is None:
            entry = {"entry": f"{self.now[:10]}:{document.id}", "indexed": self.now}
            entry.update(updated=self.now, hash=content_hash)
        elif entry.get("hash") != content_hash:
            self.changed = True
            if self.same_schema:
                entry["updated"] = self.now
            entry["hash"] = content_hash
        if self.entries.get(document.id) is not entry:
            self.changed = True  # new, changed or taken over from a former id
        self.entries[document.id] = entry
        return replace(
            document,
            published=document.published or entry["indexed"][:10],
            indexed=entry["indexed"],
            updated=entry["updated"],
            entry=entry["entry"],
        )

    def save(self) -> None:
        """Write the ledger atomically (a temporary file renamed over the old one), when
        an entry changed. Keys sorted, on one line, UTF-8 unescaped: what ``json.dumps``
        writes with those options, four times as fast (0.03 s for 50,000 documents)."""
        if not self.changed:
            return
        body = {"schema": SCHEMA_VERSION, "documents": self.entries}
        text = msgspec.json.encode(body, order="sorted")
        temporary = self.path.with_name(FILE + ".tmp")
        with open(temporary, "wb") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)
