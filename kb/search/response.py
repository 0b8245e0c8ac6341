"""Stage 6, the response: a page of hits with their places, snippets and reasons, and the
filters the query names."""

from __future__ import annotations

from html import escape
from typing import Any

import msgspec
import numpy as np

from kb.analysis import field_language
from kb.explain import explain
from kb.generation import Generation
from kb.places import MAX_PLACES, ShownPlace, further, places, summary_place
from kb.search.collapse import Matches
from kb.search.labels import label
from kb.search.types import Hit, Place, Reason, SuggestedFilter
from kb.snippets import snippet

SUMMARY_SNIPPET_CHARS = 240


def hit(gen: Generation, index: int, matches: Matches | None, details: bool) -> Hit:
    """Document ``index`` as a hit: its best place, up to ``MAX_PLACES`` more, and (with
    ``details``) the words that made it match."""
    doc = gen.docs[index]
    lang = field_language(doc["language"])
    if matches is None:
        return _browsed(doc)
    chosen = places(gen, index, matches, lang, MAX_PLACES if details else 0)
    found = [place(doc, p) for p in chosen or [summary_place(doc, lang, matches)]]
    reasons: list[Reason] = []
    if details:
        texts = [p.text for p in chosen]
        reasons = [
            Reason(**entry)
            for entry in explain(
                gen, doc, texts, matches, lambda: further(gen, index, matches, lang, chosen)
            )
        ]
    score = round(float(matches.score[index]), 4)
    return _hit(doc, found[0], score, found[1:], reasons, matches.missing(index))


def _browsed(doc: dict[str, Any]) -> Hit:
    """A document listed without a query: its summary is the snippet."""
    best = Place(
        section=None,
        heading=None,
        t=None,
        snippet=escape(shorten(doc["summary"])),
        url="/" + doc["id"],
    )
    return _hit(doc, best, None, [], [])


def _hit(
    doc: dict[str, Any],
    best: Place,
    score: float | None,
    more: list[Place],
    why: list[Reason],
    missing: list[str] | None = None,
) -> Hit:
    video = doc.get("video")
    return Hit(
        id=doc["id"],
        type=doc["type"],
        title=doc["title"],
        url=best.url,
        section=best.section,
        t=best.t,
        snippet=best.snippet,
        date=doc["date"],
        language=doc["language"],
        countries=doc["countries"],
        cities=doc["cities"],
        themes=doc["themes"],
        networks=doc["networks"],
        score=score,
        matches=more,
        matched=why,
        missing=missing or [],
        video_url=video_at(video, best.t) if best.t is not None and video else msgspec.UNSET,
    )


def place(doc: dict[str, Any], found: ShownPlace) -> Place:
    """A place in a document as a hit shows it: its anchor or moment, heading, snippet."""
    record = found.record
    anchor, t = record.get("anchor"), record.get("t")
    url = "/" + doc["id"]
    if t is not None:
        url += f"#t={t}"
    elif anchor:
        url += f"#{anchor}"
    text = found.text
    return Place(
        section=anchor if t is None else None,
        heading=record.get("heading_text") or None,
        t=t,
        snippet=snippet(
            text, text.lang, frozenset(), doc["summary"], marks=found.marks, strong=found.strong
        ),
        url=url,
    )


def suggested_filters(
    gen: Generation,
    matches: Matches,
    filters: dict[str, set[str]],
    masks: dict[str, np.ndarray],
    ui: str,
) -> list[SuggestedFilter]:
    """Facet values the query names, offered (never applied) when some results have
    them; each with how many of the current results it would keep."""
    pool = matches.mask.copy()
    for mask in masks.values():
        pool &= mask
    suggested = []
    for found in matches.named:
        if found.value in filters.get(found.facet, set()):
            continue
        count = int(
            np.count_nonzero(pool & gen.facets.masks({found.facet: {found.value}})[found.facet])
        )
        if count:
            suggested.append(
                SuggestedFilter(
                    facet=found.facet,  # type: ignore[arg-type]
                    value=found.value,
                    label=label(gen, found.facet, found.value, ui),
                    count=count,
                )
            )
    return suggested


def video_at(video: str, seconds: int) -> str:
    """The recording's address at ``seconds``: the platform's parameter, else a fragment."""
    if "youtube.com/" in video or "youtu.be/" in video:
        return f"{video}{'&' if '?' in video else '?'}t={seconds}"
    if "vimeo.com/" in video:
        return f"{video}#t={seconds}s"
    return f"{video.split('#')[0]}#t={seconds}"


def shorten(text: str, limit: int = SUMMARY_SNIPPET_CHARS) -> str:
    """``text`` cut at a word before ``limit`` characters, with an ellipsis."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
