"""The same work with tantivy (Rust): the floor of what a search engine costs here.

One record per document, the text in a field of its language (tantivy's own lowercase,
stop words, Snowball stemmer, ASCII folding), facets as raw-tokenised fast text fields.
Per query: parse, filter by facets, count facets with a terms aggregation over the
matched documents, and make 10 snippets with ``SnippetGenerator``. The searcher is kept
open (tantivy's normal use). ``tantivy`` is a bench-only dependency.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import tantivy

from bench.documents import read_tree
from bench.queries import Query

LANGUAGES = {"es": "spanish", "pt": "portuguese", "en": "english", "fr": "french"}
FACETS = ("theme", "country", "language", "type", "year")
MULTI_VALUED = ("theme", "country", "network")
PER_PAGE = 10


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("lang", stored=True, tokenizer_name="raw")
    builder.add_unsigned_field("date", stored=True, fast=True)
    for name in (*MULTI_VALUED, "language", "type", "year"):
        builder.add_text_field(name, stored=True, fast=True, tokenizer_name="raw")
    for lang in LANGUAGES:
        builder.add_text_field(f"text_{lang}", stored=True, tokenizer_name=f"kb_{lang}")
    return builder.build()


def _open(index_dir: Path, create: bool) -> tantivy.Index:
    """The index with its per-language analyzers registered (they are not persisted)."""
    ix = tantivy.Index(_schema(), path=str(index_dir), reuse=not create)
    for lang, name in LANGUAGES.items():
        analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stopword(name))
            .filter(tantivy.Filter.stemmer(name))
            .filter(tantivy.Filter.ascii_fold())
            .build()
        )
        ix.register_tokenizer(f"kb_{lang}", analyzer)
    return ix


def _date_key(date: str) -> int:
    parts = [int(p) for p in date.split("-")] + [0, 0]
    return parts[0] * 10_000 + parts[1] * 100 + parts[2]


def build(content: Path, index_dir: Path) -> dict[str, float]:
    """Index ``content`` from scratch into ``index_dir``; seconds and document count."""
    started = time.perf_counter()
    if index_dir.exists():
        shutil.rmtree(index_dir)
    index_dir.mkdir(parents=True)
    ix = _open(index_dir, create=True)
    writer = ix.writer(heap_size=200_000_000, num_threads=2)
    count = 0
    for doc in read_tree(content):
        lang = doc.language if doc.language in LANGUAGES else "es"
        record = tantivy.Document()
        record.add_text("id", doc.id)
        record.add_text("title", doc.title)
        record.add_text("lang", lang)
        record.add_unsigned("date", _date_key(doc.date))
        for name, values in (
            ("theme", doc.themes),
            ("country", doc.countries),
            ("network", doc.networks),
            ("language", [doc.language]),
            ("type", [doc.type]),
            ("year", [doc.year]),
        ):
            for value in values:
                record.add_text(name, value)
        record.add_text(f"text_{lang}", f"{doc.title}\n{doc.summary}\n{doc.body}")
        writer.add_document(record)
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    return {"seconds": time.perf_counter() - started, "documents": count}


class Tantivy:
    """Answers queries over an index made by :func:`build`, with one searcher kept."""

    name = "tantivy"

    def __init__(self, index_dir: Path) -> None:
        self.ix = _open(index_dir, create=False)
        self.ix.reload()
        self.schema = self.ix.schema
        self.searcher = self.ix.searcher()
        self.fields = [f"text_{lang}" for lang in LANGUAGES]

    def search(self, query: Query) -> dict[str, Any]:
        """Total, 10 snippets and facet counts of ``query``."""
        browsing = not query.q.strip()
        if browsing:
            text_query = tantivy.Query.all_query()
        else:
            text_query, _errors = self.ix.parse_query_lenient(
                query.q, self.fields, conjunction_by_default=True
            )
        clauses = [(tantivy.Occur.Must, text_query)]
        for name, values in query.filters.items():
            allowed = tantivy.Query.term_set_query(self.schema, name, values)
            clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(allowed, 0.0)))
        q = tantivy.Query.boolean_query(clauses) if len(clauses) > 1 else text_query
        offset = (query.page - 1) * PER_PAGE
        if browsing:
            result = self.searcher.search(
                q, PER_PAGE, offset=offset, order_by_field="date", order=tantivy.Order.Desc
            )
        else:
            result = self.searcher.search(q, PER_PAGE, offset=offset)
        aggregations = {name: {"terms": {"field": name, "size": 1000}} for name in FACETS}
        counts = self.searcher.aggregate(q, aggregations)
        generators: dict[str, Any] = {}
        hits = []
        for _score, address in result.hits:
            doc = self.searcher.doc(address)
            lang = doc.get_first("lang")
            snippet = ""
            if not browsing:
                if lang not in generators:
                    generator = tantivy.SnippetGenerator.create(
                        self.searcher, text_query, self.schema, f"text_{lang}"
                    )
                    generator.set_max_num_chars(200)
                    generators[lang] = generator
                snippet = generators[lang].snippet_from_doc(doc).to_html()
            hits.append(
                {"id": doc.get_first("id"), "title": doc.get_first("title"), "snippet": snippet}
            )
        return {
            "total": result.count,
            "hits": hits,
            "facets": {
                name: {b["key"]: b["doc_count"] for b in counts[name]["buckets"]} for name in FACETS
            },
        }
