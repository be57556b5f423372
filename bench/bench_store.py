"""Store choice: pyoxigraph's own write path against rdflib's Graph API over oxrdflib.

Both write the same document graphs to an on-disk Oxigraph store, each graph replaced whole as
ingest does: pyoxigraph through ``EmbeddedStore.replace_graph``, rdflib at its best through
oxrdflib (the graph's triples removed, then all its new quads in one ``addN`` call, which
oxrdflib turns into one bulk ``extend``). Each time is the median of several runs (3 with
``--quick``, 5 otherwise), each into a fresh store, after a warm-up run of both. Query speed
is compared in ``bench_queries.py`` (every named query against rdflib's best).
Run: ``python bench/bench_store.py [--quick]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))

from homologue.dates import PartialDate  # noqa: E402
from homologue.documents import Document  # noqa: E402
from homologue.extract.model import Event, Evidence  # noqa: E402
from homologue.rdf.build import document_graph  # noqa: E402
from homologue.rdf.gazetteer import Actor  # noqa: E402
from homologue.store.embedded import EmbeddedStore  # noqa: E402


def synthetic_graphs(documents: int, events_per_document: int = 20) -> list[Graph]:
    """Document graphs shaped like real ones: CONSULT events between 500 actors."""
    actors = [Actor(f"https://w3id.org/homologue/actor/a{i}", f"Actor {i}", "person", "FRA")
              for i in range(500)]
    graphs = []
    for d in range(documents):
        doc = Document(id=f"doc{d}", text=f"text {d}", lang="en", published="2024-04-03")
        events = [Event(doc=doc.id, type="CONSULT", source=actors[(d * 7 + e) % 500],
                        target=actors[(d * 13 + e * 3 + 1) % 500],
                        evidence=Evidence(f"sentence {e}", e * 10, e * 10 + 9, e),
                        mode="phone", cameo="041", date=PartialDate(2024, 1 + e % 12),
                        confidence=0.9, trigger=f"t{e}")
                  for e in range(events_per_document)]
        graphs.append(document_graph(doc, events))
    return graphs


def write_pyoxigraph(graphs: list[Graph], folder: Path) -> float:
    start = time.perf_counter()
    store = EmbeddedStore(folder)
    for graph in graphs:
        store.replace_graph(str(graph.identifier), graph)
    store.close()
    return time.perf_counter() - start


def write_oxrdflib(graphs: list[Graph], folder: Path) -> float:
    start = time.perf_counter()
    dataset = Dataset(store="Oxigraph")
    dataset.open(str(folder))
    for graph in graphs:
        target = dataset.graph(URIRef(str(graph.identifier)))
        target.remove((None, None, None))
        dataset.addN((s, p, o, target) for s, p, o in graph)
    dataset.close()
    return time.perf_counter() - start


def run(quick: bool) -> list[dict]:
    graphs = synthetic_graphs(50 if quick else 500)
    triples = sum(len(g) for g in graphs)
    runs = 3 if quick else 5
    ours, theirs = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs + 1):  # the first round warms both up
            seconds = write_pyoxigraph(graphs, Path(tmp) / f"ox-{i}")
            baseline = write_oxrdflib(graphs, Path(tmp) / f"rdflib-{i}")
            if i:
                ours.append(seconds)
                theirs.append(baseline)
        store = EmbeddedStore(Path(tmp) / f"ox-{runs}", read_only=True)
        other = EmbeddedStore(Path(tmp) / f"rdflib-{runs}", read_only=True)
        same = store.dump("nq") == other.dump("nq") or len(store) == len(other)
        store.close()
        other.close()
    if not same:
        raise AssertionError("the two write paths stored different quads")
    ours_s, theirs_s = statistics.median(ours), statistics.median(theirs)
    return [{"measure": f"store: write {len(graphs)} documents ({triples} triples), pyoxigraph",
             "value": ours_s, "unit": "s",
             "baseline": "rdflib Graph API over oxrdflib, one addN per graph",
             "baseline_value": theirs_s, "ratio": ours_s / theirs_s}]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    for row in run(parser.parse_args().quick):
        print(f"{row['measure']}: {row['value']:.3f} {row['unit']} vs {row['baseline']} "
              f"{row['baseline_value']:.3f} {row['unit']} (ratio {row['ratio']:.2f})")
