"""The phases of an indexer run, written down as the run enters them, so that a test can
kill ``kb index`` in a phase it chose and know it did (``$KB_PHASE_FILE``,
``$KB_PHASE_PAUSE``, read by ``indexer.settings``).

A full run enters, in order: ``cleanup`` (leftovers of killed runs), ``parse`` (finding,
reading and validating the content), ``write`` (a new generation is open and records are
being added), ``commit`` (Whoosh commits the generation), ``publish`` (fsync, then the
``CURRENT`` switch) and ``cleanup`` again (generations nobody reads any more). An
incremental run enters ``cleanup``, ``parse``, and, when something changed, ``write``
(the live generation's writer is open) and ``commit``; it publishes nothing. Reading and
writing overlap (each document is written as soon as it is read): a phase is marked when
the run first enters it.

Each phase entered appends one line ``PID PHASE`` to the phase file, flushed at once, so
that the line is there whatever happens to the process next. A pause ``PHASE:SECONDS``
(or ``PHASE#N:SECONDS``: only its N-th entry) holds the run just after the line is written.
With neither setting, entering a phase costs one attribute test.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

PHASES = ("cleanup", "parse", "write", "commit", "publish")
_PAUSE = re.compile(r"^(?P<phase>[a-z]+)(?:#(?P<nth>[1-9][0-9]*))?:(?P<seconds>[0-9]+(\.[0-9]+)?)$")
PAUSE_FORMAT = "PHASE:SECONDS or PHASE#N:SECONDS, comma separated, PHASE one of " + ", ".join(
    PHASES
)


@dataclass(frozen=True)
class Pause:
    """Hold the run ``seconds`` when it enters a phase (only the ``nth`` time if given)."""

    seconds: float
    nth: int | None = None


def parse_pauses(text: str) -> dict[str, Pause]:
    """``write:30,cleanup#2:5`` → pauses by phase; ``ValueError`` says what is wrong."""
    pauses: dict[str, Pause] = {}
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        match = _PAUSE.match(item)
        if match is None:
            raise ValueError(f"{item!r} is not {PAUSE_FORMAT} (e.g. write:30)")
        phase = match["phase"]
        if phase not in PHASES:
            raise ValueError(f"{item!r} names no phase: PHASE is one of {', '.join(PHASES)}")
        pauses[phase] = Pause(float(match["seconds"]), int(match["nth"]) if match["nth"] else None)
    return pauses


class Phases:
    """Where a run writes the phases it enters, and where it pauses; ``OFF`` does nothing."""

    def __init__(self, log: TextIO | None = None, pauses: Mapping[str, Pause] | None = None):
        self._log = log
        self._pauses = dict(pauses or {})
        self._entered: Counter[str] = Counter()
        self.active = log is not None or bool(self._pauses)

    @classmethod
    def to_file(cls, path: str | Path | None, pauses: Mapping[str, Pause]) -> Phases:
        """Phases appended to ``path`` (opened now, so that a bad path fails before the
        run starts); ``OFF`` when there is neither a file nor a pause."""
        if path is None and not pauses:
            return OFF
        return cls(open(path, "a", encoding="utf-8") if path else None, pauses)

    def enter(self, phase: str) -> None:
        """The run enters ``phase``: write it down, then pause if asked to."""
        if not self.active:
            return
        self._entered[phase] += 1
        if self._log is not None:
            self._log.write(f"{os.getpid()} {phase}\n")
            self._log.flush()
        pause = self._pauses.get(phase)
        if pause is not None and pause.nth in (None, self._entered[phase]):
            time.sleep(pause.seconds)


OFF = Phases()
