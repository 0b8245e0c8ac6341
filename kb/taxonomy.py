"""Themes and city networks: ids, labels per language, synonyms, parents."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kb.analysis import LANGUAGES, analyze

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFAULT_LANG = "es"


@dataclass(frozen=True)
class Concept:
    """A theme or a network of the controlled vocabulary."""

    id: str
    kind: str  # "theme" or "network"
    labels: dict[str, str]
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    parent: str | None = None

    def label(self, lang: str) -> str:
        """The label in ``lang``, else Spanish, else any, else the id."""
        for candidate in (lang, DEFAULT_LANG, *self.labels):
            if self.labels.get(candidate):
                return self.labels[candidate]
        return self.id

    def terms(self) -> list[tuple[str, str]]:
        """Every (language, text) that names this concept: labels and synonyms."""
        found: list[tuple[str, str]] = []
        for lang, text in self.labels.items():
            found.append((lang, text))
        for lang, texts in self.synonyms.items():
            found.extend((lang, text) for text in texts)
        # Acronyms in brackets ("(UCLG)") name the concept too.
        for lang, text in list(found):
            found.extend((lang, inner) for inner in re.findall(r"\(([^)]+)\)", text))
        return list(dict.fromkeys(found))  # without repeats, first occurrence first


@dataclass(frozen=True)
class TermMatch:
    """A run of query words that names a taxonomy concept."""

    concept: Concept
    start: int
    end: int  # exclusive, in query word positions
    lang: str


KINDS = ("themes", "networks")  # the keys of taxonomy.yml, and of a document's front matter


class Taxonomy:
    """The controlled vocabulary of a content tree.

    ``faulty`` names the kinds (``themes``, ``networks``) whose definitions have errors that
    may have lost ids: a document naming an id missing from such a kind is not at fault
    (yet), so it is not reported one use at a time, and not published either.
    """

    def __init__(
        self, themes: list[Concept], networks: list[Concept], faulty: frozenset[str] = frozenset()
    ) -> None:
        self.themes = {c.id: c for c in themes}
        self.networks = {c.id: c for c in networks}
        self.faulty = faulty

    @classmethod
    def empty(cls, faulty: frozenset[str] = frozenset()) -> Taxonomy:
        return cls([], [], faulty)

    def concept(self, kind: str, concept_id: str) -> Concept | None:
        return (self.themes if kind == "theme" else self.networks).get(concept_id)

    def label(self, kind: str, concept_id: str, lang: str) -> str:
        found = self.concept(kind, concept_id)
        return found.label(lang) if found else concept_id

    def to_dict(self) -> dict[str, Any]:
        def dump(c: Concept) -> dict[str, Any]:
            return {
                "id": c.id,
                "label": c.labels,
                "synonyms": {k: list(v) for k, v in c.synonyms.items()},
                "parent": c.parent,
            }

        return {
            "themes": [dump(c) for c in self.themes.values()],
            "networks": [dump(c) for c in self.networks.values()],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], faulty: frozenset[str] = frozenset()) -> Taxonomy:
        """Build a taxonomy from its YAML/JSON mapping; entries without an id are skipped."""

        def load(kind: str, entries: Any) -> list[Concept]:
            concepts = []
            for entry in entries or ():
                if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                    continue
                labels = entry.get("label") or {}
                if isinstance(labels, str):
                    labels = {DEFAULT_LANG: labels}
                synonyms = entry.get("synonyms") or {}
                if isinstance(synonyms, list):
                    synonyms = {DEFAULT_LANG: synonyms}
                concepts.append(
                    Concept(
                        id=entry["id"],
                        kind=kind,
                        labels={str(k): str(v) for k, v in labels.items() if v},
                        synonyms={
                            str(k): tuple(str(s) for s in (v or ())) for k, v in synonyms.items()
                        },
                        parent=entry.get("parent") or None,
                    )
                )
            return concepts

        themes, networks = (data.get(kind) for kind in KINDS)
        return cls(load("theme", themes), load("network", networks), faulty)

    @cached_property
    def _keys(self) -> dict[str, dict[tuple[str, ...], list[Concept]]]:
        """Per language: analysed term → the concepts it names."""
        keys: dict[str, dict[tuple[str, ...], list[Concept]]] = {lang: {} for lang in LANGUAGES}
        for concept in [*self.themes.values(), *self.networks.values()]:
            for term_lang, text in concept.terms():
                langs = [term_lang] if term_lang in LANGUAGES else list(LANGUAGES)
                if text.isupper() or len(text.split()) == 1 and term_lang not in LANGUAGES:
                    langs = list(LANGUAGES)  # acronyms name the concept in every language
                for lang in langs:
                    key = tuple(analyze(lang, text))
                    if key and concept not in keys[lang].setdefault(key, []):
                        keys[lang][key].append(concept)
        return keys

    def match(self, query_words: list[str], max_len: int = 6) -> list[TermMatch]:
        """The longest runs of ``query_words`` that name a theme or network, left to right."""
        analysed = {lang: [tuple(analyze(lang, w)) for w in query_words] for lang in LANGUAGES}
        matches: list[TermMatch] = []
        start = 0
        while start < len(query_words):
            best: list[TermMatch] = []
            for end in range(min(len(query_words), start + max_len), start, -1):
                for lang in LANGUAGES:
                    key = tuple(t for part in analysed[lang][start:end] for t in part)
                    if not key or not analysed[lang][start] or not analysed[lang][end - 1]:
                        continue
                    for concept in self._keys[lang].get(key, ()):
                        if all(m.concept is not concept for m in best):
                            best.append(TermMatch(concept, start, end, lang))
                if best:
                    break
            if best:
                matches.extend(best)
                start = best[0].end
            else:
                start += 1
        return matches
