"""A deterministic synthetic content tree of any size, in the real content format.

Every document is drawn from its own seeded generator (``seed:index``), so a corpus of
1,000 documents is the first 1,000 of a corpus of 50,000. Text is sampled with Zipf's law
from the word ranks of the bundled corpus (:mod:`bench.vocabulary`). The tree is written
under ``ROOT/content`` with a manifest ``ROOT/corpus.json``; an existing tree with the same
size, seed, generator version and file digest is reused.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from bench import SEED, vocabulary
from bench.vocabulary import Vocabulary

GENERATOR_VERSION = 1
LANGUAGE_MIX = {"es": 75, "pt": 12, "en": 8, "fr": 5}
TYPE_MIX = {"case": 85, "notebook": 5, "webinar": 10}
FOLDERS = {"case": "cases", "notebook": "notebooks", "webinar": "webinars"}
TRANSCRIPT_HEADINGS = {
    "es": "Transcripción",
    "pt": "Transcrição",
    "en": "Transcript",
    "fr": "Transcription",
}
CITIES = {
    "AR": ["Buenos Aires", "Rosario", "Córdoba", "Mendoza"],
    "BO": ["La Paz", "Cochabamba", "Santa Cruz de la Sierra"],
    "BR": ["São Paulo", "Porto Alegre", "Belo Horizonte", "Curitiba", "Recife"],
    "CL": ["Santiago", "Valparaíso", "Concepción"],
    "CO": ["Bogotá", "Medellín", "Cali", "Barranquilla"],
    "CR": ["San José"],
    "EC": ["Quito", "Guayaquil", "Cuenca"],
    "GT": ["Ciudad de Guatemala", "Quetzaltenango"],
    "MX": ["Ciudad de México", "Guadalajara", "Monterrey", "Puebla"],
    "NI": ["León", "Managua"],
    "PE": ["Lima", "Arequipa", "Villa El Salvador"],
    "PY": ["Asunción"],
    "SV": ["San Salvador"],
    "UY": ["Montevideo", "Canelones"],
    "DE": ["Berlín", "Hamburgo", "Pforzheim"],
    "ES": ["Barcelona", "Madrid", "Bilbao", "Valencia", "Sevilla", "Gernika"],
    "FR": ["París", "Lyon", "Burdeos", "Nantes"],
    "GB": ["Bristol", "Coventry"],
    "GR": ["Atenas"],
    "IT": ["Milán", "Bolonia", "Roma", "Turín"],
    "NL": ["Utrecht", "Róterdam"],
    "PL": ["Gdańsk"],
    "PT": ["Lisboa", "Oporto"],
    "SE": ["Umeå", "Malmö"],
}
FIRST_NAMES = {
    "es": ["Ana", "Marta", "Julián", "Paula", "Alejandro", "Lucía", "Tomás", "Inés", "Raúl"],
    "pt": ["Patrícia", "Rodrigo", "João", "Ana Cláudia", "Luís", "Fernanda", "Tiago"],
    "en": ["Sarah", "James", "Emily", "David", "Olivia", "Michael"],
    "fr": ["Claire", "Étienne", "Hélène", "François", "Camille", "Noël"],
}
LAST_NAMES = {
    "es": ["Sosa", "Ríos", "Cervantes", "Restrepo", "Llorens", "Ospina", "Núñez", "Ibáñez"],
    "pt": ["Nogueira", "Tavares", "Brito", "Gonçalves", "Araújo", "Simões"],
    "en": ["Walker", "Hughes", "Bennett", "Clarke", "Morgan", "Price"],
    "fr": ["Dumoulin", "Lefèvre", "Moreau", "Girard", "Lemaître", "Bérard"],
}


@dataclass
class DocInfo:
    """What the query generator and the benchmarks need to know about one document."""

    path: str  # the .md, relative to the content root
    type: str
    language: str
    themes: list[str]
    countries: list[str]
    transcript: str | None = None  # "vtt", "srt" or "inline" for webinars


@dataclass
class Corpus:
    """A generated content tree and its manifest."""

    root: Path
    size: int
    seed: int
    docs: list[DocInfo]

    @property
    def content(self) -> Path:
        return self.root / "content"


def _pick(rng: random.Random, mix: dict[str, int]) -> str:
    return rng.choices(list(mix), weights=list(mix.values()))[0]


def _slugify(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    ascii_text = "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c == " "))
    return "-".join(ascii_text.split())


class _Writer:
    """Draws the text of one document from its language's vocabulary."""

    def __init__(self, rng: random.Random, vocab: Vocabulary) -> None:
        self.rng = rng
        self.vocab = vocab

    def sentence(self, n: int | None = None) -> str:
        rng = self.rng
        words = self.vocab.sample(rng, n or rng.randint(6, 18))
        if len(words) > 8 and rng.random() < 0.4:
            words[rng.randint(3, len(words) - 3)] += ","
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def text(self, n_words: int) -> str:
        """About ``n_words`` words of sentences."""
        sentences, count = [], 0
        while count < n_words:
            length = min(self.rng.randint(6, 18), max(3, n_words - count))
            sentences.append(self.sentence(length))
            count += length
        return " ".join(sentences)

    def title(self, low: int, high: int) -> str:
        words = self.vocab.sample(self.rng, self.rng.randint(low, high))
        text = " ".join(words)
        return text[0].upper() + text[1:]

    def paragraphs(self, n_words: int) -> list[str]:
        """Paragraphs of 40–120 words adding up to about ``n_words``; sometimes a list."""
        out, left = [], n_words
        while left > 0:
            size = min(left, self.rng.randint(40, 120))
            if self.rng.random() < 0.15 and size >= 30:
                items = [f"- **{self.title(1, 3)}.** {self.text(size // 3)}" for _ in range(3)]
                out.append("\n".join(items))
            else:
                out.append(self.text(size))
            left -= size
        return out

    def sections(self, n_sections: int, n_words: int) -> str:
        """An introduction and ``n_sections`` ``##`` sections sharing ``n_words`` words."""
        parts = self.paragraphs(max(30, n_words // (n_sections + 2)))
        share = max(40, (n_words - len(" ".join(parts).split())) // n_sections)
        headings: set[str] = set()
        for _ in range(n_sections):
            heading = self.title(2, 5)
            while _slugify(heading) in headings or not _slugify(heading):
                heading = self.title(2, 5)
            headings.add(_slugify(heading))
            parts.append(f"## {heading}")
            parts.extend(self.paragraphs(share))
        return "\n\n".join(parts) + "\n"


def _front_matter(values: dict[str, object]) -> str:
    lines = ["---"]
    for key, value in values.items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(str(v) for v in value)}]")
        elif key in ("title", "summary"):
            lines.append(f'{key}: "{value}"')
        else:
            lines.append(f"{key}: {value}")
    return "\n".join([*lines, "---", "", ""])


def _timestamp(seconds: float, sep: str) -> str:
    ms = int(round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def _cues(w: _Writer, speakers: list[str]) -> list[tuple[float, float, str, bool, str]]:
    """(start, end, speaker, first cue of a turn, text) for 40–80 cues."""
    rng = w.rng
    cues, t, turn_left, speaker = [], rng.uniform(2, 6), 0, speakers[0]
    for _ in range(rng.randint(40, 80)):
        first = turn_left == 0
        if first:
            speaker = rng.choice([s for s in speakers if s != speaker] or speakers)
            turn_left = rng.randint(1, 4)
        turn_left -= 1
        n = rng.randint(8, 20)
        duration = n * rng.uniform(0.3, 0.45)
        cues.append((t, t + duration, speaker, first, w.text(n)))
        t += duration + rng.uniform(0.05, 0.4)
    return cues


def _vtt(cues: list[tuple[float, float, str, bool, str]]) -> str:
    blocks = ["WEBVTT"]
    for start, end, speaker, _first, text in cues:
        blocks.append(f"{_timestamp(start, '.')} --> {_timestamp(end, '.')}\n<v {speaker}>{text}")
    return "\n\n".join(blocks) + "\n"


def _srt(cues: list[tuple[float, float, str, bool, str]]) -> str:
    blocks = []
    for number, (start, end, speaker, first, text) in enumerate(cues, start=1):
        line = f"{speaker}: {text}" if first else text
        blocks.append(f"{number}\n{_timestamp(start, ',')} --> {_timestamp(end, ',')}\n{line}")
    return "\n\n".join(blocks) + "\n"


def _inline(w: _Writer, speakers: list[str], lang: str) -> str:
    rng = w.rng
    t, lines = rng.randint(2, 8), [f"## {TRANSCRIPT_HEADINGS[lang]}"]
    for _ in range(rng.randint(40, 80)):
        n = rng.randint(20, 60)
        stamp = _timestamp(t, ".")[:8]
        lines.append(f"[{stamp}] {rng.choice(speakers)}: {w.text(n)}")
        t += int(n * rng.uniform(0.3, 0.45)) + rng.randint(1, 6)
    return "\n\n".join(lines) + "\n"


def make_document(
    index: int, seed: int, vocabularies: dict[str, Vocabulary], taxonomy: dict
) -> tuple[DocInfo, dict[str, str]]:
    """Document number ``index``: its description and its files (relative path → text)."""
    rng = random.Random(f"{seed}:{index}")
    doc_type, lang = _pick(rng, TYPE_MIX), _pick(rng, LANGUAGE_MIX)
    w = _Writer(rng, vocabularies[lang])
    countries = rng.sample(sorted(CITIES), rng.choice((1, 1, 2)))
    cities = [rng.choice(CITIES[c]) for c in countries]
    themes = rng.sample(taxonomy["themes"], rng.randint(1, 3))
    networks = rng.sample(taxonomy["networks"], rng.choice((0, 0, 1, 1, 2)))
    year = rng.choices(range(1985, 2026), weights=[1 + i // 4 for i in range(41)])[0]
    date = rng.choice((f"{year}", f"{year}-{rng.randint(1, 12):02d}"))
    if rng.random() < 0.5:
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    title = w.title(4, 9)
    slug = f"{_slugify(cities[0])}-{_slugify(title)[:40].strip('-')}-{index:06d}"
    front: dict[str, object] = {
        "title": title,
        "date": date,
        "language": lang,
        "countries": countries,
        "city": cities,
        "themes": themes,
    }
    if networks:
        front["networks"] = networks
    front["summary"] = w.text(rng.randint(25, 45))
    folder = FOLDERS[doc_type]
    path = f"{folder}/{slug}.md"
    files: dict[str, str] = {}
    transcript = None
    if doc_type == "case":
        body = w.sections(rng.randint(4, 6), rng.randint(300, 700))
    elif doc_type == "notebook":
        body = w.sections(rng.randint(8, 12), rng.randint(2700, 3300))
    else:
        speakers = sorted(
            {
                f"{rng.choice(FIRST_NAMES[lang])} {rng.choice(LAST_NAMES[lang])}"
                for _ in range(rng.randint(2, 4))
            }
        )
        front["speakers"] = speakers
        front["video"] = f"https://video.example.org/{slug}"
        body = w.sections(2, rng.randint(150, 300))
        transcript = rng.choice(("vtt", "srt", "inline"))
        if transcript == "inline":
            body += "\n" + _inline(w, speakers, lang)
        else:
            cues = _cues(w, speakers)
            text = _vtt(cues) if transcript == "vtt" else _srt(cues)
            files[f"{folder}/{slug}.{transcript}"] = text
    files[path] = _front_matter(front) + body
    return DocInfo(path, doc_type, lang, themes, countries, transcript), files


def _taxonomy_ids() -> dict[str, list[str]]:
    data = yaml.safe_load((vocabulary.BUNDLED / "taxonomy.yml").read_text(encoding="utf-8"))
    return {kind: [item["id"] for item in data[kind]] for kind in ("themes", "networks")}


def tree_digest(content: Path) -> str:
    """A digest of every file's path and bytes under ``content``."""
    h = hashlib.sha256()
    for path in sorted(p for p in content.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(content)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def generate(root: Path, size: int, seed: int = SEED) -> Corpus:
    """Write a fresh tree of ``size`` documents under ``root/content`` and its manifest."""
    vocabularies = vocabulary.load()
    taxonomy = _taxonomy_ids()
    content = root / "content"
    if content.exists():
        shutil.rmtree(content)
    content.mkdir(parents=True)
    shutil.copyfile(vocabulary.BUNDLED / "taxonomy.yml", content / "taxonomy.yml")
    for folder in FOLDERS.values():
        (content / folder).mkdir()
    docs = []
    for index in range(size):
        info, files = make_document(index, seed, vocabularies, taxonomy)
        docs.append(info)
        for rel, text in files.items():
            (content / rel).write_text(text, encoding="utf-8")
    manifest = {
        "generator": GENERATOR_VERSION,
        "size": size,
        "seed": seed,
        "vocabulary": vocabulary.digest(vocabularies),
        "digest": tree_digest(content),
        "docs": [asdict(d) for d in docs],
    }
    (root / "corpus.json").write_text(json.dumps(manifest), encoding="utf-8")
    return Corpus(root, size, seed, docs)


def load(root: Path, size: int, seed: int = SEED) -> Corpus | None:
    """The tree under ``root`` if it was generated with these parameters and is unchanged."""
    try:
        manifest = json.loads((root / "corpus.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (manifest.get("generator"), manifest.get("size"), manifest.get("seed")) != (
        GENERATOR_VERSION,
        size,
        seed,
    ):
        return None
    if manifest.get("vocabulary") != vocabulary.digest(vocabulary.load()):
        return None
    if manifest.get("digest") != tree_digest(root / "content"):
        return None
    return Corpus(root, size, seed, [DocInfo(**d) for d in manifest["docs"]])


def ensure(root: Path, size: int, seed: int = SEED) -> tuple[Corpus, bool]:
    """The corpus under ``root``, generated unless an identical one is there; (corpus, reused)."""
    found = load(root, size, seed)
    if found is not None:
        return found, True
    root.mkdir(parents=True, exist_ok=True)
    return generate(root, size, seed), False
