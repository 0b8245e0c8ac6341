"""Country and language codes: validity, names per language (CLDR via Babel), suggestions."""

from __future__ import annotations

import difflib
from functools import cache

import pycountry
from babel import Locale

from kb.analysis import LANGUAGES, fold

UI_LANGUAGES = LANGUAGES


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang if lang in UI_LANGUAGES else "es")


@cache
def country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code."""
    return frozenset(c.alpha_2 for c in pycountry.countries)


def is_country(code: str) -> bool:
    return code.upper() in country_codes()


def country_name(code: str, lang: str = "es") -> str:
    """The country's name in ``lang`` (``BR`` → ``Brasil`` in es, ``Brazil`` in en)."""
    code = code.upper()
    name = _locale(lang).territories.get(code)
    if name:
        return name
    found = pycountry.countries.get(alpha_2=code)
    return found.name if found else code


@cache
def _country_names() -> dict[str, str]:
    """Folded country name in any of the four languages → code."""
    names: dict[str, str] = {}
    for code in country_codes():
        for lang in UI_LANGUAGES:
            names.setdefault(fold(country_name(code, lang)), code)
        found = pycountry.countries.get(alpha_2=code)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(found, attr, None)
            if value:
                names.setdefault(fold(value), code)
    return names


def country_by_name(text: str) -> str | None:
    """The code of the country named ``text`` in es, pt, en or fr, accents optional."""
    return _country_names().get(fold(text.strip()))


_ALIASES = {"UK": "GB", "EL": "GR"}  # codes the European Union uses


def suggest_country(text: str) -> str | None:
    """The valid code ``text`` most likely means: a name in es/pt/en/fr, an alpha-3 code,
    a common alias (UK), or a close name. Codes one letter away are not guessed."""
    by_name = country_by_name(text)
    if by_name:
        return by_name
    upper = text.strip().upper()
    if upper in _ALIASES:
        return _ALIASES[upper]
    if len(upper) == 3:
        found = pycountry.countries.get(alpha_3=upper)
        if found:
            return found.alpha_2
    if len(text.strip()) > 3:
        close = difflib.get_close_matches(fold(text), list(_country_names()), n=1, cutoff=0.75)
        if close:
            return _country_names()[close[0]]
    return None


def is_language(code: str) -> bool:
    """Whether ``code`` is an ISO 639-1 code, optionally with a region (``pt-BR``)."""
    base = code.split("-")[0].split("_")[0]
    return len(base) == 2 and pycountry.languages.get(alpha_2=base.lower()) is not None


def language_name(code: str, lang: str = "es") -> str:
    """The language's name in ``lang`` (``es`` → ``español`` in es, ``Spanish`` in en)."""
    return _locale(lang).languages.get(code, code)


@cache
def _language_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if not code:
            continue
        for lang in UI_LANGUAGES:
            names.setdefault(fold(language_name(code, lang)), code)
        names.setdefault(fold(language.name), code)
    return names


def suggest_language(text: str) -> str | None:
    """The closest ISO 639-1 code to ``text``, read as a code or as a language name."""
    folded = fold(text.strip())
    if folded in _language_names():
        return _language_names()[folded]
    close = difflib.get_close_matches(folded, list(_language_names()), n=1, cutoff=0.75)
    return _language_names()[close[0]] if close else None
