"""Remove one property of the search from a copy of the project and run the tests that
should notice: ``python -m tests.remove_property stemmer`` (docs/testing.md).

Each property is one exact edit of the source (the stemmer's filter taken out of the
analysis chain, accent folding taken out, stop words kept, every field weighing the same,
facet counts that apply their own selection). The edit is made in a temporary copy of the
project, never in the working tree, and the copy's packages shadow the installed ones
(``PYTHONPATH``), also in the servers and commands the tests start. The command prints
pytest's summary and exits 0 when at least one test failed (the property is guarded),
1 when every test passed (nothing notices its removal), 2 when the edit no longer applies
(the source changed: update the edit here).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
COPIED = ("kb", "indexer", "web", "cli", "tests", "content", "pyproject.toml")


@dataclass(frozen=True)
class Removal:
    """One property taken out: ``old`` (exactly once in ``path``) becomes ``new``."""

    path: str
    old: str
    new: str
    tests: tuple[str, ...]  # the tests that should notice, run by default
    says: str


REMOVALS = {
    "stemmer": Removal(
        "kb/analysis.py",
        "            | WordStemmer(lang=SNOWBALL[lang], cachesize=100_000)\n",
        "",
        ("tests/test_search.py", "tests/test_places_and_reasons.py"),
        "no Snowball stemming: words are indexed and searched as written",
    ),
    "accent-folding": Removal(
        "kb/analysis.py",
        "    return chain | CharsetFilter(accent_map)\n",
        "    return chain\n",
        ("tests/test_search.py", "tests/test_places_and_reasons.py"),
        "no accent folding in the analysis: «São» and «Sao» are two words",
    ),
    "stop-words": Removal(
        "kb/analysis.py",
        "            | SamePositionStopFilter(stoplist=stop_words(lang), minsize=2)\n",
        "",
        ("tests/test_stop_words_by_language.py", "tests/test_search.py"),
        "no stop words: articles and prepositions are indexed and searched",
    ),
    "query-stop-words": Removal(
        "kb/search/plan.py",
        "    stops = [g for g in plain if is_stop_word(g.typed[0], languages)]\n",
        "    stops: list[Group] = []\n",
        ("tests/test_everyday_queries.py", "tests/test_search.py"),
        "no stop words of the query's language: «los» of «los hermanamientos» is required",
    ),
    "names-as-written": Removal(
        "kb/search/plan.py",
        "        found.written = written_forms(gen, clause.text)\n",
        "        pass\n",
        ("tests/test_names_as_written.py", "tests/test_everyday_queries.py"),
        "names stemmed like words: «milan» finds «mil», «quito» finds «quiten»",
    ),
    "number-tokens": Removal(
        "kb/analysis.py",
        "    chain = Tokenizer() | LowercaseFilter()\n",
        '    chain = RegexTokenizer(r"\\w+(?:[\'’]\\w+)*") | LowercaseFilter()\n',
        ("tests/test_numbers.py",),
        "numbers split at their separators: «0,7» is «0» and «7», «%» is dropped",
    ),
    "word-lists": Removal(
        "kb/spelling.py",
        "        if not candidates or languages_of(key):\n",
        "        if not candidates:\n",
        ("tests/test_suggestions.py",),
        "no word lists: a word of es, pt, en or fr the corpus lacks is «corrected»",
    ),
    "field-weights": Removal(
        "kb/search/plan.py",
        'FIELD_BOOSTS = {"title": 3.0, "heading": 2.0, "summary": 1.5, "body": 1.0, "meta": 0.8}',
        'FIELD_BOOSTS = {"title": 1.0, "heading": 1.0, "summary": 1.0, "body": 1.0, "meta": 1.0}',
        ("tests/test_search.py", "tests/test_places_and_reasons.py"),
        "every field weighs the same: a title counts no more than a source list",
    ),
    "disjunctive-facets": Removal(
        "kb/facets.py",
        "                if other != name:\n                    among &= mask\n",
        "                among &= mask\n",
        ("tests/test_search.py", "tests/test_facets_scale.py", "tests/test_api.py"),
        "facet counts apply their own selection: choosing Argentina hides Uruguay's count",
    ),
}


def copy_project(into: Path, removal: Removal | None = None) -> Path:
    """A copy of the project under ``into`` (``removal`` applied, if any); ``../shared`` is
    linked beside it, as the tests expect."""
    root = into / "w" / "project"
    root.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in COPIED:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=ignore)
        else:
            shutil.copy2(source, root / name)
    (into / "w" / "shared").symlink_to(PROJECT.parent / "shared")
    if removal is not None:
        target = root / removal.path
        text = target.read_text(encoding="utf-8")
        if text.count(removal.old) != 1:
            raise LookupError(f"{removal.path}: the text to remove is not there exactly once")
        target.write_text(text.replace(removal.old, removal.new), encoding="utf-8")
    return root


def run(name: str, tests: list[str], keep: bool = False) -> int:
    removal = REMOVALS[name]
    folder = Path(tempfile.mkdtemp(prefix=f"kb-without-{name}-"))
    try:
        try:
            root = copy_project(folder, removal)
        except LookupError as error:
            print(f"{name}: {error}", file=sys.stderr)
            return 2
        print(f"without {name} ({removal.says}): {removal.path} edited in {root}", flush=True)
        env = {**os.environ, "PYTHONPATH": str(root)}
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf"]
        result = subprocess.run([*command, *(tests or removal.tests)], cwd=root, env=env)
        if result.returncode not in (0, 1):
            return 2
        guarded = result.returncode == 1
        print(f"{name}: " + ("some tests fail without it" if guarded else "NO test notices"))
        return 0 if guarded else 1
    finally:
        if keep:
            print(f"copy kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("property", choices=sorted(REMOVALS))
    parser.add_argument("tests", nargs="*", help="test files or ids (default: the property's)")
    parser.add_argument("--keep", action="store_true", help="keep the edited copy")
    args = parser.parse_args(argv)
    return run(args.property, args.tests, args.keep)


if __name__ == "__main__":
    sys.exit(main())
