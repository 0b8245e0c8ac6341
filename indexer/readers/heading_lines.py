"""Where each heading of a Markdown body is in its file, and whether its anchor is pinned.

Python-Markdown renders headings without their source lines, so the body is scanned for
heading lines (``## Text {#pin}``, or a line underlined with ``===`` or ``---``) outside
fenced code, and the scanned headings are aligned with the rendered ones by their words.
A scanned line that rendered as no heading (inside an HTML block, say) is left out; a
rendered heading that no line explains keeps no line.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, replace

from kb.analysis import fold
from kb.documents import Section

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*(\{[^}]*\})?\s*#*\s*$")
_SETEXT_LINE = re.compile(r"^ {0,3}(=+|-+)\s*$")
_SETEXT_TEXT = re.compile(r"^ {0,3}(\S.*?)\s*(\{[^}]*\})?\s*$")
_FENCES = ("```", "~~~")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")  # [text](address): the address is not shown
_TAG = re.compile(r"<[^>]*>")
_NOT_A_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class SourceHeading:
    """A heading line of the file: its number, its words, and whether it pins its anchor."""

    line: int
    key: str  # its letters and digits, folded: what it shares with the rendered heading
    pinned: bool


def words_key(text: str) -> str:
    """The letters and digits of a heading, folded (markup, links' addresses dropped)."""
    text = html.unescape(_TAG.sub(" ", _LINK_TARGET.sub("]", text)))
    return _NOT_A_WORD.sub("", fold(text))


def _pins(attributes: str | None) -> bool:
    """Whether an attribute list (``{#anchor .class}``) names the anchor."""
    return any(part[:1] == "#" for part in (attributes or "").strip("{}").split())


def source_headings(body: str, first_line: int) -> list[SourceHeading]:
    """The heading lines of a Markdown body that starts at line ``first_line``."""
    found: list[SourceHeading] = []
    fence: str | None = None
    lines = body.split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip()
        if fence:
            fence = None if stripped.startswith(fence) else fence
            continue
        if stripped.startswith(_FENCES):
            fence = stripped[:3]
            continue
        atx = HEADING.match(line)
        if atx:
            found.append(
                SourceHeading(first_line + index, words_key(atx.group(2)), _pins(atx.group(3)))
            )
            continue
        text = _SETEXT_TEXT.match(line) if _underlined(lines, index) else None
        if text:
            found.append(
                SourceHeading(first_line + index, words_key(text.group(1)), _pins(text.group(2)))
            )
    return found


def _underlined(lines: list[str], index: int) -> bool:
    """Whether a line opens a block and the next one underlines it (``===`` or ``---``)."""
    opens_block = index == 0 or not lines[index - 1].strip()
    return opens_block and index + 1 < len(lines) and bool(_SETEXT_LINE.match(lines[index + 1]))


def place_headings(sections: list[Section], body: str, first_line: int) -> list[Section]:
    """``sections`` with the source line of each heading and whether its anchor is pinned."""
    headed = [i for i, s in enumerate(sections) if s.level and s.t is None]
    scanned = source_headings(body, first_line)
    rendered = [words_key(sections[i].heading) for i in headed]
    matcher = difflib.SequenceMatcher(None, rendered, [h.key for h in scanned], autojunk=False)
    placed = list(sections)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                where = scanned[j]
                placed[headed[i]] = replace(placed[headed[i]], line=where.line, pinned=where.pinned)
    return placed
