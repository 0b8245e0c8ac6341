"""Build or update the index from a content tree: the pipeline, top to bottom."""

from __future__ import annotations

import ctypes
import datetime as dt
import functools
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
from indexer.gazetteer import gazetteer
from indexer.ledger import Ledger
from indexer.live_state import Indexed, keep_decoded, last_good, live_state, live_taxonomy
from indexer.phases import OFF, Phases
from indexer.readers import read_document
from indexer.readers.markdown import ReadResult
from indexer.readers.taxonomy import read_taxonomy
from indexer.reading_list_files import check_lists, lists_record, read_lists, stored_lists
from indexer.relabel import Relabel, relabel_only, stale
from indexer.report import IndexReport
from indexer.root_causes import Unchecked, in_order, unchecked_line
from indexer.segments import Job
from indexer.shrink_guard import DEFAULT_POLICY, ShrinkPolicy, guard, guard_folder, not_content
from indexer.sink import Sink
from indexer.tree_memo import Discoverer, walk_tree
from kb.documents import Document
from kb.errors import Problem
from kb.schema import SCHEMA_VERSION, meta_record
from kb.taxonomy import Taxonomy

Progress = Callable[[int, int, str], None]
PARALLEL_FROM = 64  # sources to read before a process pool pays for itself
WRITER_PROCS = max(1, min(os.cpu_count() or 1, 4))


def _hash(*parts: bytes | None) -> str:
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for part in parts:
        digest.update(b"\0" + (part or b""))
    return digest.hexdigest()


def check_tree(
    content: str | Path,
    today: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    index_root: str | Path | None = None,
) -> list[Problem]:
    """Every problem of a content tree, as ``kb check`` reports them; with the index
    folder, also the headings whose anchor changed since the last index.

    Raises ``NotContent`` for a folder that is missing, not a folder, or holds neither
    documents nor a taxonomy."""
    today = today or dt.date.today()
    tree = discover(content, max_bytes)
    if refused := not_content(content, tree):
        raise refused
    taxonomy, problems = _taxonomy(tree)
    problems = tree.problems + problems
    documents = []
    unchecked: Unchecked = {}
    with indexed_documents(index_root) as indexed:
        for source in tree.sources:
            result, content_hash = _read(source, taxonomy, today)
            problems.extend(result.problems)
            if result.unchecked:
                unchecked[source.path] = result.unchecked
            read = result.document or result.draft  # a draft: checked all but its themes
            if read is not None:
                documents.append(read)
                problems.extend(indexed.warnings(read, content_hash))
    problems.extend(check_lists(tree.lists, tree.present_ids, documents))
    summary = unchecked_line(tree.taxonomy_path, problems, unchecked)
    return in_order(problems, tree.taxonomy_path, summary)


def _taxonomy(tree: Tree) -> tuple[Taxonomy | None, list[Problem]]:
    if tree.taxonomy_file is None:
        return None, []
    taxonomy, problems = _read_taxonomy(tree.taxonomy_file.read_bytes(), tree.taxonomy_path)
    return taxonomy, list(problems)


@functools.lru_cache(maxsize=1)
def _read_taxonomy(raw: bytes, path: str) -> tuple[Taxonomy | None, list[Problem]]:
    """taxonomy.yml read, kept while its bytes stay the same: a watcher's runs parse it
    once, not on every save (it is a third of an incremental run at 1,000 documents)."""
    return read_taxonomy(raw, path)


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
    sources: list[Source], taxonomy: Taxonomy | None, today: dt.date
) -> Iterator[tuple[Source, ReadResult, str]]:
    """Read sources, in a pool of processes when there are many (parsing is CPU-bound)."""
    workers = min(os.cpu_count() or 1, 4)
    if len(sources) < PARALLEL_FROM or workers < 2:
        for source in sources:
            yield (source, *_read(source, taxonomy, today))
        return
    gazetteer()  # read once, before the fork
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(taxonomy, today)
    ) as pool:
        results = pool.map(_read_in_worker, sources, chunksize=8)
        for source, (result, content_hash) in zip(sources, results, strict=True):
            yield source, result, content_hash


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
    shrink: ShrinkPolicy = DEFAULT_POLICY,
    phases: Phases = OFF,
    now: dt.datetime | None = None,
    discoverer: Discoverer | None = None,
) -> IndexReport:
    """Index ``content`` into ``index_root``: incremental by content hash unless ``full``.

    A full build writes a new generation and publishes it atomically; an incremental one
    commits the changes into the live generation (Whoosh commits are atomic too). A file
    that fails to read keeps its last good version, full build or not. A run that would
    lose most of the live index because of where it looked is refused before it writes
    anything (``ShrinkRefused``, see ``indexer.shrink_guard``). ``phases`` hears
    each phase the run enters (see ``indexer.phases``). ``now`` is the time the ledger
    records for documents new or changed in this run (see ``indexer.ledger``).
    ``discoverer`` finds the tree instead of a walk (a watcher's, ``indexer.tree_memo``).
    """
    root = Path(index_root)
    if publish.current_name(root) is None:
        guard_folder(content, root, 0)  # before the lock creates the index folder
    with publish.writer_lock(root, wait=lock_wait):
        phases.enter("cleanup")
        publish.remove_old(root)  # leftovers of a build that was killed
        live_ix = publish.open_current(root)[1] if publish.current_name(root) else None
        phases.enter("parse")
        find = discoverer or functools.partial(walk_tree, content, max_bytes)
        run = _plan(live_ix, full, find)
        guard(content, root, run.live.keys(), run.tree, shrink)
        keep_decoded(live_ix)  # a run that may write saves what it decoded, for the next
        ledger = Ledger(root, now or dt.datetime.now(dt.UTC))
        sink = Sink(root, live_ix, run.taxonomy, run.full, phases, ledger)
        indexed = IndexedDocuments(live_ix, {k: v.hash for k, v in run.live.items()})
        try:
            _write_documents(run, sink, indexed, today or dt.date.today(), progress)
            _carry_held(run, sink)
            _remove_gone(run, sink)
            if run.full:
                sink.write_meta(meta_record(run.taxonomy, run.taxonomy_hash))
            elif run.relabel is not None:  # new labels: no document is read again for them
                fresh = sink.written_ids | set(run.report.removed)
                run.report.relabelled = sink.relabel(stale(run.relabel, run.live, fresh))
                sink.replace(meta_record(run.taxonomy, run.taxonomy_hash))
            _write_lists(run, sink)
            run.report.generation = sink.finish(before_publish)
        except BaseException:
            sink.abandon()
            raise
        finally:
            indexed.close()
        _order_problems(run)
        return run.report


@dataclass
class _Run:
    """One run of ``build_index``: the live generation, the tree, and what to read."""

    live_ix: Index | None
    live: dict[str, Indexed]  # doc id → what the live generation holds
    tree: Tree
    taxonomy: Taxonomy  # empty when the tree has none
    taxonomy_hash: str
    usable: Taxonomy | None  # the taxonomy to check documents with (None: no file)
    full: bool
    report: IndexReport
    stamps: dict[str, str] = field(default_factory=dict)  # doc id → its files' stamp
    held: dict[str, str] = field(default_factory=dict)  # doc id → path, refused unread
    to_read: list[Source] = field(default_factory=list)
    unchecked: Unchecked = field(default_factory=dict)  # held by taxonomy.yml's errors
    relabel: Relabel | None = None  # a new taxonomy that only relabels (indexer.relabel)

    def last_good(self, doc_id: str) -> Document:
        """The version of a document the live generation holds."""
        if self.live_ix is None:
            raise KeyError(doc_id)  # nothing is held without a live generation
        return last_good(self.live_ix, doc_id)


def _plan(live_ix: Index | None, full: bool, find: Discoverer) -> _Run:
    """Discover the tree; decide between a full and an incremental build, and what to read."""
    live, live_taxonomy_hash = live_state(live_ix)
    tree, stamps = find({k: v.path for k, v in live.items()})
    found, taxonomy_problems = _taxonomy(tree)
    taxonomy = found or Taxonomy.empty()
    taxonomy_hash = _taxonomy_hash(taxonomy)
    # A new taxonomy re-reads every document, unless only its labels, synonyms or parents
    # changed: then the documents under a relabelled concept are rewritten from the index.
    changed = taxonomy_hash != live_taxonomy_hash
    relabel = _relabel(live_ix, live_taxonomy_hash, taxonomy) if changed and not full else None
    full = full or live_ix is None or changed and relabel is None
    run = _Run(
        live_ix,
        live,
        tree,
        taxonomy,
        taxonomy_hash,
        usable=taxonomy if tree.taxonomy_file else None,
        full=full,
        report=IndexReport(problems=tree.problems + taxonomy_problems, full=full),
        relabel=relabel,
        stamps=stamps,
    )
    _choose_sources(run)
    return run


def _taxonomy_hash(taxonomy: Taxonomy) -> str:
    return _hash(json.dumps(taxonomy.to_dict(), sort_keys=True).encode())


def _relabel(live_ix: Index | None, live_hash: str | None, taxonomy: Taxonomy) -> Relabel | None:
    """What ``taxonomy`` changes, when it only relabels the live generation's and that was
    written by this version of kb: the hash it stores, salted with the schema's version,
    is the one of the taxonomy it stores (another schema's records are all written anew)."""
    live = live_taxonomy(live_ix)
    if live is None or _taxonomy_hash(live) != live_hash:
        return None
    return relabel_only(live, taxonomy)


def _choose_sources(run: _Run) -> None:
    """The sources to read: new or changed ones (all for a full build), none held back."""
    tree, live, report = run.tree, run.live, run.report
    # Refused before reading (over the size limit, a link outside the tree, a refused
    # transcript): an indexed document keeps its last good version.
    run.held = {doc_id: path for doc_id, path in tree.refused.items() if doc_id in live}
    run.held.update({s.id: s.path for s in tree.sources if s.transcript_refused and s.id in live})
    report.skipped.extend(tree.refused.values())
    report.skipped.extend(s.path for s in tree.sources if s.id in run.held)
    report.kept.extend(sorted(run.held))
    run.to_read = [
        source
        for source in tree.sources
        if source.id not in run.held
        and (run.full or source.id not in live or live[source.id].stamp != run.stamps[source.id])
    ]
    held_sources = sum(1 for source in tree.sources if source.id in run.held)
    report.unchanged = len(tree.sources) - len(run.to_read) - held_sources


def _write_documents(
    run: _Run, sink: Sink, indexed: IndexedDocuments, today: dt.date, progress: Progress | None
) -> None:
    """Read the chosen sources and write each document that reads well: a large full build
    in helper processes that write segments of their own (``indexer.segments``)."""
    helped = run.full and len(run.to_read) >= PARALLEL_FROM and WRITER_PROCS > 1
    if helped:
        job = Job(_read, run.usable, run.taxonomy, today, run.stamps, sink.ledger)
        results = sink.read_and_write(job, run.to_read, WRITER_PROCS)
    else:
        results = _read_all(run.to_read, run.usable, today)
    total = len(run.to_read)
    for done, (source, result, content_hash) in enumerate(results, start=1):
        if progress:
            progress(done, total, source.path)
        _write_document(run, sink, indexed, (source, result, content_hash), written=helped)


def _write_document(
    run: _Run,
    sink: Sink,
    indexed: IndexedDocuments,
    read: tuple[Source, ReadResult, str],
    written: bool = False,
) -> None:
    """Write one document read (unless a helper ``written`` it); one that failed keeps its
    last good version."""
    source, result, content_hash = read
    report, stamp = run.report, run.stamps[source.id]
    previous = run.live.get(source.id)
    if not run.full and previous and previous.hash == content_hash and result.document:
        sink.write(result.document, content_hash, stamp)
        report.unchanged += 1  # same text, new file stamp: rewritten, not counted
        return
    report.problems.extend(result.problems)
    if result.unchecked:
        run.unchecked[source.path] = result.unchecked
    if result.document is not None:
        report.problems.extend(indexed.warnings(result.document, content_hash))
        if written:
            sink.written(result.document, content_hash)
        else:
            sink.write(result.document, content_hash, stamp)
        (report.updated if previous else report.added).append(source.id)
        return
    report.skipped.append(source.path)
    if previous:
        report.kept.append(source.id)
        if run.full:  # carry the last good version into the new generation
            sink.write(run.last_good(source.id), previous.hash, previous.stamp)


def _carry_held(run: _Run, sink: Sink) -> None:
    """A full build carries the documents held back into the new generation."""
    if run.full:
        for doc_id in run.held:
            sink.write(run.last_good(doc_id), run.live[doc_id].hash, run.live[doc_id].stamp)


def _remove_gone(run: _Run, sink: Sink) -> None:
    """Documents whose file is gone leave the index."""
    run.report.removed = sorted(set(run.live) - run.tree.present_ids)
    for doc_id in run.report.removed:
        sink.delete(doc_id)


def _order_problems(run: _Run) -> None:
    """taxonomy.yml's problems first, then one line for the documents its errors held."""
    report, taxonomy_path = run.report, run.tree.taxonomy_path
    summary = unchecked_line(taxonomy_path, report.problems, run.unchecked)
    report.problems = in_order(report.problems, taxonomy_path, summary)
    report.unchecked = sorted(run.unchecked)
    if summary:  # taxonomy.yml's errors, then the summary line
        report.causes = [p for p in report.problems if p.path == taxonomy_path and not p.warning]


def _write_lists(run: _Run, sink: Sink) -> None:
    """The record of the tree's reading lists, when it changed (always for a full build).

    A list that fails its check keeps the version the live generation holds.
    """
    previous, previous_hash = stored_lists(run.live_ix) if run.live_ix else ({}, None)
    lists, list_problems = read_lists(run.tree.lists, previous)
    run.report.problems.extend(list_problems)
    record = lists_record(lists)
    if run.full or record["hash"] != previous_hash:
        sink.replace(record)
