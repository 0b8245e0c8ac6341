"""``kb watch`` keeps the content tree between saves and re-stats only the files its
events name (``indexer.tree_memo``); a server reopening a new generation reuses what it
decoded of the segments that did not change (``kb.generation``). Through a real
``kb watch`` process and a real ``kb serve`` on the same index folder, as in production:
every kind of change still reaches the answers, with the right facet counts. A change
whose event never came (a file added or removed, a write through a hard link outside the
tree) is still found."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from indexer import publish, watch
from indexer.live import open_service
from indexer.tree_memo import TreeMemo
from kb.search import SearchRequest
from tests.conftest import running_server, started
from tests.corpus import FILES, write_tree
from tests.test_shrink_guard import eventually
from tests.test_watch import edit, get


def answer(url: str, q: str) -> dict[str, Any]:
    status, body = get(f"{url}/api/search?{urllib.parse.urlencode({'q': q})}")
    assert status == 200, body
    found: dict[str, Any] = json.loads(body)
    return found


def ids(url: str, q: str) -> list[str]:
    return [hit["id"] for hit in answer(url, q)["hits"]]


@pytest.fixture(scope="module")
def apart(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, str]]:
    """``kb watch`` and a ``kb serve`` of its index, two processes: (content, index, url)."""
    base = tmp_path_factory.mktemp("apart")
    content, index = write_tree(base / "content", FILES), base / "index"
    log = base / "watch.log"
    command = [sys.executable, "-m", "cli", "watch", "--content", str(content)]
    with (
        open(log, "wb") as output,
        started([*command, "--index", str(index)], stdout=output, stderr=subprocess.STDOUT),
    ):
        eventually(lambda: "watching" in log.read_text(encoding="utf-8"), "the first run", 120)
        with running_server(index, base / "serve.log") as (_process, url):
            yield content, index, url


def test_saves_of_one_file_in_a_row_are_each_answered(apart):
    content, _index, url = apart
    case = content / "cases" / "quito-agua.md"
    previous = "visitas técnicas"
    for word in ("zanfonaverde", "zanfonaroja", "zanfonaazul"):
        edit(case, previous, f"visitas técnicas {word}")
        assert eventually(lambda w=word: ids(url, w), f"{word} found") == ["cases/quito-agua"]
        previous = f"visitas técnicas {word}"
    assert ids(url, "zanfonaverde") == []  # the page holds the last save only


def test_a_change_made_while_the_watcher_is_busy_is_found(apart):
    """The watcher's run waits for the index (held here as a ``kb index`` by hand would);
    a second file saved meanwhile is indexed too."""
    content, index, url = apart
    with publish.writer_lock(index):
        edit(content / "cases" / "coventry-twinned.md", "exchanged letters", "exchanged quince")
        time.sleep(1.0)  # the watcher's run has started, and waits for the lock
        edit(content / "cases" / "lyon-jumelages.md", "culturels", "culturels mirabelle")
    assert eventually(lambda: ids(url, "quince"), "the first save") == ["cases/coventry-twinned"]
    assert eventually(lambda: ids(url, "mirabelle"), "the save made meanwhile") == [
        "cases/lyon-jumelages"
    ]


def test_a_deleted_file_and_a_renamed_file_leave_the_answers(apart):
    content, _index, url = apart
    assert ids(url, "Porto") == ["cases/porto-cooperacoes"]
    (content / "cases" / "porto-cooperacoes.md").unlink()
    eventually(lambda: ids(url, "Porto") == [], "the deleted file gone")
    assert ids(url, "Rosario") == ["cases/rosario-migrantes"]
    old = content / "cases" / "rosario-migrantes.md"
    old.rename(old.with_name("rosario-migrantes-2024.md"))
    eventually(lambda: ids(url, "Rosario") == ["cases/rosario-migrantes-2024"], "the new name")
    status, _body = get(f"{url}/cases/rosario-migrantes-2024")
    assert status == 200


def test_facet_counts_follow_a_document_whose_countries_changed(apart):
    """A new generation keeps the decoded facets of its unchanged segments: the changed
    document's are its new ones, on the server that answered before the change."""
    content, _index, url = apart

    def countries(q: str) -> dict[str, int]:
        return {f["value"]: f["count"] for f in answer(url, q)["facets"]["country"]}

    before = countries("")
    assert (before["ES"], before["MX"], before["UY"]) == (1, 1, 2)
    case = content / "cases" / "montevideo-hermanamientos.md"
    edit(case, "countries: [UY, ES]", "countries: [UY, MX]")
    edit(case, "\n## ", "\nUn acuerdo con Puebla sobre tranvías.\n\n## ")
    assert eventually(lambda: ids(url, "tranvías"), "the save") == [
        "cases/montevideo-hermanamientos"
    ]
    after = countries("")
    assert "ES" not in after and (after["MX"], after["UY"]) == (2, 2)
    assert countries("tranvías") == {"UY": 1, "MX": 1}


def test_city_facet_follows_a_document_whose_city_changed(apart):
    """A save that changes no city reuses the last unification of city names; one that
    changes a city does not."""
    content, _index, url = apart

    def cities(q: str) -> dict[str, int]:
        return {f["value"]: f["count"] for f in answer(url, q)["facets"]["city"]}

    before = cities("")
    assert before["Lyon"] == 1 and "Puebla" not in before
    edit(content / "cases" / "quito-agua.md", "## ", "Un tramo nuevo de acequia.\n\n## ")
    assert eventually(lambda: ids(url, "acequia"), "a save with no new city")
    assert cities("") == before
    assert cities("acequia") == {"Quito": 1}  # the saved document, now last, kept its city
    edit(content / "cases" / "lyon-jumelages.md", "city: Lyon", "city: Puebla")
    edit(content / "cases" / "lyon-jumelages.md", "## ", "Un convenio de bordados.\n\n## ")
    assert eventually(lambda: ids(url, "bordados"), "the save") == ["cases/lyon-jumelages"]
    after = cities("")
    assert "Lyon" not in after and after["Puebla"] == 1
    assert {k: v for k, v in after.items() if k != "Puebla"} == {
        k: v for k, v in before.items() if k != "Lyon"
    }


def test_a_file_added_or_removed_without_its_event_is_found(tmp_path):
    """A lost event (the kernel's queue overflowed) may not hide a file added or removed:
    its folder's time changed, so the tree is walked again."""
    content = write_tree(tmp_path / "content", FILES)
    memo = TreeMemo(content)
    tree, _stamps = memo.discover()
    assert "notebooks/copia" not in tree.present_ids
    time.sleep(0.01)  # a folder's time in nanoseconds, but some file systems are coarser
    added = content / "notebooks" / "copia.md"
    added.write_text(FILES["notebooks/guia-oficina.md"], encoding="utf-8")
    tree, stamps = memo.discover()  # no note of it
    assert "notebooks/copia" in tree.present_ids and "notebooks/copia" in stamps
    time.sleep(0.01)
    (content / "cases" / "quito-agua.md").unlink()
    tree, stamps = memo.discover()
    assert "cases/quito-agua" not in tree.present_ids and "cases/quito-agua" not in stamps


def test_a_save_named_by_its_event_is_stamped_again(tmp_path):
    """Without walking, the file an event names gets its new stamp (size and time)."""
    content = write_tree(tmp_path / "content", FILES)
    memo = TreeMemo(content)
    _tree, before = memo.discover()
    case = content / "cases" / "quito-agua.md"
    case.write_text(case.read_text(encoding="utf-8") + "\nUna línea más.\n", encoding="utf-8")
    memo.note([str(case)])
    _tree, after = memo.discover()
    assert after["cases/quito-agua"] != before["cases/quito-agua"]
    assert {k: v for k, v in after.items() if k != "cases/quito-agua"} == {
        k: v for k, v in before.items() if k != "cases/quito-agua"
    }
    assert memo.walks == 1  # the save did not walk the tree


@pytest.fixture
def unseen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Any]]:
    """A started watcher, and a hard link outside its tree to one of its documents: a
    write through the link raises no event in the tree (inotify watches names)."""
    monkeypatch.setattr(watch, "RECHECK", 1.0)
    content = write_tree(tmp_path / "content", FILES)
    link = tmp_path / "outside.md"
    os.link(content / "cases" / "quito-agua.md", link)
    watcher = watch.Watcher(content, tmp_path / "index", echo=lambda _line: None, quiet=0.05)
    watcher.run_once()
    watcher.start()
    try:
        yield link, open_service(tmp_path / "index")
    finally:
        watcher.stop()


def write_through(link: Path, old: str, new: str) -> None:
    """Rewrite the file in place (same inode, so the tree's document changes too)."""
    with open(link, "r+", encoding="utf-8") as handle:
        text = handle.read().replace(old, new)
        handle.seek(0)
        handle.write(text)
        handle.truncate()


def service_ids(service: Any, q: str) -> list[str]:
    return [hit["id"] for hit in service.search(SearchRequest(q=q)).to_dict()["hits"]]


def test_a_change_no_event_announced_is_found_by_the_periodic_walk(unseen):
    link, service = unseen
    write_through(link, "visitas técnicas", "visitas técnicas alcaparrón")
    assert eventually(lambda: service_ids(service, "alcaparrón"), "the unannounced change") == [
        "cases/quito-agua"
    ]


def test_watchdog_saying_events_were_dropped_walks_the_tree(unseen, monkeypatch):
    link, service = unseen
    monkeypatch.setattr(watch, "RECHECK", 3600.0)  # only the warning may find it
    write_through(link, "visitas técnicas", "visitas técnicas cardoncillo")
    time.sleep(1.5)  # the watcher is quiet: nothing told it of the change
    assert service_ids(service, "cardoncillo") == []
    logging.getLogger("watchdog.observers.inotify").warning(
        "Inotify queue overflowed; reconciling recursive watches below %r", str(link.parent)
    )
    assert eventually(lambda: service_ids(service, "cardoncillo"), "the change") == [
        "cases/quito-agua"
    ]
