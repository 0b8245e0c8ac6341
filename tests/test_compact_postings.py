"""The index is written smaller and read the same: kb's posting formats and blocks hold
the postings Whoosh's would (record numbers, frequencies, weights, positions), Whoosh's
own reader answers phrases from them, and they take less room on disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from whoosh import formats as whoosh_formats
from whoosh import index
from whoosh import query as wq
from whoosh.analysis import StandardAnalyzer
from whoosh.fields import ID, TEXT, Schema

from indexer.segment_writer import ARRAY_AT, BLOCK_LIMIT, Writer
from kb import formats
from kb.analysis import spelling_analyzer

WORDS = "agua ciudad red cooperación hermanamiento municipio".split()


def _schema(compact: bool) -> Schema:
    body = TEXT(analyzer=StandardAnalyzer(stoplist=None), phrase=True)
    spell = TEXT(analyzer=spelling_analyzer(), phrase=False)  # words counted, no tokens
    if compact:
        body.format, spell.format = formats.Positions(), formats.Counts()
    return Schema(id=ID(stored=True), body=body, spell=spell)


def _text(n: int) -> str:
    """Texts with every word at many positions and frequencies, some far apart (a gap
    of over 128 and 16,384 words takes two and three bytes)."""
    words = [WORDS[(n * k + k // 3) % len(WORDS)] for k in range(1 + n % 40)]
    words[0] = words[0].capitalize()  # the spelling field keeps case
    if n % 7 == 0:
        words += ["relleno"] * (200 + 17_000 * (n % 2)) + ["agua", "potable"]
    return " ".join(words)


def _build(folder: Path, compact: bool) -> Any:
    folder.mkdir()
    ix = index.create_in(str(folder), _schema(compact))
    writer = Writer(ix, compound=False) if compact else ix.writer(compound=False)
    for n in range(3 * BLOCK_LIMIT):  # terms of several blocks, long and short
        boost = {"_boost": 0.7} if n % 11 == 0 else {}  # weights that are not counts
        writer.add_document(id=str(n), body=_text(n), spell=_text(n), **boost)
    writer.commit()
    return ix


def _postings(ix: Any, fieldname: str) -> list[tuple[Any, ...]]:
    """Every posting of a field as Whoosh's reader gives it: term, record, weight and,
    where the format has them, positions."""
    found = []
    with ix.reader() as reader:
        for term in reader.lexicon(fieldname):
            matcher = reader.postings(fieldname, term)
            while matcher.is_active():
                positions = matcher.value_as("positions") if fieldname == "body" else None
                found.append((term, matcher.id(), matcher.weight(), positions))
                matcher.next()
    return found


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.iterdir() if f.suffix == ".pst")


def test_compact_postings_are_whooshs_postings_in_less_room(tmp_path: Path) -> None:
    whoosh_ix = _build(tmp_path / "whoosh", compact=False)
    kb_ix = _build(tmp_path / "kb", compact=True)
    assert isinstance(whoosh_ix.schema["body"].format, whoosh_formats.Positions)
    with kb_ix.reader() as reader:
        longest = len(list(reader.postings("body", "agua").all_ids()))
    assert longest > 2 * BLOCK_LIMIT > ARRAY_AT  # several blocks, written as arrays
    for fieldname in ("body", "spell"):
        assert _postings(kb_ix, fieldname) == _postings(whoosh_ix, fieldname)
    assert _size(tmp_path / "kb") < 0.6 * _size(tmp_path / "whoosh")


def test_whoosh_answers_phrases_from_compact_positions(tmp_path: Path) -> None:
    kb_ix = _build(tmp_path / "kb", compact=True)
    phrase = wq.Phrase("body", ["agua", "potable"])
    with kb_ix.searcher() as searcher:
        found = sorted(int(hit["id"]) for hit in searcher.search(phrase, limit=None))
    assert found == [n for n in range(3 * BLOCK_LIMIT) if n % 7 == 0]


def test_positions_survive_their_encoding() -> None:
    positions = [0, 1, 127, 128, 300, 16_511, 16_512, 2_000_000]
    encoded = formats.Positions().encode(positions)
    assert formats.Positions().decode_positions(encoded) == positions
    assert formats.Positions().decode_frequency(encoded) == len(positions)
