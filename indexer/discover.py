"""Walk a content tree: the only code that reads content files from disk.

One walk goes through the tree, top-level folder by folder, and each file it meets is
sorted by where it is: a document or a transcript (``cases/``, ``notebooks/``,
``webinars/``), a reading list (``lists/``), or a file in a folder that carries no type
(a misplaced document gets a warning).
"""

from __future__ import annotations

import difflib
import os
import stat
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeGuard

from indexer.tree_walk import LISTS_FOLDER, TreeFile, walk
from kb.documents import FOLDER_OF_TYPE, TYPE_OF_FOLDER
from kb.errors import Problem

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TRANSCRIPT_SUFFIXES = (".vtt", ".srt")
LIST_SUFFIXES = (".yml", ".yaml")

FileChoice = tuple[str, str]  # (path as shown to the editor, the file's location)


@dataclass
class Source:
    """One document's files: its Markdown and, for a webinar, its transcript file."""

    type: str
    slug: str
    path: str  # as shown to the editor: under the --content given
    location: str  # the Markdown file's path, as the walk reached it
    transcript_path: str | None = None
    transcript_location: str | None = None
    transcript_refused: bool = False
    walked: str = ""  # ``stamp()`` as the walk that found the files saw them

    id: str = field(init=False)  # cases/<slug>, notebooks/<slug>, webinars/<slug>

    def __post_init__(self) -> None:
        self.id = f"{FOLDER_OF_TYPE[self.type]}/{self.slug}"

    @property
    def file(self) -> Path:
        return Path(self.location)

    @property
    def transcript_file(self) -> Path | None:
        return Path(self.transcript_location) if self.transcript_location else None

    def stamp(self) -> str:
        """Modification times and sizes of the files, taken now: unchanged means not
        re-read."""
        files = (self.file, self.transcript_file)
        return "|".join(file_stamp(file.stat()) for file in files if file is not None)

    def read(self) -> bytes:
        return self.file.read_bytes()

    def read_transcript(self) -> bytes | None:
        return self.transcript_file.read_bytes() if self.transcript_file else None


@dataclass
class ListFile:
    """A reading list's file in the content tree (``lists/**/<slug>.yml``)."""

    slug: str
    path: str  # as shown to the editor
    file: Path


@dataclass
class Tree:
    """What a content tree holds: the sources, the taxonomy file, and problems found."""

    sources: list[Source] = field(default_factory=list)
    taxonomy_file: Path | None = None
    taxonomy_path: str = "taxonomy.yml"
    problems: list[Problem] = field(default_factory=list)
    present_ids: set[str] = field(default_factory=set)
    refused: dict[str, str] = field(default_factory=dict)  # doc id → path, refused unread
    refused_transcripts: set[tuple[str, str]] = field(default_factory=set)  # (folder, stem)
    lists: list[ListFile] = field(default_factory=list)  # lists/<slug>.yml
    walked: set[str] = field(default_factory=set)  # every file the walk met

    def problem(self, path: str, key: str, message: str, warning: bool = False) -> None:
        """A problem of a whole file (its line 1)."""
        self.problems.append(Problem(path, 1, key, message, warning=warning))


@dataclass
class _Found:
    """The walk's files by role, before slugs are settled."""

    documents: dict[tuple[str, str], list[FileChoice]] = field(
        default_factory=lambda: defaultdict(list)
    )  # (type, slug) → its .md files
    transcripts: dict[tuple[str, str], list[FileChoice]] = field(
        default_factory=lambda: defaultdict(list)
    )  # (folder's location, slug) → its .vtt/.srt files
    lists: dict[str, list[ListFile]] = field(default_factory=dict)  # slug → its files
    stamps: dict[str, str] = field(default_factory=dict)  # shown path → stamp at the walk


def discover(
    content: str | Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    indexed_paths: dict[str, str] | None = None,
) -> Tree:
    """Find every document and list of ``content``; ``indexed_paths`` (id → path) breaks
    slug ties between documents."""
    root = Path(content)
    tree = Tree()
    _find_taxonomy(root, str(content), tree)
    found = _Found()
    real_root = root.resolve()
    for entry in walk(root, str(content)):
        tree.walked.add(entry.location)
        if entry.folder in TYPE_OF_FOLDER:
            _content_file(entry, real_root, max_bytes, tree, found)
        elif entry.folder == LISTS_FOLDER:
            _list_file(entry, real_root, max_bytes, tree, found)
        else:
            _misplaced(entry, tree)
    tree.lists = _settle_lists(found, tree)
    _settle_documents(found, indexed_paths or {}, tree)
    _orphan_transcripts(found, tree)
    return tree


def _find_taxonomy(root: Path, shown: str, tree: Tree) -> None:
    taxonomy = root / "taxonomy.yml"
    tree.taxonomy_path = os.path.join(shown, "taxonomy.yml")
    if taxonomy.is_file():
        tree.taxonomy_file = taxonomy
    else:
        tree.problems.append(
            Problem(
                tree.taxonomy_path,
                1,
                "taxonomy",
                "taxonomy.yml is missing: themes and networks cannot be checked",
            )
        )


def file_stamp(info: os.stat_result) -> str:
    """A file's modification time and size, as a source's stamp holds them."""
    return f"{info.st_mtime_ns}:{info.st_size}"


def _regular(info: os.stat_result | None) -> TypeGuard[os.stat_result]:
    """A regular file (after following a link), as ``Path.is_file`` says."""
    return info is not None and stat.S_ISREG(info.st_mode)


def _stem_and_suffix(name: str) -> tuple[str, str]:
    """A file name's stem and lower-cased suffix, as ``Path.stem`` and ``Path.suffix``
    give them (without making a path)."""
    dot = name.rfind(".")
    if 0 < dot < len(name) - 1:
        return name[:dot], name[dot:].lower()
    return name, ""


def _ignored_name(name: str) -> bool:
    """Hidden files and editors' backups are not content."""
    return name.startswith(".") or name.endswith("~")


def _content_file(
    entry: TreeFile, real_root: Path, max_bytes: int, tree: Tree, found: _Found
) -> None:
    """A file under cases/, notebooks/ or webinars/: a document, a transcript, or neither."""
    path, doc_type = entry.path, TYPE_OF_FOLDER[entry.folder]
    if entry.linked_folder:
        if not entry.file.resolve().is_relative_to(real_root):
            tree.problem(
                path, "file", "symbolic link to a folder outside the content tree: refused"
            )
        return
    if _ignored_name(entry.name):
        return
    stem, suffix = _stem_and_suffix(entry.name)
    if entry.is_symlink():
        file = entry.file
        if not file.exists():
            tree.problem(path, "file", "broken symbolic link: its target does not exist")
            return
        if not file.resolve().is_relative_to(real_root):
            tree.problem(path, "file", "symbolic link to a file outside the content tree: refused")
            if suffix == ".md":
                tree.refused[_doc_id(doc_type, stem)] = path
            return
    info = entry.info()
    if not _regular(info):
        return
    if suffix == ".md":
        if _too_big(info.st_size, path, max_bytes, tree):
            tree.refused[_doc_id(doc_type, stem)] = path
            return
        found.documents[(doc_type, stem)].append((path, entry.location))
    elif suffix in TRANSCRIPT_SUFFIXES and doc_type == "webinar":
        if _too_big(info.st_size, path, max_bytes, tree):
            tree.refused_transcripts.add((str(entry.parent), stem))
            return
        found.transcripts[(str(entry.parent), stem)].append((path, entry.location))
    else:
        tree.problem(
            path,
            "file",
            "ignored: only .md files (and .vtt/.srt next to a webinar) are content",
            warning=True,
        )
        return
    found.stamps[path] = file_stamp(info)


def _list_file(entry: TreeFile, real_root: Path, max_bytes: int, tree: Tree, found: _Found) -> None:
    """A file under lists/: a reading list when it is a .yml file of the tree."""
    file, path = entry.file, entry.path
    if entry.linked_folder or _ignored_name(file.name):
        return
    if file.suffix.lower() not in LIST_SUFFIXES:
        tree.problem(path, "file", "ignored: lists/ holds reading lists (.yml)", True)
        return
    if entry.is_symlink() and not file.resolve().is_relative_to(real_root):
        tree.problem(path, "file", "symbolic link to a file outside the content tree: refused")
        return
    info = entry.info()
    if not _regular(info):
        return
    size = info.st_size
    if size > max_bytes:
        tree.problem(path, "file", f"{size / 1048576:.3g} MB is over the size limit")
        return
    found.lists.setdefault(file.stem, []).append(ListFile(file.stem, path, file))


def _misplaced(entry: TreeFile, tree: Tree) -> None:
    """Warn about a document in a folder that carries no type (``casos/`` for ``cases/``)."""
    file = entry.file
    if entry.linked_folder or file.suffix.lower() not in (".md", *TRANSCRIPT_SUFFIXES):
        return
    if not _regular(entry.info()):
        return
    close = difflib.get_close_matches(entry.folder.lower(), list(TYPE_OF_FOLDER), n=1, cutoff=0.5)
    hint = f" (did you mean {close[0]}?)" if close else ""
    tree.problem(
        entry.path, "file", "ignored: documents go in cases/, notebooks/ or webinars/" + hint, True
    )


def _settle_lists(found: _Found, tree: Tree) -> list[ListFile]:
    """One file per list slug: the first found; the others are reported and skipped."""
    lists = []
    for slug, files in sorted(found.lists.items()):
        for other in files[1:]:
            tree.problem(
                other.path,
                "slug",
                f"duplicate list slug {slug!r}: {files[0].path} has it too; "
                "this file is skipped, rename one of them",
            )
        lists.append(files[0])
    return lists


def _settle_documents(found: _Found, indexed_paths: dict[str, str], tree: Tree) -> None:
    """One source per document id, with its transcript file for a webinar."""
    for (doc_type, slug), files in sorted(found.documents.items()):
        doc_id = _doc_id(doc_type, slug)
        path, location = _keep_one(slug, files, indexed_paths.get(doc_id), tree)
        source = Source(doc_type, slug, path, location)
        if doc_type == "webinar":
            _attach_transcript(source, found, tree)
        source.walked = found.stamps[path]
        if source.transcript_path is not None:
            source.walked += "|" + found.stamps[source.transcript_path]
        tree.sources.append(source)
        tree.present_ids.add(doc_id)
        tree.refused.pop(doc_id, None)
    tree.present_ids.update(tree.refused)  # refused files keep their last good version


def _keep_one(slug: str, files: list[FileChoice], indexed: str | None, tree: Tree) -> FileChoice:
    """Of the files with one slug, the one indexed before (else the first found)."""
    keep = files[0]
    if len(files) > 1:
        keep = next((f for f in files if f[0] == indexed), files[0])
        for other, _file in files:
            if other != keep[0]:
                tree.problem(
                    other,
                    "slug",
                    f"duplicate slug {slug!r}: {keep[0]} has it too; "
                    "this file is skipped, rename one of them",
                )
    return keep


def _attach_transcript(source: Source, found: _Found, tree: Tree) -> None:
    """The transcript file beside a webinar (``<slug>.vtt`` or ``<slug>.srt``), if any."""
    folder = os.path.dirname(source.location)
    source.transcript_refused = (folder, source.slug) in tree.refused_transcripts
    pair = sorted(found.transcripts.pop((folder, source.slug), []))
    if not pair:
        return
    if len(pair) > 1:
        tree.problem(
            pair[1][0],
            "transcript",
            f"two transcript files for one webinar; {pair[0][0]} is used",
            warning=True,
        )
    source.transcript_path, source.transcript_location = pair[0]


def _orphan_transcripts(found: _Found, tree: Tree) -> None:
    """Transcript files that no webinar claimed."""
    for pair in found.transcripts.values():
        for path, location in pair:
            tree.problem(
                path,
                "transcript",
                "transcript without its webinar: "
                f"add {Path(location).stem}.md beside it with the front matter",
            )


def _doc_id(doc_type: str, slug: str) -> str:
    return f"{FOLDER_OF_TYPE[doc_type]}/{slug}"


def _too_big(size: int, path: str, max_bytes: int, tree: Tree) -> bool:
    if size > max_bytes:
        tree.problems.append(
            Problem(
                path,
                1,
                "file",
                f"{size / 1048576:.3g} MB is over the {max_bytes / 1048576:g} MB "
                "limit: split the file, or raise KB_MAX_FILE_MB",
            )
        )
        return True
    return False
