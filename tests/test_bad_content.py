"""A catalogue of bad content: each case names the exact lines kb reports, and nothing is lost.

Every case writes the valid test corpus plus one or two bad files, indexes the tree and checks:
the problem lines (``PATH:LINE: KEY: message``), that ``kb check`` reports the same lines,
that the ten valid documents are still indexed and searchable (with the bad one when it only
has warnings), and the exit code (1 when something was refused, 0 for warnings only).
A case may carry ``xfail`` (a kb problem waiting for a fix, with the message an editor needs);
none does today.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from indexer.build import build_index, check_tree
from indexer.discover import DEFAULT_MAX_BYTES
from indexer.live import open_service
from kb.search import SearchRequest, SearchService
from tests.conftest import TODAY
from tests.corpus import EXTERNAL, FILES

MB = 1024 * 1024
MALFORMED = EXTERNAL / "transcripts-malformed"
CORPUS_IDS = sorted(
    f"{path.split('/')[0]}/{Path(path).stem}" for path in FILES if path.endswith(".md")
)

GOOD = """\
---
title: Un caso malo
date: 2020-05
countries: [UY]
themes: [hermanamientos]
---
Texto del caso con la palabra zanahoria.
"""
WEBINAR = """\
---
title: Webinar externo
date: 2021-03
countries: [AR]
themes: [cultura]
speakers: [Ana Sosa]
---
Descripción del webinar sobre la berenjena.
"""
VTT_OUT_OF_ORDER = """\
WEBVTT

00:00:10.000 --> 00:00:15.000
<v Ana Sosa>La segunda frase que se dijo.

00:00:01.000 --> 00:00:05.000
<v Ana Sosa>La primera frase que se dijo.
"""
VTT_OVERLAP = """\
WEBVTT

00:00:01.000 --> 00:00:10.000
<v Ana Sosa>La primera frase que se dijo.

00:00:05.000 --> 00:00:12.000
<v Ana Sosa>La segunda frase que se dijo.
"""
SRT_NO_NUMBERS = """\
00:00:01,000 --> 00:00:04,000
Ana Sosa: La primera frase que se dijo.

00:00:05,000 --> 00:00:09,000
La segunda frase que se dijo.
"""
SRT_BAD_TIMESTAMP = """\
1
00:00:01,000 --> 00:00:04,000
Ana Sosa: La primera frase que se dijo.

2
00:00:05.000 -> 00:00:09,000
La segunda frase que se dijo.
"""
NO_TRANSCRIPT = (
    "webinars/ext.md:1: transcript: warning: this webinar has no transcript: add a "
    "'## Transcripción' section or a .vtt/.srt file with the same name"
)
BOM = (
    "1: encoding: warning: byte order mark (BOM) at the start of the file; save it as UTF-8 "
    "without BOM"
)
CRLF = "1: encoding: warning: Windows (CRLF) or old Mac (CR) line ends; read as plain line ends"
NOT_UTF8 = "encoding: unreadable encoding: the file is not UTF-8"
IGNORED = "file: warning: ignored: only .md files (and .vtt/.srt next to a webinar) are content"
SPANISH = (
    "España y el año de la cooperación técnica.\n\nLa ciudad firmó convenios con municipios "
    "vecinos y después evaluó cada acción con participación ciudadana. ¿Qué aprendió? Mucho "
    "más de lo esperado, según el informe zanahoria."
)


def junk(size: int) -> bytes:
    """``size`` bytes that no reader could parse: only a size check can refuse them first."""
    return (b"\x00\xff not text " * (size // 12 + 1))[:size]


def good(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


def webinar(old: str, new: str) -> str:
    assert old in WEBINAR
    return WEBINAR.replace(old, new)


def outside_symlink(root: Path) -> None:
    outside = root.parent / "outside"
    outside.mkdir()
    (outside / "secreto.md").write_text(GOOD, encoding="utf-8")
    os.symlink(outside / "secreto.md", root / "cases" / "secreto.md")


def outside_folder_symlink(root: Path) -> None:
    outside = root.parent / "outside"
    outside.mkdir()
    (outside / "secreto.md").write_text(GOOD, encoding="utf-8")
    os.symlink(outside, root / "cases" / "enlazado")


def broken_symlink(root: Path) -> None:
    os.symlink(root / "cases" / "no-existe.md", root / "cases" / "roto.md")


@dataclass(frozen=True)
class Bad:
    """One bad input: the files added to the corpus and the lines kb must report."""

    name: str
    files: dict[str, str | bytes]
    expected: list[str]
    accepted: bool  # the bad document is indexed (it only had warnings)
    doc: str = "cases/bad"  # the id of the bad document
    word: str = "zanahoria"  # a word only the bad document has
    passages: bool = False  # an accepted webinar whose transcript must be indexed
    setup: Callable[[Path], None] | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    xfail: str | None = None


def web(name: str, files: dict[str, str | bytes], expected: list[str], **kw) -> Bad:
    files = {"webinars/ext.md": WEBINAR, **files}
    return Bad(name, files, expected, doc="webinars/ext", word="berenjena", **kw)


CASES = [
    # --- YAML and the front matter's fences ---
    Bad(
        "yaml-unbalanced-bracket",
        {"cases/bad.md": good("countries: [UY]", "countries: [UY")},
        [
            "cases/bad.md:4: countries: YAML syntax error: the list opened with '[' is not "
            "closed: add ']' at its end"
        ],
        accepted=False,
    ),
    Bad(
        "yaml-unbalanced-bracket-on-the-last-key",
        {"cases/bad.md": good("themes: [hermanamientos]", "themes: [hermanamientos")},
        [
            "cases/bad.md:5: themes: YAML syntax error: the list opened with '[' is not "
            "closed: add ']' at its end"
        ],
        accepted=False,
    ),
    Bad(
        "yaml-unclosed-quote",
        {"cases/bad.md": good("title: Un caso malo", 'title: "Un caso malo')},
        [
            "cases/bad.md:2: title: YAML syntax error: the quote opened here is not closed: "
            'add the closing "'
        ],
        accepted=False,
    ),
    Bad(
        "yaml-tab-indentation",
        {"cases/bad.md": good("countries: [UY]", "countries:\n\t- UY")},
        [
            "cases/bad.md:5: countries: a tab character in the front matter: YAML is indented "
            "with spaces only"
        ],
        accepted=False,
    ),
    Bad(
        "front-matter-not-closed",
        {"cases/bad.md": GOOD.replace("---\nTexto", "Texto")},
        [
            "cases/bad.md:1: front matter: front matter is not closed: add a line '---' after "
            "the last key"
        ],
        accepted=False,
    ),
    Bad(
        "no-front-matter",
        {"cases/bad.md": "# Solo texto\n\nSin metadatos, con zanahoria.\n"},
        [
            "cases/bad.md:1: front matter: no front matter: the file must start with a line "
            "'---', then the keys (title, date, themes...), then a closing '---'"
        ],
        accepted=False,
    ),
    Bad(
        "front-matter-is-a-list",
        {"cases/bad.md": "---\n- title\n- date\n---\nTexto con zanahoria.\n"},
        ["cases/bad.md:2: front matter: front matter must be 'key: value' lines"],
        accepted=False,
    ),
    Bad(
        "duplicate-key",
        {"cases/bad.md": good("themes:", "title: Otro título\nthemes:")},
        [
            "cases/bad.md:5: title: warning: this key appears twice; the last value wins: keep "
            "only one"
        ],
        accepted=True,
    ),
    # --- Bytes: encodings, line ends, empty and binary files ---
    Bad(
        "utf8-bom",
        {"cases/bad.md": b"\xef\xbb\xbf" + GOOD.encode()},
        ["cases/bad.md:" + BOM],
        accepted=True,
    ),
    Bad(
        "crlf-line-ends",
        {"cases/bad.md": GOOD.replace("\n", "\r\n").encode()},
        ["cases/bad.md:" + CRLF],
        accepted=True,
    ),
    Bad(
        "utf16",
        {"cases/bad.md": GOOD.encode("utf-16")},
        ["cases/bad.md:1: encoding: warning: UTF-16 text read; save the file as UTF-8"],
        accepted=True,
    ),
    Bad(
        "windows-1252-paragraph",
        {
            "cases/bad.md": good("Texto del caso con la palabra zanahoria.", SPANISH).encode(
                "cp1252"
            )
        },
        [f"cases/bad.md:7: {NOT_UTF8} (it looks like cp1252); save it as UTF-8"],
        accepted=False,
    ),
    Bad(
        "windows-1252-one-line",
        {
            "cases/bad.md": good(
                "Texto del", "España y el año de la cooperación técnica con niños. Texto del"
            ).encode("cp1252")
        },
        [f"cases/bad.md:7: {NOT_UTF8} (it looks like cp1252); save it as UTF-8"],
        accepted=False,
    ),
    Bad(
        "invalid-utf8-byte",
        {"cases/bad.md": good("Texto", "Cooperación técnica. Texto").encode() + b"l\xednea 8\n"},
        [
            "cases/bad.md:8: encoding: unreadable encoding: byte 0xED is not UTF-8 (the rest of "
            "the file is); retype the character on this line"
        ],
        accepted=False,
    ),
    Bad(
        "empty-file",
        {"cases/bad.md": ""},
        [
            "cases/bad.md:1: file: empty file: write the front matter (---, title, date, themes, "
            "---) and the text"
        ],
        accepted=False,
    ),
    Bad(
        "binary-file-named-md",
        {"cases/bad.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))},
        ["cases/bad.md:1: file: binary file, not text: only Markdown (UTF-8 text) belongs here"],
        accepted=False,
    ),
    Bad(
        "markdown-over-the-size-limit",
        {"cases/bad.md": junk(3 * MB // 2)},
        [
            "cases/bad.md:1: file: 1.5 MB is over the 1 MB limit: split the file, or raise "
            "KB_MAX_FILE_MB"
        ],
        accepted=False,
        max_bytes=MB,
    ),
    # --- Files in the tree ---
    Bad(
        "not-markdown-in-cases",
        {"cases/notas.txt": "zanahoria"},
        ["cases/notas.txt:1: " + IGNORED],
        accepted=False,
    ),
    Bad(
        "subtitles-in-cases",
        {"cases/charla.vtt": VTT_OVERLAP},
        ["cases/charla.vtt:1: " + IGNORED],
        accepted=False,
    ),
    Bad(
        "markdown-in-an-unknown-folder",
        {"casos/bad.md": GOOD},
        [
            "casos/bad.md:1: file: warning: ignored: documents go in cases/, notebooks/ or "
            "webinars/ (did you mean cases?)"
        ],
        accepted=False,
    ),
    Bad(
        "duplicate-slug-in-two-sub-folders",
        {"cases/2020/bad.md": GOOD, "cases/2021/bad.md": GOOD.replace("zanahoria", "nabo")},
        [
            "cases/2021/bad.md:1: slug: duplicate slug 'bad': cases/2020/bad.md has it too; "
            "this file is skipped, rename one of them"
        ],
        accepted=True,
    ),
    Bad(
        "duplicate-slug-of-an-indexed-case",
        {"cases/archivo/quito-agua.md": GOOD},
        [
            "cases/archivo/quito-agua.md:1: slug: duplicate slug 'quito-agua': "
            "cases/quito-agua.md has it too; this file is skipped, rename one of them"
        ],
        accepted=False,
        doc="cases/quito-agua",
    ),
    Bad(
        "symlink-to-a-file-outside-the-tree",
        {},
        ["cases/secreto.md:1: file: symbolic link to a file outside the content tree: refused"],
        accepted=False,
        doc="cases/secreto",
        setup=outside_symlink,
    ),
    Bad(
        "symlink-to-a-folder-outside-the-tree",
        {},
        ["cases/enlazado:1: file: symbolic link to a folder outside the content tree: refused"],
        accepted=False,
        doc="cases/secreto",
        setup=outside_folder_symlink,
    ),
    Bad(
        "broken-symlink",
        {},
        ["cases/roto.md:1: file: broken symbolic link: its target does not exist"],
        accepted=False,
        doc="cases/roto",
        setup=broken_symlink,
    ),
    # --- Keys: taxonomy, countries, dates, title, language, addresses ---
    Bad(
        "unknown-theme",
        {"cases/bad.md": good("[hermanamientos]", "[hermanamiento]")},
        [
            "cases/bad.md:5: themes: unknown theme id 'hermanamiento': use an id from "
            "taxonomy.yml (did you mean hermanamientos?)"
        ],
        accepted=False,
    ),
    Bad(
        "unknown-network",
        {"cases/bad.md": good("themes:", "networks: [mercociudad]\nthemes:")},
        [
            "cases/bad.md:5: networks: unknown network id 'mercociudad': use an id from "
            "taxonomy.yml (did you mean mercociudades?)"
        ],
        accepted=False,
    ),
    Bad(
        "country-alpha3-code",
        {"cases/bad.md": good("[UY]", "[URY]")},
        [
            "cases/bad.md:4: countries: unknown country code 'URY': use ISO 3166-1 alpha-2 "
            "codes (did you mean UY?)"
        ],
        accepted=False,
    ),
    Bad(
        "country-uk",
        {"cases/bad.md": good("[UY]", "[UK]")},
        [
            "cases/bad.md:4: countries: unknown country code 'UK': use ISO 3166-1 alpha-2 "
            "codes (did you mean GB?)"
        ],
        accepted=False,
    ),
    Bad(
        "country-placeholder",
        {"cases/bad.md": good("[UY]", "[XX]")},
        ["cases/bad.md:4: countries: unknown country code 'XX': use ISO 3166-1 alpha-2 codes"],
        accepted=False,
    ),
    Bad(
        "country-written-as-a-name",
        {"cases/bad.md": good("[UY]", "[Brasil]")},
        [
            "cases/bad.md:4: countries: unknown country code 'Brasil': use ISO 3166-1 alpha-2 "
            "codes (did you mean BR?)"
        ],
        accepted=False,
    ),
    Bad(
        "country-name-without-accent",
        {"cases/bad.md": good("[UY]", "[Espana]")},
        [
            "cases/bad.md:4: countries: unknown country code 'Espana': use ISO 3166-1 alpha-2 "
            "codes (did you mean ES?)"
        ],
        accepted=False,
    ),
    Bad(
        "case-without-countries",
        {"cases/bad.md": good("countries: [UY]\n", "")},
        [
            "cases/bad.md:1: countries: a case needs 'countries: [..]' (ISO codes such as UY, "
            "BR, ES)"
        ],
        accepted=False,
    ),
    Bad(
        "date-far-in-the-future",
        {"cases/bad.md": good("2020-05", "2031-01-01")},
        ["cases/bad.md:3: date: '2031-01-01' is more than a year in the future"],
        accepted=False,
    ),
    Bad(
        "date-in-the-near-future",
        {"cases/bad.md": good("2020-05", "2027-03")},
        ["cases/bad.md:3: date: warning: '2027-03' is in the future"],
        accepted=True,
    ),
    Bad(
        "impossible-date",
        {"cases/bad.md": good("2020-05", "2023-02-30")},
        ["cases/bad.md:3: date: '2023-02-30' is not a real date (day is out of range for month)"],
        accepted=False,
    ),
    Bad(
        "date-in-words",
        {"cases/bad.md": good("2020-05", "mayo 2020")},
        ["cases/bad.md:3: date: 'mayo 2020' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"],
        accepted=False,
    ),
    Bad(
        "date-with-slashes",
        {"cases/bad.md": good("2020-05", "05/2020")},
        ["cases/bad.md:3: date: '05/2020' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"],
        accepted=False,
    ),
    Bad(
        "missing-date",
        {"cases/bad.md": good("date: 2020-05\n", "")},
        ["cases/bad.md:1: date: missing date: add 'date: YYYY-MM-DD' (or YYYY-MM, or YYYY)"],
        accepted=False,
    ),
    Bad(
        "missing-title",
        {"cases/bad.md": good("title: Un caso malo\n", "")},
        ["cases/bad.md:1: title: missing title: add 'title: ...' to the front matter"],
        accepted=False,
    ),
    Bad(
        "empty-title",
        {"cases/bad.md": good("title: Un caso malo", "title:")},
        ["cases/bad.md:2: title: missing title: add 'title: ...' to the front matter"],
        accepted=False,
    ),
    Bad(
        "title-is-a-mapping",
        {"cases/bad.md": good("title: Un caso malo", "title: {es: Un caso}")},
        ["cases/bad.md:2: title: the title must be a single line of text"],
        accepted=False,
    ),
    Bad(
        "missing-themes",
        {"cases/bad.md": good("themes: [hermanamientos]\n", "")},
        [
            "cases/bad.md:1: themes: at least one theme is required: 'themes: [id, ...]' with "
            "ids from taxonomy.yml"
        ],
        accepted=False,
    ),
    Bad(
        "empty-themes",
        {"cases/bad.md": good("[hermanamientos]", "[]")},
        [
            "cases/bad.md:5: themes: at least one theme is required: 'themes: [id, ...]' with "
            "ids from taxonomy.yml"
        ],
        accepted=False,
    ),
    Bad(
        "unknown-language",
        {"cases/bad.md": good("date:", "language: espanol\ndate:")},
        [
            "cases/bad.md:3: language: unknown language code 'espanol': use an ISO 639-1 code "
            "such as es, pt, en or fr (did you mean es?)"
        ],
        accepted=False,
    ),
    Bad(
        "other-language",
        {"cases/bad.md": good("date:", "language: it\ndate:")},
        [
            "cases/bad.md:3: language: warning: 'it' gets a plain analysis (no stemming or stop "
            "words); es, pt, en and fr get their own"
        ],
        accepted=True,
    ),
    Bad(
        "redirect-from-not-a-slug",
        {"cases/bad.md": good("themes:", "redirect_from: [Viejo Caso]\nthemes:")},
        [
            "cases/bad.md:5: redirect_from: 'Viejo Caso' is not a slug (lowercase letters, "
            "digits and hyphens, as in a file name without .md)"
        ],
        accepted=False,
    ),
    web(
        "video-not-a-url",
        {"webinars/ext.md": webinar("speakers:", "video: www.youtube.com/watch?v=x\nspeakers:")},
        [
            "webinars/ext.md:6: video: not a web address: 'www.youtube.com/watch?v=x' (it must "
            "start with https://)"
        ],
        accepted=False,
    ),
    # --- Webinar transcripts ---
    web(
        "webinar-without-transcript",
        {},
        [NO_TRANSCRIPT],
        accepted=True,
    ),
    web(
        "vtt-cues-out-of-order",
        {"webinars/ext.vtt": VTT_OUT_OF_ORDER},
        [
            "webinars/ext.vtt:6: transcript: warning: cue at 00:00:01 starts before the "
            "previous one (00:00:10): cues are out of order"
        ],
        accepted=True,
        passages=True,
    ),
    web(
        "vtt-overlapping-cues",
        {"webinars/ext.vtt": VTT_OVERLAP},
        [
            "webinars/ext.vtt:6: transcript: warning: cue at 00:00:05 overlaps the previous "
            "one, which ends at 00:00:10"
        ],
        accepted=True,
        passages=True,
    ),
    web(
        "vtt-with-nul-characters",
        {"webinars/ext.vtt": VTT_OVERLAP.replace("primera", "pri\x00mera").encode()},
        [
            "webinars/ext.vtt:1: transcript: warning: NUL characters replaced",
            "webinars/ext.vtt:6: transcript: warning: cue at 00:00:05 overlaps the previous "
            "one, which ends at 00:00:10",
        ],
        accepted=True,
        passages=True,
    ),
    web(
        "vtt-that-is-not-webvtt",
        {"webinars/ext.vtt": "Hola, esto no son subtítulos.\n"},
        [
            "webinars/ext.vtt:1: transcript: not a readable WebVTT file: Invalid format (it "
            "must start with a line 'WEBVTT', then cues 'hh:mm:ss.ttt --> hh:mm:ss.ttt')"
        ],
        accepted=False,
    ),
    web(
        "empty-vtt",
        {"webinars/ext.vtt": ""},
        ["webinars/ext.vtt:1: file: empty file: write the transcript's cues, or delete the file"],
        accepted=False,
    ),
    web(
        "srt-without-cue-numbers",
        {"webinars/ext.srt": SRT_NO_NUMBERS},
        [
            "webinars/ext.srt:1: transcript: warning: cues without numbers: read in the order "
            "of the file"
        ],
        accepted=True,
        passages=True,
    ),
    web(
        "srt-bad-timestamp",
        {"webinars/ext.srt": SRT_BAD_TIMESTAMP},
        [
            "webinars/ext.srt:5: transcript: not a readable SubRip file near '2\\n00:00:05.000 "
            "-> 00:00:09,000\\nLa segund': each cue is a number, a line 'hh:mm:ss,mmm --> "
            "hh:mm:ss,mmm' and its text"
        ],
        accepted=False,
    ),
    web(
        "srt-holding-webvtt",
        {"webinars/ext.srt": VTT_OVERLAP},
        [
            "webinars/ext.srt:1: transcript: not a readable SubRip file near 'WEBVTT': each cue "
            "is a number, a line 'hh:mm:ss,mmm --> hh:mm:ss,mmm' and its text"
        ],
        accepted=False,
    ),
    web(
        "two-transcript-files",
        {"webinars/ext.vtt": VTT_OVERLAP, "webinars/ext.srt": SRT_NO_NUMBERS},
        [
            "webinars/ext.srt:1: transcript: warning: cues without numbers: read in the order "
            "of the file",
            "webinars/ext.vtt:1: transcript: warning: two transcript files for one webinar; "
            "webinars/ext.srt is used",
        ],
        accepted=True,
        passages=True,
    ),
    web(
        "transcript-in-the-md-and-a-vtt",
        {
            "webinars/ext.md": WEBINAR + "\n## Transcripción\n\n[00:10] Ana Sosa: Hola.\n",
            "webinars/ext.vtt": VTT_OUT_OF_ORDER,
        },
        [
            "webinars/ext.md:10: transcript: warning: a transcript file with the same name "
            "exists too; the one in this file is used",
            "webinars/ext.vtt:6: transcript: warning: cue at 00:00:01 starts before the "
            "previous one (00:00:10): cues are out of order",
        ],
        accepted=True,
        passages=True,
    ),
    web(
        "inline-transcript-paragraph-without-time",
        {"webinars/ext.md": WEBINAR + "\n## Transcripción\n\nSin hora.\n\n[00:10] Ana: Hola.\n"},
        [
            "webinars/ext.md:12: transcript: warning: this paragraph has no timestamp: start "
            "it with [hh:mm:ss] or [mm:ss]"
        ],
        accepted=True,
        passages=True,
    ),
    Bad(
        "vtt-without-its-webinar",
        {"webinars/sola.vtt": VTT_OVERLAP},
        [
            "webinars/sola.vtt:1: transcript: transcript without its webinar: add sola.md "
            "beside it with the front matter"
        ],
        accepted=False,
        doc="webinars/sola",
        word="dijo",
    ),
    Bad(
        "srt-without-its-webinar-in-a-sub-folder",
        {"webinars/2023/sola.srt": SRT_NO_NUMBERS},
        [
            "webinars/2023/sola.srt:1: transcript: transcript without its webinar: add "
            "sola.md beside it with the front matter"
        ],
        accepted=False,
        doc="webinars/sola",
        word="dijo",
    ),
    web(
        "transcript-over-the-size-limit",
        {"webinars/ext.vtt": b"WEBVTT\n\n" + junk(3 * MB // 2 - 8)},
        [
            NO_TRANSCRIPT,
            "webinars/ext.vtt:1: file: 1.5 MB is over the 1 MB limit: split the file, or "
            "raise KB_MAX_FILE_MB",
        ],
        accepted=True,  # the webinar is indexed without its refused transcript
        max_bytes=MB,
    ),
    web(
        "transcript-just-over-the-size-limit",
        {"webinars/ext.vtt": b"WEBVTT\n\n" + b"x" * 21400 * 50},
        [
            NO_TRANSCRIPT,
            "webinars/ext.vtt:1: file: 1.02 MB is over the 1 MB limit: split the file, or "
            "raise KB_MAX_FILE_MB",
        ],
        accepted=True,
        max_bytes=MB,
    ),
]


def relative(root: Path, problems) -> list[str]:
    return [str(p).replace(f"{root}/", "") for p in problems]


def indexed(index: Path) -> tuple[SearchService, list[str]]:
    service = open_service(index)
    found = service.search(SearchRequest(q="", per_page=100)).to_dict()
    ids = sorted(hit["id"] for hit in found["hits"])
    assert found["total"] == len(ids)
    return service, ids


def test_the_catalogue_is_complete():
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)) and len(names) >= 30
    assert len(CORPUS_IDS) == 10


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            case,
            id=case.name,
            marks=[pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else [],
        )
        for case in CASES
    ],
)
def test_bad_input_is_reported_exactly_and_nothing_is_lost(tree, tmp_path, case: Bad):
    root = tree(case.files)
    if case.setup:
        case.setup(root)
    report = build_index(root, tmp_path / "index", today=TODAY, max_bytes=case.max_bytes)
    lines = relative(root, report.problems)
    assert lines == case.expected
    assert relative(root, check_tree(root, today=TODAY, max_bytes=case.max_bytes)) == lines
    assert report.exit_code == (0 if all(": warning: " in line for line in lines) else 1)

    service, ids = indexed(tmp_path / "index")
    assert set(CORPUS_IDS) <= set(ids)
    assert len(ids) == len(CORPUS_IDS) + case.accepted
    for doc_id in CORPUS_IDS:  # each valid document is still found by its own title
        title = service.stored_document(doc_id)["title"]
        hits = service.search(SearchRequest(q=f'"{title.strip(chr(34))}"', per_page=3)).to_dict()[
            "hits"
        ]
        assert doc_id in [hit["id"] for hit in hits], title
    own = [h["id"] for h in service.search(SearchRequest(q=case.word)).to_dict()["hits"]]
    assert own == ([case.doc] if case.accepted else [])
    if case.passages:
        sections = service.stored_document(case.doc)["sections"]
        assert [s for s in sections if s["t"] is not None], "the transcript has passages"


# --- The malformed subtitle files of ../shared, each as a webinar's transcript ---------

EXT = "webinars/ext"
OVERLAP_AT_0 = (
    "transcript: warning: cue at 00:00:00 overlaps the previous one, which ends at 00:00:01"
)
MISSING_NUMBERS = (
    "webinars/ext.srt:1: transcript: warning: cues without numbers: read in the order of the file"
)


@dataclass(frozen=True)
class Transcript:
    """What kb reports for one file of ``transcripts-malformed``."""

    expected: list[str]
    accepted: bool = True
    words: tuple[str, ...] = ()  # words of the file that must be searchable
    xfail: str | None = None


MALFORMED_EXPECTED: dict[str, Transcript] = {
    "astisub__example-in-carriage-return.srt": Transcript(
        [f"{EXT}.srt:{CRLF}", f"{EXT}.srt:{BOM}"], words=("gum", "sidewalk")
    ),
    "astisub__example-in-non-utf8.srt": Transcript(
        [f"{EXT}.srt:1: encoding: warning: UTF-16 text read; save the file as UTF-8"],
        words=("rumbling", "horrible", "melody"),
    ),
    "astisub__example-in-styled.srt": Transcript([], words=("instrumental", "barking")),
    "astisub__example-in.vtt": Transcript(
        [f"{EXT}.vtt:{BOM}"],
        words=("rumbling", "horrible", "melody"),
    ),
    "astisub__missing-sequence-in.srt": Transcript(
        [MISSING_NUMBERS],
        words=("rumbling", "horrible", "melody"),
    ),
    "srt__gb2312.srt": Transcript(
        [f"{EXT}.srt:3: {NOT_UTF8} (it looks like gb18030); save it as UTF-8"], accepted=False
    ),
    "ttconv__alignment.srt": Transcript([], words=("bottom", "center")),
    "vttjs__cue-spacing.vtt": Transcript([], words=("text",)),
    "vttjs__cycle-collector-talk.vtt": Transcript([], words=("collector", "gecko")),
    "w3c-webvtt-js__newlines.vtt": Transcript(
        [f"{EXT}.vtt:{CRLF}"] + [f"{EXT}.vtt:{n}: {OVERLAP_AT_0}" for n in (8, 12, 16)],
        words=("text3",),
    ),
    "w3c-webvtt-js__nulls.vtt": Transcript(
        [f"{EXT}.vtt:1: transcript: warning: NUL characters replaced"]
        + [f"{EXT}.vtt:{n}: {OVERLAP_AT_0}" for n in (8, 12, 15, 18, 21, 24, 27, 30, 33, 36)],
        words=("text0", "text6"),
    ),
    "w3c-webvtt-js__stylesheets.vtt": Transcript(
        [f"{EXT}.vtt:28: {OVERLAP_AT_0}"], words=("text",)
    ),
    "w3c-webvtt-js__timings-negative.vtt": Transcript(
        [
            f"{EXT}.vtt:{line}: transcript: warning: cue at {at} ends before it starts"
            for line, at in ((6, "00:00:01"), (9, "00:01:00"), (12, "01:00:00"))
        ],
        words=("text1", "text3"),
    ),
    "webvtt-py__captions_with_bom.vtt": Transcript([f"{EXT}.vtt:{BOM}"], words=("caption",)),
    "webvtt-py__comments.vtt": Transcript([], words=("kopp",)),
    "webvtt-py__missing_caption_text.vtt": Transcript([], words=("caption",)),
    "webvtt-py__missing_timeframe.srt": Transcript(
        [
            f"{EXT}.srt:5: transcript: warning: cue 2 has no timing line: its text is read "
            "with the cue before it"
        ],
        words=("caption",),
    ),
    "webvtt-py__styles2.vtt": Transcript([], words=("musique", "chêne")),
    "webvtt-py__teams_timeframe.vtt": Transcript([], words=("yuri",)),
    "webvtt-py__youtube_dl.vtt": Transcript([], words=("telling",)),
}


def test_every_malformed_transcript_is_in_the_catalogue(external):
    assert sorted(p.name for p in MALFORMED.iterdir()) == sorted(MALFORMED_EXPECTED)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            id=name,
            marks=[pytest.mark.xfail(strict=True, reason=t.xfail)] if t.xfail else [],
        )
        for name, t in MALFORMED_EXPECTED.items()
    ],
)
def test_each_malformed_transcript_is_indexed_or_refused_exactly(tree, tmp_path, name):
    source = MALFORMED / name
    expected = MALFORMED_EXPECTED[name]
    root = tree({f"{EXT}.md": WEBINAR, f"{EXT}{source.suffix}": source.read_bytes()})
    report = build_index(root, tmp_path / "index", today=TODAY)
    lines = relative(root, report.problems)
    assert lines == expected.expected
    assert report.exit_code == (0 if expected.accepted else 1)
    service, ids = indexed(tmp_path / "index")
    assert ids == sorted([*CORPUS_IDS, EXT] if expected.accepted else CORPUS_IDS)
    if expected.accepted:
        passages = [s for s in service.stored_document(EXT)["sections"] if s["t"] is not None]
        assert passages and all(isinstance(s["t"], int) and s["t"] >= 0 for s in passages)
        for word in expected.words:
            hits = service.search(SearchRequest(q=word)).to_dict()["hits"]
            assert [h["id"] for h in hits if h["id"] == EXT] == [EXT], word
            assert [h["t"] for h in hits if h["id"] == EXT] != [None], word


# --- An invalid edit keeps the last good version searchable -------------------------------


def yaml_error(root: Path) -> None:
    case = root / "cases" / "rosario-migrantes.md"
    case.write_text(
        case.read_text(encoding="utf-8")
        .replace("themes: [migracion]", "themes: [migracion")
        .replace("Venezuela", "Bolivia"),
        encoding="utf-8",
    )


def binary(root: Path) -> None:
    case = root / "cases" / "rosario-migrantes.md"
    case.write_bytes(case.read_bytes().replace(b"Venezuela", b"Bolivia\x00"))


def windows_1252(root: Path) -> None:
    case = root / "cases" / "rosario-migrantes.md"
    text = case.read_text(encoding="utf-8").replace("Venezuela", "Bolivia")
    case.write_bytes(text.encode("cp1252"))


def grown_over_the_limit(root: Path) -> None:
    case = root / "cases" / "rosario-migrantes.md"
    text = case.read_text(encoding="utf-8").replace("Venezuela", "Bolivia")
    case.write_text(text + "\nrelleno " * 2000, encoding="utf-8")


def replaced_by_a_symlink_outside(root: Path) -> None:
    case = root / "cases" / "rosario-migrantes.md"
    outside = root.parent / "rosario-migrantes.md"
    outside.write_text(case.read_text(encoding="utf-8").replace("Venezuela", "Bolivia"))
    case.unlink()
    os.symlink(outside, case)


def broken_transcript(root: Path) -> None:
    srt = root / "webinars" / "redes-srt.srt"
    srt.write_text(SRT_BAD_TIMESTAMP, encoding="utf-8")


def transcript_over_the_limit(root: Path) -> None:
    srt = root / "webinars" / "redes-srt.srt"
    srt.write_text(SRT_NO_NUMBERS * 400, encoding="utf-8")


EDITS = [
    pytest.param(yaml_error, "cases/rosario-migrantes", "Venezuela", id="yaml-error"),
    pytest.param(binary, "cases/rosario-migrantes", "Venezuela", id="binary"),
    pytest.param(windows_1252, "cases/rosario-migrantes", "Venezuela", id="windows-1252"),
    pytest.param(broken_transcript, "webinars/redes-srt", "conectadas", id="broken-transcript"),
    pytest.param(
        grown_over_the_limit,
        "cases/rosario-migrantes",
        "Venezuela",
        id="grown-over-the-size-limit",
    ),
    pytest.param(
        replaced_by_a_symlink_outside,
        "cases/rosario-migrantes",
        "Venezuela",
        id="replaced-by-a-symlink-outside",
    ),
    pytest.param(
        transcript_over_the_limit,
        "webinars/redes-srt",
        "conectadas",
        id="transcript-grown-over-the-size-limit",
    ),
]


@pytest.mark.parametrize(("edit", "doc_id", "old_word"), EDITS)
def test_an_invalid_edit_keeps_the_last_good_version_searchable(
    tree, tmp_path, edit, doc_id, old_word
):
    root = tree({})
    index = tmp_path / "index"
    assert build_index(root, index, today=TODAY, max_bytes=8192).exit_code == 0
    edit(root)
    report = build_index(root, index, today=TODAY, max_bytes=8192)
    assert report.exit_code == 1
    assert report.kept == [doc_id] and report.removed == []
    service, ids = indexed(index)
    assert ids == CORPUS_IDS
    hits = service.search(SearchRequest(q=old_word)).to_dict()["hits"]
    assert [h["id"] for h in hits] == [doc_id]
    if doc_id.startswith("webinars/"):
        assert hits[0]["t"] is not None, "the old transcript's passage is found"
    assert service.search(SearchRequest(q="Bolivia")).to_dict()["total"] == 0
