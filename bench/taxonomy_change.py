"""What a change of the taxonomy costs: one theme's Spanish label edited in ``taxonomy.yml``,
timed from the save until the index is republished and until the search service names the
theme by its new label. The file is restored and the index brought back in step after."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import yaml

from indexer.build import build_index
from kb.search import SearchService

SUFFIX = " (revisado)"
SHOWN_TIMEOUT_S = 60.0


def first_label(taxonomy: Path) -> tuple[str, str]:
    """The first theme's id and Spanish label."""
    theme = yaml.safe_load(taxonomy.read_text(encoding="utf-8"))["themes"][0]
    return theme["id"], theme["label"]["es"]


def measure(content: Path, index_dir: Path, service: SearchService) -> dict[str, Any]:
    """Seconds to republish after a label change, and until the service shows it."""
    path = content / "taxonomy.yml"
    original = path.read_bytes()
    theme, label = first_label(path)
    text = original.decode("utf-8")
    quoted = f'"{label}"'
    if quoted not in text:
        raise RuntimeError(f"{path}: the label of {theme} is not written as {quoted}")
    try:
        started = time.perf_counter()
        path.write_text(text.replace(quoted, f'"{label}{SUFFIX}"', 1), encoding="utf-8")
        report = build_index(content, index_dir)
        built = time.perf_counter() - started
        shown = None
        while time.perf_counter() - started < SHOWN_TIMEOUT_S:
            if service.label("theme", theme, "es") == label + SUFFIX:
                shown = time.perf_counter() - started
                break
            time.sleep(0.01)
    finally:
        path.write_bytes(original)
        build_index(content, index_dir)
    return {
        "seconds": built,
        "shown_s": shown,
        "theme": theme,
        "updated": len(report.updated),
        "relabelled": len(report.relabelled),  # doc records rewritten, no Markdown read
        "full": report.full,
        "unchanged": report.unchanged,
    }
