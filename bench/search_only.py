"""``python -m bench.search_only INDEX [--size N]``: the search kinds' p50 on an index already
built from the bench corpus of ``N`` documents, one JSON line.

For A/B comparisons of two checkouts on one index (each with its own venv), alternating
which runs first: the full run (``python -m bench``) also rebuilds the index each time.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench import SEED, corpus, measure, vocabulary
from bench.queries import Query, make_queries
from bench.runner import _warmup, default_root
from indexer.live import open_service
from kb.search import SearchRequest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search_only", description=__doc__)
    parser.add_argument("index", type=Path)
    parser.add_argument("--size", type=int, default=20000)
    args = parser.parse_args(argv)
    generated, _ = corpus.ensure(default_root(args.size), args.size, SEED)
    vocabularies = vocabulary.load()
    queries = make_queries(generated, vocabularies, 30, SEED)
    service = open_service(args.index)

    def search(query: Query) -> dict[str, object]:
        request = SearchRequest(q=query.q, filters=query.filters, page=query.page)
        return service.search(request).to_dict()

    result = measure.run(search, measure.schedule(queries, SEED), _warmup(queries, vocabularies))
    print(json.dumps({kind: round(v["p50_ms"], 2) for kind, v in result.items() if "p50_ms" in v}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
