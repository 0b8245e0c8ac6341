"""A data file's prebuilt form, kept on disk: built once, then read in a fraction of the time.

The prebuilt form is a ``msgspec`` structure saved as MessagePack in a cache folder, under
a name holding the hash of the source file's bytes and of a salt (the code and library
versions that build it): a changed source or builder gives another name, so a stale form
is never read. A missing, unreadable or unwritable cache only costs the build.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import msgspec

T = TypeVar("T")
KEEP = 4  # forms kept per source name: several checkouts of kb may share one cache folder


def cache_key(raw: bytes, salt: bytes) -> str:
    """The hash naming the prebuilt form of a source's bytes ``raw``."""
    digest = hashlib.blake2b(raw, digest_size=16)
    digest.update(b"\0" + salt)
    return digest.hexdigest()


def cached(
    source: Path,
    folder: Path | None,
    kind: type[T],
    build: Callable[[bytes], T],
    salt: bytes,
) -> T:
    """The prebuilt form of ``source``: read from ``folder`` when it holds the one of these
    bytes and salt, else built from the bytes by ``build`` and saved there for next time."""
    raw = source.read_bytes()
    if folder is None:
        return build(raw)
    stem = source.name.partition(".")[0]
    path = folder / f"{stem}-{cache_key(raw, salt)}.msgpack"
    try:
        return msgspec.msgpack.decode(path.read_bytes(), type=kind)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        pass  # not built yet (or damaged): build it again
    built = build(raw)
    try:
        _save(path, msgspec.msgpack.encode(built))
    except OSError:
        pass  # a folder we cannot write: the next run builds it again
    return built


def _save(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; of the forms of the same source name, keep the
    ``KEEP`` newest."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    prefix = path.name.rpartition("-")[0]
    forms = sorted(path.parent.glob(f"{prefix}-*{path.suffix}"), key=lambda p: _age(p, path))
    for old in forms[KEEP:]:
        old.unlink(missing_ok=True)


def _age(path: Path, new: Path) -> tuple[bool, float]:
    """Sorts ``new`` first, then the others newest first (one removed meanwhile: last)."""
    try:
        return path != new, -path.stat().st_mtime
    except OSError:
        return True, 0.0
