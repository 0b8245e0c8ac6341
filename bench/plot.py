"""The scaling chart of several sizes: search latency and full index time against size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def scaling(results: list[dict[str, Any]], out: Path) -> Path:
    """Write ``out`` (PNG): p50/p95 of mixed queries per engine, the full build's time per
    engine, and the peak memory of ``kb index`` (the runs of ``--sizes``, up to 50,000)."""
    results = sorted(results, key=lambda r: r["size"])
    sizes = [r["size"] for r in results]
    fig, (latency, indexing, memory) = plt.subplots(1, 3, figsize=(15, 4.2))
    for engine, color in (("kb", "tab:blue"), ("naive", "tab:orange"), ("tantivy", "tab:green")):
        stats = [(r["search"].get(engine) or {}).get("mixed") for r in results]
        if not all(stats):
            continue
        latency.plot(sizes, [s["p50_ms"] for s in stats], "o-", color=color, label=f"{engine} p50")
        latency.plot(sizes, [s["p95_ms"] for s in stats], "s--", color=color, label=f"{engine} p95")
    latency.axhline(25, color="grey", lw=0.8, ls=":", label="target p50 25 ms")
    latency.axhline(60, color="grey", lw=0.8, ls="-.", label="target p95 60 ms")
    latency.set(
        xscale="log",
        yscale="log",
        xlabel="documents",
        ylabel="ms",
        title="search latency, mixed queries",
    )
    latency.legend(fontsize=7)
    indexing.plot(sizes, [r["indexing"]["full"]["seconds"] for r in results], "o-", label="kb")
    for engine in ("naive", "tantivy"):
        builds = [r.get("references", {}).get(engine) for r in results]
        if all(builds):
            indexing.plot(sizes, [b["build"]["seconds"] for b in builds], "o--", label=engine)
    indexing.plot([20_000], [60], "r*", markersize=10, label="target: 60 s at 20k")
    indexing.set(
        xscale="log", yscale="log", xlabel="documents", ylabel="seconds", title="full index build"
    )
    indexing.legend(fontsize=7)
    memory.plot(sizes, [r["indexing"]["full"]["peak_rss_mib"] for r in results], "o-", label="kb")
    memory.plot([50_000], [1024], "r*", markersize=10, label="target: 1 GiB at 50k")
    memory.set(xscale="log", xlabel="documents", ylabel="MiB", title="peak RSS of kb index")
    memory.legend(fontsize=7)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out
