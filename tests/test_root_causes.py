"""Root causes first: a broken shared file is one error, first, and one summary line, not an
error per use of a theme; a broken reading list is one error; an unedited ``kb new``
scaffold is warned of, key by key, until its example values are replaced.

Small trees written by each test, the real ``kb`` command in a process of its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.build import build_index, check_tree
from indexer.live import open_service
from indexer.watch import Watcher
from kb.search import SearchRequest
from tests.conftest import TODAY
from tests.corpus import TAXONOMY, front
from tests.trainers_corpus import BROKEN_YAML, trainer_files
from web import create_app

OPEN = "      es: [migrantes, refugiados]"  # line 15 of the corpus's taxonomy.yml
BROKEN = TAXONOMY.replace(OPEN, OPEN.replace("]", ""))  # one character gone: '[' never closed
BROKEN_LINE = TAXONOMY.split("\n").index(OPEN) + 1
NOT_CHECKED = (
    "documents: {count} documents not checked for their themes and networks while "
    "taxonomy.yml has errors: fix taxonomy.yml first, and they are checked once it has none"
)
BAD_DATE = front(title="Otra ciudad", date="2020-13", countries="[UY]", themes="[cultura]")


def kb(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KB_CONTENT", "KB_INDEX")}
    return subprocess.run(
        [sys.executable, "-m", "cli", *args], capture_output=True, text=True, env=env, timeout=120
    )


def taxonomy_lines(root: Path) -> list[str]:
    """The problems kb check finds in the corpus when its taxonomy.yml is BROKEN."""
    return [
        f"{root}/taxonomy.yml:{BROKEN_LINE}: themes: YAML syntax error: the list opened with "
        "'[' is not closed: add ']' at its end",
        f"{root}/taxonomy.yml:{BROKEN_LINE}: " + NOT_CHECKED.format(count=11),
    ]


def test_a_misplaced_character_in_the_taxonomy_is_one_error_first_and_one_summary(tree, tmp_path):
    """Before: one error per theme and network used in every document (19 errors here,
    the taxonomy's own the 15th; 181 in the project's content), sorted by path."""
    root = tree({"taxonomy.yml": BROKEN, "cases/otra.md": BAD_DATE})
    done = kb("check", "--content", str(root), "--index", str(tmp_path / "no-index"))
    assert done.stdout.splitlines() == [
        *taxonomy_lines(root),
        # what does not depend on the taxonomy is still checked, after it
        f"{root}/cases/otra.md:3: date: '2020-13' is not a real date (month must be in 1..12)",
    ]
    assert done.stderr == "3 error(s), 0 warning(s)\n"
    assert done.returncode == 1


def test_kb_index_reports_it_the_same_and_keeps_the_last_good_versions(tree, tmp_path):
    root = tree({})
    index = tmp_path / "index"
    assert build_index(root, index, today=TODAY).exit_code == 0
    (root / "taxonomy.yml").write_text(BROKEN, encoding="utf-8")
    done = kb("index", "--content", str(root), "--index", str(index))
    lines = taxonomy_lines(root)
    lines[1] = lines[1].replace("11 documents", "10 documents")
    assert done.stderr.splitlines() == lines
    assert done.stdout.endswith(
        " (full rebuild): 0 added, 0 updated, 0 removed, 0 unchanged, 10 skipped with errors "
        "(10 kept at their last good version)\n"
    )
    assert done.returncode == 1
    service = open_service(index)  # as before: every document still searchable
    hits = service.search(SearchRequest(q="hermanamientos renovados")).to_dict()["hits"]
    assert hits[0]["id"] == "cases/montevideo-hermanamientos"
    service.close()


@pytest.mark.parametrize(
    "name, taxonomy, problem, summary",
    [
        (
            "an entry's '- ' deleted: it merges into the entry above",
            TAXONOMY.replace("  - id: migracion", "    id: migracion"),
            "12: id: 'id:' appears twice in one entry of themes, so the first value is lost: "
            "if a new entry starts here, begin its first line with '- '",
            "12: documents: 2 documents not checked for their themes while taxonomy.yml has "
            "errors (they name accion-internacional, which it does not define now)",
        ),
        (
            "a capital letter in an id",
            TAXONOMY.replace("id: cultura", "id: Cultura"),
            "17: id: 'Cultura' is not a valid id: lowercase letters, digits and hyphens",
            "17: documents: 2 documents not checked for their themes while taxonomy.yml has "
            "errors (they name cultura, which it does not define now)",
        ),
        (
            "a misspelt key",
            TAXONOMY.replace("networks:", "netwroks:"),
            "21: netwroks: unknown key, ignored: taxonomy.yml has 'themes:' and 'networks:' "
            "(did you mean networks?)",
            "21: documents: 5 documents not checked for their networks while taxonomy.yml has "
            "errors (they name mercociudades, cglu, which it does not define now)",
        ),
        (
            "a tab",
            TAXONOMY.replace("  - id: agua", "\t- id: agua"),
            "19: themes: a tab character in taxonomy.yml: YAML is indented with spaces only",
            "19: " + NOT_CHECKED.format(count=10),
        ),
        (
            "saved in Windows-1252",
            TAXONOMY.encode("cp1252"),
            "3: encoding: unreadable encoding: the file is not UTF-8 (it looks like cp1250); "
            "save it as UTF-8",
            "3: " + NOT_CHECKED.format(count=10),
        ),
        (
            "a list of entries without 'themes:'",
            "- id: hermanamientos\n  label: {es: Hermanamientos}\n- id: cultura\n",
            "1: taxonomy: taxonomy.yml must be 'key: value' lines: 'themes:' and 'networks:', "
            "each a list of '- id: ...' entries",
            "1: " + NOT_CHECKED.format(count=10),
        ),
    ],
)
def test_each_broken_taxonomy_is_its_error_and_one_summary(tree, name, taxonomy, problem, summary):
    root = tree({"taxonomy.yml": taxonomy})
    found = [str(p) for p in check_tree(root, today=TODAY)]
    if not summary.endswith("once it has none"):
        summary += ": fix taxonomy.yml first, and they are checked once it has none"
    assert found == [f"{root}/taxonomy.yml:{problem}", f"{root}/taxonomy.yml:{summary}"], name


@pytest.mark.parametrize(
    "text, problem",
    [
        (
            "title: Taller\nitems:\n  - cases/quito-agua\n - notebooks/guia-oficina\n",
            "4: items: YAML syntax error: this line is not indented like the lines around it: "
            "line it up with its neighbours (spaces only)",
        ),
        (
            "- cases/quito-agua\n- notebooks/guia-oficina\n",
            "1: list: a reading list must be 'key: value' lines: 'title:', 'description:' and "
            "'items:' (one '- cases/<slug>' line per item, indented below it)",
        ),
        ("\n", "1: file: empty file: write 'title:' and 'items:', one '- ...' line each"),
        (
            "title: Taller\nitems:\n  - cases/quito-agua\n\t- notebooks/guia-oficina\n",
            "4: items: a tab character in this reading list: YAML is indented with spaces only",
        ),
    ],
)
def test_a_broken_list_file_is_one_error_in_its_own_words(tree, text, problem):
    root = tree({"lists/rota.yml": text}, base=trainer_files())
    found = [str(p) for p in check_tree(root, today=TODAY) if "rota" in p.path]
    assert found == [f"{root}/lists/rota.yml:{problem}"]


def test_lists_are_checked_against_documents_the_taxonomy_holds(tree):
    """A list's sections are checked even while the documents wait for taxonomy.yml."""
    root = tree({"taxonomy.yml": BROKEN, "lists/rota.yml": BROKEN_YAML}, base=trainer_files())
    found = [str(p) for p in check_tree(root, today=TODAY) if "rota" in p.path]
    assert found == [
        f"{root}/lists/rota.yml:4: items: 'cases/quito-agüita' is not an item: write "
        "cases/<slug>, notebooks/<slug>#<anchor> or webinars/<slug>#t=<seconds>",
        f"{root}/lists/rota.yml:5: items: notebooks/guia-oficina has no section #presupuestos "
        "(did you mean notebooks/guia-oficina#presupuesto?)",
    ]


def test_a_page_held_by_the_taxonomy_shows_the_taxonomy_error(tree, tmp_path):
    root = tree({})
    index = tmp_path / "index"
    watcher = Watcher(root, index, echo=lambda line: None)
    assert watcher.run_once() is not None
    (root / "taxonomy.yml").write_text(BROKEN, encoding="utf-8")
    assert watcher.run_once() is not None
    client = create_app({"KB_INDEX": str(index), "KB_WATCH": True, "TESTING": True}).test_client()
    state = client.get("/watch/cases/quito-agua.json").get_json()
    lines = taxonomy_lines(root)
    lines[1] = lines[1].replace("11 documents", "10 documents")
    assert state["errors"] is True and state["problems"] == lines


def scaffold_warnings(path: Path, title: str, kind: str, lines: dict[str, int]) -> list[str]:
    return [
        f"{path}:{lines['title']}: title: warning: still the example title kb new made from "
        f"the slug ({title!r}): write the {kind}'s own title",
        f"{path}:{lines['countries']}: countries: warning: still kb new's example country (UY): "
        f"write the countries of this {kind}",
        f"{path}:{lines['themes']}: themes: warning: still kb new's example theme "
        f"(hermanamientos, the first of taxonomy.yml): choose the themes of this {kind}",
        f"{path}:{lines['body']}: body: warning: still holds a guide comment of kb new (and "
        "5 more below): write the text each one asks for, then delete the comment",
    ]


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(start))


def test_an_unedited_scaffold_is_warned_of_until_its_examples_are_replaced(tree, tmp_path):
    """Before: it passed kb check silently, and would be published as a Uruguayan case
    about the first theme of the taxonomy, titled after its slug."""
    root = tree({})
    made = kb("new", "case", "salto-puerto-seco", "--content", str(root))
    path = Path(made.stdout.strip())
    text = path.read_text(encoding="utf-8")
    keys = {k: line_of(text, f"{k}:") for k in ("title", "countries", "themes")}
    keys["body"] = line_of(text, "<!--")
    expected = scaffold_warnings(path, "Salto puerto seco", "case study", keys)

    checked = kb("check", "--content", str(root), "--index", str(tmp_path / "no-index"))
    assert checked.stdout.splitlines() == expected
    assert checked.stderr == "0 error(s), 4 warning(s)\n" and checked.returncode == 0
    report = build_index(root, tmp_path / "index")  # kb index: the same warnings
    assert [str(p) for p in report.problems] == expected
    assert "cases/salto-puerto-seco" in report.added and report.exit_code == 0

    # A real Uruguayan case about twinning: title and text written, the comments deleted
    edited = text.replace('"Salto puerto seco"', '"Salto y su puerto seco"')
    edited = "\n".join(line for line in edited.split("\n") if not line.startswith("<!--"))
    path.write_text(edited + "\nSalto abrió un puerto seco con Concordia.\n", encoding="utf-8")
    checked = kb("check", "--content", str(root), "--index", str(tmp_path / "no-index"))
    assert (checked.stdout, checked.stderr, checked.returncode) == (
        "",
        "0 error(s), 0 warning(s)\n",
        0,
    )


def test_a_webinar_scaffold_names_its_example_speakers_and_turns(tree):
    root = tree({})
    made = kb("new", "webinar", "puertos-secos", "--content", str(root), "--language", "en")
    path = Path(made.stdout.strip())
    text = path.read_text(encoding="utf-8")
    found = {p.key: (p.line, p.message) for p in check_tree(root) if p.warning}
    assert found["speakers"] == (
        line_of(text, "speakers:"),
        "still kb new's example speakers (Moderator, Speaker): name the people who spoke, "
        "as in the transcript",
    )
    assert found["transcript"] == (
        line_of(text, "[00:00:05]"),
        "still holds kb new's example turns (2): replace them with what was said, or delete "
        "them and add a .vtt or .srt file",
    )
    assert set(found) == {"title", "themes", "speakers", "body", "transcript"}
