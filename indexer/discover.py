"""Walk a content tree: the only code that reads content files from disk.

One walk goes through the tree, top-level folder by folder, and each file it meets is
sorted by where it is: a document or a transcript (``cases/``, ``notebooks/``,
``webinars/``), a reading list (``lists/``), or a file in a folder that carries no type
(a misplaced document gets a warning).
"""

from __future__ import annotations

import difflib
import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kb.documents import FOLDER_OF_TYPE, TYPE_OF_FOLDER
from kb.errors import Problem

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TRANSCRIPT_SUFFIXES = (".vtt", ".srt")
LISTS_FOLDER = "lists"
LIST_SUFFIXES = (".yml", ".yaml")

FileChoice = tuple[str, Path]  # (path as shown to the editor, the file)


@dataclass
class Source:
    """One document's files: its Markdown and, for a webinar, its transcript file."""

    type: str
    slug: str
    path: str  # as shown to the editor: under the --content given
    file: Path
    transcript_path: str | None = None
    transcript_file: Path | None = None
    transcript_refused: bool = False

    @property
    def id(self) -> str:
        return f"{FOLDER_OF_TYPE[self.type]}/{self.slug}"

    def stamp(self) -> str:
        """Modification times and sizes of the files: unchanged means not re-read."""
        parts = []
        for file in (self.file, self.transcript_file):
            if file is not None:
                info = file.stat()
                parts.append(f"{info.st_mtime_ns}:{info.st_size}")
        return "|".join(parts)

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
    refused_transcripts: set[tuple[Path, str]] = field(default_factory=set)
    lists: list[ListFile] = field(default_factory=list)  # lists/<slug>.yml
    walked: set[str] = field(default_factory=set)  # every file the walk met

    def problem(self, path: str, key: str, message: str, warning: bool = False) -> None:
        """A problem of a whole file (its line 1)."""
        self.problems.append(Problem(path, 1, key, message, warning=warning))


@dataclass(frozen=True)
class TreeFile:
    """A file met by the walk, or a symbolic link to a folder (not walked into)."""

    folder: str  # the top-level folder it is under: cases, lists, casos…
    file: Path
    path: str  # as shown to the editor
    linked_folder: bool = False


@dataclass
class _Found:
    """The walk's files by role, before slugs are settled."""

    documents: dict[tuple[str, str], list[FileChoice]] = field(
        default_factory=lambda: defaultdict(list)
    )  # (type, slug) → its .md files
    transcripts: dict[tuple[Path, str], list[FileChoice]] = field(
        default_factory=lambda: defaultdict(list)
    )  # (folder, slug) → its .vtt/.srt files
    lists: dict[str, list[ListFile]] = field(default_factory=dict)  # slug → its files


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
        tree.walked.add(str(entry.file))
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


def walk(root: Path, shown: str) -> Iterator[TreeFile]:
    """Every file under the folders of ``root``, once, top-level folder by folder.

    Hidden folders are skipped, except inside a folder that carries no type: that one
    is searched whole for misplaced documents. Symbolic links to folders are reported,
    not followed (a top-level folder that is a link is walked, as its own root).
    """
    if not root.is_dir():
        return
    known = {*TYPE_OF_FOLDER, LISTS_FOLDER}
    for base in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
            here = Path(dirpath)
            seen_as = os.path.join(shown, str(here.relative_to(root)))  # once a folder
            for name in sorted(dirnames):
                if (here / name).is_symlink():
                    yield TreeFile(base.name, here / name, os.path.join(seen_as, name), True)
            if base.name in known:
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            dirnames.sort()
            for name in sorted(filenames):
                yield TreeFile(base.name, here / name, os.path.join(seen_as, name))


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


def _ignored_name(name: str) -> bool:
    """Hidden files and editors' backups are not content."""
    return name.startswith(".") or name.endswith("~")


def _content_file(
    entry: TreeFile, real_root: Path, max_bytes: int, tree: Tree, found: _Found
) -> None:
    """A file under cases/, notebooks/ or webinars/: a document, a transcript, or neither."""
    file, path, doc_type = entry.file, entry.path, TYPE_OF_FOLDER[entry.folder]
    if entry.linked_folder:
        if not file.resolve().is_relative_to(real_root):
            tree.problem(
                path, "file", "symbolic link to a folder outside the content tree: refused"
            )
        return
    if _ignored_name(file.name):
        return
    suffix = file.suffix.lower()
    if file.is_symlink():
        if not file.exists():
            tree.problem(path, "file", "broken symbolic link: its target does not exist")
            return
        if not file.resolve().is_relative_to(real_root):
            tree.problem(path, "file", "symbolic link to a file outside the content tree: refused")
            if suffix == ".md":
                tree.refused[_doc_id(doc_type, file.stem)] = path
            return
    if not file.is_file():
        return
    if suffix == ".md":
        if _too_big(file, path, max_bytes, tree):
            tree.refused[_doc_id(doc_type, file.stem)] = path
            return
        found.documents[(doc_type, file.stem)].append((path, file))
    elif suffix in TRANSCRIPT_SUFFIXES and doc_type == "webinar":
        if _too_big(file, path, max_bytes, tree):
            tree.refused_transcripts.add((file.parent, file.stem))
            return
        found.transcripts[(file.parent, file.stem)].append((path, file))
    else:
        tree.problem(
            path,
            "file",
            "ignored: only .md files (and .vtt/.srt next to a webinar) are content",
            warning=True,
        )


def _list_file(entry: TreeFile, real_root: Path, max_bytes: int, tree: Tree, found: _Found) -> None:
    """A file under lists/: a reading list when it is a .yml file of the tree."""
    file, path = entry.file, entry.path
    if entry.linked_folder or _ignored_name(file.name):
        return
    if file.suffix.lower() not in LIST_SUFFIXES:
        tree.problem(path, "file", "ignored: lists/ holds reading lists (.yml)", True)
        return
    if file.is_symlink() and not file.resolve().is_relative_to(real_root):
        tree.problem(path, "file", "symbolic link to a file outside the content tree: refused")
        return
    if not file.is_file():
        return
    size = file.stat().st_size
    if size > max_bytes:
        tree.problem(path, "file", f"{size / 1048576:.3g} MB is over the size limit")
        return
    found.lists.setdefault(file.stem, []).append(ListFile(file.stem, path, file))


def _misplaced(entry: TreeFile, tree: Tree) -> None:
    """Warn about a document in a folder that carries no type (``casos/`` for ``cases/``)."""
    file = entry.file
    if entry.linked_folder or file.suffix.lower() not in (".md", *TRANSCRIPT_SUFFIXES):
        return
    if not file.is_file():
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
        path, file = _keep_one(slug, files, indexed_paths.get(doc_id), tree)
        source = Source(doc_type, slug, path, file)
        if doc_type == "webinar":
            _attach_transcript(source, found, tree)
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
    folder = source.file.parent
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
    source.transcript_path, source.transcript_file = pair[0]


def _orphan_transcripts(found: _Found, tree: Tree) -> None:
    """Transcript files that no webinar claimed."""
    for pair in found.transcripts.values():
        for path, file in pair:
            tree.problem(
                path,
                "transcript",
                "transcript without its webinar: "
                f"add {file.stem}.md beside it with the front matter",
            )


def _doc_id(doc_type: str, slug: str) -> str:
    return f"{FOLDER_OF_TYPE[doc_type]}/{slug}"


def _too_big(file: Path, path: str, max_bytes: int, tree: Tree) -> bool:
    size = file.stat().st_size
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
