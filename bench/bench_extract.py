"""Extraction cost against the bare spaCy pipeline on the same text (target: at most 1.3×).

Both sides parse the same documents with the same pipeline and batch size; extraction adds
actor mentions, trigger rules, dates and merging. Models and the gazetteer are loaded before
timing. Run: ``python bench/bench_extract.py [--quick]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "graph"))

from homologue.documents import Document, read_documents  # noqa: E402
from homologue.extract import Extractor  # noqa: E402
from homologue.extract.events import extract_events  # noqa: E402
from homologue.extract.lexicon import load_lexicon  # noqa: E402

BATCH = 16


def corpus(copies: int) -> dict[str, list[Document]]:
    """The example articles, each repeated under new ids, by language."""
    base = list(read_documents([str(ROOT / "examples")]))
    by_lang: dict[str, list[Document]] = {}
    for n in range(copies):
        for doc in base:
            by_lang.setdefault(doc.lang, []).append(
                Document(f"{doc.id}-{n}", doc.text, doc.lang, doc.published))
    return by_lang


def time_bare(extractor: Extractor, docs: dict[str, list[Document]]) -> float:
    start = time.perf_counter()
    for lang, items in docs.items():
        for _ in extractor.pipeline(lang).pipe((d.text for d in items), batch_size=BATCH):
            pass
    return time.perf_counter() - start


def time_extract(extractor: Extractor, docs: dict[str, list[Document]]) -> tuple[float, int]:
    events = 0
    start = time.perf_counter()
    for lang, items in docs.items():
        lexicon = load_lexicon(lang)
        nlp = extractor.pipeline(lang)
        for document, doc in zip(items, nlp.pipe((d.text for d in items), batch_size=BATCH)):
            events += len(extract_events(document, doc, extractor.gazetteer, lexicon))
    return time.perf_counter() - start, events


def run(quick: bool) -> list[dict]:
    extractor = Extractor()
    docs = corpus(3 if quick else 20)
    words = sum(len(d.text.split()) for items in docs.values() for d in items)
    time_extract(extractor, {k: v[:2] for k, v in docs.items()})  # load models and caches
    repeats = 1 if quick else 3
    bare = min(time_bare(extractor, docs) for _ in range(repeats))
    full, events = min(time_extract(extractor, docs) for _ in range(repeats))
    return [
        {"measure": f"extraction, {words} words ({events} events)", "value": round(full, 3),
         "unit": "s", "baseline": "bare spaCy pipeline, same text",
         "baseline_value": round(bare, 3), "ratio": round(full / bare, 3)},
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer documents, one run")
    args = parser.parse_args()
    for row in run(args.quick):
        print(f"{row['measure']}: {row['value']} {row['unit']} vs {row['baseline']} "
              f"{row['baseline_value']} {row['unit']}: ratio {row['ratio']}")


if __name__ == "__main__":
    main()
