"""Bytes to text: UTF-8 expected; BOMs, UTF-16 and line ends repaired with a warning."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from kb.errors import ContentError, Problem


def decode(raw: bytes, path: str, transcript: bool = False) -> tuple[str, list[Problem]]:
    """The text of a content file, or ``ContentError`` naming what is wrong with it."""
    problems: list[Problem] = []
    if not raw.strip():
        raise ContentError(
            "empty file: write the front matter (---, title, date, themes, ---) and the text",
            path,
            1,
            "file",
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = raw.decode("utf-16")
        problems.append(
            Problem(path, 1, "encoding", "UTF-16 text read; save the file as UTF-8", warning=True)
        )
    else:
        if b"\x00" in raw and not transcript:
            raise ContentError(
                "binary file, not text: only Markdown (UTF-8 text) belongs here", path, 1, "file"
            )
        if raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
            problems.append(
                Problem(
                    path,
                    1,
                    "encoding",
                    "byte order mark (BOM) at the start of the file; save it as UTF-8 without BOM",
                    warning=True,
                )
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            guess = from_bytes(raw).best()
            looks = f" (it looks like {guess.encoding})" if guess and guess.encoding else ""
            raise ContentError(
                f"unreadable encoding: the file is not UTF-8{looks}; save it as UTF-8",
                path,
                line,
                "encoding",
            ) from None
    if "\r" in text:
        problems.append(
            Problem(
                path,
                1,
                "encoding",
                "Windows (CRLF) or old Mac (CR) line ends; read as plain line ends",
                warning=True,
            )
        )
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, problems
