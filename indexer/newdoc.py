"""``kb new``: write the scaffold of a new document, refusing a slug already in use."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from indexer.discover import discover
from indexer.frontmatter import load_yaml, split_front_matter
from indexer.readers.encoding import decode
from indexer.readers.taxonomy import read_taxonomy
from kb.documents import FOLDER_OF_TYPE
from kb.errors import ContentError, KbError
from kb.scaffold import is_slug, scaffold, suggest_slug


class NewDocumentRefused(KbError):
    """The new document cannot be written (bad or taken slug, no taxonomy)."""


def _redirects(raw: bytes, path: str) -> list[str]:
    """The ``redirect_from`` slugs of a Markdown file, or none when it cannot be read."""
    try:
        text, _problems = decode(raw, path)
        yaml_text, _body, _line = split_front_matter(text, path)
        value = load_yaml(yaml_text, path).data.get("redirect_from")
    except ContentError:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def slug_in_use(content: str | Path, slug: str) -> str | None:
    """Why ``slug`` cannot be used for a new document of ``content``, or None."""
    tree = discover(content)
    for source in tree.sources:
        if source.slug == slug:
            return f"the slug {slug!r} is already used by {source.path}"
    for doc_id, path in tree.refused.items():
        if doc_id.split("/", 1)[1] == slug:
            return f"the slug {slug!r} is already used by {path}"
    for source in tree.sources:
        if slug in _redirects(source.read(), source.path):
            return (
                f"the slug {slug!r} is a former address of {source.path} (in its "
                f"redirect_from): /{source.id.split('/')[0]}/{slug} leads there"
            )
    return None


def create_document(
    content: str | Path,
    doc_type: str,
    slug: str,
    today: dt.date | None = None,
    language: str = "es",
) -> Path:
    """Write ``<content>/<folder>/<slug>.md`` and return its path."""
    if not is_slug(slug):
        suggestion = suggest_slug(slug)
        hint = f"; try {suggestion}" if suggestion else ""
        raise NewDocumentRefused(
            f"{slug!r} is not a valid slug: use lowercase letters, digits and hyphens, "
            f"as in montevideo-hermanamientos{hint}"
        )
    root = Path(content)
    taxonomy_file = root / "taxonomy.yml"
    if not taxonomy_file.is_file():
        raise NewDocumentRefused(
            f"{taxonomy_file} is missing: kb new takes the theme ids from it; "
            "is --content the right folder?"
        )
    taxonomy, problems = read_taxonomy(taxonomy_file.read_bytes(), str(taxonomy_file))
    if taxonomy is None or not taxonomy.themes:
        first = f": {problems[0]}" if problems else ""
        raise NewDocumentRefused(f"{taxonomy_file} gives no theme ids{first}")
    reason = slug_in_use(root, slug)
    if reason:
        raise NewDocumentRefused(f"{reason}; choose another slug (slugs are permanent addresses)")
    target = root / FOLDER_OF_TYPE[doc_type] / f"{slug}.md"
    text = scaffold(doc_type, slug, taxonomy, today or dt.date.today(), language)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise NewDocumentRefused(f"{target} exists already; choose another slug") from None
    return target
