"""``python -m bench --size 1000 [--sizes 1000,5000,20000] [--out DIR] [--skip-http]
[--skip-references] [--skip-editor-wait]``: measure kb and print one table."""

from __future__ import annotations

import argparse
from pathlib import Path

from bench import SEED
from bench.runner import RESULTS, run, run_sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--size", type=int, default=1000, help="documents in the corpus")
    parser.add_argument(
        "--sizes", help="several sizes, comma separated (draws OUT/scaling.png)", default=None
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the JSON goes")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--root", type=Path, default=None, help="corpus folder (one size)")
    parser.add_argument("--skip-http", action="store_true", help="no gunicorn load test")
    parser.add_argument("--skip-references", action="store_true", help="no naive Whoosh or tantivy")
    parser.add_argument(
        "--skip-editor-wait", action="store_true", help="no save → answered through kb watch"
    )
    parser.add_argument("--note", default="", help="the machine's state (shared, idle), kept")
    parser.add_argument("--queries-per-kind", type=int, default=30)
    parser.add_argument("--cached-requests", type=int, default=400)
    args = parser.parse_args(argv)
    options = {
        "seed": args.seed,
        "skip_http": args.skip_http,
        "skip_references": args.skip_references,
        "skip_editor_wait": args.skip_editor_wait,
        "note": args.note,
        "per_kind": args.queries_per_kind,
        "cached_requests": args.cached_requests,
    }
    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        run_sizes(sizes, args.out, **options)
    else:
        run(args.size, args.out, root=args.root, **options)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
