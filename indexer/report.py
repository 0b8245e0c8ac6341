"""What one run of the indexer did, as ``kb index`` and ``kb watch`` report it."""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.errors import Problem


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
    unchecked: list[str] = field(default_factory=list)  # paths held by taxonomy.yml's errors
    causes: list[Problem] = field(default_factory=list)  # those errors, and the summary line
    relabelled: list[str] = field(default_factory=list)  # new labels only (indexer.relabel)

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
            + (f", {len(self.relabelled)} relabelled" if self.relabelled else "")
        )
