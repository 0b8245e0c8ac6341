"""A web vulnerability scanner (Debian's wapiti) against the live site, bounded in time."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

MODULES = "xss,permanentxss,exec,file,sql,crlf,redirect"


def test_wapiti_finds_nothing_above_informational(live_server: str, tmp_path: Path):
    wapiti = shutil.which("wapiti")
    assert wapiti, "wapiti is missing: apt-get install wapiti (.ci/run installs it)"
    report = tmp_path / "wapiti.json"
    done = subprocess.run(
        [
            wapiti,
            "-u",
            f"{live_server}/?q=agua&country=EC",
            "--scope",
            "page",
            "-m",
            MODULES,
            "--max-scan-time",
            "60",
            "--max-attack-time",
            "15",
            "--max-links-per-page",
            "10",
            "--max-files-per-dir",
            "10",
            "--flush-session",
            "--store-session",
            str(tmp_path / "s"),
            "-f",
            "json",
            "-o",
            str(report),
            "-v",
            "0",
        ],
        capture_output=True,
        text=True,
        timeout=420,
    )
    assert report.exists(), done.stdout[-2000:] + done.stderr[-2000:]
    found = json.loads(report.read_text())
    vulnerabilities = {k: v for k, v in found["vulnerabilities"].items() if v}
    anomalies = {k: v for k, v in found.get("anomalies", {}).items() if v}
    assert vulnerabilities == {} and anomalies == {}
    assert found["infos"]["target"].startswith(live_server)
