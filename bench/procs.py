"""Process memory: psutil when it is installed (the ``bench`` extra), else Linux's /proc."""

from __future__ import annotations

import os
from pathlib import Path

try:
    import psutil
except ImportError:  # the smoke test runs with the ``test`` extra only
    psutil = None
_GONE: tuple[type[Exception], ...] = (OSError, ValueError, IndexError)
if psutil is not None:
    _GONE += (psutil.Error,)

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss(pid: int) -> int:
    """Resident memory of ``pid`` in bytes (0 if it is gone)."""
    try:
        if psutil is not None:
            return psutil.Process(pid).memory_info().rss
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except _GONE:
        return 0


def own_peak(pid: int) -> int:
    """The highest resident memory ``pid`` has had, in bytes (``VmHWM``: since its last
    exec, or inherited at a fork); 0 if it is gone or the kernel does not say."""
    return _kernel_kib(pid, "status", "VmHWM:") * 1024


def pss(pid: int) -> int:
    """Proportional memory of ``pid`` in bytes (its private pages plus its share of the
    pages it shares, e.g. with the process it was forked from); 0 if it is gone or the
    kernel does not say. Summed over a process tree, unlike RSS, it counts a page once."""
    return _kernel_kib(pid, "smaps_rollup", "Pss:") * 1024


def _kernel_kib(pid: int, file: str, key: str) -> int:
    """The kilobytes the line ``key`` of ``/proc/PID/file`` gives (0 if none or gone)."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """The ids of every process below ``pid``."""
    if psutil is not None:
        try:
            return [p.pid for p in psutil.Process(pid).children(recursive=True)]
        except psutil.Error:
            return []
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found.extend(children)
        todo.extend(children)
    return found


def memory_total() -> int:
    """Physical memory of the machine in bytes."""
    if psutil is not None:
        return psutil.virtual_memory().total
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) * 1024
    return 0
