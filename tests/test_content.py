"""The bundled corpus in content/: counts, coverage, validity and originality."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from indexer.build import check_tree
from kb.names import is_country

CONTENT = Path(__file__).resolve().parents[1] / "content"
SEED_THEMES = {
    "cooperacion-descentralizada",
    "hermanamientos",
    "diplomacia-urbana-paz",
    "migracion",
    "promocion-economica",
    "turismo",
    "deporte",
    "atraccion-inversiones",
    "eventos",
    "cultura",
    "talento",
    "emergencias-desastres",
    "incidencia-redes",
    "marco-juridico",
    "coordinacion-multinivel",
    "planificacion-estrategica",
    "participacion-gobernanza",
    "comunicacion-sensibilizacion",
    "sostenibilidad",
    "inclusion-derecho-ciudad",
    "igualdad-genero",
}
NETWORKS = {
    "mercociudades",
    "flacma",
    "cglu",
    "eurocities",
    "metropolis",
    "redcisur",
    "al-las",
    "cideu",
}
LATIN_AMERICA = {
    "AR",
    "BO",
    "BR",
    "CL",
    "CO",
    "CR",
    "CU",
    "DO",
    "EC",
    "GT",
    "HN",
    "MX",
    "NI",
    "PA",
    "PE",
    "PY",
    "SV",
    "UY",
    "VE",
}
WORD = re.compile(r"\w+")


def load(path: Path) -> tuple[dict, str]:
    _, head, body = path.read_text(encoding="utf-8").split("---", 2)
    return yaml.safe_load(head), body


def files(folder: str) -> list[Path]:
    return sorted((CONTENT / folder).glob("*.md"))


def body_words(body: str) -> int:
    return len(WORD.findall(body))


def seconds(stamp: str) -> int:
    parts = [int(p) for p in re.split(r"[:.,]", stamp)[:3]]
    return parts[0] * 3600 + parts[1] * 60 + parts[2]


def test_taxonomy_has_the_themes_of_the_field_in_four_languages():
    data = yaml.safe_load((CONTENT / "taxonomy.yml").read_text())
    themes = {t["id"]: t for t in data["themes"]}
    assert SEED_THEMES <= set(themes)
    for theme in themes.values():
        assert set(theme["label"]) >= {"es", "pt", "en", "fr"}, theme["id"]
        assert set(theme["synonyms"]) >= {"es", "pt", "en", "fr"}, theme["id"]
        assert theme.get("parent") in (None, *themes)
    twinning = themes["hermanamientos"]["synonyms"]
    assert any("jumelage" in s for s in twinning["fr"]) and any(
        "gemina" in s for s in twinning["pt"]
    )
    assert NETWORKS <= {n["id"] for n in data["networks"]}


def test_cases_counts_languages_countries_and_themes():
    cases = [load(p) for p in files("cases")]
    assert len(cases) >= 40
    languages = Counter(meta.get("language", "es") for meta, _ in cases)
    assert languages["es"] > len(cases) / 2 and min(languages[x] for x in ("pt", "en", "fr")) >= 2
    countries = {c for meta, _ in cases for c in meta["countries"]}
    assert all(is_country(c) for c in countries)
    assert len(countries) >= 15
    assert len(countries & LATIN_AMERICA) >= 6 and len(countries - LATIN_AMERICA) >= 6
    uses = Counter(t for meta, _ in cases for t in meta["themes"])
    assert {t: uses[t] for t in SEED_THEMES if uses[t] < 2} == {}


@pytest.mark.parametrize("path", files("cases"), ids=lambda p: p.stem)
def test_each_case_is_300_to_700_words_with_sections_and_sources(path: Path):
    meta, body = load(path)
    assert 300 <= body_words(body) <= 700
    headings = re.findall(r"^## (.+)$", body, re.M)
    assert len(headings) >= 4
    assert re.match(r"(fuentes|fontes|sources|contact|bibliograf)", headings[-1].lower()), headings


def test_notebooks_are_long_and_chaptered():
    notebooks = [load(p) for p in files("notebooks")]
    assert len(notebooks) >= 4
    for meta, body in notebooks:
        assert 2000 <= body_words(body) <= 5000, meta["title"]
        assert len(re.findall(r"^## ", body, re.M)) >= 8, meta["title"]


def _transcript(path: Path) -> tuple[str, int, set[str]]:
    """The transcript's format, duration in seconds and speakers, read from the files."""
    for suffix in (".vtt", ".srt"):
        sibling = path.with_suffix(suffix)
        if sibling.exists():
            text = sibling.read_text(encoding="utf-8")
            ends = re.findall(r"--> (\d\d:\d\d:\d\d[.,]\d+)", text)
            if suffix == ".vtt":
                speakers = set(re.findall(r"<v ([^>]+)>", text))
            else:
                speakers = set(re.findall(r"^([A-ZÁÉÍÓÚ][\w]+(?: [A-ZÁÉÍÓÚ][\w]+)+):", text, re.M))
            return suffix, seconds(ends[-1]), speakers
    text = path.read_text(encoding="utf-8")
    stamps = re.findall(r"^\[(\d\d:\d\d:\d\d)\] ([^:\n]+):", text, re.M)
    return ".md", seconds(stamps[-1][0]), {name for _, name in stamps}


def test_webinars_formats_lengths_and_speakers():
    webinars = files("webinars")
    assert len(webinars) >= 6
    found = [(load(p)[0], *_transcript(p)) for p in webinars]
    formats = Counter(kind for _, kind, _, _ in found)
    assert formats[".vtt"] >= 2 and formats[".srt"] >= 2 and formats[".md"] >= 2
    assert any(meta.get("language") == "pt" for meta, *_ in found)
    for meta, _kind, duration, speakers in found:
        assert 20 * 60 <= duration <= 60 * 60, meta["title"]
        assert len(speakers) >= 3, meta["title"]


def test_every_file_passes_kb_check():
    problems = check_tree(CONTENT)
    assert [str(p) for p in problems] == []


def _shingles(text: str, size: int = 15) -> set[tuple[str, ...]]:
    words = [w.lower() for w in WORD.findall(text)]
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def test_no_paragraph_is_shared_between_files():
    """No run of 15 words stands in two documents (long proper names are shorter)."""
    seen: dict[tuple[str, ...], str] = {}
    shared: list[tuple[str, str, str]] = []
    for path in sorted(CONTENT.rglob("*")):
        if path.suffix not in (".md", ".vtt", ".srt"):
            continue
        text = path.read_text(encoding="utf-8")
        # Source lists name the same publications on purpose; compare the prose.
        text = re.split(r"^## (?:Fuentes|Fontes|Sources|Bibliograf)", text, flags=re.M)[0]
        for shingle in _shingles(text):
            other = seen.setdefault(shingle, path.stem)
            if other != path.stem:  # a webinar's .md and transcript are one document
                shared.append((other, path.name, " ".join(shingle)))
    assert shared == []
