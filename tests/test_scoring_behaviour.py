"""What BM25F's statistics mean for a reader (``kb/scoring.py``): a word few documents
say counts more than a word most of them say, so a long document that says the rare word
ranks above a short one that says the common word; and a short document above a long one
that says the same word as often.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.search import SearchRequest, SearchService
from tests.conftest import served_tree
from tests.corpus import TAXONOMY, front

FILLER = (
    "Los vecinos se reunieron en la escuela durante tres meses para decidir las obras "
    "de la plaza, el arreglo de las veredas, la iluminación de las calles y el horario "
    "de la feria de los sábados."
)


def _case(title: str, text: str) -> str:
    return (
        front(title=title, date="2020", language="es", countries="AR", themes="[cultura]")
        + f"\n## Lo que se hizo\n\n{text}\n"
    )


FILES = {
    "taxonomy.yml": TAXONOMY,
    # «huerta» in one document, with a long text; «barrio» in four, one of them short.
    "cases/huerta-larga.md": _case("Norte", f"Una huerta comunitaria. {FILLER}"),
    # The exact phrase «techo verde» in a short and a long document.
    "cases/techo-corto.md": _case("Techos", "Un techo verde."),
    "cases/techo-largo.md": _case("Azoteas", f"Un techo verde. {FILLER}"),
    "cases/barrio-corto.md": _case("Sur", "El barrio votó."),
    "cases/barrio-largo.md": _case("Este", f"El barrio votó. {FILLER} {FILLER}"),
    "cases/barrio-oeste.md": _case("Oeste", f"El barrio votó. {FILLER}"),
    "cases/barrio-centro.md": _case("Centro", f"El barrio votó. {FILLER}"),
}


@pytest.fixture
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    yield from served_tree(tmp_path_factory, "scoring", FILES)


def ids(service: SearchService, q: str) -> list[str]:
    return [h["id"] for h in service.search(SearchRequest(q=q)).to_dict()["hits"]]


def test_a_rare_word_counts_more_than_a_common_one(service):
    found = ids(service, "huerta OR barrio")
    assert found.index("cases/huerta-larga") < found.index("cases/barrio-corto")


def test_a_short_document_ranks_above_a_long_one_that_says_the_word_as_often(service):
    found = ids(service, "barrio")
    assert found[0] == "cases/barrio-corto"
    assert found[-1] == "cases/barrio-largo"


def test_an_exact_phrase_ranks_a_short_document_above_a_long_one(service):
    # Whoosh scores exact phrases itself, with kb's statistics (LanguageFieldBM25F).
    assert ids(service, '"techo verde"') == ["cases/techo-corto", "cases/techo-largo"]
