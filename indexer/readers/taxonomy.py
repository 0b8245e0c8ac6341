"""taxonomy.yml: the themes and networks of a content tree, checked with line numbers."""

from __future__ import annotations

import difflib

from indexer.frontmatter import load_yaml
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
    data = loaded.data
    for kind in ("themes", "networks"):
        entries = data.get(kind) or []
        if not isinstance(entries, list):
            problems.append(
                Problem(path, loaded.line(kind), kind, "must be a list of entries ('- id: ...')")
            )
            continue
        seen: set[str] = set()
        for index, entry in enumerate(entries):
            where = loaded.line(kind, index)
            if not isinstance(entry, dict):
                problems.append(Problem(path, where, kind, "each entry needs 'id:' and 'label:'"))
                continue
            concept_id = entry.get("id")
            if not isinstance(concept_id, str) or not ID_RE.match(concept_id):
                problems.append(
                    Problem(
                        path,
                        loaded.line(kind, index, "id"),
                        "id",
                        f"{concept_id!r} is not a valid id: lowercase letters, digits and hyphens",
                    )
                )
                continue
            if concept_id in seen:
                problems.append(
                    Problem(
                        path,
                        loaded.line(kind, index, "id"),
                        "id",
                        f"{concept_id!r} is defined twice",
                    )
                )
            seen.add(concept_id)
            label = entry.get("label")
            if not label or (isinstance(label, dict) and not label.get("es")):
                problems.append(
                    Problem(
                        path,
                        loaded.line(kind, index, "label"),
                        "label",
                        f"{concept_id}: a label in Spanish (es) is required",
                        warning=isinstance(label, dict) and bool(label),
                    )
                )
            synonyms = entry.get("synonyms")
            if isinstance(synonyms, dict):
                for lang in synonyms:
                    if lang not in LANGUAGES:
                        problems.append(
                            Problem(
                                path,
                                loaded.line(kind, index, "synonyms", lang),
                                "synonyms",
                                f"{concept_id}: unknown language {lang!r}; use es, pt, en or fr",
                                warning=True,
                            )
                        )
    taxonomy = Taxonomy.from_dict(data)
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
    return taxonomy, problems
