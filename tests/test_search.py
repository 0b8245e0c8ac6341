"""The search service on a real index of the test corpus."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from indexer.build import build_index
from indexer.live import open_service
from kb.analysis import words
from kb.errors import BadRequest
from kb.search import SearchRequest, SearchService
from tests.conftest import TODAY
from tests.corpus import FILES, front


def ids(service: SearchService, q: str, **kwargs) -> list[str]:
    """The documents that contain the whole query (not the partial matches after them)."""
    hits = service.search(SearchRequest(q=q, **kwargs)).to_dict()["hits"]
    return [h["id"] for h in hits if not h["missing"]]


# A Spanish case writes «Bogotá», an English one «Bogota» (English texts drop the accent).
BOGOTA = {
    "cases/bogota-ciclovia.md": front(
        title="La Ciclovía de Bogotá",
        date="2006",
        language="es",
        countries="CO",
        city="Bogotá",
        themes="[cultura]",
    )
    + "\n## Origen\n\nBogotá cierra sus avenidas al tráfico cada domingo desde 1974.\n",
    "cases/open-streets.md": front(
        title="Open streets across the Americas",
        date="2010",
        language="en",
        countries="[US]",
        themes="[cultura]",
    )
    + "\n## Spread\n\nSunday open streets spread from Bogota to New York and San Francisco.\n",
}


@contextlib.contextmanager
def searching(root: Path, index: Path) -> Iterator[SearchService]:
    """A service over a fresh index of ``root``, closed at the end."""
    build_index(root, index, today=TODAY)
    service = open_service(index)
    try:
        yield service
    finally:
        service.close()


def test_accents_are_ignored_whichever_way_they_are_typed_or_written(tree, tmp_path):
    with searching(tree(BOGOTA), tmp_path / "index") as service:
        # Typed without accents, written with them.
        assert ids(service, "migracion")[0] == "cases/rosario-migrantes"
        assert "notebooks/guia-oficina" in ids(service, "guia practica")
        # Typed with accents, written without them: only folding the accents can find it.
        assert "Bogotá" not in BOGOTA["cases/open-streets.md"]
        assert sorted(ids(service, "Bogotá")) == ["cases/bogota-ciclovia", "cases/open-streets"]
        assert ids(service, "Bogotá") == ids(service, "bogota") == ids(service, "BOGOTÁ")


VARIANTS = {
    "cases/recife-bibliotecas.md": front(
        title="Recife e as suas bibliotecas",
        date="2015",
        language="pt-BR",
        countries="BR",
        themes="[cultura]",
    )
    + "\n## O que foi feito\n\nAs bibliotecas comunitárias abriram aos domingos.\n",
    "cases/torino-beni-comuni.md": front(
        title="Torino e i beni comuni",
        date="2016",
        language="it",
        countries="IT",
        themes="[cultura]",
    )
    + "\n## Il regolamento\n\nIl regolamento sulla collaborazione tra cittadini e comune.\n",
}


def test_a_regional_variant_is_analysed_as_its_language_another_language_as_written(tree, tmp_path):
    with searching(tree(VARIANTS), tmp_path / "index") as service:
        # pt-BR is Portuguese: «biblioteca» finds «bibliotecas» there as in Porto's case.
        body = service.search(SearchRequest(q="biblioteca")).to_dict()
        found = sorted(h["id"] for h in body["hits"])
        assert found == ["cases/porto-cooperacoes", "cases/recife-bibliotecas"]
        assert body["corrected"] is False
        # Italian gets the plain analysis: its words are found as written.
        assert ids(service, "collaborazione") == ["cases/torino-beni-comuni"]
        assert ids(service, "Il regolamento") == ["cases/torino-beni-comuni"]


def _reasons(hit: dict) -> set[tuple[str, str, str]]:
    return {(m["query"], m["found"], m["via"]) for m in hit["matched"]}


@pytest.mark.parametrize(
    ("typed", "written", "doc"),
    [
        ("acuerdo", "acuerdos", "cases/montevideo-hermanamientos"),
        ("biblioteca", "bibliotecas", "cases/porto-cooperacoes"),
        ("letter", "letters", "cases/coventry-twinned"),
        ("programme", "programmes", "cases/lyon-jumelages"),
    ],
)
def test_stemming_finds_another_form_of_the_word_as_typed_without_a_correction(
    service, typed, written, doc
):
    """No document has the word as typed, one has another form of it (es, pt, en, fr)."""
    corpus = [w.lower() for text in FILES.values() for w in words(text)]
    assert typed not in corpus and written in words(FILES[f"{doc}.md"])
    body = service.search(SearchRequest(q=typed)).to_dict()
    assert [h["id"] for h in body["hits"]] == [doc]
    assert body["suggestion"] is None and body["corrected"] is False
    assert (typed, written, "stem") in _reasons(body["hits"][0])


def test_synonym_across_languages_finds_spanish_documents(service):
    found = ids(service, "twinning")  # Lyon's text speaks of "jumelages" (the French label)
    assert set(found[:3]) == {
        "cases/montevideo-hermanamientos",
        "cases/coventry-twinned",
        "cases/lyon-jumelages",
    }
    assert set(ids(service, "ciudades hermanas")) >= {"cases/montevideo-hermanamientos"}
    assert "cases/montevideo-hermanamientos" in ids(service, "villes jumelles")


def test_network_acronym_in_another_language(service):
    assert set(ids(service, "UCLG")) == {
        "cases/quito-agua",
        "notebooks/guia-oficina",
        "webinars/redes-srt",
    }


def test_per_language_analysis_without_taxonomy_help(tree, tmp_path):
    root = tree(
        {"taxonomy.yml": "themes:\n  - id: cultura\n    label: {es: Cultura}\n"},
        base={k: v for k, v in FILES.items() if k.startswith("cases/")},
    )
    for path in list((root / "cases").iterdir()):
        path.write_text(
            path.read_text()
            .replace("[hermanamientos]", "[cultura]")
            .replace("[migracion]", "[cultura]")
            .replace("[agua]", "[cultura]")
        )
    index = tmp_path / "index"
    build_index(root, index, today=TODAY)
    plain = open_service(index)
    assert ids(plain, "cooperação") == ["cases/porto-cooperacoes"]
    assert ids(plain, "jumelage") == ["cases/lyon-jumelages"]
    assert ids(plain, "twinning") == ["cases/coventry-twinned"]


def test_the_more_specific_words_decide_among_documents_of_one_theme(service):
    found = ids(service, "hermanamientos residuos")
    assert found[0] == "cases/montevideo-hermanamientos"


def test_articles_prepositions_and_question_words_change_no_result(service):
    """Neither required nor enough: no document comes in through them alone (the notebook
    speaks of «una oficina de relaciones internacionales», never of migrants)."""
    assert "migrantes" not in FILES["notebooks/guia-oficina.md"]
    rosario = ["cases/rosario-migrantes"]
    assert ids(service, "oficina de migrantes") == ids(service, "oficina migrantes") == rosario
    question = ids(service, "¿cómo abrió Rosario una oficina?")
    assert question == ids(service, "abrió Rosario oficina") == rosario
    lyon = ["cases/lyon-jumelages"]
    assert ids(service, "les jumelages de la ville") == ids(service, "jumelages ville") == lyon


def _title(doc: str) -> str:
    return yaml.safe_load(FILES[f"{doc}.md"].split("---")[1])["title"]


def test_a_word_in_the_title_or_a_heading_ranks_first_a_word_said_in_passing(service):
    # «comparte» is in Quito's title, «comparten» in a cue of the webinar
    assert "comparte" in _title("cases/quito-agua")
    assert ids(service, "comparte") == ["cases/quito-agua", "webinars/agua-ciudades"]
    # «recibe» is in Rosario's title, «recibió» in a paragraph of Quito's case
    assert "recibe" in _title("cases/rosario-migrantes")
    assert ids(service, "recibe") == ["cases/rosario-migrantes", "cases/quito-agua"]
    # «Equipo» heads a chapter of the notebook, «equipos» is said in the webinar
    body = service.search(SearchRequest(q="equipo")).to_dict()
    assert [h["id"] for h in body["hits"]] == ["notebooks/guia-oficina", "webinars/agua-ciudades"]
    assert body["hits"][0]["url"] == "/notebooks/guia-oficina#equipo"


def test_hit_points_at_the_matching_section(service):
    hit = service.search(SearchRequest(q="hermanamientos renovados")).to_dict()["hits"][0]
    assert hit["url"] == "/cases/montevideo-hermanamientos#resultados"
    assert hit["section"] == "resultados" and hit["t"] is None
    assert "<mark>hermanamientos</mark> <mark>renovados</mark>" in hit["snippet"]


def test_a_transcript_cue_that_matches_exactly_ranks_first_and_links_to_its_moment(service):
    body = service.search(SearchRequest(q="diplomacia del agua Quito Lyon")).to_dict()
    first = body["hits"][0]
    assert first["id"] == "webinars/agua-ciudades"
    assert first["t"] == 70 and first["url"] == "/webinars/agua-ciudades#t=70"
    assert first["video_url"] == "https://example.org/recording#t=70"
    assert "cases/quito-agua" in [h["id"] for h in body["hits"][1:]]


def test_in_file_transcript_moment(service):
    hit = service.search(SearchRequest(q="fondo mixto provincia")).to_dict()["hits"][0]
    assert hit["url"] == "/webinars/migrar-juntos#t=754" and hit["section"] is None


def test_one_hit_per_document_and_total_counts_documents(service):
    body = service.search(SearchRequest(q="agua")).to_dict()
    assert len({h["id"] for h in body["hits"]}) == len(body["hits"]) == body["total"]


def test_phrase_or_and_exclusion(service):
    assert set(ids(service, '"empresa municipal"')) == {
        "cases/quito-agua",
        "webinars/agua-ciudades",
    }
    assert "cases/quito-agua" not in ids(service, '"municipal empresa"')
    assert "webinars/agua-ciudades" not in ids(service, "agua -diplomacia")
    assert set(ids(service, "Coventry OR Rosario")) == {
        "cases/coventry-twinned",
        "cases/rosario-migrantes",
    }


@pytest.mark.parametrize(
    "q",
    [
        '"unbalanced',
        "OR",
        "- -",
        "***",
        "a OR",
        "(((",
        "title:",
        "x" * 900,
        "país:",
        "\x00",
        "AND NOT OR",
        "https://example.org/agua",
        "ODS:11 agua",
    ],
)
def test_malformed_queries_never_raise(service, q):
    body = service.search(SearchRequest(q=q)).to_dict()
    assert body["query"] == q and isinstance(body["hits"], list)


def test_field_value_in_the_query_filters(service):
    assert set(ids(service, "theme:migracion")) == {
        "cases/rosario-migrantes",
        "webinars/migrar-juntos",
    }
    assert ids(service, "agua country:Francia") == ["webinars/agua-ciudades"]


def test_the_query_syntax_is_syntax_not_words(service):
    # A filter written in the query filters: Montevideo's case says «cultura», its theme is
    # another; the words after a filter are searched.
    assert "cultura" in FILES["cases/montevideo-hermanamientos.md"]
    cultura = ["cases/lyon-jumelages", "cases/porto-cooperacoes"]
    assert sorted(ids(service, "theme:cultura")) == cultura
    assert ids(service, "country:Francia agua") == ["webinars/agua-ciudades"]
    # title: searches titles: Rosario's case says «oficina» in its text, the notebook in its
    # title.
    assert "cases/rosario-migrantes" in ids(service, "oficina")
    assert ids(service, "title:oficina") == ["notebooks/guia-oficina"]
    # AND and a lone dash join nothing and drop nothing.
    both = ids(service, "Quito Lyon")
    assert both == ids(service, "Quito AND Lyon") == ids(service, "Quito - Lyon")
    assert both == ["webinars/agua-ciudades"]
    # Typographic quotes are quotes (the case says «empresa municipal», in that order); a
    # hyphenated pair is its two words, in any order.
    for quoted in ("«municipal empresa»", "“municipal empresa”"):
        assert "cases/quito-agua" not in ids(service, quoted)
    assert "cases/quito-agua" in ids(service, "municipal-empresa")


def test_typo_gets_a_suggestion_and_is_searched_when_nothing_matches(service):
    body = service.search(SearchRequest(q="migarcion")).to_dict()
    assert body["suggestion"] == "migración" and body["corrected"] is True
    assert body["hits"][0]["id"] == "cases/rosario-migrantes"
    body = service.search(SearchRequest(q="hermanamientos")).to_dict()
    assert body["suggestion"] is None and body["corrected"] is False


def test_snippets_escape_everything_but_mark(tree, tmp_path):
    root = tree(
        {
            "cases/xss.md": FILES["cases/rosario-migrantes.md"].replace(
                "Rosario abrió", "Rosario <script>alert(1)</script> & <b>abrió</b>"
            )
        }
    )
    index = tmp_path / "index"
    build_index(root, index, today=TODAY)
    hits = open_service(index).search(SearchRequest(q="abrió oficina")).to_dict()["hits"]
    snippet = next(h["snippet"] for h in hits if h["id"] == "cases/xss")
    assert "<script>" not in snippet and "<b>" not in snippet
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def _front_matters() -> list[dict]:
    docs = []
    for path, text in FILES.items():
        if path.endswith(".md"):
            data = yaml.safe_load(text.split("---")[1])
            countries = data.get("countries", [])
            docs.append(
                {
                    "type": path.split("/")[0][:-1],
                    "year": str(data["date"])[:4],
                    "country": [countries] if isinstance(countries, str) else countries,
                    "theme": data["themes"],
                    "language": data.get("language", "es"),
                }
            )
    return docs


def test_browsing_lists_every_document_newest_first(service):
    body = service.search(SearchRequest(q="", per_page=100)).to_dict()
    dates = [h["date"] for h in body["hits"]]
    assert body["total"] == len(_front_matters()) and dates == sorted(dates, reverse=True)
    assert all(h["score"] is None for h in body["hits"])


def test_disjunctive_facet_counts_match_an_independent_count(service):
    body = service.search(
        SearchRequest(q="", filters={"country": ["AR", "EC"], "type": ["case"]})
    ).to_dict()
    docs = _front_matters()
    chosen = [d for d in docs if {"AR", "EC"} & set(d["country"])]
    cases = [d for d in docs if d["type"] == "case"]
    expected_country = Counter(c for d in cases for c in d["country"])
    expected_type = Counter(d["type"] for d in chosen)
    expected_theme = Counter(t for d in chosen if d["type"] == "case" for t in d["theme"])
    facets = body["facets"]
    assert {f["value"]: f["count"] for f in facets["country"]} == dict(expected_country)
    assert {f["value"]: f["count"] for f in facets["type"]} == dict(expected_type)
    assert {f["value"]: f["count"] for f in facets["theme"]} == dict(expected_theme)
    assert body["total"] == sum(1 for d in chosen if d["type"] == "case")
    selected = {f["value"] for f in facets["country"] if f["selected"]}
    assert selected == {"AR", "EC"}


def test_facet_labels_follow_the_interface_language(service):
    facets = service.search(SearchRequest(q="", ui="en")).to_dict()["facets"]
    labels = {
        f["value"]: f["label"]
        for name in ("country", "language", "theme", "type")
        for f in facets[name]
    }
    assert labels["BR"] == "Brazil" and labels["es"] == "Spanish"
    assert labels["hermanamientos"] == "Twinning" and labels["case"] == "Case study"
    facets = service.search(SearchRequest(q="", ui="es")).to_dict()["facets"]
    labels = {f["value"]: f["label"] for f in facets["country"] + facets["language"]}
    assert labels["BR"] == "Brasil" and labels["es"] == "español"


def test_sort_by_date_and_pagination(service):
    first = service.search(SearchRequest(q="ciudades", sort="date", per_page=2)).to_dict()
    second = service.search(SearchRequest(q="ciudades", sort="date", per_page=2, page=2)).to_dict()
    dates = [h["date"] for h in first["hits"] + second["hits"]]
    assert dates == sorted(dates, reverse=True) and len(dates) == 4
    past = service.search(SearchRequest(q="ciudades", page=50)).to_dict()
    assert past["hits"] == [] and past["total"] == first["total"]


@pytest.mark.parametrize(
    "kwargs, key",
    [
        ({"page": 0}, "page"),
        ({"per_page": 101}, "per_page"),
        ({"sort": "price"}, "sort"),
        ({"filters": {"year": ["20x4"]}}, "year"),
        ({"filters": {"colour": ["red"]}}, "colour"),
        ({"q": "x" * 1001}, "q"),
    ],
)
def test_bad_parameters_name_the_parameter(service, kwargs, key):
    with pytest.raises(BadRequest) as error:
        service.search(SearchRequest(**kwargs)).to_dict()
    assert error.value.key == key
