"""What the live generation holds, saved beside its segments by a run so that the next
``kb index`` reads it instead of decoding every document's facets again."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from indexer import live_state as state_module
from indexer import publish
from indexer.build import build_index
from indexer.live_state import live_state
from tests.conftest import TODAY


def saved_files(index: Path) -> list[Path]:
    return sorted((index / publish.current_name(index)).glob("kb-state-*"))


def as_a_new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget what this process decoded, as a new ``kb index`` would start."""
    monkeypatch.setattr(state_module, "_SEGMENTS", {})
    monkeypatch.setattr(state_module, "_UNSAVED", {})


def current(index: Path) -> whoosh_index.Index:
    return whoosh_index.open_dir(str(index / publish.current_name(index)))


@pytest.fixture
def indexed(tree, tmp_path, monkeypatch):
    as_a_new_process(monkeypatch)
    root = tree({})
    index = tmp_path / "index"
    build_index(root, index, today=TODAY)
    return root, index


def test_a_run_saves_the_state_it_decoded_and_the_next_reads_the_same(indexed, monkeypatch):
    root, index = indexed
    assert saved_files(index) == []  # a full build decodes nothing
    decoded, taxonomy_hash = live_state(current(index))
    build_index(root, index, today=TODAY)  # an incremental run: decodes, then saves
    assert len(saved_files(index)) == 1
    as_a_new_process(monkeypatch)
    read, read_hash = live_state(current(index))
    assert read == decoded and read_hash == taxonomy_hash
    assert len(read) == 10 and read["cases/rosario-migrantes"].path.endswith("rosario-migrantes.md")


def test_a_damaged_saved_state_is_decoded_again_and_rewritten(indexed, monkeypatch):
    root, index = indexed
    decoded = live_state(current(index))[0]
    build_index(root, index, today=TODAY)
    [saved] = saved_files(index)
    saved.write_bytes(b"\x93not what was saved")
    as_a_new_process(monkeypatch)
    assert live_state(current(index))[0] == decoded
    case = root / "cases" / "rosario-migrantes.md"
    case.write_text(case.read_text().replace("cursos de idioma", "cursos de guaraní"))
    report = build_index(root, index, today=TODAY)
    assert report.updated == ["cases/rosario-migrantes"] and report.unchanged == 9
    as_a_new_process(monkeypatch)
    again = live_state(current(index))[0]
    assert again["cases/rosario-migrantes"].hash != decoded["cases/rosario-migrantes"].hash
    assert {k: v.hash for k, v in again.items() if k != "cases/rosario-migrantes"} == {
        k: v.hash for k, v in decoded.items() if k != "cases/rosario-migrantes"
    }


def test_the_saved_state_of_a_segment_gone_is_removed(indexed):
    root, index = indexed
    folder = index / publish.current_name(index)
    gone = folder / "kb-state-MAIN_merged0away00000-11.msgpack"
    gone.write_bytes(b"\x90")
    half = folder / "kb-state-MAIN_x-11.msgpack.4242.tmp"  # a run killed while writing
    half.write_bytes(b"")
    build_index(root, index, today=TODAY)
    assert not gone.exists() and not half.exists()
    assert len(saved_files(index)) == 1
