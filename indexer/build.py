"""Build or update the index from a content tree: the pipeline, top to bottom."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.index import Index

from indexer import publish
from indexer.discover import DEFAULT_MAX_BYTES, Source, Tree, discover
from indexer.readers import read_document
from indexer.readers.taxonomy import read_taxonomy
from kb.documents import Document
from kb.errors import Problem
from kb.schema import META_ID, SCHEMA_VERSION, meta_record, records
from kb.taxonomy import Taxonomy

Progress = Callable[[int, int, str], None]


@dataclass
class IndexReport:
    """What one run of the indexer did."""

    generation: str = ""
    full: bool = False
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # invalid now, last good version kept
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def exit_code(self) -> int:
        return 1 if self.skipped or self.errors else 0

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} "
            f"removed, {self.unchanged} unchanged, {len(self.skipped)} skipped with errors"
            + (f" ({len(self.kept)} kept at their last good version)" if self.kept else "")
        )


@dataclass
class Indexed:
    """What the live generation holds about one document."""

    hash: str
    path: str
    data: str


def _hash(*parts: bytes | None) -> str:
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for part in parts:
        digest.update(b"\0" + (part or b""))
    return digest.hexdigest()


def _live_state(ix: Index | None) -> tuple[dict[str, Indexed], str | None]:
    if ix is None:
        return {}, None
    state: dict[str, Indexed] = {}
    taxonomy_hash = None
    with ix.searcher() as searcher:
        for fields in searcher.documents(kind="doc"):
            state[fields["doc_id"]] = Indexed(fields["hash"], fields["path"], fields["data"])
        meta = searcher.document(doc_id=META_ID)
        if meta:
            taxonomy_hash = meta["hash"]
    return state, taxonomy_hash


def check_tree(
    content: str | Path, today: dt.date | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[Problem]:
    """Every problem of a content tree, as ``kb check`` reports them."""
    today = today or dt.date.today()
    tree = discover(content, max_bytes)
    taxonomy, problems = _taxonomy(tree)
    problems = tree.problems + problems
    for source in tree.sources:
        problems.extend(_read(source, taxonomy, today)[0].problems)
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.key, p.message))


def _taxonomy(tree: Tree) -> tuple[Taxonomy | None, list[Problem]]:
    if tree.taxonomy_file is None:
        return None, []
    return read_taxonomy(tree.taxonomy_file.read_bytes(), tree.taxonomy_path)


def _read(source: Source, taxonomy: Taxonomy | None, today: dt.date):
    raw = source.read()
    transcript = source.read_transcript()
    result = read_document(
        raw,
        source.path,
        source.type,
        source.slug,
        taxonomy,
        today,
        transcript,
        source.transcript_path,
    )
    return result, _hash(raw, transcript)


def build_index(
    content: str | Path,
    index_root: str | Path,
    *,
    full: bool = False,
    today: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    before_publish: Callable[[], None] | None = None,
    lock_wait: float = 0.0,
) -> IndexReport:
    """Index ``content`` into ``index_root``: incremental by content hash unless ``full``.

    A full build writes a new generation and publishes it atomically; an incremental one
    commits the changes into the live generation (Whoosh commits are atomic too). A file
    that fails to read keeps its last good version, full build or not.
    """
    root = Path(index_root)
    today = today or dt.date.today()
    with publish.writer_lock(root, wait=lock_wait):
        live_ix = None
        if publish.current_name(root):
            _name, live_ix = publish.open_current(root)
        live, live_taxonomy_hash = _live_state(live_ix)
        tree = discover(content, max_bytes, {k: v.path for k, v in live.items()})
        taxonomy, taxonomy_problems = _taxonomy(tree)
        report = IndexReport(problems=tree.problems + taxonomy_problems)
        taxonomy = taxonomy or Taxonomy.empty()
        taxonomy_hash = _hash(json.dumps(taxonomy.to_dict(), sort_keys=True).encode())
        # Theme labels are indexed with every document: a new taxonomy re-reads them all.
        report.full = full = full or live_ix is None or taxonomy_hash != live_taxonomy_hash

        write: list[tuple[Document, str]] = []
        total = len(tree.sources)
        for done, source in enumerate(tree.sources, start=1):
            if progress:
                progress(done, total, source.path)
            previous = live.get(source.id)
            if (
                not full
                and previous
                and previous.hash == _hash(source.read(), source.read_transcript())
            ):
                report.unchanged += 1
                continue
            result, content_hash = _read(source, taxonomy if tree.taxonomy_file else None, today)
            report.problems.extend(result.problems)
            if result.document is not None:
                write.append((result.document, content_hash))
                (report.updated if previous else report.added).append(source.id)
            else:
                report.skipped.append(source.path)
                if previous:
                    report.kept.append(source.id)
                    if full:  # carry the last good version into the new generation
                        write.append((Document.from_dict(json.loads(previous.data)), previous.hash))
        report.removed = sorted(set(live) - tree.present_ids)

        if full:
            name, folder, ix = publish.new_generation(root)
            try:
                writer = ix.writer(limitmb=256)
                for document, content_hash in write:
                    for record in records(document, taxonomy, content_hash):
                        writer.add_document(**record)
                writer.add_document(**meta_record(taxonomy, taxonomy_hash))
                writer.commit()
                if before_publish:
                    before_publish()
                publish.publish(root, name)
            except BaseException:
                publish.discard(root, name)
                raise
            publish.remove_old(root)
            report.generation = name
        else:
            name = publish.current_name(root) or ""
            changed = [d.id for d, _ in write] + report.removed
            if changed:
                writer = live_ix.writer(limitmb=256)
                for doc_id in changed:
                    writer.delete_by_term("doc_id", doc_id)
                for document, content_hash in write:
                    for record in records(document, taxonomy, content_hash):
                        writer.add_document(**record)
                if before_publish:
                    before_publish()
                writer.commit()
            report.generation = name
        report.problems.sort(key=lambda p: (p.path, p.line, p.key, p.message))
        return report
