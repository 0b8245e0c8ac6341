"""A new generation after a save reuses what the one before it worked out for the
segments the save did not touch, even across a generation that worked none of it out."""

from __future__ import annotations

from pathlib import Path

from indexer import publish
from indexer.build import build_index
from indexer.live import LiveIndex
from kb.generation import Generation
from tests.conftest import TODAY


def save(root: Path, name: str, old: str, new: str) -> None:
    case = root / "cases" / name
    case.write_text(case.read_text().replace(old, new))


def test_word_counts_pass_through_a_generation_that_never_needed_them(tree, tmp_path):
    root = tree({})
    index = tmp_path / "index"
    build_index(root, index, today=TODAY)
    live = LiveIndex(index)
    first = live.current()
    _ = first.vocabulary  # a query that needed spelling
    save(root, "rosario-migrantes.md", "cursos de idioma", "cursos de guaraní")
    build_index(root, index, today=TODAY)
    between = live.current()  # only browsed: no vocabulary built
    assert between is not first and between._vocabulary is None
    save(root, "lyon-jumelages.md", "ont ouvert des", "ont ouvert des quilombos et des")
    build_index(root, index, today=TODAY)
    last = live.current()
    assert "guarani" in last.vocabulary and "quilombos" in last.vocabulary
    kept = set(first._segment_words) & set(last._segment_words)
    assert kept, "the first build's segment is still there"
    for segment in kept:  # counted once, by the first generation
        assert last._segment_words[segment] is first._segment_words[segment]
    name, ix = publish.open_current(index)
    alone = Generation(name, ix.searcher())  # the same generation, counted from scratch
    assert alone.vocabulary.words == last.vocabulary.words
    live.close()
    alone.close()
