"""Transcripts: WebVTT (webvtt-py), SubRip (srt) and timestamped paragraphs in Markdown.

Every reader turns text into ``Cue`` records; ``passages`` groups cues into passages of
about 30–60 seconds, each with its start second and speaker.
"""

from __future__ import annotations

import html
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import srt
import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from kb.analysis import fold
from kb.documents import Section
from kb.errors import ContentError, Problem

MIN_PASSAGE = 30.0
MAX_PASSAGE = 60.0
TURN_MIN = 12.0
SILENCE = 10.0
_TAG = re.compile(r"<[^>]*>|\{\\[^}]*\}")
_SPEAKER = re.compile(
    r"^\s*(?:-\s*)?((?:[A-ZÁÉÍÓÚÑÇÂÊÔÃÕÀÜ][\w.'’-]*)(?:\s+(?:de|da|do|dos|das|del|la|van|von|"
    r"[A-ZÁÉÍÓÚÑÇÂÊÔÃÕÀÜ][\w.'’-]*)){0,4})\s*:\s+(.+)$",
    re.S,
)
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_STAMP = re.compile(r"^\[(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,]\d+)?\]\s*(.*)$", re.S)


@dataclass(frozen=True)
class Cue:
    """One timed piece of speech."""

    start: float
    end: float
    text: str
    speaker: str | None = None
    line: int = 1
    prefixed: bool = False  # the speaker came from a "Name:" prefix in the text


def clean_text(text: str) -> str:
    """Cue text without markup or entities, on one line."""
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def _split_speaker(text: str, current: str | None) -> tuple[str | None, str]:
    found = _SPEAKER.match(text)
    if found and 2 <= len(found.group(1)) <= 60:
        return found.group(1).strip(), found.group(2).strip()
    return current, text


def read_vtt(text: str, path: str) -> tuple[list[Cue], list[Problem]]:
    """Cues of a WebVTT file; voice tags (``<v Name>``) give the speaker."""
    problems: list[Problem] = []
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
        problems.append(Problem(path, 1, "transcript", "NUL characters replaced", warning=True))
    try:
        captions = webvtt.from_buffer(io.StringIO(_normalise_timings(text))).captions
    except (MalformedFileError, MalformedCaptionError) as error:
        raise ContentError(
            f"not a readable WebVTT file: {error} (it must start with a line "
            "'WEBVTT', then cues 'hh:mm:ss.ttt --> hh:mm:ss.ttt')",
            path,
            1,
            "transcript",
        ) from None
    lines = _timing_lines(text)
    cues: list[Cue] = []
    speaker: str | None = None
    for index, caption in enumerate(captions):
        voice = _VOICE.search(caption.raw_text or "")
        body = clean_text(caption.raw_text or caption.text)
        if voice:
            speaker = voice.group(1).strip()
        else:
            speaker, body = _split_speaker(body, speaker)
        line = lines[index] if index < len(lines) else 1
        if body:
            cues.append(Cue(_seconds(caption.start), _seconds(caption.end), body, speaker, line))
    return cues, problems + check_cues(cues, path)


def read_srt(text: str, path: str) -> tuple[list[Cue], list[Problem]]:
    """Cues of a SubRip file; a ``Name:`` prefix opens a speaker's turn."""
    try:
        subtitles = list(srt.parse(text, ignore_errors=False))
    except srt.SRTParseError as error:
        line = text.count("\n", 0, error.expected_start) + 1
        raise ContentError(
            f"not a readable SubRip file near {error.unmatched_content[:40].strip()!r}: each "
            "cue is a number, a line 'hh:mm:ss,mmm --> hh:mm:ss,mmm' and its text",
            path,
            line,
            "transcript",
        ) from None
    except (ValueError, TypeError) as error:
        raise ContentError(f"not a readable SubRip file: {error}", path, 1, "transcript") from None
    problems = _srt_structure(text, path)
    lines = _timing_lines(text)
    cues: list[Cue] = []
    speaker: str | None = None
    for index, subtitle in enumerate(subtitles):
        plain = clean_text(subtitle.content)
        speaker, body = _split_speaker(plain, speaker)
        voice = _VOICE.search(subtitle.content)
        if voice:
            speaker = voice.group(1).strip()
        line = lines[index] if index < len(lines) else 1
        if body:
            start, end = subtitle.start.total_seconds(), subtitle.end.total_seconds()
            cues.append(Cue(start, end, body, speaker, line, prefixed=body != plain and not voice))
    return cues, problems + check_cues(cues, path)


def read_inline(text: str, path: str, first_line: int) -> tuple[list[Cue], list[Problem]]:
    """Cues of a Markdown transcript: paragraphs opening with ``[hh:mm:ss] Speaker:``."""
    reader = _InlineTranscript(path)
    for line, paragraph in _paragraphs(text, first_line):
        reader.add(paragraph, line)
    # Each paragraph lasts until the next one starts.
    cues = reader.cues
    timed = [
        replace(c, end=max(c.start, cues[i + 1].start if i + 1 < len(cues) else c.start + 30))
        for i, c in enumerate(cues)
    ]
    return timed, reader.problems + check_cues(timed, path)


def _paragraphs(text: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Each paragraph of ``text`` on one line, with the number of its first line."""
    paragraph: list[str] = []
    start_line = first_line
    for number, line in enumerate(text.split("\n"), start=first_line):
        if line.strip():
            if not paragraph:
                start_line = number
            paragraph.append(line)
        elif paragraph:
            yield start_line, " ".join(part.strip() for part in paragraph)
            paragraph = []
    if paragraph:
        yield start_line, " ".join(part.strip() for part in paragraph)


@dataclass
class _InlineTranscript:
    """The cues of a Markdown transcript, read a paragraph at a time."""

    path: str
    cues: list[Cue] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    speaker: str | None = None  # who speaks until a paragraph names someone else

    def add(self, paragraph: str, line: int) -> None:
        """A timed paragraph is a cue; an untimed one continues the previous cue."""
        found = _STAMP.match(paragraph)
        if not found:
            self._continue(paragraph, line)
            return
        hours, minutes, seconds, rest = found.groups()
        start = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
        self.speaker, body = _split_speaker(rest.strip(), self.speaker)
        if body:
            prefixed = body != rest.strip()
            cue = Cue(float(start), float(start), clean_text(body), self.speaker, line, prefixed)
            self.cues.append(cue)

    def _continue(self, paragraph: str, line: int) -> None:
        if not self.cues:
            self.problems.append(
                Problem(
                    self.path,
                    line,
                    "transcript",
                    "this paragraph has no timestamp: start it with [hh:mm:ss] or [mm:ss]",
                    warning=True,
                )
            )
            return
        last = self.cues.pop()
        text = f"{last.text} {clean_text(paragraph)}"
        self.cues.append(Cue(last.start, last.end, text, last.speaker, last.line))


def known_speakers(cues: list[Cue], speakers: tuple[str, ...]) -> list[Cue]:
    """Undo one-word "Word:" prefixes that name nobody in ``speakers`` ("Dice: ..." is
    speech); full names not in the list (people in the audience) stay speakers."""
    if not speakers:
        return cues
    names = {fold(s) for s in speakers} | {fold(s.split()[0]) for s in speakers}
    fixed: list[Cue] = []
    for cue in cues:
        unknown = cue.speaker and fold(cue.speaker) not in names and " " not in cue.speaker
        if cue.prefixed and unknown:
            previous = fixed[-1].speaker if fixed else None
            cue = replace(cue, text=f"{cue.speaker}: {cue.text}", speaker=previous)
        elif fixed and not cue.prefixed and unknown:
            cue = replace(cue, speaker=fixed[-1].speaker)
        fixed.append(cue)
    return fixed


def check_cues(cues: list[Cue], path: str) -> list[Problem]:
    """Warnings for cues out of order or overlapping (they are kept as they are)."""
    problems: list[Problem] = [
        Problem(
            path,
            cue.line,
            "transcript",
            f"cue at {_clock(cue.start)} ends before it starts",
            warning=True,
        )
        for cue in cues
        if cue.end < cue.start
    ]
    for previous, cue in zip(cues, cues[1:], strict=False):
        if cue.start < previous.start:
            problems.append(
                Problem(
                    path,
                    cue.line,
                    "transcript",
                    f"cue at {_clock(cue.start)} starts before the previous one "
                    f"({_clock(previous.start)}): cues are out of order",
                    warning=True,
                )
            )
        elif cue.start < previous.end - 0.5:
            problems.append(
                Problem(
                    path,
                    cue.line,
                    "transcript",
                    f"cue at {_clock(cue.start)} overlaps the previous one, "
                    f"which ends at {_clock(previous.end)}",
                    warning=True,
                )
            )
    return problems[:20]


def passages(cues: list[Cue]) -> list[Section]:
    """Group cues into passages of about 30–60 seconds, split at turns of speakers."""
    ordered = sorted(cues, key=lambda c: c.start)
    found: list[Section] = []
    group: list[Cue] = []

    def close() -> None:
        if not group:
            return
        talk: Counter[str] = Counter()
        for cue in group:
            if cue.speaker:
                talk[cue.speaker] += len(cue.text)
        speaker = talk.most_common(1)[0][0] if talk else None
        text = " ".join(c.text for c in group)
        found.append(
            Section(
                anchor=None,
                heading=speaker or "",
                text=text,
                t=int(group[0].start),
                speaker=speaker,
            )
        )

    for cue in ordered:
        if group:
            length = group[-1].end - group[0].start
            turn = cue.speaker is not None and cue.speaker != group[-1].speaker
            sentence_end = group[-1].text.rstrip().endswith((".", "?", "!", "…", '"', "»"))
            silence = cue.start - group[-1].end >= SILENCE
            if (
                length >= MAX_PASSAGE
                or (length >= MIN_PASSAGE and sentence_end)
                or (turn and length >= TURN_MIN)
                or silence
            ):
                close()
                group = []
        group.append(cue)
    close()
    return found


_SHORT_TIME = re.compile(r"(?<![\d:.,])((?:\d{1,2}:)?\d{1,2}:\d{2})(?:[.,](\d{1,2}))?(?![\d.,:])")


def _normalise_timings(text: str) -> str:
    """Timing lines with short timestamps made hh:mm:ss.mmm (``00:01:39`` and ``41.04`` are
    common in the wild and some parsers drop such cues); other lines are left alone."""

    def fix(match: re.Match[str]) -> str:
        return f"{match.group(1)}.{((match.group(2) or '') + '000')[:3]}"

    return "\n".join(
        _SHORT_TIME.sub(fix, line) if "-->" in line and "\ufffd" not in line else line
        for line in text.split("\n")
    )


def _srt_structure(text: str, path: str) -> list[Problem]:
    """Warnings for SubRip cues without numbers or without a timing line."""
    lines = text.split("\n")
    problems: list[Problem] = []
    unnumbered = False
    for index, line in enumerate(lines):
        previous = lines[index - 1].strip() if index else ""
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if "-->" in line and not previous.isdigit():
            unnumbered = True
        elif line.strip().isdigit() and not previous and following and "-->" not in following:
            problems.append(
                Problem(
                    path,
                    index + 1,
                    "transcript",
                    f"cue {line.strip()} has no "
                    "timing line: its text is read with the cue before it",
                    warning=True,
                )
            )
    if unnumbered:
        problems.insert(
            0,
            Problem(
                path,
                1,
                "transcript",
                "cues without numbers: read in the order of the file",
                warning=True,
            ),
        )
    return problems


def _timing_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.split("\n"), start=1) if "-->" in line]


def _seconds(timestamp: str) -> float:
    """Seconds of a WebVTT timestamp (``01:02.5`` or ``1:01:02.500``)."""
    total = 0.0
    for part in timestamp.replace(",", ".").split(":"):
        total = total * 60 + float(part or 0)
    return total


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"
