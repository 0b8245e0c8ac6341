"""SearchService: the one place that knows ranking; the CLI and the web app both call it.

A query is parsed into groups (a typed word or phrase with its alternatives: the same
word analysed in every language, taxonomy synonyms). Sections and transcript passages are
scored as records of their own with BM25F; each document keeps its best record, and a
document must contain most of the query's groups. Filters and disjunctive facet counts
are computed over the matched documents from the facet values cached per generation.
"""

from __future__ import annotations

import json
import re
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import query as wq

from indexer import publish
from kb.analysis import FIELD_LANGUAGES, LANGUAGES, analyze, field_language, fold, words
from kb.errors import BadRequest
from kb.explain import MAX_PLACES, explain, places
from kb.facets import FACETS
from kb.generation import Generation
from kb.names import UI_LANGUAGES, country_by_name, country_name, language_name
from kb.query import Clause, ParsedQuery, parse
from kb.reading_lists import LISTS_ID
from kb.schema import text_field
from kb.snippets import Analysed, snippet
from kb.taxonomy import TermMatch
from kb.understanding import recognise

FIELD_BOOSTS = {"title": 3.0, "heading": 2.0, "summary": 1.5, "body": 1.0, "meta": 0.8}
TYPE_LABELS = {
    "case": {"es": "Caso", "pt": "Caso", "en": "Case study", "fr": "Étude de cas"},
    "notebook": {"es": "Cuaderno", "pt": "Caderno", "en": "Notebook", "fr": "Cahier"},
    "webinar": {"es": "Webinar", "pt": "Webinar", "en": "Webinar", "fr": "Webinaire"},
}
TYPE_ALIASES = {
    "cases": "case",
    "caso": "case",
    "casos": "case",
    "notebooks": "notebook",
    "cuaderno": "notebook",
    "cuadernos": "notebook",
    "webinars": "webinar",
    "webinario": "webinar",
    "webinarios": "webinar",
}
CROSS_LANGUAGE_WEIGHT = 0.6
LABEL_WEIGHT = 0.7  # a concept's label in another language: a translation
SYNONYM_WEIGHT = 0.5
MAX_QUERY_CHARS = 1000
RESPONSE_KEYS = (
    "query",
    "total",
    "page",
    "per_page",
    "took_ms",
    "suggestion",
    "corrected",
    "suggested_filters",
    "hits",
    "facets",
)  # the body of GET /api/search, in this order

MAX_ALTERNATIVES = 48  # a typed word and its translations and synonyms
SEARCH_BUDGET = 1.5  # seconds before a search drops its expansions
MAX_PER_PAGE = 100
MAX_PAGE = 1000


@dataclass
class SearchRequest:
    """What a client asks: the query, facet filters, page, order and interface language."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"
    ui: str = "es"
    year_from: str = ""  # inclusive; "" leaves that end open
    year_to: str = ""

    def years(self) -> tuple[int | None, int | None]:
        """The year range asked for (validated), None for an open end."""
        return (
            int(self.year_from) if self.year_from else None,
            int(self.year_to) if self.year_to else None,
        )

    def validate(self) -> None:
        """Raise ``BadRequest`` naming the parameter that is out of range."""
        if len(self.q) > MAX_QUERY_CHARS:
            raise BadRequest(f"q: the query is longer than {MAX_QUERY_CHARS} characters", key="q")
        if not 1 <= self.page <= MAX_PAGE:
            raise BadRequest(f"page: must be between 1 and {MAX_PAGE}", key="page")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise BadRequest(f"per_page: must be between 1 and {MAX_PER_PAGE}", key="per_page")
        if self.sort not in ("relevance", "date"):
            raise BadRequest("sort: must be 'relevance' or 'date'", key="sort")
        for name, values in self.filters.items():
            if name not in FACETS:
                raise BadRequest(
                    f"{name}: unknown filter; use one of {', '.join(FACETS)}", key=name
                )
            for value in values:
                if len(value) > 200:
                    raise BadRequest(f"{name}: value too long", key=name)
                if name == "year" and value and not (value.isdigit() and len(value) == 4):
                    raise BadRequest(f"year: {value!r} is not a year such as 2016", key="year")
        for name in ("year_from", "year_to"):
            value = getattr(self, name)
            if value and not (value.isascii() and value.isdigit() and len(value) == 4):
                raise BadRequest(f"{name}: {value!r} is not a year such as 2016", key=name)
        low, high = self.years()
        if low is not None and high is not None and low > high:
            raise BadRequest(
                f"year_from: {low} is after year_to {high}; give the earlier year first",
                key="year_from",
            )


@dataclass
class Group:
    """One required part of a query: alternatives (typed and expanded) that can match it."""

    clauses: list[tuple[Clause, float]]
    typed: list[str]  # the words the user typed for it
    concepts: list[TermMatch] = field(default_factory=list)
    origins: dict[int, TermMatch] = field(default_factory=dict)  # clause → the concept


@dataclass
class Source:
    """A clause searched for one group, kept to explain why a document matched."""

    typed: tuple[str, ...]
    text: str  # the clause: what the user typed, or a concept's term
    weight: float
    terms: dict[str, frozenset[str]]  # per field language, the index terms it searched
    concept: TermMatch | None = None  # the taxonomy match the clause came from
    phrase: bool = False


@dataclass
class Alternative:
    """A clause as index terms: single terms, terms that must meet in one record, and
    exact phrases (the only part Whoosh matches itself, since it needs positions)."""

    terms: list[tuple[str, str, float]] = field(default_factory=list)
    together: list[tuple[str, tuple[str, ...], float]] = field(default_factory=list)
    phrases: list[wq.Query] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.terms or self.together or self.phrases)


@dataclass
class Matches:
    """Documents that match a query: a mask, their scores and their best record."""

    mask: np.ndarray
    score: np.ndarray
    best: np.ndarray
    terms: dict[str, frozenset[str]] = field(default_factory=dict)
    corrections: dict[str, str] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    vectors: list[np.ndarray] = field(default_factory=list)  # per group, every record's score
    ranked: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    owners: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    spelled: dict[str, str] = field(default_factory=dict)  # corrected word → typed word
    _wanted: dict[str, frozenset[str]] = field(default_factory=dict)

    def wanted(self, lang: str) -> frozenset[str]:
        """Every index term of ``lang`` a snippet or an explanation may look for."""
        if lang not in self._wanted:
            found = set(self.terms.get(lang, ()))
            for source in self.sources:
                found.update(source.terms.get(lang, ()))
            self._wanted[lang] = frozenset(found)
        return self._wanted[lang]


class SearchService:
    """Searches the live generation of an index folder; reopens it when a new one is live.

    Answers are cached per generation and normalised request (a bounded LRU).
    """

    def __init__(self, index_root: str | Path, cache_size: int = 512, details: bool = True) -> None:
        self.root = Path(index_root)
        self.details = details  # more places, reasons and suggested filters (off: bench only)
        self._lock = threading.RLock()
        self._open: list[Generation] = []  # the one open generation, closed with the service
        self._cache: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
        self._cache_size = cache_size
        weakref.finalize(self, _close_all, self._open)

    def close(self) -> None:
        """Close the index files (also done when the service is garbage collected)."""
        with self._lock:
            _close_all(self._open)

    # -- generations -------------------------------------------------------------------
    def generation(self) -> Generation:
        """The live generation, refreshed if the index changed since the last call.

        Every search holds the service's lock, so no search runs on the generation being
        replaced: it is closed at once.
        """
        with self._lock:
            current = self._open[0] if self._open else None
            name = publish.current_name(self.root)
            if current is not None and current.name == name and current.searcher.up_to_date():
                return current
            # A new searcher, not Whoosh's refresh(): refresh() reuses the readers of
            # unchanged segments with their old deletions, so a removed document stayed.
            name, ix = publish.open_current(self.root)
            fresh = Generation(name, ix.searcher())
            _close_all(self._open)
            self._open.append(fresh)
            self._cache.clear()
            return fresh

    def health(self) -> dict[str, Any]:
        gen = self.generation()
        return {"status": "ok", "generation": gen.name, "documents": len(gen.docs)}

    # -- documents ---------------------------------------------------------------------
    def document(self, doc_id: str) -> dict[str, Any] | None:
        """The stored document (metadata, sections, rendered HTML) or None."""
        with self._lock:
            gen = self.generation()
            index = gen.doc_index.get(doc_id)
            if index is None:
                return None
            stored = gen.searcher.stored_fields(int(gen.doc_record[index]))
        return json.loads(stored["data"])

    def redirect(self, doc_id: str) -> str | None:
        """The current id of a document that used to live at ``doc_id``."""
        return self.generation().redirects.get(doc_id)

    def all_documents(self) -> list[dict[str, Any]]:
        """The facet values of every indexed document (for sitemaps and feeds)."""
        return list(self.generation().docs)

    def reading_lists(self) -> dict[str, Any]:
        """The reading lists of the content tree (slug → list) as the indexer stored them."""
        with self._lock:
            record = self.generation().searcher.document(doc_id=LISTS_ID)
        return json.loads(record["data"]) if record else {}

    def related(self, doc_id: str, limit: int = 5) -> list[dict[str, Any]]:
        """Documents most like ``doc_id``: shared themes, networks, countries and key terms."""
        with self._lock:
            gen = self.generation()
            index = gen.doc_index.get(doc_id)
            if index is None:
                return []
            doc = gen.docs[index]
            lang = field_language(doc["language"])
            records = np.flatnonzero(gen.record_doc == index)
            text = " ".join(
                gen.searcher.stored_fields(int(n)).get("text") or "" for n in records[:40]
            )
            keys = (
                [
                    t
                    for t, _ in gen.searcher.key_terms_from_text(
                        text_field("body", lang), text, numterms=12
                    )
                ]
                if text
                else []
            )
            similar = np.zeros(len(gen.docs), dtype=np.float32)
            for key in keys:
                for other in FIELD_LANGUAGES:
                    found = gen.fields.bm25(text_field("body", other), key)
                    if found is not None:
                        np.maximum.at(similar, gen.record_doc[found[0]], found[1])
            top = float(similar.max()) or 1.0
            scores = 2.0 * similar / top
            themes, networks, countries = (set(doc[k]) for k in ("themes", "networks", "countries"))
            for position, other in enumerate(gen.docs):
                scores[position] += (
                    1.5 * len(themes.intersection(other["themes"]))
                    + 0.5 * len(networks.intersection(other["networks"]))
                    + 0.5 * len(countries.intersection(other["countries"]))
                )
            scores[index] = 0
            ranked = [int(i) for i in np.argsort(-scores, kind="stable")[:limit] if scores[i] > 0]
            return [gen.docs[i] for i in ranked]

    def highlight_terms(self, q: str) -> dict[str, frozenset[str]]:
        """Per field language, the index terms a query matches (to mark them in a page)."""
        with self._lock:
            gen = self.generation()
            terms: dict[str, set[str]] = {}
            for group in self._groups(gen, parse(q)):
                for clause, weight in group.clauses:
                    if weight == 1.0 or not clause.phrase:
                        self._alternative(gen, clause, weight, terms)
            return {lang: frozenset(t) for lang, t in terms.items()}

    # -- search ------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> dict[str, Any]:
        """Answer a search with the JSON body of ``GET /api/search``."""
        request.validate()
        started = time.perf_counter()
        ui = request.ui if request.ui in UI_LANGUAGES else "es"
        with self._lock:
            gen = self.generation()
            key = (
                gen.key,
                request.q.strip(),
                ui,
                request.page,
                request.per_page,
                request.sort,
                tuple(sorted((k, tuple(sorted(v))) for k, v in request.filters.items() if v)),
                request.years(),
            )
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                body = _copy(cached)
                body["took_ms"] = round((time.perf_counter() - started) * 1000, 3)
                return body
            parsed = parse(request.q)
            filters = self._filters(gen, request.filters, parsed)
            masks = gen.facets.masks(filters, request.years())
            suggestion = None
            corrected = False
            matches: Matches | None = None
            if not parsed.empty:
                matches = self._match(gen, parsed)
                suggestion = _corrected(request.q, matches.corrections)
                if suggestion and not _any(matches.mask, masks):
                    retry = self._match(gen, parse(suggestion))
                    if _any(retry.mask, masks):
                        retry.spelled = {b: w for w, b in matches.corrections.items()}
                        matches, corrected = retry, True
            body = self._respond(gen, request, ui, matches, filters, masks)
            body.update(
                query=request.q,
                suggestion=suggestion,
                corrected=corrected,
                took_ms=0.0,
                suggested_filters=self._suggested_filters(
                    gen, parse(suggestion) if corrected else parsed, matches, filters, masks, ui
                ),
            )
            body = {k: body[k] for k in RESPONSE_KEYS}
            self._cache[key] = _copy(body)
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        body["took_ms"] = round((time.perf_counter() - started) * 1000, 2)
        return body

    # -- filters -----------------------------------------------------------------------
    def _filters(
        self, gen: Generation, given: dict[str, list[str]], parsed: ParsedQuery
    ) -> dict[str, set[str]]:
        """Facet filters from the request and from ``field:value`` in the query, resolved."""
        merged: dict[str, set[str]] = {}
        for source in (given, parsed.filters):
            for name, values in source.items():
                for value in values:
                    if value.strip():
                        merged.setdefault(name, set()).add(self._resolve(gen, name, value.strip()))
        return merged

    @staticmethod
    def _resolve(gen: Generation, name: str, value: str) -> str:
        if name == "country":
            return value.upper() if len(value) == 2 else (country_by_name(value) or value)
        if name == "type":
            return TYPE_ALIASES.get(value.lower(), value.lower())
        if name == "language":
            return value.split("-")[0].lower()
        if name in ("theme", "network"):
            concepts = gen.taxonomy.themes if name == "theme" else gen.taxonomy.networks
            if value in concepts:
                return value
            for concept in concepts.values():
                if fold(value) in {fold(concept.id)} | {fold(t) for _l, t in concept.terms()}:
                    return concept.id
            return value
        if name == "city":
            return gen.facets.facets["city"].canonical(value) or value
        return value

    # -- matching ----------------------------------------------------------------------
    def _groups(self, gen: Generation, parsed: ParsedQuery) -> list[Group]:
        """The query's groups, with taxonomy expansions merged into the words they name."""
        groups = [
            Group([(c, 1.0) for c in alts], [w for c in alts for w in c.words])
            for alts in parsed.groups
        ]
        plain = [
            i
            for i, g in enumerate(groups)
            if len(g.clauses) == 1 and not g.clauses[0][0].phrase and not g.clauses[0][0].scope
        ]
        # Runs of plain consecutive words can name a theme or a network.
        runs: list[list[int]] = []
        for index in plain:
            if runs and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            else:
                runs.append([index])
        merged: dict[int, Group] = {}
        dropped: set[int] = set()
        for run in runs:
            typed = [groups[i].typed[0] for i in run]
            for match in gen.taxonomy.match(typed):
                first = run[match.start]
                span = run[match.start : match.end]
                group = merged.get(first)
                if group is None:
                    text = " ".join(typed[match.start : match.end])
                    group = Group(
                        [(Clause(text, phrase=len(span) > 1), 1.0)], typed[match.start : match.end]
                    )
                    merged[first] = group
                    dropped.update(span[1:])
                group.concepts.append(match)
                seen = {fold(c.text) for c, _ in group.clauses}
                labels = set(match.concept.labels.values())
                for _lang, term in match.concept.terms():
                    if fold(term) not in seen:
                        seen.add(fold(term))
                        weight = LABEL_WEIGHT if term in labels else SYNONYM_WEIGHT
                        group.origins[len(group.clauses)] = match
                        group.clauses.append((Clause(term, phrase=len(words(term)) > 1), weight))
        return [merged.get(i, g) for i, g in enumerate(groups) if i not in dropped]

    def _forms(self, gen: Generation, text: str) -> dict[str, dict[str, float]]:
        """Per field language: the index terms ``text`` may take, weighted."""
        variants = [text]
        written = " ".join(self._restore_accents(gen, w) for w in words(text))
        if written != text:
            variants.append(written)
        own = {lang: {t for v in variants for t in analyze(lang, v)} for lang in FIELD_LANGUAGES}
        forms: dict[str, dict[str, float]] = {}
        for lang in FIELD_LANGUAGES:
            weights = {t: 1.0 for t in own[lang]}
            if lang in LANGUAGES:
                for other in LANGUAGES:
                    for t in own[other]:
                        weights.setdefault(t, CROSS_LANGUAGE_WEIGHT)
            forms[lang] = weights
        return forms

    @staticmethod
    def _restore_accents(gen: Generation, word: str) -> str:
        if word != fold(word):
            return word
        written = gen.vocabulary.written(word)
        return written if written and fold(written) == fold(word) else word

    def _alternative(
        self, gen: Generation, clause: Clause, weight: float, terms: dict[str, set[str]] | None
    ) -> Alternative:
        """The clause as the index terms of every language's fields that exist in the index.

        ``terms`` collects what to highlight (None: nothing).
        """
        reader = gen.searcher.reader()
        found = Alternative()
        fields = ("title",) if clause.scope == "title" else tuple(FIELD_BOOSTS)
        if clause.phrase:
            written = " ".join(self._restore_accents(gen, w) for w in words(clause.text))
            for lang in FIELD_LANGUAGES:
                for seq in {tuple(analyze(lang, clause.text)), tuple(analyze(lang, written))}:
                    if not seq:
                        continue
                    if terms is not None:
                        terms.setdefault(lang, set()).update(seq)
                    for name in fields:
                        fieldname = text_field(name, lang)
                        if any((fieldname, t) not in reader for t in seq):
                            continue
                        boost = FIELD_BOOSTS[name] * weight
                        if weight < 1.0:
                            # An expanded phrase scores like one word: a long label must not
                            # outweigh the words the user typed.
                            boost /= len(seq)
                        if len(seq) == 1:
                            found.terms.append((fieldname, seq[0], boost))
                        elif clause.exact:
                            found.phrases.append(wq.Phrase(fieldname, list(seq), boost=boost))
                        else:
                            found.together.append((fieldname, seq, boost))
        else:
            for lang, forms in self._forms(gen, clause.text).items():
                if terms is not None:
                    terms.setdefault(lang, set()).update(forms)
                for form, form_weight in forms.items():
                    for name in fields:  # absent terms cost one cached lookup in _vector
                        found.terms.append(
                            (
                                text_field(name, lang),
                                form,
                                FIELD_BOOSTS[name] * weight * form_weight,
                            )
                        )
        return found

    def _vector(self, gen: Generation, alternative: Alternative) -> np.ndarray:
        """Every record's score for one alternative (zero where it does not match)."""
        scores = np.zeros(gen.fields.size, dtype=np.float32)
        for fieldname, text, boost in alternative.terms:
            found = gen.fields.bm25(fieldname, text)
            if found is not None:
                scores[found[0]] += boost * found[1]
        for fieldname, sequence, boost in alternative.together:
            postings = [gen.fields.bm25(fieldname, text) for text in sequence]
            if any(p is None for p in postings):
                continue
            common = postings[0][0]
            for ids, _ in postings[1:]:
                common = np.intersect1d(common, ids, assume_unique=True)
            for ids, term_scores in postings:
                scores[common] += boost * term_scores[np.isin(ids, common, assume_unique=True)]
        for phrase in alternative.phrases:
            for docnum, score in self._scores(gen, phrase).items():
                scores[docnum] += score
        return scores

    def _best_of(
        self, gen: Generation, alternatives: list[Alternative], tiebreak: float = 0.1
    ) -> np.ndarray:
        """Per record, the best alternative's score plus a little of the others'."""
        best = np.zeros(gen.fields.size, dtype=np.float32)
        total = np.zeros(gen.fields.size, dtype=np.float32)
        for alternative in alternatives:
            vector = self._vector(gen, alternative)
            np.maximum(best, vector, out=best)
            total += vector
        return best + tiebreak * (total - best)

    def _scores(self, gen: Generation, q: wq.Query) -> dict[int, float]:
        """Scores of a query Whoosh matches itself (phrases need positions)."""
        searcher = gen.searcher
        matcher = q.matcher(searcher, searcher.context(weighting=gen.weighting))
        scores: dict[int, float] = {}
        while matcher.is_active():
            scores[matcher.id()] = matcher.score()
            matcher.next()
        return scores

    def _match(self, gen: Generation, parsed: ParsedQuery) -> Matches:
        """Documents matching enough of the query's groups, with their best record; also
        the terms to highlight and corrections for typed words that match nothing."""
        terms: dict[str, set[str]] = {}
        corrections: dict[str, str] = {}
        sources: list[Source] = []
        deadline = time.perf_counter() + SEARCH_BUDGET
        groups = self._groups(gen, parsed)
        vectors: list[np.ndarray] = []
        for group in groups:
            if not any(analyze(lang, w) for w in group.typed for lang in FIELD_LANGUAGES):
                continue  # only stop words
            # Bounded cost: past the time budget only the typed words are searched.
            late = time.perf_counter() > deadline
            alternatives = []
            group_sources = []
            for position, (clause, weight) in enumerate(group.clauses[:MAX_ALTERNATIVES]):
                if weight != 1.0 and late:
                    continue
                own: dict[str, set[str]] = {}
                alternatives.append(self._alternative(gen, clause, weight, own))
                if weight == 1.0 or not clause.phrase:
                    for lang, found in own.items():
                        terms.setdefault(lang, set()).update(found)
                group_sources.append(
                    Source(
                        tuple(group.typed),
                        clause.text,
                        weight,
                        {lang: frozenset(found) for lang, found in own.items()},
                        group.origins.get(position),
                        clause.phrase,
                    )
                )
            vector = self._best_of(gen, [a for a in alternatives if a])
            matched = bool(vector.any())
            if not matched:
                for word in group.typed:
                    better = gen.vocabulary.correct(word)
                    if better:
                        corrections[word] = better
            # A word that matches nothing and has a correction is a typo: in a short query it
            # must be found (so the corrected query runs); in a long one it is skipped.
            typo = len(groups) <= 3 and any(w in corrections for w in group.typed)
            if matched or typo:
                vectors.append(vector)
                sources.extend(group_sources)
        highlight = {lang: frozenset(t) for lang, t in terms.items()}
        size = len(gen.docs)
        if not vectors:
            empty = np.zeros(size, dtype=bool)
            return Matches(empty, np.zeros(size), np.full(size, -1), highlight, corrections)
        total = np.sum(vectors, axis=0)
        record_doc = gen.record_doc
        coverage = np.zeros(size, dtype=np.int64)
        for vector in vectors:
            hit = np.zeros(size, dtype=bool)
            records = np.flatnonzero(vector > 0)
            hit[record_doc[records][record_doc[records] >= 0]] = True
            coverage += hit
        # Best and second-best section of each document.
        sections = np.flatnonzero((total > 0) & gen.is_section)
        order = np.lexsort((-total[sections], record_doc[sections]))
        ranked = sections[order]
        owners = record_doc[ranked]
        first = np.ones(len(ranked), dtype=bool)
        first[1:] = owners[1:] != owners[:-1]
        second = np.zeros(len(ranked), dtype=bool)
        second[1:] = ~first[1:] & first[:-1]
        best = np.full(size, -1, dtype=np.int64)
        best[owners[first]] = ranked[first]
        best_score = np.zeros(size, dtype=np.float32)
        best_score[owners[first]] = total[ranked[first]]
        second_score = np.zeros(size, dtype=np.float32)
        second_score[owners[second]] = total[ranked[second]]
        own = total[gen.doc_record] if size else np.zeros(0, dtype=np.float32)
        required = len(vectors)
        mask = coverage >= max(1, minimum_match(required))
        mask &= ~self._excluded(gen, parsed)
        score = (own + best_score + 0.2 * second_score) * (coverage / required) ** 2
        return Matches(
            mask,
            np.where(mask, score, 0.0),
            best,
            highlight,
            corrections,
            sources,
            vectors,
            ranked,
            owners,
        )

    def _excluded(self, gen: Generation, parsed: ParsedQuery) -> np.ndarray:
        excluded = np.zeros(len(gen.docs), dtype=bool)
        for clause in parsed.excluded:
            vector = self._vector(gen, self._alternative(gen, clause, 1.0, None))
            owners = gen.record_doc[np.flatnonzero(vector > 0)]
            excluded[owners[owners >= 0]] = True
        return excluded

    # -- response ----------------------------------------------------------------------
    def _respond(
        self,
        gen: Generation,
        request: SearchRequest,
        ui: str,
        matches: Matches | None,
        filters: dict[str, set[str]],
        masks: dict[str, np.ndarray],
    ) -> dict[str, Any]:
        size = len(gen.docs)
        pool = matches.mask if matches is not None else np.ones(size, dtype=bool)
        selected = pool.copy()
        for mask in masks.values():
            selected &= mask
        counts = gen.facets.counts(pool, masks)
        chosen = np.flatnonzero(selected)
        if matches is None or request.sort == "date":
            scores = matches.score[chosen] if matches is not None else np.zeros(len(chosen))
            order = np.lexsort((-scores, -gen.facets.date_rank[chosen]))
        else:
            order = np.lexsort((-gen.facets.date_rank[chosen], -matches.score[chosen]))
        start = (request.page - 1) * request.per_page
        page = chosen[order[start : start + request.per_page]]
        hits = [self._hit(gen, int(i), matches) for i in page]
        return {
            "total": int(len(chosen)),
            "page": request.page,
            "per_page": request.per_page,
            "hits": hits,
            "facets": self._facets(gen, counts, filters, ui),
        }

    def _hit(self, gen: Generation, index: int, matches: Matches | None) -> dict[str, Any]:
        doc = gen.docs[index]
        lang = field_language(doc["language"])
        chosen: list[dict[str, Any]] = []
        if matches is not None:
            needed = max(1, minimum_match(len(matches.vectors)))
            chosen = places(gen, index, matches, needed, MAX_PLACES if self.details else 0)
        terms = matches.terms.get(lang, frozenset()) if matches is not None else frozenset()
        wanted = matches.wanted(lang) if matches is not None else terms
        texts = [Analysed(r.get("text") or doc["summary"], lang, wanted) for r in chosen]
        found = [self._place(doc, r, a, terms) for r, a in zip(chosen, texts, strict=True)]
        if matches is None:
            url = "/" + doc["id"]
            best = {
                "url": url,
                "section": None,
                "t": None,
                "snippet": escape(_shorten(doc["summary"])),
            }
        elif found:
            best = found[0]
        else:
            best = self._place(doc, {}, Analysed(doc["summary"], lang), terms)
        hit = {
            "id": doc["id"],
            "type": doc["type"],
            "title": doc["title"],
            "url": best["url"],
            "section": best["section"],
            "t": best["t"],
            "snippet": best["snippet"],
            "date": doc["date"],
            "language": doc["language"],
            "countries": doc["countries"],
            "cities": doc["cities"],
            "themes": doc["themes"],
            "networks": doc["networks"],
            "score": round(float(matches.score[index]), 4) if matches is not None else None,
            "matches": found[1:],
            "matched": [],
        }
        if matches is not None and self.details:
            labels = [doc["title"], doc["summary"], *(r.get("heading_text") or "" for r in chosen)]
            hit["matched"] = explain(
                doc, lang, texts, matches, lambda: Analysed("\n".join(labels), lang, wanted)
            )
        if best["t"] is not None and doc.get("video"):
            hit["video_url"] = video_at(doc["video"], best["t"])
        return hit

    @staticmethod
    def _place(
        doc: dict[str, Any], record: dict[str, Any], text: Analysed, terms: frozenset[str]
    ) -> dict[str, Any]:
        """A place in a document as a hit shows it: its anchor or moment, heading, snippet."""
        anchor, t = record.get("anchor"), record.get("t")
        url = "/" + doc["id"]
        if t is not None:
            url += f"#t={t}"
        elif anchor:
            url += f"#{anchor}"
        return {
            "section": anchor if t is None else None,
            "heading": record.get("heading_text") or None,
            "t": t,
            "snippet": snippet(text, text.lang, terms, doc["summary"]),
            "url": url,
        }

    def _suggested_filters(
        self,
        gen: Generation,
        parsed: ParsedQuery,
        matches: Matches | None,
        filters: dict[str, set[str]],
        masks: dict[str, np.ndarray],
        ui: str,
    ) -> list[dict[str, Any]]:
        """Facet values the query names, offered (never applied) when some results have
        them; each with how many of the current results it would keep."""
        if matches is None or not self.details:
            return []
        typed = [w for alternatives in parsed.groups for c in alternatives for w in c.words]
        pool = matches.mask.copy()
        for mask in masks.values():
            pool &= mask
        suggested = []
        for found in recognise(gen, typed):
            if found.value in filters.get(found.facet, set()):
                continue
            count = int(
                np.count_nonzero(pool & gen.facets.masks({found.facet: {found.value}})[found.facet])
            )
            if count:
                suggested.append(
                    {
                        "facet": found.facet,
                        "value": found.value,
                        "label": self._label(gen, found.facet, found.value, ui),
                        "count": count,
                    }
                )
        return suggested

    def _facets(
        self,
        gen: Generation,
        counts: dict[str, dict[str, int]],
        filters: dict[str, set[str]],
        ui: str,
    ) -> dict[str, list[dict[str, Any]]]:
        facets: dict[str, list[dict[str, Any]]] = {}
        for name in FACETS:
            found = dict(counts[name])
            chosen = filters.get(name, set())
            for value in chosen:
                found.setdefault(value, 0)
            entries = [
                {
                    "value": v,
                    "label": self._label(gen, name, v, ui),
                    "count": c,
                    "selected": v in chosen,
                }
                for v, c in found.items()
                if v
            ]
            entries.sort(key=lambda e: (-e["count"], fold(e["label"])))
            facets[name] = entries
        return facets

    @staticmethod
    def _label(gen: Generation, name: str, value: str, ui: str) -> str:
        if name in ("theme", "network"):
            return gen.taxonomy.label(name, value, ui)
        if name == "country":
            return country_name(value, ui)
        if name == "language":
            return language_name(value, ui)
        if name == "type":
            return TYPE_LABELS.get(value, {}).get(ui, value)
        return value


def _any(mask: np.ndarray, masks: dict[str, np.ndarray]) -> bool:
    """Whether any document of ``mask`` passes every filter."""
    selected = mask.copy()
    for other in masks.values():
        selected &= other
    return bool(selected.any())


def _copy(body: dict[str, Any]) -> dict[str, Any]:
    """A copy of a response that callers may change (they add to hits, never to facets)."""
    return {**body, "hits": [dict(hit) for hit in body["hits"]]}


def _close_all(generations: list[Generation]) -> None:
    while generations:
        generations.pop().searcher.close()


def minimum_match(groups: int) -> int:
    """How many of a query's groups a document must contain.

    All of one or two, two of three, and for longer queries (questions, statements,
    cross-language sentences) any: ranking by coverage puts the fullest matches first.
    """
    if groups <= 2:
        return groups
    if groups == 3:
        return 2
    return 1


def _corrected(text: str, corrections: dict[str, str]) -> str | None:
    """``text`` with each misspelt word replaced by its correction, or None."""
    if not corrections:
        return None
    for word, better in corrections.items():
        text = re.sub(rf"\b{re.escape(word)}\b", better, text, count=1)
    return text


def video_at(video: str, seconds: int) -> str:
    """The recording's address at ``seconds``: the platform's parameter, else a fragment."""
    if "youtube.com/" in video or "youtu.be/" in video:
        return f"{video}{'&' if '?' in video else '?'}t={seconds}"
    if "vimeo.com/" in video:
        return f"{video}#t={seconds}s"
    return f"{video.split('#')[0]}#t={seconds}"


def _negated(date: str) -> str:
    """A key that sorts dates newest first inside an ascending sort."""
    return "".join(chr(0x10FFFF - ord(c)) for c in date)


def _shorten(text: str, limit: int = 240) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
