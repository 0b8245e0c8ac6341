"""Scores computed from whole posting blocks equal Whoosh's own, posting by posting."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from kb.search import SearchService
from kb.search.retrieval import phrase_scores


@pytest.mark.parametrize(
    "fieldname, text",
    [
        ("body_es", "herman"),
        ("body_es", "agu"),
        ("title_es", "agu"),
        ("meta_en", "twin"),
        ("body_en", "twin"),
        ("heading_es", "result"),
        ("body_pt", "cooper"),
    ],
)
def test_vector_scores_equal_whoosh_scores(service: SearchService, fieldname, text):
    gen = service.generation()
    found = gen.fields.bm25(fieldname, text)
    assert found is not None
    ids, scores = found
    expected = phrase_scores(gen, wq.Term(fieldname, text))  # Whoosh scores it itself
    assert sorted(expected) == sorted(ids.tolist())
    for docnum, score in zip(ids.tolist(), scores.tolist(), strict=True):
        assert score == pytest.approx(expected[docnum], rel=1e-4)


def test_absent_terms_have_no_postings(service: SearchService):
    assert service.generation().fields.bm25("body_es", "zzzz") is None
