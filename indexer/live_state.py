"""What the live generation of an index holds: each document's hash, path, file stamp and
taxonomy ids, the taxonomy (and its hash), and the last good version of a document."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from typing import Any

import msgspec
from whoosh.index import Index

from kb.documents import Document
from kb.postings import deleted_records
from kb.schema import META_ID, SCHEMA_VERSION
from kb.stored import decode_facets, document_data
from kb.taxonomy import Taxonomy

MAX_SEGMENTS = 256  # segments whose documents are kept decoded (a watcher's process)
# A segment's records, saved beside it in the generation's folder by the first run that
# decodes them (named by the schema's version: another kb decodes again).
SAVED = "kb-state-{segment}-{version}.msgpack"
_Row = tuple[int, str, str, str, str, list[str], list[str]]


@dataclass
class Indexed:
    """What the live generation holds about one document."""

    hash: str
    path: str
    stamp: str = ""
    themes: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    record: int = -1  # the number of its ``doc`` record in the live generation


_SEGMENTS: dict[tuple[str, str], list[tuple[int, str, Indexed]]] = {}
_UNSAVED: dict[tuple[str, str], list[tuple[int, str, Indexed]]] = {}  # decoded, not saved
_LIVE_SEGMENTS: dict[str, set[str]] = {}  # folder → its segments at the last reading


def live_state(ix: Index | None) -> tuple[dict[str, Indexed], str | None]:
    """Hash, path and file stamp of every indexed document, from the facets column, and
    the hash of the taxonomy.

    An index written by an older kb (other columns or fields) gives nothing, so the next
    build is a full one into a new generation. A segment's facets are decoded once, then
    kept in the process and saved beside the segment for the next process (segments never
    change; their deletions are read each time): a one-file ``kb index`` at 50,000
    documents reads them in 0.1 s instead of decoding them in 1 s.
    """
    if ix is None:
        return {}, None
    state: dict[str, Indexed] = {}
    folder = _folder(ix)
    try:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            deleted = deleted_records(reader)
            segments = set()
            for segreader, offset in reader.leaf_readers():
                segments.add(segreader.segment().segment_id())
                for local, doc_id, k in _segment_state(folder, segreader):
                    if not deleted[offset + local]:  # (not dataclasses.replace: 5× slower)
                        record = offset + local
                        facts = (k.hash, k.path, k.stamp, k.themes, k.networks)
                        state[doc_id] = Indexed(*facts, record)
            meta = searcher.document(doc_id=META_ID)
            taxonomy_hash = meta["hash"] if meta else None
    except (KeyError, TypeError, ValueError):
        return {}, None
    _LIVE_SEGMENTS[folder] = segments
    return state, taxonomy_hash


def keep_decoded(ix: Index | None) -> None:
    """Save beside their segments the records this process decoded from ``ix`` (and drop
    the saved records of segments it no longer has). Called by a run that writes to the
    index anyway: a refused run leaves the index folder as it found it."""
    if ix is None:
        return
    folder = _folder(ix)
    for key in [key for key in _UNSAVED if key[0] == folder]:
        _save(folder, key[1], _UNSAVED.pop(key))
    if folder in _LIVE_SEGMENTS:
        _remove_stale(folder, _LIVE_SEGMENTS[folder])


def _folder(ix: Index) -> str:
    """The folder of an index on disk ("" for one in memory)."""
    return str(getattr(getattr(ix, "storage", None), "folder", ""))


def _segment_state(folder: str, segreader: Any) -> list[tuple[int, str, Indexed]]:
    """Each document record of a segment: its number in the segment, id and facts."""
    segment = segreader.segment().segment_id()
    key = (folder, segment)
    found = _SEGMENTS.get(key)
    if found is None:
        found = _saved(folder, segment)
        if found is None:
            found = _decoded(segreader)
            _UNSAVED[key] = found
        if len(_SEGMENTS) >= MAX_SEGMENTS:
            _SEGMENTS.clear()
            _UNSAVED.clear()
        _SEGMENTS[key] = found
    return found


def _decoded(segreader: Any) -> list[tuple[int, str, Indexed]]:
    """A segment's document records, decoded from its facets column."""
    facets = segreader.column_reader("facets")
    found = []
    for local in range(segreader.doc_count_all()):
        raw = facets[local]
        if raw:
            values = decode_facets(raw)
            facts = (values["hash"], values["path"], values["stamp"])
            themes, networks = tuple(values["themes"]), tuple(values["networks"])
            found.append((local, values["id"], Indexed(*facts, themes, networks)))
    return found


def _state_file(folder: str, segment: str) -> str:
    return os.path.join(folder, SAVED.format(segment=segment, version=SCHEMA_VERSION))


def _saved(folder: str, segment: str) -> list[tuple[int, str, Indexed]] | None:
    """A segment's records as an earlier run saved them beside it, if it did."""
    if not folder:
        return None
    try:
        with open(_state_file(folder, segment), "rb") as handle:
            rows = msgspec.msgpack.decode(handle.read(), type=list[_Row])
    except (OSError, msgspec.DecodeError):
        return None  # none yet, or damaged: decoded again from the facets
    return [(r[0], r[1], Indexed(r[2], r[3], r[4], tuple(r[5]), tuple(r[6]))) for r in rows]


def _save(folder: str, segment: str, found: list[tuple[int, str, Indexed]]) -> None:
    """Keep a segment's records beside it (segments never change) for the next process.
    Best effort: a run that cannot write them only decodes the facets again."""
    if not folder:
        return
    rows = [(n, i, k.hash, k.path, k.stamp, k.themes, k.networks) for n, i, k in found]
    target = _state_file(folder, segment)
    temporary = f"{target}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as handle:
            handle.write(msgspec.msgpack.encode(rows))
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _remove_stale(folder: str, segments: set[str]) -> None:
    """Saved records that no segment of the generation reads any more: of segments merged
    away, of another kb's schema, or left half-written by a killed run."""
    if not folder:
        return
    keep = {SAVED.format(segment=segment, version=SCHEMA_VERSION) for segment in segments}
    with contextlib.suppress(OSError):
        for name in os.listdir(folder):
            if name.startswith("kb-state-") and name not in keep:
                os.unlink(os.path.join(folder, name))


def last_good(ix: Index, doc_id: str) -> Document:
    """The version of a document the live generation holds."""
    with ix.searcher() as searcher:
        docnum = searcher.document_number(doc_id=doc_id, kind="doc")
        return Document.from_dict(document_data(searcher.reader(), docnum))


def live_taxonomy(ix: Index | None) -> Taxonomy | None:
    """The taxonomy the live generation was written with (None without one)."""
    if ix is None:
        return None
    with ix.searcher() as searcher:
        meta = searcher.document(doc_id=META_ID)
    return Taxonomy.from_dict(json.loads(meta["data"])) if meta else None
