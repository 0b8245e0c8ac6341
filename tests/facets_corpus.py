"""A bigger content tree for the facet, year-range and city tests (30 cities, 27 years),
and an independent reading of its files (PyYAML on the front matter, not kb's readers)
from which the tests compute what they expect."""

from __future__ import annotations

import json
import random
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from indexer.build import build_index
from tests.conftest import TODAY
from tests.corpus import TAXONOMY, write_tree

CITIES = [
    "São Paulo",
    "Bogotá",
    "Medellín",
    "Córdoba",
    "Montevideo",
    "Rosario",
    "Quito",
    "Lima",
    "Curitiba",
    "Porto Alegre",
    "Belo Horizonte",
    "Asunción",
    "Valparaíso",
    "Ciudad de México",
    "Guadalajara",
    "Barcelona",
    "Madrid",
    "Lyon",
    "Marseille",
    "Montréal",
    "Zürich",
    "Kraków",
    "Gdańsk",
    "Umeå",
    "Málaga",
    "Lisboa",
    "Porto",
    "Cádiz",
    "La Paz",
    "São Luís",
]
COUNTRIES = ["BR", "CO", "AR", "UY", "EC", "PE", "CL", "MX", "ES", "FR", "CA", "CH", "PL", "SE"]
THEMES = ["hermanamientos", "migracion", "cultura", "agua", "accion-internacional"]
YEARS = [y for y in range(1998, 2025) if y not in (2003, 2011)]


def generate(seed: int = 2024, documents: int = 72) -> dict[str, str]:
    """path → text of a content tree: cases and notebooks naming one to three cities,
    skewed so that city counts differ."""
    rng = random.Random(seed)
    weights = [1 / (1 + i) for i in range(len(CITIES))]
    files: dict[str, str] = {"taxonomy.yml": TAXONOMY}
    for n in range(documents):
        kind = "notebooks" if n % 9 == 0 else "cases"
        cities: list[str] = []
        if n % 13 != 5:  # a few documents name no city
            while len(cities) < rng.choice([1, 1, 2, 2, 3]):
                city = rng.choices(CITIES, weights)[0]
                if city not in cities:
                    cities.append(city)
        year = rng.choice(YEARS)
        date = rng.choice([f"{year}", f"{year}-{rng.randint(1, 12):02d}"])
        meta = {
            "title": f"Práctica {n} de cooperación",
            "date": date,
            "language": "es",
            "countries": sorted(set(rng.sample(COUNTRIES, rng.randint(1, 2)))),
            "themes": [rng.choice(THEMES)],
        }
        if cities:
            meta["city"] = cities
        if n % 4 == 0:
            meta["networks"] = ["mercociudades"] if n % 8 == 0 else ["cglu"]
        front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())
        body = (
            f"Una experiencia de cooperación número {n} entre gobiernos locales.\n\n"
            "## Resultados\n\nLos equipos técnicos compartieron lo aprendido.\n"
        )
        files[f"{kind}/practica-{n:03d}.md"] = f"---\n{front}\n---\n\n{body}"
    return files


@dataclass(frozen=True)
class Doc:
    """A document as its file says, read without kb."""

    id: str
    type: str
    title: str
    date: str
    year: int
    countries: tuple[str, ...]
    cities: tuple[str, ...]


def read_docs(root: Path) -> list[Doc]:
    """Every document of the tree, from its front matter alone."""
    docs = []
    for path in sorted(root.glob("*/*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        city = front.get("city") or []
        countries = front.get("countries") or []
        date = str(front["date"])
        docs.append(
            Doc(
                id=f"{path.parent.name}/{path.stem}",
                type=path.parent.name.removesuffix("s"),
                title=front["title"],
                date=date,
                year=int(date[:4]),
                countries=tuple([countries] if isinstance(countries, str) else countries),
                cities=tuple([city] if isinstance(city, str) else city),
            )
        )
    return docs


def fold(text: str) -> str:
    """Lowercase without accents (the tests' own, to check kb's)."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c)
    )


def city_counts(docs: list[Doc]) -> Counter[str]:
    return Counter(c for d in docs for c in d.cities)


def ranked(counts: Counter[str]) -> list[str]:
    """Values by count, then by name without accents (the API's order)."""
    return sorted(counts, key=lambda v: (-counts[v], fold(v), v))


@dataclass(frozen=True)
class Built:
    content: Path
    index: Path
    docs: list[Doc]


_BUILT: dict[str, Built] = {}


def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The tree written and indexed once per test session."""
    if "tree" not in _BUILT:
        content = write_tree(tmp_path_factory.mktemp("facets-content"), generate())
        index = tmp_path_factory.mktemp("facets-index")
        report = build_index(content, index, today=TODAY)
        assert report.exit_code == 0, [str(p) for p in report.problems]
        _BUILT["tree"] = Built(content, index, read_docs(content))
    return _BUILT["tree"]
