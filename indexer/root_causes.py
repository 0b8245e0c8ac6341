"""Root causes first: a broken shared file is reported once, before what it breaks.

taxonomy.yml is the file the documents depend on: when it cannot be read, or some of its
themes or networks are lost to an error, a document naming an id it no longer defines is
not at fault. Such documents are counted in one line after the taxonomy's own problems
(rather than one error per use of a theme), and every problem of the tree follows.
"""

from __future__ import annotations

from collections.abc import Iterable

from kb.errors import Problem

Unchecked = dict[str, dict[str, tuple[str, ...]]]  # document path → kind → ids not checked
SHOWN_IDS = 5  # ids named in the summary line; more are only counted


def unchecked_line(
    taxonomy_path: str, taxonomy_problems: Iterable[Problem], unchecked: Unchecked
) -> Problem | None:
    """The one line that stands for every document the taxonomy's errors kept unchecked."""
    if not unchecked:
        return None
    errors = [p for p in taxonomy_problems if p.path == taxonomy_path and not p.warning]
    line = min((p.line for p in errors), default=1)
    kinds = [k for k in ("themes", "networks") if any(k in u for u in unchecked.values())]
    ids = list(dict.fromkeys(i for u in unchecked.values() for k in kinds for i in u.get(k, ())))
    count = len(unchecked)
    named = ""
    if len(ids) <= SHOWN_IDS:
        named = f" (they name {', '.join(ids)}, which it does not define now)"
    return Problem(
        taxonomy_path,
        line,
        "documents",
        f"{count} document{'s' if count != 1 else ''} not checked for their "
        f"{' and '.join(kinds)} while taxonomy.yml has errors{named}: fix taxonomy.yml "
        "first, and they are checked once it has none",
    )


def in_order(
    problems: Iterable[Problem], taxonomy_path: str, summary: Problem | None = None
) -> list[Problem]:
    """Each problem once: taxonomy.yml's own first, then ``summary``, then the rest by
    path and line."""
    unique = sorted(set(problems) - {summary}, key=lambda p: (p.path, p.line, p.key, p.message))
    first = [p for p in unique if p.path == taxonomy_path]
    rest = [p for p in unique if p.path != taxonomy_path]
    return [*first, *([summary] if summary else []), *rest]
