"""A stem that joins two different words prefers the one typed: ``voluntariado``
(volunteering) and *voluntarias* (voluntary) are both *voluntari* to the Spanish stemmer,
yet a search for ``voluntariado`` lists the documents that speak of volunteering before one
whose title says "revisiones locales voluntarias". The typed word's own plurals and genders
are the same word and count in full."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.search import SearchService
from tests.conftest import hit_ids, served_tree
from tests.corpus import case_file

FILES = {
    "cases/revisiones.md": case_file(
        "Revisiones locales voluntarias",
        "Las revisiones resumen el avance de la ciudad en sus metas; cada revisión "
        "sigue un guion común y se presenta cada dos años ante el foro regional.",
    ),
    "cases/incendio.md": case_file(
        "Después del incendio en los cerros",
        "La reconstrucción de las casas duró dos años. El voluntariado de los barrios "
        "organizó la entrega de agua y de ropa; sin ese voluntariado no habría bastado.",
    ),
    "cases/organizacion.md": case_file(
        "La organización de los turnos",
        "La organización de la ayuda en los barrios tras el incendio fue lenta; la "
        "organización de los turnos tardó semanas.",
    ),
    "cases/organizar.md": case_file(
        "Los turnos de Lugo",
        "Organizar la ayuda en los barrios tras el incendio fue difícil para el municipio.",
    ),
    "cases/brigadas.md": case_file(
        "Las brigadas del invierno",
        "Una brigada voluntaria de los barrios repartió ropa en las escuelas.",
    ),
}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    yield from served_tree(tmp_path_factory, "other-words-of-a-stem", FILES)


def test_the_typed_word_comes_before_another_word_of_its_stem(small):
    found = hit_ids(small, "voluntariado")
    assert found[0] == "cases/incendio"
    # The other words of the stem still find their documents, after it.
    assert sorted(found[1:]) == ["cases/brigadas", "cases/revisiones"]


def test_a_plural_or_a_gender_of_the_typed_word_is_the_same_word(small):
    # «voluntarias» (its plural, in a title) counts as much as «voluntaria» itself;
    # «voluntariado», another word, comes last.
    assert hit_ids(small, "voluntaria") == ["cases/revisiones", "cases/brigadas", "cases/incendio"]


def test_in_a_question_a_derived_word_is_as_good_a_clue_as_the_typed_one(small):
    # Among the words of a question the stem counts in full: the case about the
    # «organización» of the help, in its title and text, comes before the one that
    # writes «organizar» once.
    found = hit_ids(small, "¿cómo organizar la ayuda de los barrios tras un incendio?")
    assert found[:2] == ["cases/organizacion", "cases/organizar"]
