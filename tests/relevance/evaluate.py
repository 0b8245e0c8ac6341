"""Ranking quality on the judged queries: kb beside Whoosh out of the box.

``python -m tests.relevance.evaluate`` (``make relevance``) builds both indexes of
``content/`` in a temporary folder and prints nDCG@10, recall@10 and deep-link accuracy per
query kind. The baseline is what Whoosh does with no work: one record per document,
StandardAnalyzer, all words required (AND).

Checks are scored apart from nDCG (the "checks" column, and the failing ones listed by
name): a query judged with no document must answer nothing; ``no_suggestion: true``: no
spelling suggestion nor correction; ``same_as: ID``: the same ten results in the same order
as query ID.
"""

from __future__ import annotations

import math
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from whoosh import fields, index, qparser

from indexer.build import build_index
from indexer.live import open_service
from kb.facets import FACET_KEYS
from kb.search import SearchRequest, SearchService

HERE = Path(__file__).resolve().parent
CONTENT = HERE.parents[1] / "content"
QUERIES = HERE / "queries.yml"
LINK_TOLERANCE = 60  # seconds: a transcript link this close to the answer counts


@dataclass
class Scored:
    """One query's figures."""

    id: str
    kind: str
    q: str
    ndcg: float | None
    recall: float | None
    links: tuple[int, int]  # deep links right, deep links judged and shown
    empty_ok: bool | None
    top: list[str]
    checks: list[Check] = field(default_factory=list)


@dataclass
class Check:
    """One check of a query beside its grades, and what the engine did when it fails."""

    name: str  # "answers nothing", "no suggestion", "same as e01"
    ok: bool
    found: str  # what happened, shown when the check fails


def load_queries(path: Path = QUERIES) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]


def dcg(gains: list[float]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def score_query(
    query: dict[str, Any], body: dict[str, Any], others: dict[str, list[str]] | None = None
) -> Scored:
    """A query's figures from the engine's answer ``body`` (the API's shape); ``others``
    are the ten results of every query by id, for ``same_as``."""
    hits = body["hits"]
    judged = {j["doc"]: j for j in query.get("judgments") or []}
    top = [h["id"] for h in hits[:10]]
    checks = _checks(query, body, top, others or {})
    if not judged:
        return Scored(
            query["id"],
            query["kind"],
            query["q"],
            None,
            None,
            (0, 0),
            answers_nothing(body),
            top,
            checks,
        )
    gains = [judged[d]["grade"] if d in judged else 0 for d in top]
    ideal = sorted((j["grade"] for j in judged.values()), reverse=True)[:10]
    ndcg = dcg(gains) / dcg(ideal)
    relevant = [d for d, j in judged.items() if j["grade"] >= 1]
    recall = sum(1 for d in relevant if d in top) / len(relevant)
    right = shown = 0
    for hit in hits[:10]:
        judgment = judged.get(hit["id"])
        if not judgment or ("anchor" not in judgment and "t" not in judgment):
            continue
        shown += 1
        if "t" in judgment:
            right += hit["t"] is not None and abs(hit["t"] - judgment["t"]) <= LINK_TOLERANCE
        else:
            right += hit["section"] == judgment["anchor"]
    return Scored(
        query["id"], query["kind"], query["q"], ndcg, recall, (right, shown), None, top, checks
    )


def _checks(
    query: dict[str, Any], body: dict[str, Any], top: list[str], others: dict[str, list[str]]
) -> list[Check]:
    """The query's checks beside its grades (see the module's docstring)."""
    checks = []
    if not query.get("judgments"):
        found = f"{body['total']} hits: {', '.join(top[:3])}" if top else "nothing"
        checks.append(Check("answers nothing", answers_nothing(body), found))
    if query.get("no_suggestion"):
        suggestion = body.get("suggestion")
        ok = suggestion is None and not body.get("corrected")
        checks.append(Check("no suggestion", ok, f"suggested {suggestion!r}"))
    if "same_as" in query:
        other = others.get(query["same_as"], [])
        rank = next((i for i, (a, b) in enumerate(zip(top, other, strict=False)) if a != b), None)
        if rank is None:
            rank = min(len(top), len(other))
        found = f"at rank {rank + 1}: {top[rank : rank + 1]} vs {other[rank : rank + 1]}"
        checks.append(Check(f"same as {query['same_as']}", top == other, found))
    return checks


def answers_nothing(body: dict[str, Any]) -> bool:
    """Whether an answer tells the user that the corpus has nothing for the query: no hits,
    or hits marked as related to the rest of the query (``related``, with what is
    ``unmatched``)."""
    return not body["hits"] or (body["related"] and bool(body["unmatched"]))


def run_kb(service: SearchService, query: dict[str, Any]) -> dict[str, Any]:
    """kb's answer to ``query``: the body of ``GET /api/search``."""
    filters = {k: [str(v) for v in vs] for k, vs in (query.get("filters") or {}).items()}
    return service.search(SearchRequest(q=query["q"], filters=filters, per_page=10)).to_dict()


class Baseline:
    """Whoosh out of the box: one record per document, StandardAnalyzer, AND."""

    def __init__(self, service: SearchService, folder: Path) -> None:
        schema = fields.Schema(id=fields.ID(stored=True), content=fields.TEXT())
        ix = index.create_in(str(folder), schema)
        writer = ix.writer()
        gen = service.generation()
        self.meta = {d["id"]: d for d in gen.docs}
        for doc_id in self.meta:
            doc = service.stored_document(doc_id)
            text = " ".join(
                [doc["title"], doc["summary"]]
                + [f"{s['heading']} {s['text']}" for s in doc["sections"]]
            )
            writer.add_document(id=doc_id, content=text)
        writer.commit()
        self.searcher = ix.searcher()
        self.parser = qparser.QueryParser("content", schema)

    def run(self, query: dict[str, Any]) -> dict[str, Any]:
        """The baseline's answer in the API's shape (it never suggests a spelling)."""
        results = self.searcher.search(self.parser.parse(query["q"]), limit=None)
        hits = []
        for hit in results:
            meta = self.meta[hit["id"]]
            keep = True
            for name, values in (query.get("filters") or {}).items():
                have = meta[FACET_KEYS[name]]
                have = set(have) if isinstance(have, list) else {have}
                keep &= bool(have & {str(v) for v in values})
            if keep:
                hits.append({"id": hit["id"], "section": None, "t": None})
        return {"hits": hits[:10], "total": len(hits), "suggestion": None, "corrected": False}


def evaluate(content: Path = CONTENT, queries_path: Path = QUERIES) -> dict[str, Any]:
    """Figures for kb and the baseline, overall and per query kind."""
    queries = load_queries(queries_path)
    with tempfile.TemporaryDirectory() as tmp:
        build_index(content, Path(tmp) / "kb")
        service = open_service(Path(tmp) / "kb")
        (Path(tmp) / "base").mkdir()
        baseline = Baseline(service, Path(tmp) / "base")
        kb_scores = score_all(queries, [run_kb(service, q) for q in queries])
        base_scores = score_all(queries, [baseline.run(q) for q in queries])
        problems = unknown_places(service, queries)
    return {"kb": kb_scores, "baseline": base_scores, "problems": problems}


def unknown_places(service: SearchService, queries: list[dict[str, Any]]) -> list[str]:
    """Judgments naming a document, an anchor or a transcript moment that content/ lacks,
    and ``same_as`` naming no query: a judged set that drifted from the content."""
    problems = []
    ids = {q["id"] for q in queries}
    for query in queries:
        if "same_as" in query and query["same_as"] not in ids:
            problems.append(f"{query['id']}: same_as {query['same_as']}: no such query")
        for judgment in query.get("judgments") or []:
            where = f"{query['id']}: {judgment['doc']}"
            doc = service.stored_document(judgment["doc"])
            if doc is None:
                problems.append(f"{where}: no such document")
                continue
            sections = doc["sections"]
            if "anchor" in judgment and judgment["anchor"] not in {s["anchor"] for s in sections}:
                problems.append(f"{where}: no section #{judgment['anchor']}")
            moments = [s["t"] for s in sections if s.get("t") is not None]
            if "t" in judgment and not any(
                abs(t - judgment["t"]) <= LINK_TOLERANCE for t in moments
            ):
                problems.append(f"{where}: no passage near t={judgment['t']}")
    return problems


def score_all(queries: list[dict[str, Any]], bodies: list[dict[str, Any]]) -> list[Scored]:
    """Every query's figures (``same_as`` compares with the other queries' answers)."""
    answers = list(zip(queries, bodies, strict=True))
    tops = {q["id"]: [h["id"] for h in body["hits"][:10]] for q, body in answers}
    return [score_query(q, body, tops) for q, body in answers]


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def summarise(scores: list[Scored]) -> dict[str, dict[str, float]]:
    by_kind: dict[str, list[Scored]] = defaultdict(list)
    for s in scores:
        by_kind[s.kind].append(s)
        by_kind["all"].append(s)
    table = {}
    for kind, items in by_kind.items():
        judged = [s for s in items if s.ndcg is not None]
        right = sum(s.links[0] for s in items)
        shown = sum(s.links[1] for s in items)
        empties = [s.empty_ok for s in items if s.empty_ok is not None]
        checks = [c for s in items for c in s.checks]
        table[kind] = {
            "queries": len(items),
            "ndcg": mean([s.ndcg for s in judged]),
            "recall": mean([s.recall for s in judged]),
            "links": right / shown if shown else float("nan"),
            "empty": mean([float(e) for e in empties]) if empties else float("nan"),
            "checks": len(checks),
            "checks_ok": sum(c.ok for c in checks),
        }
    return table


def table(kb: dict[str, dict[str, float]], base: dict[str, dict[str, float]]) -> str:
    """The figures per query kind, kb beside the baseline, as ``make relevance`` prints them."""
    lines = [
        f"{'kind':<16}{'n':>4}{'nDCG@10 kb':>12}{'baseline':>10}{'recall@10':>11}"
        f"{'deep links':>12}{'checks':>9}"
    ]
    for kind in sorted(kb, key=lambda k: (k == "all", k)):
        row = kb[kind]
        checks = f"{row['checks_ok']}/{row['checks']}" if row["checks"] else "-"
        if kind == "no-answer":
            lines.append(
                f"{kind:<16}{row['queries']:>4}   honest (no hits or related) {row['empty']:.0%} "
                f"(baseline {base[kind]['empty']:.0%}){checks:>11}"
            )
            continue
        lines.append(
            f"{kind:<16}{row['queries']:>4}{row['ndcg']:>12.3f}{base[kind]['ndcg']:>10.3f}"
            f"{row['recall']:>11.3f}{row['links']:>12.2f}{checks:>9}"
        )
    return "\n".join(lines)


def main() -> int:
    figures = evaluate()
    kb, base = summarise(figures["kb"]), summarise(figures["baseline"])
    print(table(kb, base))
    worst = sorted((s for s in figures["kb"] if s.ndcg is not None), key=lambda s: s.ndcg)[:8]
    print("\nworst queries:")
    for s in worst:
        print(f"  {s.ndcg:.2f}  {s.kind:<15} {s.q!r}  → {', '.join(s.top[:3])}")
    for problem in figures["problems"]:
        print(f"judged set: {problem}")
    failed = [(s, c) for s in figures["kb"] for c in s.checks if not c.ok]
    print(f"\nchecks that fail: {len(failed)}")
    for s, c in failed:
        print(f"  {s.id} {s.q!r}: {c.name}, but {c.found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
