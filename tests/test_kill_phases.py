"""kill -9 of ``kb index`` in each phase of a full and of an incremental run: the hooks
``KB_PHASE_FILE`` and ``KB_PHASE_PAUSE`` say where the run is and hold it there, so that
every kill lands in the phase it names, on a live process."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bench.corpus import generate
from indexer import publish
from indexer.live import open_service
from kb.search import SearchRequest
from tests.corpus import FILES, write_tree
from tests.indexer_runs import (
    answers,
    leftovers,
    lock_holder,
    phases_of,
    start_index,
    stop,
    wait_for_phase,
)

SIZE = 72  # over indexer.build.PARALLEL_FROM: a full run reads and writes in helper processes
EDITED = 12  # cases an incremental run has to rewrite
WORD = "zarzaparrilla"  # in no generated document: found only where an edit put it

# (run, phase, which time the run enters it)
KILLS = [
    ("full", "cleanup", 1),
    ("full", "parse", 1),
    ("full", "write", 1),
    ("full", "commit", 1),
    ("full", "publish", 1),
    ("full", "cleanup", 2),
    ("incremental", "cleanup", 1),
    ("incremental", "parse", 1),
    ("incremental", "write", 1),
    ("incremental", "commit", 1),
]


def _id(kill: tuple[str, str, int]) -> str:
    run, phase, nth = kill
    where = {("cleanup", 1): "-leftovers", ("cleanup", 2): "-old-generations"}
    return f"{run}-{phase}{where.get((phase, nth), '')}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated tree of 72 documents and its index (copied by each test)."""
    root = tmp_path_factory.mktemp("kill")
    generate(root, SIZE)
    process = start_index(root / "content", root / "index", log=root / "build.log")
    try:
        assert process.wait(300) == 0, (root / "build.log").read_text()
    finally:
        stop(process)
    return root


@pytest.fixture
def indexers():
    """``start_index``, each process started stopped with its group at the end."""
    started: list[subprocess.Popen] = []

    def start(*args, **kwargs) -> subprocess.Popen:
        started.append(start_index(*args, **kwargs))
        return started[-1]

    yield start
    for process in started:
        stop(process)


def _copy(built: Path, tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(built / "content", tmp_path / "content", copy_function=shutil.copy2)
    shutil.copytree(built / "index", tmp_path / "index")
    return tmp_path / "content", tmp_path / "index"


def _edit(content: Path) -> list[str]:
    """Add ``WORD`` to the first cases; their ids."""
    edited = sorted((content / "cases").glob("*.md"))[:EDITED]
    for path in edited:
        path.write_text(
            path.read_text(encoding="utf-8") + f"\nLa {WORD} de la ciudad.\n", encoding="utf-8"
        )
    return sorted(f"cases/{path.stem}" for path in edited)


def _found(index: Path, q: str) -> list[str]:
    service = open_service(index)
    try:
        return sorted(
            h["id"] for h in service.search(SearchRequest(q=q, per_page=100)).to_dict()["hits"]
        )
    finally:
        service.close()


def _kill_in(start, content: Path, index: Path, tmp_path: Path, kill: tuple[str, str, int]) -> None:
    """Start ``kb index`` held in the phase of ``kill``; check it is alive there; kill -9."""
    run, phase, nth = kill
    marks = tmp_path / "phases.txt"
    env = {"KB_PHASE_FILE": str(marks), "KB_PHASE_PAUSE": f"{phase}#{nth}:120"}
    args = ["--full"] if run == "full" else []
    process = start(content, index, *args, log=tmp_path / "killed.log", env=env)
    entered = wait_for_phase(process, marks, phase, nth)
    assert process.poll() is None, f"kb index ended before the kill in {phase}"
    assert entered[-1] == phase, f"kb index is in {entered[-1]}, not in {phase}"
    process.kill()  # the indexer alone: its helpers must die with it
    assert process.wait(30) == -9, f"kb index was not killed by SIGKILL in {phase}"


@pytest.mark.parametrize("kill", KILLS, ids=[_id(k) for k in KILLS])
def test_kill_9_in_each_phase_keeps_the_live_index_and_the_next_run_finishes(
    built: Path, tmp_path: Path, indexers, kill: tuple[str, str, int]
):
    run, phase, _nth = kill
    content, index = _copy(built, tmp_path)
    before = answers(index)
    edited = _edit(content) if run == "incremental" else []

    _kill_in(indexers, content, index, tmp_path, kill)

    assert answers(index) == before, f"killed in {phase}: the live index answers otherwise"
    assert _found(index, WORD) == [], f"killed in {phase}: half an incremental run is visible"
    published = kill == ("full", "cleanup", 2)  # killed after the switch to the new one
    live = "gen-000002" if published else "gen-000001"
    assert publish.current_name(index) == live, f"killed in {phase}: {live} should be live"
    holder = lock_holder(index)
    assert holder is None, f"killed in {phase}: the index lock is still held by {holder}"
    finishing = indexers(content, index, log=tmp_path / "next.log")
    assert finishing.wait(300) == 0, (tmp_path / "next.log").read_text()
    summary = (tmp_path / "next.log").read_text().splitlines()[-1]
    if run == "full":
        assert summary.endswith(
            f"0 added, 0 updated, 0 removed, {SIZE} unchanged, 0 skipped with errors"
        )
        assert answers(index) == before
    else:
        assert summary.endswith(
            f"0 added, {EDITED} updated, 0 removed, {SIZE - EDITED} unchanged, "
            "0 skipped with errors"
        ), summary
        assert _found(index, WORD) == edited  # the next run finished the job
    assert leftovers(index) == [], f"killed in {phase}: the next run left these behind"


def test_leftovers_of_a_killed_incremental_run_go_even_when_nothing_is_left_to_do(
    built: Path, tmp_path: Path, indexers
):
    """A deployment rolled back with ``rsync -a`` (the old files, their old times): the
    next run has nothing to write, and still removes what the killed writer left."""
    content, index = _copy(built, tmp_path)
    before = answers(index)
    _edit(content)
    _kill_in(indexers, content, index, tmp_path, ("incremental", "write", 1))
    assert leftovers(index) != []  # the killed writer's temporary folder and segment files
    shutil.rmtree(content)
    shutil.copytree(built / "content", content, copy_function=shutil.copy2)

    finishing = indexers(content, index, log=tmp_path / "next.log")
    assert finishing.wait(300) == 0, (tmp_path / "next.log").read_text()
    summary = (tmp_path / "next.log").read_text().splitlines()[-1]
    assert summary.endswith(
        f"0 added, 0 updated, 0 removed, {SIZE} unchanged, 0 skipped with errors"
    )
    assert leftovers(index) == []
    assert answers(index) == before


def test_each_run_writes_the_phases_it_enters(tmp_path: Path, indexers):
    content = write_tree(tmp_path / "content", FILES)
    index, marks = tmp_path / "index", tmp_path / "phases.txt"
    env = {"KB_PHASE_FILE": str(marks)}

    def run(*args: str) -> list[str]:
        marks.unlink(missing_ok=True)
        process = indexers(content, index, *args, log=tmp_path / "log", env=env)
        assert process.wait(120) == 0, (tmp_path / "log").read_text()
        assert {pid for pid, _ in phases_of(marks)} == {process.pid}
        return [phase for _, phase in phases_of(marks)]

    assert run() == ["cleanup", "parse", "write", "commit", "publish", "cleanup"]  # first: full
    assert run() == ["cleanup", "parse"]  # nothing changed: nothing written
    quito = content / "cases" / "quito-agua.md"
    quito.write_text(quito.read_text(encoding="utf-8") + "\nOtra nota.\n", encoding="utf-8")
    assert run() == ["cleanup", "parse", "write", "commit"]
    assert run("--full") == ["cleanup", "parse", "write", "commit", "publish", "cleanup"]


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "KB_PHASE_PAUSE",
            "wirte:5",
            "Error: KB_PHASE_PAUSE: 'wirte:5' names no phase: PHASE is one of cleanup, parse, "
            "write, commit, publish; fix or unset the variable",
        ),
        (
            "KB_PHASE_PAUSE",
            "write=5",
            "Error: KB_PHASE_PAUSE: 'write=5' is not PHASE:SECONDS or PHASE#N:SECONDS, comma "
            "separated, PHASE one of cleanup, parse, write, commit, publish (e.g. write:30); "
            "fix or unset the variable",
        ),
        (
            "KB_PHASE_FILE",
            "{tmp}/no/such/folder/phases.txt",
            "Error: KB_PHASE_FILE: cannot append to {tmp}/no/such/folder/phases.txt: No such "
            "file or directory; give a file in an existing, writable folder or unset the "
            "variable",
        ),
    ],
    ids=["unknown-phase", "bad-pause", "bad-file"],
)
def test_a_bad_phase_hook_is_refused_before_the_index_is_touched(
    tmp_path: Path, indexers, variable: str, value: str, message: str
):
    content = write_tree(tmp_path / "content", FILES)
    log = tmp_path / "log"
    env = {variable: value.format(tmp=tmp_path)}
    process = indexers(content, tmp_path / "index", log=log, env=env)
    assert process.wait(60) == 1
    assert log.read_text().strip() == message.format(tmp=tmp_path)
    assert not (tmp_path / "index").exists()
