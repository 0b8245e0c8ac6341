"""Where and why a document matched: its best places, and the query's words found in it.

Both work on one document of a result page at a time, from what the search already
computed (every record's score per query group), so a page of ten hits costs a few
stored-field reads more than it did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from kb.analysis import LANGUAGES, analyze, fold
from kb.names import country_name
from kb.snippets import analysed_words

if TYPE_CHECKING:
    from kb.generation import Generation
    from kb.search import Matches, Source

MAX_PLACES = 3  # more matching places listed under a hit, besides the best one
PLACE_DISTANCE = 60  # seconds between two listed moments of one transcript
MAX_SCANNED = 16  # candidate records read per document, best first
MIN_READ = 6  # records read for the explanation even when the places are found
MAX_EXPLANATIONS = 8
MAX_FOUND_PER_SOURCE = 2
MAX_GAP = 16  # characters between two words of a phrase (a stop word or two)


def places(
    gen: Generation, index: int, matches: Matches, needed: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The stored records of document ``index`` to list, best first, and all records read.

    Beyond the best, a place must match at least ``needed`` of the query's groups; no two
    places share a section, and no two transcript moments are closer than
    ``PLACE_DISTANCE`` seconds.
    """
    best = int(matches.best[index])
    if best < 0:
        return [], []
    low, high = np.searchsorted(matches.owners, [index, index + 1])
    candidates = matches.ranked[low:high][:MAX_SCANNED]  # this document's, best first
    coverage = np.zeros(len(candidates), dtype=np.int64)
    for vector in matches.vectors:
        coverage += vector[candidates] > 0
    first = gen.searcher.stored_fields(best)
    chosen = [first]
    read = [first]
    sections = {first.get("anchor") or ""} if first.get("t") is None else set()
    moments = [first["t"]] if first.get("t") is not None else []
    for record, covered in zip(candidates.tolist(), coverage.tolist(), strict=True):
        if record == best:
            continue
        if len(chosen) > MAX_PLACES and len(read) >= MIN_READ:
            break
        stored = gen.searcher.stored_fields(record)
        read.append(stored)
        if len(chosen) > MAX_PLACES or covered < needed:
            continue
        t = stored.get("t")
        if t is None:
            anchor = stored.get("anchor") or ""
            if anchor in sections:
                continue
            sections.add(anchor)
        else:
            if any(abs(t - other) < PLACE_DISTANCE for other in moments):
                continue
            moments.append(t)
        chosen.append(stored)
    return chosen, read


def explain(
    doc: dict[str, Any], lang: str, texts: list[str], matches: Matches
) -> list[dict[str, Any]]:
    """How the query matched ``doc``: ``{"query", "found", "via", "theme", "network",
    "lang"}`` per word found, ``via`` one of typed, stem, synonym, spelling.

    ``texts`` are the document's words as written (title, summary, the places read);
    ``lang`` is the field language its words were analysed in. A group's taxonomy
    synonyms are listed only when its typed words are not in the document.
    """
    words = Words("\n".join(t for t in texts if t), lang)
    found: list[dict[str, Any]] = []
    explained: dict[tuple[str, ...], set[str]] = {}  # per group, the forms explained
    for synonyms in (False, True):
        for source in matches.sources:
            if (source.weight != 1.0) != synonyms:
                continue
            seen = explained.setdefault(source.typed, set())
            if synonyms and seen:
                continue
            surfaces = words.found(source)
            limit = 1 if synonyms else MAX_FOUND_PER_SOURCE
            for surface in surfaces[:limit]:
                if fold(surface) not in seen:
                    seen.add(fold(surface))
                    found.append(_entry(source, surface, matches.spelled))
    # A group found only in the document's tags: a theme's label, a country's name.
    tags = "\n".join(
        [*(country_name(c, ui) for c in doc["countries"] for ui in LANGUAGES), *doc["cities"]]
    )
    tag_words = Words(tags, lang)
    for source in matches.sources:
        if explained.get(source.typed):
            continue
        if source.concept is not None and source.concept.concept.id in (
            doc["themes"] if source.concept.concept.kind == "theme" else doc["networks"]
        ):
            label = source.concept.concept.label(doc["language"])
            explained[source.typed] = {fold(label)}
            found.append(_entry(source, label, matches.spelled))
        elif source.weight == 1.0:
            surfaces = tag_words.found(source)
            if surfaces:
                explained[source.typed] = {fold(surfaces[0])}
                found.append(_entry(source, surfaces[0], matches.spelled))
    return found[:MAX_EXPLANATIONS]


class Words:
    """The words of a text as written, indexed by their analysed forms."""

    def __init__(self, text: str, lang: str) -> None:
        self.text = text
        self.spans = analysed_words(text, lang)
        self.lang = lang
        self.at: dict[str, list[int]] = {}
        for position, (_start, _end, form) in enumerate(self.spans):
            self.at.setdefault(form, []).append(position)

    def found(self, source: Source) -> list[str]:
        """The written words whose form the source searched, in order of appearance; for a
        phrase, the places where all its words stand together, in its order."""
        if not source.phrase:
            terms = source.terms.get(self.lang, frozenset())
            positions = sorted(p for term in terms if term in self.at for p in self.at[term])
            return list(dict.fromkeys(self._written(p, p) for p in positions))
        sequence = analyze(self.lang, source.text)
        if not sequence:
            return []
        places = []
        for first in self.at.get(sequence[0], ()):
            last = first + len(sequence) - 1
            if last < len(self.spans) and all(
                self.spans[first + i][2] == form
                and (i == 0 or self.spans[first + i][0] - self.spans[first + i - 1][1] <= MAX_GAP)
                for i, form in enumerate(sequence)
            ):
                places.append(self._written(first, last))
        return list(dict.fromkeys(places))

    def _written(self, first: int, last: int) -> str:
        return self.text[self.spans[first][0] : self.spans[last][1]]


def _first_of_each(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    firsts: dict[str, tuple[int, int, str]] = {}
    for span in spans:
        firsts.setdefault(span[2], span)
    return sorted(firsts.values())


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
