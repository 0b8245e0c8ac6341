"""Filters understood from a query: the countries, cities, networks and themes it names.

Nothing is applied: each recognised name becomes a suggestion the user may click, and
the words keep searching the text. Precision comes first:

- a country or city is recognised when a run of the query's words is exactly its name
  (accents and case aside) in Spanish, Portuguese, English or French, its spelling in
  the metadata, or one of its names in the gazetteer (``lisbon``, ``Bolonia``); codes
  (``es``, ``de``) and stop words alone are never names;
- a name that the corpus also writes in lower case in mid-sentence (``paz``,
  ``esperanza``, ``el alto``) is a name in the query only when the query writes it with
  its capitals (``El Alto``, not ``el alto costo`` nor ``El alto costo``), or when it is
  the whole query and the corpus writes it more often with a capital than without;
- a query of several words that ends in a function word was cut short of a name: it
  names the places whose names it begins (``ciudad de`` → Ciudad de México, ``rio de``);
- themes and networks are recognised by the taxonomy (labels, synonyms and acronyms in
  the four languages) or by their id;
- a value is suggested only when some of the current results have it and it is not
  already selected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pycountry

from kb.analysis import (
    FIELD_LANGUAGES,
    LANGUAGES,
    all_stop_words,
    analyze,
    fold,
    strip_accents,
)
from kb.names import country_name
from kb.schema import text_field

if TYPE_CHECKING:
    from kb.generation import Generation

MAX_RUN = 4  # words in one name
MAX_RECORDS_READ = 60  # passages read to decide whether a name is a common noun
_OPENERS = '.!?:;¿¡\n"“«(—–-'  # after these a capital says nothing


@dataclass(frozen=True)
class Suggestion:
    facet: str
    value: str
    start: int  # position of the first query word naming it
    end: int


def recognise(gen: Generation, query_words: list[str]) -> list[Suggestion]:
    """Every facet value the words name, left to right, longest names first."""
    folded = [fold(w) for w in query_words]
    found: list[Suggestion] = []
    names = _names(gen)
    stop = all_stop_words()
    start = 0
    while start < len(folded):
        for end in range(min(len(folded), start + MAX_RUN), start, -1):
            run = folded[start:end]
            if run[0] in stop and end - start == 1:
                continue
            for facet, value in names.get(" ".join(run), ()):
                if _named(gen, query_words, start, end):
                    found.append(Suggestion(facet, value, start, end))
            if found and found[-1].start == start:
                start = end
                break
        else:
            start += 1
    for match in gen.taxonomy.match(query_words):
        found.append(Suggestion(match.concept.kind, match.concept.id, match.start, match.end))
    for position, word in enumerate(folded):
        for kind, concepts in (("theme", gen.taxonomy.themes), ("network", gen.taxonomy.networks)):
            if word in concepts and not any(s.value == word for s in found):
                found.append(Suggestion(kind, word, position, position + 1))
    unique = {(s.facet, s.value): s for s in reversed(found)}
    return sorted(unique.values(), key=lambda s: (s.start, s.facet))


def begun(gen: Generation, query_words: list[str]) -> list[Suggestion]:
    """The places a query of several words ending in a function word begins to name
    (``ciudad de`` → Ciudad de México): such a query was cut short of a name."""
    folded = [fold(w) for w in query_words]
    if len(folded) < 2 or folded[-1] not in all_stop_words():
        return []
    start = " ".join(folded) + " "
    named = {
        pair for name, pairs in _names(gen).items() if name.startswith(start) for pair in pairs
    }
    return [Suggestion(facet, value, 0, len(folded)) for facet, value in sorted(named)]


def _names(gen: Generation) -> dict[str, list[tuple[str, str]]]:
    """Folded name → (facet, value) for the countries and cities of the generation."""
    cached = gen.cache.get("place_names")
    if cached is not None:
        return cached
    names: dict[str, list[tuple[str, str]]] = {}

    def add(name: str, facet: str, value: str) -> None:
        key = " ".join(fold(w) for w in re.findall(r"\w+", name))
        if len(key) > 2 and (facet, value) not in names.get(key, []):
            names.setdefault(key, []).append((facet, value))

    for code in gen.facets.facets["country"].values:
        for lang in LANGUAGES:
            add(country_name(code, lang), "country", code)
        found = pycountry.countries.get(alpha_2=code)
        for attr in ("name", "common_name"):
            if getattr(found, attr, None):
                add(getattr(found, attr), "country", code)
    cities = gen.facets.facets["city"]
    for city in cities.values:
        add(city, "city", city)
    for other, city in cities.aliases.items():  # other spellings, names in the gazetteer
        add(other, "city", city)
    gen.cache["place_names"] = names
    return names


def _named(gen: Generation, query_words: list[str], start: int, end: int) -> bool:
    """Whether the run ``start:end`` of the query is used as a name (see the module)."""
    if _capitalised(query_words, start, end):
        return True
    run = query_words[start:end]
    proper, common = _usage(gen, run)
    if end - start == len(query_words):
        return proper >= common
    stop = all_stop_words()
    rest = [w for w in run if fold(w) not in stop]  # "El Alto" is also "el alto costo"
    return common == 0 and (rest == run or not rest or _usage(gen, rest)[1] == 0)


def _capitalised(query_words: list[str], start: int, end: int) -> bool:
    """Whether the query writes the run's words (stop words aside) with a capital, in a
    query where capitals say something: not all in capitals, and not only its first word."""
    stop = all_stop_words()
    significant = [i for i in range(start, end) if fold(query_words[i]) not in stop] or [start]
    if not all(query_words[i][:1].isupper() for i in significant):
        return False
    return significant != [0] and not " ".join(query_words).isupper()


def _usage(gen: Generation, name_words: list[str]) -> tuple[int, int]:
    """How often the corpus writes these words with a capital, and in lower case, in
    mid-sentence (web and mail addresses aside)."""
    key = ("name_usage", " ".join(fold(w) for w in name_words))
    cached = gen.cache.get(key)
    if cached is not None:
        return cached
    pattern = re.compile(
        r"(?<![\w./@#-])"
        + r"\s+".join(re.escape(fold(w)) for w in name_words)
        + r"(?![\w@]|[./-]\w)",
        re.IGNORECASE,
    )
    proper = common = 0
    for text in _texts_with(gen, name_words[-1]):
        plain = strip_accents(text)
        for match in pattern.finditer(plain):
            before = plain[max(0, match.start() - 8) : match.start()].rstrip()
            if match.start() < 8 and not before or before and before[-1] in _OPENERS:
                continue  # a capital at the start of a sentence says nothing
            last = match.group().split()[-1]
            if last[:1].isupper():
                proper += 1
            elif last.islower():
                common += 1
    gen.cache[key] = (proper, common)
    return proper, common


def _texts_with(gen: Generation, word: str) -> list[str]:
    """The stored text of some records whose body holds ``word`` in any language."""
    records: set[int] = set()
    for lang in FIELD_LANGUAGES:
        for term in dict.fromkeys(analyze(lang, word)):
            found = gen.fields.bm25(text_field("body", lang), term)
            if found is not None:
                records.update(np.asarray(found[0][:MAX_RECORDS_READ]).tolist())
    texts = []
    for record in sorted(records)[:MAX_RECORDS_READ]:
        stored = gen.searcher.reader().stored_fields(record)
        texts.append(stored.get("text") or "")
    return texts
