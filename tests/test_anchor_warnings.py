"""kb check and kb index warn when a heading's anchor changed since the last index and is
not pinned; a real index is built, a file edited, and the real command run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.anchors import changed_anchors
from indexer.build import build_index, check_tree
from tests.conftest import TODAY


def kb(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KB_CONTENT", "KB_INDEX")}
    return subprocess.run(
        [sys.executable, "-m", "cli", *args], capture_output=True, text=True, env=env, timeout=120
    )


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").split("\n").index(text) + 1


@pytest.fixture
def indexed(tree, tmp_path):
    """A content tree and a real index of it; returns (tree, index, Rosario's case file)."""
    root = tree({})
    index = tmp_path / "index"
    assert build_index(root, index, today=TODAY).exit_code == 0
    return root, index, root / "cases" / "rosario-migrantes.md"


def reword(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_reworded_heading_is_reported_with_its_line_and_the_pin_to_add(indexed):
    root, index, case = indexed
    reword(case, "## Qué se hizo\n", "## Qué hizo la ciudad\n")
    result = kb("check", "--content", str(root), "--index", str(index))
    assert result.returncode == 0  # a warning, not an error
    line = line_of(case, "## Qué hizo la ciudad")
    assert result.stdout.splitlines() == [
        f"{case}:{line}: heading: warning: anchor 'que-se-hizo' is now 'que-hizo-la-ciudad', "
        "so links to #que-se-hizo break: pin the old one with "
        "'## Qué hizo la ciudad {#que-se-hizo}'"
    ]
    github = kb("check", "--content", str(root), "--index", str(index), "--format", "github")
    assert github.stdout.startswith(f"::warning file={case},line={line}::heading: anchor ")


def test_a_pinned_heading_gives_no_warning_and_keeps_its_links(indexed):
    root, index, case = indexed
    reword(case, "## Qué se hizo\n", "## Qué hizo la ciudad {#que-se-hizo}\n")
    assert check_tree(root, today=TODAY, index_root=index) == []
    reword(case, "{#que-se-hizo}", "{#oficina}")  # a new anchor, chosen on purpose
    assert check_tree(root, today=TODAY, index_root=index) == []


def test_the_line_is_the_reworded_heading_s_own_among_headings_alike(indexed):
    root, index, case = indexed
    text = case.read_text(encoding="utf-8").replace("## Qué se hizo\n", "## 2. Qué hizo\n")
    case.write_text(text + "\n## 2. Qué hizo {#otra}\n\nX.\n", encoding="utf-8")
    problems = check_tree(root, today=TODAY, index_root=index)
    assert [(p.line, p.message.split(",")[0]) for p in problems] == [
        (line_of(case, "## 2. Qué hizo"), "anchor 'que-se-hizo' is now '2-que-hizo'")
    ]


def test_without_an_index_there_is_nothing_to_compare(indexed, tmp_path):
    root, _index, case = indexed
    reword(case, "## Qué se hizo\n", "## Qué hizo la ciudad\n")
    result = kb("check", "--content", str(root), "--index", str(tmp_path / "none"))
    assert result.returncode == 0 and result.stdout == ""


def test_kb_index_warns_once_then_the_new_anchor_is_the_indexed_one(indexed):
    root, index, case = indexed
    reword(case, "## Lecciones\n", "## Lecciones aprendidas\n")
    report = build_index(root, index, today=TODAY)
    assert report.exit_code == 0 and report.updated == ["cases/rosario-migrantes"]
    assert [str(p) for p in report.problems] == [
        f"{case}:{line_of(case, '## Lecciones aprendidas')}: heading: warning: anchor "
        "'lecciones' is now 'lecciones-aprendidas', so links to #lecciones break: pin the old "
        "one with '## Lecciones aprendidas {#lecciones}'"
    ]
    assert check_tree(root, today=TODAY, index_root=index) == []


def test_removed_and_added_headings_are_not_renames(indexed):
    root, index, case = indexed
    text = case.read_text(encoding="utf-8")
    text = text.replace("## Qué se hizo\n", "") + "\n## Presupuesto municipal\n\nX.\n"
    case.write_text(text, encoding="utf-8")
    assert check_tree(root, today=TODAY, index_root=index) == []


def test_other_problems_are_unchanged_by_the_index(indexed):
    root, index, case = indexed
    reword(case, "themes: [migracion]", "themes: [migrasion]")
    reword(case, "## Qué se hizo\n", "## Qué hizo la ciudad\n")
    problems = check_tree(root, today=TODAY, index_root=index)
    assert [(p.key, p.warning) for p in problems] == [("themes", False)]  # unreadable: no anchors


@pytest.mark.parametrize(
    "old, new, expected",
    [
        # reworded in place, between unchanged headings
        (["a", "contexto", "z"], ["a", "antecedentes", "z"], [(1, "contexto")]),
        # two reworded in place
        (
            ["contexto", "resultados"],
            ["antecedentes", "logros"],
            [(0, "contexto"), (1, "resultados")],
        ),
        # moved to the end and reworded a little
        (
            ["que-se-hizo", "lecciones", "fuentes"],
            ["lecciones", "fuentes", "que-se-hizo-en-rosario"],
            [(2, "que-se-hizo")],
        ),
        # removed here, an unrelated heading added elsewhere
        (["contexto", "lecciones", "fuentes"], ["lecciones", "fuentes", "presupuesto"], []),
        # nothing changed, or only order
        (["a", "b"], ["b", "a"], []),
    ],
)
def test_which_anchors_count_as_changed(old, new, expected):
    def headings(anchors):
        return [(a, a.replace("-", " ")) for a in anchors]

    assert changed_anchors(headings(old), headings(new)) == expected
