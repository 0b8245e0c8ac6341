"""The bench's measure of the indexer's memory is the indexer's, not the bench's own."""

from __future__ import annotations

from pathlib import Path

from bench import corpus, indexing

MIB = 2**20


def test_the_build_s_peak_memory_is_its_own_not_the_launching_process_s(tmp_path: Path) -> None:
    # A bench holding a large corpus launches `kb index`: Linux's wait4 reports, as the
    # child's peak, the launcher's memory before the exec; the measure must not.
    ballast = bytearray(b"\1") * (800 * MIB)  # written, hence resident
    generated = corpus.generate(tmp_path / "corpus", 30)
    result = indexing.full_build(generated.content, tmp_path / "index", 30)
    assert len(ballast) == 800 * MIB
    assert 20 < result["peak_rss_one_process_mib"] <= result["peak_rss_mib"] < 500
    assert result["peak_pss_polled_tree_mib"] > 0
