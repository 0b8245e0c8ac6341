"""Every real file in ../shared/data/external is indexed or refused with a clear message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.build import build_index, check_tree
from indexer.live import open_service
from kb.search import SearchRequest
from tests.conftest import TODAY
from tests.corpus import EXTERNAL, FILES

LINE = re.compile(r"^.+:\d+: [\w ]+: .+$")
WEBINAR = FILES["webinars/redes-srt.md"]
ALL = sorted(p for p in EXTERNAL.rglob("*") if p.is_file() and p.name != "SOURCES.md")
TRANSCRIPTS = [p for p in ALL if p.suffix in (".vtt", ".srt")]
MARKDOWN = [p for p in ALL if p not in TRANSCRIPTS]


def test_the_external_files_are_there(external: Path):
    assert len(TRANSCRIPTS) >= 30 and len(MARKDOWN) >= 25


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.name)
def test_each_transcript_is_indexed_or_refused_clearly(tree, tmp_path, path: Path):
    root = tree(
        {f"webinars/ext{path.suffix}": path.read_bytes(), "webinars/ext.md": WEBINAR},
        base={"taxonomy.yml": FILES["taxonomy.yml"]},
    )
    problems = check_tree(root, today=TODAY)
    assert all(LINE.match(str(p)) for p in problems), [str(p) for p in problems]
    report = build_index(root, tmp_path / "index", today=TODAY)
    errors = [str(p) for p in report.errors]
    if report.skipped:
        assert errors and all("ext." in e for e in errors)
        return
    doc = open_service(tmp_path / "index").stored_document("webinars/ext")
    passages = [s for s in doc["sections"] if s["t"] is not None]
    assert passages, "an indexed transcript has timed passages"
    assert all(isinstance(s["t"], int) and s["t"] >= 0 for s in passages)


def test_real_spanish_transcript_is_searchable_at_its_moment(tree, tmp_path):
    source = EXTERNAL / "transcripts" / "es__ableplayer__itaccess_subtitles_es.vtt"
    root = tree(
        {"webinars/ext.vtt": source.read_bytes(), "webinars/ext.md": WEBINAR},
        base={"taxonomy.yml": FILES["taxonomy.yml"]},
    )
    build_index(root, tmp_path / "index", today=TODAY)
    service = open_service(tmp_path / "index")
    doc = service.stored_document("webinars/ext")
    speakers = {s["speaker"] for s in doc["sections"] if s["t"] is not None}
    assert {"Michael Young", "Pablo Molina"} <= speakers
    hit = service.search(SearchRequest(q="accesibilidad")).to_dict()["hits"][0]
    assert hit["id"] == "webinars/ext" and hit["t"] is not None


def test_non_utf8_transcripts_are_refused_with_the_encoding_named(tree):
    source = EXTERNAL / "transcripts-malformed" / "srt__gb2312.srt"
    root = tree(
        {"webinars/ext.srt": source.read_bytes(), "webinars/ext.md": WEBINAR},
        base={"taxonomy.yml": FILES["taxonomy.yml"]},
    )
    [problem] = [p for p in check_tree(root, today=TODAY) if not p.warning]
    assert problem.key == "encoding" and "not UTF-8" in problem.message
    assert problem.message.endswith("save it as UTF-8")


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: p.name)
def test_each_markdown_file_is_indexed_or_refused_clearly(tree, tmp_path, path: Path):
    root = tree({"cases/ext.md": path.read_bytes()}, base={"taxonomy.yml": FILES["taxonomy.yml"]})
    problems = check_tree(root, today=TODAY)
    assert all(LINE.match(str(p)) for p in problems), [str(p) for p in problems]
    report = build_index(root, tmp_path / "index", today=TODAY)
    assert report.skipped == [] or [p.key for p in report.errors]


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: p.name)
def test_each_markdown_body_renders_with_front_matter_added(tree, tmp_path, path: Path):
    text = path.read_bytes().decode("utf-8", errors="replace")
    if text.startswith("---"):
        text = text.split("---", 2)[-1]
    front = "---\ntitle: Externo\ndate: 2020\ncountries: [ES]\nthemes: [cultura]\n---\n"
    root = tree({"cases/ext.md": front + text}, base={"taxonomy.yml": FILES["taxonomy.yml"]})
    report = build_index(root, tmp_path / "index", today=TODAY)
    assert report.added == ["cases/ext"], [str(p) for p in report.problems]
    doc = open_service(tmp_path / "index").stored_document("cases/ext")
    assert "<script" not in doc["body_html"].lower()
    assert "onerror" not in doc["body_html"].lower()
