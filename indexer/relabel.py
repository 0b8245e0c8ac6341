"""A change of taxonomy.yml that only renames concepts, republished without reading Markdown.

A label reaches the index in one place per document: the ``meta_<lang>`` fields of its
``doc`` record (``kb.schema``), where a search by a theme's name finds the documents filed
under it. Pages, facets, the API and a query's concept expansion name concepts from the
taxonomy stored with the generation (its ``__meta__`` record); synonyms and parents live
there alone. So when the ids stay as they were, a new taxonomy needs: a new ``doc`` record
for each document naming a concept whose labels changed, built from the document the live
generation stores (its sections' records stay), and the new taxonomy record; all in one
Whoosh commit into the live generation, which is atomic like any incremental one.

What the reading of a document checks against the taxonomy is its ids (known ones; the
first theme, for ``kb new``'s leftovers): a change of ids, of their order, or a
taxonomy.yml with errors still rebuilds every document.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from indexer.live_state import Indexed
from kb.documents import Document
from kb.schema import records
from kb.stored import document_data
from kb.taxonomy import Concept, Taxonomy


@dataclass(frozen=True)
class Relabel:
    """The themes and networks whose labels changed."""

    themes: frozenset[str]
    networks: frozenset[str]

    def names(self, indexed: Indexed) -> bool:
        """Whether a document is filed under one of them."""
        return not (
            self.themes.isdisjoint(indexed.themes) and self.networks.isdisjoint(indexed.networks)
        )


def relabel_only(live: Taxonomy | None, new: Taxonomy) -> Relabel | None:
    """What changed from the ``live`` taxonomy to ``new``, when it is labels, synonyms or
    parents only; None when every document must be read again."""
    if live is None or new.faulty:
        return None
    if list(live.themes) != list(new.themes) or list(live.networks) != list(new.networks):
        return None
    return Relabel(_changed(live.themes, new.themes), _changed(live.networks, new.networks))


def _changed(live: Mapping[str, Concept], new: Mapping[str, Concept]) -> frozenset[str]:
    return frozenset(key for key, concept in new.items() if concept.labels != live[key].labels)


def rewrite(writer: Any, taxonomy: Taxonomy, documents: Mapping[str, Indexed]) -> list[str]:
    """Replace the ``doc`` record of each of ``documents`` (in the live generation, which
    ``writer`` commits to) with one naming its concepts by ``taxonomy``'s labels, from the
    document the record stores. Returns the ids rewritten, in order."""
    reader = writer.searcher().reader()  # the writer's own, over the live segments
    for doc_id in sorted(documents):
        indexed = documents[doc_id]
        document = Document.from_dict(document_data(reader, indexed.record))
        if document.id != doc_id:
            raise RuntimeError(f"record {indexed.record} is not the one of {doc_id}")
        record = next(records(document, taxonomy, indexed.hash, indexed.stamp))
        writer.delete_document(indexed.record)
        writer.add_document(**record)
    return sorted(documents)


def stale(relabel: Relabel, live: Mapping[str, Indexed], fresh: set[str]) -> dict[str, Indexed]:
    """The live documents filed under a relabelled concept, but for the ``fresh`` ones
    (written or removed by this run)."""
    return {key: state for key, state in live.items() if key not in fresh and relabel.names(state)}
