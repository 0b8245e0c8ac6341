"""Several places per hit, why a hit matched, and filters understood from the query.

A corpus of its own: a notebook that speaks of irrigation in three chapters, a webinar
that speaks of drought at three moments, a case that names desalination once, and places
whose names are also common words.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.live import open_service
from kb.search import SearchRequest
from tests.conftest import TODAY
from tests.corpus import TAXONOMY, front, write_tree
from web import create_app


def _cues(lines: list[tuple[int, str]]) -> str:
    """A WebVTT file with one 20-second cue per (start second, text)."""
    out = ["WEBVTT", ""]
    for start, text in lines:
        end = start + 19
        out += [
            f"00:{start // 60:02d}:{start % 60:02d}.000 --> 00:{end // 60:02d}:{end % 60:02d}.000"
        ]
        out += [f"<v Marta Gil>{text}", ""]
    return "\n".join(out)


FILLER = "Hablamos de la gestión municipal y de los equipos técnicos de cada ciudad."
DROUGHT = {
    20: "La sequía obligó a cambiar los horarios.",
    200: "Con la sequía llegaron los camiones cisterna.",
    240: "Otra vez la sequía, y otra vez los pozos.",
    420: "La próxima sequía nos encontrará listos.",
}
WEBINAR_LINES = [(s, DROUGHT.get(s, FILLER)) for s in range(0, 480, 20)]

FILES = {
    "taxonomy.yml": TAXONOMY,
    "notebooks/riego-urbano.md": front(
        title="Cuaderno de huertas urbanas",
        date="2023-02",
        language="es",
        countries="[ES]",
        themes="[agua]",
    )
    + """
Una guía sobre huertas comunitarias en barrios.

## Suelos {#suelos}

El suelo de los solares urbanos necesita análisis antes de plantar.

## Riego por goteo {#goteo}

El riego por goteo ahorra agua y se programa con un temporizador sencillo.

## Semillas {#semillas}

Los bancos de semillas locales conservan variedades antiguas.

## Calendario {#calendario}

En verano el riego se hace al amanecer, cuando evapora menos.

## Vecinos {#vecinos}

Las comunidades de vecinos se turnan para el riego de las parcelas.
""",
    "webinars/sequia-ciudades.md": front(
        title='"Ciudades ante la escasez de lluvias"',
        date="2022-08",
        language="es",
        countries="[ES]",
        themes="[agua]",
        speakers="[Marta Gil]",
    )
    + "\nEncuentro sobre cómo los municipios gestionaron un verano sin lluvias.\n",
    "webinars/sequia-ciudades.vtt": _cues(WEBINAR_LINES),
    "cases/almeria-desalinizadora.md": front(
        title="Almería y el agua del mar",
        date="2018",
        language="es",
        countries="[ES]",
        city="Almería",
        themes="[agua]",
    )
    + """
## Contexto

La ciudad construyó una desalinizadora para asegurar el abastecimiento.

## Resultados

Los barrios altos recibieron agua todo el año.
""",
    "cases/porto-alegre-orcamento.md": front(
        title="Porto Alegre e o orçamento participativo",
        date="1995",
        language="pt",
        countries="[BR]",
        city="Porto Alegre",
        themes="[cultura]",
        networks="[mercociudades]",
    )
    + """
## O que foi feito

Porto Alegre abriu o orçamento aos bairros; cidades de Espanha e da Alemanha vieram aprender.
""",
    "cases/esperanza-colonias.md": front(
        title="Las colonias agrícolas de Santa Fe",
        date="2015",
        language="es",
        countries="[AR]",
        city="Esperanza",
        themes="[migracion]",
    )
    + """
## Contexto

Esperanza fue la primera colonia agrícola organizada del país. Las familias llegadas de
Europa tenían la esperanza de trabajar su propia tierra, y esa esperanza sostuvo la
colonia en los años difíciles; la esperanza de los vecinos era una escuela propia.
""",
    "cases/victoria-hermanamiento.md": front(
        title="Un hermanamiento en Entre Ríos",
        date="2012",
        language="es",
        countries="[AR, DE]",
        city="Victoria",
        themes="[hermanamientos]",
    )
    + """
## Contexto

El hermanamiento con una ciudad alemana empezó con un coro. La delegación de Victoria
viajó en 2012; en Victoria se recuerda aquella visita. El coro de Victoria sigue activo.
""",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = write_tree(tmp_path_factory.mktemp("content"), FILES)
    root = tmp_path_factory.mktemp("index")
    report = build_index(content, root, today=TODAY)
    assert report.exit_code == 0, [str(p) for p in report.problems]
    return root


@pytest.fixture(scope="module")
def search(index: Path):
    service = open_service(index)

    def run(q: str, **filters: list[str]) -> dict:
        return service.search(SearchRequest(q=q, filters=filters, ui="en")).to_dict()

    return run


def _hit(body: dict, doc_id: str) -> dict:
    return next(h for h in body["hits"] if h["id"] == doc_id)


def _chapters_with(word: str) -> set[str]:
    """The anchors of the notebook's chapters whose text holds ``word``."""
    text = FILES["notebooks/riego-urbano.md"]
    chapters = re.findall(r"^## .*\{#([a-z]+)\}\n\n(.*)$", text, flags=re.M)
    return {anchor for anchor, body in chapters if word in body.lower()}


# -- several places ----------------------------------------------------------------------
def test_a_notebook_matching_in_three_chapters_lists_its_best_place_and_two_more(search):
    hit = _hit(search("riego"), "notebooks/riego-urbano")
    assert len(_chapters_with("riego")) == 3
    places = [hit["section"]] + [m["section"] for m in hit["matches"]]
    assert set(places) == _chapters_with("riego") and len(places) == 3
    for place in hit["matches"]:
        assert place["url"] == f"/notebooks/riego-urbano#{place['section']}"
        assert place["t"] is None
        assert "<mark>riego</mark>" in place["snippet"].lower()
        assert place["heading"] in FILES["notebooks/riego-urbano.md"]
    # Only places that match: the chapters without the word are never listed.
    assert not {"suelos", "semillas"} & set(places)


def test_a_transcript_matching_at_three_moments_lists_moments_a_minute_apart(search):
    hit = _hit(search("sequía"), "webinars/sequia-ciudades")
    moments = [hit["t"]] + [m["t"] for m in hit["matches"]]
    assert len(moments) == 3 and all(isinstance(t, int) for t in moments)
    assert all(abs(a - b) >= 60 for a in moments for b in moments if a is not b)
    # Each moment is the start of a passage that holds one of the mentions.
    for place in hit["matches"]:
        assert place["url"] == f"/webinars/sequia-ciudades#t={place['t']}"
        assert place["section"] is None
        assert any(place["t"] <= said < place["t"] + 60 for said in DROUGHT)
        assert "<mark>sequía</mark>" in place["snippet"].lower()
    # The two mentions 40 s apart give one listed moment, not two.
    assert sum(1 for t in moments if 140 <= t <= 260) == 1


def test_a_query_matching_one_place_has_no_more_places(search):
    hit = _hit(search("desalinizadora"), "cases/almeria-desalinizadora")
    assert hit["section"] == "contexto" and hit["matches"] == []


# -- why this result -----------------------------------------------------------------------
def _reasons(hit: dict) -> set[tuple]:
    return {(m["query"], m["found"], m["via"], m["theme"], m["lang"]) for m in hit["matched"]}


def test_typed_words_are_explained_as_typed(search):
    hit = _hit(search("riego"), "notebooks/riego-urbano")
    assert ("riego", "riego", "typed", None, None) in _reasons(hit)


def test_accent_free_typing_is_still_typed(search):
    hit = _hit(search("sequia"), "webinars/sequia-ciudades")
    assert ("sequia", "sequía", "typed", None, None) in _reasons(hit)


def test_another_form_of_a_word_is_explained_as_a_stem(search):
    hit = _hit(search("sequías"), "webinars/sequia-ciudades")
    assert ("sequías", "sequía", "stem", None, None) in _reasons(hit)


def test_a_word_of_another_language_found_through_the_taxonomy_names_theme_and_language(search):
    hit = _hit(search("sister cities"), "cases/victoria-hermanamiento")
    assert ("sister cities", "hermanamiento", "synonym", "hermanamientos", "en") in _reasons(hit)
    assert "sister" not in FILES["cases/victoria-hermanamiento.md"]


def test_a_misspelt_word_is_explained_as_a_spelling_correction(search):
    body = search("desalinizdora")
    assert body["corrected"] is True
    hit = _hit(body, "cases/almeria-desalinizadora")
    assert ("desalinizdora", "desalinizadora", "spelling", None, None) in _reasons(hit)


def test_browsing_has_no_places_and_no_reasons(search):
    body = search("")
    assert body["hits"] and all(h["matches"] == [] and h["matched"] == [] for h in body["hits"])


@pytest.mark.parametrize(
    ("ui", "stem", "synonym", "title"),
    [
        ("es", "otra forma de la palabra", "término en inglés del tema Hermanamientos", "Por qué"),
        ("pt", "outra forma da palavra", "termo em inglês do tema Geminações", "Por que"),
        ("en", "another form of the word", "English term of the theme Twinning", "Why this"),
    ],
)
def test_the_page_explains_each_result_in_the_interface_language(index, ui, stem, synonym, title):
    client = create_app({"KB_INDEX": str(index), "TESTING": True}).test_client()
    page = client.get(f"/?q=sequías&ui={ui}").get_data(as_text=True)
    assert title in page and stem in page
    page = client.get(f"/?q=sister+cities&ui={ui}").get_data(as_text=True)
    assert synonym in page
    assert "<q>sister cities</q> → <q>hermanamiento</q>" in page


def test_the_page_lists_the_other_places_as_deep_links(index):
    client = create_app({"KB_INDEX": str(index), "TESTING": True}).test_client()
    page = client.get("/?q=sequía&ui=en").get_data(as_text=True)
    also = re.search(r'<p class="also">(.*?)</p>', page, flags=re.S)
    assert also and "Also in:" in also.group(1)
    links = re.findall(r'href="([^"]+)">(\d+:\d\d)</a>', also.group(1))
    assert len(links) == 2
    for href, label in links:
        minutes, seconds = label.split(":")
        assert href.endswith(f"#t={int(minutes) * 60 + int(seconds)}")


# -- filters understood from the query --------------------------------------------------
def _suggested(body: dict) -> set[tuple[str, str]]:
    return {(f["facet"], f["value"]) for f in body["suggested_filters"]}


@pytest.mark.parametrize("name", ["Brasil", "brasil", "Brazil", "Brésil", "bresil", "BRASIL"])
def test_a_country_named_in_any_language_with_or_without_accents_is_suggested(search, name):
    body = search(f"orçamento {name}")
    assert ("country", "BR") in _suggested(body)
    suggestion = next(f for f in body["suggested_filters"] if f["facet"] == "country")
    assert suggestion["label"] == "Brazil" and suggestion["count"] == 1


@pytest.mark.parametrize("name", ["España", "espana", "Spain", "Espagne", "Espanha"])
def test_spain_in_four_languages(search, name):
    assert ("country", "ES") in _suggested(search(f"agua {name}"))


def test_a_city_of_two_words_a_network_and_a_theme_id_are_suggested(search):
    assert ("city", "Porto Alegre") in _suggested(search("porto alegre orcamento"))
    assert ("network", "mercociudades") in _suggested(search("mercociudades orçamento"))
    assert ("theme", "hermanamientos") in _suggested(search("hermanamientos"))
    assert ("theme", "hermanamientos") in _suggested(search("jumelage"))


def test_a_city_name_the_corpus_writes_as_a_common_noun_is_not_suggested(search):
    body = search("esperanza")
    assert body["total"] >= 1  # the words still search the text
    assert ("city", "Esperanza") not in _suggested(body)
    # "Victoria" is written with a capital in mid-sentence: a name.
    assert ("city", "Victoria") in _suggested(search("victoria"))


def test_codes_stop_words_and_applied_filters_are_not_suggested(search):
    assert _suggested(search("es de la")) == set()
    body = search("orçamento brasil", country=["BR"])
    assert ("country", "BR") not in _suggested(body)


def test_a_suggestion_is_never_applied_by_itself(search):
    body = search("coro victoria")
    assert ("city", "Victoria") in _suggested(body)
    assert not [f for values in body["facets"].values() for f in values if f["selected"]]
    assert body["facets"]["city"]  # every city of the results is still counted


def test_a_value_no_result_has_is_not_suggested(search):
    # Germany is named, but no document about irrigation is tagged DE.
    body = search("riego alemania")
    assert ("country", "DE") not in _suggested(body)


def test_a_huge_section_is_found_and_gets_a_snippet(tmp_path):
    filler = "Las ciudades comparten experiencias de gestión municipal en redes. " * 4000
    files = {
        "taxonomy.yml": TAXONOMY,
        "cases/enorme.md": front(
            title="Un caso enorme", date="2020", countries="[UY]", themes="[agua]"
        )
        + "\n## Todo {#todo}\n\nAl principio, la desalinizadora. "
        + f"{filler} Al final, el acueducto.\n",
    }
    index = tmp_path / "ix"
    assert build_index(write_tree(tmp_path / "c", files), index, today=TODAY).exit_code == 0
    service = open_service(index)
    for word in ("desalinizadora", "acueducto"):
        hit = service.search(SearchRequest(q=word)).to_dict()["hits"][0]
        assert hit["id"] == "cases/enorme" and hit["section"] == "todo"
        assert hit["snippet"] and len(hit["snippet"]) < 1000
    # The start of a long passage is read for its snippet: a word near it is marked.
    first = service.search(SearchRequest(q="desalinizadora")).to_dict()["hits"][0]
    assert "<mark>desalinizadora</mark>" in first["snippet"]
