"""Per-language word lists ranked by frequency in the bundled corpus, sampled with Zipf's law."""

from __future__ import annotations

import hashlib
import itertools
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb.analysis import stop_words

LANGUAGES = ("es", "pt", "en", "fr")
BUNDLED = Path(__file__).resolve().parents[1] / "content"
ZIPF_EXPONENT = 1.0

_FRONT_RE = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_NOISE_RE = re.compile(r"https?://\S+|<[^>]*>|\{#[^}]*\}")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass
class Vocabulary:
    """The words of one language, most frequent first, with Zipf cumulative weights."""

    lang: str
    words: list[str]
    cum_weights: list[float] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        weights = (1.0 / rank**ZIPF_EXPONENT for rank in range(1, len(self.words) + 1))
        self.cum_weights = list(itertools.accumulate(weights))

    def sample(self, rng: random.Random, k: int) -> list[str]:
        """``k`` words drawn with Zipf weights by frequency rank."""
        return rng.choices(self.words, cum_weights=self.cum_weights, k=k)

    def content_words(self) -> list[str]:
        """Words a person would search for: no stop words, four letters or more, by rank."""
        stops = stop_words(self.lang)
        return [w for w in self.words if len(w) >= 4 and w.isalpha() and w not in stops]


def _text_of(path: Path) -> str:
    """The words-bearing text of a content file (front matter and markup dropped)."""
    text = path.read_text(encoding="utf-8")
    text = _FRONT_RE.sub("", text.replace("\r\n", "\n"))
    return _NOISE_RE.sub(" ", text)


def _language_of(md: Path) -> str:
    found = _FRONT_RE.match(md.read_text(encoding="utf-8").replace("\r\n", "\n"))
    data = yaml.safe_load(found.group(1)) if found else None
    lang = str((data or {}).get("language", "es")).split("-")[0].lower()
    return lang if lang in LANGUAGES else "es"


def load(content: Path = BUNDLED) -> dict[str, Vocabulary]:
    """Rank the words of each language's documents (and their transcripts) in ``content``."""
    counts: dict[str, Counter[str]] = {lang: Counter() for lang in LANGUAGES}
    for md in sorted(content.rglob("*.md")):
        lang = _language_of(md)
        for path in [md, *(md.with_suffix(s) for s in (".vtt", ".srt"))]:
            if path.exists():
                counts[lang].update(
                    w.lower().replace("’", "'") for w in _WORD_RE.findall(_text_of(path))
                )
    vocabularies = {}
    for lang, counter in counts.items():
        ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
        vocabularies[lang] = Vocabulary(lang, [w for w, _ in ranked if w != "v"])
    return vocabularies


def digest(vocabularies: dict[str, Vocabulary]) -> str:
    """A short fingerprint of the word lists (a changed bundled corpus changes the corpus)."""
    h = hashlib.sha256()
    for lang in LANGUAGES:
        h.update("\n".join(vocabularies[lang].words).encode())
    return h.hexdigest()[:16]
