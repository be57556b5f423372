"""Extraction cost: Homologue's whole extraction (its trimmed pipeline, then the rules) against
the stock spaCy pipeline as shipped (``spacy.load("fr_core_news_md")``, every component: what a
user who runs spaCy on the same text pays), and against Homologue's trimmed pipeline alone (the
rules' own share); that pipeline against the stock one, and each component's cost.

All on synthetic articles of about 600 words (``bench/synthetic.py``), French and English
apart, in CPU time of this process (``time.process_time``): the machine may be shared, and CPU
time is what other work distorts least. Each figure is the median of three runs (component times: one
run), the stock and trimmed pipelines and the extraction taking turns so that a change of load hits all of them. Models, the gazetteer and
caches are loaded and warmed before timing. Run: ``python bench/bench_extract.py [--quick]``.
"""

from __future__ import annotations

import argparse
import statistics
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
                   repeats: int, component_repeats: int) -> list[dict]:
    nlp = extractor.pipeline(lang)
    stock = spacy.load(MODELS[lang])  # as shipped: every component
    texts = [d.text for d in documents]
    n = len(texts)
    for pipeline in (nlp, stock):  # warm both
        list(pipeline.pipe(texts[:2], batch_size=BATCH))
    time_extract(extractor, lang, documents[:2])
    ours: dict[str, list[float]] = {}
    theirs: dict[str, list[float]] = {}
    bare, stock_bare, full = [], [], []
    events = 0
    for run in range(repeats):
        if run < component_repeats:
            for name, seconds in time_components(nlp, texts).items():
                ours.setdefault(name, []).append(seconds)
            for name, seconds in time_components(stock, texts).items():
                theirs.setdefault(name, []).append(seconds)
        bare.append(cpu(lambda: list(nlp.pipe(texts, batch_size=BATCH))))
        stock_bare.append(cpu(lambda: list(stock.pipe(texts, batch_size=BATCH))))
        seconds, events = time_extract(extractor, lang, documents)
        full.append(seconds)
    median = statistics.median
    words = sum(len(t.split()) for t in texts)
    ms = 1000 / n
    what = f"{lang}: extraction, {n} articles, {words} words ({events} events), CPU"
    rows = [
        row(what, median(full), "s", f"stock {MODELS[lang]} pipeline as shipped (spacy.load, "
            f"every component), same text", median(stock_bare)),
        row(what, median(full), "s", "Homologue's trimmed spaCy pipeline alone, same text",
            median(bare)),
        row(f"{lang}: trimmed pipeline alone, CPU per article", median(bare) * ms, "ms",
            f"stock {MODELS[lang]} pipeline as shipped", median(stock_bare) * ms),
    ]
    for name, values in ours.items():
        stock_name = STOCK_NAME.get(name, name)
        if stock_name in theirs:
            rows.append(row(f"{lang}: component {name}, CPU per article", median(values) * ms,
                            "ms", f"stock {stock_name}", median(theirs[stock_name]) * ms))
        else:  # Homologue's own: its share of the stock pipeline's cost
            rows.append(row(f"{lang}: component {name}, CPU per article", median(values) * ms,
                            "ms", "whole stock pipeline", median(stock_bare) * ms))
    return rows


def run(quick: bool) -> list[dict]:
    extractor = Extractor()
    documents = corpus(4 if quick else 100)
    rows = []
    for lang, items in documents.items():
        rows += bench_language(extractor, lang, items, 3, 1)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer articles and runs")
    args = parser.parse_args()
    for r in run(args.quick):
        print(f"{r['measure']:<66} {r['value']:>9} {r['unit']:<2} vs {r['baseline']:<45} "
              f"{r['baseline_value']:>9}  ×{r['ratio']}")


if __name__ == "__main__":
    main()
