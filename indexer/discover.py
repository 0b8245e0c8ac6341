"""Walk a content tree: the only code that reads content files from disk."""

from __future__ import annotations

import difflib
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.reading_list_files import LISTS_FOLDER, ListFile, find_lists
from kb.documents import FOLDER_OF_TYPE, TYPE_OF_FOLDER
from kb.errors import Problem

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TRANSCRIPT_SUFFIXES = (".vtt", ".srt")


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


def discover(
    content: str | Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    indexed_paths: dict[str, str] | None = None,
) -> Tree:
    """Find every document of ``content``; ``indexed_paths`` (id → path) breaks slug ties."""
    root = Path(content)
    shown = str(content)
    tree = Tree()
    real_root = root.resolve()
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

    def problem(path: str, key: str, message: str, warning: bool = False) -> None:
        tree.problems.append(Problem(path, 1, key, message, warning=warning))

    _misplaced(root, shown, problem)
    tree.lists = find_lists(root, shown, max_bytes, problem)
    by_slug: dict[tuple[str, str], list[tuple[str, Path]]] = defaultdict(list)
    transcripts: dict[tuple[Path, str], list[tuple[str, Path]]] = defaultdict(list)
    for folder, doc_type in TYPE_OF_FOLDER.items():
        base = root / folder
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
            for name in list(dirnames):
                linked = Path(dirpath) / name
                if linked.is_symlink() and not linked.resolve().is_relative_to(real_root):
                    problem(
                        os.path.join(shown, str(linked.relative_to(root))),
                        "file",
                        "symbolic link to a folder outside the content tree: refused",
                    )
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith(".") or name.endswith("~"):
                    continue
                file = Path(dirpath) / name
                path = os.path.join(shown, str(file.relative_to(root)))
                suffix = file.suffix.lower()
                if file.is_symlink():
                    if not file.exists():
                        problem(path, "file", "broken symbolic link: its target does not exist")
                        continue
                    if not file.resolve().is_relative_to(real_root):
                        problem(
                            path,
                            "file",
                            "symbolic link to a file outside the content tree: refused",
                        )
                        if suffix == ".md":
                            tree.refused[_doc_id(doc_type, file.stem)] = path
                        continue
                if not file.is_file():
                    continue
                if suffix == ".md":
                    if _too_big(file, path, max_bytes, tree):
                        tree.refused[_doc_id(doc_type, file.stem)] = path
                        continue
                    by_slug[(doc_type, file.stem)].append((path, file))
                elif suffix in TRANSCRIPT_SUFFIXES and doc_type == "webinar":
                    if _too_big(file, path, max_bytes, tree):
                        tree.refused_transcripts.add((file.parent, file.stem))
                        continue
                    transcripts[(file.parent, file.stem)].append((path, file))
                else:
                    problem(
                        path,
                        "file",
                        "ignored: only .md files (and .vtt/.srt next to a webinar) are content",
                        warning=True,
                    )
    indexed_paths = indexed_paths or {}
    for (doc_type, slug), found in sorted(by_slug.items()):
        doc_id = _doc_id(doc_type, slug)
        keep = found[0]
        if len(found) > 1:
            keep = next((f for f in found if f[0] == indexed_paths.get(doc_id)), found[0])
            for other, _file in found:
                if other != keep[0]:
                    problem(
                        other,
                        "slug",
                        f"duplicate slug {slug!r}: {keep[0]} has it too; "
                        "this file is skipped, rename one of them",
                    )
        path, file = keep
        source = Source(doc_type, slug, path, file)
        if doc_type == "webinar":
            source.transcript_refused = (file.parent, slug) in tree.refused_transcripts
            pair = sorted(transcripts.pop((file.parent, slug), []))
            if pair:
                if len(pair) > 1:
                    problem(
                        pair[1][0],
                        "transcript",
                        f"two transcript files for one webinar; {pair[0][0]} is used",
                        warning=True,
                    )
                source.transcript_path, source.transcript_file = pair[0]
        tree.sources.append(source)
        tree.present_ids.add(doc_id)
        tree.refused.pop(doc_id, None)
    tree.present_ids.update(tree.refused)  # refused files keep their last good version
    for pair in transcripts.values():
        for path, file in pair:
            problem(
                path,
                "transcript",
                "transcript without its webinar: "
                f"add {file.stem}.md beside it with the front matter",
            )
    return tree


def _doc_id(doc_type: str, slug: str) -> str:
    return f"{FOLDER_OF_TYPE[doc_type]}/{slug}"


def _misplaced(root: Path, shown: str, problem: Any) -> None:
    """Warn about documents in folders that carry no type (``casos/`` for ``cases/``)."""
    if not root.is_dir():
        return
    known = set(TYPE_OF_FOLDER) | {LISTS_FOLDER}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name in known or folder.name.startswith("."):
            continue
        close = difflib.get_close_matches(
            folder.name.lower(), list(TYPE_OF_FOLDER), n=1, cutoff=0.5
        )
        hint = f" (did you mean {close[0]}?)" if close else ""
        for file in sorted(folder.rglob("*")):
            if file.suffix.lower() in (".md", *TRANSCRIPT_SUFFIXES) and file.is_file():
                problem(
                    os.path.join(shown, str(file.relative_to(root))),
                    "file",
                    "ignored: documents go in cases/, notebooks/ or webinars/" + hint,
                    True,
                )


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
