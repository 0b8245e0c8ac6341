"""Where an index build writes: a new generation (full build) or the live one."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from whoosh.index import Index

from indexer import publish
from indexer.ledger import Ledger
from indexer.phases import OFF, Phases
from kb.documents import Document
from kb.schema import records
from kb.taxonomy import Taxonomy


class Sink:
    """Where documents go as they are read: a new generation (full) or the live one."""

    def __init__(
        self,
        root: Path,
        live: Index | None,
        taxonomy: Taxonomy,
        full: bool,
        procs: int = 1,
        phases: Phases = OFF,
        ledger: Ledger | None = None,
    ) -> None:
        self.root, self.live, self.taxonomy, self.full = root, live, taxonomy, full
        self.phases = phases
        self.ledger = ledger  # stamps each document written with its first and last dates
        self.name = publish.current_name(root) or ""
        self.writer: Any = None
        self.writing = False  # a record was added, deleted or replaced
        if full:
            self.name, _folder, ix = publish.new_generation(root)
            self.writer = ix.writer(
                procs=procs, multisegment=True, limitmb=128, compound=False
            )  # mmapped, not copied into memory

    def _writer(self) -> Any:
        """The writer, opened on the live generation at the first change of an incremental
        build; the run enters its ``write`` phase then."""
        if self.writer is None:
            if self.live is None:  # build_index makes a build without one full
                raise ValueError("an incremental build needs a live generation")
            self.writer = self.live.writer(limitmb=128, compound=False)
        if not self.writing:
            self.writing = True
            self.phases.enter("write")
        return self.writer

    def write(self, document: Document, content_hash: str, stamp: str) -> None:
        writer = self._writer()
        if not self.full:
            writer.delete_by_term("doc_id", document.id)
        if self.ledger is not None:
            document = self.ledger.stamp(document, content_hash)
        for record in records(document, self.taxonomy, content_hash, stamp):
            writer.add_document(**record)

    def write_meta(self, record: dict[str, Any]) -> None:
        self._writer().add_document(**record)

    def replace(self, record: dict[str, Any]) -> None:
        """Write a record of the generation's own (not a document's), replacing it."""
        writer = self._writer()
        if not self.full:
            writer.delete_by_term("doc_id", record["doc_id"])
        writer.add_document(**record)

    def delete(self, doc_id: str) -> None:
        if not self.full:
            self._writer().delete_by_term("doc_id", doc_id)

    def finish(self, before_publish: Callable[[], None] | None) -> str:
        """Commit; publish a full build's generation. Returns the live generation."""
        if self.writer is None:
            return self.name
        if self.ledger is not None:
            self.ledger.save()  # before the commit: a first date is never lost
        if not self.full and before_publish:
            before_publish()
        self.phases.enter("commit")
        self.writer.commit()
        self.writer = None
        if self.full:
            if before_publish:
                before_publish()
            self.phases.enter("publish")
            publish.publish(self.root, self.name)
            self.phases.enter("cleanup")
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
