"""Reading-list files (``lists/*.yml``, found by the walk of discover.py): read with line
numbers, checked, and stored.

``kb check`` reads every document, so it also checks that each item names a document
(or one of its former slugs), and a section or moment that exists. ``kb index`` checks
a list's shape and stores the lists of the tree in one record of the generation; an
item that points nowhere is shown on the site as "no longer available".
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from indexer.discover import ListFile
from indexer.frontmatter import FrontMatter, YamlKind, load_yaml
from indexer.readers.encoding import decode
from kb.documents import Document
from kb.errors import ContentError, Problem
from kb.reading_lists import (
    LIST_KEYS,
    LISTS_ID,
    MAX_DESCRIPTION,
    MAX_ITEMS,
    MAX_NOTE,
    MAX_TITLE,
    Item,
    ReadingList,
    find_section,
    parse_item,
)

ITEM_HELP = "write cases/<slug>, notebooks/<slug>#<anchor> or webinars/<slug>#t=<seconds>"

ProblemSink = Callable[..., None]
READING_LIST = YamlKind(
    "list",
    "this reading list",
    "a reading list must be 'key: value' lines: 'title:', 'description:' and 'items:' "
    "(one '- cases/<slug>' line per item, indented below it)",
)


@dataclass
class ListRead:
    """A list read from its file, the line of each item, and what is wrong with it."""

    path: str
    reading_list: ReadingList | None  # its readable items, even when some are not
    item_lines: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """Whether the list can be published: read, and no error."""
        return self.reading_list is not None and all(p.warning for p in self.problems)


def read_list(raw: bytes, path: str, slug: str) -> ListRead:
    """A list file's title, description and items, checked for shape with line numbers."""
    try:
        text, problems = decode(raw, path, holds="'title:' and 'items:', one '- ...' line each")
        loaded = load_yaml(text, path, kind=READING_LIST)
    except ContentError as error:
        return ListRead(path, None, problems=[error.as_problem()])
    result = ListRead(path, None, problems=problems)

    def problem(
        key: str, message: str, *where: Any, warning: bool = False, hint: str | None = None
    ) -> None:
        result.problems.append(Problem(path, loaded.line(key, *where), key, message, hint, warning))

    data = loaded.data
    for key in data:
        if key not in LIST_KEYS:
            close = difflib.get_close_matches(str(key), LIST_KEYS, n=1)
            problem(
                str(key),
                "unknown key, ignored: a list has title, description and items",
                warning=True,
                hint=close[0] if close else None,
            )
    title = data.get("title")
    if not isinstance(title, str | int | float) or not str(title).strip():
        problem("title", "missing title: add 'title: ...' (shown as the handout's heading)")
    elif len(str(title)) > MAX_TITLE:
        problem("title", f"over {MAX_TITLE} characters: shorten the title")
    description = data.get("description", "")
    if not isinstance(description, str):
        problem("description", "must be text")
        description = ""
    elif len(description) > MAX_DESCRIPTION:
        problem("description", f"over {MAX_DESCRIPTION} characters: shorten it")
    items, lines = _items(data.get("items"), loaded, problem)
    result.reading_list = ReadingList(
        title=str(title or "").strip(),
        items=tuple(items),
        description=description.strip(),
        slug=slug,
        path=path,
    )
    result.item_lines = lines
    return result


def _items(entries: Any, loaded: FrontMatter, problem: ProblemSink) -> tuple[list[Item], list[int]]:
    if entries is None:
        problem("items", "missing items: add 'items:' and one '- cases/<slug>' line per item")
        return [], []
    if not isinstance(entries, list) or not entries:
        problem("items", f"must be a list of items, one '- ...' line each: {ITEM_HELP}")
        return [], []
    if len(entries) > MAX_ITEMS:
        problem("items", f"{len(entries)} items: a list holds at most {MAX_ITEMS}")
    items: list[Item] = []
    lines: list[int] = []
    for index, entry in enumerate(entries[:MAX_ITEMS]):
        note = ""
        where: tuple[Any, ...] = (index,)
        if isinstance(entry, dict):
            ref, note = entry.get("id"), entry.get("note", "")
            where = (index, "id") if "id" in entry else (index,)
            if not isinstance(note, str) or len(note) > MAX_NOTE:
                problem("items", f"a note is text of at most {MAX_NOTE} characters", index, "note")
                note = ""
        else:
            ref = entry
        item = parse_item(ref) if isinstance(ref, str) else None
        if item is None:
            shown = ref if isinstance(ref, str) else entry
            problem("items", f"{shown!r} is not an item: {ITEM_HELP}", *where)
            continue
        items.append(replace(item, note=note.strip()))
        lines.append(loaded.line("items", *where))
    return items, lines


@dataclass
class Catalog:
    """What the documents of a tree offer to lists: ids, former ids and sections."""

    ids: set[str] = field(default_factory=set)
    redirects: dict[str, str] = field(default_factory=dict)  # former id → id
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → stored data

    @classmethod
    def of(cls, present: Iterable[str], documents: Iterable[Document]) -> Catalog:
        catalog = cls(ids=set(present))
        for document in documents:
            catalog.documents[document.id] = document.to_dict()
            folder = document.id.split("/", 1)[0]
            for old in document.redirect_from:
                catalog.redirects[f"{folder}/{old}"] = document.id
        return catalog


def check_items(read: ListRead, catalog: Catalog) -> list[Problem]:
    """Items that name no document, or no section of their document (for ``kb check``)."""
    if read.reading_list is None:
        return []  # unreadable: its own problem says why
    problems = []
    for item, line in zip(read.reading_list.items, read.item_lines, strict=True):
        doc_id = item.doc_id
        if doc_id not in catalog.ids:
            if doc_id in catalog.redirects:
                doc_id = catalog.redirects[doc_id]
                problems.append(
                    Problem(
                        read.path,
                        line,
                        "items",
                        f"{item.doc_id!r} is a former address of {doc_id}: it still works, "
                        "but write the new one",
                        suggestion=doc_id,
                        warning=True,
                    )
                )
            else:
                close = difflib.get_close_matches(doc_id, sorted(catalog.ids), n=1, cutoff=0.6)
                problems.append(
                    Problem(
                        read.path,
                        line,
                        "items",
                        f"unknown document {item.doc_id!r}: no file has this slug",
                        suggestion=close[0] if close else None,
                    )
                )
                continue
        doc = catalog.documents.get(doc_id)
        if doc is None or item.anchor is None:
            continue  # a document that failed its own check has its own problems listed
        if item.t is not None:
            if not any(s.get("t") is not None for s in doc["sections"]):
                problems.append(
                    Problem(
                        read.path, line, "items", f"{doc_id} has no transcript for #{item.anchor}"
                    )
                )
            continue
        if find_section(doc, item.anchor) is None:
            anchors = [s["anchor"] for s in doc["sections"] if s["anchor"] and s["t"] is None]
            close = difflib.get_close_matches(item.anchor, anchors, n=1, cutoff=0.5)
            problems.append(
                Problem(
                    read.path,
                    line,
                    "items",
                    f"{doc_id} has no section #{item.anchor}",
                    suggestion=f"{doc_id}#{close[0]}" if close else None,
                )
            )
    return problems


def read_lists(
    files: list[ListFile], previous: dict[str, Any] | None = None
) -> tuple[dict[str, Any], list[Problem]]:
    """Every list as stored (slug → data) and the problems of their files.

    A list that fails its check keeps the version ``previous`` holds, if any.
    """
    stored: dict[str, Any] = {}
    problems: list[Problem] = []
    for source in files:
        read = read_list(source.file.read_bytes(), source.path, source.slug)
        problems.extend(read.problems)
        if read.reading_list is not None and read.valid:
            stored[source.slug] = read.reading_list.to_dict()
        elif previous and source.slug in previous:
            stored[source.slug] = previous[source.slug]
    return stored, problems


def check_lists(
    files: list[ListFile], present: Iterable[str], documents: Iterable[Document]
) -> list[Problem]:
    """Every problem of the tree's lists, items checked against its documents."""
    catalog = Catalog.of(present, documents)
    problems: list[Problem] = []
    for source in files:
        read = read_list(source.file.read_bytes(), source.path, source.slug)
        problems.extend(read.problems)
        problems.extend(check_items(read, catalog))
    return problems


def lists_record(stored: dict[str, Any]) -> dict[str, Any]:
    """The index record holding every list of the tree."""
    data = json.dumps(stored, ensure_ascii=False, sort_keys=True)
    return {
        "doc_id": LISTS_ID,
        "kind": "lists",
        "hash": hashlib.sha256(data.encode("utf-8")).hexdigest(),
        "data": data,
        "facets": b"",  # not a document; a value keeps the column whole in its segment
    }


def stored_lists(ix: Any) -> tuple[dict[str, Any], str | None]:
    """The lists an index holds and their hash (empty, None when it holds none)."""
    with ix.searcher() as searcher:
        record = searcher.document(doc_id=LISTS_ID)
    if not record:
        return {}, None
    return json.loads(record["data"]), record["hash"]
