"""Records added without tokens (``indexer.record_adder``, ``MemoAnalyzer.postings``) are
the ones Whoosh's own ``add_document`` writes: the same terms at the same positions with
the same weights, the same field lengths, stored values and columns, for real texts in
every language (stop words, accents, numbers and their marks, a transcript)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from whoosh import formats
from whoosh.index import open_dir
from whoosh.writing import SegmentWriter

from indexer import publish, segment_writer, sink
from indexer.build import build_index
from kb.analysis import FIELD_LANGUAGES, analyzer, chain
from kb.stored import decode_facets
from tests.conftest import TODAY
from tests.corpus import EXTERNAL, FILES, case_file

MARKDOWN = sorted((EXTERNAL / "markdown").glob("*.m*"))
TRANSCRIPTS = sorted((EXTERNAL / "transcripts").glob("*.*"))
WRITTEN = (
    "El 0,7 % de los 20.000 habitantes de la O.N.U. y de EE.UU.: el 11.º, el 2ème, "
    "6 %, 1.234,56 y São Paulo; à la mairie d'Orléans, l'eau; the 1st of the cities."
)


def _texts() -> list[str]:
    texts = [WRITTEN, "", "de la el los"]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in MARKDOWN + TRANSCRIPTS]
    return texts + [text for text in FILES.values() if isinstance(text, str)]


def _chain_postings(lang: str, text: str) -> tuple[dict[bytes, list[int]], int]:
    """What Whoosh's ``Positions`` format makes of ``text`` through the chain's tokens
    (the chain itself, not ``kb.memo_analysis``)."""
    format_ = formats.Positions()
    found: dict[bytes, list[int]] = {}
    length = 0
    for word, freq, _weight, value in format_.word_values(text, chain(lang), mode="index"):
        found[word.encode("utf-8")] = format_.decode_positions(value)
        length += freq
    return found, length


@pytest.mark.parametrize("lang", FIELD_LANGUAGES)
def test_words_found_without_tokens_are_the_chains_terms_at_its_positions(
    external: Path, lang: str
) -> None:
    texts = _texts()
    assert len(MARKDOWN) >= 10 and len(TRANSCRIPTS) >= 10
    for text in texts:
        found = analyzer(lang).postings(text)
        assert found is not None
        positions, length = found
        assert (dict(positions), length) == _chain_postings(lang, text), text[:80]
    written, length = _chain_postings(lang, WRITTEN)
    assert written[b"0.7%"] == written[b"0.7"]  # a number's two forms share a position
    if lang == "es":  # "de los" dropped: "20.000", the fifth word, comes third
        assert written[b"0.7"] == [1] and written[b"20000"] == [2]


def _whoosh_writer(index: Any, **options: Any) -> Any:
    return index.writer(**options)  # Whoosh's own SegmentWriter and its add_document


def _contents(root: Path) -> dict[str, Any]:
    """Everything a reader finds in a generation: postings (weights and positions
    included), field lengths, stored fields and the columns' values, record by record."""
    ix = open_dir(str(root / str(publish.current_name(root))))
    with ix.reader() as reader:
        records = range(reader.doc_count_all())
        postings = list(reader.iter_postings())
        fields = sorted({p[0] for p in postings})
        facets = reader.column_reader("facets")
        ids = reader.column_reader("doc_id")
        return {
            "postings": postings,
            "lengths": {f: [reader.doc_field_length(n, f) for n in records] for f in fields},
            "stored": [reader.stored_fields(n) for n in records],
            "facets": [decode_facets(facets[n]) if facets[n] else None for n in records],
            "ids": [ids[n] for n in records],
        }


@pytest.fixture
def languages(external: Path, tree: Any) -> Path:
    """A tree of the corpus, real texts of every language, numbers, a real transcript."""
    files: dict[str, str | bytes] = {
        "webinars/ext.vtt": (EXTERNAL / "transcripts" / TRANSCRIPTS[3].name).read_bytes(),
        "webinars/ext.md": FILES["webinars/redes-srt.md"],
        "cases/numeros.md": case_file("Números", WRITTEN),
        "cases/italiano.md": case_file("Gemellaggi", "Il 0,7 % delle città", language="it"),
    }
    for number, path in enumerate(MARKDOWN):
        lang = path.name.split("__")[0].split("-")[0]
        text = path.read_text(encoding="utf-8").replace("---", "")
        files[f"cases/ext-{number}.md"] = case_file(path.stem, text, language=lang)
    root: Path = tree(files)
    return root


NOW = dt.datetime(2025, 6, 3, 12, tzinfo=dt.UTC)  # the ledger's dates, the same each build


def test_records_added_without_tokens_are_whoosh_s(
    languages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sink, "Writer", _whoosh_writer)
    build_index(languages, tmp_path / "whoosh", full=True, today=TODAY, now=NOW)
    monkeypatch.undo()
    report = build_index(languages, tmp_path / "kb", full=True, today=TODAY, now=NOW)
    assert len(report.added) >= len(MARKDOWN) + 8, [str(p) for p in report.problems]

    whoosh, ours = _contents(tmp_path / "whoosh"), _contents(tmp_path / "kb")
    assert {p[0] for p in ours["postings"]} >= {"body_es", "body_pt", "body_en", "body_xx"}
    for part in ("postings", "lengths", "stored", "facets", "ids"):
        assert ours[part] == whoosh[part], part


def _segment_files(root: Path) -> dict[str, bytes]:
    """The bytes of each file of a generation's segment, by the name's end (the segment's
    name is random), the table of contents aside."""
    folder = root / str(publish.current_name(root))
    return {re.sub(r"^MAIN_[a-z0-9]+", "", p.name): p.read_bytes() for p in folder.glob("MAIN_*")}


def test_the_segment_is_the_one_whoosh_s_add_document_makes_byte_for_byte(
    languages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(segment_writer.Writer, "add_document", SegmentWriter.add_document)
    build_index(languages, tmp_path / "whoosh", full=True, today=TODAY, now=NOW)
    monkeypatch.undo()
    build_index(languages, tmp_path / "kb", full=True, today=TODAY, now=NOW)
    whoosh, ours = _segment_files(tmp_path / "whoosh"), _segment_files(tmp_path / "kb")
    assert len(ours) > 20 and ".pst" in ours and "._stored.col" in ours
    assert sorted(ours) == sorted(whoosh)
    for name, data in ours.items():
        assert data == whoosh[name], name
