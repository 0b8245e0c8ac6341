"""What a query asks for that the corpus does not have: the honest part of an answer.

A word of the query (not a function word of its language) that no record contains in any
of its forms, expansions included, is unmatched (a typo too: the answer may also suggest
a spelling); so is a country the query names that no document is about. When something is unmatched,
the hits speak of the rest of the query only: the answer says so (``related``) instead of
presenting them as answers (``turismo de cruceros`` in a corpus with no cruise).
"""

from __future__ import annotations

from kb.analysis import fold
from kb.generation import Generation
from kb.names import country_by_name

MAX_NAME_WORDS = 3


def unknown_countries(gen: Generation, typed: list[str]) -> list[str]:
    """The countries the words name (``costa rica``) that no document is about."""
    covered = set(gen.facets.facets["country"].values)
    found = []
    start = 0
    while start < len(typed):
        for end in range(min(len(typed), start + MAX_NAME_WORDS), start, -1):
            run = " ".join(typed[start:end])
            code = country_by_name(run) if len(fold(run)) > 3 else None
            if code:
                if code not in covered:
                    found.append(run)
                start = end
                break
        else:
            start += 1
    return found
