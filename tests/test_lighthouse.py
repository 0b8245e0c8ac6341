"""Lighthouse (npm, driving Debian's chromium) on each page kind, as a phone and as a
desktop, against the production command on the bundled content: performance 95 or more,
accessibility, best practices and SEO 100, cumulative layout shift 0.02 at most.

One run per page kind and form factor (12 runs, about 20 s each). The categories are
asserted; the timings are written to ``var/artifacts/lighthouse.json`` for the record."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.clients.tools import CHROMIUM, lighthouse
from tests.conftest import SCREENSHOTS

PAGES = {
    "home": "/",
    "search": "/?q=hermanamiento",
    "case": "/cases/coventry-twinning-reconciliation",
    "notebook": "/notebooks/plan-estrategico-internacionalizacion",
    "webinar": "/webinars/migracao-acolhimento-cidades",
    "city": "/cities/" + quote("Ciudad de México"),
}
FORMS = ("mobile", "desktop")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FLOORS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
TIMINGS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "speed-index",
    "cumulative-layout-shift",
)
FIGURES: dict[str, dict[str, Any]] = {}


def run_lighthouse(url: str, form: str, out: Path) -> dict[str, Any]:
    """One Lighthouse run; its JSON report."""
    command = [
        *lighthouse(),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    if form == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and out.exists(), run.stderr[-2000:]
    return json.loads(out.read_text())


def shortfalls(report: dict[str, Any]) -> list[str]:
    """The audits that cost a category points, for the failure message."""
    audits = report["audits"]
    return [
        f"{category['id']}: {ref['id']} {audits[ref['id']]['score']} "
        f"{audits[ref['id']].get('displayValue', '')}"
        for category in report["categories"].values()
        for ref in category["auditRefs"]
        if ref["weight"] > 0 and (audits[ref["id"]]["score"] or 0) < 1
    ]


@pytest.fixture(scope="module")
def record():
    """Write the figures of every run of the module when it ends."""
    yield FIGURES
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "lighthouse.json").write_text(json.dumps(FIGURES, indent=2) + "\n")


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("kind", PAGES)
def test_lighthouse_scores_every_page_kind(production_site, tmp_path, record, kind, form):
    report = run_lighthouse(production_site + PAGES[kind], form, tmp_path / "report.json")
    scores = {name: report["categories"][name]["score"] for name in CATEGORIES}
    audits = report["audits"]
    record[f"{kind} {form}"] = {
        **scores,
        **{name: round(audits[name]["numericValue"], 3) for name in TIMINGS},
    }
    low = {name: score for name, score in scores.items() if score < FLOORS[name]}
    assert low == {}, shortfalls(report)
    assert audits["cumulative-layout-shift"]["numericValue"] <= 0.02
