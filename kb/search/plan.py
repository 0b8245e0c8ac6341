"""Stage 2, the query plan: a parsed query as groups of alternatives, each as index terms.

A group is one required part of the query (a typed word or phrase); its alternatives are
the typed clause, then the taxonomy's labels and synonyms of the concept it names. Each
alternative becomes index terms: the word analysed in every language's fields (its own
forms at full weight, the other languages' stems weaker), with accents restored from the
corpus's own spelling when the word was typed without them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query as wq

from kb.analysis import FIELD_LANGUAGES, LANGUAGES, analyze, fold, words
from kb.generation import Generation
from kb.query import Clause, ParsedQuery
from kb.schema import text_field
from kb.search.cognates import is_cognate_stem
from kb.search.head_words import HEAD_WEIGHT, concept_of
from kb.search.languages import QueryLanguages, guess, is_stop_word
from kb.search.proper_names import is_name, written_forms
from kb.taxonomy import TermMatch

FIELD_BOOSTS = {"title": 3.0, "heading": 2.0, "summary": 1.5, "body": 1.0, "meta": 0.8}
CROSS_LANGUAGE_WEIGHT = 0.6
LABEL_WEIGHT = 0.7  # a concept's label in another language: a translation
SYNONYM_WEIGHT = 0.5
LOOSE_WEIGHT = 0.25  # a word of a hyphenated compound found alone
EXACT_FIELD = "spell"  # unstemmed words, as written: a typed word found as typed
EXACT_WEIGHT = 0.35
MAX_ALTERNATIVES = 48  # a typed word and its translations and synonyms


@dataclass
class Group:
    """One required part of a query: alternatives (typed and expanded) that can match it."""

    clauses: list[tuple[Clause, float]]
    typed: list[str]  # the words the user typed for it
    concepts: list[TermMatch] = field(default_factory=list)
    origins: dict[int, TermMatch] = field(default_factory=dict)  # clause → the concept
    stop: bool = False  # a function word of the query's language: searched for nothing
    compound: bool = False  # typed as one hyphenated word: ``sur-sur``

    @property
    def size(self) -> int:
        """How many of the query's words the group stands for when counting how much of
        the query a document contains: a hyphenated compound counts as its words."""
        return len(self.typed) if self.compound else 1


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
    written: frozenset[str] = frozenset()  # a name: only records holding it as written
    own: frozenset[str] = frozenset()  # its inflections, where its stem joins other words

    def __bool__(self) -> bool:
        return bool(self.terms or self.together or self.phrases)


def groups(gen: Generation, parsed: ParsedQuery) -> list[Group]:
    """The query's groups, with taxonomy expansions merged into the words they name and
    the function words of the query's language marked ``stop``."""
    return planned(gen, parsed)[0]


def planned(gen: Generation, parsed: ParsedQuery) -> tuple[list[Group], QueryLanguages]:
    """The query's groups (``groups``), and its languages as guessed to mark them."""
    typed_groups = [
        Group(
            _typed_clauses(alts),
            [w for c in alts for w in c.words],
            compound=any(c.compound for c in alts),
        )
        for alts in parsed.groups
    ]
    merged: dict[int, Group] = {}
    dropped: set[int] = set()
    for run in _plain_runs(typed_groups):
        typed = [typed_groups[i].typed[0] for i in run]
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
            _expand(group, match)
    found = [merged.get(i, g) for i, g in enumerate(typed_groups) if i not in dropped]
    guessed = guess(gen, [w for g in found for w in g.typed])
    _mark_stop_words(found, guessed.languages)
    searched = [g for g in found if not g.stop]
    if len(searched) == 1:  # a topic in one word: a word of a concept's name stands for it
        group = searched[0]
        plain = len(group.clauses) == 1 and not group.concepts and len(group.typed) == 1
        head = concept_of(gen, group.typed[0], 0) if plain else None
        if head is not None and not group.clauses[0][0].scope:
            _expand(group, head, HEAD_WEIGHT)
    return found, guessed


def _typed_clauses(alternatives: list[Clause]) -> list[tuple[Clause, float]]:
    """A group's typed clauses at full weight; a hyphenated compound (``sur-sur``) is
    also found, for less, by each of its words."""
    found = [(c, 1.0) for c in alternatives]
    for clause in alternatives:
        if clause.compound:
            found.extend((Clause(w, scope=clause.scope), LOOSE_WEIGHT) for w in clause.words)
    return found


def _mark_stop_words(found: list[Group], languages: frozenset[str]) -> None:
    """Mark the plain words that are function words in the query's language(s); a query
    made only of function words searches them as words."""
    plain = [g for g in found if len(g.clauses) == 1 and len(g.typed) == 1 and not g.concepts]
    plain = [g for g in plain if not g.clauses[0][0].phrase and not g.clauses[0][0].scope]
    stops = [g for g in plain if is_stop_word(g.typed[0], languages)]
    if len(stops) < len(found):
        for group in stops:
            group.stop = True


def _plain_runs(typed_groups: list[Group]) -> list[list[int]]:
    """Runs of consecutive plain words (no phrase, no scope): they can name a concept."""
    plain = [
        i
        for i, g in enumerate(typed_groups)
        if len(g.clauses) == 1 and not g.clauses[0][0].phrase and not g.clauses[0][0].scope
    ]
    runs: list[list[int]] = []
    for index in plain:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def _expand(group: Group, match: TermMatch, scale: float = 1.0) -> None:
    """Add a concept's labels and synonyms that the group does not have yet (their
    weights times ``scale``)."""
    group.concepts.append(match)
    seen = {fold(c.text) for c, _ in group.clauses}
    labels = set(match.concept.labels.values()) | translations(match, group.clauses[0][0].text)
    for _lang, term in match.concept.terms():
        if fold(term) not in seen:
            seen.add(fold(term))
            weight = (LABEL_WEIGHT if term in labels else SYNONYM_WEIGHT) * scale
            group.origins[len(group.clauses)] = match
            group.clauses.append((Clause(term, phrase=len(words(term)) > 1), weight))


def translations(match: TermMatch, typed: str) -> set[str]:
    """The other languages' synonyms that translate the one typed: when every language
    lists as many synonyms, the lists are parallel (the same place, the same term)."""
    lists = list(match.concept.synonyms.values())
    own = [fold(t) for t in match.concept.synonyms.get(match.lang, ())]
    if len(lists) < 2 or len({len(terms) for terms in lists}) != 1 or fold(typed) not in own:
        return set()
    place = own.index(fold(typed))
    return {terms[place] for terms in lists}


def forms(gen: Generation, text: str) -> dict[str, dict[str, float]]:
    """Per field language: the index terms ``text`` may take, weighted.

    A word typed without accents is analysed as the corpus writes it (``membresia`` as
    ``membresía``: the Spanish stemmer cuts them differently). Another language's stem
    of a single word weighs ``CROSS_LANGUAGE_WEIGHT`` and counts only where it stands
    for a cognate (``kb.search.cognates``)."""
    written = " ".join(restore_accents(gen, w) for w in words(text))
    own = {lang: set(analyze(lang, written)) for lang in FIELD_LANGUAGES}
    single = len(words(text)) == 1
    found: dict[str, dict[str, float]] = {}
    for lang in FIELD_LANGUAGES:
        weights = {t: 1.0 for t in own[lang]}
        if lang in LANGUAGES:
            for other in LANGUAGES:
                for t in own[other]:
                    if t not in weights and (not single or is_cognate_stem(gen, text, t, lang)):
                        weights[t] = CROSS_LANGUAGE_WEIGHT
        found[lang] = weights
    return found


def restore_accents(gen: Generation, word: str) -> str:
    """``word`` as the corpus writes it when it was typed without accents."""
    if word != fold(word):
        return word
    written = gen.vocabulary.written(word)
    return written if written and fold(written) == fold(word) else word


def alternative(
    gen: Generation, clause: Clause, weight: float, terms: dict[str, set[str]] | None
) -> Alternative:
    """The clause as the index terms of every language's fields that exist in the index.

    ``terms`` collects what to highlight (None: nothing).
    """
    fields = ("title",) if clause.scope == "title" else tuple(FIELD_BOOSTS)
    if clause.phrase:
        return _phrase(gen, clause, weight, fields, terms)
    found = Alternative()
    single = len(clause.words) == 1
    if single and is_name(gen, clause.text):
        found.written = written_forms(gen, clause.text)
    if single and weight == 1.0 and not clause.scope:
        # The word as typed counts a little more than its other forms.
        for spelled in written_forms(gen, clause.text):
            found.terms.append((EXACT_FIELD, spelled, EXACT_WEIGHT))
    for lang, weighted in forms(gen, clause.text).items():
        if terms is not None:
            terms.setdefault(lang, set()).update(weighted)
        for form, form_weight in weighted.items():
            for name in fields:  # absent terms cost one cached lookup in retrieval
                boost = FIELD_BOOSTS[name] * weight * form_weight
                found.terms.append((text_field(name, lang), form, boost))
    return found


def _phrase(
    gen: Generation,
    clause: Clause,
    weight: float,
    fields: tuple[str, ...],
    terms: dict[str, set[str]] | None,
) -> Alternative:
    """A phrase as a term (one word), terms that meet in a record, or an exact phrase."""
    reader = gen.searcher.reader()
    found = Alternative()
    written = " ".join(restore_accents(gen, w) for w in words(clause.text))
    for lang in FIELD_LANGUAGES:
        for seq in {tuple(analyze(lang, clause.text)), tuple(analyze(lang, written))}:
            if not seq:
                continue
            if terms is not None:
                terms.setdefault(lang, set()).update(seq)
            for name in fields:
                fieldname = text_field(name, lang)
                # IndexReader.__contains__ exists at run time, untyped in whoosh3
                if any((fieldname, t) not in reader for t in seq):  # type: ignore[operator]
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
    return found


def highlight_terms(gen: Generation, parsed: ParsedQuery) -> dict[str, frozenset[str]]:
    """Per field language, the index terms a query matches (to mark them in a page)."""
    terms: dict[str, set[str]] = {}
    for group in groups(gen, parsed):
        if group.stop:
            continue
        for clause, weight in group.clauses:
            if weight == 1.0 or not clause.phrase:
                alternative(gen, clause, weight, terms)
    return {lang: frozenset(t) for lang, t in terms.items()}
