"""What each field of a kb index costs on disk: postings, term dictionary, stored values,
columns; ``python -m bench.index_size INDEX [INDEX...]`` prints a table per index.

Postings are the bytes of each term's posting list (or of its inlined postings, for a term
of few records); the term dictionary is each term's key plus its term information; a
stored value is its share of a record's pickled stored fields; a column is its files.
"""

from __future__ import annotations

import pickle
import sys
from collections import Counter
from pathlib import Path

from whoosh import index
from whoosh.codec.whoosh3 import W3TermInfo

from indexer.publish import current_name

MIB = 1024 * 1024


def _folder(path: Path) -> Path:
    """The generation folder of a kb index, or the folder itself (a naive index)."""
    name = current_name(path) if (path / "CURRENT").exists() else None
    return path / name if name else path


def field_bytes(path: Path) -> tuple[Counter[str], int]:
    """Bytes per ``kind:field`` and the total bytes of the folder's files."""
    folder = _folder(path)
    found: Counter[str] = Counter()
    ix = index.open_dir(str(folder))
    with ix.reader() as reader:
        for segreader, _offset in reader.leaf_readers():
            for key, raw in segreader._terms._tindex.items():  # bytes as stored
                fieldname, _text = segreader._terms._keydecoder(key)
                info = W3TermInfo.from_bytes(raw)
                found[f"terms:{fieldname}"] += len(key) + len(raw)
                if not info.is_inlined():
                    found[f"postings:{fieldname}"] += info.extent()[1][0]  # whoosh: a 1-tuple
            for number in range(segreader.doc_count_all()):
                stored = segreader.stored_fields(number)
                for key, value in stored.items():
                    found[f"stored:{key}"] += len(pickle.dumps(value, -1))
    for file in folder.iterdir():
        if file.name.endswith(".col") and not file.name.endswith("_stored.col"):
            column = file.name.split(".", 1)[1].removesuffix(".col")
            found["lengths" if column.endswith("_len") else f"column:{column}"] += (
                file.stat().st_size
            )
    total = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    return found, total


def main(paths: list[str]) -> None:
    for path in paths:
        found, total = field_bytes(Path(path))
        print(f"{path}: {total / MIB:.1f} MiB on disk")
        by_kind: Counter[str] = Counter()
        for key, size in found.items():
            by_kind[key.split(":")[0]] += size
        for kind, size in by_kind.most_common():
            print(f"  {kind:10} {size / MIB:8.2f} MiB")
        for key, size in found.most_common(40):
            print(f"  {key:28} {size / MIB:8.2f} MiB {100 * size / total:5.1f} %")


if __name__ == "__main__":
    main(sys.argv[1:])
