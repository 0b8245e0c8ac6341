"""Python-Markdown, sparing work whose result a document cannot show: the same HTML.

Inline patterns. Python-Markdown tries each of its fifteen inline patterns (links,
emphasis, code, HTML, entities…) on every piece of text, though most of a document's text
holds none of the characters they start with: a link needs ``[``, emphasis ``*`` or ``_``,
an entity ``&``. ``QuickInline`` replaces the ``inline`` tree processor and skips a pattern
when a text lacks every character sequence its regular expression requires; it runs the
rest exactly as Python-Markdown does. A pattern this table does not know (another
extension's, or a changed expression in a new release) is always tried.

Table of contents. The ``toc`` extension gives headings their ids (the anchors), then
builds a table of contents, serialises it for ``Markdown.toc`` and walks the whole tree,
joining each element's text, looking for a ``[TOC]`` paragraph to replace. kb shows no
table of contents but where a document writes ``[TOC]``: ``QuickToc`` first checks that
some element's text is the marker, and only then builds and places one.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

import markdown
from markdown import treeprocessors, util
from markdown.extensions.toc import TocExtension, TocTreeprocessor

# A pattern's regular expression → sequences of which any match must contain at least one.
NEEDS: dict[str, tuple[str, ...]] = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`",),  # code span
    r"\\(.)": ("\\",),  # backslash escape
    r"\[\^([^\]]*)\]": ("[^",),  # footnote reference
    r"(?<!\!)\[": ("[",),  # link, reference, short reference
    r"\!\[": ("![",),  # image, image reference
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("://",),  # <https://…>
    r"<([^<> !]+@[^@<> ]+)>": ("@",),  # <name@host>
    r"  \n": ("  \n",),  # line break
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),  # entity
    r"\*|_": ("*", "_"),  # emphasis, strong
}
HTML_TAG = ("<",)  # inline HTML: its expression is long, its first character is '<'

INLINE_PRIORITY = 20  # where Python-Markdown registers its inline processor
_HANDLE = "_InlineProcessor__handleInline"  # Python-Markdown's private methods replaced
_APPLY = "_InlineProcessor__applyPattern"  # and called (checked by ``install``)


def _needs(pattern: Any) -> tuple[str, ...] | None:
    expression = pattern.compiled_re.pattern if hasattr(pattern, "compiled_re") else None
    if expression in NEEDS:
        return NEEDS[expression]
    if type(pattern) is markdown.inlinepatterns.HtmlInlineProcessor and str(expression).startswith(
        "(<"
    ):
        return HTML_TAG
    return None  # unknown: always tried


class QuickInline(treeprocessors.InlineProcessor):
    """The ``inline`` tree processor, skipping the patterns a text cannot match."""

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        self._patterns = [(p, _needs(p)) for p in self.inlinePatterns]
        needles = {n for _, needs in self._patterns for n in needs or ()}
        known = all(needs is not None for _, needs in self._patterns)
        self._any = re.compile("|".join(map(re.escape, sorted(needles)))) if known else None
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if isinstance(data, util.AtomicString):
            return data
        if self._any is not None and self._any.search(data) is None:
            return data  # what trying every pattern in vain would give
        start = 0
        while patternIndex < len(self._patterns):
            pattern, needs = self._patterns[patternIndex]
            if needs is not None and not any(n in data for n in needs):
                matched, start = False, 0  # what trying it would give
            else:
                data, matched, start = getattr(self, _APPLY)(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class QuickToc(TocTreeprocessor):
    """The ``toc`` tree processor, building the table of contents only for a ``[TOC]``."""

    def run(self, doc: etree.Element) -> None:
        marker = self.marker
        self._marked = bool(marker) and any(
            element.text and element.text.strip() == marker and len(element) == 0
            for element in doc.iter()
        )  # what ``replace_marker`` looks for, and more (it skips headings and code)
        super().run(doc)

    def build_toc_div(self, toc_list: list[Any]) -> etree.Element:
        return super().build_toc_div(toc_list) if self._marked else etree.Element("div")

    def replace_marker(self, root: etree.Element, elem: etree.Element) -> None:
        if self._marked:
            super().replace_marker(root, elem)


class QuickTocExtension(TocExtension):
    """The ``toc`` extension with ``QuickToc`` (``Markdown.toc`` is empty without [TOC])."""

    TreeProcessorClass = QuickToc


def converter(extensions: list[str]) -> markdown.Markdown:
    """A Markdown converter with ``extensions`` (names), the fast processors in place."""
    chosen = [QuickTocExtension() if name == "toc" else name for name in extensions]
    return install(markdown.Markdown(extensions=chosen))


def install(converter: markdown.Markdown) -> markdown.Markdown:
    """Put ``QuickInline`` in place of ``converter``'s inline processor (if this release
    of Python-Markdown has the methods it relies on) and return ``converter``."""
    stock = treeprocessors.InlineProcessor
    if hasattr(stock, _HANDLE) and hasattr(stock, _APPLY) and "inline" in converter.treeprocessors:
        converter.treeprocessors.register(QuickInline(converter), "inline", INLINE_PRIORITY)
    return converter
