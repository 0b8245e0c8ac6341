"""How many of the query's words a document must hold, and how holding more ranks it
(``kb/search/collapse.py``): all of one or two words, two of three, any of four or more,
with the documents that hold more of them first.

Five cases hold the first one to four of four words (``biblioteca``, ``huerta``,
``bicicleta``, ``mercado``), one case the last word alone.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.search import SearchRequest, SearchService
from tests.conftest import served_tree
from tests.corpus import TAXONOMY, front

WORDS = ("biblioteca", "huerta", "bicicleta", "mercado")
SENTENCES = {
    "biblioteca": "La biblioteca del barrio abrió los sábados.",
    "huerta": "Una huerta comunitaria ocupa el terreno baldío.",
    "bicicleta": "Cada vecino puede pedir una bicicleta prestada.",
    "mercado": "El mercado de productores se instala los jueves.",
}


def _case(slug: str, held: tuple[str, ...]) -> str:
    body = "\n".join(SENTENCES[w] for w in held)
    return (
        front(
            title=f"Barrio {slug}", date="2020", language="es", countries="AR", themes="[cultura]"
        )
        + f"\n## Lo que se hizo\n\n{body}\n"
    )


FILES = {
    "taxonomy.yml": TAXONOMY,
    "cases/cuatro.md": _case("norte", WORDS),
    "cases/tres.md": _case("sur", WORDS[:3]),
    "cases/dos.md": _case("este", WORDS[:2]),
    "cases/una.md": _case("oeste", WORDS[:1]),
    "cases/ultima.md": _case("centro", WORDS[3:]),
}


@pytest.fixture
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    yield from served_tree(tmp_path_factory, "coverage", FILES)


def hits(service: SearchService, q: str) -> list[tuple[str, list[str]]]:
    """Every hit listed, with the query's words it lacks (a partial match's)."""
    return [(h["id"], h["missing"]) for h in service.search(SearchRequest(q=q)).to_dict()["hits"]]


def ids(service: SearchService, q: str) -> list[str]:
    """The documents that hold enough of the query (not the partial matches after them)."""
    return [doc for doc, missing in hits(service, q) if not missing]


def test_one_word_lists_every_document_that_holds_it(service):
    assert sorted(ids(service, "huerta")) == ["cases/cuatro", "cases/dos", "cases/tres"]


def test_two_words_list_only_the_documents_that_hold_both(service):
    assert sorted(ids(service, "huerta bicicleta")) == ["cases/cuatro", "cases/tres"]
    # Those fill less than a page: the one holding «huerta» only follows, saying so.
    assert hits(service, "huerta bicicleta")[2:] == [("cases/dos", ["bicicleta"])]


def test_three_words_list_the_documents_that_hold_two_the_fullest_first(service):
    found = ids(service, "biblioteca huerta bicicleta")
    assert sorted(found[:2]) == ["cases/cuatro", "cases/tres"]
    assert found[2:] == ["cases/dos"]  # two of three; «una» holds one only, listed after
    assert hits(service, "biblioteca huerta bicicleta")[3:] == [
        ("cases/una", ["huerta", "bicicleta"])
    ]


def test_four_words_list_any_document_that_holds_one_by_how_many_it_holds(service):
    found = ids(service, "biblioteca huerta bicicleta mercado")
    assert found[:3] == ["cases/cuatro", "cases/tres", "cases/dos"]
    assert sorted(found[3:]) == ["cases/ultima", "cases/una"]


def test_an_excluded_word_removes_the_documents_that_hold_it(service):
    assert sorted(ids(service, "huerta -bicicleta")) == ["cases/dos"]
