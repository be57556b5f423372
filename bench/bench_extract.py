"""Extraction cost: the rules against the bare spaCy pipeline as Homologue configures it (target:
at most 1.3×), that pipeline against the stock package pipeline, and each component's cost.

All on synthetic articles of about 600 words (``bench/synthetic.py``), French and English
apart, in CPU time of this process (``time.process_time``): the machine may be shared, and CPU
time is what other work distorts least. Each figure is the smallest of a few runs, the stock and
configured pipelines taking turns so that a change of load hits both. Models, the gazetteer and
caches are loaded and warmed before timing. Run: ``python bench/bench_extract.py [--quick]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.language import Language

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "graph"))

from synthetic import articles  # noqa: E402

from homologue.documents import Document  # noqa: E402
from homologue.extract import Extractor  # noqa: E402
from homologue.extract.events import extract_events  # noqa: E402
from homologue.extract.lexicon import load_lexicon  # noqa: E402
from homologue.extract.pipeline import MODELS  # noqa: E402

BATCH = 16  # the extractor's batch size
# What each of Homologue's components stands in for in the stock pipeline.
STOCK_NAME = {"homologue_attributes": "attribute_ruler", "homologue_entities": "ner"}


def corpus(per_language: int) -> dict[str, list[Document]]:
    return {lang: [a.document() for a in articles(per_language, seed=8, lang=lang)]
            for lang in ("fr", "en")}


def cpu(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def time_components(nlp: Language, texts: list[str]) -> dict[str, float]:
    """CPU seconds of the tokenizer and of each component, run one after the other over all
    the texts in batches (so each component's share is its own)."""
    out = {}
    start = time.process_time()
    docs = [nlp.make_doc(t) for t in texts]
    out["tokenizer"] = time.process_time() - start
    for name, component in nlp.pipeline:
        start = time.process_time()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=BATCH))
        else:
            docs = [component(doc) for doc in docs]
        out[name] = time.process_time() - start
    return out


def time_extract(extractor: Extractor, lang: str, documents: list[Document]) -> tuple[float, int]:
    lexicon = load_lexicon(lang)
    nlp = extractor.pipeline(lang)
    found = []

    def work() -> None:
        docs = nlp.pipe((d.text for d in documents), batch_size=BATCH)
        found.extend(e for d, doc in zip(documents, docs)
                     for e in extract_events(d, doc, extractor.gazetteer, lexicon))
    return cpu(work), len(found)


def row(measure: str, value: float, unit: str, baseline: str, baseline_value: float) -> dict:
    return {"measure": measure, "value": round(value, 3), "unit": unit, "baseline": baseline,
            "baseline_value": round(baseline_value, 3),
            "ratio": round(value / baseline_value, 3) if baseline_value else float("nan")}


def bench_language(extractor: Extractor, lang: str, documents: list[Document],
                   repeats: int) -> list[dict]:
    nlp = extractor.pipeline(lang)
    stock = spacy.load(MODELS[lang])
    texts = [d.text for d in documents]
    n = len(texts)
    for pipeline in (nlp, stock):  # warm both
        list(pipeline.pipe(texts[:2], batch_size=BATCH))
    time_extract(extractor, lang, documents[:2])
    ours: dict[str, float] = {}
    theirs: dict[str, float] = {}
    bare = stock_bare = full = float("inf")
    events = 0
    for _ in range(repeats):
        for name, seconds in time_components(nlp, texts).items():
            ours[name] = min(ours.get(name, float("inf")), seconds)
        for name, seconds in time_components(stock, texts).items():
            theirs[name] = min(theirs.get(name, float("inf")), seconds)
        bare = min(bare, cpu(lambda: list(nlp.pipe(texts, batch_size=BATCH))))
        stock_bare = min(stock_bare, cpu(lambda: list(stock.pipe(texts, batch_size=BATCH))))
        seconds, events = time_extract(extractor, lang, documents)
        full = min(full, seconds)
    words = sum(len(t.split()) for t in texts)
    ms = 1000 / n
    rows = [
        row(f"{lang}: extraction, {n} articles, {words} words ({events} events), CPU", full, "s",
            "bare spaCy pipeline as configured, same text", bare),
        row(f"{lang}: bare pipeline as configured, CPU per article", bare * ms, "ms",
            f"stock {MODELS[lang]} pipeline", stock_bare * ms),
    ]
    for name, seconds in ours.items():
        stock_name = STOCK_NAME.get(name, name)
        if stock_name in theirs:
            rows.append(row(f"{lang}: component {name}, CPU per article", seconds * ms, "ms",
                            f"stock {stock_name}", theirs[stock_name] * ms))
        else:  # Homologue's own: its share of the stock pipeline's cost
            rows.append(row(f"{lang}: component {name}, CPU per article", seconds * ms, "ms",
                            "whole stock pipeline", stock_bare * ms))
    return rows


def run(quick: bool) -> list[dict]:
    extractor = Extractor()
    documents = corpus(6 if quick else 40)
    rows = []
    for lang, items in documents.items():
        rows += bench_language(extractor, lang, items, 1 if quick else 3)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer articles, one run")
    args = parser.parse_args()
    for r in run(args.quick):
        print(f"{r['measure']:<66} {r['value']:>9} {r['unit']:<2} vs {r['baseline']:<45} "
              f"{r['baseline_value']:>9}  ×{r['ratio']}")


if __name__ == "__main__":
    main()
