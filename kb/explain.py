"""Why a document matched: the query's words found in it, and how each was found.

A word is ``typed`` when the document writes it as typed (accents and case aside); a
``stem`` when the document writes another form of the same word, by the stemmer of the
document's language (never through another language's stemmer, and never for a name,
which has no other forms: ``milan`` is not *mil*, ``quito`` is not *quiten*); a
``synonym`` (a term of the taxonomy) only when none of the typed word's forms is in the
document; ``spelling`` when the word was corrected. A form that is none of these is not
offered as a reason.

It works on one document of a result page at a time, from the texts its places read;
further texts (title, summary, headings, other matching sections) are read only for the
groups the places do not explain.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from kb.analysis import LANGUAGES, analyze, field_language, fold
from kb.names import country_name
from kb.places import MAX_PLACES, phrase_forms
from kb.snippets import Analysed

if TYPE_CHECKING:
    from kb.generation import Generation
    from kb.search.collapse import Matches
    from kb.search.plan import Source

__all__ = ["MAX_PLACES", "explain", "metadata_names"]

MAX_EXPLANATIONS = 8
MAX_FOUND_PER_SOURCE = 2
Group = tuple[str, ...]


def explain(
    gen: Generation,
    doc: dict[str, Any],
    texts: list[Analysed],
    matches: Matches,
    further: Callable[[], list[Analysed]],
) -> list[dict[str, Any]]:
    """How the query matched ``doc``: ``{"query", "found", "via", "theme", "network",
    "lang"}`` per word found, ``via`` one of typed, stem, synonym, spelling.

    ``texts`` are the places shown (as the snippets read them, in the document's field
    language); ``further`` gives the document's other texts, read only when a typed
    word is not in ``texts`` as typed.
    """
    lang = field_language(doc["language"])
    reasons = _Reasons(doc, lang, matches, metadata_names(gen))
    reasons.typed(texts)
    if not reasons.complete() or not reasons.exact():
        more = further()
        reasons.typed(more)
        texts = texts + more
    if not reasons.complete():
        reasons.synonyms(texts)
    if not reasons.complete():
        reasons.typed([_tags(gen, doc, lang)])
    if not reasons.complete():
        reasons.tagged()
    return reasons.found[:MAX_EXPLANATIONS]


class _Reasons:
    """The reasons found so far for one document, and the groups they explain."""

    def __init__(self, doc: dict[str, Any], lang: str, matches: Matches, names: frozenset[str]):
        self.doc = doc
        self.lang = lang
        self.matches = matches
        self.names = names
        self.found: list[dict[str, Any]] = []
        self.explained: dict[Group, set[str]] = {}  # per group, the words explained
        self.proper: dict[str, bool] = {}  # typed word → written as a name here

    def complete(self) -> bool:
        """Whether every group of the query is explained."""
        return all(self.explained.get(s.typed) for s in self.matches.sources)

    def exact(self) -> bool:
        """Whether every typed word is explained as typed (not only by another form)."""
        return all(
            fold(s.text) in self.explained.get(s.typed, ())
            for s in self.matches.sources
            if s.weight == 1.0 and not s.phrase
        )

    def typed(self, texts: list[Analysed]) -> None:
        """Explain the groups whose typed words (or their forms) ``texts`` hold: the
        words as typed first, then up to ``MAX_FOUND_PER_SOURCE`` forms in all."""
        for source in self.matches.sources:
            if source.weight != 1.0:
                continue
            seen = self.explained.setdefault(source.typed, set())
            surfaces = [s for s in _found(texts, source) if self._same_word(source, s, texts)]
            surfaces.sort(key=lambda s: fold(s) != fold(source.text))
            for surface in surfaces:
                if fold(surface) not in seen and (
                    fold(surface) == fold(source.text) or len(seen) < MAX_FOUND_PER_SOURCE
                ):
                    seen.add(fold(surface))
                    self.found.append(_entry(source, surface, self.matches.spelled))

    def synonyms(self, texts: list[Analysed]) -> None:
        """Explain each group still unexplained by a taxonomy term the texts hold."""
        for source in self.matches.sources:
            if source.weight == 1.0 or self.explained.get(source.typed):
                continue
            surfaces = [s for s in _found(texts, source) if self._same_word(source, s, texts)]
            if surfaces:
                self.explained[source.typed] = {fold(surfaces[0])}
                self.found.append(_entry(source, surfaces[0], self.matches.spelled))

    def tagged(self) -> None:
        """Explain each group still unexplained by the theme or network the document is
        tagged with, when one of the group's taxonomy terms names it."""
        for source in self.matches.sources:
            concept = source.concept.concept if source.concept else None
            if concept is None or source.weight == 1.0 or self.explained.get(source.typed):
                continue
            if concept.id in self.doc[f"{concept.kind}s"]:
                label = concept.label(self.doc["language"])
                self.explained[source.typed] = {fold(label)}
                self.found.append(_entry(source, label, self.matches.spelled))

    def _same_word(self, source: Source, surface: str, texts: list[Analysed]) -> bool:
        """Whether ``surface`` is one of the words searched (typed, or the taxonomy's
        term), or (for a word that is not a name) another form of it by the document
        language's stemmer."""
        if source.phrase:
            return True  # found word by word in the document's own language
        for word in source.typed if source.weight == 1.0 else (source.text,):
            if fold(word) == fold(surface):
                return True
            if not self._is_name(word, texts) and _stems(self.lang, word) & _stems(
                self.lang, surface
            ):
                return True
        return False

    def _is_name(self, word: str, texts: list[Analysed]) -> bool:
        """Whether the metadata names ``word``, or the texts write it as a name."""
        folded = fold(word)
        if folded in self.names:
            return True
        if folded not in self.proper:
            proper = common = 0
            for text in texts:
                capital, lower = text.cases(folded)
                proper, common = proper + capital, common + lower
            self.proper[folded] = proper > common
        return self.proper[folded]


@lru_cache(maxsize=100_000)
def _stems(lang: str, word: str) -> frozenset[str]:
    """The forms of ``word`` in ``lang``, as written and without accents."""
    return frozenset((*analyze(lang, word), *analyze(lang, fold(word))))


def _found(texts: list[Analysed], source: Source) -> list[str]:
    """The written words whose form the source searched, in order of appearance; for a
    phrase, the places where all its words stand together, in its order."""
    found: list[str] = []
    for text in texts:
        if source.phrase:
            for sequence in phrase_forms(text.lang, source.text):
                found += [text.written(first, last) for first, last in text.phrases(sequence)]
        else:
            terms = source.terms.get(text.lang, frozenset())
            hits = sorted(p for term in terms for p in text.positions.get(term, ()))
            found += [text.written(p, p) for p in hits]
    return list(dict.fromkeys(found))


def _tags(gen: Generation, doc: dict[str, Any], lang: str) -> Analysed:
    """The document's tags as words: its themes, networks and countries in every
    language, its cities."""
    tags = [country_name(c, ui) for c in doc["countries"] for ui in LANGUAGES]
    for kind in ("theme", "network"):
        for concept_id in doc[f"{kind}s"]:
            tags += [gen.taxonomy.label(kind, concept_id, ui) for ui in LANGUAGES]
    return Analysed("\n".join(tags + doc["cities"]), lang)


def metadata_names(gen: Generation) -> frozenset[str]:
    """The folded names the metadata gives places, networks and countries (cached)."""
    names = gen.cache.get("metadata_names")
    if names is None:
        found = {fold(city) for city in gen.facets.facets["city"].values}
        for network in gen.taxonomy.networks.values():
            found.update(fold(text) for _lang, text in network.terms())
            found.add(fold(network.id))
        for code in gen.facets.facets["country"].values:
            found.update(fold(country_name(code, ui)) for ui in LANGUAGES)
        names = frozenset(found)
        gen.cache["metadata_names"] = names
    return names


def _entry(source: Source, surface: str, spelled: dict[str, str]) -> dict[str, Any]:
    """One explanation: which typed word found which written word, and how."""
    typed = " ".join(source.typed)
    entry: dict[str, Any] = {
        "query": typed,
        "found": surface if surface.isupper() else surface.lower(),
        "via": "typed",
        "theme": None,
        "network": None,
        "lang": None,
    }
    if source.concept is not None and source.weight != 1.0:
        concept = source.concept.concept
        entry["via"] = "synonym"
        entry[concept.kind] = concept.id
        entry["lang"] = source.concept.lang
    elif len(source.typed) == 1 or source.phrase:
        if fold(surface) != fold(typed):
            entry["via"] = "stem"
    else:
        # A concept named by several typed words: the one whose form was found.
        for word in source.typed:
            if fold(word) == fold(surface):
                entry["query"] = word
                break
        else:
            entry["via"] = "stem"
    misspelt = [spelled[w] for w in source.typed if w in spelled]
    if misspelt:
        entry["query"] = " ".join(spelled.get(w, w) for w in source.typed)
        entry["via"] = "spelling"
    return entry
