"""Plain records of a generated content tree, read the simple way, for the reference engines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.corpus import FOLDERS

TYPES = {folder: doc_type for doc_type, folder in FOLDERS.items()}
_FRONT_RE = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_CUE_NOISE_RE = re.compile(r"^(WEBVTT|\d+|[\d:.,]+ --> [\d:.,]+)$|<[^>]*>", re.MULTILINE)
_MARKUP_RE = re.compile(r"^#+ |\*\*|^- ", re.MULTILINE)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class PlainDoc:
    """One document as the references index it: one record, text and facet values."""

    id: str
    type: str
    language: str
    title: str
    summary: str
    body: str
    themes: list[str]
    countries: list[str]
    networks: list[str]
    date: str

    @property
    def year(self) -> str:
        return self.date[:4]


def read_doc(content: Path, md: Path) -> PlainDoc:
    """Front matter and text of ``md`` (and of its .vtt/.srt transcript)."""
    text = md.read_text(encoding="utf-8")
    found = _FRONT_RE.match(text)
    meta = yaml.load(found.group(1), Loader=_Loader) if found else {}
    body = _MARKUP_RE.sub("", text[found.end() :] if found else text)
    for suffix in (".vtt", ".srt"):
        transcript = md.with_suffix(suffix)
        if transcript.exists():
            body += "\n" + _CUE_NOISE_RE.sub("", transcript.read_text(encoding="utf-8"))
    folder = md.relative_to(content).parts[0]
    return PlainDoc(
        id=f"{folder}/{md.stem}",
        type=TYPES[folder],
        language=str(meta.get("language", "es")),
        title=str(meta.get("title", "")),
        summary=str(meta.get("summary", "")),
        body=body,
        themes=list(meta.get("themes") or []),
        countries=list(meta.get("countries") or []),
        networks=list(meta.get("networks") or []),
        date=str(meta.get("date", "")),
    )


def read_tree(content: Path) -> Iterator[PlainDoc]:
    """Every document of the tree, in path order."""
    for folder in TYPES:
        for md in sorted((content / folder).rglob("*.md")):
            yield read_doc(content, md)
