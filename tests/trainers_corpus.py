"""Content for the trainers' tests: the test corpus with a renamed document and lists."""

from __future__ import annotations

from pathlib import Path

from indexer.build import build_index
from tests.conftest import TODAY
from tests.corpus import FILES, front, write_tree

FORMER = "montevideo-antiguo"  # a former slug of cases/montevideo-hermanamientos
LIST_YAML = f"""\
title: "Taller: ciudades y agua"
description: Lecturas para la segunda semana.
items:
  - id: cases/quito-agua#contexto
    note: Mirar quién hizo el trabajo.
  - webinars/agua-ciudades#t=70
  - cases/{FORMER}#resultados
  - notebooks/guia-oficina
"""
BROKEN_YAML = """\
title: Una lista con errores
items:
  - cases/quito-agua
  - cases/quito-agüita
  - notebooks/guia-oficina#presupuestos
"""


def trainer_files() -> dict[str, str]:
    """The shared test corpus, plus a former slug and a reviewed reading list."""
    files = dict(FILES)
    files["cases/montevideo-hermanamientos.md"] = files[
        "cases/montevideo-hermanamientos.md"
    ].replace("summary:", f"redirect_from: [{FORMER}]\nsummary:")
    files["lists/taller-agua.yml"] = LIST_YAML
    return files


def build(root: Path, index: Path, files: dict[str, str]) -> Path:
    """Write ``files`` under ``root`` and index them into ``index``."""
    write_tree(root, files)
    report = build_index(root, index, today=TODAY)
    assert report.exit_code == 0, [str(p) for p in report.problems]
    return index


def many_cases(count: int) -> dict[str, str]:
    """``count`` small cases that all match ``municipio`` (for the export bound)."""
    files = {"taxonomy.yml": FILES["taxonomy.yml"]}
    for number in range(count):
        files[f"cases/caso-{number:04d}.md"] = (
            front(
                title=f'"Caso {number:04d}: el municipio y sus socios"',
                date=f"{2000 + number % 25}-{1 + number % 12:02d}",
                countries="[UY]",
                themes="[hermanamientos]",
            )
            + f"\nEl municipio número {number} firmó un acuerdo de cooperación.\n"
        )
    return files
