"""Places and reasons that tell the truth (issue 14): a hit links to the text that says the
query's words rather than to its sources, every place listed shows a query word marked,
and each reason names how the word was really found.

Two corpora: a small one written here, where each property is set up on purpose, and the
project's own content/, on the queries the issue names.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from indexer.build import build_index
from indexer.live import open_service
from kb.search import SearchRequest
from tests.conftest import TODAY
from tests.corpus import TAXONOMY, front, write_tree

CONTENT = Path(__file__).resolve().parents[1] / "content"

FILES = {
    "taxonomy.yml": TAXONOMY,
    # The word once in the text, three times in the sources.
    "cases/salto-compostaje.md": front(
        title="Salto y los residuos de la feria",
        date="2019",
        language="es",
        countries="[UY]",
        themes="[agua]",
    )
    + """
## Contexto {#contexto}

La feria del puerto dejaba cada semana toneladas de restos de fruta.

## Qué se hizo {#que-se-hizo}

La intendencia montó una planta de compostaje junto al mercado y formó a los feriantes.

## Fuentes {#fuentes}

- Manual de compostaje municipal (2018).
- Guía de compostaje para ferias, segunda edición.
- Informe sobre compostaje urbano en el litoral.
""",
    # The word only in the sources: that is then the place.
    "cases/paysandu-ferias.md": front(
        title="Paysandú ordena sus ferias",
        date="2020",
        language="es",
        countries="[UY]",
        themes="[agua]",
    )
    + """
## Contexto {#contexto}

Las ferias vecinales ocupaban calles sin turnos ni servicios.

## Fuentes {#fuentes}

- Ordenanza de compostaje (2020).
- Compostaje, ficha técnica.
- Compostaje en ferias.
""",
    # The word once in the text, where the other says it only in its sources.
    "cases/rivera-vivero.md": front(
        title="Rivera y el vivero municipal",
        date="2021",
        language="es",
        countries="[UY]",
        themes="[agua]",
    )
    + """
## Contexto {#contexto}

El vivero municipal produce plantines para las plazas, los canteros de las avenidas y
las escuelas del departamento. Trabajan en él doce personas de la bolsa de empleo local,
que aprenden a injertar, a regar con cuidado y a preparar el suelo con compostaje de las
podas que recoge la cuadrilla de arbolado cada otoño en los barrios del norte.
""",
    # A heading that names sources of money, not a list of sources; a bibliography with
    # a chapter under it.
    "notebooks/financiar-proyectos.md": front(
        title="Financiar proyectos de cooperación",
        date="2022",
        language="es",
        countries="[ES]",
        themes="[agua]",
    )
    + """
Una guía para buscar dinero.

## Fuentes de financiación {#fuentes-de-financiacion}

Los fondos europeos de cohesión pagan parte de las obras de saneamiento.

## Presupuesto {#presupuesto}

Cada proyecto de saneamiento necesita una partida propia.

## Bibliografía {#bibliografia}

Obras generales.

### Manuales {#manuales}

- Manual de saneamiento y fondos europeos, 2019.
- Saneamiento rural: guía de proyectos.
- Saneamiento y presupuesto municipal.
""",
    # The word typed in the title, a synonym of it in the text.
    "cases/fray-bentos-llegadas.md": front(
        title="La migración a Fray Bentos",
        date="2016",
        language="es",
        countries="[UY]",
        themes="[cultura]",
    )
    + """
## Llegadas {#llegadas}

Los refugiados llegaron en invierno y el club del barrio los alojó.

## Riesgos: fatiga de voluntarios {#riesgos}

Tres inviernos seguidos agotaron al club y a sus vecinos.
""",
}


@pytest.fixture(scope="module")
def search(tmp_path_factory: pytest.TempPathFactory):
    content = write_tree(tmp_path_factory.mktemp("content"), FILES)
    root = tmp_path_factory.mktemp("index")
    assert build_index(content, root, today=TODAY).exit_code == 0
    service = open_service(root)
    return lambda q: service.search(SearchRequest(q=q, ui="en")).to_dict()


def _hit(body: dict[str, Any], doc_id: str) -> dict[str, Any]:
    return next(h for h in body["hits"] if h["id"] == doc_id)


def _places(hit: dict[str, Any]) -> list[str | None]:
    return [hit["section"]] + [m["section"] for m in hit["matches"]]


# -- sources sections ------------------------------------------------------------------
def test_a_hit_links_to_the_text_not_to_its_sources(search):
    hit = _hit(search("compostaje"), "cases/salto-compostaje")
    assert hit["section"] == "que-se-hizo"
    assert hit["url"] == "/cases/salto-compostaje#que-se-hizo"
    assert "<mark>compostaje</mark>" in hit["snippet"]
    # The sources are not listed as another place either.
    assert "fuentes" not in _places(hit)


def test_a_sources_section_is_the_place_when_nothing_else_says_the_word(search):
    hit = _hit(search("compostaje"), "cases/paysandu-ferias")
    assert hit["section"] == "fuentes" and hit["matches"] == []
    assert "<mark>Compostaje</mark>" in hit["snippet"]


def test_words_only_in_the_sources_weigh_less_than_the_same_words_in_the_text(search):
    # Paysandú names it three times in its sources, Rivera once in its text.
    order = [h["id"] for h in search("compostaje")["hits"]]
    assert order.index("cases/rivera-vivero") < order.index("cases/paysandu-ferias")


def test_a_heading_about_sources_of_money_is_text_and_a_bibliography_chapter_is_not(search):
    hit = _hit(search("saneamiento"), "notebooks/financiar-proyectos")
    # "Manuales" (under "Bibliografía") says the word three times, the text twice.
    assert hit["section"] in {"fuentes-de-financiacion", "presupuesto"}
    assert set(_places(hit)) == {"fuentes-de-financiacion", "presupuesto"}
    assert _hit(search("fondos cohesión"), "notebooks/financiar-proyectos")["section"] == (
        "fuentes-de-financiacion"
    )


# -- reasons and headings ----------------------------------------------------------------
def test_a_word_typed_in_the_title_is_typed_though_the_place_shows_a_synonym(search):
    hit = _hit(search("migración"), "cases/fray-bentos-llegadas")
    assert hit["section"] == "llegadas" and "<mark>refugiados</mark>" in hit["snippet"]
    reasons = [(r["query"], r["found"], r["via"]) for r in hit["matched"]]
    assert reasons == [("migración", "migración", "typed")]


def test_a_section_whose_heading_says_the_word_is_its_place(search):
    hit = _hit(search("fatiga"), "cases/fray-bentos-llegadas")
    assert hit["url"] == "/cases/fray-bentos-llegadas#riesgos"
    assert "<mark>fatiga</mark>" in hit["snippet"]


# -- the project's content -------------------------------------------------------------
SOURCES_HEADINGS = {"Fuentes", "Sources", "Fontes", "Bibliografía y fuentes"}


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("content-index")
    assert build_index(CONTENT, root, today=TODAY).exit_code == 0
    return open_service(root)


def _ask(service, q: str) -> list[dict[str, Any]]:
    hits: list[dict[str, Any]] = service.search(SearchRequest(q=q, per_page=50)).to_dict()["hits"]
    return hits


def _section(doc: dict[str, Any], place: dict[str, Any]) -> dict[str, Any]:
    """The stored section a place points at (a transcript passage by its moment)."""
    if place["t"] is not None:
        return next(s for s in doc["sections"] if s["t"] == place["t"])
    return next(s for s in doc["sections"] if s["anchor"] == place["section"])


def _says(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(fold(word))}(?!\w)", fold(text)) is not None


def test_mercociudades_links_to_the_text_when_the_body_names_it(content):
    hits = _ask(content, "Mercociudades")
    in_sources = 0
    for hit in hits:
        doc = content.stored_document(hit["id"])
        body = [s for s in doc["sections"] if s["heading"] not in SOURCES_HEADINGS]
        sources = [s for s in doc["sections"] if s["heading"] in SOURCES_HEADINGS]
        in_sources += any(_says(s["text"], "Mercociudades") for s in sources)
        if any(_says(s["text"], "Mercociudades") for s in body):
            for place in [hit, *hit["matches"]]:
                if place["section"] is not None or place["t"] is not None:
                    assert _section(doc, place)["heading"] not in SOURCES_HEADINGS, hit["url"]
    assert in_sources >= 2  # the property is put to the test


STEMS = {"redes": "red", "ciudades": "ciudad"}  # where the first four letters will not do


def _forms_of(query: str) -> list[str]:
    """Crude forms of the query's words: their first four letters, or their stem."""
    return [STEMS.get(fold(w), fold(w)[:4]) for w in query.split() if len(w) > 3]


def _by_typed_words(hit: dict[str, Any]) -> bool:
    """Whether the hit says it holds the words typed (not only synonyms of them)."""
    return any(r["via"] in ("typed", "stem") for r in hit["matched"])


def _marked(snippet: str) -> list[str]:
    return [fold(m) for m in re.findall(r"<mark>(.*?)</mark>", snippet)]


TWO_WORDS = [
    "hermanamiento escuelas",
    "migración acogida",
    "presupuesto participativo",
    "cooperación descentralizada",
    "cooperación técnica",
    "oficina internacional",
    "redes ciudades",
]


@pytest.mark.parametrize("q", [*TWO_WORDS, "Mercociudades"])
def test_every_place_listed_marks_a_word_of_the_query(content, q):
    forms = _forms_of(q)
    checked = 0
    for hit in _ask(content, q):
        # The hit's own place, when it is a section or a moment, and every other place.
        linked = hit["section"] is not None or hit["t"] is not None
        for place in [hit] * linked + hit["matches"]:
            checked += 1
            marked = _marked(place["snippet"])
            assert marked, (hit["id"], place["url"])
            # A partial match (after the full ones) shows what it holds, maybe a synonym.
            if _by_typed_words(hit) and not hit["missing"]:
                assert any(m.startswith(f) for m in marked for f in forms), (hit["id"], place)
    assert checked >= 3


@pytest.mark.parametrize("q", TWO_WORDS[2:])
def test_a_place_of_a_two_word_query_holds_both_words(content, q):
    first, second = _forms_of(q)
    checked = 0
    for hit in _ask(content, q):
        doc = content.stored_document(hit["id"])
        for place in hit["matches"] if _by_typed_words(hit) else ():
            checked += 1
            text = _section(doc, place)["heading"] + " " + _section(doc, place)["text"]
            words = {fold(w) for w in re.findall(r"\w+", text)}
            assert any(w.startswith(first) for w in words), (hit["id"], place["url"])
            assert any(w.startswith(second) for w in words), (hit["id"], place["url"])
    assert checked


def _text(doc: dict[str, Any]) -> str:
    return "\n".join([doc["title"], doc["summary"], *(s["text"] for s in doc["sections"])])


@pytest.mark.parametrize("word", ["refugiados", "hermanamiento", "Mercociudades", "migrantes"])
def test_a_word_found_as_typed_is_typed_never_a_synonym(content, word):
    checked = 0
    for hit in _ask(content, word):
        text = _text(content.stored_document(hit["id"]))
        reasons = [r for r in hit["matched"] if r["query"] == word]
        if _says(text, word):
            checked += 1
            assert not [r for r in reasons if r["via"] == "synonym"], (hit["id"], reasons)
            assert [r for r in reasons if r["via"] == "typed" and fold(r["found"]) == fold(word)]
    assert checked >= 2


@pytest.mark.parametrize(
    "q", ["migración", "hermanamiento", "jumelage", "presupuesto participativo", "Mercociudades"]
)
def test_a_synonym_is_a_reason_only_where_the_typed_words_are_missing(content, q):
    synonyms = 0
    for hit in _ask(content, q):
        text = _text(content.stored_document(hit["id"]))
        for reason in hit["matched"]:
            if reason["via"] == "synonym":
                synonyms += 1
                assert not _says(text, reason["query"]), (hit["id"], reason)
    assert synonyms  # some documents are found through the taxonomy


@pytest.mark.parametrize(("name", "common"), [("milan", "mil"), ("quito", "quit")])
def test_a_name_is_never_explained_by_a_common_word_it_shares_a_stem_with(content, name, common):
    for hit in _ask(content, name):
        for reason in hit["matched"]:
            if reason["query"] == name:
                assert fold(reason["found"]) == name, (hit["id"], reason)


def test_a_stem_reason_is_the_same_word_in_the_documents_language(content):
    # English "planning" and Spanish "plan" share a stem only by the English stemmer.
    stems = 0
    for hit in _ask(content, "planning"):
        for reason in hit["matched"]:
            if reason["via"] == "stem":
                stems += 1
                assert hit["language"] == "en", (hit["id"], reason)
    assert stems
