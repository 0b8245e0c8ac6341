"""Front matter against the content contract: normalised values and precise problems."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from indexer.frontmatter import FrontMatter
from indexer.gazetteer import gazetteer
from kb.analysis import fold
from kb.errors import Problem
from kb.names import is_country, is_language, suggest_country, suggest_language
from kb.taxonomy import Taxonomy

KNOWN_KEYS = {
    "title",
    "date",
    "language",
    "countries",
    "city",
    "themes",
    "networks",
    "summary",
    "authors",
    "speakers",
    "video",
    "source",
    "tags",
    "redirect_from",
    "published",
    "illustrative",
}
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


@dataclass
class Metadata:
    """The validated front matter of one document."""

    values: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # kind → ids that a faulty taxonomy.yml does not define: not reported one by one, and
    # the document is not published until the taxonomy is fixed
    unchecked: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.unchecked and not any(not p.warning for p in self.problems)


class ProblemAt(Protocol):
    """Records a problem at a key of the front matter (or an item of it)."""

    def __call__(
        self,
        key: str,
        message: str,
        *where: Any,
        suggestion: str | None = None,
        warning: bool = False,
    ) -> None: ...


def validate(
    fm: FrontMatter, path: str, doc_type: str, taxonomy: Taxonomy | None, today: dt.date
) -> Metadata:
    """Check every key of ``fm``; collect all problems rather than stop at the first."""
    meta = Metadata()
    data = fm.data

    def problem(
        key: str, message: str, *where: Any, suggestion: str | None = None, warning: bool = False
    ) -> None:
        meta.problems.append(Problem(path, fm.line(key, *where), key, message, suggestion, warning))

    meta.problems.extend(_duplicates(fm, path))
    meta.values.update(_title(data, problem))
    meta.values["date"] = _date(data.get("date"), today, problem)
    meta.values["language"] = _language(data, problem)
    meta.values["countries"] = _countries(data, doc_type, problem)
    meta.values["cities"] = tuple(_strings(data, "city", problem))
    meta.values["places"] = tuple(
        gazetteer().place(city, meta.values["countries"]) for city in meta.values["cities"]
    )
    meta.values.update(_themes_and_networks(data, taxonomy, problem, meta.unchecked))
    meta.values.update(_texts(data, problem))
    meta.values["redirect_from"] = _redirects(data, problem)
    published = data.get("published")
    meta.values["published"] = (
        "" if published is None else _date(published, today, problem, "published")
    )
    meta.values["illustrative"] = _flag(data, "illustrative", problem)
    meta.values["extra"] = {k: _plain(v) for k, v in data.items() if k not in KNOWN_KEYS}
    return meta


def _duplicates(fm: FrontMatter, path: str) -> list[Problem]:
    return [
        Problem(
            path,
            line,
            key,
            "this key appears twice; the last value wins: keep only one",
            warning=True,
        )
        for key, line in fm.duplicates
    ]


def _title(data: dict[str, Any], problem: ProblemAt) -> dict[str, str]:
    """``{"title": ...}``, or nothing when the title is missing or not text."""
    title = data.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        problem("title", "missing title: add 'title: ...' to the front matter")
    elif not isinstance(title, str | int | float):
        problem("title", "the title must be a single line of text")
    else:
        return {"title": str(title).strip()}
    return {}


def _language(data: dict[str, Any], problem: ProblemAt) -> str:
    """The two-letter language of the document (``es`` when it is unknown)."""
    language = data.get("language", "es")
    if not isinstance(language, str) or not is_language(language):
        problem(
            "language",
            f"unknown language code {language!r}: use an ISO 639-1 code such as es, pt, en or fr",
            suggestion=suggest_language(str(language)),
        )
        language = "es"
    language = language.split("-")[0].split("_")[0].lower()
    if language not in ("es", "pt", "en", "fr"):
        problem(
            "language",
            f"{language!r} gets a plain analysis (no stemming or stop words); "
            "es, pt, en and fr get their own",
            warning=True,
        )
    return language


def _countries(data: dict[str, Any], doc_type: str, problem: ProblemAt) -> tuple[str, ...]:
    """The ISO codes of the countries, upper case; a case needs the key."""
    valid = []
    for index, code in enumerate(_strings(data, "countries", problem)):
        if len(code) == 2 and is_country(code):
            valid.append(code.upper())
        else:
            problem(
                "countries",
                f"unknown country code {code!r}: use ISO 3166-1 alpha-2 codes",
                index,
                suggestion=suggest_country(code),
            )
    if doc_type == "case" and "countries" not in data:
        problem("countries", "a case needs 'countries: [..]' (ISO codes such as UY, BR, ES)")
    return tuple(dict.fromkeys(valid))


def _themes_and_networks(
    data: dict[str, Any],
    taxonomy: Taxonomy | None,
    problem: ProblemAt,
    unchecked: dict[str, tuple[str, ...]],
) -> dict[str, tuple[str, ...]]:
    """The theme and network ids that the taxonomy knows (all of them without one).

    Ids missing from a faulty kind of the taxonomy go to ``unchecked``, not to problems:
    the taxonomy's own error is their cause."""
    themes = _strings(data, "themes", problem)
    if not themes:
        problem(
            "themes",
            "at least one theme is required: 'themes: [id, ...]' with ids from taxonomy.yml",
        )
    found = {}
    for key, ids in (("themes", themes), ("networks", _strings(data, "networks", problem))):
        if taxonomy is None:
            found[key] = tuple(ids)
            continue
        known = taxonomy.themes if key == "themes" else taxonomy.networks
        if key in taxonomy.faulty and any(value not in known for value in ids):
            unchecked[key] = tuple(dict.fromkeys(v for v in ids if v not in known))
            ids = [value for value in ids if value in known]
        found[key] = _concepts(ids, key, known, problem)
    return found


def _texts(data: dict[str, Any], problem: ProblemAt) -> dict[str, Any]:
    """The summary, the lists of names and tags, and the web addresses."""
    values: dict[str, Any] = {}
    summary = data.get("summary")
    if summary is not None and not isinstance(summary, str):
        problem("summary", "must be text")
    values["summary"] = summary.strip() if isinstance(summary, str) else ""
    for key in ("authors", "speakers", "tags"):
        values[key] = tuple(_strings(data, key, problem))
    for key in ("video", "source"):
        value = data.get(key)
        values[key] = None
        if value is None:
            continue
        if not isinstance(value, str) or not re.match(r"^https?://\S+$", value):
            problem(key, f"not a web address: {value!r} (it must start with https://)")
        else:
            values[key] = value
    return values


def _redirects(data: dict[str, Any], problem: ProblemAt) -> tuple[str, ...]:
    """The former slugs of the document (``redirect_from``) that are slugs."""
    redirects = _strings(data, "redirect_from", problem)
    for index, slug in enumerate(redirects):
        if not SLUG_RE.match(slug):
            problem(
                "redirect_from",
                f"{slug!r} is not a slug (lowercase letters, digits and "
                "hyphens, as in a file name without .md)",
                index,
            )
    return tuple(s for s in redirects if SLUG_RE.match(s))


def _flag(data: dict[str, Any], key: str, problem: ProblemAt) -> bool:
    """A yes-or-no key (``illustrative: true``); absent means no."""
    value = data.get(key, False)
    if not isinstance(value, bool):
        problem(key, f"must be true or false, not {value!r}")
        return False
    return value


def _date(value: Any, today: dt.date, problem: ProblemAt, key: str = "date") -> str:
    """The date as written (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), or "" when wrong."""
    if value is None:
        problem(key, "missing date: add 'date: YYYY-MM-DD' (or YYYY-MM, or YYYY)")
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value).strip()
    found = DATE_RE.match(text)
    if not found:
        problem(key, f"{text!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
        return ""
    year = int(found.group(1))
    month, day = (int(part or 0) or 1 for part in found.group(2, 3))  # YYYY-MM: the 1st
    try:
        start = dt.date(year, month, day)
    except ValueError as error:
        problem(key, f"{text!r} is not a real date ({error})")
        return ""
    if year < 1800:
        problem(key, f"{text!r} is too far in the past for this knowledge base")
        return ""
    if start > today + dt.timedelta(days=366):
        problem(key, f"{text!r} is more than a year in the future")
        return ""
    if start > today:
        problem(key, f"{text!r} is in the future", warning=True)
    return text


def _strings(data: dict[str, Any], key: str, problem: ProblemAt) -> list[str]:
    """A key that takes a string or a list of strings, as a list."""
    value = data.get(key)
    if value is None:
        return []
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list):
        problem(key, "must be a list such as [a, b] or a single value")
        return []
    found = []
    for index, item in enumerate(value):
        if isinstance(item, str | int | float) and not isinstance(item, bool) and str(item).strip():
            found.append(str(item).strip())
        else:
            problem(key, f"item {index + 1} must be text, not {type(item).__name__}", index)
    return found


def _concepts(
    ids: list[str], key: str, known: dict[str, Any], problem: ProblemAt
) -> tuple[str, ...]:
    valid = []
    names: dict[str, str] = {}
    for index, value in enumerate(ids):
        if value in known:
            valid.append(value)
            continue
        if not names:  # labels and synonyms, folded: only when a value is unknown
            for concept in known.values():
                names[fold(concept.id)] = concept.id
                for _lang, text in concept.terms():
                    names.setdefault(fold(text), concept.id)
        suggestion = names.get(fold(value))
        if suggestion is None:
            close = difflib.get_close_matches(fold(value), list(names), n=1, cutoff=0.6)
            suggestion = names[close[0]] if close else None
        kind = "theme" if key == "themes" else "network"
        problem(
            key,
            f"unknown {kind} id {value!r}: use an id from taxonomy.yml",
            index,
            suggestion=suggestion,
        )
    return tuple(dict.fromkeys(valid))


def _plain(value: Any) -> Any:
    """A JSON-ready copy of a YAML value."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
