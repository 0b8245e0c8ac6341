"""Labels of facet values in the interface's language (es, pt, en, fr)."""

from __future__ import annotations

from kb.generation import Generation
from kb.names import country_name, language_name

TYPE_LABELS = {
    "case": {"es": "Caso", "pt": "Caso", "en": "Case study", "fr": "Étude de cas"},
    "notebook": {"es": "Cuaderno", "pt": "Caderno", "en": "Notebook", "fr": "Cahier"},
    "webinar": {"es": "Webinar", "pt": "Webinar", "en": "Webinar", "fr": "Webinaire"},
}


def label(gen: Generation, name: str, value: str, ui: str) -> str:
    """How the interface names ``value`` of facet ``name``: a theme's label, a country's
    name, a type's word; cities and years as they are."""
    if name in ("theme", "network"):
        return gen.taxonomy.label(name, value, ui)
    if name == "country":
        return country_name(value, ui)
    if name == "language":
        return language_name(value, ui)
    if name == "type":
        return TYPE_LABELS.get(value, {}).get(ui, value)
    return value
