"""Per-language text analysis: tokenise, lowercase, drop stop words, stem, fold accents.

One chain per language (es, pt, en, fr) built from Whoosh filters and the current
Snowball stemmers of PyStemmer; ``xx`` is the plain chain for any other language. The
stemmer sees the accented word first, then accents are folded, so ``cooperación`` and
``cooperacion`` meet at ``cooper``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
)
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.lang.stopwords import stoplists
from whoosh.support.charset import accent_map

from kb.memo_analysis import MemoAnalyzer
from kb.tokens import ACRONYM, NUMBER, SamePositionStopFilter, Tokenizer, WordStemmer

LANGUAGES = ("es", "pt", "en", "fr")
FIELD_LANGUAGES = (*LANGUAGES, "xx")
SNOWBALL = {"es": "spanish", "pt": "portuguese", "en": "english", "fr": "french"}
_WORD_RE = re.compile(rf"{NUMBER}|{ACRONYM}|\w+")

# Words that carry no topic in a practitioner's question, on top of the stop lists.
_QUESTION_WORDS = {
    "es": "qué cómo cuál cuáles dónde cuándo quién quiénes puede pueden hacer hace sobre "
    "ejemplo ejemplos caso casos",
    "pt": "que como qual quais onde quando quem pode podem fazer sobre exemplo exemplos caso casos",
    "en": "what how which where when who can could do does about example examples case cases",
    "fr": "quoi comment quel quelle quels quelles où quand qui peut peuvent faire sur "
    "exemple exemples cas",
}


# Articles, contractions and prepositions that Snowball's stop lists lack (its French list
# has no "les", its Portuguese none of "é", "às", "num"): a query's function words must
# cost nothing in every language.
_FUNCTION_WORDS = {
    "es": "al del lo los las unos unas",
    "pt": "é à às ao aos do da dos das no na nos nas num numa nuns numas pelo pela pelos pelas",
    "en": "a an the of in on at to for",
    "fr": "les l d qu aux du des au un une",
}


def fold(text: str) -> str:
    """Lowercase ``text`` and strip its accents (``Cooperación`` → ``cooperacion``)."""
    if text.isascii():
        return text.lower()  # nothing to decompose: the common case, and a hot one
    return strip_accents(text.lower())


def strip_accents(text: str) -> str:
    """``text`` without its accents, case kept (``São Paulo`` → ``Sao Paulo``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of ``text`` as typed (no analysis); a number with its separators and
    marks (``0,7 %``, ``20.000``, ``11.º``) and a dotted acronym are one word."""
    return [m.group() for m in _WORD_RE.finditer(text)]


@cache
def stop_words(lang: str) -> frozenset[str]:
    """The stop words of ``lang``, accented and folded, question words included."""
    base = set(stoplists.get(lang, ())) | set(_QUESTION_WORDS.get(lang, "").split())
    base |= set(_FUNCTION_WORDS.get(lang, "").split())
    return frozenset(base | {fold(w) for w in base})


@cache
def all_stop_words() -> frozenset[str]:
    """Folded stop words of every analysed language."""
    return frozenset(w for lang in LANGUAGES for w in stop_words(lang))


@cache
def analyzer(lang: str) -> Analyzer:
    """The indexing and query analyzer of ``lang`` (``xx``: no stop words, no stemming):
    its chain, remembering what it made of each word (``kb.memo_analysis``)."""
    return MemoAnalyzer(chain(lang))


def chain(lang: str) -> CompositeAnalyzer:
    """The filters of ``lang``'s analysis, one generator each."""
    chain = Tokenizer() | LowercaseFilter()
    if lang in SNOWBALL:
        chain = (
            chain
            | SamePositionStopFilter(stoplist=stop_words(lang), minsize=2)
            | WordStemmer(lang=SNOWBALL[lang], cachesize=100_000)
        )
    return chain | CharsetFilter(accent_map)


@cache
def spelling_analyzer() -> Analyzer:
    """Unstemmed words with their accents and case (the most frequent spelling of a word
    is how suggestions write it: ``barcelona`` → ``Barcelona``), for spelling suggestions
    and accent restoring."""
    return CompositeAnalyzer(RegexTokenizer(r"[^\W\d_]{3,}"))


def analyze(lang: str, text: str) -> list[str]:
    """The terms a search for ``text`` looks up in ``lang``: where a word gives several
    forms at one position, the most precise (``0,7 %`` → ``0.7%``, not also ``0.7``)."""
    terms: dict[int, str] = {}
    for token in analyzer(lang)(text, positions=True):
        terms[token.pos] = token.text
    return list(terms.values())


def index_terms(lang: str, text: str) -> list[str]:
    """Every term ``text`` gives in the index in ``lang`` (``0,7 %`` → ``0.7``, ``0.7%``)."""
    return [token.text for token in analyzer(lang)(text)]


def field_language(lang: str) -> str:
    """The analysed language a document language is indexed with (``it`` → ``xx``)."""
    base = lang.split("-")[0].lower()
    return base if base in SNOWBALL else "xx"
