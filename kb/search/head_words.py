"""A word of a concept's longer label stands, weakly, for that concept.

``planning`` alone names no concept of the taxonomy, but it is a word of the English label
"Strategic planning". When a typed word (as a stem, in any language) belongs to the labels
of several words of exactly one concept, the word is also searched as that concept's labels
and synonyms, at ``HEAD_WEIGHT`` of what a full name's expansion weighs: the Spanish
*planificación estratégica* for ``planning``. A word shared by the labels of two concepts
(``cooperation``) stands for neither; synonyms, looser, lend no word.
"""

from __future__ import annotations

from kb.analysis import LANGUAGES, analyze, fold
from kb.generation import Generation
from kb.taxonomy import Concept, TermMatch

HEAD_WEIGHT = 0.3
MIN_LENGTH = 5  # shorter words are too often parts of many names


def concept_of(gen: Generation, word: str, position: int) -> TermMatch | None:
    """The one concept whose several-word labels hold ``word``, as a match at
    ``position`` of the query (None when none or several do)."""
    if len(word) < MIN_LENGTH:
        return None
    found = gen.remember("head_word", fold(word).lower(), lambda: _only_concept(gen, word))
    if found is None:
        return None
    concept, lang = found
    return TermMatch(concept, position, position + 1, lang)


def _only_concept(gen: Generation, word: str) -> tuple[Concept, str] | None:
    names = _labels_by_stem(gen)
    found: dict[str, tuple[Concept, str]] = {}
    for lang in LANGUAGES:
        for stem in analyze(lang, word)[:1]:
            for concept in names[lang].get(stem, ()):
                found.setdefault(concept.id, (concept, lang))
    return next(iter(found.values())) if len(found) == 1 else None


def _labels_by_stem(gen: Generation) -> dict[str, dict[str, list[Concept]]]:
    """Per language, each stem of the concepts' labels of several words → the concepts."""
    cached = gen.cache.get("labels_by_stem")
    if cached is None:
        cached = {lang: {} for lang in LANGUAGES}
        concepts = [*gen.taxonomy.themes.values(), *gen.taxonomy.networks.values()]
        for concept in concepts:
            for lang, text in concept.labels.items():
                stems = analyze(lang, text) if lang in cached else []
                for stem in set(stems) if len(stems) > 1 else ():
                    holders = cached[lang].setdefault(stem, [])
                    if concept not in holders:
                        holders.append(concept)
        gen.cache["labels_by_stem"] = cached
    return cached
