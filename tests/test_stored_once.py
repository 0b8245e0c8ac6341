"""A document is stored once and read back whole: its page and API read the document as
the reader made it (metadata, sections with their text, the HTML to the byte), though
its record keeps neither its sections' text, its HTML nor what its facets hold."""

from __future__ import annotations

import json
from pathlib import Path

from whoosh.index import open_dir

from indexer import publish
from indexer.build import _read, _taxonomy
from indexer.discover import discover
from indexer.live import open_service
from kb.documents import Document
from kb.stored import SHARED, html_pieces
from tests.conftest import TODAY

STAMPED = ("indexed", "updated", "published", "entry")  # the ledger stamps them as written


def _documents(content: Path) -> list[Document]:
    tree = discover(content)
    taxonomy, _problems = _taxonomy(tree)
    found = [_read(source, taxonomy, TODAY)[0].document for source in tree.sources]
    return [d for d in found if d is not None]


def test_a_stored_document_is_the_document_as_read(corpus: Path, built_index: Path) -> None:
    documents = _documents(corpus)
    assert any(s.t is not None for d in documents for s in d.sections)  # transcripts too
    service = open_service(built_index)
    try:
        for document in documents:
            stored = service.stored_document(document.id)
            assert stored is not None
            expected = {k: v for k, v in document.to_dict().items() if k not in STAMPED}
            assert {k: v for k, v in stored.items() if k not in STAMPED} == json.loads(
                json.dumps(expected)
            )
    finally:
        service.close()


def test_a_documents_record_keeps_no_copy_of_its_sections(built_index: Path) -> None:
    ix = open_dir(str(built_index / str(publish.current_name(built_index))))
    with ix.searcher() as searcher:
        docnum = searcher.document_number(doc_id="cases/montevideo-hermanamientos", kind="doc")
        data = json.loads(searcher.stored_fields(docnum)["data"])
        section = searcher.stored_fields(docnum + 1)
    assert data["sections"] and not any("text" in s for s in data["sections"])
    assert "body_html" not in data and not set(SHARED) & set(data)
    assert section["text"] and section["html"].startswith("<")


def test_the_html_is_cut_at_the_headings_and_joins_whole(corpus: Path) -> None:
    for document in _documents(corpus):
        pieces = html_pieces(document)
        assert pieces is not None and len(pieces) == len(document.sections)
        assert "".join(pieces) == document.body_html
        for section, piece in zip(document.sections, pieces, strict=True):
            if section.t is not None:
                assert piece == ""
            elif section.anchor and section.heading:
                assert piece.startswith(f'<h{section.level} id="{section.anchor}"')
