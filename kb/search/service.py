"""``SearchService``: one search through the stages, the caches, and the lookups views use.

A search runs request → plan → retrieval → collapse → facets → response, each stage a
module of this package; the service holds the lock, the generation and the answer cache.
It is given a function that returns the live generation (``indexer.live.LiveIndex`` opens
the published one and reopens it when another is published), and a clock (seconds, such
as ``time.perf_counter``) for the time budget and ``took_ms``.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import msgspec
import numpy as np

from kb.cities import City, all_cities, find_city, stored_city
from kb.coverage import Row, country_rows, theme_rows
from kb.generation import Generation
from kb.query import ParsedQuery, parse
from kb.reading_lists import LISTS_ID
from kb.search import faceting, plan, related, response
from kb.search.about import favour_documents_about
from kb.search.collapse import FILL_PAGE, Matches, collapse, widen
from kb.search.labels import label
from kb.search.request import SearchRequest, resolve_filters
from kb.search.retrieval import retrieve
from kb.search.types import Health, SearchResponse
from kb.search.unmatched import unknown_countries

SEARCH_BUDGET = 1.5  # seconds before a search drops its expansions
Opener = Callable[[], Generation]


class SearchService:
    """Answers searches and lookups on the live generation; caches answers per generation
    and normalised request (a bounded LRU)."""

    def __init__(
        self,
        opener: Opener,
        clock: Callable[[], float],
        cache_size: int = 512,
        details: bool = True,
        budget: float = SEARCH_BUDGET,
        closer: Callable[[], None] | None = None,
    ) -> None:
        self._opener = opener
        self._closer = closer
        self.details = details  # more places, reasons and suggested filters (off: bench only)
        self.budget = budget
        self._clock = clock
        self._lock = threading.RLock()
        self._cache: OrderedDict[tuple[Any, ...], SearchResponse] = OrderedDict()
        self._cache_size = cache_size
        self._key: object = None

    def close(self) -> None:
        """Close the index files the opener keeps open."""
        with self._lock:
            if self._closer is not None:
                self._closer()

    def generation(self) -> Generation:
        """The live generation; a new one empties the answer cache."""
        with self._lock:
            gen = self._opener()
            if gen.key != self._key:
                self._cache.clear()
                self._key = gen.key
            return gen

    # -- search ------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResponse:
        """Answer a search (the body of ``GET /api/search``)."""
        request.validate()
        started = self._clock()
        with self._lock:
            gen = self.generation()
            key = (gen.key, *request.cache_key())
            answer = self._cache.get(key)
            if answer is not None:
                self._cache.move_to_end(key)
                took = round((self._clock() - started) * 1000, 3)
                return msgspec.structs.replace(answer, took_ms=took)
            answer = self._answer(gen, request)
            self._cache[key] = answer
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        took = round((self._clock() - started) * 1000, 2)
        return msgspec.structs.replace(answer, took_ms=took)

    def _answer(self, gen: Generation, request: SearchRequest) -> SearchResponse:
        ui = request.language()
        parsed = parse(request.q)
        filters = resolve_filters(gen, request.filters, parsed)
        masks = gen.facets.masks(filters, request.years())
        suggestion, corrected, matches = None, False, None
        if not parsed.empty:
            matches = self._match(gen, parsed)
            suggestion = _corrected(request.q, matches.corrections)
            # A word found nowhere with a correction is a typo: search the correction
            # (also when the other words found something); else only when nothing is found.
            typo = any(w in matches.unmatched for w in matches.corrections)
            if suggestion and (typo or not faceting.any_selected(matches.mask, masks)):
                retry = self._match(gen, parse(suggestion))
                if faceting.any_selected(retry.mask, masks):
                    retry.spelled = {b: w for w, b in matches.corrections.items()}
                    matches, corrected, parsed = retry, True, parse(suggestion)
        unmatched = _unmatched(gen, parsed, matches)
        if matches is not None and request.sort == "relevance":
            matches = widen(matches, FILL_PAGE) or matches
        selection = faceting.select(gen, matches, masks, request.sort)
        start = (request.page - 1) * request.per_page
        page = selection.chosen[start : start + request.per_page]
        suggested = []
        if matches is not None and self.details:
            suggested = response.suggested_filters(gen, matches, filters, masks, ui)
        return SearchResponse(
            query=request.q,
            total=int(len(selection.chosen)),
            page=request.page,
            per_page=request.per_page,
            took_ms=0.0,
            suggestion=suggestion,
            corrected=corrected,
            unmatched=unmatched,
            related=bool(unmatched) and len(selection.chosen) > 0,
            partial=_partial(matches, selection.chosen),
            suggested_filters=suggested,
            hits=[response.hit(gen, int(i), matches, self.details) for i in page],
            facets=faceting.facet_values(gen, selection.counts, filters, ui),
        )

    def _match(self, gen: Generation, parsed: ParsedQuery) -> Matches:
        deadline = self._clock() + self.budget
        found = retrieve(gen, parsed, lambda: self._clock() > deadline)
        matches = collapse(gen, found, parsed)
        favour_documents_about(gen, parsed, matches)
        return matches

    def highlight_terms(self, q: str) -> dict[str, frozenset[str]]:
        """Per field language, the index terms a query matches (to mark them in a page)."""
        with self._lock:
            return plan.highlight_terms(self.generation(), parse(q))

    # -- documents ---------------------------------------------------------------------
    def stored_document(self, doc_id: str) -> dict[str, Any] | None:
        """The stored document (metadata, sections, rendered HTML) or None."""
        with self._lock:
            return self.generation().stored_document(doc_id)

    def moved_to(self, doc_id: str) -> str | None:
        """The current id of a document that used to live at ``doc_id``."""
        return self.generation().redirects.get(doc_id)

    def all_documents(self) -> list[dict[str, Any]]:
        """The facet values of every indexed document (for sitemaps and feeds)."""
        return list(self.generation().docs)

    def document_facts(self, doc_id: str) -> dict[str, Any] | None:
        """One document's facet values: its dates in the index and its feed entry id."""
        gen = self.generation()
        index = gen.doc_index.get(doc_id)
        return gen.docs[index] if index is not None else None

    def reading_lists(self) -> dict[str, Any]:
        """The reading lists of the content tree (slug → list) as the indexer stored them."""
        with self._lock:
            return self.generation().stored_record(LISTS_ID) or {}

    def related(self, doc_id: str, limit: int = 5) -> list[dict[str, Any]]:
        """Documents most like ``doc_id``: shared themes, networks, countries, key terms."""
        with self._lock:
            return related.related(self.generation(), doc_id, limit)

    def content_hash(self, doc_id: str) -> str | None:
        """The content hash of the indexed version of a document, None if not indexed."""
        gen = self.generation()
        index = gen.doc_index.get(doc_id)
        return gen.docs[index].get("hash", "") if index is not None else None

    # -- facets, cities, coverage ----------------------------------------------------
    def label(self, facet: str, value: str, ui: str) -> str:
        """How the interface names a facet value in language ``ui``."""
        return label(self.generation(), facet, value, ui)

    def cities(self) -> list[tuple[str, int]]:
        """Every city with its number of documents, most first, then by name."""
        return all_cities(self.generation().facets)

    def city(self, name: str) -> City | None:
        """A city named in any case or accents (``City.name`` is the stored spelling)."""
        gen = self.generation()
        stored = find_city(gen.facets, name)
        return stored_city(gen.docs, gen.facets, stored) if stored else None

    def coverage(self, watched: tuple[str, ...]) -> tuple[int, list[Row], list[Row]]:
        """Documents indexed, and documents per theme and per watched country."""
        gen = self.generation()
        return len(gen.docs), theme_rows(gen.docs, gen.taxonomy), country_rows(gen.docs, watched)

    def health(self) -> Health:
        """The live generation's name and size (raises ``IndexMissing`` without one)."""
        gen = self.generation()
        return Health(status="ok", generation=gen.name, documents=len(gen.docs))


def _unmatched(gen: Generation, parsed: ParsedQuery, matches: Matches | None) -> list[str]:
    """What the query asks for that no document has (``kb.search.unmatched``)."""
    if matches is None:
        return []
    typed = [w for alternatives in parsed.groups for c in alternatives for w in c.words]
    return [*matches.unmatched, *unknown_countries(gen, typed)]


def _partial(matches: Matches | None, chosen: np.ndarray) -> int:
    """How many of the chosen documents are partial matches."""
    if matches is None or not len(matches.partial):
        return 0
    return int(matches.partial[chosen].sum())


def _corrected(text: str, corrections: dict[str, str]) -> str | None:
    """``text`` with each misspelt word replaced by its correction, or None."""
    if not corrections:
        return None
    for word, better in corrections.items():
        text = re.sub(rf"\b{re.escape(word)}\b", better, text, count=1)
    return text
