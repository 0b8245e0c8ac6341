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
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher

from indexer import publish
from kb.analysis import FIELD_LANGUAGES, LANGUAGES, analyze, field_language, fold, words
from kb.errors import BadRequest
from kb.names import UI_LANGUAGES, country_by_name, country_name, language_name
from kb.query import Clause, ParsedQuery, parse
from kb.schema import META_ID, text_field
from kb.scoring import LanguageFieldBM25F
from kb.snippets import snippet
from kb.spelling import Vocabulary
from kb.taxonomy import Taxonomy, TermMatch

FACETS = ("theme", "country", "network", "city", "type", "language", "year")
FACET_KEYS = {
    "theme": "themes",
    "country": "countries",
    "network": "networks",
    "city": "cities",
    "type": "type",
    "language": "language",
    "year": "year",
}
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
                if name == "year" and not (value.isdigit() and len(value) == 4):
                    raise BadRequest(f"year: {value!r} is not a year such as 2016", key="year")


@dataclass
class Group:
    """One required part of a query: alternatives (typed and expanded) that can match it."""

    clauses: list[tuple[Clause, float]]
    typed: list[str]  # the words the user typed for it
    concepts: list[TermMatch] = field(default_factory=list)


@dataclass
class DocMatch:
    """A document's best record, its score and which groups it matched."""

    doc_id: str
    score: float = 0.0
    best: int = -1
    best_score: float = 0.0
    second: float = 0.0
    groups: set[int] = field(default_factory=set)


class Generation:
    """An opened index generation and what is cached with it (facets, vocabulary)."""

    def __init__(self, name: str, searcher: Searcher) -> None:
        self.name = name
        self.searcher = searcher
        reader = searcher.reader()
        facets = reader.column_reader("facets")
        ids = reader.column_reader("doc_id")
        self.docs: dict[str, dict[str, Any]] = {}
        self.record_doc: list[str] = []
        deleted = reader.has_deletions()
        for docnum in range(reader.doc_count_all()):
            doc_id = ids[docnum]
            self.record_doc.append(doc_id)
            if deleted and reader.is_deleted(docnum):
                continue
            raw = facets[docnum]
            if raw:
                self.docs[doc_id] = json.loads(raw)
        self.weighting = LanguageFieldBM25F(_records_per_field(self.docs, self.record_doc))
        self.redirects = {
            f"{d['id'].split('/')[0]}/{old}": d["id"]
            for d in self.docs.values()
            for old in d.get("redirect_from", ())
        }
        meta = searcher.document(doc_id=META_ID)
        self.taxonomy = Taxonomy.from_dict(json.loads(meta["data"])) if meta else Taxonomy.empty()
        self._vocabulary: Vocabulary | None = None

    @property
    def vocabulary(self) -> Vocabulary:
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


class SearchService:
    """Searches the live generation of an index folder; reopens it when a new one is live."""

    def __init__(self, index_root: str | Path) -> None:
        self.root = Path(index_root)
        self._lock = threading.RLock()
        self._generation: Generation | None = None

    # -- generations -------------------------------------------------------------------
    def generation(self) -> Generation:
        """The live generation, refreshed if the index changed since the last call."""
        with self._lock:
            current = self._generation
            name = publish.current_name(self.root)
            if current is not None and current.name == name:
                if current.searcher.up_to_date():
                    return current
                self._generation = Generation(name, current.searcher.refresh())
                return self._generation
            name, ix = publish.open_current(self.root)
            self._generation = Generation(name, ix.searcher())
            return self._generation

    def health(self) -> dict[str, Any]:
        gen = self.generation()
        return {"status": "ok", "generation": gen.name, "documents": len(gen.docs)}

    # -- documents ---------------------------------------------------------------------
    def document(self, doc_id: str) -> dict[str, Any] | None:
        """The stored document (metadata, sections, rendered HTML) or None."""
        with self._lock:
            gen = self.generation()
            if doc_id not in gen.docs:
                return None
            stored = gen.searcher.document(doc_id=doc_id, kind="doc")
        return json.loads(stored["data"]) if stored else None

    def redirect(self, doc_id: str) -> str | None:
        """The current id of a document that used to live at ``doc_id``."""
        return self.generation().redirects.get(doc_id)

    def related(self, doc_id: str, limit: int = 5) -> list[dict[str, Any]]:
        """Documents most like ``doc_id``: shared themes, networks, countries and key terms."""
        with self._lock:
            gen = self.generation()
            doc = gen.docs.get(doc_id)
            if doc is None:
                return []
            lang = field_language(doc["language"])
            searcher = gen.searcher
            docnums = [n for n in searcher.document_numbers(doc_id=doc_id, kind="section")]
            text = " ".join(searcher.stored_fields(n).get("text") or "" for n in docnums)
            keys = (
                [
                    term
                    for term, _ in searcher.key_terms_from_text(
                        text_field("body", lang), text, numterms=12
                    )
                ]
                if text
                else []
            )
            scores: dict[str, float] = defaultdict(float)
            if keys:
                q = wq.Or(
                    [
                        wq.Term(text_field("body", other), key)
                        for key in keys
                        for other in FIELD_LANGUAGES
                    ]
                )
                similar: dict[str, float] = defaultdict(float)
                for docnum, score in self._scores(gen, q).items():
                    other = gen.record_doc[docnum]
                    similar[other] = max(similar[other], score)
                top = max(similar.values(), default=1.0) or 1.0
                for other, score in similar.items():
                    scores[other] += 2.0 * score / top
            for other_id, other in gen.docs.items():
                scores[other_id] += (
                    1.5 * len(set(doc["themes"]) & set(other["themes"]))
                    + 0.5 * len(set(doc["networks"]) & set(other["networks"]))
                    + 0.5 * len(set(doc["countries"]) & set(other["countries"]))
                )
            scores.pop(doc_id, None)
            ranked = sorted(
                (d for d in scores if d in gen.docs and scores[d] > 0),
                key=lambda d: (-scores[d], d),
            )[:limit]
            return [gen.docs[d] for d in ranked]

    def highlight_terms(self, q: str) -> dict[str, frozenset[str]]:
        """Per field language, the index terms a query matches (to mark them in a page)."""
        with self._lock:
            gen = self.generation()
            terms: dict[str, set[str]] = {}
            for group in self._groups(gen, parse(q)):
                for clause, weight in group.clauses:
                    if weight == 1.0 or not clause.phrase:
                        self._clause_query(gen, clause, weight, terms)
            return {lang: frozenset(t) for lang, t in terms.items()}

    def all_documents(self) -> list[dict[str, Any]]:
        """The facet values of every indexed document (for sitemaps and feeds)."""
        return list(self.generation().docs.values())

    # -- search ------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> dict[str, Any]:
        """Answer a search with the JSON body of ``GET /api/search``."""
        request.validate()
        started = time.perf_counter()
        ui = request.ui if request.ui in UI_LANGUAGES else "es"
        with self._lock:
            gen = self.generation()
            parsed = parse(request.q)
            filters = self._filters(gen, request.filters, parsed)
            suggestion = None
            corrected = False
            if parsed.empty:
                matches: dict[str, DocMatch] | None = None
                terms: dict[str, frozenset[str]] = {}
            else:
                matches, terms, corrections = self._match(gen, parsed)
                suggestion = _corrected(request.q, corrections)
                if suggestion and not self._any_passes(gen, matches, filters):
                    retry_matches, retry_terms, _ = self._match(gen, parse(suggestion))
                    if self._any_passes(gen, retry_matches, filters):
                        matches, terms, corrected = retry_matches, retry_terms, True
            body = self._respond(gen, request, ui, matches, terms, filters)
        body.update(
            query=request.q,
            suggestion=suggestion,
            corrected=corrected,
            took_ms=round((time.perf_counter() - started) * 1000, 2),
        )
        return {
            key: body[key]
            for key in (
                "query",
                "total",
                "page",
                "per_page",
                "took_ms",
                "suggestion",
                "corrected",
                "hits",
                "facets",
            )
        }

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
            for doc in gen.docs.values():
                for city in doc["cities"]:
                    if fold(city) == fold(value):
                        return city
        return value

    @staticmethod
    def _passes(doc: dict[str, Any], filters: dict[str, set[str]], skip: str | None = None) -> bool:
        for name, wanted in filters.items():
            if name == skip:
                continue
            have = doc[FACET_KEYS[name]]
            if isinstance(have, list):
                if wanted.isdisjoint(have):
                    return False
            elif have not in wanted:
                return False
        return True

    def _any_passes(
        self, gen: Generation, matches: dict[str, DocMatch], filters: dict[str, set[str]]
    ) -> bool:
        return any(self._passes(gen.docs[d], filters) for d in matches if d in gen.docs)

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
                        group.clauses.append((Clause(term, phrase=len(words(term)) > 1), weight))
        result = []
        for index, group in enumerate(groups):
            if index in dropped:
                continue
            result.append(merged.get(index, group))
        return result

    def _forms(self, gen: Generation, text: str) -> dict[str, dict[str, float]]:
        """Per field language: the index terms ``text`` may take, weighted."""
        variants = [text]
        written = " ".join(self._restore_accents(gen, w) for w in words(text))
        if written != text:
            variants.append(written)
        forms: dict[str, dict[str, float]] = {}
        own: dict[str, set[str]] = {}
        for lang in FIELD_LANGUAGES:
            own[lang] = {t for v in variants for t in analyze(lang, v)}
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

    def _clause_query(
        self, gen: Generation, clause: Clause, weight: float, terms: dict[str, set[str]] | None
    ) -> wq.Query | None:
        """The clause searched in every language's fields; terms absent from the index are
        left out. ``terms`` collects what to highlight (None: nothing)."""
        reader = gen.searcher.reader()
        parts: list[wq.Query] = []
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
                        parts.append(
                            wq.Term(fieldname, seq[0], boost=boost)
                            if len(seq) == 1
                            else wq.Phrase(fieldname, list(seq), boost=boost)
                        )
        else:
            for lang, forms in self._forms(gen, clause.text).items():
                if terms is not None:
                    terms.setdefault(lang, set()).update(forms)
                for form, form_weight in forms.items():
                    for name in fields:
                        fieldname = text_field(name, lang)
                        if (fieldname, form) in reader:
                            parts.append(
                                wq.Term(
                                    fieldname, form, boost=FIELD_BOOSTS[name] * weight * form_weight
                                )
                            )
        return wq.Or(parts) if parts else None

    def _best_of(
        self, gen: Generation, parts: list[wq.Query], tiebreak: float = 0.1
    ) -> dict[int, float]:
        """Per record, the best alternative's score plus a little of the others'."""
        best: dict[int, float] = {}
        total: dict[int, float] = defaultdict(float)
        for part in parts:
            for docnum, score in self._scores(gen, part).items():
                total[docnum] += score
                if score > best.get(docnum, 0.0):
                    best[docnum] = score
        return {n: b + tiebreak * (total[n] - b) for n, b in best.items()}

    def _scores(self, gen: Generation, q: wq.Query) -> dict[int, float]:
        searcher = gen.searcher
        matcher = q.matcher(searcher, searcher.context(weighting=gen.weighting))
        scores: dict[int, float] = {}
        while matcher.is_active():
            scores[matcher.id()] = matcher.score()
            matcher.next()
        return scores

    def _match(
        self, gen: Generation, parsed: ParsedQuery
    ) -> tuple[dict[str, DocMatch], dict[str, frozenset[str]], dict[str, str]]:
        """Documents matching enough of the query's groups, with their best record; also
        the terms to highlight and corrections for typed words that match nothing."""
        terms: dict[str, set[str]] = {}
        corrections: dict[str, str] = {}
        groups = self._groups(gen, parsed)
        group_scores: list[dict[int, float]] = []
        required = 0
        for group in groups:
            parts = [
                self._clause_query(
                    gen, clause, weight, terms if weight == 1.0 or not clause.phrase else None
                )
                for clause, weight in group.clauses
            ]
            parts = [p for p in parts if p is not None]
            if not any(analyze(lang, w) for w in group.typed for lang in FIELD_LANGUAGES):
                continue  # only stop words
            scores = self._best_of(gen, parts)
            if not scores:
                for word in group.typed:
                    better = gen.vocabulary.correct(word)
                    if better:
                        corrections[word] = better
            # A word that matches nothing and has a correction is a typo: in a short query it
            # must be found (so the corrected query runs); in a long one it is skipped.
            typo = len(groups) <= 3 and any(w in corrections for w in group.typed)
            if scores or typo:
                required += 1
                group_scores.append(scores)
        if not group_scores:
            return {}, {}, corrections
        bonus = self._proximity(gen, groups)
        records: dict[int, float] = defaultdict(float)
        record_groups: dict[int, set[int]] = defaultdict(set)
        for index, scores in enumerate(group_scores):
            for docnum, score in scores.items():
                records[docnum] += score
                record_groups[docnum].add(index)
        if bonus is not None:
            for docnum, score in self._scores(gen, bonus).items():
                if docnum in records:
                    records[docnum] += score
        excluded = self._excluded(gen, parsed)
        docs: dict[str, DocMatch] = {}
        for docnum, score in records.items():
            doc_id = gen.record_doc[docnum]
            if doc_id in excluded or doc_id not in gen.docs:
                continue
            match = docs.get(doc_id)
            if match is None:
                match = docs[doc_id] = DocMatch(doc_id)
            match.groups |= record_groups[docnum]
            if score > match.best_score:
                match.second = match.best_score
                match.best, match.best_score = docnum, score
            elif score > match.second:
                match.second = score
        needed = minimum_match(required)
        kept = {}
        for doc_id, match in docs.items():
            if len(match.groups) >= needed:
                coverage = len(match.groups) / required
                match.score = (match.best_score + 0.2 * match.second) * coverage**2
                kept[doc_id] = match
        return kept, {lang: frozenset(t) for lang, t in terms.items()}, corrections

    def _proximity(self, gen: Generation, groups: list[Group]) -> wq.Query | None:
        """A bonus for records where the typed words stand close together."""
        typed = [w for g in groups for w in g.typed]
        if len(typed) < 2:
            return None
        parts = []
        for lang in FIELD_LANGUAGES:
            sequence = [t for w in typed for t in analyze(lang, w)]
            if len(sequence) >= 2:
                for name in ("body", "title", "heading"):
                    parts.append(
                        wq.Phrase(
                            text_field(name, lang), sequence, slop=4, boost=FIELD_BOOSTS[name]
                        )
                    )
        return wq.Or(parts) if parts else None

    def _excluded(self, gen: Generation, parsed: ParsedQuery) -> set[str]:
        excluded: set[str] = set()
        for clause in parsed.excluded:
            q = self._clause_query(gen, clause, 1.0, None)
            if q is not None:
                excluded.update(gen.record_doc[n] for n in self._scores(gen, q))
        return excluded

    # -- response ----------------------------------------------------------------------
    def _respond(
        self,
        gen: Generation,
        request: SearchRequest,
        ui: str,
        matches: dict[str, DocMatch] | None,
        terms: dict[str, frozenset[str]],
        filters: dict[str, set[str]],
    ) -> dict[str, Any]:
        pool = list(gen.docs) if matches is None else [d for d in matches if d in gen.docs]
        selected = [d for d in pool if self._passes(gen.docs[d], filters)]
        facets = self._facets(gen, pool, filters, ui)
        if matches is None or request.sort == "date":

            def by_date(d: str) -> tuple[str, float, str]:
                score = matches[d].score if matches else 0.0
                return (gen.docs[d]["date"], score, gen.docs[d]["title"])

            selected.sort(key=by_date, reverse=True)
        else:
            selected.sort(key=lambda d: (-matches[d].score, _negated(gen.docs[d]["date"]), d))
        start = (request.page - 1) * request.per_page
        page = selected[start : start + request.per_page]
        hits = [
            self._hit(gen, doc_id, matches.get(doc_id) if matches else None, terms)
            for doc_id in page
        ]
        return {
            "total": len(selected),
            "page": request.page,
            "per_page": request.per_page,
            "hits": hits,
            "facets": facets,
        }

    def _hit(
        self, gen: Generation, doc_id: str, match: DocMatch | None, terms: dict[str, frozenset[str]]
    ) -> dict[str, Any]:
        doc = gen.docs[doc_id]
        anchor = t = None
        text = ""
        if match is not None and match.best >= 0:
            record = gen.searcher.stored_fields(match.best)
            anchor, t, text = record.get("anchor"), record.get("t"), record.get("text") or ""
        lang = field_language(doc["language"])
        if match is None:
            excerpt = escape(_shorten(doc["summary"]))
        else:
            excerpt = snippet(text, lang, terms.get(lang, frozenset()), doc["summary"])
        url = "/" + doc_id
        if t is not None:
            url += f"#t={t}"
        elif anchor:
            url += f"#{anchor}"
        hit = {
            "id": doc_id,
            "type": doc["type"],
            "title": doc["title"],
            "url": url,
            "section": anchor if t is None else None,
            "t": t,
            "snippet": excerpt,
            "date": doc["date"],
            "language": doc["language"],
            "countries": doc["countries"],
            "cities": doc["cities"],
            "themes": doc["themes"],
            "networks": doc["networks"],
            "score": round(match.score, 4) if match is not None else None,
        }
        if t is not None and doc.get("video"):
            hit["video_url"] = video_at(doc["video"], t)
        return hit

    def _facets(
        self, gen: Generation, pool: list[str], filters: dict[str, set[str]], ui: str
    ) -> dict[str, list[dict[str, Any]]]:
        facets: dict[str, list[dict[str, Any]]] = {}
        for name in FACETS:
            counts: Counter[str] = Counter()
            key = FACET_KEYS[name]
            for doc_id in pool:
                doc = gen.docs[doc_id]
                if self._passes(doc, filters, skip=name):
                    values = doc[key]
                    counts.update(set(values) if isinstance(values, list) else [values])
            chosen = filters.get(name, set())
            for value in chosen:
                counts.setdefault(value, 0)
            entries = [
                {
                    "value": v,
                    "label": self._label(gen, name, v, ui),
                    "count": c,
                    "selected": v in chosen,
                }
                for v, c in counts.items()
                if v
            ]
            entries.sort(key=lambda e: (-e["count"], fold(e["label"])))
            facets[name] = entries
        return facets

    @staticmethod
    def _label(gen: Generation, name: str, value: str, ui: str) -> str:
        if name == "theme":
            return gen.taxonomy.label("theme", value, ui)
        if name == "network":
            return gen.taxonomy.label("network", value, ui)
        if name == "country":
            return country_name(value, ui)
        if name == "language":
            return language_name(value, ui)
        if name == "type":
            return TYPE_LABELS.get(value, {}).get(ui, value)
        return value


def _records_per_field(docs: dict[str, dict[str, Any]], record_doc: list[str]) -> dict[str, int]:
    """How many section records can hold each text field (by their document's language)."""
    per_language: Counter[str] = Counter()
    for doc_id in record_doc:
        doc = docs.get(doc_id)
        if doc is not None:
            per_language[field_language(doc["language"])] += 1
    counts = {
        text_field(name, lang): per_language[lang]
        for lang in FIELD_LANGUAGES
        for name in ("title", "heading", "summary", "body")
    }
    everyone = sum(per_language.values())
    counts.update({text_field("meta", lang): everyone for lang in LANGUAGES})
    counts[text_field("meta", "xx")] = per_language["xx"]
    return counts


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
