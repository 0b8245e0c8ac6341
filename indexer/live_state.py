"""What the live generation of an index holds: each document's hash, path and file stamp,
the taxonomy's hash, and the last good version of a document."""

from __future__ import annotations

from dataclasses import dataclass

from whoosh.index import Index

from kb.documents import Document
from kb.postings import deleted_records
from kb.schema import META_ID
from kb.stored import decode_facets, document_data


@dataclass
class Indexed:
    """What the live generation holds about one document."""

    hash: str
    path: str
    stamp: str = ""


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
                    state[values["id"]] = Indexed(values["hash"], values["path"], values["stamp"])
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
