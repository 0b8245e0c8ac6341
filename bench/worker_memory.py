"""``python -m bench.worker_memory INDEX [--size N] [--top K]``: what a serving process holds
on an index already built from the bench corpus of ``N`` documents, one JSON line: its RSS
before the service is opened (with the bench's queries loaded), once it is open and warm (as
a gunicorn worker starts), then after the queries; with ``--top``, the ``K`` largest
allocations made by the queries (tracemalloc, which slows them and adds its own memory).
"""

from __future__ import annotations

import argparse
import json
import os
import tracemalloc
from pathlib import Path

from bench import SEED, corpus, procs, vocabulary
from bench.queries import make_queries
from bench.runner import default_root
from indexer.live import open_service
from kb.search import SearchRequest

MIB = 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.worker_memory", description=__doc__)
    parser.add_argument("index", type=Path)
    parser.add_argument("--size", type=int, default=20000)
    parser.add_argument("--top", type=int, default=0, help="largest allocations to list")
    args = parser.parse_args(argv)
    generated, _ = corpus.ensure(default_root(args.size), args.size, SEED)
    queries = make_queries(generated, vocabulary.load(), 30, SEED)
    before = procs.rss(os.getpid()) / MIB  # the interpreter, kb's modules, the queries
    service = open_service(args.index, warm=True)
    opened = procs.rss(os.getpid()) / MIB
    if args.top:
        tracemalloc.start(4)
    for kind_queries in queries.values():
        for query in kind_queries:
            service.search(SearchRequest(q=query.q, filters=query.filters, page=query.page))
    figures: dict[str, object] = {
        "rss_before_open_mib": round(before, 1),
        "rss_open_mib": round(opened, 1),
        "rss_after_queries_mib": round(procs.rss(os.getpid()) / MIB, 1),
    }
    if args.top:
        snapshot = tracemalloc.take_snapshot()
        figures["top"] = [
            {"mib": round(stat.size / MIB, 1), "where": str(stat.traceback[0])}
            for stat in snapshot.statistics("lineno")[: args.top]
        ]
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
