"""taxonomy.yml: the themes and networks of a content tree, checked with line numbers."""

from __future__ import annotations

import difflib
from typing import Any

from indexer.frontmatter import FrontMatter, YamlKind, load_yaml
from indexer.readers.encoding import decode
from kb.analysis import LANGUAGES
from kb.errors import ContentError, Problem
from kb.taxonomy import ID_RE, KINDS, Taxonomy

ENTRY = "'- id: ...' entries"
TAXONOMY = YamlKind(
    "taxonomy",
    "taxonomy.yml",
    f"taxonomy.yml must be 'key: value' lines: 'themes:' and 'networks:', each a list of {ENTRY}",
)


def read_taxonomy(raw: bytes, path: str) -> tuple[Taxonomy, list[Problem]]:
    """The taxonomy in ``raw`` and its problems; a broken file gives an empty taxonomy.

    The kinds whose definitions may have lost ids (a file that cannot be read, a list
    that is not one, an entry without a valid id) are marked ``faulty`` in it.
    """
    try:
        text, problems = decode(raw, path, holds=f"'themes:' and 'networks:' with their {ENTRY}")
        loaded = load_yaml(text, path, kind=TAXONOMY)
    except ContentError as error:
        return Taxonomy.empty(frozenset(KINDS)), [error.as_problem()]
    faulty: set[str] = set()
    problems.extend(_top_keys(loaded, path, faulty))
    for kind in KINDS:
        problems.extend(_check_entries(loaded, path, kind, faulty))
    problems.extend(_inner_duplicates(loaded, path, faulty))
    taxonomy = Taxonomy.from_dict(loaded.data, frozenset(faulty))
    if "themes" not in faulty:  # else a parent may be a theme lost to those errors
        problems.extend(_unknown_parents(taxonomy, loaded, path))
    return taxonomy, problems


def _top_keys(loaded: FrontMatter, path: str, faulty: set[str]) -> list[Problem]:
    """Keys that are neither ``themes`` nor ``networks`` (a misspelt one hides its kind),
    and a taxonomy without themes."""
    problems = []
    for key in loaded.data:
        if key in KINDS:
            continue
        close = difflib.get_close_matches(str(key), KINDS, n=1, cutoff=0.6)
        if close and close[0] not in loaded.data:
            faulty.add(close[0])
        problems.append(
            Problem(
                path,
                loaded.line(key),
                str(key),
                "unknown key, ignored: taxonomy.yml has 'themes:' and 'networks:'",
                close[0] if close else None,
                warning=not (close and close[0] not in loaded.data),
            )
        )
    if not loaded.data.get("themes") and "themes" not in faulty:
        faulty.add("themes")
        problems.append(
            Problem(
                path,
                loaded.line("themes"),
                "themes",
                f"no themes: documents need at least one; add 'themes:' with its {ENTRY}",
            )
        )
    return problems


def _check_entries(loaded: FrontMatter, path: str, kind: str, faulty: set[str]) -> list[Problem]:
    """The problems of the ``themes`` or ``networks`` list: shape, ids, labels, synonyms."""
    entries = loaded.data.get(kind) or []
    if not isinstance(entries, list):
        faulty.add(kind)
        return [Problem(path, loaded.line(kind), kind, f"must be a list of {ENTRY}")]
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            faulty.add(kind)
            problems.append(
                Problem(path, loaded.line(kind, index), kind, "each entry needs 'id:' and 'label:'")
            )
            continue
        concept_id = entry.get("id")
        if not isinstance(concept_id, str) or not ID_RE.match(concept_id):
            faulty.add(kind)
            message = f"{concept_id!r} is not a valid id: lowercase letters, digits and hyphens"
            problems.append(Problem(path, loaded.line(kind, index, "id"), "id", message))
            continue
        if concept_id in seen:
            message = f"{concept_id!r} is defined twice"
            problems.append(Problem(path, loaded.line(kind, index, "id"), "id", message))
        seen.add(concept_id)
        problems.extend(_check_entry(loaded, path, (kind, index), concept_id, entry))
    return problems


def _inner_duplicates(loaded: FrontMatter, path: str, faulty: set[str]) -> list[Problem]:
    """A key twice in one entry: the first value is lost, often a whole entry whose
    '- ' went missing."""
    problems = []
    entries: set[tuple[str, int]] = set()
    for where, line in loaded.inner_duplicates:
        if len(where) == 3 and where[0] in KINDS and isinstance(where[1], int):
            if where[:2] in entries:
                continue  # one problem per entry: its first repeated key
            entries.add(where[:2])
            faulty.add(where[0])
            problems.append(
                Problem(
                    path,
                    line,
                    str(where[2]),
                    f"'{where[2]}:' appears twice in one entry of {where[0]}, so the first "
                    "value is lost: if a new entry starts here, begin its first line with '- '",
                )
            )
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
