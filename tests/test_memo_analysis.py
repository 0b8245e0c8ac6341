"""The memoised analysis gives the tokens of the chain it remembers: same words, same
positions (stop words renumbered), same stopped flags, same character offsets, whatever
the language, the options and how often a word was seen before."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kb.analysis import FIELD_LANGUAGES, analyzer, chain

# Words that take every path of the chain: stop words of each language (accented or
# not, capitalised), stemmed words, numbers with marks, dotted acronyms, short words.
WORDS = [
    "los", "Las", "de", "à", "às", "the", "THE", "les", "qu", "é", "y", "a", "6",
    "cooperación", "Cooperacion", "ciudades", "hermanamientos", "São", "Paulo", "cities",
    "économie", "villes", "migração", "twinning", "world's", "l'économie",
    "0,7 %", "0.7%", "20.000", "20 000", "11.º", "1er", "2ème", "O.N.U.", "EE.UU.",
]  # fmt: skip
OPTIONS: list[dict[str, Any]] = [
    {"positions": True},
    {"positions": True, "chars": True, "mode": "index"},
    {"positions": True, "removestops": False, "mode": "query"},
    {"chars": True},
]


def _tokens(analyze: Any, text: str, options: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (t.text, getattr(t, "pos", None), t.stopped, getattr(t, "startchar", None))
        for t in analyze(text, **options)
    ]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=12),
    st.sampled_from(FIELD_LANGUAGES),
    st.sampled_from(OPTIONS),
)
def test_the_memoised_analysis_gives_the_chains_tokens(
    words: list[str], lang: str, options: dict[str, Any]
) -> None:
    text = " ".join(words)
    expected = _tokens(chain(lang), text, options)
    assert _tokens(analyzer(lang), text, options) == expected
    assert _tokens(analyzer(lang), text, options) == expected  # every word remembered now


def test_stop_words_are_dropped_and_the_rest_renumbered_as_the_chain_does() -> None:
    text = "Los hermanamientos de las ciudades y la cooperación"
    found = [(t.text, t.pos) for t in analyzer("es")(text, positions=True)]
    # the first word kept keeps its place; each next one follows it, gaps closed
    assert found == [("herman", 1), ("ciudad", 2), ("cooper", 3)]
    kept = [(t.text, t.stopped) for t in analyzer("es")(text, removestops=False)]
    assert kept[:3] == [("los", True), ("herman", False), ("de", True)]
