"""Documents about what the query names rank above documents that only mention it.

When the query's words name a city, a country, a network or a theme (recognised as for the
suggested filters, ``kb.understanding``), the matching documents that carry that value in
their metadata are about it: their score is raised by ``ABOUT_BONUS`` for each such value.
``Atenas`` puts the case of Athens above a case that names Athens once.
"""

from __future__ import annotations

import numpy as np

from kb.generation import Generation
from kb.query import ParsedQuery
from kb.search.collapse import Matches
from kb.understanding import recognise

ABOUT_BONUS = 0.5


def favour_documents_about(gen: Generation, parsed: ParsedQuery, matches: Matches) -> None:
    """Raise, in place, the scores of the matched documents about a value the query names."""
    typed = [w for alternatives in parsed.groups for c in alternatives for w in c.words]
    named = recognise(gen, typed)
    if not named:
        return
    factor = np.ones(len(gen.docs), dtype=np.float64)
    for found in named:
        about = gen.facets.masks({found.facet: {found.value}})[found.facet]
        factor[about] += ABOUT_BONUS
    matches.score = np.where(matches.mask, matches.score * factor, 0.0)
