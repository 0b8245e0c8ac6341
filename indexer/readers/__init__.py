"""Readers: text in, ``Document`` out; chosen by the file's suffix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from indexer.readers.encoding import decode
from indexer.readers.markdown import ReadResult, read_markdown
from indexer.readers.transcripts import Cue, read_srt, read_vtt
from kb.errors import ContentError, Problem
from kb.taxonomy import Taxonomy

TranscriptReader = Callable[[str, str], tuple[list[Cue], list[Problem]]]
TRANSCRIPT_READERS: dict[str, TranscriptReader] = {".vtt": read_vtt, ".srt": read_srt}


def read_document(
    raw: bytes,
    path: str,
    doc_type: str,
    slug: str,
    taxonomy: Taxonomy | None,
    today: dt.date,
    transcript: bytes | None = None,
    transcript_path: str | None = None,
) -> ReadResult:
    """Read one document from its bytes (and its transcript file's, for a webinar)."""
    problems: list[Problem] = []
    cues: list[Cue] | None = None
    try:
        text, found = decode(raw, path)
        problems.extend(found)
        if transcript is not None and transcript_path:
            suffix = transcript_path[transcript_path.rfind(".") :].lower()
            transcript_text, found = decode(transcript, transcript_path, transcript=True)
            problems.extend(found)
            cues, found = TRANSCRIPT_READERS[suffix](transcript_text, transcript_path)
            problems.extend(found)
    except ContentError as error:
        return ReadResult(None, [*problems, error.as_problem()])
    result = read_markdown(text, path, doc_type, slug, taxonomy, today, cues)
    result.problems[:0] = problems
    read = result.document or result.draft
    if read and doc_type == "webinar" and not any(s.t is not None for s in read.sections):
        result.problems.append(
            Problem(
                path,
                1,
                "transcript",
                "this webinar has no transcript: "
                "add a '## Transcripción' section or a .vtt/.srt file "
                "with the same name",
                warning=True,
            )
        )
    return result
