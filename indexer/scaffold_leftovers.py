"""Warnings for the example values of ``kb new`` that a document still carries.

Publishing stays the editor's decision: these are warnings, one per key, on the line of
the value. What counts, compared with what kb/scaffold.py writes (``Examples``,
``SKELETON_COMMENTS``, ``EXAMPLE_TURNS``):

- ``title``: the title kb new makes from the slug (``montevideo-agua`` → "Montevideo agua");
- ``body``: a guide comment of a skeleton (``<!-- What changed, with figures… -->``) on a
  line of its own, as kb new wrote it;
- ``transcript``: an example turn of a webinar skeleton (``[00:00:05] Moderadora: …``);
- ``speakers``: a webinar's example speakers (``[Moderadora, Ponente]``), role words and
  not names;
- ``countries`` and ``themes``: the example country of a case (``UY`` for Spanish) and the
  first theme of the taxonomy, only in a document that still has one of the above: on
  their own they are real values, as for a Uruguayan case about twinning.

The date is not one: kb new writes the day it ran, which cannot be told from a real date.
Nor the summary, which kb new leaves empty.
"""

from __future__ import annotations

from typing import Any

from indexer.frontmatter import FrontMatter
from kb.errors import Problem
from kb.scaffold import EXAMPLE_TURNS, KIND, SKELETON_COMMENTS, SPEAKERS, Examples
from kb.taxonomy import Taxonomy


def scaffold_leftovers(
    front: FrontMatter,
    path: str,
    doc_type: str,
    slug: str,
    taxonomy: Taxonomy | None,
    body_at: tuple[str, int],
    values: dict[str, Any],
) -> list[Problem]:
    """The warnings of one document (its front matter read, its body and first line)."""
    examples = Examples.of(doc_type, slug, taxonomy or Taxonomy.empty(), values["language"])
    kind = KIND[doc_type]
    found: list[Problem] = []

    def warn(key: str, line: int, message: str) -> None:
        found.append(Problem(path, line, key, message, warning=True))

    if values.get("title") == examples.title:
        warn(
            "title",
            front.line("title"),
            f"still the example title kb new made from the slug ({examples.title!r}): "
            f"write the {kind}'s own title",
        )
    _body(body_at, warn)
    if values.get("speakers") in {tuple(names) for names in SPEAKERS.values()}:
        warn(
            "speakers",
            front.line("speakers"),
            f"still kb new's example speakers ({', '.join(values['speakers'])}): "
            "name the people who spoke, as in the transcript",
        )
    if found:  # recognisably a new document: its example country and theme count too
        if examples.country and values.get("countries") == (examples.country,):
            warn(
                "countries",
                front.line("countries"),
                f"still kb new's example country ({examples.country}): "
                f"write the countries of this {kind}",
            )
        if examples.theme and values.get("themes") == (examples.theme,):
            warn(
                "themes",
                front.line("themes"),
                f"still kb new's example theme ({examples.theme}, the first of "
                f"taxonomy.yml): choose the themes of this {kind}",
            )
    return sorted(found)


def _body(body_at: tuple[str, int], warn: Any) -> None:
    """The guide comments and example turns of a skeleton left in the body."""
    body, first_line = body_at
    comments: list[int] = []
    turns: list[int] = []
    for number, line in enumerate(body.split("\n"), start=first_line):
        text = line.strip()
        if text in SKELETON_COMMENTS:
            comments.append(number)
        elif text in EXAMPLE_TURNS:
            turns.append(number)
    if comments:
        more = f" (and {len(comments) - 1} more below)" if len(comments) > 1 else ""
        warn(
            "body",
            comments[0],
            f"still holds a guide comment of kb new{more}: write the text each one asks "
            "for, then delete the comment",
        )
    if turns:
        warn(
            "transcript",
            turns[0],
            f"still holds kb new's example turns ({len(turns)}): replace them with what "
            "was said, or delete them and add a .vtt or .srt file",
        )
