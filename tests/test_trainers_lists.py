"""Reading lists: in a URL, or in content/lists/ (checked by kb check, stored by kb index)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import yaml
from bs4 import BeautifulSoup

from indexer.build import build_index, check_tree
from indexer.live import open_service
from kb.reading_lists import MAX_ITEMS
from tests.conftest import TODAY
from tests.trainers_corpus import BROKEN_YAML, FORMER, LIST_YAML, build, trainer_files
from web import create_app

ROOT = "http://localhost"
CONTENT = Path(__file__).resolve().parents[1] / "content"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    base = tmp_path_factory.mktemp("lists")
    return build(base / "content", base / "index", trainer_files())


@pytest.fixture(scope="module")
def client(index):
    return create_app({"KB_INDEX": str(index), "TESTING": True}).test_client()


@pytest.fixture(scope="module")
def service(index):
    return open_service(index)


def items(page: BeautifulSoup) -> list[dict]:
    found = []
    for li in page.select(".handout-items > li"):
        link = li.select_one("h2 a")
        found.append(
            {
                "title": li.select_one("h2").get_text(),
                "href": link["href"] if link else None,
                "gone": "gone" in (li.get("class") or []),
                "note": (li.select_one(".trainer-note") or li).get_text(" ", strip=True),
            }
        )
    return found


def get(client, url: str) -> tuple[int, BeautifulSoup]:
    response = client.get(url)
    return response.status_code, BeautifulSoup(response.get_data(as_text=True), "html.parser")


# -- lists in a URL -------------------------------------------------------------------------
def test_a_url_list_renders_its_items_in_order_with_links_to_sections(client, service):
    refs = [
        "notebooks/guia-oficina#equipo",
        "cases/nowhere",
        f"cases/{FORMER}#resultados",
        "webinars/migrar-juntos#t=754",
        "not-an-item",
        f"{ROOT}/cases/quito-agua#contexto",
    ]
    query = urlencode({"items": ",".join(refs), "title": "Semana 2: <acogida>"})
    status, page = get(client, f"/list?{query}")
    assert status == 200
    assert page.h1.get_text() == "Semana 2: <acogida>"
    guide = service.stored_document("notebooks/guia-oficina")["title"]
    quito = service.stored_document("cases/quito-agua")["title"]
    montevideo = service.stored_document("cases/montevideo-hermanamientos")["title"]
    webinar = service.stored_document("webinars/migrar-juntos")["title"]
    assert [(i["title"], i["href"]) for i in items(page)] == [
        (f"{guide} — Equipo", f"{ROOT}/notebooks/guia-oficina#equipo"),
        ("cases/nowhere", None),
        (f"{montevideo} — Resultados", f"{ROOT}/cases/montevideo-hermanamientos#resultados"),
        (f"{webinar} — 12:34", f"{ROOT}/webinars/migrar-juntos#t=754"),
        ("not-an-item", None),
        (f"{quito} — Contexto", f"{ROOT}/cases/quito-agua#contexto"),
    ]
    assert [i["gone"] for i in items(page)] == [False, True, False, False, True, False]
    assert "Ya no está disponible" in page.select(".handout-items > li")[1].get_text()
    # the canonical address of the list, items written the short way
    canonical = page.select_one("link[rel=canonical]")["href"]
    assert canonical == (
        f"{ROOT}/list?items=notebooks/guia-oficina%23equipo,cases/nowhere,"
        f"cases/{FORMER}%23resultados,webinars/migrar-juntos%23t%3D754,"
        "cases/quito-agua%23contexto&title=" + quote("Semana 2: <acogida>", safe="")
    )
    assert page.select_one("#list-permalink")["value"] == canonical
    status, again = get(client, canonical.removeprefix(ROOT))
    assert [i["href"] for i in items(again) if i["href"]] == [
        i["href"] for i in items(page) if i["href"]
    ]


def test_a_section_that_disappeared_still_links_its_document(client):
    _status, page = get(client, "/list?items=cases/quito-agua%23gone-heading")
    [item] = items(page)
    assert item["href"] == f"{ROOT}/cases/quito-agua" and not item["gone"]
    assert "ya no existe" in page.select_one(".stale").get_text()


def test_list_bounds_are_400s_that_name_the_parameter(client):
    many = ",".join(["cases/quito-agua"] * (MAX_ITEMS + 1))
    status, page = get(client, f"/list?items={many}")
    assert status == 400 and page.select_one("[role=alert]").get_text().startswith("items:")
    assert len(items(page)) == MAX_ITEMS
    status, page = get(client, "/list?items=cases/quito-agua&title=" + "x" * 201)
    assert status == 400 and page.select_one("[role=alert]").get_text().startswith("title:")


def test_an_empty_list_offers_the_form_that_composes_one(client):
    status, page = get(client, "/list")
    assert status == 200 and page.select(".handout-items") == []
    form = page.select_one(".list-edit form")
    assert form["method"] == "get" and form["action"] == "/list"
    assert {f["name"] for f in form.select("input, textarea")} == {"title", "items"}
    # what the form sends (one item per line) is a list
    query = urlencode({"title": "Mi lista", "items": "cases/quito-agua\r\nnotebooks/guia-oficina"})
    status, page = get(client, f"/list?{query}")
    assert [i["href"] for i in items(page)] == [
        f"{ROOT}/cases/quito-agua",
        f"{ROOT}/notebooks/guia-oficina",
    ]


def test_search_hits_and_documents_offer_add_to_list(client):
    _status, page = get(client, "/?q=agua")
    hits = [a["href"].split("?")[0].lstrip("/") for a in page.select(".hit h2 a")]
    buttons = [b["data-item"] for b in page.select(".hit button.add-to-list")]
    assert buttons == hits
    _status, page = get(client, "/notebooks/guia-oficina")
    assert page.select_one(".doc-tools button.add-to-list")["data-item"] == "notebooks/guia-oficina"


# -- lists in content/lists/ ----------------------------------------------------------------
def test_a_reviewed_list_is_served_with_its_notes(client, service):
    status, page = get(client, "/lists/taller-agua")
    data = yaml.safe_load(LIST_YAML)
    assert status == 200 and page.h1.get_text() == data["title"]
    assert page.select_one(".lead").get_text() == data["description"]
    found = items(page)
    assert [i["href"] for i in found] == [
        f"{ROOT}/cases/quito-agua#contexto",
        f"{ROOT}/webinars/agua-ciudades#t=70",
        f"{ROOT}/cases/montevideo-hermanamientos#resultados",
        f"{ROOT}/notebooks/guia-oficina",
    ]
    assert found[0]["note"] == "Nota: Mirar quién hizo el trabajo."
    assert page.select_one("link[rel=canonical]")["href"] == f"{ROOT}/lists/taller-agua"
    _status, index = get(client, "/lists")
    link = index.select_one(".reviewed-lists a")
    assert link.get_text() == data["title"] and link["href"] == "/lists/taller-agua"
    assert client.get("/lists/no-such-list").status_code == 404


def test_kb_check_reports_bad_items_on_their_lines(tree):
    root = tree({"lists/rota.yml": BROKEN_YAML}, base=trainer_files())
    problems = [str(p) for p in check_tree(root) if p.path.endswith("rota.yml")]
    lines = BROKEN_YAML.split("\n")
    unknown = lines.index("  - cases/quito-agüita") + 1
    anchor = lines.index("  - notebooks/guia-oficina#presupuestos") + 1
    path = f"{root}/lists/rota.yml"
    assert problems == [
        f"{path}:{unknown}: items: 'cases/quito-agüita' is not an item: write cases/<slug>, "
        "notebooks/<slug>#<anchor> or webinars/<slug>#t=<seconds>",
        f"{path}:{anchor}: items: notebooks/guia-oficina has no section #presupuestos "
        "(did you mean notebooks/guia-oficina#presupuesto?)",
    ]


def test_kb_check_names_unknown_documents_and_former_slugs(tree):
    text = (
        "title: Otra\nitems:\n  - cases/quito-aguas\n  - cases/montevideo-antiguo\n"
        "  - webinars/migrar-juntos#t=99999\n  - notebooks/guia-oficina#t=30\n"
    )
    root = tree({"lists/otra.yml": text}, base=trainer_files())
    found = {p.line: p for p in check_tree(root) if p.path.endswith("otra.yml")}
    assert str(found[3]).endswith(
        "items: unknown document 'cases/quito-aguas': no file has this slug "
        "(did you mean cases/quito-agua?)"
    )
    assert found[4].warning and found[4].suggestion == "cases/montevideo-hermanamientos"
    assert 5 not in found  # a late moment is the last passage: fine
    assert found[6].message == "notebooks/guia-oficina has no transcript for #t=30"


def test_the_command_line_check_fails_on_a_bad_list(tree):
    root = tree({"lists/rota.yml": BROKEN_YAML}, base=trainer_files())
    done = subprocess.run(
        [sys.executable, "-m", "cli", "check", "--content", str(root)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert f"{root}/lists/rota.yml:5: items: notebooks/guia-oficina has no section" in done.stdout


@pytest.mark.parametrize(
    "text, line, key, message",
    [
        ("items: [cases/quito-agua]\n", 1, "title", "missing title"),
        ("title: T\n", 1, "items", "missing items"),
        ("title: T\nitems: cases/quito-agua\n", 2, "items", "must be a list"),
        ("title: T\nitems:\n  - {note: sin id}\n", 3, "items", "is not an item"),
        ("title: [a\n", 1, "title", "YAML syntax error"),
        ("title: T\nitems:\n" + "  - cases/quito-agua\n" * 51, 2, "items", "at most 50"),
    ],
)
def test_kb_check_reports_the_shape_of_a_list(tree, text, line, key, message):
    root = tree({"lists/forma.yml": text}, base=trainer_files())
    [problem] = [p for p in check_tree(root) if p.path.endswith("forma.yml") and not p.warning]
    assert (problem.line, problem.key) == (line, key) and message in problem.message


def test_other_files_in_lists_are_ignored_with_a_warning(tree):
    root = tree({"lists/notas.md": "# notas\n", "lists/sub/b.yaml": LIST_YAML}, trainer_files())
    problems = [p for p in check_tree(root) if "lists/" in p.path]
    assert [(Path(p.path).name, p.warning) for p in problems if p.key == "file"] == [
        ("notas.md", True)
    ]
    # lists/sub/b.yaml was read as a list: its former slug is pointed out
    assert any(p.path.endswith("sub/b.yaml") and p.key == "items" for p in problems)


def test_kb_index_stores_lists_and_follows_their_edits(tmp_path, tree):
    root = tree({}, base=trainer_files())
    index = tmp_path / "ix"
    build_index(root, index, today=TODAY)
    service = open_service(index)
    assert service.reading_lists()["taller-agua"]["title"] == "Taller: ciudades y agua"
    # an edit of the list alone is picked up by an incremental run
    (root / "lists/taller-agua.yml").write_text(LIST_YAML.replace("Taller:", "Curso:"))
    report = build_index(root, index, today=TODAY)
    assert not report.full and report.exit_code == 0
    assert service.reading_lists()["taller-agua"]["title"] == "Curso: ciudades y agua"
    # a broken edit is reported and the last good version stays
    (root / "lists/taller-agua.yml").write_text("title: [roto\n")
    report = build_index(root, index, today=TODAY)
    assert report.exit_code == 1 and report.problems[0].path.endswith("taller-agua.yml")
    assert service.reading_lists()["taller-agua"]["title"] == "Curso: ciudades y agua"
    # a removed list is gone; documents were never touched
    (root / "lists/taller-agua.yml").unlink()
    report = build_index(root, index, today=TODAY)
    assert service.reading_lists() == {} and report.unchanged == 10
    service.close()


def test_the_bundled_example_list_points_at_real_sections():
    files = sorted((CONTENT / "lists").glob("*.yml"))
    assert files
    assert [str(p) for p in check_tree(CONTENT) if "lists" in p.path] == []
    data = yaml.safe_load(files[0].read_text(encoding="utf-8"))
    refs = [i if isinstance(i, str) else i["id"] for i in data["items"]]
    assert any("#t=" in r for r in refs) and any("#" in r and "#t=" not in r for r in refs)


def test_a_running_service_sees_an_edit_once(tmp_path, tree):
    """A server keeps its service open across reindexing: an edited document is there once,
    with its new text (the permanent links of the site rely on it)."""
    root = tree({}, base=trainer_files())
    index = tmp_path / "ix"
    build_index(root, index, today=TODAY)
    service = open_service(index)
    before = service.generation().docs
    path = root / "cases/quito-agua.md"
    path.write_text(path.read_text().replace("Quito comparte", "Quito reparte"))
    build_index(root, index, today=TODAY)
    after = service.generation().docs
    assert len(after) == len(before)
    assert [d["title"] for d in after if d["id"] == "cases/quito-agua"] == [
        "Quito reparte su gestión del agua"
    ]
    service.close()
