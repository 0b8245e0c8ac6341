"""The targets of the issue, checked against a result, and the one table printed."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from bench.queries import KINDS

MIB = 1024 * 1024


@dataclass(frozen=True)
class Target:
    """A figure of the result (a dotted path), a comparison and a bound."""

    name: str
    path: str
    op: str  # "<=", ">=" or "=="
    bound: float
    bound_20k: float | None = None  # the bound from 20,000 documents on, when it differs
    sizes: tuple[int, ...] = ()  # the corpus sizes the target is defined at (none: every)

    def bound_at(self, size: int) -> float:
        """The bound for a corpus of ``size`` documents."""
        return self.bound_20k if self.bound_20k is not None and size >= 20_000 else self.bound

    def value(self, result: dict[str, Any]) -> float | None:
        node: Any = result
        for key in self.path.split("."):
            if not isinstance(node, dict) or key not in node:
                return None
            node = node[key]
        return float(node) if isinstance(node, int | float) else None

    def check(self, result: dict[str, Any]) -> dict[str, Any]:
        value = self.value(result)
        size = int(result.get("size", 0))
        bound = self.bound_at(size)
        passed = None
        judged = not self.sizes or size in self.sizes
        if judged and value is not None and not math.isnan(value):
            passed = {
                "<=": value <= bound,
                ">=": value >= bound,
                "==": value == bound,
            }[self.op]
        return {
            "name": self.name,
            "path": self.path,
            "op": self.op,
            "bound": bound,
            "value": value,
            "pass": passed,
            "defined_at": list(self.sizes),
        }


TARGETS = (
    Target("search mixed p50 ms", "search.kb.mixed.p50_ms", "<=", 25),
    Target("search mixed p95 ms", "search.kb.mixed.p95_ms", "<=", 60),
    Target(
        "search mixed × faster than naive (p50)", "ratios.mixed.speedup_vs_naive_p50", ">=", 2.5
    ),
    Target(
        "places and reasons cost (mixed p50 with ÷ without)",
        "ratios.mixed.details_cost_p50",
        "<=",
        1.2,
    ),
    Target("search cached p50 ms", "search.kb.cached.p50_ms", "<=", 1),
    Target("search browse p50 ms", "search.kb.browse.p50_ms", "<=", 5),
    Target("search browse_all p50 ms", "search.kb.browse_all.p50_ms", "<=", 5),
    Target("http uncached req/s", "http.uncached.rps", ">=", 40),
    Target("http uncached p95 ms", "http.uncached.p95_ms", "<=", 150),
    Target("http uncached errors", "http.uncached.errors", "==", 0),
    Target("http cached req/s", "http.cached.rps", ">=", 400),
    Target("http cached p95 ms", "http.cached.p95_ms", "<=", 150),
    Target("http cached errors", "http.cached.errors", "==", 0),
    Target("full index s for 20k docs", "indexing.full.seconds", "<=", 60, sizes=(20_000,)),
    Target(
        "full build ÷ naive Whoosh's", "ratios.build.seconds_vs_naive", "<=", 1, sizes=(20_000,)
    ),
    Target(
        "index on disk ÷ naive Whoosh's",
        "ratios.build.index_bytes_vs_naive",
        "<=",
        1.5,
        sizes=(20_000,),
    ),
    Target("edit → searchable s", "indexing.incremental.searchable.seconds", "<=", 2),
    Target(
        "save → answered by gunicorn s (median)",
        "editor_wait.median_s",
        "<=",
        1,
        1.5,
        sizes=(1_000, 5_000, 20_000),
    ),
    Target(
        "taxonomy label change s",
        "indexing.taxonomy_label.seconds",
        "<=",
        20,
        sizes=(20_000,),
    ),
    Target("kb index peak RSS MiB", "indexing.full.peak_rss_mib", "<=", 1024, sizes=(50_000,)),
    Target("serving worker RSS MiB", "http.memory.max_worker_mib", "<=", 300),
)


def check_targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target with its measured value and pass (None: not measured)."""
    return [target.check(result) for target in TARGETS]


def _ms(value: float | None) -> str:
    if value is None or math.isnan(value):
        return "–"
    if value < 1:
        return f"{value:.2f}"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _times(ratio: float) -> str:
    """``6.7× faster`` / ``13× slower`` for kb against a reference (ratio = ref / kb)."""
    if ratio >= 1:
        return f"{ratio:.1f}× faster" if ratio < 10 else f"{ratio:.0f}× faster"
    slower = 1 / ratio
    return f"{slower:.1f}× slower" if slower < 10 else f"{slower:.0f}× slower"


def _cpu(full: dict[str, Any]) -> str:
    cpu = full.get("cpu_seconds")
    return f" · CPU {cpu:.0f} s" if cpu else ""


def _pss(full: dict[str, Any]) -> str:
    """The process tree's summed PSS beside its RSS, where the run measured it."""
    pss = full.get("peak_pss_polled_tree_mib")
    return f" (PSS {pss:.0f})" if pss else ""


def _status(checks: list[dict[str, Any]], *names: str) -> str:
    chosen = [c for c in checks if c["name"] in names]
    marks = [c["pass"] for c in chosen]
    if not marks:
        return ""
    elsewhere = [c for c in chosen if c["pass"] is None and c.get("defined_at")]
    if elsewhere:
        sizes = sorted({size for c in elsewhere for size in c["defined_at"]})
        return "n/a: @" + ", ".join(f"{size // 1000}k" for size in sizes)
    if any(m is None for m in marks):
        return "n/a"
    return "pass" if all(marks) else "FAIL"


def _versus(result: dict[str, Any], kind: str) -> str:
    parts = []
    kb = result["search"]["kb"].get(kind, {})
    for ref in ("naive", "tantivy"):
        stats = (result["search"].get(ref) or {}).get(kind)
        if stats and kb:
            ratio = result["ratios"].get(kind, {}).get(f"speedup_vs_{ref}_p50")
            versus = _times(ratio) if ratio is not None else "no answer cache: not compared"
            parts.append(f"{ref} {_ms(stats['p50_ms'])}/{_ms(stats['p95_ms'])} ({versus})")
    return " · ".join(parts)


def table(result: dict[str, Any]) -> str:
    """The one table: kb's figures, the targets with pass/fail, and the references."""
    checks = result["targets"]
    rows: list[tuple[str, str, str, str, str]] = []

    def section(title: str) -> None:
        rows.append((title, "", "", "", ""))

    def row(label: str, kb: str, target: str = "", status: str = "", refs: str = "") -> None:
        rows.append(("  " + label, kb, target, status, refs))

    full = result["indexing"]["full"]
    refs = result.get("references", {})
    section("indexing")
    build_refs = " · ".join(
        f"{name} {refs[name]['build']['seconds']:.1f} s"
        for name in ("naive", "tantivy")
        if name in refs
    )
    row(
        "full build (kb index --full)",
        f"{full['seconds']:.1f} s · {full['docs_per_s']:.0f} docs/s" + _cpu(full),
        f"≤ 60 s and ≤ naive @20k (projected {full['projected_20k_s']:.0f} s)",
        _status(checks, "full index s for 20k docs", "full build ÷ naive Whoosh's"),
        build_refs,
    )
    row(
        "peak RSS of kb index",
        f"{full['peak_rss_mib']:.0f} MiB" + _pss(full),
        "≤ 1024 MiB @50k",
        _status(checks, "kb index peak RSS MiB"),
    )
    label = result["indexing"].get("taxonomy_label")
    if label:
        rewritten = label.get("relabelled", label["updated"])
        how = "read again" if label.get("full", True) else "relabelled from the index"
        row(
            "taxonomy label change → republished",
            f"{label['seconds']:.2f} s ({rewritten} documents {how})",
            "≤ 20 s @20k",
            _status(checks, "taxonomy label change s"),
        )
    inc = result["indexing"]["incremental"]
    row("incremental, 1 file", f"{inc['one_file']['seconds']:.2f} s")
    row(
        f"incremental, 1% ({inc['one_percent']['files']} files)",
        f"{inc['one_percent']['seconds']:.2f} s",
    )
    seconds = inc["searchable"]["seconds"]
    row(
        "edit → searchable",
        f"{seconds:.2f} s" if seconds is not None else "never",
        "≤ 2 s",
        _status(checks, "edit → searchable s"),
    )
    wait = result.get("editor_wait") or {}
    if "median_s" in wait:
        row(
            "save → answered (kb watch, gunicorn -w 2)",
            f"{wait['median_s']:.2f} s · p90 {wait['p90_s']:.2f} s",
            "median ≤ 1 s (≤ 1.5 s @20k)",
            _status(checks, "save → answered by gunicorn s (median)"),
        )
    size_refs = " · ".join(
        f"{name} {refs[name]['index_bytes'] / MIB:.1f} MiB"
        for name in ("naive", "tantivy")
        if name in refs
    )
    row(
        "index size on disk",
        f"{full['index_bytes'] / MIB:.1f} MiB",
        "≤ 1.5× naive @20k",
        _status(checks, "index on disk ÷ naive Whoosh's"),
        size_refs,
    )

    section("search service, ms p50/p95/p99 (references p50/p95)")
    kinds = ["mixed", *KINDS]
    targets_of = {
        "mixed": (
            "p50 ≤ 25 · p95 ≤ 60 · ≥ 2.5× naive",
            (
                "search mixed p50 ms",
                "search mixed p95 ms",
                "search mixed × faster than naive (p50)",
            ),
        ),
        "cached": ("p50 ≤ 1", ("search cached p50 ms",)),
        "browse": ("p50 ≤ 5", ("search browse p50 ms",)),
        "browse_all": ("p50 ≤ 5", ("search browse_all p50 ms",)),
    }
    plain = (result["search"].get("kb_without_details") or {}).get("mixed")
    if plain and plain.get("n"):
        cost = result["ratios"].get("mixed", {}).get("details_cost_p50", math.nan)
        row(
            "mixed, without places/reasons",
            f"{_ms(plain['p50_ms'])} / {_ms(plain['p95_ms'])} / {_ms(plain['p99_ms'])}",
            "with ÷ without ≤ 1.2",
            _status(checks, "places and reasons cost (mixed p50 with ÷ without)"),
            f"with ÷ without p50: {cost:.2f}",
        )
    for kind in kinds:
        stats = result["search"]["kb"].get(kind)
        if not stats or not stats.get("n"):
            continue
        target, names = targets_of.get(kind, ("", ()))
        row(
            kind.replace("_", " "),
            f"{_ms(stats['p50_ms'])} / {_ms(stats['p95_ms'])} / {_ms(stats['p99_ms'])}",
            target,
            _status(checks, *names),
            _versus(result, kind),
        )

    http = result.get("http") or {}
    section("HTTP, gunicorn -w 2, 4 clients (req/s · ms p50/p95 · errors)")
    if http.get("skipped") or http.get("error"):
        row("skipped" if http.get("skipped") else f"failed: {http['error']}", "")
    else:
        for name, target, names in (
            (
                "uncached",
                "≥ 40/s · p95 ≤ 150 · 0 err",
                ("http uncached req/s", "http uncached p95 ms", "http uncached errors"),
            ),
            (
                "cached",
                "≥ 400/s · p95 ≤ 150 · 0 err",
                ("http cached req/s", "http cached p95 ms", "http cached errors"),
            ),
        ):
            load = http[name]
            row(
                f"{name} ({load['requests']} requests)",
                f"{load['rps']:.0f}/s · {_ms(load['p50_ms'])}/{_ms(load['p95_ms'])} · "
                f"{load['errors']}",
                target,
                _status(checks, *names),
            )
        memory = http["memory"]
        row(
            "worker RSS after load",
            " · ".join(f"{mib:.0f}" for mib in memory["workers_mib"]) + " MiB",
            "≤ 300 MiB",
            _status(checks, "serving worker RSS MiB"),
        )
    cold = result.get("cold_start")
    if cold:
        section("cold start")
        row(
            "process start → first answer",
            f"{cold['seconds']:.2f} s",
            "",
            "",
            f"imports {cold['import_seconds']:.2f} s",
        )

    body = [r for r in rows if r[1] or r[0].startswith("  ")]
    widths = [
        max(len(r[i]) for r in [*body, ("measure", "kb", "target", "", "")]) for i in range(4)
    ]
    head = (
        f"kb bench · {result['size']} documents · {result['machine']['cpu_count']} × "
        f"{result['machine']['cpu_model']} · {result['date']}"
    )
    header = ("measure", "kb", "target", "", "references")
    lines = [head, ""]
    for cells in [header, *rows]:
        if cells is not header and not cells[0].startswith("  "):
            lines.append(cells[0])
            continue
        line = "  ".join(c.ljust(w) for c, w in zip(cells[:4], widths, strict=True))
        lines.append((line + "  " + cells[4]).rstrip())
        if cells is header:
            lines.append("─" * min(150, max(len(x) for x in lines)))
    met = [c for c in checks if c["pass"] is not None]
    lines.append("")
    lines.append(
        f"targets met: {sum(1 for c in met if c['pass'])} of {len(met)}"
        + (f" ({len(checks) - len(met)} not measured)" if len(met) < len(checks) else "")
    )
    return "\n".join(lines)
