"""The languages' word lists from their prebuilt form on disk: the same words as
pyspellchecker's lists give, never another language's or a damaged form's."""

from __future__ import annotations

import pytest

from indexer.word_lists import load, load_word_lists
from kb import wordlists
from kb.analysis import LANGUAGES
from kb.wordlists import read_dictionary


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_cached_words_are_those_of_the_library_s_list(tmp_path, lang):
    expected = read_dictionary(lang)
    assert load(lang, tmp_path) == expected  # built, and saved
    saved = list(tmp_path.glob(f"{lang}-*.msgpack"))
    assert len(saved) == 1
    assert load(lang, tmp_path) == expected  # read back from the saved form


def test_each_language_reads_its_own_form(tmp_path):
    load_word_lists(tmp_path)
    assert len(list(tmp_path.glob("*.msgpack"))) == len(LANGUAGES)
    assert "potable" in wordlists.dictionary("es")
    assert "collaboration" in wordlists.dictionary("en")
    assert "collaboration" not in wordlists.dictionary("es")


def test_a_damaged_or_unwritable_cache_only_costs_the_build(tmp_path):
    expected = read_dictionary("pt")
    load("pt", tmp_path)
    (saved,) = tmp_path.glob("pt-*.msgpack")
    saved.write_bytes(b"\x93not a list of words")
    assert load("pt", tmp_path) == expected
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert load("pt", blocked) == expected
