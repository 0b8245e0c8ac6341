"""Run the query set against one engine, in one fixed order, and collect latencies per kind."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from bench.queries import MIXED, UNCACHED, Query
from bench.stats import summary

Search = Callable[[Query], dict[str, Any]]


def schedule(queries: dict[str, list[Query]], seed: int) -> list[tuple[Query, bool]]:
    """Uncached queries shuffled together, then the cached one: (query, recorded?).

    The cached query is asked once unrecorded (to fill any cache), then recorded.
    """
    mixed = [q for kind in UNCACHED for q in queries.get(kind, [])]
    random.Random(f"schedule:{seed}").shuffle(mixed)
    plan = [(q, True) for q in mixed]
    cached = queries.get("cached", [])
    if cached:
        plan += [(cached[0], False)] + [(q, True) for q in cached]
    return plan


def run(search: Search, plan: list[tuple[Query, bool]], warmup: list[Query]) -> dict[str, Any]:
    """Latency summaries per kind (and ``mixed``: the uncached kinds of ``MIXED``), hits
    found."""
    for query in warmup:
        search(query)
    latencies: dict[str, list[float]] = {}
    totals: dict[str, list[int]] = {}
    for query, recorded in plan:
        started = time.perf_counter()
        body = search(query)
        elapsed = (time.perf_counter() - started) * 1000
        if recorded:
            latencies.setdefault(query.kind, []).append(elapsed)
            totals.setdefault(query.kind, []).append(int(body["total"]))
    latencies["mixed"] = [ms for kind in MIXED for ms in latencies.get(kind, [])]
    totals["mixed"] = [n for kind in MIXED for n in totals.get(kind, [])]
    return {
        kind: {
            **summary(values),
            "zero_hits": sum(1 for n in totals[kind] if n == 0),
            "mean_total": sum(totals[kind]) / len(totals[kind]) if totals[kind] else 0,
        }
        for kind, values in latencies.items()
    }
