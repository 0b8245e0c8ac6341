"""Readers turn Markdown, WebVTT, SubRip and in-file transcripts into sections and passages."""

from __future__ import annotations

from indexer.readers import read_document
from indexer.readers.taxonomy import read_taxonomy
from tests.conftest import TODAY
from tests.corpus import FILES

TAXONOMY, _ = read_taxonomy(FILES["taxonomy.yml"].encode(), "taxonomy.yml")


def read(path: str, transcript: str | None = None):
    doc_type = {"cases": "case", "notebooks": "notebook", "webinars": "webinar"}[path.split("/")[0]]
    slug = path.rsplit("/", 1)[1].rsplit(".", 1)[0]
    result = read_document(
        FILES[path].encode(),
        path,
        doc_type,
        slug,
        TAXONOMY,
        TODAY,
        FILES[transcript].encode() if transcript else None,
        transcript,
    )
    assert result.document is not None, [str(p) for p in result.problems]
    return result.document


def test_markdown_sections_anchors_and_introduction():
    doc = read("cases/montevideo-hermanamientos.md")
    assert [(s.anchor, s.heading) for s in doc.sections] == [
        (None, ""),
        ("contexto", "Contexto"),
        ("resultados", "Resultados"),
        ("fuentes", "Fuentes"),
    ]
    assert doc.sections[0].text.startswith("Montevideo firmó acuerdos")
    assert "hermanamientos renovados" in doc.sections[2].text
    assert doc.countries == ("UY", "ES") and doc.cities == ("Montevideo",)
    assert '<h2 id="resultados">' in doc.body_html


def test_heading_anchor_drops_accents_and_can_be_pinned():
    text = FILES["cases/rosario-migrantes.md"].replace(
        "## Lecciones", "## Lecciones aprendidas en Córdoba\n\n## Nuevo título {#viejo-ancla}"
    )
    result = read_document(text.encode(), "cases/x.md", "case", "x", TAXONOMY, TODAY)
    anchors = [s.anchor for s in result.document.sections]
    assert "lecciones-aprendidas-en-cordoba" in anchors and "viejo-ancla" in anchors
    assert "que-se-hizo" in anchors


def test_sections_keep_their_heading_line_and_whether_their_anchor_is_pinned():
    body = (
        "Intro.\n\n## 1. Contexto\n\nA.\n\n```\n## not a heading\n```\n\n"
        "## Qué se *hizo* en [Rosario](https://rosario.gob.ar) {#que-se-hizo}\n\nB.\n\n"
        "Lecciones\n---------\n\nC.\n\n## Fuentes\n\nD.\n\n## Fuentes\n\nE.\n"
    )
    text = FILES["cases/rosario-migrantes.md"].split("\n---\n", 1)[0] + "\n---\n" + body
    result = read_document(text.encode(), "cases/x.md", "case", "x", TAXONOMY, TODAY)
    lines = text.split("\n")
    found = [(s.anchor, s.line and lines[s.line - 1], s.pinned) for s in result.document.sections]
    assert found == [
        (None, None, False),
        ("1-contexto", "## 1. Contexto", False),
        (
            "que-se-hizo",
            "## Qué se *hizo* en [Rosario](https://rosario.gob.ar) {#que-se-hizo}",
            True,
        ),
        ("lecciones", "Lecciones", False),
        ("fuentes", "## Fuentes", False),
        ("fuentes_1", "## Fuentes", False),
    ]
    assert result.document.sections[-1].line == len(lines) - 3  # the second one


def test_summary_defaults_to_first_paragraph():
    doc = read("notebooks/guia-oficina.md")
    assert doc.summary == "Una guía práctica en varios capítulos."


def test_webvtt_voice_tags_give_speakers_and_passages_of_about_half_a_minute():
    doc = read("webinars/agua-ciudades.md", "webinars/agua-ciudades.vtt")
    passages = [s for s in doc.sections if s.t is not None]
    # A turn splits a passage once it lasts 12 s; a passage closes at a sentence end past
    # 30 s; Laura's short closing question joins Pablo's last passage.
    assert [(p.t, p.speaker) for p in passages] == [
        (1, "Laura Méndez"),
        (21, "Pablo Ruiz"),
        (70, "Pablo Ruiz"),
    ]
    assert passages[2].text.startswith("La diplomacia del agua une a Quito y Lyon")
    assert doc.sections[0].anchor == "sobre-el-webinar"


def test_srt_speaker_prefix_opens_a_turn_and_carries_on():
    doc = read("webinars/redes-srt.md", "webinars/redes-srt.srt")
    passages = [s for s in doc.sections if s.t is not None]
    assert [(p.t, p.speaker) for p in passages] == [(0, "Marta Díaz"), (35, "Jorge Paz")]
    assert passages[0].text == (
        "Buenas tardes a todas las personas conectadas. Hoy hablamos de redes de ciudades."
    )


def test_transcript_inside_markdown():
    doc = read("webinars/migrar-juntos.md")
    passages = [(s.t, s.speaker) for s in doc.sections if s.t is not None]
    assert passages == [(5, "Ana Sosa"), (40, "Juan Gil"), (130, "Ana Sosa"), (754, "Juan Gil")]
    assert all(s.heading != "Transcripción" for s in doc.sections)


def test_long_turn_is_split_into_passages_of_at_most_a_minute():
    cues = "\n\n".join(
        f"00:{m:02d}:{s:02d}.000 --> 00:{m:02d}:{s + 9:02d}.000\n<v Ana>Frase número {i}."
        for i, (m, s) in enumerate((i // 6, (i % 6) * 10) for i in range(18))
    )
    text = FILES["webinars/agua-ciudades.md"]
    result = read_document(
        text.encode(),
        "w.md",
        "webinar",
        "w",
        TAXONOMY,
        TODAY,
        f"WEBVTT\n\n{cues}\n".encode(),
        "w.vtt",
    )
    starts = [s.t for s in result.document.sections if s.t is not None]
    assert starts == [0, 40, 80, 120, 160]  # closes at a sentence end once past 30 s
