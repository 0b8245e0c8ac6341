"""Stage 7, related documents: those most like one document, by key terms and tags."""

from __future__ import annotations

from typing import Any

import numpy as np

from kb.analysis import FIELD_LANGUAGES, field_language
from kb.generation import Generation
from kb.schema import text_field

KEY_TERMS = 12
RECORDS_READ = 40  # of the document, for its key terms
TERM_WEIGHT = 2.0  # the best key-term match, against one shared theme (1.5)
THEME_WEIGHT = 1.5
NETWORK_WEIGHT = 0.5
COUNTRY_WEIGHT = 0.5


def related(gen: Generation, doc_id: str, limit: int = 5) -> list[dict[str, Any]]:
    """Documents most like ``doc_id``: shared themes, networks, countries and key terms."""
    index = gen.doc_index.get(doc_id)
    if index is None:
        return []
    doc = gen.docs[index]
    similar = _term_similarity(gen, index, field_language(doc["language"]))
    top = float(similar.max()) or 1.0
    scores = TERM_WEIGHT * similar / top
    themes, networks, countries = (set(doc[k]) for k in ("themes", "networks", "countries"))
    for position, other in enumerate(gen.docs):
        scores[position] += (
            THEME_WEIGHT * len(themes.intersection(other["themes"]))
            + NETWORK_WEIGHT * len(networks.intersection(other["networks"]))
            + COUNTRY_WEIGHT * len(countries.intersection(other["countries"]))
        )
    scores[index] = 0
    ranked = [int(i) for i in np.argsort(-scores, kind="stable")[:limit] if scores[i] > 0]
    return [gen.docs[i] for i in ranked]


def _term_similarity(gen: Generation, index: int, lang: str) -> np.ndarray:
    """Per document, its best BM25 score for the key terms of document ``index``."""
    records = np.flatnonzero(gen.record_doc == index)
    text = " ".join(
        gen.searcher.reader().stored_fields(int(n)).get("text") or ""
        for n in records[:RECORDS_READ]
    )
    keys = (
        [
            t
            for t, _ in gen.searcher.key_terms_from_text(
                text_field("body", lang), text, numterms=KEY_TERMS
            )
        ]
        if text
        else []
    )
    similar = np.zeros(len(gen.docs), dtype=np.float32)
    for key in keys:
        for other in FIELD_LANGUAGES:
            found = gen.fields.bm25(text_field("body", other), key)
            if found is not None:
                np.maximum.at(similar, gen.record_doc[found[0]], found[1])
    return similar
