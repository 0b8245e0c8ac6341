"""Ranking quality on the judged queries of content/ (make relevance prints the table).

Every threshold's failure message is the table per query kind. The kinds judged and tuned
together (KINDS) gate the suite at nDCG@10 0.85 overall; no kind may fall below its figure
from before the ranking was tuned for the everyday kind (BEFORE_TUNING); the everyday kind
and all the judged queries together reach EVERYDAY_TARGET.
"""

from __future__ import annotations

import pytest

from tests.relevance.evaluate import evaluate, load_queries, summarise, table

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
# What people really type (issue 14), judged before the ranking was tuned for it. Target:
# nDCG@10 >= 0.95 with every check passing (answers nothing, no suggestion, same results).
EVERYDAY = "everyday"
EVERYDAY_TARGET = 0.95
# nDCG@10 per kind when the everyday kind was judged, before any tuning for it (rounded
# down): a change of ranking may raise them, never lower them. One was lowered, in issue
# 14, by the fix that stopped a function word of one language from matching text of
# another: filtered 0.976 → 0.960, from q52 "legado de un megaevento" alone (a grade-1
# case that contains neither word, nor any form of them, came fourth through the
# Portuguese "de" of a name).
BEFORE_TUNING = {
    "accent-free": 0.898,
    "cross-language": 0.720,
    "everyday": 0.731,
    "filtered": 0.960,
    "misspelt": 0.957,
    "named-programme": 0.998,
    "phrase": 1.0,
    "question": 0.814,
    "transcript": 0.893,
}


@pytest.fixture(scope="module")
def figures() -> dict:
    """Per kind, kb's and the baseline's figures; ``tuned``: over the kinds of KINDS (and the
    no-answer queries) only, on which the thresholds were set."""
    scores = evaluate()
    before = {name: [s for s in scores[name] if s.kind != EVERYDAY] for name in ("kb", "baseline")}
    return {
        "kb": summarise(scores["kb"]),
        "baseline": summarise(scores["baseline"]),
        "tuned": summarise(before["kb"])["all"],
        "tuned_baseline": summarise(before["baseline"])["all"],
        "problems": scores["problems"],
    }


def _report(figures: dict) -> str:
    return "\n" + table(figures["kb"], figures["baseline"])


def test_the_judged_set_covers_every_kind():
    queries = load_queries()
    assert len(queries) >= 120
    for kind in KINDS:
        assert sum(1 for q in queries if q["kind"] == kind) >= 5, kind
    everyday = [q for q in queries if q["kind"] == EVERYDAY]
    assert len(everyday) >= 50
    assert any(not q["judgments"] for q in everyday)
    assert any(q.get("no_suggestion") for q in everyday)
    assert any("same_as" in q for q in everyday)
    assert any(not q["judgments"] for q in queries if q["kind"] == "no-answer")


def test_every_judgment_names_a_place_of_the_content(figures):
    assert figures["problems"] == []


def test_ndcg_at_10_is_at_least_0_85(figures):
    assert figures["tuned"]["ndcg"] >= 0.85, _report(figures)


def test_kb_beats_whoosh_out_of_the_box_on_every_kind(figures):
    kb, baseline = figures["kb"], figures["baseline"]
    for kind in (*KINDS, EVERYDAY):
        assert kb[kind]["ndcg"] >= baseline[kind]["ndcg"], kind + _report(figures)
    gain = figures["tuned"]["ndcg"] - figures["tuned_baseline"]["ndcg"]
    assert gain >= 0.3, _report(figures)


def test_no_kind_falls_below_its_figure_before_tuning(figures):
    kb = figures["kb"]
    below = {k: round(kb[k]["ndcg"], 3) for k, low in BEFORE_TUNING.items() if kb[k]["ndcg"] < low}
    assert below == {}, _report(figures)


def test_deep_links_point_at_the_answer_more_often_than_not(figures):
    assert figures["tuned"]["links"] >= 0.6, _report(figures)


def test_everyday_queries_reach_their_target(figures):
    row = figures["kb"][EVERYDAY]
    assert row["ndcg"] >= EVERYDAY_TARGET, _report(figures)
    assert row["checks_ok"] == row["checks"], _report(figures)


def test_all_judged_queries_together_reach_the_target(figures):
    assert figures["kb"]["all"]["ndcg"] >= EVERYDAY_TARGET, _report(figures)
