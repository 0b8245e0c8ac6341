"""Search, as a pipeline of stages, one module each; ``SearchService`` runs them.

A query goes through the stages in one direction:

1. ``request``: ``SearchRequest``, its validation, defaults and limits; filters resolved.
2. ``plan``: groups of alternatives (typed words, taxonomy labels and synonyms), each as
   index terms per language field (stems, restored accents, phrases).
3. ``retrieval``: every record's BM25F score per group; spelling corrections.
4. ``collapse``: records to documents (coverage of the groups, best and second section).
5. ``faceting``: filters, disjunctive facet counts, the ordered selection.
6. ``response``: hits with places, snippets and reasons; suggested filters (``labels``).
7. ``related``: documents like a given one.

``types`` holds the typed answers (the JSON contract); ``service`` the coordinator.
"""

from kb.facets import FACETS
from kb.search.labels import TYPE_LABELS
from kb.search.request import MAX_PER_PAGE, MAX_QUERY_CHARS, SearchRequest
from kb.search.service import SearchService
from kb.search.types import SearchResponse

__all__ = [
    "FACETS",
    "MAX_PER_PAGE",
    "MAX_QUERY_CHARS",
    "TYPE_LABELS",
    "SearchRequest",
    "SearchResponse",
    "SearchService",
]
