"""The text of a new content file: every front-matter key, explained, with valid values."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from dataclasses import dataclass

from kb.analysis import fold
from kb.documents import FOLDER_OF_TYPE, TYPES
from kb.taxonomy import Taxonomy

SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")  # as indexer.validate accepts
LANGUAGES = ("es", "pt", "en", "fr")
EXAMPLE_COUNTRY = {"es": "UY", "pt": "BR", "en": "GB", "fr": "FR"}

# Section headings of each type's skeleton, per language of the text.
SECTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "case": {
        "es": ("Contexto", "Qué se hizo", "Resultados", "Lecciones", "Fuentes"),
        "pt": ("Contexto", "O que foi feito", "Resultados", "Lições", "Fontes"),
        "en": ("Background", "What was done", "Results", "Lessons", "Sources"),
        "fr": ("Contexte", "Ce qui a été fait", "Résultats", "Enseignements", "Sources"),
    },
    "notebook": {
        "es": ("Capítulo 1: primer tema", "Capítulo 2: segundo tema", "Bibliografía y fuentes"),
        "pt": ("Capítulo 1: primeiro tema", "Capítulo 2: segundo tema", "Bibliografia e fontes"),
        "en": ("Chapter 1: first topic", "Chapter 2: second topic", "Bibliography and sources"),
        "fr": ("Chapitre 1 : premier thème", "Chapitre 2 : second thème", "Bibliographie"),
    },
    "webinar": {
        "es": ("Sobre el webinar", "Ponentes", "Transcripción"),
        "pt": ("Sobre o webinar", "Palestrantes", "Transcrição"),
        "en": ("About the webinar", "Speakers", "Transcript"),
        "fr": ("À propos du webinaire", "Intervenants", "Transcription"),
    },
}
SUBSECTION = {"es": "Un apartado", "pt": "Uma seção", "en": "A subsection", "fr": "Une section"}
SPEAKERS = {
    "es": ("Moderadora", "Ponente"),
    "pt": ("Moderadora", "Palestrante"),
    "en": ("Moderator", "Speaker"),
    "fr": ("Modératrice", "Intervenant"),
}
GREETING = {
    "es": ("Bienvenidas y bienvenidos.", "Gracias por la invitación."),
    "pt": ("Bem-vindas e bem-vindos.", "Obrigado pelo convite."),
    "en": ("Welcome, everyone.", "Thank you for having me."),
    "fr": ("Bienvenue à toutes et à tous.", "Merci pour l'invitation."),
}
GUIDE = {
    "case": (
        "What situation or problem started the practice: the city, the years, who took part.",
        "What the local government did, step by step, with whom, and with what money.",
        "What changed, with figures and dates where there are any.",
        "What another city should know before trying it: conditions, mistakes, limits.",
        "Publications, reports and web pages this case relies on, one per line.",
    ),
    "notebook": (
        "A chapter: each '##' heading is a section that search results can point to.",
        "Use '###' headings inside a chapter for its parts.",
        "The works this notebook cites.",
    ),
    "webinar": (
        "What the webinar was about, in a few paragraphs.",
        "Who spoke, and in what role.",
        "The transcript: one paragraph per turn, [hh:mm:ss] or [mm:ss], the speaker's name, a"
        " colon, the text. A .vtt or .srt file with this file's name can replace it.",
    ),
}
INTRO = "An opening paragraph: what this {kind} is about (the summary when 'summary' is empty)."
PART = "A part of the chapter."
KIND = {"case": "case study", "notebook": "notebook", "webinar": "webinar"}


@dataclass(frozen=True)
class Examples:
    """The example values kb new writes in the front matter of a new document.

    ``kb check`` warns of the ones a document still carries (indexer/scaffold_leftovers.py):
    both read them from here.
    """

    title: str
    country: str | None  # a case's example country; other types get none
    theme: str | None  # the first theme of the taxonomy
    speakers: tuple[str, ...]  # a webinar's example speakers

    @classmethod
    def of(cls, doc_type: str, slug: str, taxonomy: Taxonomy, language: str) -> Examples:
        return cls(
            title=example_title(slug),
            country=EXAMPLE_COUNTRY.get(language) if doc_type == "case" else None,
            theme=next(iter(taxonomy.themes), None),
            speakers=SPEAKERS.get(language, ()) if doc_type == "webinar" else (),
        )


def comment(text: str) -> str:
    """A guide line of the body skeleton: an HTML comment, which never reaches the site."""
    return f"<!-- {text} -->"


def example_turns(language: str) -> tuple[str, str]:
    """The two turns of a webinar skeleton's transcript, in ``language``."""
    (host, guest), (hello, thanks) = SPEAKERS[language], GREETING[language]
    return f"[00:00:05] {host}: {hello}", f"[00:00:30] {guest}: {thanks}"


# Every guide comment and example turn a skeleton holds, of any type and language.
SKELETON_COMMENTS = frozenset(
    comment(text)
    for text in (
        *(INTRO.format(kind=kind) for kind in TYPES),
        *(guide for guides in GUIDE.values() for guide in guides),
        PART,
    )
)
EXAMPLE_TURNS = frozenset(turn for language in LANGUAGES for turn in example_turns(language))


def suggest_slug(text: str) -> str:
    """A valid slug close to ``text``: lowercase, no accents, words joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(text).lower()))


def is_slug(text: str) -> bool:
    return bool(SLUG_RE.match(text))


def example_title(slug: str) -> str:
    """The title kb new makes from the slug: its words, the first capitalised."""
    words = re.split(r"[-_]+", slug)
    return " ".join(words).capitalize()


def _ids(label: str, ids: list[str]) -> list[str]:
    """Comment lines listing the valid ids of a taxonomy key."""
    if not ids:
        return [f"#   {label}: none in taxonomy.yml"]
    text = f"{label}: " + ", ".join(ids)
    return [
        "#   " + line
        for line in textwrap.wrap(
            text, 84, subsequent_indent="  ", break_on_hyphens=False, break_long_words=False
        )
    ]


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML string


_PUBLICATION_KEYS = (
    "# published: when this text was published (YYYY-MM-DD), if not the day kb first",
    "# indexes it; citations use it, never 'date' (when the practice happened).",
    "published:",
    "# illustrative: true when people, dates or figures were written for the product,",
    "# not recorded: the page and its citations then warn readers not to cite them.",
    "illustrative: false",
)


def front_matter(
    doc_type: str, slug: str, taxonomy: Taxonomy, today: dt.date, language: str = "es"
) -> str:
    """Every key of the content format, a comment explaining it, and a valid value."""
    themes = list(taxonomy.themes)
    networks = list(taxonomy.networks)
    kind = KIND[doc_type]
    folder = FOLDER_OF_TYPE[doc_type]
    examples = Examples.of(doc_type, slug, taxonomy, language)
    country = f"[{examples.country or ''}]"
    speakers = f"[{', '.join(examples.speakers)}]"
    lines = [
        "---",
        f"# A new {kind}. Each key has a comment above it: replace the example values, then",
        "# run 'kb check'. 'required' keys must stay; the others may be left empty or removed.",
        "",
        "# title (required): the title shown in results and on the page. Keep the quotes",
        "# when it contains a colon.",
        f"title: {_quoted(examples.title)}",
        "# date (required): when it happened or was published: YYYY-MM-DD, YYYY-MM or YYYY.",
        f"date: {today.isoformat()}",
        "# language: of the text, an ISO 639-1 code; es, pt, en and fr get their own",
        "# stemming and stop words, others a plain analysis. Default: es.",
        f"language: {language}",
        "# countries"
        + (" (required for cases)" if doc_type == "case" else "")
        + ": ISO 3166-1 alpha-2 codes, such as [UY, BR, ES].",
        f"countries: {country}",
        "# city: a city or a list of them, such as [Montevideo, Rosario].",
        "city: []",
        "# themes (required, at least one): ids from taxonomy.yml.",
        *_ids("themes", themes),
        f"themes: [{examples.theme or ''}]",
        "# networks: the city networks involved, ids from taxonomy.yml.",
        *_ids("networks", networks),
        "networks: []",
        "# summary: one paragraph shown under the title in results; when empty, the first",
        "# paragraph of the text is used.",
        "summary:",
        "# authors: who wrote this document, such as [Equipo kb].",
        "authors: []",
        "# speakers: the people who speak in a webinar, named as in its transcript.",
        f"speakers: {speakers}",
        "# video: the web address (https://...) of the recording; results link to it at the",
        "# minute they matched.",
        "video:",
        "# source: the web address (https://...) of the original publication.",
        "source:",
        "# tags: free keywords that are not themes, such as [presupuesto participativo].",
        "tags: []",
        "# redirect_from: former slugs of this document, if it is ever renamed: links to",
        f"# /{folder}/OLD-SLUG then answer with a permanent redirect to /{folder}/{slug}.",
        "redirect_from: []",
        *_PUBLICATION_KEYS,
        "---",
    ]
    return "\n".join(lines) + "\n"


def body(doc_type: str, language: str = "es") -> str:
    """The skeleton of the text: the sections a document of this type usually has."""
    parts = [comment(INTRO.format(kind=doc_type)), ""]
    headings = SECTIONS[doc_type][language]
    for position, (heading, guide) in enumerate(zip(headings, GUIDE[doc_type], strict=True)):
        if doc_type == "webinar" and position == len(headings) - 1:
            parts += [comment(guide), "", f"## {heading}", ""]  # only turns after it
            continue
        parts += [f"## {heading}", "", comment(guide), ""]
        if doc_type == "notebook" and position == 0:
            parts += [f"### {SUBSECTION[language]}", "", comment(PART), ""]
    if doc_type == "webinar":
        first, second = example_turns(language)
        parts += [first, "", second, ""]
    return "\n".join(parts)


def scaffold(
    doc_type: str, slug: str, taxonomy: Taxonomy, today: dt.date, language: str = "es"
) -> str:
    """The whole new file."""
    if doc_type not in TYPES:
        raise ValueError(f"unknown type {doc_type!r}")
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    return front_matter(doc_type, slug, taxonomy, today, language) + "\n" + body(doc_type, language)
