"""Cold start: a fresh Python process, from its start to its first answered search."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SCRIPT = """
import sys, time
from indexer.live import open_service
from kb.search import SearchRequest
imported = time.time()
body = open_service(sys.argv[1]).search(SearchRequest(q=sys.argv[2])).to_dict()
print(imported, time.time(), body["total"], flush=True)
"""


def once(index_dir: Path, q: str) -> dict[str, float]:
    """One process: seconds to the first answer, and how much of it was imports."""
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(index_dir), q],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    imported, answered, total = out.stdout.split()
    return {
        "seconds": float(answered) - started,
        "import_seconds": float(imported) - started,
        "total_hits": int(total),
    }


def measure(index_dir: Path, q: str, runs: int = 3) -> dict[str, Any]:
    """The median of ``runs`` cold starts (the first includes a cold page cache)."""
    samples = [once(index_dir, q) for _ in range(runs)]
    return {
        "runs": samples,
        "seconds": statistics.median(s["seconds"] for s in samples),
        "import_seconds": statistics.median(s["import_seconds"] for s in samples),
        "query": q,
    }
