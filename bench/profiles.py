"""Where the time goes: cProfile of kb's indexer and search service on a generated corpus.

``python -m bench.profiles --size 20000`` (after a bench run of that size, which leaves the
corpus and kb's index under /tmp/kb-bench-SIZE) writes
``bench/results/profile-index-SIZE.txt`` (the indexer in one process, on 1,000 of the
documents) and ``bench/results/profile-search-SIZE.txt`` (the mixed query set).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import tempfile
from pathlib import Path

from bench import corpus, vocabulary
from bench.queries import make_queries
from bench.runner import RESULTS, default_root
from indexer import build
from indexer.live import open_service
from kb.search import SearchRequest


def _report(profile: cProfile.Profile, title: str, path: Path) -> None:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    out.write(f"{title}\n\n== by own time ==\n")
    stats.sort_stats("tottime").print_stats(25)
    out.write("\n== by cumulative time ==\n")
    stats.sort_stats("cumulative").print_stats(25)
    path.write_text(out.getvalue(), encoding="utf-8")


def profile_index(size: int, sample: int = 1000) -> Path:
    """The indexer on ``sample`` documents, in one process (no pool, one writer)."""
    source = default_root(size) / "content"
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        content.mkdir()
        shutil.copyfile(source / "taxonomy.yml", content / "taxonomy.yml")
        for folder in ("cases", "notebooks", "webinars"):
            (content / folder).mkdir()
            stems = sorted({p.stem for p in (source / folder).iterdir()})[: sample // 3]
            for stem in stems:
                for file in (source / folder).glob(f"{stem}.*"):
                    shutil.copyfile(file, content / folder / file.name)
        build.PARALLEL_FROM = 10**9
        build.WRITER_PROCS = 1
        profile = cProfile.Profile()
        profile.enable()
        build.build_index(content, Path(tmp) / "index", full=True)
        profile.disable()
    path = RESULTS / f"profile-index-{size}-{sample}.txt"
    _report(profile, f"kb index --full, one process, {sample} documents of the {size} corpus", path)
    return path


def profile_search(size: int) -> Path:
    """The mixed query set on the bench's kb index of ``size`` documents."""
    root = default_root(size)
    generated = corpus.load(root, size)
    assert generated is not None, f"run python -m bench --size {size} first"
    queries = make_queries(generated, vocabulary.load())
    service = open_service(root / "index-kb")
    service.search(SearchRequest(q="")).to_dict()
    profile = cProfile.Profile()
    profile.enable()
    for kind, items in queries.items():
        if kind == "cached":
            continue
        for query in items:
            service.search(
                SearchRequest(q=query.q, filters=query.filters, page=query.page)
            ).to_dict()
    profile.disable()
    path = RESULTS / f"profile-search-{size}.txt"
    _report(profile, f"kb search service, mixed query set, {size} documents", path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=20000)
    parser.add_argument("--sample", type=int, default=1000, help="documents the indexer reads")
    parser.add_argument("--index-only", action="store_true", help="no search profile")
    args = parser.parse_args()
    if not args.index_only:
        print(profile_search(args.size))
    print(profile_index(args.size, args.sample))


if __name__ == "__main__":
    main()
