"""A fixed, seeded set of queries of every kind over a generated corpus.

Words come from the Zipf vocabulary at mid-frequency ranks (no stop words); phrases and
filtered queries are taken from generated documents, so they find something. No query
repeats, except the ``cached`` kind, which is one query asked again and again.
"""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from bench.corpus import CITIES, LANGUAGE_MIX, Corpus
from bench.vocabulary import Vocabulary
from kb.analysis import fold, stop_words

KINDS = (
    "one_word",
    "multi_word",
    "phrase",
    "accent_free",
    "misspelt",
    "filtered",
    "browse",
    "browse_all",
    "deep_page",
    "cached",
)
UNCACHED = tuple(k for k in KINDS if k != "cached")
# ``mixed`` pools the kinds of the first runs, so that its figures compare across runs.
MIXED = tuple(k for k in UNCACHED if k != "browse_all")
BROWSE_PAGES = 10  # browsing with no filter: pages 1 to 10, each a search of its own
MID_RANKS = (15, 600)  # among content words: frequent enough to match, rare enough to rank
HIGH_RANKS = (0, 60)  # for deep pages: words that fill five pages
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True)
class Query:
    """One search: the text, facet filters and page, and the kind it measures."""

    kind: str
    q: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1

    def key(self) -> tuple[str, tuple[tuple[str, tuple[str, ...]], ...], int]:
        return (self.q, tuple(sorted((k, tuple(v)) for k, v in self.filters.items())), self.page)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Drawer:
    def __init__(self, corpus: Corpus, vocabularies: dict[str, Vocabulary], seed: int) -> None:
        self.rng = random.Random(f"queries:{seed}")
        self.corpus = corpus
        self.content = {lang: v.content_words() for lang, v in vocabularies.items()}
        self.known = {lang: set(v.words) for lang, v in vocabularies.items()}

    def language(self) -> str:
        return self.rng.choices(list(LANGUAGE_MIX), weights=list(LANGUAGE_MIX.values()))[0]

    def word(self, lang: str, ranks: tuple[int, int] = MID_RANKS) -> str:
        """A content word of ``lang`` drawn with Zipf weights inside a rank window."""
        window = self.content[lang][ranks[0] : ranks[1]]
        weights = [1.0 / (ranks[0] + i + 1) for i in range(len(window))]
        return self.rng.choices(window, weights=weights)[0]

    def doc_words(self, index: int) -> tuple[str, list[str]]:
        """A generated document's language and the words of its body paragraphs."""
        info = self.corpus.docs[index]
        text = (self.corpus.content / info.path).read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[-1]
        lines = [
            line
            for line in body.splitlines()
            if line and not line.startswith(("#", "-", "[", "<", "WEBVTT"))
        ]
        return info.language, lines

    def one(self, kind: str) -> Query:
        rng, lang = self.rng, self.language()
        if kind == "one_word":
            return Query(kind, self.word(lang))
        if kind in ("multi_word", "cached"):
            return Query(kind, " ".join(self.word(lang) for _ in range(rng.randint(2, 3))))
        if kind == "accent_free":
            accented = [w for w in self.content[lang][MID_RANKS[0] : 2000] if not w.isascii()]
            return Query(kind, fold(rng.choice(accented)))
        if kind == "misspelt":
            word = self.word(lang)
            while len(word) < 5:
                word = self.word(lang)
            i = rng.randint(1, len(word) - 3)
            typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            if typo == word or typo in self.known[lang]:
                return self.one(kind)
            return Query(kind, typo)
        if kind == "deep_page":
            return Query(kind, self.word(lang, HIGH_RANKS), page=5)
        if kind == "browse_all":
            return Query(kind, "", page=rng.randint(1, BROWSE_PAGES))
        if kind == "browse":
            if rng.random() < 0.5:
                theme = rng.choice(rng.choice(self.corpus.docs).themes)
                return Query(kind, "", {"theme": [theme]})
            return Query(kind, "", {"country": [rng.choice(sorted(CITIES))]})
        index = rng.randrange(len(self.corpus.docs))
        lang, lines = self.doc_words(index)
        line = rng.choice(lines) if lines else ""
        if kind == "phrase":
            return self.phrase(lang, line.split()) or self.one(kind)
        words = _WORD_RE.findall(line)
        if kind == "filtered":
            mid = set(self.content[lang][MID_RANKS[0] : 2000])
            present = sorted({w.lower() for w in words} & mid)
            info = self.corpus.docs[index]
            filters = {"theme": [rng.choice(info.themes)], "country": [rng.choice(info.countries)]}
            return Query(kind, rng.choice(present) if present else self.word(lang), filters)
        raise ValueError(f"unknown query kind {kind!r}")

    def phrase(self, lang: str, tokens: list[str]) -> Query | None:
        """Two or three consecutive words of one sentence, one of them a content word."""
        n, stops = self.rng.randint(2, 3), stop_words(lang)
        starts = []
        for i in range(len(tokens) - n + 1):
            window = tokens[i : i + n]
            words = [t.rstrip(".,").lower() for t in window]
            inside = all(t[-1].isalpha() for t in window[:-1])
            if inside and all(w.isalpha() for w in words):
                if any(len(w) >= 4 and w.lower() not in stops for w in words):
                    starts.append(" ".join(words))
        return Query("phrase", f'"{self.rng.choice(starts)}"') if starts else None


def make_queries(
    corpus: Corpus, vocabularies: dict[str, Vocabulary], per_kind: int = 30, seed: int = 0
) -> dict[str, list[Query]]:
    """``per_kind`` distinct queries of every kind; ``cached`` is one query ``per_kind`` times."""
    drawer = _Drawer(corpus, vocabularies, seed or corpus.seed)
    seen: set[tuple[Any, ...]] = set()
    out: dict[str, list[Query]] = {}
    for kind in KINDS:
        queries: list[Query] = []
        attempts = 0
        while len(queries) < (1 if kind == "cached" else per_kind) and attempts < per_kind * 50:
            attempts += 1
            query = drawer.one(kind)
            if query.key() not in seen:
                seen.add(query.key())
                queries.append(query)
        out[kind] = queries * per_kind if kind == "cached" else queries
    return out
