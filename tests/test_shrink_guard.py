"""The shrink guard: a mistyped, missing, empty or taxonomy-less content folder, or a run
that would remove most of the live documents, publishes nothing; the live index keeps
answering. ``--allow-shrink`` publishes a real shrink; watch mode refuses a mass deletion
and goes on; ``kb check`` says plainly that a folder is not a content tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main
from indexer.build import build_index
from indexer.live import open_service
from indexer.watch import Watcher
from kb.search import SearchRequest
from tests.conftest import PROJECT, TODAY

QUERY = "ciudades"  # found in most of the ten documents of the test tree
FIVE_CASES = ["rosario-migrantes", "coventry-twinned", "lyon-jumelages", "porto-cooperacoes"]
FIVE_CASES += ["quito-agua"]
UNTOUCHED = "the live index is untouched and still answers searches."


def kb(*args: str, env: dict[str, str] | None = None) -> Any:
    """``kb`` in this process (click's runner), with the guard's variable unset."""
    return CliRunner().invoke(main, list(args), env={"KB_MAX_SHRINK": None, **(env or {})})


def hits(index: Path, q: str = QUERY) -> list[str]:
    service = open_service(index)
    try:
        return [h["id"] for h in service.search(SearchRequest(q=q, per_page=20)).to_dict()["hits"]]
    finally:
        service.close()


def on_disk(index: Path) -> tuple[str, list[str]]:
    """The live pointer and every file of the index folder: what a publish would change."""
    files = sorted(str(p.relative_to(index)) for p in index.rglob("*") if p.name != ".lock")
    return (index / "CURRENT").read_text(), files


@pytest.fixture
def live(tree, tmp_path: Path) -> tuple[Path, Path]:
    """The ten-document test tree and a live index built from it."""
    root = tree({})
    index = tmp_path / "index"
    assert build_index(root, index, today=TODAY).exit_code == 0
    assert len(hits(index)) >= 5
    return root, index


@pytest.mark.parametrize("full", [False, True], ids=["incremental", "full"])
def test_a_mistyped_folder_is_refused_and_the_live_index_still_answers(live, full):
    """``kb index --content …/contnet`` as an operator runs it (a real process)."""
    root, index = live
    before, files = hits(index), on_disk(index)
    typo = root.with_name("contnet")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    command = [sys.executable, "-m", "cli", "index", "--content", str(typo), "--index", str(index)]
    done = subprocess.run(
        command + (["--full"] if full else []),
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT,
        timeout=120,
    )
    assert done.returncode == 3
    assert done.stdout == ""
    assert done.stderr == (
        f"refused: {typo} does not exist (did you mean {root}?).\n"
        f"The live index in {index} holds 10 documents; this run would leave 0. "
        f"Nothing was published: {UNTOUCHED}\n"
        "Give the content tree with --content (or $KB_CONTENT); --allow-shrink publishes "
        "a real shrink, never a folder that is not there.\n"
    )
    assert on_disk(index) == files
    assert hits(index) == before


def test_a_missing_folder_or_a_file_is_refused_even_on_a_first_build(live, tmp_path):
    root, index = live
    first = tmp_path / "first-index"
    result = kb("index", "--content", str(tmp_path / "nowhere"), "--index", str(first))
    assert result.exit_code == 3
    assert result.stderr == (
        f"refused: {tmp_path / 'nowhere'} does not exist.\n"
        f"There is no live index in {first} yet; nothing was published.\n"
        "Give the content tree with --content (or $KB_CONTENT); --allow-shrink publishes "
        "a real shrink, never a folder that is not there.\n"
    )
    assert not first.exists()  # not even an empty index folder
    # a file given as the folder, with --allow-shrink: still refused
    files, before = on_disk(index), hits(index)
    taxonomy = root / "taxonomy.yml"
    result = kb("index", "--content", str(taxonomy), "--index", str(index), "--allow-shrink")
    assert result.exit_code == 3
    assert result.stderr.startswith(
        f"refused: {taxonomy} is not a folder.\n"
        f"The live index in {index} holds 10 documents; this run would leave 0."
    )
    assert on_disk(index) == files and hits(index) == before


def test_an_empty_folder_is_refused_and_published_only_with_allow_shrink(live, tmp_path):
    root, index = live
    empty = tmp_path / "empty"
    empty.mkdir()
    files, before = on_disk(index), hits(index)
    for args in ([], ["--full"]):
        result = kb("index", "--content", str(empty), "--index", str(index), *args)
        assert result.exit_code == 3
        assert result.stderr == (
            f"refused: {empty} holds no documents (no .md files under cases/, notebooks/ "
            "or webinars/).\n"
            f"The live index in {index} holds 10 documents; this run would leave 0. "
            f"Nothing was published: {UNTOUCHED}\n"
            "Check --content (or $KB_CONTENT); if the documents were really removed, run "
            "kb index again with --allow-shrink.\n"
        )
        assert on_disk(index) == files and hits(index) == before
    # a first build from an empty folder is refused too
    result = kb("index", "--content", str(empty), "--index", str(tmp_path / "first"))
    assert result.exit_code == 3
    assert result.stderr.endswith(
        f"There is no live index in {tmp_path / 'first'} yet; nothing was published.\n"
        "Check --content (or $KB_CONTENT); to publish an empty index, run kb index again "
        "with --allow-shrink.\n"
    )
    # confirmed: the shrink is published (the missing taxonomy.yml is still an error)
    result = kb("index", "--content", str(empty), "--index", str(index), "--allow-shrink")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{empty}/taxonomy.yml:1: taxonomy: taxonomy.yml is missing: themes and networks "
        "cannot be checked\n"
    )
    assert "0 added, 0 updated, 10 removed, 0 unchanged" in result.stdout
    assert hits(index) == []


def test_documents_in_misplaced_folders_are_named_when_the_folder_is_refused(live, tmp_path):
    root, index = live
    other = tmp_path / "other"
    (other / "casos").mkdir(parents=True)
    shutil.copy(root / "cases" / "quito-agua.md", other / "casos" / "quito-agua.md")
    shutil.copy(root / "taxonomy.yml", other / "taxonomy.yml")
    result = kb("index", "--content", str(other), "--index", str(index))
    assert result.exit_code == 3
    assert result.stderr.startswith(
        f"{other}/casos/quito-agua.md:1: file: warning: ignored: documents go in cases/, "
        "notebooks/ or webinars/ (did you mean cases?)\n"
        f"refused: {other} holds no documents"
    )


def test_a_folder_without_taxonomy_is_refused(live):
    root, index = live
    (root / "taxonomy.yml").unlink()
    files, before = on_disk(index), hits(index)
    themed = hits(index, "theme:cultura")
    assert themed
    result = kb("index", "--content", str(root), "--index", str(index))
    assert result.exit_code == 3
    assert result.stderr == (
        f"refused: {root}/taxonomy.yml is missing: the documents would lose their themes and "
        "networks.\n"
        f"The live index in {index} holds 10 documents; this run would leave 10. "
        f"Nothing was published: {UNTOUCHED}\n"
        "Check --content (or $KB_CONTENT); if the documents were really removed, run "
        "kb index again with --allow-shrink.\n"
    )
    assert on_disk(index) == files
    assert hits(index) == before and hits(index, "theme:cultura") == themed


def test_one_deletion_in_ten_and_renames_pass_five_deletions_wait_for_allow_shrink(live):
    root, index = live
    cases = root / "cases"
    (cases / "lyon-jumelages.md").unlink()
    result = kb("index", "--content", str(root), "--index", str(index))
    assert result.exit_code == 0, result.output
    assert "0 added, 0 updated, 1 removed, 9 unchanged" in result.stdout

    renamed = ["rosario-migrantes", "coventry-twinned", "porto-cooperacoes", "quito-agua"]
    for slug in renamed:  # new slugs: as many documents after as before, no shrink
        (cases / f"{slug}.md").rename(cases / f"{slug}-2.md")
    result = kb("index", "--content", str(root), "--index", str(index))
    assert result.exit_code == 0, result.output
    assert "4 added, 0 updated, 4 removed, 5 unchanged" in result.stdout

    for slug in [f"{s}-2" for s in renamed] + ["montevideo-hermanamientos"]:
        (cases / f"{slug}.md").unlink()
    files, before = on_disk(index), hits(index)
    for args in ([], ["--full"]):
        result = kb("index", "--content", str(root), "--index", str(index), *args)
        assert result.exit_code == 3
        assert result.stderr == (
            f"refused: 5 of the 9 documents of the live index have no file under {root} any "
            "more: the index would shrink by 55.6%, over the 20% limit (--max-shrink or "
            "KB_MAX_SHRINK).\n"
            f"The live index in {index} holds 9 documents; this run would leave 4. "
            f"Nothing was published: {UNTOUCHED}\n"
            "Check --content (or $KB_CONTENT); if the documents were really removed, run "
            "kb index again with --allow-shrink.\n"
        )
        assert on_disk(index) == files and hits(index) == before

    result = kb("index", "--content", str(root), "--index", str(index), "--allow-shrink")
    assert result.exit_code == 0, result.output
    assert "0 added, 0 updated, 5 removed, 4 unchanged" in result.stdout
    assert sorted(hits(index, "")) == [
        "notebooks/guia-oficina",
        "webinars/agua-ciudades",
        "webinars/migrar-juntos",
        "webinars/redes-srt",
    ]


def test_the_share_is_configurable(live):
    root, index = live
    for slug in FIVE_CASES:
        (root / "cases" / f"{slug}.md").unlink()
    refused = kb("index", "--content", str(root), "--index", str(index), "--max-shrink", "40")
    assert refused.exit_code == 3
    assert "the index would shrink by 50%, over the 40% limit" in refused.stderr
    allowed = kb(
        "index", "--content", str(root), "--index", str(index), env={"KB_MAX_SHRINK": "50"}
    )
    assert allowed.exit_code == 0, allowed.output
    assert "5 removed, 5 unchanged" in allowed.stdout

    (root / "cases" / "montevideo-hermanamientos.md").unlink()  # 1 of 5: 20%
    strict = kb("index", "--content", str(root), "--index", str(index), "--max-shrink", "10")
    assert strict.exit_code == 3
    assert "the index would shrink by 20%, over the 10% limit" in strict.stderr

    bad = kb("index", "--content", str(root), "--index", str(index), env={"KB_MAX_SHRINK": "a lot"})
    assert bad.exit_code == 1
    assert bad.stderr == (
        "Error: KB_MAX_SHRINK='a lot' is not a percentage: set it to a number from 0 to 100, "
        "such as 20, or unset it\n"
    )
    over = kb("index", "--content", str(root), "--index", str(index), "--max-shrink", "150")
    assert over.exit_code == 2
    assert "Invalid value for '--max-shrink': 150.0 is not in the range 0<=x<=100." in over.stderr
    assert len(hits(index, "")) == 5  # none of the refused runs published


def eventually(check: Callable[[], Any], what: str, within: float = 30.0) -> Any:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.05)
    raise AssertionError(f"not within {within:.0f} s: {what}")


# watchdog warns when a folder it watched comes back under its old name (its inotify
# callback is replaced): a warning, not an error, outside the tests' "error" filter
@pytest.mark.filterwarnings("ignore:Callback with id:RuntimeWarning")
def test_watch_mode_refuses_a_mass_deletion_and_publishes_again_once_files_are_back(tree, tmp_path):
    root = tree({})
    index = tmp_path / "index"
    lines: list[str] = []
    lock = threading.Lock()

    def echo(text: str) -> None:
        with lock:
            lines.append(text)

    def printed() -> str:
        with lock:
            return "\n".join(lines)

    watcher = Watcher(root, index, echo=echo, quiet=0.05)
    try:
        assert watcher.run_once() is not None
        watcher.start()
        before, files = hits(index, ""), on_disk(index)
        notebook = root / "notebooks" / "guia-oficina.md"
        notebook.write_text(notebook.read_text() + "\nUna zanfona para las visitas.\n")
        (root / "cases").rename(root.parent / "cases-moved")  # 6 of the 10 documents
        message = eventually(lambda: "refused:" in printed() and printed(), "the refusal")
        assert (
            f"refused: 6 of the 10 documents of the live index have no file under {root} any "
            "more: the index would shrink by 60%, over the 20% limit (--max-shrink or "
            "KB_MAX_SHRINK).\n"
            f"The live index in {index} holds 10 documents; this run would leave 4. "
            f"Nothing was published: {UNTOUCHED}\n"
        ) in message
        assert on_disk(index) == files and hits(index, "") == before
        assert hits(index, "zanfona") == []  # the whole run was refused

        (root.parent / "cases-moved").rename(root / "cases")  # the files are back
        eventually(lambda: hits(index, "zanfona"), "the edit published after the refusal")
        assert sorted(hits(index, "")) == sorted(before)
        assert "1 updated, 0 removed, 9 unchanged" in printed()
    finally:
        watcher.stop()


def test_kb_check_says_plainly_that_a_folder_is_not_content(tree, tmp_path):
    root = tree({})
    typo = root.with_name("contnet")
    missing = kb("check", "--content", str(typo))
    assert missing.exit_code == 1
    assert missing.stdout == (
        f"{typo} does not exist (did you mean {root}?): give the content tree with "
        "--content (or $KB_CONTENT)\n"
    )
    assert missing.stderr == "1 error(s), 0 warning(s)\n"

    empty = tmp_path / "empty"
    (empty / "docs").mkdir(parents=True)
    (empty / "docs" / "notes.txt").write_text("not content\n")
    result = kb("check", "--content", str(empty))
    assert result.exit_code == 1
    assert result.stdout == (
        f"{empty} holds no content: no files under cases/, notebooks/ or webinars/ and no "
        "taxonomy.yml: give the content tree with --content (or $KB_CONTENT)\n"
    )
    github = kb("check", "--content", str(empty), "--format", "github")
    assert github.exit_code == 1
    assert github.stdout.startswith(f"::error::{empty} holds no content: ")

    file = kb("check", "--content", str(root / "taxonomy.yml"))
    assert file.exit_code == 1
    assert file.stdout.startswith(f"{root}/taxonomy.yml is not a folder: give the content")
