"""What the live generation of an index holds: each document's hash, path, file stamp and
taxonomy ids, the taxonomy (and its hash), and the last good version of a document."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from whoosh.index import Index

from kb.documents import Document
from kb.postings import deleted_records
from kb.schema import META_ID
from kb.stored import decode_facets, document_data
from kb.taxonomy import Taxonomy

MAX_SEGMENTS = 256  # segments whose documents are kept decoded (a watcher's process)


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


def live_state(ix: Index | None) -> tuple[dict[str, Indexed], str | None]:
    """Hash, path and file stamp of every indexed document, from the facets column, and
    the hash of the taxonomy.

    An index written by an older kb (other columns or fields) gives nothing, so the next
    build is a full one into a new generation. A segment's facets are decoded once per
    process (segments never change; their deletions are read each time).
    """
    if ix is None:
        return {}, None
    state: dict[str, Indexed] = {}
    folder = str(getattr(getattr(ix, "storage", None), "folder", ""))
    try:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            deleted = deleted_records(reader)
            for segreader, offset in reader.leaf_readers():
                for local, doc_id, known in _segment_state(folder, segreader):
                    if not deleted[offset + local]:
                        state[doc_id] = replace(known, record=offset + local)
            meta = searcher.document(doc_id=META_ID)
            taxonomy_hash = meta["hash"] if meta else None
    except (KeyError, TypeError, ValueError):
        return {}, None
    return state, taxonomy_hash


def _segment_state(folder: str, segreader: Any) -> list[tuple[int, str, Indexed]]:
    """Each document record of a segment: its number in the segment, id and facts."""
    key = (folder, segreader.segment().segment_id())
    found = _SEGMENTS.get(key)
    if found is None:
        facets = segreader.column_reader("facets")
        found = []
        for local in range(segreader.doc_count_all()):
            raw = facets[local]
            if raw:
                values = decode_facets(raw)
                facts = (values["hash"], values["path"], values["stamp"])
                themes, networks = tuple(values["themes"]), tuple(values["networks"])
                found.append((local, values["id"], Indexed(*facts, themes, networks)))
        if len(_SEGMENTS) >= MAX_SEGMENTS:
            _SEGMENTS.clear()
        _SEGMENTS[key] = found
    return found


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
