"""The faster full build writes the index Whoosh would: the same postings and lengths from
the term-grouped pool (spilling to disk or not), the same answers from helper processes,
and the vocabulary a reopened generation reuses is the one it would build afresh."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from whoosh.index import open_dir

from indexer import build, publish, segment_writer, sink
from indexer.build import build_index
from indexer.live import LiveIndex, open_service
from kb.generation import Generation
from kb.search import SearchRequest
from tests.conftest import TODAY
from tests.corpus import FILES, write_tree

QUERIES = ["hermanamiento", "agua potable", '"cooperacion descentralizada"', "migracion", ""]


def _whoosh_writer(index: Any, **options: Any) -> Any:
    return index.writer(**options)  # Whoosh's own SegmentWriter and posting pool


def _index_contents(root: Path) -> tuple[list[Any], dict[Any, list[Any]]]:
    """Every posting of the live generation; every record's length in every field and
    the shortest and longest of each term's postings (kept in its posting blocks)."""
    ix = open_dir(str(root / str(publish.current_name(root))))
    with ix.reader() as reader:
        postings = list(reader.iter_postings())
        fields = sorted({p[0] for p in postings})
        lengths: dict[Any, list[Any]] = {
            f: [reader.doc_field_length(n, f) for n in range(reader.doc_count_all())]
            for f in fields
        }
        for fieldname, term in sorted({(p[0], p[1]) for p in postings}):
            matcher = reader.postings(fieldname, term)
            lengths[fieldname, term] = [matcher.block_min_length(), matcher.block_max_length()]
    return postings, lengths


def test_the_term_pool_writes_the_postings_and_lengths_of_whoosh(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sink, "Writer", _whoosh_writer)
    build_index(corpus, tmp_path / "whoosh", full=True, today=TODAY)
    monkeypatch.undo()
    monkeypatch.setattr(segment_writer, "SPILL_AT", 200)  # many runs to merge
    build_index(corpus, tmp_path / "pooled", full=True, today=TODAY)

    whoosh_postings, whoosh_lengths = _index_contents(tmp_path / "whoosh")
    pooled_postings, pooled_lengths = _index_contents(tmp_path / "pooled")
    assert len(whoosh_postings) > 500  # more than SPILL_AT: the pooled build spilled
    assert pooled_postings == whoosh_postings
    assert pooled_lengths == whoosh_lengths


def _answers(root: Path) -> list[list[tuple[str, float, str]]]:
    service = open_service(root)
    try:
        found = []
        for q in QUERIES:
            hits = service.search(SearchRequest(q=q, per_page=50)).to_dict()["hits"]
            found.append([(h["id"], h["score"], h["snippet"]) for h in hits])
        return found
    finally:
        service.close()


def test_helper_processes_build_an_index_with_the_same_answers(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "PARALLEL_FROM", 10**9)
    alone = build_index(corpus, tmp_path / "alone", full=True, today=TODAY)
    monkeypatch.setattr(build, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build, "WRITER_PROCS", 2)
    helped = build_index(corpus, tmp_path / "helped", full=True, today=TODAY)

    assert helped.summary() == alone.summary()
    segments = open_dir(str(tmp_path / "helped" / str(publish.current_name(tmp_path / "helped"))))
    assert len(segments._segments()) == 3  # two helpers' and the parent's (taxonomy, lists)
    answers = _answers(tmp_path / "alone")
    assert sum(len(hits) for hits in answers) > 10
    assert _answers(tmp_path / "helped") == answers


def _dates(root: Path) -> dict[str, tuple[str, str, str]]:
    """Each stored document's first-indexed, updated and published dates."""
    live = LiveIndex(root)
    try:
        docs = live.current().docs
        return {d["id"]: (d["indexed"], d["updated"], d["published"]) for d in docs}
    finally:
        live.close()


def test_helper_processes_date_documents_in_the_ledger_as_one_process_does(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(corpus, content)
    first = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    later = dt.datetime(2026, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    monkeypatch.setattr(build, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build, "WRITER_PROCS", 2)
    root = tmp_path / "helped"
    build_index(content, root, full=True, today=TODAY, now=first)
    case = content / "cases" / "montevideo-hermanamientos.md"
    case.write_text(case.read_text(encoding="utf-8") + "\nUn párrafo más.\n", "utf-8")
    build_index(content, root, full=True, today=TODAY, now=later)

    dates = _dates(root)
    ledger = json.loads((root / "ledger.json").read_text(encoding="utf-8"))["documents"]
    assert set(ledger) == set(dates) and len(dates) > 5
    changed = "cases/montevideo-hermanamientos"
    assert dates[changed][:2] == ("2026-01-02T03:04:05.000000Z", "2026-02-03T04:05:06.000000Z")
    assert ledger[changed]["updated"] == dates[changed][1]
    unchanged = [d for doc_id, d in dates.items() if doc_id != changed]
    assert {d[1] for d in unchanged} == {"2026-01-02T03:04:05.000000Z"}


def test_a_reopened_generation_reuses_segments_words_and_sees_the_new_ones(
    tmp_path: Path,
) -> None:
    content = write_tree(tmp_path / "content", FILES)
    root = tmp_path / "index"
    build_index(content, root, today=TODAY)
    live = LiveIndex(root)
    assert live.current().vocabulary.written("zanahorias") is None
    case = content / "cases" / "montevideo-hermanamientos.md"
    case.write_text(case.read_text(encoding="utf-8") + "\nZanahorias del huerto.\n", "utf-8")
    assert build_index(content, root, today=TODAY).updated == ["cases/montevideo-hermanamientos"]

    reopened = live.current()
    _name, ix = publish.open_current(root)
    afresh = Generation(reopened.name, ix.searcher())
    assert reopened.vocabulary.written("zanahorias") == "Zanahorias"  # as the text writes it
    assert reopened.vocabulary.words == afresh.vocabulary.words
    afresh.close()
    live.close()
