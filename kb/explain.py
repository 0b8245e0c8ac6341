"""Where and why a document matched: its best places, and the query's words found in it.

Both work on one document of a result page at a time, from what the search already
computed (every record's score per query group) and the texts its snippets read, so a
page of ten hits costs a few stored-field reads more than it did.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from kb.analysis import LANGUAGES, analyze, fold
from kb.names import country_name
from kb.snippets import Analysed

if TYPE_CHECKING:
    from kb.generation import Generation
    from kb.search.collapse import Matches
    from kb.search.plan import Source

MAX_PLACES = 3  # more matching places listed under a hit, besides the best one
PLACE_DISTANCE = 60  # seconds between two listed moments of one transcript
MAX_SCANNED = 16  # candidate records read per document, best first
MAX_EXPLANATIONS = 8
MAX_FOUND_PER_SOURCE = 2
MAX_GAP = 16  # characters between two words of a phrase (a stop word or two)


def places(
    gen: Generation, index: int, matches: Matches, needed: int, more: int = MAX_PLACES
) -> list[dict[str, Any]]:
    """The stored records of document ``index`` to list: its best, then up to ``more``.

    Beyond the best, a place must match at least ``needed`` of the query's groups; no two
    places share a section, and no two transcript moments are closer than
    ``PLACE_DISTANCE`` seconds.
    """
    best = int(matches.best[index])
    if best < 0:
        return []
    first = gen.searcher.reader().stored_fields(best)
    if more <= 0:
        return [first]
    low, high = np.searchsorted(matches.owners, [index, index + 1])
    candidates = matches.ranked[low:high][:MAX_SCANNED]  # this document's, best first
    coverage = np.zeros(len(candidates), dtype=np.int64)
    for vector in matches.vectors:
        coverage += vector[candidates] > 0
    chosen = [first]
    sections = {first.get("anchor") or ""} if first.get("t") is None else set()
    moments = [first["t"]] if first.get("t") is not None else []
    for record, covered in zip(candidates.tolist(), coverage.tolist(), strict=True):
        if record == best:
            continue
        if len(chosen) > more:
            break
        if covered < needed:
            continue
        stored = gen.searcher.reader().stored_fields(record)
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
    return chosen


def explain(
    doc: dict[str, Any],
    lang: str,
    texts: list[Analysed],
    matches: Matches,
    more: Callable[[], Analysed] | None = None,
) -> list[dict[str, Any]]:
    """How the query matched ``doc``: ``{"query", "found", "via", "theme", "network",
    "lang"}`` per word found, ``via`` one of typed, stem, synonym, spelling.

    ``texts`` are the places shown (as the snippets read them); ``more`` gives further
    words of the document (title, summary, headings), read only for the query's groups
    the places do not explain. ``lang`` is the field language its words were analysed
    in. A group's taxonomy synonyms are listed only when its typed words are not there.
    """
    found: list[dict[str, Any]] = []
    explained: dict[tuple[str, ...], set[str]] = {}  # per group, the forms explained
    _explain_in(Words(texts), matches, explained, found)
    if more is not None and not all(explained.get(s.typed) for s in matches.sources):
        _explain_in(Words([more()]), matches, explained, found)
    # A group found only in the document's tags: a theme's label, a country's name.
    tag_words: Words | None = None
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
            if tag_words is None:
                tags = [country_name(c, ui) for c in doc["countries"] for ui in LANGUAGES]
                tag_words = Words([Analysed("\n".join(tags + doc["cities"]), lang)])
            surfaces = tag_words.found(source)
            if surfaces:
                explained[source.typed] = {fold(surfaces[0])}
                found.append(_entry(source, surfaces[0], matches.spelled))
    return found[:MAX_EXPLANATIONS]


def _explain_in(
    words: Words,
    matches: Matches,
    explained: dict[tuple[str, ...], set[str]],
    found: list[dict[str, Any]],
) -> None:
    """Explain the groups not yet explained from ``words``: typed words first, then the
    taxonomy's synonyms of groups whose typed words are not there."""
    done = {typed for typed, seen in explained.items() if seen}
    for synonyms in (False, True):
        for source in matches.sources:
            if (source.weight != 1.0) != synonyms or source.typed in done:
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


class Words:
    """The words of some texts as written, found by their analysed forms."""

    def __init__(self, texts: list[Analysed]) -> None:
        self.texts = texts
        self.lang = texts[0].lang if texts else ""

    def found(self, source: Source) -> list[str]:
        """The written words whose form the source searched, in order of appearance; for a
        phrase, the places where all its words stand together, in its order."""
        places: list[str] = []
        if not source.phrase:
            terms = source.terms.get(self.lang, frozenset())
            for text in self.texts:
                hits = sorted(p for term in terms for p in text.positions.get(term, ()))
                places += [text.written(p, p) for p in hits]
            return list(dict.fromkeys(places))
        sequence = analyze(self.lang, source.text)
        for text in self.texts:
            for first in text.positions.get(sequence[0], ()) if sequence else ():
                last = _follows(text, first, sequence[1:])
                if last is not None:
                    places.append(text.written(first, last))
        return list(dict.fromkeys(places))


def _follows(text: Analysed, position: int, rest: list[str]) -> int | None:
    """The position of the last of ``rest`` if its forms follow word ``position`` in
    order, with nothing between them but stop words; else None."""
    for form in rest:
        previous = position
        position += 1
        while position < len(text.forms) and not text.forms[position]:
            position += 1  # a stop word
        if position >= len(text.forms) or form not in text.forms[position]:
            return None
        gap = text.tokens[position].start() - text.tokens[previous].end()
        if gap > MAX_GAP:
            return None
    return position


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
