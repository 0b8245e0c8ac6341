"""Citations for trainers: APA 7 and BibTeX of a document or a section."""

from __future__ import annotations

import re
from typing import Any

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _apa_date(date: str) -> str:
    parts = date.split("-")
    if len(parts) >= 2:
        month = MONTHS[int(parts[1]) - 1]
        return f"{parts[0]}, {month}{' ' + str(int(parts[2])) if len(parts) == 3 else ''}"
    return parts[0]


def _apa_author(name: str) -> str:
    words = name.split()
    if len(words) < 2 or name.lower().startswith(("equipo", "team")):
        return name
    return f"{words[-1]}, {' '.join(w[0] + '.' for w in words[:-1])}"


def apa(doc: dict[str, Any], url: str, site: str = "kb", title: str | None = None) -> str:
    """``Author. (2014, May). Title [Webinar]. kb. URL``; ``title`` names a section."""
    names = list(doc.get("authors") or doc.get("speakers") or []) or [site]
    authors = [_apa_author(n) for n in names]
    if len(authors) > 1:
        authors = [", ".join(authors[:-1]) + ", & " + authors[-1]]
    kind = {"webinar": " [Webinar]", "notebook": " [Guide]"}.get(doc["type"], "")
    author = authors[0]
    ending = "" if author.endswith(".") else "."
    title = title or doc["title"]
    return f"{author}{ending} ({_apa_date(doc['date'])}). {title}{kind}. {site}. {url}"


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


def _bibtex_escape(text: str) -> str:
    return re.sub(r"[\\~^{}%&$#_]", lambda m: _BIBTEX_SPECIAL[m.group()], text)


def entry_key(doc: dict[str, Any]) -> str:
    """``montevideohermanamientos2014``: the slug's letters and digits, then the year."""
    return re.sub(r"[^a-z0-9]+", "", doc["slug"].lower())[:40] + doc["date"][:4]


def bibtex(doc: dict[str, Any], url: str, key: str | None = None, title: str | None = None) -> str:
    """A ``@misc`` entry; a section's URL and ``title`` give a section's citation."""
    names = list(doc.get("authors") or doc.get("speakers") or []) or ["kb"]
    fields = {
        "title": "{" + _bibtex_escape(title or doc["title"]) + "}",
        "author": " and ".join("{" + _bibtex_escape(n) + "}" for n in names),
        "year": doc["date"][:4],
        "howpublished": r"\url{" + url + "}",
        "url": url,
        "note": {"case": "Case study", "notebook": "Notebook", "webinar": "Webinar"}[doc["type"]],
        "language": doc.get("language", "es"),
    }
    if len(doc["date"]) >= 7:
        fields["month"] = MONTHS[int(doc["date"][5:7]) - 1][:3].lower()
    body = ",\n".join(
        f"  {k} = {{{v}}}" if k not in ("year", "month") else f"  {k} = {v}"
        for k, v in fields.items()
    )
    return f"@misc{{{key or entry_key(doc)},\n{body}\n}}"


def section_title(doc: dict[str, Any], heading: str) -> str:
    """``Document — Section``: how a section is named in its citation."""
    return f"{doc['title']} — {heading}"
