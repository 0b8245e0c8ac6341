"""The fast reading path gives what stock Python-Markdown and BeautifulSoup give.

kb renders with an inline step that skips patterns a text cannot match
and builds no table of contents unless one is asked for
(``indexer/readers/fast_markdown.py``), and cuts sections from one standard-library parse
(``indexer/readers/outline.py``). Anchors and HTML are links others keep, so on real
Markdown (the external files, the CommonMark spec, the sample content) the HTML must be
byte for byte that of a fresh, stock converter, and the sections and summary those that
BeautifulSoup's ``get_text(" ", strip=True)`` reads from it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup, Tag

from indexer.build import _read, _taxonomy
from indexer.discover import discover
from indexer.frontmatter import split_front_matter
from indexer.readers.markdown import EXTENSIONS, _first_paragraph, render, sections_of
from indexer.readers.outline import outline
from indexer.settings import iframe_hosts
from kb.documents import Section
from kb.errors import ContentError
from kb.sanitize import sanitize
from tests.corpus import EXTERNAL

CONTENT = Path(__file__).resolve().parent.parent / "content"
SUFFIXES = (".md", ".markdown", ".txt")
MARKDOWN = sorted(
    [p for p in EXTERNAL.glob("markdown*/*") if p.suffix in SUFFIXES]
    + [p for p in CONTENT.rglob("*.md")]
)


def _body(path: Path) -> str:
    text = path.read_bytes().decode("utf-8", "replace")
    try:
        return split_front_matter(text, str(path))[1]
    except ContentError:
        return text  # not a kb document: its whole text is Markdown


def _stock_html(body: str) -> str:
    """HTML as a fresh Python-Markdown converter, untouched, renders it (then sanitised)."""
    return sanitize(markdown.Markdown(extensions=EXTENSIONS).convert(body), iframe_hosts())


def _soup_sections(html: str) -> list[Section]:
    """Sections as BeautifulSoup reads them: a heading's id and text, then its blocks."""
    found: list[Section] = []
    anchor, heading, level, parts = None, "", 0, []
    for element in [*BeautifulSoup(html, "html.parser").contents, None]:
        is_heading = isinstance(element, Tag) and re.fullmatch(r"h[1-6]", element.name)
        if element is None or is_heading:
            text = "\n".join(p for p in parts if p)
            if text or heading:
                found.append(Section(anchor=anchor, heading=heading, text=text, level=level))
        if isinstance(element, Tag) and is_heading:
            found_id = element.get("id")
            anchor = found_id if isinstance(found_id, str) else None
            heading, level, parts = element.get_text(" ", strip=True), int(element.name[1]), []
        elif isinstance(element, Tag):
            parts.append(element.get_text(" ", strip=True))
        elif element is not None and str(element).strip():
            parts.append(str(element).strip())
    return found


def test_there_is_real_markdown_to_compare():
    assert len(MARKDOWN) >= 40
    assert any("commonmark" in p.name for p in MARKDOWN)


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_html_and_sections_are_those_of_stock_python_markdown(path: Path):
    body = _body(path)
    html = render(body)
    assert html == _stock_html(body)
    assert sections_of(html) == _soup_sections(html)
    paragraph = BeautifulSoup(html, "html.parser").find("p")
    expected = paragraph.get_text(" ", strip=True) if paragraph else ""
    assert _first_paragraph(outline(html), limit=10**9) == expected


@pytest.mark.parametrize(
    ("body", "table"),
    [
        ("[TOC]\n\n# Uno\n\n## Dos {#dos}\n\ntexto", True),
        ("Antes\n\n    [TOC]\n\n# Uno", False),  # in code: not replaced
        ("# [TOC]\n\n* [TOC]\n* *[TOC]*", True),  # in a heading: not; in an item: yes
    ],
)
def test_a_table_of_contents_asked_for_is_the_stock_one(body: str, table: bool):
    html = render(body)
    assert html == _stock_html(body)
    assert ('class="toc"' in html) == table


def test_sections_keep_adjacent_text_as_one_string():
    """``a&amp;b`` or ``1<3`` is one string: no space is put where the parser paused; a
    tag or a comment separates two strings."""
    html = '<h2 id="x">R&amp;D <em>now</em></h2><p>a&amp;b<br>c 1<3 x<!-- y -->z</p>tail'
    assert sections_of(html) == _soup_sections(html)
    assert [s.text for s in sections_of(html)] == ["a&b c 1<3 x z\ntail"]


def test_document_to_dict_is_what_asdict_gives():
    tree = discover(CONTENT)
    taxonomy, _ = _taxonomy(tree)
    documents = [_read(s, taxonomy, dt.date(2026, 1, 1))[0].document for s in tree.sources]
    read = [d for d in documents if d is not None]
    read.append(dataclasses.replace(read[0], extra={"partner": {"since": [2020, {"by": "x"}]}}))
    assert any(d.places for d in read)
    assert any(s.t is not None for d in read for s in d.sections)  # transcript passages
    for document in read:
        assert document.to_dict() == dataclasses.asdict(document), document.path
