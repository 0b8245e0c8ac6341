"""The shrink guard: an index run never publishes the loss of most of the live index
because of where it looked.

``kb index --content /srv/kb/contnet`` (a typo) on a live index of 50 documents would find
nothing there, remove the 50 and publish an index that answers every search with nothing.
So before a run writes anything, the guard compares the content folder with the live
generation and refuses the run (``ShrinkRefused``: nothing is written, the live index is
untouched) when the folder

- does not exist or is not a folder (always refused: there is nothing to confirm);
- holds no documents (nothing under ``cases/``, ``notebooks/`` or ``webinars/``), even for a
  first build;
- has no ``taxonomy.yml`` while a live index exists (every document would lose its themes
  and networks);
- would leave fewer documents than the live index holds by more than a share (20 % by
  default; ``--max-shrink`` or ``KB_MAX_SHRINK``). The share is of the live documents, net
  of the new ones: renaming files is not a shrink.

All but the first are published when the operator confirms the shrink is real
(``--allow-shrink``). ``kb check`` uses ``folder_error`` to say plainly that a folder is
not a content tree.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from indexer.discover import Tree
from kb.errors import KbError, Problem

DEFAULT_MAX_SHRINK = 20.0  # percent of the live documents one run may remove
CONFIRM = "--allow-shrink"
REFUSED_EXIT = 3  # kb index's exit status when the guard refuses a run
_WHERE = "cases/, notebooks/ or webinars/"
_GIVE = "give the content tree with --content (or $KB_CONTENT)"
_GIVE_FIX = "Give the content tree with --content (or $KB_CONTENT)"


@dataclass(frozen=True)
class ShrinkPolicy:
    """How much of the live index one run may remove, and whether a shrink is confirmed."""

    max_shrink: float = DEFAULT_MAX_SHRINK  # percent, from 0 to 100
    allow: bool = False  # the operator confirmed a real shrink (--allow-shrink)


DEFAULT_POLICY = ShrinkPolicy()


class NotContent(KbError):
    """A folder that is not a content tree; ``problems``: what else its walk found."""

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


class ShrinkRefused(NotContent):
    """An index run refused by the guard: nothing was written."""


def folder_error(content: str | Path) -> str | None:
    """Why ``content`` cannot be a content tree at all (missing, or not a folder), or None."""
    path = Path(content)
    if path.is_dir():
        return None
    if path.exists() or path.is_symlink():
        return f"{content} is not a folder"
    return f"{content} does not exist{_did_you_mean(path)}"


def _did_you_mean(path: Path) -> str:
    """`` (did you mean content?)`` when a folder beside ``path`` has a close name."""
    try:
        names = [p.name for p in path.parent.iterdir() if p.is_dir()]
    except OSError:
        return ""
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)
    return f" (did you mean {path.with_name(close[0])}?)" if close else ""


def holds_nothing(tree: Tree) -> bool:
    """No documents at all (a file refused unread still counts as one)."""
    return not tree.present_ids


def not_content(content: str | Path, tree: Tree) -> NotContent | None:
    """What ``kb check`` says of a folder that is no content tree (None when it is one):
    missing, not a folder, or with no documents and no taxonomy.yml."""
    error = folder_error(content)
    if error:
        return NotContent(f"{error}: {_GIVE}")
    if holds_nothing(tree) and tree.taxonomy_file is None:
        return NotContent(
            f"{content} holds no content: no files under {_WHERE} and no taxonomy.yml: {_GIVE}",
            _walk_notes(tree),
        )
    return None


def guard(
    content: str | Path,
    index_root: str | Path,
    live_ids: Collection[str],
    tree: Tree,
    policy: ShrinkPolicy,
) -> None:
    """Raise ``ShrinkRefused`` when indexing ``tree`` (found in ``content``) would lose
    most of the live index (``live_ids``) because of where it looked."""
    live, after = len(live_ids), len(tree.present_ids)
    guard_folder(content, index_root, live)
    if policy.allow:
        return
    really = "if the documents were really removed" if live else "to publish an empty index"
    fix = f"Check --content (or $KB_CONTENT); {really}, run kb index again with {CONFIRM}"
    if holds_nothing(tree):
        reason = f"{content} holds no documents (no .md files under {_WHERE})"
        raise ShrinkRefused(_message(reason, live, 0, index_root, fix), _walk_notes(tree))
    if not live:
        return  # a first build is no shrink
    if tree.taxonomy_file is None:
        reason = (
            f"{tree.taxonomy_path} is missing: the documents would lose their themes and networks"
        )
        raise ShrinkRefused(_message(reason, live, after, index_root, fix))
    share = 100.0 * (live - after) / live
    if share > policy.max_shrink:
        gone = len(set(live_ids) - tree.present_ids)
        reason = (
            f"{gone} of the {_documents(live)} of the live index have no file under {content} "
            f"any more: the index would shrink by {round(share, 1):g}%, over the "
            f"{policy.max_shrink:g}% limit (--max-shrink or KB_MAX_SHRINK)"
        )
        raise ShrinkRefused(_message(reason, live, after, index_root, fix))


def guard_folder(content: str | Path, index_root: str | Path, live: int) -> None:
    """Raise ``ShrinkRefused`` when ``content`` is missing or not a folder (``live``: the
    documents of the live index), whatever the policy."""
    error = folder_error(content)
    if error:
        fix = f"{_GIVE_FIX}; {CONFIRM} publishes a real shrink, never a folder that is not there"
        raise ShrinkRefused(_message(error, live, 0, index_root, fix))


def _message(reason: str, live: int, after: int, index_root: str | Path, fix: str) -> str:
    if live:
        state = (
            f"The live index in {index_root} holds {_documents(live)}; this run would leave "
            f"{after}. Nothing was published: the live index is untouched and still answers "
            "searches."
        )
    else:
        state = f"There is no live index in {index_root} yet; nothing was published."
    return f"refused: {reason}.\n{state}\n{fix}."


def _documents(count: int) -> str:
    return f"{count} document" + ("" if count == 1 else "s")


def _walk_notes(tree: Tree) -> list[Problem]:
    """What the walk noticed besides the missing taxonomy (documents in other folders)."""
    return [p for p in tree.problems if p.key != "taxonomy"]
