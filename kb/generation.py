"""An opened index generation and everything cached with it until the next one."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import numpy as np
from whoosh.searching import Searcher

from kb.analysis import FIELD_LANGUAGES, LANGUAGES, field_language, words
from kb.facets import FacetTable
from kb.postings import FieldIndex, deleted_records
from kb.schema import DOC_FIELDS, META_ID, SECTION_FIELDS, text_field
from kb.scoring import LanguageFieldBM25F
from kb.spelling import Vocabulary
from kb.taxonomy import Taxonomy


class Generation:
    """Documents, record-to-document arrays, facets, statistics and vocabulary."""

    def __init__(self, name: str, searcher: Searcher) -> None:
        self.name = name
        self.searcher = searcher
        reader = searcher.reader()
        self.key = (name, reader.generation())
        size = reader.doc_count_all()
        facets = reader.column_reader("facets")
        ids = reader.column_reader("doc_id")
        record_ids: list[str] = [ids[n] for n in range(size)]
        self.docs: list[dict[str, Any]] = []
        self.doc_index: dict[str, int] = {}
        doc_record: list[int] = []
        deleted = deleted_records(reader)
        for docnum in range(size):
            if deleted[docnum]:
                continue
            raw = facets[docnum]
            if raw:
                self.doc_index[record_ids[docnum]] = len(self.docs)
                self.docs.append(json.loads(raw))
                doc_record.append(docnum)
        self.doc_ids = [d["id"] for d in self.docs]
        self.doc_record = np.asarray(doc_record, dtype=np.int64)
        self.record_doc = np.asarray(
            [self.doc_index.get(i, -1) for i in record_ids], dtype=np.int64
        )
        self.record_doc[deleted] = -1
        self.is_section = self.record_doc >= 0
        self.is_section[self.doc_record] = False
        self.facets = FacetTable(self.docs)
        self.browse_order = (
            np.lexsort(
                (np.asarray([d["title"] for d in self.docs], dtype=object), -self.facets.date_rank)
            )
            if self.docs
            else np.zeros(0, dtype=np.int64)
        )
        self.redirects = {
            f"{d['id'].split('/')[0]}/{old}": d["id"]
            for d in self.docs
            for old in d.get("redirect_from", ())
        }
        per_field = self._records_per_field()
        self.weighting = LanguageFieldBM25F(per_field)
        self.fields = FieldIndex(reader, per_field)
        meta = searcher.document(doc_id=META_ID)
        self.taxonomy = Taxonomy.from_dict(json.loads(meta["data"])) if meta else Taxonomy.empty()
        self._vocabulary: Vocabulary | None = None

    def _records_per_field(self) -> dict[str, int]:
        """How many records can hold each text field (by their document's language)."""
        doc_langs = [field_language(d["language"]) for d in self.docs]
        docs_per_lang = Counter(doc_langs)
        sections = self.record_doc[self.is_section]
        sections_per_lang = Counter(doc_langs[i] for i in sections.tolist())
        counts: dict[str, int] = {}
        for lang in FIELD_LANGUAGES:
            for name in DOC_FIELDS:
                counts[text_field(name, lang)] = docs_per_lang[lang]
            for name in SECTION_FIELDS:
                counts[text_field(name, lang)] = sections_per_lang[lang]
        for lang in LANGUAGES:
            counts[text_field("meta", lang)] = len(self.docs)
        return counts

    @property
    def vocabulary(self) -> Vocabulary:
        """The corpus's words with their written forms, built on first use."""
        if self._vocabulary is None:
            reader = self.searcher.reader()
            counts = [
                (term.decode("utf-8") if isinstance(term, bytes) else term, info.doc_frequency())
                for term, info in reader.iter_field("spell")
            ]
            for concept in [*self.taxonomy.themes.values(), *self.taxonomy.networks.values()]:
                for _lang, text in concept.terms():
                    counts.extend((w.lower(), 1) for w in words(text) if len(w) > 2)
            self._vocabulary = Vocabulary(counts)
        return self._vocabulary
