"""Where an index build writes: a new generation (full build) or the live one."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from whoosh.index import Index
from whoosh.writing import MERGE_SMALL

from indexer import publish
from indexer.discover import Source
from indexer.ledger import Ledger
from indexer.live_state import Indexed
from indexer.phases import OFF, Phases
from indexer.readers.markdown import ReadResult
from indexer.relabel import rewrite
from indexer.segment_writer import Writer
from indexer.segments import Helpers, Job
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
        phases: Phases = OFF,
        ledger: Ledger | None = None,
    ) -> None:
        self.root, self.live, self.taxonomy, self.full = root, live, taxonomy, full
        self.phases = phases
        self.ledger = ledger  # stamps each document written with its first and last dates
        self.name = publish.current_name(root) or ""
        self.writer: Any = None
        self.writing = False  # a record was added, deleted or replaced
        self.written_ids: set[str] = set()  # the documents written in this run
        self.helpers: Helpers | None = None
        if full:
            self.name, _folder, self.index = publish.new_generation(root)
            # compound=False: segment files are mmapped, not copied into memory
            self.writer = Writer(self.index, limitmb=128, compound=False)

    def _writer(self) -> Any:
        """The writer, opened on the live generation at the first change of an incremental
        build; the run enters its ``write`` phase then."""
        if self.writer is None:
            if self.live is None:  # build_index makes a build without one full
                raise ValueError("an incremental build needs a live generation")
            self.writer = Writer(self.live, limitmb=128, compound=False)
        if not self.writing:
            self.writing = True
            self.phases.enter("write")
        return self.writer

    def read_and_write(
        self, job: Job, sources: list[Source], procs: int
    ) -> Iterator[tuple[Source, ReadResult, str]]:
        """A full build's sources read and their documents written by ``procs`` helper
        processes (see ``indexer.segments``); yields what each read, in order."""
        if not self.full:
            raise ValueError("only a full build writes with helpers")
        self._writer()
        self.helpers = Helpers(job, self.index, procs)
        return self.helpers.read_all(sources)

    def write(self, document: Document, content_hash: str, stamp: str) -> None:
        writer = self._writer()
        self.written_ids.add(document.id)
        if not self.full:
            writer.delete_by_term("doc_id", document.id)
        if self.ledger is not None:
            document = self.ledger.stamp(document, content_hash)
        for record in records(document, self.taxonomy, content_hash, stamp):
            writer.add_document(**record)

    def relabel(self, documents: dict[str, Indexed]) -> list[str]:
        """Give each of the live generation's ``documents`` a ``doc`` record naming its
        concepts by the new taxonomy's labels (``indexer.relabel``); their sections stay."""
        return rewrite(self._writer(), self.taxonomy, documents) if documents else []

    def written(self, document: Document, content_hash: str) -> None:
        """Record in the ledger a document a helper wrote (it stamped its own copy)."""
        if self.ledger is not None:
            self.ledger.stamp(document, content_hash)

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
        if self.helpers is not None:
            _commit_with(self.writer, self.helpers.segments)
        else:
            self.writer.commit(mergetype=_merge_small)
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
        if self.helpers is not None:
            self.helpers.stop()
        if self.writer is not None:
            with contextlib.suppress(Exception):  # the writer may be what failed
                self.writer.cancel()
        if self.full:
            publish.discard(self.root, self.name)


def _merge_small(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh's merge of small segments, less the segments whose every record is deleted
    (the old records of edited or relabelled documents): nothing reads them, and kept
    they would pile up until the next full build, each one a segment more to search."""
    return MERGE_SMALL(writer, [segment for segment in segments if segment.doc_count() > 0])


def _commit_with(writer: Any, segments: list[Any]) -> None:
    """Commit a new generation's writer with the helpers' segments before its own (the
    order of a Whoosh multi-process writer's commit, without its merge of old segments:
    a new generation has none)."""
    final = list(segments)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final)
    writer._finish()
