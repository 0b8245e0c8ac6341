"""The naive Whoosh path of ``shared/guides/dependencies.md``: the reference kb must beat.

One record per document; the text in the field of its language, analysed with kb's own
analyzers (``kb.analysis.analyzer``); facets as KEYWORD/ID fields with sortable columns.
Every query opens a new searcher, parses the text over the four language fields, filters
with ``filter=``, counts facets with ``groupedby`` (``allow_overlap`` for multi-valued
ones) and highlights the 10 hits shown.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from whoosh import index, sorting
from whoosh import query as wq
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.qparser import MultifieldParser

from bench.documents import read_tree
from bench.queries import Query
from kb.analysis import LANGUAGES, analyzer, field_language

FACETS = ("theme", "country", "language", "type", "year")
MULTI_VALUED = ("theme", "country", "network")
PER_PAGE = 10


def schema() -> Schema:
    """Text per language with kb's analyzers; facets as keyword/ID columns."""
    fields: dict[str, Any] = {
        "id": ID(stored=True, unique=True),
        "title": STORED(),
        "summary": STORED(),
        "lang": STORED(),
        "date": ID(sortable=True),
        "language": ID(stored=True, sortable=True),
        "type": ID(stored=True, sortable=True),
        "year": ID(stored=True, sortable=True),
    }
    for name in MULTI_VALUED:
        fields[name] = KEYWORD(stored=True, commas=True, sortable=True)
    for lang in LANGUAGES:
        fields[f"text_{lang}"] = TEXT(analyzer=analyzer(lang), stored=True)
    return Schema(**fields)


def build(content: Path, index_dir: Path) -> dict[str, float]:
    """Index ``content`` from scratch into ``index_dir``; seconds and document count."""
    started = time.perf_counter()
    if index_dir.exists():
        shutil.rmtree(index_dir)
    index_dir.mkdir(parents=True)
    ix = index.create_in(str(index_dir), schema())
    writer = ix.writer(limitmb=256)
    count = 0
    for doc in read_tree(content):
        lang = field_language(doc.language)
        lang = lang if lang in LANGUAGES else "es"
        writer.add_document(
            id=doc.id,
            title=doc.title,
            summary=doc.summary,
            lang=lang,
            date=doc.date,
            language=doc.language,
            type=doc.type,
            year=doc.year,
            theme=",".join(doc.themes),
            country=",".join(doc.countries),
            network=",".join(doc.networks),
            **{f"text_{lang}": f"{doc.title}\n{doc.summary}\n{doc.body}"},
        )
        count += 1
    writer.commit()
    return {"seconds": time.perf_counter() - started, "documents": count}


class NaiveWhoosh:
    """Answers queries the naive way over an index made by :func:`build`."""

    name = "naive"

    def __init__(self, index_dir: Path) -> None:
        self.ix = index.open_dir(str(index_dir))
        self.parser = MultifieldParser([f"text_{lang}" for lang in LANGUAGES], self.ix.schema)

    def search(self, query: Query) -> dict[str, Any]:
        """Total, 10 highlighted hits and facet counts, with a new searcher."""
        with self.ix.searcher() as searcher:
            browsing = not query.q.strip()
            q = wq.Every() if browsing else self.parser.parse(query.q)
            filters = [
                wq.Or([wq.Term(name, value) for value in values])
                for name, values in query.filters.items()
            ]
            facets = {
                name: sorting.FieldFacet(name, allow_overlap=name in MULTI_VALUED)
                for name in FACETS
            }
            options: dict[str, Any] = {
                "filter": wq.And(filters) if filters else None,
                "groupedby": facets,
                "maptype": sorting.Count,
            }
            if browsing:
                options.update(sortedby="date", reverse=True)
            else:
                options.update(terms=True)
            page = searcher.search_page(q, query.page, pagelen=PER_PAGE, **options)
            hits = []
            for hit in page:
                snippet = "" if browsing else hit.highlights(f"text_{hit['lang']}", top=2)
                hits.append({"id": hit["id"], "title": hit["title"], "snippet": snippet})
            return {
                "total": page.total,
                "hits": hits,
                "facets": {name: page.results.groups(name) for name in FACETS},
            }
