"""Markdown documents: front matter, body rendered by Python-Markdown, sections by heading."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Any

from indexer.frontmatter import load_yaml, split_front_matter
from indexer.readers.fast_markdown import converter as fast_converter
from indexer.readers.heading_lines import HEADING, place_headings
from indexer.readers.outline import Outline, outline
from indexer.readers.transcripts import Cue, known_speakers, passages, read_inline
from indexer.scaffold_leftovers import scaffold_leftovers
from indexer.settings import iframe_hosts
from indexer.validate import validate
from kb.analysis import fold
from kb.documents import Document, Section
from kb.errors import Problem
from kb.sanitize import sanitize
from kb.taxonomy import Taxonomy

EXTENSIONS = ["toc", "tables", "footnotes", "fenced_code", "attr_list", "sane_lists"]
_HEADINGS = {f"h{n}" for n in range(1, 7)}
TRANSCRIPT_HEADINGS = {"transcripcion", "transcript", "transcricao", "transcription"}


@dataclass
class ReadResult:
    """A document read from a file (``None`` when it has errors) and what was found wrong.

    When only a faulty taxonomy.yml keeps it from being published, ``unchecked`` holds the
    ids it could not check and ``draft`` the document as read, for the checks that do not
    depend on the taxonomy (headings' anchors, reading lists' sections)."""

    document: Document | None
    problems: list[Problem] = field(default_factory=list)
    unchecked: dict[str, tuple[str, ...]] = field(default_factory=dict)
    draft: Document | None = None


_RENDERERS = threading.local()  # one Markdown converter per thread, reset for each body


def render(body: str) -> str:
    """Markdown to sanitised HTML: no script, no event handler, no foreign markup survives."""
    converter = getattr(_RENDERERS, "markdown", None)
    if converter is None:  # building one (its extensions) costs as much as a short body
        converter = _RENDERERS.markdown = fast_converter(EXTENSIONS)
    return sanitize(converter.reset().convert(body), iframe_hosts())


def sections_of(html: str | Outline) -> list[Section]:
    """One section per heading (its anchor and text), the text before the first: the intro."""
    blocks = (outline(html) if isinstance(html, str) else html).blocks
    found: list[Section] = []
    anchor: str | None = None
    heading, level = "", 0
    parts: list[str] = []

    def close() -> None:
        text = "\n".join(p for p in parts if p)
        if text or heading:
            found.append(Section(anchor=anchor, heading=heading, text=text, level=level))

    for block in blocks:
        if block.tag in _HEADINGS:
            close()
            anchor, heading, level, parts = block.id, block.text(), int(block.tag[1]), []
        else:
            parts.append(block.text())
    close()
    return found


def split_transcript(body: str) -> tuple[str, str | None, int]:
    """Split a webinar body at its transcript heading: (description, transcript, its line)."""
    lines = body.split("\n")
    for index, line in enumerate(lines):
        found = HEADING.match(line)
        if found and fold(found.group(2)).strip(" :") in TRANSCRIPT_HEADINGS:
            return "\n".join(lines[:index]), "\n".join(lines[index + 1 :]), index + 1
    return body, None, 0


def read_markdown(
    text: str,
    path: str,
    doc_type: str,
    slug: str,
    taxonomy: Taxonomy | None,
    today: dt.date,
    transcript: list[Cue] | None = None,
) -> ReadResult:
    """Read one Markdown file; a webinar may bring the cues of its sibling transcript."""
    from kb.errors import ContentError

    try:
        yaml_text, body, body_line = split_front_matter(text, path)
        front = load_yaml(yaml_text, path, first_line=2)
    except ContentError as error:
        return ReadResult(None, [error.as_problem()])
    meta = validate(front, path, doc_type, taxonomy, today)
    problems = list(meta.problems)
    problems.extend(
        scaffold_leftovers(front, path, doc_type, slug, taxonomy, (body, body_line), meta.values)
    )
    if any(not p.warning for p in meta.problems):
        return ReadResult(None, problems, meta.unchecked)
    document = _document(meta.values, path, doc_type, slug, (body, body_line), transcript, problems)
    if meta.unchecked:
        return ReadResult(None, problems, meta.unchecked, draft=document)
    return ReadResult(document, problems)


def _document(
    values: dict[str, Any],
    path: str,
    doc_type: str,
    slug: str,
    body_at: tuple[str, int],
    transcript: list[Cue] | None,
    problems: list[Problem],
) -> Document:
    """The document of valid front-matter ``values`` and a body (the problems of an inline
    transcript go to ``problems``)."""
    body, body_line = body_at
    cues = transcript
    if doc_type == "webinar":
        description, inline, offset = split_transcript(body)
        if inline is not None:
            inline_cues, inline_problems = read_inline(inline, path, body_line + offset)
            problems.extend(inline_problems)
            if transcript:
                problems.append(
                    Problem(
                        path,
                        body_line + offset - 1,
                        "transcript",
                        "a transcript file with the same name exists too; the "
                        "one in this file is used",
                        warning=True,
                    )
                )
            cues = inline_cues
        body = description
    html = render(body)
    shape = outline(html)
    sections = place_headings(sections_of(shape), body, body_line)
    if cues:
        sections.extend(passages(known_speakers(cues, values["speakers"])))
    values = {**values, "summary": values["summary"] or _first_paragraph(shape)}
    return Document(
        type=doc_type, slug=slug, path=path, sections=tuple(sections), body_html=html, **values
    )


def _first_paragraph(shape: Outline, limit: int = 320) -> str:
    paragraph = shape.first_paragraph
    text = paragraph.text() if paragraph else ""
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "…"
    return text
