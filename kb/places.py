"""Where a document matched: the places a hit links to, and the words each one marks.

A place is listed only when its own text shows the query's words: at least as many of
the query's groups as a document must contain (``Matches.needed``), each as a word the
snippet marks. The places are read in the order collapse ranked them (sections matching
enough groups, then the text before lists of sources, then by score), so a hit links to
its sources section only when no other section shows the words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from kb.analysis import analyze, fold, words
from kb.schema import text_field
from kb.snippets import MAX_READ, Analysed, Span

if TYPE_CHECKING:
    from kb.generation import Generation
    from kb.search.collapse import Matches
    from kb.search.plan import Source

MAX_PLACES = 3  # more matching places listed under a hit, besides the best one
PLACE_DISTANCE = 60  # seconds between two listed moments of one transcript
MAX_SCANNED = 16  # candidate records read per document, in the order collapse ranked them
Group = tuple[str, ...]  # a group of the query, by the words typed for it


@dataclass
class ShownPlace:
    """A stored record of a document, its text as read, and the words to mark in it
    (``strong``: the starts of those that are words typed, not synonyms)."""

    record: dict[str, Any]
    text: Analysed
    marks: list[Span]
    strong: frozenset[int] = frozenset()

    @classmethod
    def of(cls, record: dict[str, Any], text: Analysed, groups: dict[Group, Shown]) -> ShownPlace:
        spans = [s for g in groups.values() for s in g.spans]
        strong = frozenset(s[0] for g in groups.values() for s in g.strong)
        return cls(record, text, spans, strong)


def places(
    gen: Generation, index: int, matches: Matches, lang: str, more: int = MAX_PLACES
) -> list[ShownPlace]:
    """The places of document ``index`` to list: its best, then up to ``more``.

    Every place shows ``matches.needed(index)`` of the query's groups, and a group the best
    place shows by the words typed, the others show by them too (not by a synonym).
    When no place shows enough, the first that shows most is the only one (or a huge
    section, whose words may lie beyond what a snippet reads); else there is none (the
    summary stands in). A section listing sources is a place only when no other is. No
    two places share a section, and no two transcript moments are closer than
    ``PLACE_DISTANCE`` seconds.
    """
    needed = matches.needed(index)
    chosen: list[ShownPlace] = []
    typed: set[Group] = set()  # the groups the best place shows by the words typed
    partial: tuple[int, ShownPlace] | None = None  # the one showing most groups, if fewer
    records = matches.place_order(index)[:MAX_SCANNED].tolist()
    holding = matches.place_coverage(index)[:MAX_SCANNED].tolist()
    for record, held in zip(records, holding, strict=True):
        if chosen and (gen.is_reference[record] or held < needed):
            # A list of sources is a place only when no other section shows the words;
            # a section matching fewer groups than needed (heading included) shows fewer.
            break
        stored = _stored(gen, matches, record)
        if not _apart(stored, [p.record for p in chosen]):
            continue
        text, groups = _read(record, stored, lang, matches, needed)
        place = ShownPlace.of(stored, text, groups)
        shown = sum(1 for group, g in groups.items() if g.typed or group not in typed)
        if shown >= needed:
            if not chosen:
                typed = {group for group, g in groups.items() if g.typed}
            chosen.append(place)
            if len(chosen) > more:
                break
        elif not chosen and (partial is None or shown > partial[0]):
            if groups or len(text.text) > MAX_READ:  # its words beyond what a snippet reads
                partial = (shown, place)
    if not chosen and partial is not None:
        chosen.append(partial[1])
    return chosen


def _read(
    number: int, record: dict[str, Any], lang: str, matches: Matches, needed: int
) -> tuple[Analysed, dict[Group, Shown]]:
    """A record's text as its snippet reads it, and the groups it shows: the section's
    text, led by its heading when the heading shows more of the query."""
    text = _text(number, record, lang, matches)
    groups = marks(text, matches)
    heading = record.get("heading_text")
    if len(groups) < needed and heading and record.get("t") is None:
        if marks(Analysed(heading, lang, matches.wanted(lang)), matches).keys() <= groups.keys():
            return text, groups  # the heading shows no group the text lacks
        headed = Analysed(f"{heading} — {text.text}", lang, matches.wanted(lang))
        more = marks(headed, matches)
        if len(more) > len(groups):
            return headed, more
    return text, groups


def _apart(record: dict[str, Any], chosen: list[dict[str, Any]]) -> bool:
    """Whether ``record`` is another section than every chosen one, or a transcript
    moment at least ``PLACE_DISTANCE`` seconds from every chosen moment."""
    t = record.get("t")
    if t is None:
        anchor = record.get("anchor") or ""
        return all(c.get("t") is not None or (c.get("anchor") or "") != anchor for c in chosen)
    return all(c.get("t") is None or abs(t - c["t"]) >= PLACE_DISTANCE for c in chosen)


@dataclass
class Shown:
    """How a text shows one group of the query: the words to mark, and those of them
    that are words typed (or their forms) rather than synonyms."""

    spans: list[Span] = field(default_factory=list)
    strong: list[Span] = field(default_factory=list)  # the spans of words typed

    @property
    def typed(self) -> bool:
        return bool(self.strong)


def marks(text: Analysed, matches: Matches) -> dict[Group, Shown]:
    """Per group of the query found in ``text``, the words that show it (as spans whose
    form is the group's typed words, so a snippet can prefer a window showing most)."""
    found: dict[Group, Shown] = {}
    for source in matches.sources:
        group = " ".join(source.typed)
        spans = [(start, end, group) for start, end, _form in source_marks(text, source)]
        if spans:
            shown = found.setdefault(source.typed, Shown())
            shown.spans.extend(spans)
            if source.weight == 1.0:
                shown.strong.extend(spans)
    return found


def source_marks(text: Analysed, source: Source) -> list[Span]:
    """The words of ``text`` that one searched clause found: its forms, or for a phrase
    its words where they stand together (the words typed: wherever they stand, as they
    matched)."""
    terms = source.terms.get(text.lang, frozenset())
    if not source.phrase:
        return text.spans(terms)
    sequences = phrase_forms(text.lang, source.text)
    together = [found for sequence in sequences for found in text.phrases(sequence)]
    if together:
        positions = [p for first, last in together for p in range(first, last + 1)]
        return [text.span(p) for p in positions if text.forms[p]]
    for sequence in sequences if source.weight == 1.0 else ():
        if sequence and all(form in text.positions for form in sequence):
            return text.spans(frozenset(sequence))
    return []


@lru_cache(maxsize=20_000)
def phrase_forms(lang: str, phrase: str) -> tuple[tuple[str, ...], ...]:
    """A phrase's forms in ``lang``, as written and without accents (which some
    stemmers treat differently: ``incidência`` and ``incidencia``); none when most of
    its words are stop words in ``lang`` (``AL-LAs`` is not the Spanish ``al``, ``las``).
    Kept: every text a page reads asks again."""
    written, plain = tuple(analyze(lang, phrase)), tuple(analyze(lang, fold(phrase)))
    if 2 * len(written) < len(words(phrase)):
        return ()
    return (written,) if written == plain else (written, plain)


def further(
    gen: Generation, index: int, matches: Matches, lang: str, shown: list[ShownPlace]
) -> list[Analysed]:
    """The document's texts besides its places: title, summary, the places' headings,
    and its other matching sections, those holding a typed word as typed first, then
    those holding one of its forms."""
    wanted = matches.wanted(lang)
    doc = gen.docs[index]
    labels = [doc["title"], doc["summary"], *(p.record.get("heading_text") or "" for p in shown)]
    texts = [Analysed("\n".join(labels), lang, wanted)]
    records = matches.place_order(index)
    exact, typed = (holding[records] for holding in _holding(gen, matches, lang))
    read = {(p.record.get("anchor"), p.record.get("t")) for p in shown}
    order = np.lexsort((~typed, ~exact))
    for record in records[order][:MAX_SCANNED].tolist():
        stored = _stored(gen, matches, record)
        if (stored.get("anchor"), stored.get("t")) not in read:
            texts.append(_text(record, stored, lang, matches))
    return texts


def _holding(gen: Generation, matches: Matches, lang: str) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the records holding a typed word as typed, and one of its forms in
    ``lang``'s body or headings (once per search: every hit of the page reads them)."""
    key = ("holding", lang)
    if key not in matches.read:
        exact = np.zeros(gen.fields.size, dtype=bool)
        typed = np.zeros(gen.fields.size, dtype=bool)
        for source in (s for s in matches.sources if s.weight == 1.0):
            found = gen.fields.postings("spell", source.text.lower())
            if found is not None:
                exact[found[0]] = True
            for term in source.terms.get(lang, ()):
                for name in ("body", "heading"):
                    found = gen.fields.postings(text_field(name, lang), term)
                    if found is not None:
                        typed[found[0]] = True
        matches.read[key] = (exact, typed)
    holding: tuple[np.ndarray, np.ndarray] = matches.read[key]
    return holding


def _stored(gen: Generation, matches: Matches, record: int) -> dict[str, Any]:
    """A record's stored fields, read once per search (places and ``further`` share them)."""
    key = ("stored", record)
    if key not in matches.read:
        matches.read[key] = gen.searcher.reader().stored_fields(record)
    stored: dict[str, Any] = matches.read[key]
    return stored


def _text(number: int, record: dict[str, Any], lang: str, matches: Matches) -> Analysed:
    """Record ``number``'s text as read for this search's snippets (analysed once)."""
    key = ("text", number, lang)
    if key not in matches.read:
        matches.read[key] = Analysed(record.get("text") or "", lang, matches.wanted(lang))
    text: Analysed = matches.read[key]
    return text


def summary_place(doc: dict[str, Any], lang: str, matches: Matches) -> ShownPlace:
    """The document's summary as its place, when no section shows the query's words."""
    text = Analysed(doc["summary"], lang, matches.wanted(lang))
    return ShownPlace.of({}, text, marks(text, matches))
