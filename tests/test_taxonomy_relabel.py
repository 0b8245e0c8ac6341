"""A taxonomy change that only renames (labels, synonyms): republished without reading any
Markdown file, by rewriting the records of the documents filed under a renamed concept from
what the live index stores (``indexer.relabel``); shown by the site, the API and the search."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bench.corpus import generate
from indexer import publish
from indexer.build import build_index
from indexer.live import open_service
from kb.search import SearchRequest
from tests.conftest import TODAY
from tests.corpus import TAXONOMY, case_file
from tests.indexer_runs import (
    JUDGED,
    answers,
    leftovers,
    lock_holder,
    start_index,
    stop,
    wait_for_phase,
)
from web import create_app

OLD, NEW = "Movilidad urbana", "Transporte colectivo"
THEME = f"""\
  - id: movilidad
    label: {{es: {OLD}}}
"""
# Two cases filed under the theme, whose texts name neither label: only the theme's label
# in the index can make a search by it find them.
FILED = {
    "cases/sevilla-tranvia.md": case_file(
        "Sevilla y su tranvía", "Líneas nuevas de tranvía hacia Triana.", themes="[movilidad]"
    ),
    "cases/lima-buses.md": case_file(
        "Lima y sus autobuses", "Carriles exclusivos para autobuses.", themes="[movilidad]"
    ),
}
# The first theme of the generated trees of bench.corpus, renamed
BENCH_OLD, BENCH_NEW = '"Acción internacional de los gobiernos locales"', '"Paradiplomacia urbana"'
FILED_IDS = sorted(f"cases/{Path(path).stem}" for path in FILED)


def taxonomy(label: str = OLD, synonyms: str = "") -> str:
    """The test taxonomy with the theme ``movilidad`` labelled ``label``."""
    theme = THEME.replace(OLD, label)
    if synonyms:
        theme += f"    synonyms: {{es: [{synonyms}]}}\n"
    return TAXONOMY.replace("networks:\n", theme + "networks:\n")


@pytest.fixture
def built(tree, tmp_path: Path) -> tuple[Path, Path]:
    content = tree({"taxonomy.yml": taxonomy(), **FILED})
    index = tmp_path / "index"
    assert build_index(content, index, today=TODAY).exit_code == 0
    return content, index


def relabel(content: Path, label: str = NEW, synonyms: str = "") -> None:
    (content / "taxonomy.yml").write_text(taxonomy(label, synonyms), encoding="utf-8")


def found(index: Path, q: str) -> list[str]:
    """The ids of the documents that hold the whole query (partial matches aside)."""
    service = open_service(index)
    try:
        hits = service.search(SearchRequest(q=q, per_page=100)).to_dict()["hits"]
    finally:
        service.close()
    return sorted(h["id"] for h in hits if not h["missing"])


def test_a_new_label_is_republished_without_reading_the_documents(built, request):
    content, index = built
    read: list[str] = request.getfixturevalue("documents_read")  # from now on
    relabel(content)
    report = build_index(content, index, today=TODAY)
    assert read == [] and not report.full and report.exit_code == 0
    assert report.relabelled == FILED_IDS  # the documents filed under the theme, no other
    assert report.summary().endswith(", 2 relabelled")
    assert build_index(content, index, today=TODAY).relabelled == []  # done once


def test_a_search_by_the_new_label_finds_the_theme_and_the_old_label_no_longer(built):
    content, index = built
    assert found(index, OLD) == FILED_IDS and found(index, NEW) == []
    relabel(content)
    build_index(content, index, today=TODAY)
    assert found(index, NEW) == FILED_IDS
    assert found(index, OLD) == []


def test_the_old_label_kept_as_a_synonym_still_finds_the_theme(built):
    content, index = built
    relabel(content, NEW, synonyms=OLD)
    build_index(content, index, today=TODAY)
    assert found(index, NEW) == FILED_IDS and found(index, OLD) == FILED_IDS


def test_a_document_edited_with_the_label_change_is_read_and_written_once(built):
    content, index = built
    path = content / "cases" / "lima-buses.md"
    path.write_text(path.read_text().replace("Carriles", "Corredores"), encoding="utf-8")
    (content / "cases" / "sevilla-tranvia.md").unlink()
    relabel(content)
    report = build_index(content, index, today=TODAY)
    assert report.updated == ["cases/lima-buses"] and report.relabelled == []
    assert report.removed == ["cases/sevilla-tranvia"]
    service = open_service(index)
    try:
        body = service.search(SearchRequest(q=NEW)).to_dict()
    finally:
        service.close()
    assert [h["id"] for h in body["hits"]] == ["cases/lima-buses"] and body["total"] == 1
    assert found(index, "corredores") == ["cases/lima-buses"]


def test_a_network_renamed_is_found_by_its_new_name(built):
    content, index = built
    path = content / "taxonomy.yml"
    path.write_text(path.read_text().replace("{es: Mercociudades}", "{es: Zonamerco}"))
    report = build_index(content, index, today=TODAY)
    network = [
        "cases/montevideo-hermanamientos",
        "cases/rosario-migrantes",
        "notebooks/guia-oficina",
    ]
    assert not report.full and report.relabelled == sorted(network)
    assert found(index, "Zonamerco") == sorted(network)


def test_a_new_synonym_rewrites_no_document_and_finds_the_theme(built):
    content, index = built
    assert found(index, "metro ligero") == []
    relabel(content, OLD, synonyms="metro ligero")
    report = build_index(content, index, today=TODAY)
    assert not report.full and report.relabelled == [] and report.updated == []
    assert found(index, "metro ligero") == FILED_IDS


def test_pages_api_and_facets_name_the_theme_by_its_new_label(built):
    content, index = built
    relabel(content)
    build_index(content, index, today=TODAY)
    client = create_app({"KB_INDEX": str(index), "TESTING": True}).test_client()

    body = client.get("/api/search", query_string={"theme": "movilidad"}).get_json()
    labels = {f["value"]: f["label"] for f in body["facets"]["theme"]}
    assert labels["movilidad"] == NEW
    assert sorted(h["id"] for h in body["hits"]) == FILED_IDS

    page = BeautifulSoup(client.get("/cases/sevilla-tranvia").get_data(as_text=True), "html.parser")
    themes = page.find("dt", string="Temas").find_next_sibling("dd").get_text(strip=True)
    assert themes == NEW
    facets = client.get("/facets/theme").get_data(as_text=True)
    assert NEW in facets and OLD not in facets


def test_a_file_changed_on_disk_without_a_new_stamp_is_not_read_again(built):
    """A label change reads no Markdown: a case rewritten on disk with the same size and
    times keeps its indexed text (a full build, which reads every file, shows the edit)."""
    content, index = built
    path = content / "cases" / "sevilla-tranvia.md"
    times = path.stat()
    path.write_text(path.read_text().replace("Triana", "Utrera"), encoding="utf-8")
    os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert path.stat().st_size == times.st_size

    relabel(content)
    report = build_index(content, index, today=TODAY)
    assert report.relabelled == FILED_IDS  # its record names the theme anew...
    assert found(index, NEW) == FILED_IDS
    assert found(index, "Utrera") == []  # ...from what the index held, not from the file
    assert found(index, "Triana") == ["cases/sevilla-tranvia"]

    build_index(content, index, full=True, today=TODAY)
    assert found(index, "Utrera") == ["cases/sevilla-tranvia"]


def test_a_change_of_ids_still_reads_every_document(built):
    content, index = built
    (content / "taxonomy.yml").write_text(
        taxonomy() + "  - id: turismo\n    label: {es: Turismo}\n", encoding="utf-8"
    )
    report = build_index(content, index, today=TODAY)
    assert report.full and report.relabelled == [] and report.unchanged == 0
    assert set(FILED_IDS) < set(report.updated)


def test_an_index_of_another_schema_is_rebuilt_whole_when_a_label_changes(built, monkeypatch):
    """Its records may be written otherwise: relabelling them would keep them so."""
    content, index = built
    from indexer import build

    monkeypatch.setattr(build, "SCHEMA_VERSION", "another")
    relabel(content)
    report = build_index(content, index, today=TODAY)
    assert report.full and report.relabelled == [] and report.unchanged == 0
    assert publish.current_name(index) == "gen-000002"


@pytest.mark.parametrize("phase", ["write", "commit"])
def test_kill_9_while_relabelling_keeps_the_last_good_index(built, tmp_path: Path, phase):
    content, index = built
    before = answers(index, [(OLD, {}), ("", {"theme": ["movilidad"]})])
    relabel(content)
    marks = tmp_path / "phases.txt"
    env = {"KB_PHASE_FILE": str(marks), "KB_PHASE_PAUSE": f"{phase}#1:120"}
    process = start_index(content, index, log=tmp_path / "killed.log", env=env)
    try:
        wait_for_phase(process, marks, phase)
        process.kill()
        assert process.wait(30) == -9
    finally:
        stop(process)

    assert answers(index, [(OLD, {}), ("", {"theme": ["movilidad"]})]) == before
    assert found(index, OLD) == FILED_IDS and found(index, NEW) == []
    assert publish.current_name(index) == "gen-000001" and lock_holder(index) is None
    report = build_index(content, index, today=TODAY)
    assert report.relabelled == FILED_IDS and not report.full
    assert found(index, NEW) == FILED_IDS and leftovers(index) == []


def test_label_changes_back_and_forth_leave_no_dead_segments(built):
    """Each relabelling deletes the records the one before wrote: segments left holding
    only deleted records would be searched through until the next full build."""
    content, index = built
    for label in (NEW, OLD, NEW, OLD):
        relabel(content, label)
        assert build_index(content, index, today=TODAY).relabelled == FILED_IDS
    ix = publish.open_current(index)[1]
    assert [s.doc_count_all() for s in ix._segments() if s.doc_count() == 0] == []
    assert found(index, OLD) == FILED_IDS and found(index, NEW) == []


def finds(index: Path, queries: list[tuple[str, dict[str, list[str]]]]) -> list[dict]:
    """Per query: every document found (as a set), the total, the facet counts, whether
    the query was corrected."""
    service = open_service(index)
    try:
        found = []
        for q, filters in queries:
            body = service.search(SearchRequest(q=q, filters=filters, per_page=100)).to_dict()
            body["hits"] = sorted(hit["id"] for hit in body["hits"])
            found.append({k: body[k] for k in ("hits", "total", "facets", "corrected")})
        return found
    finally:
        service.close()


def test_a_relabelled_index_finds_what_a_full_build_of_the_same_tree_finds(tmp_path: Path):
    """The judged queries of the reliability tests over a generated tree, and searches by
    the new and the old label. (The order of close scores may differ, as after any edit:
    Whoosh's document frequencies count the replaced records until the next full build.)"""
    generate(tmp_path, 72)
    content = tmp_path / "content"
    build_index(content, tmp_path / "relabelled", today=TODAY)
    path = content / "taxonomy.yml"
    path.write_text(path.read_text().replace(BENCH_OLD, BENCH_NEW, 1), encoding="utf-8")
    assert build_index(content, tmp_path / "relabelled", today=TODAY).relabelled
    build_index(content, tmp_path / "full", today=TODAY)
    queries = [*JUDGED, (BENCH_NEW, {}), (BENCH_OLD, {})]
    assert finds(tmp_path / "relabelled", queries) == finds(tmp_path / "full", queries)
