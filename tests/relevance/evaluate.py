"""Ranking quality on the judged queries: kb beside Whoosh out of the box.

``python -m tests.relevance.evaluate`` (``make relevance``) builds both indexes of
``content/`` in a temporary folder and prints nDCG@10, recall@10 and deep-link accuracy per
query kind. The baseline is what Whoosh does with no work: one record per document,
StandardAnalyzer, all words required (AND).
"""

from __future__ import annotations

import math
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
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


def load_queries(path: Path = QUERIES) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]


def dcg(gains: list[float]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def score_query(query: dict[str, Any], hits: list[dict[str, Any]]) -> Scored:
    judged = {j["doc"]: j for j in query.get("judgments") or []}
    top = [h["id"] for h in hits[:10]]
    if not judged:
        return Scored(query["id"], query["kind"], query["q"], None, None, (0, 0), not hits, top)
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
    return Scored(query["id"], query["kind"], query["q"], ndcg, recall, (right, shown), None, top)


def run_kb(service: SearchService, query: dict[str, Any]) -> list[dict[str, Any]]:
    filters = {k: [str(v) for v in vs] for k, vs in (query.get("filters") or {}).items()}
    return service.search(SearchRequest(q=query["q"], filters=filters, per_page=10)).to_dict()[
        "hits"
    ]


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

    def run(self, query: dict[str, Any]) -> list[dict[str, Any]]:
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
        return hits[:10]


def evaluate(content: Path = CONTENT, queries_path: Path = QUERIES) -> dict[str, Any]:
    """Figures for kb and the baseline, overall and per query kind."""
    queries = load_queries(queries_path)
    with tempfile.TemporaryDirectory() as tmp:
        build_index(content, Path(tmp) / "kb")
        service = open_service(Path(tmp) / "kb")
        (Path(tmp) / "base").mkdir()
        baseline = Baseline(service, Path(tmp) / "base")
        kb_scores = [score_query(q, run_kb(service, q)) for q in queries]
        base_scores = [score_query(q, baseline.run(q)) for q in queries]
    return {"kb": kb_scores, "baseline": base_scores}


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
        table[kind] = {
            "queries": len(items),
            "ndcg": mean([s.ndcg for s in judged]),
            "recall": mean([s.recall for s in judged]),
            "links": right / shown if shown else float("nan"),
            "empty": mean([float(e) for e in empties]) if empties else float("nan"),
        }
    return table


def main() -> int:
    figures = evaluate()
    kb, base = summarise(figures["kb"]), summarise(figures["baseline"])
    print(
        f"{'kind':<16}{'n':>4}{'nDCG@10 kb':>12}{'baseline':>10}{'recall@10':>11}{'deep links':>12}"
    )
    for kind in sorted(kb, key=lambda k: (k == "all", k)):
        row = kb[kind]
        if kind == "no-answer":
            print(
                f"{kind:<16}{row['queries']:>4}   empty result for {row['empty']:.0%} "
                f"(baseline {base[kind]['empty']:.0%})"
            )
            continue
        print(
            f"{kind:<16}{row['queries']:>4}{row['ndcg']:>12.3f}{base[kind]['ndcg']:>10.3f}"
            f"{row['recall']:>11.3f}{row['links']:>12.2f}"
        )
    worst = sorted((s for s in figures["kb"] if s.ndcg is not None), key=lambda s: s.ndcg)[:8]
    print("\nworst queries:")
    for s in worst:
        print(f"  {s.ndcg:.2f}  {s.kind:<15} {s.q!r}  → {', '.join(s.top[:3])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
