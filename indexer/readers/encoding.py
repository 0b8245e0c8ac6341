"""Bytes to text: UTF-8 expected; BOMs, UTF-16 and line ends repaired with a warning."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from kb.errors import ContentError, Problem


def decode(
    raw: bytes, path: str, transcript: bool = False, holds: str | None = None
) -> tuple[str, list[Problem]]:
    """The text of a content file, or ``ContentError`` naming what is wrong with it.

    ``holds`` says what a YAML file holds (taxonomy.yml, a reading list), for the
    messages of an empty or binary one."""
    problems: list[Problem] = []
    if not raw.strip():
        if holds:
            advice = f"write {holds}"
        elif transcript:
            advice = "write the transcript's cues, or delete the file"
        else:
            advice = "write the front matter (---, title, date, themes, ---) and the text"
        raise ContentError(f"empty file: {advice}", path, 1, "file")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = raw.decode("utf-16")
        problems.append(
            Problem(path, 1, "encoding", "UTF-16 text read; save the file as UTF-8", warning=True)
        )
    else:
        if b"\x00" in raw and not transcript:
            belongs = (
                f"it should hold {holds}, as UTF-8 text"
                if holds
                else "only Markdown (UTF-8 text) belongs here"
            )
            raise ContentError(f"binary file, not text: {belongs}", path, 1, "file")
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
            raise ContentError(_not_utf8(raw, error), path, line, "encoding") from None
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


_LATIN = set("áéíóúàèìòùâêîôûäëïöüãõñçÁÉÍÓÚÀÈÌÒÙÂÊÎÔÛÄËÏÖÜÃÕÑÇ¿¡«»ºª°€–—“”‘’…·")


def _not_utf8(raw: bytes, error: UnicodeDecodeError) -> str:
    """Why bytes are not UTF-8, in an editor's words."""
    repaired = raw.decode("utf-8", errors="replace")
    broken = repaired.count("\ufffd")
    fine = sum(1 for c in repaired if ord(c) > 127 and c != "\ufffd")
    if broken <= 3 and fine >= 2 * broken:  # UTF-8 with a stray byte, not another encoding
        byte = raw[error.start]
        return (
            f"unreadable encoding: byte 0x{byte:02X} is not UTF-8 (the rest of the file "
            "is); retype the character on this line"
        )
    return (
        f"unreadable encoding: the file is not UTF-8 (it looks like {_guess(raw)}); "
        "save it as UTF-8"
    )


def _guess(raw: bytes) -> str:
    """The likely encoding: Windows-1252 for Latin text with single accented letters."""
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    high = [i for i, c in enumerate(text) if ord(c) > 127]
    if (
        high
        and all(text[i] in _LATIN for i in high)
        and not any(b - a == 1 for a, b in zip(high, high[1:], strict=False))
    ):
        return "cp1252"
    guess = from_bytes(raw).best()
    return guess.encoding if guess and guess.encoding else "another encoding"
