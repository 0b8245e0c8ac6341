"""kb check names the file, the line and the key, and suggests the closest valid value."""

from __future__ import annotations

from pathlib import Path

from indexer.build import check_tree
from tests.conftest import TODAY

GOOD = """---
title: Un caso
date: 2020-05
countries: [UY]
themes: [hermanamientos]
---
Texto.
"""


def problems(tree, files: dict[str, str | bytes]) -> list[str]:
    root = tree(files)
    return [
        str(p)
        for p in check_tree(root, today=TODAY)
        if not str(p).startswith(str(root / "webinars"))
    ]


def rel(root: Path, lines: list[str]) -> list[str]:
    return [line.replace(str(root) + "/", "") for line in lines]


def test_the_test_corpus_is_valid(corpus):
    assert [str(p) for p in check_tree(corpus, today=TODAY)] == []


def test_unknown_theme_suggests_the_closest_id(tree):
    text = GOOD.replace("themes: [hermanamientos]", "themes:\n  - cultura\n  - hermanamiento")
    root = tree({"cases/a.md": text})
    assert rel(root, [str(p) for p in check_tree(root, today=TODAY)]) == [
        "cases/a.md:7: themes: unknown theme id 'hermanamiento': use an id from taxonomy.yml "
        "(did you mean hermanamientos?)"
    ]


def test_a_theme_label_in_another_language_suggests_its_id(tree):
    root = tree({"cases/a.md": GOOD.replace("[hermanamientos]", "[twinning]")})
    [line] = rel(root, [str(p) for p in check_tree(root, today=TODAY)])
    assert line.endswith("(did you mean hermanamientos?)") and line.startswith("cases/a.md:5:")


def test_unknown_country_code_and_country_names(tree):
    root = tree({"cases/a.md": GOOD.replace("[UY]", "[Brasil, XX, uy]")})
    found = rel(root, [str(p) for p in check_tree(root, today=TODAY)])
    assert found[0] == (
        "cases/a.md:4: countries: unknown country code 'Brasil': use ISO 3166-1 "
        "alpha-2 codes (did you mean BR?)"
    )
    assert found[1].startswith("cases/a.md:4: countries: unknown country code 'XX'")
    assert len(found) == 2  # lowercase uy is accepted as UY


def test_bad_and_impossible_dates(tree):
    root = tree(
        {
            "cases/a.md": GOOD.replace("2020-05", "mayo 2020"),
            "cases/b.md": GOOD.replace("2020-05", "2023-02-30"),
            "cases/c.md": GOOD.replace("2020-05", "2031-01-01"),
        }
    )
    assert rel(root, [str(p) for p in check_tree(root, today=TODAY)]) == [
        "cases/a.md:3: date: 'mayo 2020' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY",
        "cases/b.md:3: date: '2023-02-30' is not a real date (day is out of range for month)",
        "cases/c.md:3: date: '2031-01-01' is more than a year in the future",
    ]


def test_missing_title_and_unknown_language(tree):
    text = GOOD.replace("title: Un caso\n", "").replace("date:", "language: espanol\ndate:")
    root = tree({"cases/a.md": text})
    assert rel(root, [str(p) for p in check_tree(root, today=TODAY)]) == [
        "cases/a.md:1: title: missing title: add 'title: ...' to the front matter",
        "cases/a.md:2: language: unknown language code 'espanol': use an ISO 639-1 code such as "
        "es, pt, en or fr (did you mean es?)",
    ]


def test_other_language_codes_are_a_warning(tree):
    root = tree({"cases/a.md": GOOD.replace("date:", "language: it\ndate:")})
    assert rel(root, [str(p) for p in check_tree(root, today=TODAY)]) == [
        "cases/a.md:3: language: warning: 'it' gets a plain analysis (no stemming or stop "
        "words); es, pt, en and fr get their own"
    ]


def test_duplicate_slug_names_both_files(tree):
    root = tree({"cases/a.md": GOOD, "cases/2020/a.md": GOOD})
    assert rel(root, [str(p) for p in check_tree(root, today=TODAY)]) == [
        "cases/2020/a.md:1: slug: duplicate slug 'a': cases/a.md has it too; this file is "
        "skipped, rename one of them"
    ]


def test_unreadable_encoding_names_the_line(tree):
    text = GOOD.replace("Texto.", "Cooperación en línea 7.").encode("cp1252")
    root = tree({"cases/a.md": text})
    [line] = rel(root, [str(p) for p in check_tree(root, today=TODAY)])
    assert line.startswith("cases/a.md:7: encoding: unreadable encoding: the file is not UTF-8")
    assert line.endswith("save it as UTF-8")


def test_yaml_errors_tabs_and_missing_fences(tree):
    root = tree(
        {
            "cases/tabs.md": GOOD.replace("countries: [UY]", "countries:\n\t- UY"),
            "cases/open.md": "---\ntitle: x\ndate: 2020\n",
            "cases/none.md": "# Solo texto\n",
            "cases/colon.md": GOOD.replace("Un caso", "Caso: otro: mas"),
        }
    )
    assert rel(root, [str(p) for p in check_tree(root, today=TODAY)]) == [
        "cases/colon.md:2: title: YAML syntax error: mapping values are not allowed here",
        "cases/none.md:1: front matter: no front matter: the file must start with a line '---', "
        "then the keys (title, date, themes...), then a closing '---'",
        "cases/open.md:1: front matter: front matter is not closed: add a line '---' after the "
        "last key",
        "cases/tabs.md:5: countries: a tab character in the front matter: YAML is indented with "
        "spaces only",
    ]


def test_warnings_for_bom_crlf_and_ignored_files(tree):
    root = tree(
        {
            "cases/a.md": b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode(),
            "cases/notes.txt": "hola",
        }
    )
    assert rel(root, [str(p) for p in check_tree(root, today=TODAY)]) == [
        "cases/a.md:1: encoding: warning: Windows (CRLF) or old Mac (CR) line ends; read as "
        "plain line ends",
        "cases/a.md:1: encoding: warning: byte order mark (BOM) at the start of the file; save "
        "it as UTF-8 without BOM",
        "cases/notes.txt:1: file: warning: ignored: only .md files (and .vtt/.srt next to a "
        "webinar) are content",
    ]
