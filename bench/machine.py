"""What the figures were measured on: the machine and the versions of what ran."""

from __future__ import annotations

import datetime as dt
import os
import platform
from importlib import metadata
from typing import Any

from bench import procs


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def describe() -> dict[str, Any]:
    """CPU count and model, memory, OS, and the versions of Python, kb, Whoosh and tantivy."""
    return {
        "machine": {
            "cpu_count": os.cpu_count(),
            "cpu_model": _cpu_model(),
            "memory_bytes": procs.memory_total(),
            "platform": platform.platform(),
        },
        "versions": {
            "python": platform.python_version(),
            "kb": _version("kb"),
            "whoosh": _version("whoosh3") or _version("whoosh"),
            "tantivy": _version("tantivy"),
            "gunicorn": _version("gunicorn"),
        },
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }
