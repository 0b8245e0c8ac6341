"""The kb command: exit codes, line formats, and --json equal to the API body."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cli import main
from web import create_app


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_check_exit_codes_and_github_format(tree):
    root = tree({})
    assert run("check", "--content", str(root)).exit_code == 0
    bad = tree(
        {
            "cases/bad.md": "---\ntitle: x\ndate: 2020\ncountries: [UY]\nthemes: [kultura]\n"
            "---\ntexto\n"
        }
    )
    result = run("check", "--content", str(bad), "--format", "github")
    assert result.exit_code == 1
    assert (
        f"::error file={bad}/cases/bad.md,line=5::themes: unknown theme id 'kultura': use an "
        "id from taxonomy.yml (did you mean cultura?)"
    ) in result.output


def test_index_summary_and_exit_code(tree, tmp_path):
    root = tree({"cases/bad.md": "---\ntitle: x\n---\n"})
    result = run("index", "--content", str(root), "--index", str(tmp_path / "ix"))
    assert result.exit_code == 1
    assert (
        "gen-000001 (full rebuild): 10 added, 0 updated, 0 removed, 0 unchanged, 1 skipped "
        "with errors" in result.output
    )
    again = run("index", "--content", str(root), "--index", str(tmp_path / "ix"))
    assert "0 added, 0 updated, 0 removed, 10 unchanged, 1 skipped with errors" in again.output


def test_search_json_is_exactly_the_api_body(built_index):
    result = run("search", "agua", "--country", "EC", "--json", "--index", str(built_index))
    body = json.loads(result.output)
    client = create_app({"KB_INDEX": str(built_index), "TESTING": True}).test_client()
    api = client.get("/api/search?q=agua&country=EC").get_json()
    for payload in (body, api):
        payload.pop("took_ms")
    assert body == api and body["total"] >= 1


def test_search_table_for_people(built_index):
    result = run("search", "migarcion", "--index", str(built_index), env={"COLUMNS": "200"})
    assert "Showing results for migración" in result.output
    assert "Rosario recibe a personas migrantes" in result.output


def test_index_env_variables(tree, tmp_path):
    root = tree({})
    env = {"KB_CONTENT": str(root), "KB_INDEX": str(tmp_path / "env-ix")}
    assert run("index", env=env).exit_code == 0
    assert "Montevideo" in run("search", "hermanamientos", env=env).output


def test_search_table_lists_other_places_and_suggested_filters(built_index):
    client = create_app({"KB_INDEX": str(built_index), "TESTING": True}).test_client()
    api = client.get("/api/search?q=migración argentina").get_json()
    result = run(
        "search", "migración", "argentina", "--index", str(built_index), env={"COLUMNS": "250"}
    )
    assert api["suggested_filters"]
    for suggestion in api["suggested_filters"]:
        assert f"--{suggestion['facet']} {suggestion['value']} " in result.output
    for hit in api["hits"]:
        for place in hit["matches"]:
            assert f"also {place['url']}" in result.output


def test_search_table_says_which_results_lack_words(built_index):
    client = create_app({"KB_INDEX": str(built_index), "TESTING": True}).test_client()
    api = client.get("/api/search?q=Quito+Lyon").get_json()
    partial = [hit for hit in api["hits"] if hit["missing"]]
    assert api["partial"] == len(partial) >= 1
    result = run("search", "Quito", "Lyon", "--index", str(built_index), env={"COLUMNS": "250"})
    assert f"The last {api['partial']} hold only some of your words." in result.output
    for hit in partial:
        assert "without: " + ", ".join(hit["missing"]) in result.output
