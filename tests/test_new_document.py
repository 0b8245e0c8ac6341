"""kb new: a scaffold of each type passes kb check (warned of its example values), is
indexed and found by its title;
slugs already in use (in any folder, or as a former address) and invalid slugs are refused."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from indexer.build import build_index, check_tree
from indexer.frontmatter import load_yaml, split_front_matter
from indexer.live import open_service
from indexer.validate import KNOWN_KEYS
from kb.scaffold import LANGUAGES
from kb.search import SearchRequest
from tests.conftest import TODAY
from tests.corpus import FILES

TYPES = ("case", "notebook", "webinar")
SCAFFOLD_WARNINGS = {  # the keys whose example values an unedited scaffold still carries
    "case": {"title", "countries", "themes", "body"},
    "notebook": {"title", "themes", "body"},
    "webinar": {"title", "themes", "speakers", "body", "transcript"},
}


def kb(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command, in a process of its own."""
    env = {k: v for k, v in os.environ.items() if k not in ("KB_CONTENT", "KB_INDEX")}
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def new(*args: str):
    return CliRunner().invoke(main, ["new", *args], catch_exceptions=False)


def test_each_scaffold_passes_kb_check_and_is_found_by_its_title(tree, tmp_path):
    root = tree({})
    slugs = {
        "case": "salta-huertas-comunitarias",
        "notebook": "guia-ferias-binacionales",
        "webinar": "webinar-puertos-hermanados",
    }
    for doc_type, slug in slugs.items():
        made = kb("new", doc_type, slug, "--content", str(root))
        assert made.returncode == 0, made.stderr
        folder = {"case": "cases", "notebook": "notebooks", "webinar": "webinars"}[doc_type]
        assert made.stdout.strip() == str(root / folder / f"{slug}.md")

    checked = kb("check", "--content", str(root), "--index", str(tmp_path / "no-index"))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # no error: only the warnings of kb new's example values (tests/test_root_causes.py)
    lines = [line for line in checked.stdout.splitlines() if any(s in line for s in slugs.values())]
    assert lines and all(": warning: still " in line for line in lines), lines

    index = tmp_path / "index"
    report = build_index(root, index)
    assert report.exit_code == 0
    assert {f"{t}s/{slug}" for t, slug in slugs.items()} <= set(report.added)
    service = open_service(index)
    for doc_type, slug in slugs.items():
        title = service.stored_document(f"{doc_type}s/{slug}")["title"]
        hits = service.search(SearchRequest(q=title)).to_dict()["hits"]
        assert hits[0]["id"] == f"{doc_type}s/{slug}", (title, hits[:2])
    webinar = service.stored_document(f"webinars/{slugs['webinar']}")
    assert [s["t"] for s in webinar["sections"] if s["t"] is not None] == [5, 30]  # its 2 turns
    assert webinar["speakers"] == ["Moderadora", "Ponente"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("doc_type", TYPES)
def test_every_scaffold_is_valid_and_explains_every_key(tree, doc_type, language):
    root = tree({})
    result = new(doc_type, f"nuevo-{doc_type}", "--content", str(root), "--language", language)
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip())
    text = path.read_text(encoding="utf-8")
    yaml_text, body, _line = split_front_matter(text, str(path))
    front = load_yaml(yaml_text, str(path))
    assert set(front.data) == KNOWN_KEYS  # every key of the content format
    lines = yaml_text.split("\n")
    for key in KNOWN_KEYS:
        line = next(i for i, text in enumerate(lines) if text.startswith(f"{key}:"))
        assert lines[line - 1].startswith("#"), f"no comment above {key}"
    assert front.data["date"] == dt.date.today().isoformat()
    assert front.data["language"] == language
    assert front.data["themes"] == ["hermanamientos"]  # the first theme of the tree's taxonomy
    assert "mercociudades, cglu" in yaml_text  # the valid network ids are listed
    assert body.count("\n## ") >= 3
    # valid: no error, only a warning for each example value still there
    problems = check_tree(root, today=dt.date.today())
    assert all(p.warning and p.message.startswith("still ") for p in problems)
    assert {p.key for p in problems} == SCAFFOLD_WARNINGS[doc_type]


def test_scaffold_of_a_case_has_the_usual_sections(tree):
    root = tree({})
    new("case", "caso-de-prueba", "--content", str(root))
    report = build_index(root, root.parent / "ix", today=TODAY)
    sections = open_service(root.parent / "ix").stored_document("cases/caso-de-prueba")["sections"]
    assert report.exit_code == 0
    assert [s["anchor"] for s in sections] == [
        "contexto",
        "que-se-hizo",
        "resultados",
        "lecciones",
        "fuentes",
    ]


def test_a_slug_in_use_is_refused_in_any_folder(tree):
    root = tree({})
    before = sorted(root.rglob("*"))
    for doc_type in ("case", "notebook"):
        result = new(doc_type, "rosario-migrantes", "--content", str(root))
        assert result.exit_code == 1
        assert (
            f"Error: the slug 'rosario-migrantes' is already used by {root}/cases/"
            "rosario-migrantes.md; choose another slug (slugs are permanent addresses)"
        ) in result.output
    assert sorted(root.rglob("*")) == before  # nothing written


def test_a_former_address_is_refused(tree):
    """Rosario's case was once at /cases/rosario-acoge: no new document may take that."""
    moved = FILES["cases/rosario-migrantes.md"].replace(
        "title:", "redirect_from: [rosario-acoge]\ntitle:", 1
    )
    root = tree({"cases/rosario-migrantes.md": moved})
    result = new("webinar", "rosario-acoge", "--content", str(root))
    assert result.exit_code == 1
    assert (
        f"Error: the slug 'rosario-acoge' is a former address of {root}/cases/"
        "rosario-migrantes.md (in its redirect_from): /cases/rosario-acoge leads there; "
        "choose another slug"
    ) in result.output
    assert not (root / "webinars" / "rosario-acoge.md").exists()


@pytest.mark.parametrize(
    "slug, suggestion",
    [("Montevideo Agua", "montevideo-agua"), ("São Paulo: 2030!", "sao-paulo-2030")],
)
def test_an_invalid_slug_is_refused_with_a_valid_one_suggested(tree, slug, suggestion):
    root = tree({})
    result = new("case", slug, "--content", str(root))
    assert result.exit_code == 1
    assert (
        f"Error: {slug!r} is not a valid slug: use lowercase letters, digits and hyphens, "
        f"as in montevideo-hermanamientos; try {suggestion}"
    ) in result.output
    assert not list((root / "cases").glob("*ontevideo*gua*")) and not list(
        (root / "cases").glob("sao*")
    )


def test_no_taxonomy_no_scaffold(tmp_path):
    result = new("case", "sin-taxonomia", "--content", str(tmp_path))
    assert result.exit_code == 1
    assert f"{tmp_path}/taxonomy.yml is missing: kb new takes the theme ids from it" in (
        result.output
    )
