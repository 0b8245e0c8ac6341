"""Documents about what the query names rank above documents that only mention it.

When the query's words name a city, a country, a network or a theme (recognised as for the
suggested filters, ``kb.understanding``), the matching documents that carry that value in
their metadata are about it. Their score is raised by ``ABOUT_BONUS`` for each such
value; when the query is nothing but names (``Atenas``, ``El Alto``, ``Mercociudades``),
they come first: the best score found is added to theirs. A query of several words that
ends in a function word names the places whose names it begins (``ciudad de``).
"""

from __future__ import annotations

import numpy as np

from kb.analysis import all_stop_words, fold
from kb.generation import Generation
from kb.query import ParsedQuery
from kb.search.collapse import Matches
from kb.understanding import begun, recognise

ABOUT_BONUS = 0.5


def favour_documents_about(gen: Generation, parsed: ParsedQuery, matches: Matches) -> None:
    """Raise, in place, the scores of the matched documents about a value the query names;
    the values named are kept in ``matches.named`` (the response suggests them)."""
    typed = [w for alternatives in parsed.groups for c in alternatives for w in c.words]
    named = matches.named = recognise(gen, typed) + begun(gen, typed)
    if not named or not matches.mask.any():
        return
    factor = np.ones(len(gen.docs), dtype=np.float64)
    about = np.zeros(len(gen.docs), dtype=bool)
    for found in named:
        mask = gen.facets.masks({found.facet: {found.value}})[found.facet]
        factor[mask] += ABOUT_BONUS
        about |= mask
    score = matches.score * factor
    covered = {i for found in named for i in range(found.start, found.end)}
    stop = all_stop_words()
    if all(i in covered or fold(w) in stop for i, w in enumerate(typed)):
        score = score + np.where(about, score.max(), 0.0)
    matches.score = np.where(matches.mask, score, 0.0)
