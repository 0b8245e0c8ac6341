"""The rules a spelling suggestion follows (``kb/spelling.py``), on a small corpus written
for them: close (one edit up to five letters, two beyond), in the query's language when its
other words tell it, a name first and then the most frequent word among equally close ones.

Each test builds its own index: the vocabulary is built once per index, and a mutation
run (``python -m tests.mutation``) runs for each mutant only the tests that built it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.search import SearchRequest, SearchService
from tests.conftest import served_tree
from tests.corpus import TAXONOMY, front

FILES = {
    "taxonomy.yml": TAXONOMY,
    # «informe» (Spanish, also French and Portuguese) is one edit from «infrome»,
    # «inform» (English only) two.
    "cases/leeds-council.md": front(
        title="Leeds city council",
        date="2018",
        language="en",
        countries="GB",
        city="Leeds",
        themes="[cultura]",
    )
    + "\n## Residents\n\nThe city council will inform residents of every decision.\n",
    "cases/rosario-informe.md": front(
        title="El informe del consejo de Rosario",
        date="2019",
        language="es",
        countries="AR",
        city="Rosario",
        themes="[cultura]",
    )
    + "\n## El informe\n\nEl consejo publicó un informe anual sobre la cultura local, en "
    "colaboración con las universidades.\n",
    # «tarifa» (Spanish and Portuguese) is in four documents, «Tarija» (a city of the
    # metadata) and «tarima» in one: all three one edit from «tarioa».
    "cases/tarija-agua.md": front(
        title="El agua de Tarija",
        date="2016",
        language="es",
        countries="BO",
        city="Tarija",
        themes="[agua]",
    )
    + "\n## La red\n\nLa red de agua potable llegó a los barrios altos.\n",
    "cases/cordoba-tarifa.md": front(
        title="La tarifa social de Córdoba",
        date="2017",
        language="es",
        countries="AR",
        themes="[agua]",
    )
    + "\n## La tarifa\n\nUna tarifa social para el agua.\n",
    "cases/salta-tarifa.md": front(
        title="Tarifa del transporte en Salta",
        date="2015",
        language="es",
        countries="AR",
        themes="[cultura]",
    )
    + "\n## Boletos\n\nLa tarifa del boleto bajó.\n",
    "cases/quito-tarifa.md": front(
        title="Quito y su tarifa cultural",
        date="2014",
        language="es",
        countries="EC",
        themes="[cultura]",
    )
    + "\n## Museos\n\nUna tarifa única para los museos de la cultura, y una tarima.\n",
    # «Porto» (a city of the metadata) is also a French and a Portuguese word.
    "cases/porto-musica.md": front(
        title="A música do Porto",
        date="2012",
        language="pt",
        countries="PT",
        city="Porto",
        themes="[cultura]",
    )
    + "\n## Concertos\n\nConcertos gratuitos nas praças durante a crise.\n",
}


@pytest.fixture
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    yield from served_tree(tmp_path_factory, "suggestions", FILES)


def suggestion(service: SearchService, q: str) -> str | None:
    return service.search(SearchRequest(q=q)).suggestion


def test_the_closest_word_is_suggested_when_the_query_tells_no_language(service):
    assert suggestion(service, "infrome") == "informe"


def test_a_word_the_corpus_lacks_finds_its_spelling_in_another_language(service):
    # «collaboration» (English, French) is written «colaboración» in the Spanish case.
    answer = service.search(SearchRequest(q="collaboration"))
    assert answer.suggestion is None
    assert [h["id"] for h in answer.to_dict()["hits"]] == ["cases/rosario-informe"]
    assert "<mark>colaboración</mark>" in answer.hits[0].snippet


def test_a_short_word_the_corpus_lacks_is_not_taken_for_another_languages_word(service):
    # «cruise» (six letters) is one edit from the Portuguese «crise»: nothing is about cruises.
    answer = service.search(SearchRequest(q="cruise"))
    assert answer.hits == []
    assert answer.suggestion is None


@pytest.mark.parametrize(
    ("q", "suggested", "first"),
    [
        # English words around it: the English «inform», though «informe» is closer
        ("city council infrome", "city council inform", "cases/leeds-council"),
        ("council infrome", "council inform", "cases/leeds-council"),
        # Spanish words around it: the Spanish «informe»
        ("consejo anual infrome", "consejo anual informe", "cases/rosario-informe"),
    ],
)
def test_a_suggestion_is_in_the_language_of_the_query(service, q, suggested, first):
    answer = service.search(SearchRequest(q=q))
    assert answer.suggestion == suggested
    assert answer.corrected is True
    assert answer.to_dict()["hits"][0]["id"] == first


def test_a_name_is_suggested_whatever_the_language_of_the_query(service):
    # «Porto» is a Portuguese and French word, the query English: a name is still right.
    assert suggestion(service, "city council prto") == "city council Porto"


def test_among_equally_close_words_a_name_comes_first(service):
    # «tarifa» is in four documents, the city «Tarija» in one: the name wins the tie.
    assert suggestion(service, "tarioa") == "Tarija"


def test_among_equally_close_words_the_more_frequent_comes_first(service):
    # «tarimfa» is one edit from «tarifa» (four documents) and «tarima» (one).
    assert suggestion(service, "tarimfa") == "tarifa"


@pytest.mark.parametrize(
    "q",
    [
        "cultr",  # five letters, two edits from «cultura»: one edit is allowed
        "bqxzvwk",  # far from every word starting with b
        "tarzzfz",  # seven letters, three edits from «tarifa»
    ],
)
def test_a_word_too_far_from_every_word_gets_no_suggestion(service, q):
    assert suggestion(service, q) is None


@pytest.mark.parametrize(
    ("q", "suggested"),
    [
        ("cultra", "cultura"),  # six letters, one edit
        ("cltuar", "cultura"),  # six letters, two edits
    ],
)
def test_a_word_within_the_edits_allowed_gets_its_suggestion(service, q, suggested):
    assert suggestion(service, q) == suggested


def test_a_long_query_that_finds_nothing_still_gets_its_suggestion(service):
    # Four words, none in the corpus: the typo's correction is offered and searched.
    answer = service.search(SearchRequest(q="tarimfa zorvex plimbu quastor"))
    assert answer.suggestion == "tarifa zorvex plimbu quastor"
    assert answer.corrected is True
    assert "cases/cordoba-tarifa" in [h["id"] for h in answer.to_dict()["hits"]]


def test_a_word_under_four_letters_gets_no_suggestion(service):
    # «rde» is one edit from «red» (la red de agua): too short to tell a typo from a word.
    assert suggestion(service, "rde") is None


def test_a_name_found_through_another_form_is_suggested_as_the_metadata_writes_it(service):
    # «tarixa» finds the Tarija case through another form of the word: the search stands,
    # and the suggestion is the name, never the more frequent word «tarifa».
    answer = service.search(SearchRequest(q="tarixa"))
    assert [h["id"] for h in answer.to_dict()["hits"]] == ["cases/tarija-agua"]
    assert answer.suggestion == "Tarija"
    assert answer.corrected is False
