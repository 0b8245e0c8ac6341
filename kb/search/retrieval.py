"""Stage 3, retrieval and scoring: every record's BM25F score for each group of the plan.

Postings are read as arrays (``kb.postings``) and scored per language field; a group's
score in a record is its best alternative's plus a little of the others'. A typed word
that matches nothing gets a spelling correction from the corpus's vocabulary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as wq

from kb.analysis import FIELD_LANGUAGES, analyze
from kb.generation import Generation
from kb.query import Clause, ParsedQuery
from kb.schema import text_field
from kb.search.languages import is_stop_word
from kb.search.lemmas import OTHER_WORD_WEIGHT, preferred
from kb.search.plan import (
    CROSS_LANGUAGE_WEIGHT,
    EXACT_FIELD,
    MAX_ALTERNATIVES,
    Alternative,
    Group,
    Source,
    alternative,
    planned,
)
from kb.search.proper_names import records_with

META_PREFIX = text_field("meta", "xx").removesuffix("xx")

TOPIC_GROUPS = 2  # a query of this many parts names a topic: its words as typed
TIEBREAK = 0.1  # how much the other alternatives of a group add to the best one


@dataclass
class Retrieved:
    """Per group of the query that can match: every record's score, and how it was found."""

    vectors: list[np.ndarray] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)  # per vector, the words it stands for
    typed: list[str] = field(default_factory=list)  # per vector, the words as typed
    sources: list[Source] = field(default_factory=list)
    terms: dict[str, frozenset[str]] = field(default_factory=dict)  # to highlight
    corrections: dict[str, str] = field(default_factory=dict)  # typed word → correction
    unmatched: list[str] = field(default_factory=list)  # typed words no record contains


def retrieve(gen: Generation, parsed: ParsedQuery, late: Callable[[], bool]) -> Retrieved:
    """Score every group of the query; past the time budget (``late``) only the typed
    words are searched, so a query's cost is bounded."""
    found = Retrieved()
    terms: dict[str, set[str]] = {}
    found_groups, languages = planned(gen, parsed)
    searched = [
        w
        for g in found_groups
        if not g.stop
        for w in _written_or_words(gen, g, languages.languages)
    ]
    typed = [w for g in searched for w in g.typed]
    for group in searched:
        if not any(analyze(lang, w) for w in group.typed for lang in FIELD_LANGUAGES):
            continue  # only stop words of every language
        alternatives, group_sources = _alternatives(
            gen, group, terms, late(), len(searched) <= TOPIC_GROUPS
        )
        vector = best_of(gen, [a for a in alternatives if a])
        matched = bool(vector.any())
        if not matched and len(group.typed) == 1:
            other = _cognate(gen, group.typed[0], terms)
            if other is not None:
                vector, group_sources = other[0], [other[1]]
                matched = True
        for word in group.typed:  # a word found only through another form: names only
            better = _correction(gen, word, languages.around(typed, word), matched)
            if better:
                found.corrections[word] = better
        if not matched:
            found.unmatched.append(" ".join(group.typed))
        # A word that matches nothing and has a correction is a typo: in a short query it
        # must be found (so the corrected query runs); in a long one it is skipped.
        typo = len(searched) <= 3 and any(w in found.corrections for w in group.typed)
        if matched or typo:
            found.vectors.append(vector)
            found.sizes.append(group.size)
            found.typed.append(" ".join(group.typed))
            found.sources.extend(group_sources)
    found.terms = {lang: frozenset(t) for lang, t in terms.items()}
    return found


def _written_or_words(gen: Generation, group: Group, languages: frozenset[str]) -> list[Group]:
    """A hyphenated compound the corpus never writes (``Franco-Brazilian``) is searched
    as its words, each a part of the query of its own (function words aside:
    ``peut-elle``)."""
    compound = next((c for c, _ in group.clauses if c.compound), None)
    if compound is None or vector(gen, alternative(gen, compound, 1.0, None)).any():
        return [group]
    kept = [w for w in compound.words if not is_stop_word(w, languages)] or compound.words
    return [Group([(Clause(w, scope=compound.scope), 1.0)], [w]) for w in kept]


def _cognate(
    gen: Generation, word: str, terms: dict[str, set[str]]
) -> tuple[np.ndarray, Source] | None:
    """A word the corpus lacks, searched as the corpus writes it in another language
    (``collaboration`` as *colaboración*), weighted as another language's form."""
    spelled = gen.remember("cognate", word, lambda: gen.vocabulary.cognate(word))
    if spelled is None:
        return None
    own: dict[str, set[str]] = {}
    scores = vector(gen, alternative(gen, Clause(spelled), CROSS_LANGUAGE_WEIGHT, own))
    if not scores.any():
        return None
    for lang, found in own.items():
        terms.setdefault(lang, set()).update(found)
    forms = {lang: frozenset(found) for lang, found in own.items()}
    return scores, Source((word,), spelled, CROSS_LANGUAGE_WEIGHT, forms)


def _correction(gen: Generation, word: str, languages: frozenset[str], matched: bool) -> str | None:
    """``Vocabulary.correct``'s suggestion for ``word``, kept with the generation."""
    key = (word, languages, matched)
    return gen.remember(
        "correction", key, lambda: gen.vocabulary.correct(word, languages, names_only=matched)
    )


def _alternatives(
    gen: Generation, group: Group, terms: dict[str, set[str]], late: bool, topic: bool
) -> tuple[list[Alternative], list[Source]]:
    """The group's clauses as alternatives, and as sources to explain a match with; in
    a short query (``topic``), a typed word prefers its own inflections
    (``kb.search.lemmas``)."""
    alternatives = []
    sources = []
    for position, (clause, weight) in enumerate(group.clauses[:MAX_ALTERNATIVES]):
        if weight != 1.0 and late:
            continue
        own: dict[str, set[str]] = {}
        alt = alternative(gen, clause, weight, own)
        if topic:
            alt.own = preferred(gen, clause, weight)
        alternatives.append(alt)
        if weight == 1.0 or not clause.phrase:
            for lang, found in own.items():
                terms.setdefault(lang, set()).update(found)
        sources.append(
            Source(
                tuple(group.typed),
                clause.text,
                weight,
                {lang: frozenset(found) for lang, found in own.items()},
                group.origins.get(position),
                clause.phrase,
            )
        )
    return alternatives, sources


def vector(gen: Generation, alt: Alternative) -> np.ndarray:
    """Every record's score for one alternative (zero where it does not match)."""
    scores = np.zeros(gen.fields.size, dtype=np.float32)
    metadata = np.zeros(gen.fields.size, dtype=np.float32)
    exact = np.zeros(gen.fields.size, dtype=np.float32)
    in_language = np.zeros(gen.fields.size, dtype=bool)
    for fieldname, text, boost in alt.terms:
        found = gen.fields.bm25(fieldname, text)
        if found is not None:
            target = metadata if fieldname.startswith(META_PREFIX) else scores
            target = exact if fieldname == EXACT_FIELD else target
            target[found[0]] += boost * found[1]
            in_language[found[0]] |= target is scores
    if alt.written:  # a name: its stems count only where it is written as typed
        scores[~records_with(gen, alt.written)] = 0.0
    elif alt.own:  # a stem that joins other words: they count less (``kb.search.lemmas``)
        scores[~records_with(gen, alt.own)] *= OTHER_WORD_WEIGHT
    # As typed counts more where the word's language fields hold it, never alone: «era»
    # (English) written in a Spanish text is the verb, a stop word there.
    np.multiply(exact, in_language, out=exact)  # in place: a record-sized temporary costs
    scores += exact
    scores += metadata
    for fieldname, sequence, boost in alt.together:
        postings = [gen.fields.bm25(fieldname, text) for text in sequence]
        if any(p is None for p in postings):
            continue
        common = postings[0][0]  # type: ignore[index]
        for ids, _ in postings[1:]:  # type: ignore[misc]
            common = np.intersect1d(common, ids, assume_unique=True)
        for ids, term_scores in postings:  # type: ignore[misc]
            scores[common] += boost * term_scores[np.isin(ids, common, assume_unique=True)]
    for phrase in alt.phrases:
        for docnum, score in phrase_scores(gen, phrase).items():
            scores[docnum] += score
    return scores


def best_of(gen: Generation, alternatives: list[Alternative]) -> np.ndarray:
    """Per record, the best alternative's score plus a little of the others' (computed in
    place: every record-sized temporary array costs a page-faulting allocation)."""
    if len(alternatives) == 1:
        return vector(gen, alternatives[0])
    best = np.zeros(gen.fields.size, dtype=np.float32)
    total = np.zeros(gen.fields.size, dtype=np.float32)
    for alt in alternatives:
        scores = vector(gen, alt)
        np.maximum(best, scores, out=best)
        total += scores
    total -= best
    total *= np.float32(TIEBREAK)
    total += best
    return total


def phrase_scores(gen: Generation, q: wq.Query) -> dict[int, float]:
    """Scores of a query Whoosh matches itself (phrases need positions)."""
    searcher = gen.searcher
    matcher = q.matcher(searcher, searcher.context(weighting=gen.weighting))
    scores: dict[int, float] = {}
    while matcher.is_active():
        scores[matcher.id()] = matcher.score()
        matcher.next()
    return scores


def excluded(gen: Generation, parsed: ParsedQuery) -> np.ndarray:
    """The documents that contain a word the query excludes (``-word``)."""
    mask = np.zeros(len(gen.docs), dtype=bool)
    for clause in parsed.excluded:
        scores = vector(gen, alternative(gen, clause, 1.0, None))
        owners = gen.record_doc[np.flatnonzero(scores > 0)]
        mask[owners[owners >= 0]] = True
    return mask
