"""How well the corpus covers its themes and countries, and where the gaps are."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kb.taxonomy import Taxonomy

# kb's scope: the twenty countries of Latin America, and Europe as the EU's 27 members
# with the United Kingdom, Norway, Switzerland and Iceland. A country of this list
# without documents is a gap; countries outside it are counted, never gaps.
LATIN_AMERICA = (
    "AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "GT",
    "HN", "HT", "MX", "NI", "PA", "PE", "PY", "SV", "UY", "VE",
)  # fmt: skip
EUROPE = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    "GB", "NO", "CH", "IS",
)  # fmt: skip
WATCHED_COUNTRIES = LATIN_AMERICA + EUROPE
MIN_PER_THEME = 2  # a theme with fewer documents is a gap


@dataclass(frozen=True)
class Row:
    """One theme or country, how many documents have it, and whether that is a gap."""

    value: str
    documents: int
    gap: bool


def theme_rows(
    docs: Iterable[dict[str, Any]], taxonomy: Taxonomy, minimum: int = MIN_PER_THEME
) -> list[Row]:
    """Every theme of the taxonomy (in its order) with its documents; fewer than
    ``minimum`` is a gap. Themes used by documents but missing from the taxonomy follow."""
    counts = Counter(theme for doc in docs for theme in set(doc["themes"]))
    order = list(taxonomy.themes) + sorted(set(counts) - set(taxonomy.themes))
    return [Row(theme, counts[theme], counts[theme] < minimum) for theme in order]


def country_rows(
    docs: Iterable[dict[str, Any]], watched: Iterable[str] = WATCHED_COUNTRIES
) -> list[Row]:
    """The watched countries and every country of the corpus, most documents first;
    a watched country without documents is a gap."""
    counts = Counter(code for doc in docs for code in set(doc["countries"]))
    watched = set(watched)
    rows = [Row(code, counts[code], code in watched and not counts[code]) for code in counts]
    rows += [Row(code, 0, True) for code in watched - set(counts)]
    return sorted(rows, key=lambda r: (-r.documents, r.value))
