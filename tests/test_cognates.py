"""Another language's stem of a typed word counts where the corpus writes a cognate of the
word (``kb.search.cognates``): the French ``participatif`` finds the Spanish *presupuesto
participativo* (both ``particip``), the English ``planning`` does not find the Spanish
*plan de movilidad* (the English stem ``plan`` names no word spelled like *planning*).

The French case also says *participatif*, so the word is found as typed and the fallback
for words the corpus lacks (``Vocabulary.cognate``) plays no part: only the cognate stem can
bring in the Spanish case.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.search import SearchRequest, SearchService
from tests.conftest import served_tree
from tests.corpus import TAXONOMY, front

FILES = {
    "taxonomy.yml": TAXONOMY,
    "cases/paris-budget.md": front(
        title="Le budget participatif de Paris",
        date="2019",
        language="fr",
        countries="FR",
        themes="[cultura]",
    )
    + "\n## Les projets\n\nLes habitants votent pour les projets du quartier.\n",
    "cases/porto-alegre-presupuesto.md": front(
        title="Presupuesto participativo en Porto Alegre",
        date="2001",
        language="es",
        countries="BR",
        themes="[cultura]",
    )
    + "\n## Las asambleas\n\nLos vecinos deciden las obras en asambleas abiertas.\n",
    "cases/rosario-movilidad.md": front(
        title="Plan de movilidad de Rosario",
        date="2015",
        language="es",
        countries="AR",
        themes="[cultura]",
    )
    + "\n## Los planes\n\nEl plan de movilidad y los planes de barrio.\n",
    "cases/bristol-planning.md": front(
        title="Urban planning in Bristol",
        date="2018",
        language="en",
        countries="GB",
        themes="[cultura]",
    )
    + "\n## Residents\n\nPlanning the city with its residents.\n",
}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    yield from served_tree(tmp_path_factory, "cognates", FILES)


def _hits(service: SearchService, q: str) -> list[dict]:
    return service.search(SearchRequest(q=q)).to_dict()["hits"]


def test_a_cognate_in_another_language_is_found(service):
    # No reason is offered for the Spanish case: a stem is a reason only when it is the
    # same word in the document's language (kb/explain.py), and a cognate is not.
    hits = {h["id"]: h for h in _hits(service, "participatif")}
    assert sorted(hits) == ["cases/paris-budget", "cases/porto-alegre-presupuesto"]


def test_a_stem_shared_with_unrelated_words_finds_only_the_words_language(service):
    assert [h["id"] for h in _hits(service, "planning")] == ["cases/bristol-planning"]
