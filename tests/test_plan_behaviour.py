"""How the query plan (``kb/search/plan.py``) reads what was typed, seen in the results:
a quoted phrase or a hyphenated word that starts with a function word is still required,
a quoted phrase is not replaced by the taxonomy concept its first word names, and a word
typed ranks above the taxonomy's names for it, a translation of the concept's label above
a mere synonym.

Each case is written for its property, in a small tree indexed per test (the answer cache
of a shared service would hide the later queries from the mutation run).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.search import SearchService
from tests.conftest import served_tree
from tests.corpus import TAXONOMY, front
from tests.test_query_coverage import hits


def _case(city: str, text: str, title: str = "Un barrio de") -> str:
    return (
        front(
            title=f'"{title} {city}"',
            date="2020",
            language="es",
            countries="[AR]",
            themes="[agua]",
        )
        + f"\n## Lo que se hizo\n\n{text}\n"
    )


FILES = {
    "taxonomy.yml": TAXONOMY,
    # «la feria» and «sin techo» with «bicicleta» / «vivienda» in one, the latter alone in
    # the other.
    "cases/artigas.md": _case("Artigas", "Vecinos arman la feria y reparan una bicicleta."),
    "cases/bella-union.md": _case("Bella Unión", "Cada vecino puede pedir una bicicleta."),
    "cases/canelones.md": _case("Canelones", "Personas sin techo recibieron una vivienda digna."),
    "cases/durazno.md": _case("Durazno", "El barrio pidió una vivienda para cada familia."),
    # «cultura viva» side by side in one; «cultura» alone in the other.
    "cases/florida.md": _case("Florida", "Un programa de cultura viva comunitaria en plazas."),
    "cases/flores.md": _case("Flores", "Un programa de cultura del barrio en plazas."),
    # The theme «hermanamientos» as typed in one, only by its synonym in the other.
    "cases/goes.md": _case("Goes", "El acuerdo de hermanamientos se firmó en el puerto."),
    "cases/maldonado.md": _case(
        "Maldonado", "El acuerdo de ciudades hermanas se firmó en el puerto."
    ),
    # The theme «migración» by its Spanish label in one, by a Spanish synonym in the other.
    "cases/paysandu.md": _case("Paysandú", "El municipio atendió la migración en el puerto."),
    "cases/rivera.md": _case("Rivera", "El municipio atendió a los migrantes en el puerto."),
    # «huertas» as typed in one, «huerta» in the other.
    "cases/salto.md": _case("Salto", "Los vecinos cuidan las huertas del club."),
    "cases/soriano.md": _case("Soriano", "Los vecinos cuidan la huerta del club."),
    # «huerta comunitaria» in a title; «huerta» in other texts only.
    "cases/tacuarembo.md": _case("Tacuarembó", "Un terreno baldío.", "La huerta-comunitaria de"),
    # «membresía» as written; an English text that says «cities» but no «sister cities».
    "cases/young.md": _case("Young", "La membresía de la red creció."),
    "cases/york.md": front(
        title='"Regional planning in York"',
        date="2020",
        language="en",
        countries="[GB]",
        themes="[agua]",
    )  # fmt: skip
    + "\n## What was done\n\nThe cities of the region met twice a year.\n",
    # Only a synonym of several words says «hermanamientos» here: «sister cities».
    "cases/leeds.md": front(
        title='"Regional planning in Leeds"',
        date="2020",
        language="en",
        countries="[GB]",
        themes="[agua]",
    )  # fmt: skip
    + "\n## What was done\n\nLeeds wrote to its sister cities twice a year.\n",
}


@pytest.fixture
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    yield from served_tree(tmp_path_factory, "plan", FILES)


def test_a_quoted_phrase_starting_with_a_function_word_is_required(small):
    # «la» is a Spanish function word, but the quoted phrase is what the user asked for.
    assert hits(small, '"la feria" bicicleta') == [
        ("cases/artigas", []),
        ("cases/bella-union", ["la feria"]),
    ]


def test_a_hyphenated_word_starting_with_a_function_word_is_required(small):
    assert hits(small, "sin-techo vivienda") == [
        ("cases/canelones", []),
        ("cases/durazno", ["sin techo"]),
    ]


def test_a_quoted_phrase_is_not_replaced_by_the_concept_its_first_word_names(small):
    # «cultura» is a theme of the taxonomy: the phrase must still be found side by side.
    assert [doc for doc, _ in hits(small, '"cultura viva"')] == ["cases/florida"]


def test_the_word_typed_ranks_above_a_synonym_of_several_words(small):
    # «ciudades hermanas» and «sister cities», synonyms of the theme, are found after the
    # word as typed (Maldonado's «hermanas» is also a form of the typed word).
    assert [doc for doc, _ in hits(small, "hermanamientos")] == [
        "cases/goes",
        "cases/maldonado",
        "cases/leeds",
    ]


def test_a_translation_of_the_label_ranks_above_a_synonym(small):
    # English «migration» names the theme whose Spanish label is «migración» and whose
    # synonym is «migrantes»: the translation first.
    assert [doc for doc, _ in hits(small, "migration")] == ["cases/paysandu", "cases/rivera"]


def test_the_word_as_typed_ranks_above_its_other_forms(small):
    # Salto and Soriano differ by that word alone (a title says «huerta» too).
    pair = {"cases/salto", "cases/soriano"}
    assert [d for d, _ in hits(small, "huertas") if d in pair] == ["cases/salto", "cases/soriano"]
    assert [d for d, _ in hits(small, "huerta") if d in pair] == ["cases/soriano", "cases/salto"]


def test_a_hyphenated_word_searched_in_titles_is_searched_in_titles_only(small):
    # Its words alone are found, for less, but still in titles only: not Soriano's text.
    assert [doc for doc, _ in hits(small, "title:huerta-comunitaria")] == ["cases/tacuarembo"]


def test_a_word_typed_without_its_accent_finds_the_word_the_corpus_writes(small):
    # The Spanish stemmer cuts «membresia» and «membresía» differently.
    assert [doc for doc, _ in hits(small, "membresia")] == ["cases/young"]


def test_two_typed_words_that_name_a_concept_are_searched_as_that_concept(small):
    # «sister cities» is a synonym of the theme «hermanamientos»: the texts that say it in
    # Spanish hold the whole query, as Leeds's English does; York's «cities» alone does not.
    assert sorted(hits(small, "sister cities")) == [
        ("cases/goes", []),
        ("cases/leeds", []),
        ("cases/maldonado", []),
    ]
