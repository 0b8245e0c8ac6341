"""Words that name a place, a network or a person in the metadata: searched as themselves.

A stemmer knows no names: the Spanish one cuts ``milan`` to *mil* (thousand) and ``quito``
to *quit* (as in *quiten*). A query word that is a one-word name in the generation's
metadata (a city, a country in es/pt/en/fr, a city network's id, label or synonym) only
matches records that contain the word as written (the unstemmed
``spell`` field, accents aside) or documents whose metadata carries it.
"""

from __future__ import annotations

import numpy as np

from kb.analysis import LANGUAGES, fold, words
from kb.generation import Generation
from kb.names import country_name

MIN_LENGTH = 3


def is_name(gen: Generation, word: str) -> bool:
    """Whether ``word`` is a one-word name of the generation's metadata."""
    return fold(word) in _name_words(gen)


def written_forms(gen: Generation, word: str) -> frozenset[str]:
    """The spellings of ``word`` the ``spell`` field may hold (as typed and as the corpus
    writes it, in lower case and capitalised: the field keeps case and accents)."""
    spellings = {word}
    written = gen.vocabulary.written(word)
    if written:
        spellings.add(written)
    cases = (str.lower, str.capitalize, str.upper)
    return frozenset(case(s) for s in spellings for case in cases)


def records_with(gen: Generation, forms: frozenset[str]) -> np.ndarray:
    """A mask of the records whose text holds one of ``forms`` as written."""
    mask = np.zeros(gen.fields.size, dtype=bool)
    for form in forms:
        found = gen.fields.postings("spell", form)
        if found is not None:
            mask[found[0]] = True
    return mask


def _name_words(gen: Generation) -> frozenset[str]:
    cached = gen.cache.get("name_words")
    if cached is None:
        names: set[str] = set()
        codes: set[str] = set()
        for doc in gen.docs:
            names.update(doc.get("cities") or ())
            codes.update(doc.get("countries") or ())
        names.update(country_name(code, lang) for code in codes for lang in LANGUAGES)
        for concept in gen.taxonomy.networks.values():
            names.add(concept.id)
            names.update(text for _lang, text in concept.terms())
        cached = frozenset(
            fold(name) for name in names if len(words(name)) == 1 and len(name) >= MIN_LENGTH
        )
        gen.cache["name_words"] = cached
    return cached
