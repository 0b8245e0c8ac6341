"""Python-Markdown's inline step, sparing the patterns a text cannot match.

Python-Markdown tries each of its fifteen inline patterns (links, emphasis, code, HTML,
entities…) on every piece of text, though most of a document's text holds none of the
characters they start with: a link needs ``[``, emphasis ``*`` or ``_``, an entity ``&``.
``QuickInline`` replaces the ``inline`` tree processor and skips a pattern when a text lacks
every character sequence its regular expression requires; it runs the rest exactly as
Python-Markdown does, so the HTML is the same. A pattern this table does not know (another
extension's, or a changed expression in a new release) is always tried.
"""

from __future__ import annotations

from typing import Any

import markdown
from markdown import treeprocessors, util

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
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if isinstance(data, util.AtomicString):
            return data
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


def install(converter: markdown.Markdown) -> markdown.Markdown:
    """Put ``QuickInline`` in place of ``converter``'s inline processor (if this release
    of Python-Markdown has the methods it relies on) and return ``converter``."""
    stock = treeprocessors.InlineProcessor
    if hasattr(stock, _HANDLE) and hasattr(stock, _APPLY) and "inline" in converter.treeprocessors:
        converter.treeprocessors.register(QuickInline(converter), "inline", INLINE_PRIORITY)
    return converter
