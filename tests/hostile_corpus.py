"""A content tree written by an attacker who got editor rights: OWASP filter-evasion
payloads in every field an editor writes (titles, summaries, cities, authors, speakers,
addresses, headings, bodies, transcripts, taxonomy labels, reading lists), spreadsheet
formulas and LaTeX commands for the exports, and a file broken with payloads in the very
values its problems quote (shown by watch mode and the editors' dashboard)."""

from __future__ import annotations

from pathlib import Path

from indexer.build import build_index
from tests.conftest import TODAY
from tests.corpus import FILES, TAXONOMY, front, write_tree

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.invalid/x.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114'
    "&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040"
    '&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;"
    "&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="http://xss.invalid/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<iframe src=http://xss.invalid/scriptlet.html <",
    "<svg/onload=alert('XSS')>",
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '"><script>alert(1)</script>',
    "'';!--\"<XSS>=&{()}",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>',
    '<object data="javascript:alert(1)"></object>',
    "<style>@import'http://xss.invalid/x.css';</style>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1);">',
    '<video><source onerror="alert(1)">',
]
MARKDOWN = [
    "[click](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    '![img](x" onerror="alert(1))',
    '<http://x.invalid/"onmouseover=alert(1)>',
]

# One value that breaks out of every context a parameter can land in: a URL attribute
# (``javascript:``), quoted attributes (adding a handler to the element, or closing it),
# unquoted ones, element content, and the raw-text elements (textarea, title, script,
# style, noscript). ``PATH_PROBE`` is its form for a
# path segment (no ``/``, which would end the segment).
PROBE = (
    'javascript:alert(1)//" onload="alert(0)" x=\'">'
    "<svg onload=alert(2)><img src=x onerror=alert(3)>"
    "</textarea></title></noscript></style></script><script>alert(4)</script>"
    " onfocus=alert(5) autofocus x='"
)
PATH_PROBE = "javascript:alert(6)'\"><svg onload=alert(7)><img src=x onerror=alert(8)><xss>"

HOSTILE_CITY = "<b onmouseover=alert(4)>x</b>"
FORMULA_TITLE = '=HYPERLINK("https://xss.invalid/","clic")'
FORMULA_CITY = "@SUM(1+1)*cmd|' /C calc'!A0"
LATEX_TITLE = r"Fondos \input{/etc/passwd} y \immediate\write18{touch /tmp/pwned} \def\x"
HOSTILE_LIST = "hostil"
BROKEN = "cases/roto.md"
BROKEN_THEME = "<script>alert(28)</script>"
BROKEN_COUNTRY = "<img src=x onerror=alert(29)>"

_THEMES, _NETWORKS = TAXONOMY.split("networks:\n")
HOSTILE_TAXONOMY = (
    _THEMES
    + """\
  - id: hostil
    label: {es: "Tema <img src=x onerror=alert(20)>", en: "Theme <svg onload=alert(21)>"}
    synonyms: {es: ["sinónimo <script>alert(22)</script>"]}
networks:
  - id: red-hostil
    label: {es: "Red <img src=x onerror=alert(23)>"}
"""
    + _NETWORKS
)


def _hostile_case() -> str:
    body = "\n\n".join(f"Párrafo {i}: {p}" for i, p in enumerate(PAYLOADS + MARKDOWN))
    return (
        front(
            title="'Hostil \"''><script>alert(1)</script> <img src=x onerror=alert(2)>'",
            date="2020",
            countries="[UY]",
            themes="[cultura, hostil]",
            networks="[red-hostil]",
            summary="'<svg/onload=alert(3)> resumen'",
            city=f"['{HOSTILE_CITY}', Montevideo]",
            authors="['<script>alert(24)</script> Autora']",
            tags="['<img src=x onerror=alert(25)>']",
            source="'https://xss.invalid/\"><script>alert(26)</script>'",
        )
        + f"## Título <img src=x onerror=alert(5)>\n\n{body}\n"
    )


def _hostile_webinar() -> str:
    return (
        front(
            title="Webinar hostil",
            date="2021",
            themes="[cultura]",
            speakers="['<img src=x onerror=alert(27)> Ana']",
            video="'https://xss.invalid/\"><svg/onload=alert(30)>'",
        )
        + "## Transcripción\n\n"
        + "\n\n".join(f"[00:0{i % 10}:{10 + i:02d}] Ana: {p}" for i, p in enumerate(PAYLOADS[:20]))
    )


def _exports_case() -> str:
    """A case whose fields a spreadsheet or LaTeX would run if exported as they are."""
    return (
        front(
            title=f"'{FORMULA_TITLE}'",
            date="2019",
            countries="[UY]",
            themes="[cultura]",
            city=f'["{FORMULA_CITY}"]',
            summary="'+1+1 hostil'",
        )
        + "\n-2+3 y @SUM(A1) hostil en el cuerpo.\n"
    ), (
        front(
            title=f"'{LATEX_TITLE}'",
            date="2018",
            countries="[UY]",
            themes="[cultura]",
            authors=r"['\input{/etc/hostname} Autor']",
        )
        + "\nFondos hostil con LaTeX.\n"
    )


HOSTILE_LIST_YAML = """\
title: "Lista <script>alert(31)</script>"
description: "<img src=x onerror=alert(32)> lecturas"
items:
  - id: cases/hostil
    note: "<svg onload=alert(33)> nota"
  - webinars/hostil#t=12
  - cases/rosario-migrantes
"""


def broken_case(valid: bool) -> str:
    """``cases/roto.md``: indexed valid, then broken with payloads in its own values."""
    return front(
        title="Roto hostil",
        date="2020",
        countries="[UY]" if valid else f"['{BROKEN_COUNTRY}']",
        themes="[cultura]" if valid else f"['{BROKEN_THEME}']",
    ) + ("\nUn caso roto, hostil.\n")


def hostile_files() -> dict[str, str]:
    """The test corpus, plus the hostile documents, list and taxonomy (``roto`` valid)."""
    exports, latex = _exports_case()
    return {
        **FILES,
        "taxonomy.yml": HOSTILE_TAXONOMY,
        "cases/hostil.md": _hostile_case(),
        "cases/formulas.md": exports,
        "cases/latex.md": latex,
        "webinars/hostil.md": _hostile_webinar(),
        BROKEN: broken_case(valid=True),
        f"lists/{HOSTILE_LIST}.yml": HOSTILE_LIST_YAML,
    }


TOKEN = "editor-token-of-the-security-tests"


def build_hostile(base: Path) -> tuple[Path, Path]:
    """The hostile tree under ``base/content``, indexed into ``base/index``; then
    ``cases/roto.md`` is broken on disk (its last good version stays in the index)."""
    root = write_tree(base / "content", hostile_files())
    index = base / "index"
    report = build_index(root, index, today=TODAY)
    assert report.exit_code == 0, [str(p) for p in report.problems]
    assert {"cases/hostil", "cases/roto", "webinars/hostil"} <= set(report.added)
    (root / BROKEN).write_text(broken_case(valid=False), encoding="utf-8")
    return root, index
