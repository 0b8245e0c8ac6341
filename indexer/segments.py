"""A full build on every core: each helper process reads documents and writes them into a
Whoosh segment of its own; the parent adds those segments to the generation it commits.

Batches of sources are dealt to the helpers in turn (the same batches every build: a tree
always gives the same index, the order of ties included); a helper reads each source
(Markdown, its transcript), analyses and writes the records of each document that reads
well, and sends the parent what it read (for the report, the warnings and the ledger): the
document without its texts and HTML, which only the helper's segment needs (``_sent``).
Nothing is pickled twice, and texts are analysed where they were parsed. The
segments live in the unpublished generation's folder: a build that dies leaves nothing
the live index uses.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import pickle
import queue
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from whoosh.index import Index

from indexer.discover import Source
from indexer.gazetteer import gazetteer
from indexer.ledger import Ledger
from indexer.readers.markdown import ReadResult
from indexer.segment_writer import Writer
from kb.schema import records
from kb.taxonomy import Taxonomy

BATCH = 8  # sources a helper takes at a time
Read = Callable[[Source, Taxonomy | None, dt.date], tuple[ReadResult, str]]


@dataclass(frozen=True)
class Job:
    """What every helper needs: how to read, what to index with."""

    read: Read
    usable: Taxonomy | None  # the taxonomy documents are checked with
    taxonomy: Taxonomy  # the taxonomy records are written with
    today: dt.date
    stamps: dict[str, str]
    ledger: Ledger | None  # a copy: dates each document (the parent records them)


def _helper(job: Job, index: Index, number: int, tasks: Any, results: Any) -> None:
    """One helper process: read and write batches until told to stop; send the segment."""
    try:
        writer = Writer(index, _lk=False, limitmb=128, compound=False)
        while (batch := tasks.get()) is not None:
            for position, source in batch:
                result, content_hash = job.read(source, job.usable, job.today)
                if (document := result.document) is not None:
                    if job.ledger is not None:
                        document = job.ledger.stamp(document, content_hash)
                    stamp = job.stamps[source.id]
                    for record in records(document, job.taxonomy, content_hash, stamp):
                        writer.add_document(**record)
                results.put(("read", position, _sent(result), content_hash))
        segment = writer._finalize_segment() if writer._added else None
        if not writer._added:
            writer._close_segment()
        results.put(("segment", number, segment))
    except BaseException as error:
        results.put(("failed", _portable(error)))


def _sent(result: ReadResult) -> ReadResult:
    """What the parent needs of a document a helper wrote: its id, type, dates, path and
    headings (``indexer.anchors`` warns about changed anchors, the ledger dates it), not
    its texts, HTML or transcript passages (a tenth of the bytes to pickle and send)."""
    document = result.document
    if document is None:
        return result
    headed = tuple(replace(s, text="") for s in document.sections if s.t is None)
    return replace(result, document=replace(document, body_html="", sections=headed))


def _portable(error: BaseException) -> BaseException:
    """The helper's error as the parent will raise it (an ``OSError`` stays one, so that a
    full disk is reported as such), or its traceback when it cannot be sent."""
    try:
        pickle.dumps(error)
    except Exception:
        return RuntimeError(f"an indexing helper failed:\n{traceback.format_exc()}")
    return error


class Helpers:
    """The helper processes of one full build; their ``segments`` once ``read_all`` ends."""

    def __init__(self, job: Job, index: Index, procs: int) -> None:
        gazetteer()  # read once here, before the fork, not once in every helper
        context = multiprocessing.get_context("fork")
        self.tasks: list[Any] = [context.Queue() for _ in range(procs)]
        self.results: Any = context.Queue()
        self.processes = [
            context.Process(
                target=_helper, args=(job, index, n, self.tasks[n], self.results), daemon=True
            )
            for n in range(procs)
        ]
        self._segments: dict[int, Any] = {}
        for process in self.processes:
            process.start()

    def read_all(self, sources: list[Source]) -> Iterator[tuple[Source, ReadResult, str]]:
        """Every source read (and written by a helper), in the order given."""
        numbered = list(enumerate(sources))
        for number, start in enumerate(range(0, len(numbered), BATCH)):
            self.tasks[number % len(self.tasks)].put(numbered[start : start + BATCH])
        for tasks in self.tasks:
            tasks.put(None)
        waiting: dict[int, tuple[ReadResult, str]] = {}
        following, finished = 0, 0
        while finished < len(self.processes):
            message = self._next()
            if message[0] == "failed":
                raise message[1]
            if message[0] == "segment":
                finished += 1
                if message[2] is not None:
                    self._segments[message[1]] = message[2]
                continue
            waiting[message[1]] = (message[2], message[3])
            while following in waiting:
                result, content_hash = waiting.pop(following)
                yield sources[following], result, content_hash
                following += 1
        for process in self.processes:
            process.join()

    @property
    def segments(self) -> list[Any]:
        """The helpers' segments, in the helpers' order (the same order every build)."""
        return [self._segments[n] for n in sorted(self._segments)]

    def _next(self) -> tuple[Any, ...]:
        while True:
            try:
                message: tuple[Any, ...] = self.results.get(timeout=1.0)
                return message
            except queue.Empty:
                if not any(p.is_alive() for p in self.processes):
                    raise RuntimeError("the indexing helpers ended without a word") from None

    def stop(self) -> None:
        """End the helpers that still run (a build that failed or was interrupted), and
        drop the batches nobody will read: a queue's thread would otherwise wait at exit
        to push them into a pipe no helper empties."""
        for tasks in self.tasks:
            tasks.cancel_join_thread()
        for process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join(5)
