"""Walk a content tree: the only code that reads content files from disk."""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

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
    by_slug: dict[tuple[str, str], list[tuple[str, Path]]] = defaultdict(list)
    transcripts: dict[tuple[Path, str], list[tuple[str, Path]]] = defaultdict(list)
    for folder, doc_type in TYPE_OF_FOLDER.items():
        base = root / folder
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith(".") or name.endswith("~"):
                    continue
                file = Path(dirpath) / name
                rel = file.relative_to(root)
                path = os.path.join(shown, str(rel))
                if file.is_symlink():
                    target = file.resolve()
                    if not target.is_relative_to(real_root):
                        tree.problems.append(
                            Problem(
                                path,
                                1,
                                "file",
                                "symbolic link to a file outside the content tree: refused",
                            )
                        )
                        continue
                if not file.is_file():
                    continue
                suffix = file.suffix.lower()
                if suffix == ".md":
                    if _too_big(file, path, max_bytes, tree):
                        continue
                    by_slug[(doc_type, file.stem)].append((path, file))
                elif suffix in TRANSCRIPT_SUFFIXES and doc_type == "webinar":
                    if _too_big(file, path, max_bytes, tree):
                        continue
                    transcripts[(file.parent, file.stem)].append((path, file))
                else:
                    tree.problems.append(
                        Problem(
                            path,
                            1,
                            "file",
                            "ignored: only .md files (and .vtt/.srt next to a webinar) are content",
                            warning=True,
                        )
                    )
    indexed_paths = indexed_paths or {}
    for (doc_type, slug), found in sorted(by_slug.items()):
        doc_id = f"{FOLDER_OF_TYPE[doc_type]}/{slug}"
        keep = found[0]
        if len(found) > 1:
            keep = next((f for f in found if f[0] == indexed_paths.get(doc_id)), found[0])
            others = [p for p, _ in found if p != keep[0]]
            for other in others:
                tree.problems.append(
                    Problem(
                        other,
                        1,
                        "slug",
                        f"duplicate slug {slug!r}: {keep[0]} has it too; this file "
                        f"is skipped, rename one of them",
                    )
                )
        path, file = keep
        source = Source(doc_type, slug, path, file)
        if doc_type == "webinar":
            pair = sorted(transcripts.pop((file.parent, slug), []))
            if pair:
                if len(pair) > 1:
                    tree.problems.append(
                        Problem(
                            pair[1][0],
                            1,
                            "transcript",
                            f"two transcript files for one webinar; {pair[0][0]} is used",
                            warning=True,
                        )
                    )
                source.transcript_path, source.transcript_file = pair[0]
        tree.sources.append(source)
        tree.present_ids.add(doc_id)
    for pair in transcripts.values():
        for path, file in pair:
            tree.problems.append(
                Problem(
                    path,
                    1,
                    "transcript",
                    "transcript without its webinar: "
                    f"add {file.stem}.md beside it with the front matter",
                )
            )
    return tree


def _too_big(file: Path, path: str, max_bytes: int, tree: Tree) -> bool:
    size = file.stat().st_size
    if size > max_bytes:
        tree.problems.append(
            Problem(
                path,
                1,
                "file",
                f"{size / 1048576:.1f} MB is over the "
                f"{max_bytes / 1048576:g} MB limit: split the file, or raise "
                "KB_MAX_FILE_MB",
            )
        )
        return True
    return False
