"""Trainers' tools: exports of a search, embeds and oEmbed, reading lists, section links.

One blueprint (``blueprint.py``); its routes live in the modules imported here.
"""

from web.trainers import cite_files, embeds, exports, reading_list_pages, sections  # noqa: F401  (the routes)
from web.trainers.blueprint import trainers

__all__ = ["trainers"]
