"""The real clients the suite runs against the site (Lighthouse, the Nu HTML checker) and
what they need: Node.js, Java, chromium. ``make clients`` installs them (tests/clients/
install.sh); a test that needs one that is missing fails with the command to run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
MODULES = HERE / "node_modules"
CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
INSTALL = (
    "run `make clients` (as root on Debian it installs nodejs, npm, default-jre-headless "
    "and chromium with apt-get, then Lighthouse and the Nu HTML checker with `npm ci` in "
    "tests/clients)"
)


def _needed(path: Path | str | None, what: str) -> str:
    if path is None or not Path(path).exists():
        pytest.fail(f"{what} is missing: {INSTALL}", pytrace=False)
    return str(path)


def lighthouse() -> list[str]:
    """The command that runs Lighthouse (with node and Debian's chromium)."""
    _needed(CHROMIUM, "chromium")
    node = _needed(shutil.which("node"), "Node.js")
    cli = _needed(MODULES / "lighthouse" / "cli" / "index.js", "Lighthouse")
    return [node, cli]


def vnu() -> list[str]:
    """The command that runs the W3C Nu HTML checker (vnu.jar with Java)."""
    java = _needed(shutil.which("java"), "Java")
    jar = _needed(MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar", "the Nu HTML checker")
    return [java, "-jar", jar]
