"""Benchmarks of kb: a seeded synthetic corpus, kb's indexer, search service and HTTP API,
and two references on the same corpus and queries (naive Whoosh, tantivy).

Run ``python -m bench --size 1000``; results go to ``bench/results/``.
"""

from __future__ import annotations

SEED = 20261124
"""The default seed of the generated corpus and query set."""
