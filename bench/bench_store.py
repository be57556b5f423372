"""Store choice: pyoxigraph's own write path against rdflib's Graph API over oxrdflib.

Both write the same document graphs to an on-disk Oxigraph store; then both answer the same
contacts query. Run: ``python bench/bench_store.py [--quick]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))

from homologue.analysis.contacts import CONTACTS_QUERY  # noqa: E402
from homologue.dates import PartialDate  # noqa: E402
from homologue.documents import Document  # noqa: E402
from homologue.extract.model import Event, Evidence  # noqa: E402
from homologue.rdf.build import document_graph, graph_iri  # noqa: E402
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
        for triple in graph:
            target.add(triple)
    dataset.close()
    return time.perf_counter() - start


def run(quick: bool) -> list[dict]:
    graphs = synthetic_graphs(100 if quick else 1000)
    triples = sum(len(g) for g in graphs)
    with tempfile.TemporaryDirectory() as tmp:
        ours = write_pyoxigraph(graphs, Path(tmp) / "ox")
        theirs = write_oxrdflib(graphs, Path(tmp) / "rdflib")
        store = EmbeddedStore(Path(tmp) / "ox", read_only=True)
        start = time.perf_counter()
        rows = len(list(store.query(CONTACTS_QUERY)))
        query_ox = time.perf_counter() - start
        memory = Dataset(default_union=True)
        memory.parse(data=store.dump("nq").decode("utf-8"), format="nquads")
        start = time.perf_counter()
        rows_mem = len(list(memory.query(CONTACTS_QUERY)))
        query_mem = time.perf_counter() - start
    return [
        {"measure": f"store: write {len(graphs)} documents ({triples} triples), pyoxigraph",
         "value": ours, "unit": "s", "baseline": "rdflib Graph.add over oxrdflib",
         "baseline_value": theirs, "ratio": ours / theirs},
        {"measure": f"store: contacts query, on disk ({rows} rows)", "value": query_ox, "unit": "s",
         "baseline": f"rdflib in-memory Dataset ({rows_mem} rows)", "baseline_value": query_mem,
         "ratio": query_ox / query_mem if query_mem else float("nan")},
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    for row in run(parser.parse_args().quick):
        print(f"{row['measure']}: {row['value']:.3f} {row['unit']} vs {row['baseline']} "
              f"{row['baseline_value']:.3f} {row['unit']} (ratio {row['ratio']:.2f})")
