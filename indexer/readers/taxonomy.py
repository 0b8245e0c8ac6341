"""taxonomy.yml: the themes and networks of a content tree, checked with line numbers."""

from __future__ import annotations

import difflib
from typing import Any

from indexer.frontmatter import FrontMatter, load_yaml
from indexer.readers.encoding import decode
from kb.analysis import LANGUAGES
from kb.errors import ContentError, Problem
from kb.taxonomy import ID_RE, Taxonomy


def read_taxonomy(raw: bytes, path: str) -> tuple[Taxonomy, list[Problem]]:
    """The taxonomy in ``raw`` and its problems; a broken file gives an empty taxonomy."""
    try:
        text, problems = decode(raw, path)
        loaded = load_yaml(text, path)
    except ContentError as error:
        return Taxonomy.empty(), [error.as_problem()]
    for kind in ("themes", "networks"):
        problems.extend(_check_entries(loaded, path, kind))
    taxonomy = Taxonomy.from_dict(loaded.data)
    problems.extend(_unknown_parents(taxonomy, loaded, path))
    return taxonomy, problems


def _check_entries(loaded: FrontMatter, path: str, kind: str) -> list[Problem]:
    """The problems of the ``themes`` or ``networks`` list: shape, ids, labels, synonyms."""
    entries = loaded.data.get(kind) or []
    if not isinstance(entries, list):
        return [Problem(path, loaded.line(kind), kind, "must be a list of entries ('- id: ...')")]
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems.append(
                Problem(path, loaded.line(kind, index), kind, "each entry needs 'id:' and 'label:'")
            )
            continue
        concept_id = entry.get("id")
        if not isinstance(concept_id, str) or not ID_RE.match(concept_id):
            message = f"{concept_id!r} is not a valid id: lowercase letters, digits and hyphens"
            problems.append(Problem(path, loaded.line(kind, index, "id"), "id", message))
            continue
        if concept_id in seen:
            message = f"{concept_id!r} is defined twice"
            problems.append(Problem(path, loaded.line(kind, index, "id"), "id", message))
        seen.add(concept_id)
        problems.extend(_check_entry(loaded, path, (kind, index), concept_id, entry))
    return problems


def _check_entry(
    loaded: FrontMatter,
    path: str,
    where: tuple[str, int],
    concept_id: str,
    entry: dict[str, Any],
) -> list[Problem]:
    """The problems of one entry's label and synonyms."""
    problems = []
    label = entry.get("label")
    if not label or (isinstance(label, dict) and not label.get("es")):
        problems.append(
            Problem(
                path,
                loaded.line(*where, "label"),
                "label",
                f"{concept_id}: a label in Spanish (es) is required",
                warning=isinstance(label, dict) and bool(label),
            )
        )
    synonyms = entry.get("synonyms")
    if isinstance(synonyms, dict):
        problems.extend(
            Problem(
                path,
                loaded.line(*where, "synonyms", lang),
                "synonyms",
                f"{concept_id}: unknown language {lang!r}; use es, pt, en or fr",
                warning=True,
            )
            for lang in synonyms
            if lang not in LANGUAGES
        )
    return problems


def _unknown_parents(taxonomy: Taxonomy, loaded: FrontMatter, path: str) -> list[Problem]:
    """Themes whose parent is no theme."""
    problems = []
    for index, concept in enumerate(taxonomy.themes.values()):
        if concept.parent and concept.parent not in taxonomy.themes:
            close = difflib.get_close_matches(concept.parent, list(taxonomy.themes), n=1)
            problems.append(
                Problem(
                    path,
                    loaded.line("themes", index, "parent"),
                    "parent",
                    f"{concept.id}: unknown parent theme {concept.parent!r}",
                    close[0] if close else None,
                )
            )
    return problems
