"""The user's query syntax: words, "phrases", OR, -exclude and field:value filters.

Parsing never fails: unbalanced quotes, lone operators and wildcards degrade to plain
words, so whatever a person types is searched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.analysis import words
from kb.tokens import glue_numbers

FILTER_FIELDS = {
    "theme": "theme",
    "tema": "theme",
    "themes": "theme",
    "country": "country",
    "pais": "country",
    "país": "country",
    "countries": "country",
    "network": "network",
    "red": "network",
    "networks": "network",
    "city": "city",
    "ciudad": "city",
    "cidade": "city",
    "type": "type",
    "tipo": "type",
    "language": "language",
    "idioma": "language",
    "lang": "language",
    "year": "year",
    "ano": "year",
    "año": "year",
}
SCOPE_FIELDS = {"title": "title", "titulo": "title", "título": "title"}
MAX_CLAUSES = 24
_HYPHEN = re.compile(r"\w-\w")
_TOKEN = re.compile(r'(-?)(?:([\w\u00C0-\u024F]+):)?(?:"([^"]*)"?|(\S+))')


@dataclass(frozen=True)
class Clause:
    """A word or several, optionally scoped to the title.

    ``phrase``: several words that must all be found; ``exact``: in this order, side by
    side (what the user put in quotes, or joined by hyphens: ``sur-sur``, ``Oudin-Santini``;
    those are ``compound``, and also found, for less, as their words in one record).
    """

    text: str
    phrase: bool = False
    scope: str | None = None
    exact: bool = False
    compound: bool = False

    @property
    def words(self) -> list[str]:
        return words(self.text)


@dataclass
class ParsedQuery:
    """A query as groups of alternatives (each group must match), exclusions and filters."""

    groups: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.groups


def parse(text: str) -> ParsedQuery:
    """Parse what the user typed; never raises."""
    query = ParsedQuery()
    join_next = False
    cleaned = text.replace("“", '"').replace("”", '"').replace("«", '"').replace("»", '"')
    cleaned = glue_numbers(cleaned)  # ``0,7 %`` and ``20 000`` are one word each
    for match in _TOKEN.finditer(cleaned):
        negate, name, quoted, bare = match.groups()
        value = quoted if quoted is not None else bare
        value = re.sub(r"[*?()\[\]{}^~\\/+!|&]", " ", value or "").strip()
        if name and name.lower() in FILTER_FIELDS and value:
            query.filters.setdefault(FILTER_FIELDS[name.lower()], []).append(value)
            continue
        scope = SCOPE_FIELDS.get(name.lower()) if name else None
        if name and not scope:
            value = f"{name} {value}".strip()
        if value == "OR" and quoted is None and not negate:
            join_next = bool(query.groups)
            continue
        if value in ("AND", "NOT") and quoted is None:
            continue
        if not words(value):
            continue
        several = len(words(value)) > 1
        compound = quoted is None and several and bool(_HYPHEN.search(value))
        side_by_side = several and (quoted is not None or compound)
        clause = Clause(value, side_by_side, scope, side_by_side, compound)
        if negate:
            query.excluded.append(clause)
        elif join_next and query.groups:
            query.groups[-1].append(clause)
        elif clause.phrase or scope:
            query.groups.append([clause])
        else:
            for word in words(value):
                query.groups.append([Clause(word)])
        join_next = False
    query.groups = query.groups[:MAX_CLAUSES]
    return query
