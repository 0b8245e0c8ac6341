"""What the live generation of an index holds: each document's hash, path, file stamp and
taxonomy ids, the taxonomy (and its hash), and the last good version of a document."""

from __future__ import annotations

import json
from dataclasses import dataclass

from whoosh.index import Index

from kb.documents import Document
from kb.postings import deleted_records
from kb.schema import META_ID
from kb.stored import decode_facets, document_data
from kb.taxonomy import Taxonomy


@dataclass
class Indexed:
    """What the live generation holds about one document."""

    hash: str
    path: str
    stamp: str = ""
    themes: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    record: int = -1  # the number of its ``doc`` record in the live generation


def live_state(ix: Index | None) -> tuple[dict[str, Indexed], str | None]:
    """Hash, path and file stamp of every indexed document, from the facets column, and
    the hash of the taxonomy.

    An index written by an older kb (other columns or fields) gives nothing, so the next
    build is a full one into a new generation.
    """
    if ix is None:
        return {}, None
    state: dict[str, Indexed] = {}
    try:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            facets = reader.column_reader("facets")
            deleted = deleted_records(reader)
            for docnum in range(reader.doc_count_all()):
                raw = facets[docnum]
                if raw and not deleted[docnum]:
                    values = decode_facets(raw)
                    state[values["id"]] = Indexed(
                        values["hash"],
                        values["path"],
                        values["stamp"],
                        tuple(values["themes"]),
                        tuple(values["networks"]),
                        docnum,
                    )
            meta = searcher.document(doc_id=META_ID)
            taxonomy_hash = meta["hash"] if meta else None
    except (KeyError, TypeError, ValueError):
        return {}, None
    return state, taxonomy_hash


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
