"""Verdicts on a query's words that the corpus decides are kept with the index generation
(``Generation.remember``), and a running service that reopens a new generation after an
incremental reindex judges the words again by the new content.

- Stop words of the query's language (``kb.search.languages``): in ``era digital`` the
  corpus tells the language. While only the English case says *digital*, the query is
  English and ``era`` a word to find; once the Spanish case says *digital* too, the query
  may be Spanish, where ``era`` is a function word, and the Spanish case matches.
- Cognate stems (``kb.search.cognates``): the French ``participatif`` finds a Spanish case
  by the shared stem *particip* only once a Spanish text writes a cognate
  (*participativo*).

Each search runs on the old generation first, so a verdict kept across generations (or
for the process) would answer the second search as the first.
"""

from __future__ import annotations

from pathlib import Path

from indexer.build import build_index
from indexer.live import open_service
from kb.search import SearchRequest, SearchService
from tests.conftest import TODAY
from tests.corpus import TAXONOMY, front, write_tree

ENGLISH = "cases/digital-era"
SPANISH = "cases/ciudad-pequena"
FRENCH = "cases/paris-budget"
PORTO_ALEGRE = "cases/porto-alegre-asambleas"

FILES = {
    "taxonomy.yml": TAXONOMY,
    f"{ENGLISH}.md": front(
        title="Local government in the digital era",
        date="2021",
        language="en",
        countries="GB",
        themes="[cultura]",
    )
    + "\n## Open data\n\nThe council publishes its budget as open data.\n",
    f"{SPANISH}.md": front(
        title="Una ciudad pequeña", date="2020", language="es", countries="UY", themes="[cultura]"
    )
    + "\n## Antes\n\nLa ciudad era pequeña y tranquila.\n",
    f"{FRENCH}.md": front(
        title="Le budget participatif de Paris",
        date="2019",
        language="fr",
        countries="FR",
        themes="[cultura]",
    )
    + "\n## Les projets\n\nLes habitants votent pour les projets du quartier.\n",
    f"{PORTO_ALEGRE}.md": front(
        title="Asambleas de barrio en Porto Alegre",
        date="2001",
        language="es",
        countries="BR",
        themes="[cultura]",
    )
    + "\n## Las asambleas\n\nLos vecinos deciden las obras en asambleas abiertas.\n",
}


def _ids(service: SearchService, q: str) -> list[str]:
    return sorted(h["id"] for h in service.search(SearchRequest(q=q)).to_dict()["hits"])


def _reindexed(content: Path, index: Path, doc: str, old: str, new: str) -> None:
    """Edit one document's text and update the index in place (incremental)."""
    path = content / f"{doc}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    report = build_index(content, index, today=TODAY)
    assert report.exit_code == 0 and not report.full and report.updated == [doc], report


def _served(tmp_path: Path) -> tuple[Path, Path, SearchService]:
    content, index = tmp_path / "content", tmp_path / "index"
    write_tree(content, FILES)
    build_index(content, index, today=TODAY)
    return content, index, open_service(index)


def test_a_querys_stop_words_are_judged_again_on_a_new_generation(tmp_path: Path):
    content, index, service = _served(tmp_path)
    try:
        assert _ids(service, "era digital") == [ENGLISH]  # English: «era» is required
        _reindexed(
            content, index, SPANISH, "era pequeña y tranquila", "era pequeña; hoy es digital"
        )
        assert _ids(service, "digital") == [SPANISH, ENGLISH]
        # Spanish too now: «era» is a function word, «digital» alone decides.
        assert _ids(service, "era digital") == [SPANISH, ENGLISH]
    finally:
        service.close()


def test_a_cognate_written_in_a_new_generation_counts(tmp_path: Path):
    content, index, service = _served(tmp_path)
    try:
        assert _ids(service, "participatif") == [FRENCH]
        _reindexed(content, index, PORTO_ALEGRE, "Asambleas de barrio", "Presupuesto participativo")
        assert _ids(service, "participatif") == [FRENCH, PORTO_ALEGRE]
    finally:
        service.close()
