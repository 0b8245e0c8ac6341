"""The outline of rendered, sanitised HTML: its top-level blocks and their text.

Sections are cut at top-level headings and a summary is the first paragraph's text, so
the reader needs only the top-level elements, their words and the first ``<p>`` — not a
whole tree. The standard library's HTML parser reports them as it goes; the text of an
element is its strings stripped and joined by a space, as BeautifulSoup's
``get_text(" ", strip=True)`` gives it (adjacent character data is one string).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset(
    "area base br col embed hr img input link meta source track wbr".split()
)  # elements without content or end tag


@dataclass
class Block:
    """A top-level element (``tag`` and ``id``) or a run of top-level text (tag None)."""

    tag: str | None
    id: str | None = None
    strings: list[str] = field(default_factory=list)

    def text(self) -> str:
        """Its strings, each stripped, the empty ones left out, joined by a space."""
        return " ".join(s for s in (each.strip() for each in self.strings) if s)


class _Outliner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.first_paragraph: Block | None = None
        self._open: list[str] = []  # the elements open, outermost first
        self._paragraph_depth = -1  # len(_open) outside the first <p> while it is open
        self._in_text = False  # the last thing seen was text: more text joins it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_text = False
        if not self._open:
            anchor = next((value or "" for name, value in attrs if name == "id"), None)
            self.blocks.append(Block(tag, anchor))
        if tag == "p" and self.first_paragraph is None:
            self.first_paragraph = Block(tag)
            self._paragraph_depth = len(self._open)
        if tag not in VOID:
            self._open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        self._in_text = False
        if tag not in self._open:
            return  # an end tag that closes nothing
        while self._open.pop() != tag:
            pass
        if len(self._open) <= self._paragraph_depth:
            self._paragraph_depth = -1

    def handle_comment(self, data: str) -> None:
        self._in_text = False  # not text, but the text around it is two strings

    def handle_decl(self, decl: str) -> None:
        self._in_text = False

    def handle_pi(self, data: str) -> None:
        self._in_text = False

    def unknown_decl(self, data: str) -> None:
        self._in_text = False

    def handle_data(self, data: str) -> None:
        if not self._open and not self._in_text:
            self.blocks.append(Block(None))  # text outside any element
        targets = [self.blocks[-1]]  # the top-level element open, or that text
        if self._paragraph_depth >= 0 and self.first_paragraph is not None:
            targets.append(self.first_paragraph)
        for target in targets:
            if self._in_text:
                target.strings[-1] += data
            else:
                target.strings.append(data)
        self._in_text = True


@dataclass
class Outline:
    """The top-level blocks of an HTML fragment and its first paragraph (None if none)."""

    blocks: list[Block]
    first_paragraph: Block | None


def outline(html: str) -> Outline:
    """The outline of an HTML fragment."""
    parser = _Outliner()
    parser.feed(html)
    parser.close()
    return Outline(parser.blocks, parser.first_paragraph)
