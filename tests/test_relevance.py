"""Ranking quality on the judged queries of content/ (make relevance prints the table)."""

from __future__ import annotations

import pytest

from tests.relevance.evaluate import evaluate, load_queries, summarise

KINDS = (
    "accent-free",
    "misspelt",
    "cross-language",
    "phrase",
    "named-programme",
    "transcript",
    "filtered",
    "question",
)


@pytest.fixture(scope="module")
def figures():
    scores = evaluate()
    return summarise(scores["kb"]), summarise(scores["baseline"])


def test_the_judged_set_covers_every_kind():
    queries = load_queries()
    assert len(queries) >= 40
    for kind in KINDS:
        assert sum(1 for q in queries if q["kind"] == kind) >= 5, kind
    assert any(not q["judgments"] for q in queries)


def test_ndcg_at_10_is_at_least_0_85(figures):
    kb, _ = figures
    assert kb["all"]["ndcg"] >= 0.85


def test_kb_beats_whoosh_out_of_the_box_on_every_kind(figures):
    kb, baseline = figures
    for kind in KINDS:
        assert kb[kind]["ndcg"] >= baseline[kind]["ndcg"], kind
    assert kb["all"]["ndcg"] - baseline["all"]["ndcg"] >= 0.3


def test_deep_links_point_at_the_answer_more_often_than_not(figures):
    kb, _ = figures
    assert kb["all"]["links"] >= 0.6
