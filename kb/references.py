"""Which sections list sources, references, further reading or contacts rather than say
something: they still find a document, but weigh low and are a hit's link only when
nothing else matches.

A heading is one of these when it is nothing but names of such lists (``Fuentes``,
``Bibliografía y fuentes``, ``Sources and further reading``), in any of the content's
languages; ``Fuentes de financiación`` or ``Fuentes externas`` say something, and are not.
"""

from __future__ import annotations

import re

from kb.analysis import fold

REFERENCE_HEADINGS = (
    # es
    "fuentes", "fuentes consultadas", "referencias", "referencias bibliograficas",
    "bibliografia", "bibliografia consultada", "para saber mas", "enlaces",
    "enlaces de interes", "lecturas recomendadas", "ver tambien", "notas",
    "webgrafia", "contacto", "contactos", "ponentes", "panelistas",
    # pt
    "fontes", "fontes consultadas", "referencias bibliograficas", "bibliografia",
    "para saber mais", "leituras recomendadas", "ligacoes", "veja tambem",
    "ver tambem", "contato", "contatos", "palestrantes",
    # en
    "sources", "references", "bibliography", "further reading", "links",
    "useful links", "see also", "notes", "contact", "contacts", "speakers", "panelists",
    # fr
    "sources", "references", "bibliographie", "pour en savoir plus", "liens",
    "liens utiles", "a lire", "voir aussi", "notes", "intervenants", "contact",
)  # fmt: skip
_JOINERS = ("y", "e", "and", "et", "&", ",")
_NAME = "|".join(sorted({re.escape(h) for h in REFERENCE_HEADINGS}, key=len, reverse=True))
_JOIN = "|".join(re.escape(j) for j in _JOINERS)
_HEADING = re.compile(rf"(?:{_NAME})(?: ?(?:{_JOIN}) ?(?:{_NAME}))*")


def is_reference(heading: str) -> bool:
    """Whether a heading names only lists of sources, references, links or contacts."""
    plain = re.sub(r"[^\w&,]+", " ", fold(heading)).replace(",", " , ")
    plain = re.sub(r"^[\d\s.]+", "", " ".join(plain.split()))
    return bool(plain) and _HEADING.fullmatch(plain) is not None
