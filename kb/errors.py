"""Errors and problems, each naming the file, the line and the key at fault."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a warning) in a content file."""

    path: str
    line: int
    key: str
    message: str
    suggestion: str | None = None
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        hint = f" (did you mean {self.suggestion}?)" if self.suggestion else ""
        return f"{self.path}:{self.line}: {self.key}: {kind}{self.message}{hint}"

    def github(self) -> str:
        """The problem as a GitHub Actions annotation."""
        level = "warning" if self.warning else "error"
        hint = f" (did you mean {self.suggestion}?)" if self.suggestion else ""
        return f"::{level} file={self.path},line={self.line}::{self.key}: {self.message}{hint}"


class KbError(Exception):
    """Base class of kb's errors; carries the path, line and key when known."""

    def __init__(self, message: str, path: str = "", line: int = 1, key: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.key = key

    def __str__(self) -> str:
        if self.path:
            return f"{self.path}:{self.line}: {self.key or 'file'}: {self.message}"
        return self.message

    def as_problem(self) -> Problem:
        return Problem(self.path, self.line, self.key or "file", self.message)


class ContentError(KbError):
    """A content file cannot be read as a document."""


class IndexMissing(KbError):
    """No published index generation exists yet."""


class IndexBusy(KbError):
    """Another process is writing the index."""


class BadRequest(KbError):
    """A search parameter is out of range; ``key`` names the parameter."""
