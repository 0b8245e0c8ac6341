"""Indexing: incremental by content hash, last good versions kept, atomic publishing."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from indexer import publish
from indexer.build import build_index
from indexer.live import LiveIndex, open_service
from kb.errors import IndexBusy
from kb.search import SearchRequest, SearchService
from tests.conftest import TODAY
from tests.corpus import FILES


def titles(index: Path, q: str) -> list[str]:
    """The titles of the documents that hold the whole query (partial matches aside)."""
    found = open_service(index).search(SearchRequest(q=q)).to_dict()["hits"]
    return [h["title"] for h in found if not h["missing"]]


def test_incremental_indexing_reads_only_changed_files(tree, tmp_path, request):
    root = tree({})
    index = tmp_path / "index"
    first = build_index(root, index, today=TODAY)
    assert first.full and len(first.added) == 10 and first.exit_code == 0

    read: list[str] = request.getfixturevalue("documents_read")  # from now on
    unchanged = build_index(root, index, today=TODAY)
    assert read == [] and unchanged.unchanged == 10 and not unchanged.full

    case = root / "cases" / "rosario-migrantes.md"
    case.write_text(case.read_text().replace("cursos de idioma", "cursos de guaraní"))
    (root / "cases" / "lyon-jumelages.md").unlink()
    report = build_index(root, index, today=TODAY)
    assert read == [str(case)]
    assert report.updated == ["cases/rosario-migrantes"]
    assert report.removed == ["cases/lyon-jumelages"] and report.unchanged == 8
    assert report.generation == first.generation  # a commit inside the live generation
    assert titles(index, "guaraní") == ["Rosario recibe a personas migrantes"]
    assert titles(index, "programmes culturels") == []


@pytest.mark.parametrize("full", [False, True])
def test_an_invalid_edit_keeps_the_last_good_version_searchable(tree, tmp_path, full):
    root = tree({})
    index = tmp_path / "index"
    build_index(root, index, today=TODAY)
    case = root / "cases" / "rosario-migrantes.md"
    case.write_text(
        case.read_text()
        .replace("themes: [migracion]", "themes: [migrasion]")
        .replace("cursos de idioma", "cursos de guaraní")
    )
    report = build_index(root, index, today=TODAY, full=full)
    assert report.exit_code == 1 and report.skipped == [str(case)]
    assert report.kept == ["cases/rosario-migrantes"]
    assert [str(p).split("/")[-1] for p in report.errors] == [
        "rosario-migrantes.md:7: themes: unknown theme id 'migrasion': use an id from "
        "taxonomy.yml (did you mean migracion?)"
    ]
    assert titles(index, "cursos de idioma") == ["Rosario recibe a personas migrantes"]
    assert titles(index, "guaraní") == []
    doc = open_service(index).stored_document("cases/rosario-migrantes")
    assert "cursos de idioma" in doc["sections"][0]["text"]


def test_a_second_indexer_is_refused_with_a_clear_message(tree, tmp_path):
    root = tree({})
    index = tmp_path / "index"
    with publish.writer_lock(index):
        with pytest.raises(IndexBusy) as error:
            build_index(root, index, today=TODAY)
    assert f"(pid {os.getpid()})" in str(error.value) and "wait for it to finish" in str(
        error.value
    )
    assert build_index(root, index, today=TODAY).exit_code == 0  # the lock is free again


NEW_CASE = FILES["cases/quito-agua.md"].replace("Quito comparte", "Cuenca comparte")


class StraddlingClock:
    """The service's clock (seconds), which holds one chosen search at its second reading,
    once the search has taken its generation, until another generation is published: that
    search certainly runs across the switch. (The clock is the service's own dependency,
    given to it as production gives ``time.perf_counter``.)"""

    def __init__(self, index: Path) -> None:
        self.index = index
        self.thread: threading.Thread | None = None
        self.readings = 0
        self.held = threading.Event()
        self.names: list[str] = []  # the live generation when held, and when let go

    def __call__(self) -> float:
        if threading.current_thread() is self.thread:
            self.readings += 1
            if self.readings == 2:
                self.names.append(publish.current_name(self.index))
                self.held.set()
                deadline = time.monotonic() + 10
                while publish.current_name(self.index) == self.names[0]:
                    assert time.monotonic() < deadline, "nothing was published"
                    time.sleep(0.005)
                self.names.append(publish.current_name(self.index))
        return time.perf_counter()


def test_searches_during_a_full_reindex_never_fail_nor_come_back_empty(tree, tmp_path):
    root = tree({})
    index = tmp_path / "index"
    build_index(root, index, today=TODAY)
    before = open_service(index)
    old = before.search(SearchRequest(q="agua")).to_dict()["total"]
    answer = before.search(SearchRequest(q="agua", per_page=5)).to_dict()
    before.close()
    (root / "cases" / "cuenca-agua.md").write_text(NEW_CASE, encoding="utf-8")
    new = old + 1  # the rebuilt generation has one more case about water
    clock = StraddlingClock(index)
    live = LiveIndex(index)
    service = SearchService(live.current, clock=clock, closer=live.close)
    publishing, release = threading.Event(), threading.Event()

    def pause_at_publish() -> None:  # the new generation is written, not yet published
        publishing.set()
        release.wait(10)

    errors: list[BaseException] = []
    spans: list[tuple[float, float, int]] = []
    stop = threading.Event()

    def searcher() -> None:
        while not stop.is_set():
            started = time.monotonic()
            try:
                total = service.search(SearchRequest(q="agua")).to_dict()["total"]
                spans.append((started, time.monotonic(), total))
            except BaseException as error:  # noqa: BLE001 - the test reports any failure
                errors.append(error)

    straddled: list[dict] = []
    clock.thread = threading.Thread(
        target=lambda: straddled.append(
            service.search(SearchRequest(q="agua", per_page=5)).to_dict()
        )
    )
    threads = [threading.Thread(target=searcher) for _ in range(4)]
    builder = threading.Thread(
        target=lambda: build_index(
            root, index, today=TODAY, full=True, before_publish=pause_at_publish
        )
    )
    try:
        for thread in threads:
            thread.start()
        builder.start()
        assert publishing.wait(10)
        clock.thread.start()
        assert clock.held.wait(10)  # a search holds the old generation...
        release.set()  # ...while the new one is published
        clock.thread.join(15)
        switched = time.monotonic()
        builder.join(15)
        time.sleep(0.2)
    finally:
        release.set()
        stop.set()
        for thread in threads:
            thread.join(5)
        service.close()
    assert errors == []
    # The search that ran across the switch answered whole, from the generation it began on.
    assert clock.names == ["gen-000001", "gen-000002"]
    assert [{**body, "took_ms": 0} for body in straddled] == [{**answer, "took_ms": 0}]
    # Every other search saw the old index or the new one, never a part of one, never none.
    assert {total for *_, total in spans} == {old, new}
    assert all(total == new for start, _, total in spans if start > switched)
    assert publish.current_name(index) == "gen-000002"


def test_a_failed_full_build_leaves_the_live_index_untouched(tree, tmp_path):
    root = tree({})
    index = tmp_path / "index"
    build_index(root, index, today=TODAY)

    def crash() -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        build_index(root, index, today=TODAY, full=True, before_publish=crash)
    assert publish.current_name(index) == "gen-000001"
    assert sorted(p.name for p in index.iterdir() if p.name.startswith("gen-")) == ["gen-000001"]
    assert titles(index, "agua")


def test_an_index_written_by_an_older_kb_is_rebuilt_in_full(corpus, tmp_path):
    root = tmp_path / "ix"
    name, _folder, ix = publish.new_generation(root)
    writer = ix.writer()
    # A document record as an older kb wrote it: its facets without hash, path or stamp.
    old = {"id": "cases/gone", "type": "case", "title": "x", "date": "2001", "year": "2001"}
    writer.add_document(doc_id="cases/gone", kind="doc", facets=json.dumps(old).encode())
    writer.commit()
    ix.close()
    publish.publish(root, name)
    report = build_index(corpus, root, today=TODAY)
    assert report.exit_code == 0 and report.full
    assert publish.current_name(root) != name
    body = open_service(root).search(SearchRequest(q="hermanamientos")).to_dict()
    assert "cases/montevideo-hermanamientos" in {h["id"] for h in body["hits"]}


def test_an_edit_of_a_transcript_alone_is_read_again(tree, tmp_path, request):
    """The stamp that decides what to read covers a webinar's transcript, not only its
    Markdown: a corrected subtitle file is searchable after the next run."""
    root = tree({})
    index = tmp_path / "index"
    build_index(root, index, today=TODAY)
    read: list[str] = request.getfixturevalue("documents_read")
    transcript = root / "webinars" / "agua-ciudades.vtt"
    cue = "\n00:01:50.000 --> 00:01:58.000\n<v Laura Méndez>Cerramos con Cochabamba.\n"
    transcript.write_text(transcript.read_text() + cue)
    report = build_index(root, index, today=TODAY)
    assert report.updated == ["webinars/agua-ciudades"] and report.unchanged == 9
    assert read == [str(root / "webinars" / "agua-ciudades.md")]
    assert titles(index, "Cochabamba") == ["Ciudades y agua: un diálogo"]
