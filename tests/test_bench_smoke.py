"""The benchmark runner works end to end on a tiny corpus (no timing is asserted)."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

from bench import runner
from bench.queries import KINDS
from bench.report import TARGETS


def _positive(value: object) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and value > 0


def test_runner_writes_figures_and_ratios(tmp_path: Path) -> None:
    shown: list[str] = []
    runner.run(
        200,
        tmp_path / "results",
        root=tmp_path / "corpus",
        skip_http=True,
        skip_editor_wait=True,
        per_kind=5,
        cold_runs=1,
        echo=lambda _message: None,
        show=shown.append,
    )

    stamped = list((tmp_path / "results").glob("bench-200-*.json"))
    assert len(stamped) == 1
    result = json.loads((tmp_path / "results" / "latest-200.json").read_text(encoding="utf-8"))
    assert result == json.loads(stamped[0].read_text(encoding="utf-8"))
    assert result["size"] == 200 and sum(result["corpus"]["types"].values()) == 200
    assert result["machine"]["cpu_count"] and result["versions"]["whoosh"]

    full = result["indexing"]["full"]
    for key in ("seconds", "docs_per_s", "peak_rss_mib", "index_bytes", "projected_20k_s"):
        assert _positive(full[key]), key
    incremental = result["indexing"]["incremental"]
    assert incremental["one_file"]["updated"] == 1
    assert incremental["one_percent"]["updated"] == incremental["one_percent"]["files"]
    assert incremental["searchable"]["found"] and _positive(incremental["searchable"]["seconds"])
    assert _positive(result["cold_start"]["seconds"])

    references = ["naive"] + (["tantivy"] if importlib.util.find_spec("tantivy") else [])
    for kind in ("mixed", *KINDS):
        for engine in ("kb", *references):
            stats = result["search"][engine][kind]
            assert all(_positive(stats[k]) for k in ("p50_ms", "p95_ms", "p99_ms")), (engine, kind)
        for ref in references:
            for p in ("p50", "p95"):
                ratio = result["ratios"].get(kind, {}).get(f"speedup_vs_{ref}_{p}")
                if kind == "cached":  # the references cache nothing: not compared
                    assert ratio is None and not result["engines"][ref]["answer_cache"]
                else:
                    assert _positive(ratio), (kind, ref, p)
        assert _positive(result["references"]["naive"]["build"]["seconds"])
    # Browsing with no filter lists every document, on pages of its own.
    assert result["search"]["kb"]["browse_all"]["mean_total"] == 200
    build = result["ratios"]["build"]
    assert _positive(build["seconds_vs_naive"]) and _positive(build["index_bytes_vs_naive"])
    # A label change republishes, and the service names the theme by its new label.
    label = result["indexing"]["taxonomy_label"]
    assert _positive(label["seconds"]) and label["shown_s"] >= label["seconds"]
    # ...without reading any document again: the theme's documents get new records.
    assert not label["full"] and label["updated"] == 0 and label["relabelled"] > 0
    # Targets defined at other sizes are not judged at 200 documents.
    at_20k = [t for t in result["targets"] if t["name"] == "full index s for 20k docs"]
    assert at_20k[0]["defined_at"] == [20_000] and at_20k[0]["pass"] is None

    assert result["http"] == {"skipped": True}
    assert result["editor_wait"] == {"skipped": True}
    assert [t["name"] for t in result["targets"]] == [t.name for t in TARGETS]
    assert all(t["pass"] is None for t in result["targets"] if t["path"].startswith("http."))
    assert len(shown) == 1 and "mixed" in shown[0] and "targets met" in shown[0]
