"""Citations for trainers: a document or a section as CSL-JSON, BibTeX and RIS.

The CSL-JSON item is the one description every format starts from: its ``issued`` date
is when the text was published in the knowledge base (``published``), never the date of
the practice it tells; names are split into family and given names. The formatted styles
(APA, Chicago) are CSL's business: ``web.citations`` runs citeproc-py on this item.
"""

from __future__ import annotations

import re
from typing import Any

import rispy
from nameparser import HumanName
from rispy.writer import RisWriter

PUBLISHER = "kb"
# Names that are a group, not a person: cited whole ("Equipo kb"), never "kb, E.".
_GROUPS = ("equipo", "equipe", "équipe", "team", "red ", "rede ", "network", "réseau")
GENRES = {
    "case": {"es": "Caso", "pt": "Caso", "en": "Case study", "fr": "Étude de cas"},
    "notebook": {"es": "Cuaderno", "pt": "Caderno", "en": "Guide", "fr": "Guide"},
    "webinar": {"es": "Webinar", "pt": "Webinar", "en": "Webinar", "fr": "Webinaire"},
}
ILLUSTRATIVE = {
    "es": "Contenido ilustrativo: personas, fechas y cifras escritas para el producto, no un "
    "registro de hechos",
    "pt": "Conteúdo ilustrativo: pessoas, datas e números escritos para o produto, não um "
    "registro de fatos",
    "en": "Illustrative content: people, dates and figures written for the product, not a "
    "record of facts",
    "fr": "Contenu illustratif : personnes, dates et chiffres écrits pour le produit, non "
    "un compte rendu de faits",
}


def person(name: str) -> dict[str, str]:
    """A CSL name: ``{"family": "Lerebours", "given": "Sophie"}``; a group or a single
    word stays whole (``{"literal": "Equipo kb"}``). ``Pérez García, Ana`` says which
    words are the family name when the last word alone is not."""
    if " " not in name.strip() or name.lower().startswith(_GROUPS):
        return {"literal": name.strip()}
    parsed = HumanName(name)
    given = " ".join(p for p in (parsed.title, parsed.first, parsed.middle) if p)
    if not parsed.last or not given:
        return {"literal": name.strip()}
    return {"family": parsed.last, "given": given}


def people(doc: dict[str, Any]) -> list[dict[str, str]]:
    """The document's authors (a webinar's speakers), else the knowledge base itself."""
    names = list(doc.get("authors") or doc.get("speakers") or [])
    return [person(n) for n in names] or [{"literal": PUBLISHER}]


def _date_parts(date: str) -> dict[str, Any] | None:
    parts = [int(p) for p in date.split("-") if p.isdigit()]
    return {"date-parts": [parts]} if parts else None


def entry_key(doc: dict[str, Any]) -> str:
    """``montevideohermanamientos2014``: the slug's letters and digits, then the year of
    the practice (a stable name for the entry, not a claim about its publication)."""
    return re.sub(r"[^a-z0-9]+", "", doc["slug"].lower())[:40] + doc["date"][:4]


def section_title(doc: dict[str, Any], heading: str) -> str:
    """``Document — Section``: how a section is named in its citation."""
    return f"{doc['title']} — {heading}"


def csl_item(
    doc: dict[str, Any], url: str, ui: str = "es", key: str | None = None, title: str | None = None
) -> dict[str, Any]:
    """The document (or, with ``title`` and a section's ``url``, a section) as a CSL-JSON
    item; genre and notes in the interface's language ``ui``."""
    ui = ui if ui in ILLUSTRATIVE else "es"
    item: dict[str, Any] = {
        "id": key or entry_key(doc),
        "type": "webpage",
        "title": title or doc["title"],
        "author": people(doc),
        "genre": GENRES[doc["type"]][ui],
        "container-title": PUBLISHER,  # the site; APA and Chicago name it once
        "URL": url,
        "language": doc.get("language", "es"),
    }
    issued = _date_parts(doc.get("published") or "")
    if issued:
        item["issued"] = issued
    if doc.get("summary"):
        item["abstract"] = doc["summary"]
    if doc.get("illustrative"):
        item["note"] = ILLUSTRATIVE[ui]
    return item


# LaTeX's special characters as text: a title never carries a command (``\input``,
# ``\write18``), and its braces stay balanced (BibTeX counts ``\{`` as a brace, so one
# ``}`` would close the field and let the rest of the title write fields of its own).
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    **{c: "\\" + c for c in "%&$#_"},
}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _bibtex_escape(text: str) -> str:
    return re.sub(r"[\\~^{}%&$#_]", lambda m: _BIBTEX_SPECIAL[m.group()], text)


def _bibtex_name(name: dict[str, str]) -> str:
    """``Lerebours, Sophie``; a group in braces, so that BibTeX never splits it."""
    if "literal" in name:
        return "{" + _bibtex_escape(name["literal"]) + "}"
    return _bibtex_escape(f"{name['family']}, {name['given']}")


def bibtex_of(item: dict[str, Any]) -> str:
    """A ``@misc`` entry of a CSL item: names as ``Family, Given``, the publication date."""
    fields = {
        "title": "{" + _bibtex_escape(item["title"]) + "}",
        "author": " and ".join(_bibtex_name(n) for n in item["author"]),
        "howpublished": r"\url{" + item["URL"] + "}",
        "url": item["URL"],
        "publisher": PUBLISHER,
        "note": _bibtex_escape("; ".join(filter(None, (item["genre"], item.get("note"))))),
        "language": item["language"],
    }
    numbers = {}
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    if parts:
        numbers["year"] = str(parts[0])
    if len(parts) >= 2:
        numbers["month"] = _MONTHS[parts[1] - 1]
    body = [f"  {k} = {{{v}}}" for k, v in fields.items()]
    body += [f"  {k} = {v}" for k, v in numbers.items()]
    return f"@misc{{{item['id']},\n" + ",\n".join(body) + "\n}"


def bibtex(doc: dict[str, Any], url: str, key: str | None = None, title: str | None = None) -> str:
    """The BibTeX of a document; a section's ``url`` and ``title`` give a section's."""
    return bibtex_of(csl_item(doc, url, "en", key, title))


def _ris_name(name: dict[str, str]) -> str:
    return name.get("literal") or f"{name['family']}, {name['given']}"


class _Writer(RisWriter):
    """rispy's RIS writer without its numbered line before each reference."""

    def set_header(self, count: int) -> str:
        return ""


def ris_record(item: dict[str, Any], kind: str, keywords: list[str]) -> dict[str, Any]:
    """A CSL item as a rispy reference (``ELEC`` web page; ``VIDEO`` for a webinar)."""
    record: dict[str, Any] = {
        "type_of_reference": "VIDEO" if kind == "webinar" else "ELEC",
        "id": item["id"],
        "title": item["title"],
        "authors": [_ris_name(n) for n in item["author"]],
        "type_of_work": item["genre"],
        "secondary_title": item["container-title"],
        "publisher": PUBLISHER,
        "urls": [item["URL"]],
        "language": item["language"],
        "notes": [item["note"]] if item.get("note") else [],
        "keywords": keywords,
    }
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    if parts:
        record["year"] = str(parts[0])
        record["date"] = "/".join(f"{p:02d}" for p in parts) + "/" * (4 - len(parts))
    if item.get("abstract"):
        record["abstract"] = item["abstract"]
    return {k: v for k, v in record.items() if v != []}


def ris(records: list[dict[str, Any]]) -> str:
    """RIS text of rispy references (one ``TY`` … ``ER`` block each)."""
    return str(rispy.dumps(records, implementation=_Writer))
