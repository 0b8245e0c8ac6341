"""One benchmark run: corpus, kb's indexer, search service, HTTP, cold start, references.

Progress goes to stderr; the table to stdout; every figure to
``RESULTS/bench-SIZE-YYYYmmdd-HHMMSS.json`` and ``RESULTS/latest-SIZE.json``.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import math
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import (
    SEED,
    coldstart,
    corpus,
    editor_wait,
    http_load,
    indexing,
    measure,
    naive,
    report,
    taxonomy_change,
    vocabulary,
)
from bench.machine import describe
from bench.queries import Query, make_queries
from indexer.live import open_service
from kb.search import SearchRequest

RESULTS = Path(__file__).resolve().parent / "results"
Echo = Callable[[str], None]


def _stderr(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def default_root(size: int) -> Path:
    """Where the corpus of ``size`` documents is generated and reused."""
    return Path(tempfile.gettempdir()) / f"kb-bench-{size}"


def _warmup(queries: dict[str, list[Query]], vocabularies: dict[str, Any]) -> list[Query]:
    """Queries asked before measuring (open the index, fill lazy caches), asked by no kind."""
    asked = {w for qs in queries.values() for q in qs for w in q.q.strip('"').split()}
    word = next(w for w in vocabularies["es"].content_words()[700:] if w not in asked)
    return [Query("warmup", ""), Query("warmup", word)]


# What each engine does for a search: the references do less, which their figures include.
_KB_ONLY = (
    "answer_cache",
    "spelling_correction",
    "synonyms_and_translations",
    "cross_language_stems",
    "disjunctive_facet_counts",
    "places_and_reasons",
)
_REFERENCE = {"records": "one per document", **dict.fromkeys(_KB_ONLY, False)}
ENGINES: dict[str, dict[str, Any]] = {
    "kb": {
        "records": "one per section or transcript moment, plus the document's own",
        **dict.fromkeys(_KB_ONLY, True),
        "snippets": "the best place's, highlighted",
    },
    "naive": {**_REFERENCE, "snippets": "Whoosh highlights of the body"},
    "tantivy": {**_REFERENCE, "snippets": "SnippetGenerator on the body"},
}


def _ratios(search: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Per kind, each reference's latency over kb's (above 1: kb is faster). A repeated
    query is compared only with an engine that caches answers too."""
    out: dict[str, dict[str, float]] = {}
    for kind, kb in search["kb"].items():
        for ref in ("naive", "tantivy"):
            stats = (search.get(ref) or {}).get(kind)
            if not stats or not kb.get("n"):
                continue
            if kind == "cached" and not ENGINES[ref]["answer_cache"]:
                continue
            for p in ("p50", "p95"):
                out.setdefault(kind, {})[f"speedup_vs_{ref}_{p}"] = (
                    stats[f"{p}_ms"] / kb[f"{p}_ms"] if kb[f"{p}_ms"] > 0 else math.nan
                )
        plain = (search.get("kb_without_details") or {}).get(kind)
        if plain and kb.get("n") and plain["p50_ms"] > 0:
            out.setdefault(kind, {})["details_cost_p50"] = kb["p50_ms"] / plain["p50_ms"]
    return out


def _build_ratios(full: dict[str, Any], references: dict[str, Any]) -> dict[str, float]:
    """kb's full build time and index size over naive Whoosh's on the same documents."""
    naive_build = references.get("naive")
    if not naive_build:
        return {}
    return {
        "seconds_vs_naive": full["seconds"] / naive_build["build"]["seconds"],
        "index_bytes_vs_naive": full["index_bytes"] / naive_build["index_bytes"],
    }


def _references(
    root: Path,
    content: Path,
    plan: list[tuple[Query, bool]],
    warmup: list[Query],
    echo: Echo,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Build and query naive Whoosh and (if installed) tantivy: (builds, search figures)."""
    builds: dict[str, Any] = {}
    search: dict[str, Any] = {}
    echo("naive Whoosh: indexing")
    builds["naive"] = {"build": naive.build(content, root / "index-naive")}
    builds["naive"]["index_bytes"] = indexing.folder_bytes(root / "index-naive")
    echo("naive Whoosh: querying")
    search["naive"] = measure.run(naive.NaiveWhoosh(root / "index-naive").search, plan, warmup)
    if importlib.util.find_spec("tantivy") is None:
        builds["tantivy"] = None
        echo("tantivy is not installed (pip install -e '.[bench]'): skipped")
        return builds, search
    from bench import tantivy_ref

    echo("tantivy: indexing and querying")
    try:
        builds["tantivy"] = {"build": tantivy_ref.build(content, root / "index-tantivy")}
        builds["tantivy"]["index_bytes"] = indexing.folder_bytes(root / "index-tantivy")
        engine = tantivy_ref.Tantivy(root / "index-tantivy")
        search["tantivy"] = measure.run(engine.search, plan, warmup)
    except (AttributeError, TypeError, ValueError) as error:  # another tantivy API
        builds["tantivy"] = None
        echo(f"tantivy reference failed (installed version's API?): {error}")
    return builds, search


def run(
    size: int,
    out: Path = RESULTS,
    *,
    seed: int = SEED,
    root: Path | None = None,
    skip_http: bool = False,
    skip_references: bool = False,
    skip_editor_wait: bool = False,
    note: str = "",
    per_kind: int = 30,
    cached_requests: int = 400,
    cold_runs: int = 3,
    echo: Echo = _stderr,
    show: Echo = print,
) -> dict[str, Any]:
    """Measure everything for a corpus of ``size`` documents; write the JSON; print the table."""
    began = time.perf_counter()
    root = root or default_root(size)
    echo(f"corpus of {size} documents under {root}")
    started = time.perf_counter()
    generated, reused = corpus.ensure(root, size, seed)
    corpus_info = {
        "root": str(root),
        "reused": reused,
        "seconds": time.perf_counter() - started,
        "types": dict(Counter(d.type for d in generated.docs)),
        "languages": dict(Counter(d.language for d in generated.docs)),
        "transcripts": dict(Counter(d.transcript for d in generated.docs if d.transcript)),
        "bytes": indexing.folder_bytes(generated.content),
    }
    vocabularies = vocabulary.load()
    queries = make_queries(generated, vocabularies, per_kind, seed)
    plan = measure.schedule(queries, seed)
    warmup = _warmup(queries, vocabularies)

    echo("kb index --full")
    kb_index = root / "index-kb"
    full = indexing.full_build(generated.content, kb_index, size)
    echo(f"kb search service: {len(plan)} queries")
    service = open_service(kb_index)

    def kb_search(query: Query) -> dict[str, Any]:
        return service.search(
            SearchRequest(q=query.q, filters=query.filters, page=query.page)
        ).to_dict()

    search: dict[str, Any] = {"kb": measure.run(kb_search, plan, warmup)}
    # The same searches without the extra places, reasons and suggested filters of a hit:
    # what those cost.
    plain = open_service(kb_index, details=False)

    def kb_plain(query: Query) -> dict[str, Any]:
        return plain.search(
            SearchRequest(q=query.q, filters=query.filters, page=query.page)
        ).to_dict()

    echo("kb search service without places and reasons")
    search["kb_without_details"] = measure.run(kb_plain, plan, warmup)
    plain.close()
    echo("incremental updates")
    incremental = indexing.incremental(generated, kb_index, service)
    echo("a taxonomy label change")
    taxonomy = taxonomy_change.measure(generated.content, kb_index, service)

    http: dict[str, Any] = {"skipped": True}
    if not skip_http:
        echo("HTTP load on gunicorn -w 2")
        mixed = [q for q, recorded in plan if recorded and q.kind != "cached"]
        try:
            http = http_load.measure(
                kb_index,
                generated.content,
                root / "gunicorn.log",
                mixed,
                queries["cached"][0],
                warmup,
                cached_requests=cached_requests,
            )
        except (OSError, RuntimeError) as error:
            http = {"error": str(error)}
            echo(f"HTTP load failed: {error}")
    wait: dict[str, Any] = {"skipped": True}
    if not skip_editor_wait:
        echo("save → answered through kb watch and gunicorn -w 2")
        try:
            wait = editor_wait.measure(generated.content, kb_index, root / "editor-wait")
        except (OSError, RuntimeError) as error:
            wait = {"error": str(error)}
            echo(f"editor wait failed: {error}")
    echo("cold start")
    cold = coldstart.measure(kb_index, queries["one_word"][0].q, runs=cold_runs)

    references: dict[str, Any] = {}
    if not skip_references:
        references, ref_search = _references(root, generated.content, plan, warmup, echo)
        search.update(ref_search)

    result: dict[str, Any] = {
        "schema": 1,
        **describe(),
        "size": size,
        "seed": seed,
        "note": note,
        "corpus": corpus_info,
        "indexing": {"full": full, "incremental": incremental, "taxonomy_label": taxonomy},
        "search": search,
        "ratios": {**_ratios(search), "build": _build_ratios(full, references)},
        "engines": {k: v for k, v in ENGINES.items() if k in search},
        "references": {k: v for k, v in references.items() if v},
        "http": http,
        "editor_wait": wait,
        "cold_start": cold,
        "queries": {kind: [q.to_dict() for q in qs] for kind, qs in queries.items()},
    }
    result["targets"] = report.check_targets(result)
    result["elapsed_s"] = time.perf_counter() - began
    write(result, out)
    show(report.table(result))
    return result


def write(result: dict[str, Any], out: Path) -> Path:
    """``bench-SIZE-STAMP.json`` and ``latest-SIZE.json`` in ``out``; the first's path."""
    out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = json.dumps(result, indent=1, ensure_ascii=False, default=str)
    path = out / f"bench-{result['size']}-{stamp}.json"
    for target in (path, out / f"latest-{result['size']}.json"):
        tmp = target.with_suffix(".tmp")
        tmp.write_text(text + "\n", encoding="utf-8")
        tmp.replace(target)
    return path


def run_sizes(sizes: list[int], out: Path = RESULTS, **options: Any) -> list[dict[str, Any]]:
    """Run every size in turn, then draw ``out/scaling.png``."""
    results = [run(size, out, **options) for size in sizes]
    if len(results) > 1:
        from bench import plot

        path = plot.scaling(results, out / "scaling.png")
        options.get("echo", _stderr)(f"scaling chart: {path}")
    return results
