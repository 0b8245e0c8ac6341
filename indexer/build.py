"""Build or update the index from a content tree: the pipeline, top to bottom."""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.index import Index

from indexer import publish
from indexer.anchors import IndexedDocuments, indexed_documents
from indexer.discover import DEFAULT_MAX_BYTES, Source, Tree, discover
from indexer.readers import read_document
from indexer.readers.markdown import ReadResult
from indexer.readers.taxonomy import read_taxonomy
from indexer.reading_list_files import check_lists, lists_record, read_lists, stored_lists
from kb.documents import Document
from kb.errors import Problem
from kb.postings import deleted_records
from kb.schema import META_ID, SCHEMA_VERSION, meta_record, records
from kb.taxonomy import Taxonomy

Progress = Callable[[int, int, str], None]
PARALLEL_FROM = 64  # sources to read before a process pool pays for itself
WRITER_PROCS = max(1, min(os.cpu_count() or 1, 4))


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
    stamp: str = ""


def _hash(*parts: bytes | None) -> str:
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for part in parts:
        digest.update(b"\0" + (part or b""))
    return digest.hexdigest()


def _live_state(ix: Index | None) -> tuple[dict[str, Indexed], str | None]:
    """Hash, path and file stamp of every indexed document, from the facets column.

    An index written by an older kb (other columns or fields) gives nothing, so the next
    build is a full one into a new generation.
    """
    if ix is None:
        return {}, None
    state: dict[str, Indexed] = {}
    try:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            facets = reader.column_reader("facets")
            deleted = deleted_records(reader)
            for docnum in range(reader.doc_count_all()):
                raw = facets[docnum]
                if raw and not deleted[docnum]:
                    values = json.loads(raw)
                    state[values["id"]] = Indexed(values["hash"], values["path"], values["stamp"])
            meta = searcher.document(doc_id=META_ID)
            taxonomy_hash = meta["hash"] if meta else None
    except (KeyError, TypeError, ValueError):
        return {}, None
    return state, taxonomy_hash


def _last_good(ix: Index, doc_id: str) -> Document:
    """The version of a document the live generation holds."""
    with ix.searcher() as searcher:
        stored = searcher.document(doc_id=doc_id, kind="doc")
    return Document.from_dict(json.loads(stored["data"]))


def check_tree(
    content: str | Path,
    today: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    index_root: str | Path | None = None,
) -> list[Problem]:
    """Every problem of a content tree, as ``kb check`` reports them; with the index
    folder, also the headings whose anchor changed since the last index."""
    today = today or dt.date.today()
    tree = discover(content, max_bytes)
    taxonomy, problems = _taxonomy(tree)
    problems = tree.problems + problems
    documents = []
    with indexed_documents(index_root) as indexed:
        for source in tree.sources:
            result, content_hash = _read(source, taxonomy, today)
            problems.extend(result.problems)
            documents.append(result.document)
            if result.document is not None:
                problems.extend(indexed.warnings(result.document, content_hash))
    problems.extend(check_lists(tree.lists, tree.present_ids, [d for d in documents if d]))
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.key, p.message))


def _taxonomy(tree: Tree) -> tuple[Taxonomy | None, list[Problem]]:
    if tree.taxonomy_file is None:
        return None, []
    return read_taxonomy(tree.taxonomy_file.read_bytes(), tree.taxonomy_path)


def _read(source: Source, taxonomy: Taxonomy | None, today: dt.date) -> tuple[ReadResult, str]:
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


_WORKER: dict[str, Any] = {}


def _start_worker(taxonomy: Taxonomy | None, today: dt.date) -> None:
    _WORKER.update(taxonomy=taxonomy, today=today)


def _die_with_parent() -> None:
    """Ask Linux to end a forked helper when the indexer dies (even by kill -9), so that no
    orphan keeps the index lock or the indexer's pipes."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


os.register_at_fork(after_in_child=_die_with_parent)


def _read_in_worker(source: Source) -> tuple[ReadResult, str]:
    return _read(source, _WORKER["taxonomy"], _WORKER["today"])


def _read_all(
    sources: list[Source], taxonomy: Taxonomy | None, today: dt.date, progress: Progress | None
) -> Iterator[tuple[Source, ReadResult, str]]:
    """Read sources, in a pool of processes when there are many (parsing is CPU-bound)."""
    total = len(sources)
    workers = min(os.cpu_count() or 1, 4)
    if total < PARALLEL_FROM or workers < 2:
        for done, source in enumerate(sources, start=1):
            if progress:
                progress(done, total, source.path)
            yield (source, *_read(source, taxonomy, today))
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(taxonomy, today)
    ) as pool:
        results = pool.map(_read_in_worker, sources, chunksize=8)
        for done, (source, (result, content_hash)) in enumerate(
            zip(sources, results, strict=True), start=1
        ):
            if progress:
                progress(done, total, source.path)
            yield source, result, content_hash


class _Sink:
    """Where documents go as they are read: a new generation (full) or the live one."""

    def __init__(self, root: Path, live: Index | None, taxonomy: Taxonomy, full: bool) -> None:
        self.root, self.live, self.taxonomy, self.full = root, live, taxonomy, full
        self.name = publish.current_name(root) or ""
        self.writer: Any = None
        if full:
            self.name, _folder, ix = publish.new_generation(root)
            self.writer = ix.writer(
                procs=WRITER_PROCS, multisegment=True, limitmb=128, compound=False
            )  # mmapped, not copied into memory

    def _live_writer(self) -> Any:
        if self.writer is None:
            self.writer = self.live.writer(limitmb=128, compound=False)
        return self.writer

    def write(self, document: Document, content_hash: str, stamp: str) -> None:
        writer = self.writer if self.full else self._live_writer()
        if not self.full:
            writer.delete_by_term("doc_id", document.id)
        for record in records(document, self.taxonomy, content_hash, stamp):
            writer.add_document(**record)

    def write_meta(self, record: dict[str, Any]) -> None:
        self.writer.add_document(**record)

    def replace(self, record: dict[str, Any]) -> None:
        """Write a record of the generation's own (not a document's), replacing it."""
        writer = self.writer if self.full else self._live_writer()
        if not self.full:
            writer.delete_by_term("doc_id", record["doc_id"])
        writer.add_document(**record)

    def delete(self, doc_id: str) -> None:
        if not self.full:
            self._live_writer().delete_by_term("doc_id", doc_id)

    def finish(self, before_publish: Callable[[], None] | None) -> str:
        """Commit; publish a full build's generation. Returns the live generation."""
        if self.writer is None:
            return self.name
        if not self.full and before_publish:
            before_publish()
        self.writer.commit()
        self.writer = None
        if self.full:
            if before_publish:
                before_publish()
            publish.publish(self.root, self.name)
            publish.remove_old(self.root)
        return self.name

    def abandon(self) -> None:
        """Drop what was written: the live generation stays as it was."""
        if self.writer is not None:
            with contextlib.suppress(Exception):  # the writer may be what failed
                self.writer.cancel()
            _stop_writer_processes(self.writer)
        if self.full:
            publish.discard(self.root, self.name)


def _stop_writer_processes(writer: Any) -> None:
    """End the helper processes of a Whoosh multi-process writer that will not commit.

    Its ``cancel()`` only flags the parent's copies of its tasks: the children stay
    blocked reading the job queue, and the interpreter would wait for them at exit.
    """
    queue = getattr(writer, "jobqueue", None)
    if queue is not None:
        queue.cancel_join_thread()  # do not wait to flush jobs nobody will read
    for task in getattr(writer, "tasks", ()):
        with contextlib.suppress(Exception):
            task.terminate()
            task.join(5)


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
        if root.is_dir():
            publish.remove_old(root)  # leftovers of a build that was killed
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

        stamps = {source.id: source.stamp() for source in tree.sources}
        # Refused before reading (over the size limit, a link outside the tree, a refused
        # transcript): an indexed document keeps its last good version.
        held = {doc_id: path for doc_id, path in tree.refused.items() if doc_id in live}
        held.update({s.id: s.path for s in tree.sources if s.transcript_refused and s.id in live})
        report.skipped.extend(tree.refused.values())
        report.skipped.extend(s.path for s in tree.sources if s.id in held)
        report.kept.extend(sorted(held))
        to_read = [
            source
            for source in tree.sources
            if source.id not in held
            and (full or source.id not in live or live[source.id].stamp != stamps[source.id])
        ]
        held_sources = sum(1 for source in tree.sources if source.id in held)
        report.unchanged = len(tree.sources) - len(to_read) - held_sources
        usable = taxonomy if tree.taxonomy_file else None
        sink = _Sink(root, live_ix, taxonomy, full)
        indexed = IndexedDocuments(live_ix, {k: v.hash for k, v in live.items()})
        try:
            for source, result, content_hash in _read_all(to_read, usable, today, progress):
                previous = live.get(source.id)
                if not full and previous and previous.hash == content_hash and result.document:
                    sink.write(result.document, content_hash, stamps[source.id])
                    report.unchanged += 1  # same text, new file stamp: rewritten, not counted
                    continue
                report.problems.extend(result.problems)
                if result.document is not None:
                    report.problems.extend(indexed.warnings(result.document, content_hash))
                    sink.write(result.document, content_hash, stamps[source.id])
                    (report.updated if previous else report.added).append(source.id)
                else:
                    report.skipped.append(source.path)
                    if previous:
                        report.kept.append(source.id)
                        if full:  # carry the last good version into the new generation
                            sink.write(
                                _last_good(live_ix, source.id), previous.hash, previous.stamp
                            )
            if full:
                for doc_id in held:
                    sink.write(_last_good(live_ix, doc_id), live[doc_id].hash, live[doc_id].stamp)
            report.removed = sorted(set(live) - tree.present_ids)
            for doc_id in report.removed:
                sink.delete(doc_id)
            if full:
                sink.write_meta(meta_record(taxonomy, taxonomy_hash))
            previous, previous_hash = stored_lists(live_ix) if live_ix else ({}, None)
            lists, list_problems = read_lists(tree.lists, previous)
            report.problems.extend(list_problems)
            record = lists_record(lists)
            if full or record["hash"] != previous_hash:
                sink.replace(record)
            report.generation = sink.finish(before_publish)
        except BaseException:
            sink.abandon()
            raise
        finally:
            indexed.close()
        report.problems.sort(key=lambda p: (p.path, p.line, p.key, p.message))
        return report
