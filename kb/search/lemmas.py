"""When a stem joins two different words, the one typed counts more than the other.

A stemmer cuts derived words to the stem of another word: the Spanish one cuts
``voluntariado`` (volunteering) and *voluntarias* (voluntary, as in "voluntary local
reviews") to the same *voluntari*. When the corpus writes, under the typed word's stem,
words that are not inflections of it (another ending than a plural or a gender), a record
that holds none of the typed word's own inflections matches it at ``OTHER_WORD_WEIGHT``:
documents about volunteering come before those that only say *voluntarias*. The corpus's
own words decide, per generation; a stem that joins only inflections changes nothing. Only
a query of one or two parts (a topic) asks for its words so precisely: in a question, a
derived word (*prévention* for ``prévenir``) is as good a clue as the word typed.
"""

from __future__ import annotations

from bisect import bisect_left

from kb.analysis import LANGUAGES, analyze, fold
from kb.generation import Generation
from kb.query import Clause
from kb.search.cognates import MAX_CANDIDATES, sorted_words
from kb.search.proper_names import is_name, written_forms

OTHER_WORD_WEIGHT = 0.4  # a record that writes the stem's other words only


def inflection_key(word: str) -> str:
    """``word`` without a plural or gender ending (es, pt, en, fr), folded: the words of
    one key are forms of one word (*voluntarias*, *voluntario* → ``voluntari``)."""
    key = fold(word)
    if key.endswith("ies"):
        key = key[:-3] + "y"
    elif key.endswith(("s", "x")) and len(key) > 3:
        key = key[:-1]
    if key.endswith(("a", "e", "o")) and len(key) > 3:
        key = key[:-1]
    return key[:-1] + "i" if key.endswith("y") else key


def preferred(gen: Generation, clause: Clause, weight: float) -> frozenset[str]:
    """The inflections a typed one-word clause prefers (``own_forms``), none for a
    name, a scoped word or an expansion."""
    if len(clause.words) != 1 or weight != 1.0 or clause.scope or is_name(gen, clause.text):
        return frozenset()
    return own_forms(gen, clause.text)


def own_forms(gen: Generation, word: str) -> frozenset[str]:
    """The spellings (as the ``spell`` field holds them) of ``word``'s inflections in
    the corpus, when its stem also joins other words there; else none (no preference)."""
    return gen.remember("own_forms", fold(word), lambda: _own_forms(gen, word))


def _own_forms(gen: Generation, word: str) -> frozenset[str]:
    key = inflection_key(word)
    own: set[str] = set()
    others = False
    keys = sorted_words(gen)
    for lang in LANGUAGES:
        stems = analyze(lang, word)
        if len(stems) != 1:
            continue
        start = bisect_left(keys, stems[0])
        for found in keys[start : start + MAX_CANDIDATES]:
            if not found.startswith(stems[0]):
                break
            if analyze(lang, found) != stems:
                continue
            if inflection_key(found) == key:
                own.add(found)
            else:
                others = True
    if not own or not others:
        return frozenset()
    return frozenset(s for found in own for s in written_forms(gen, found))
