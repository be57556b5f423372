"""The store as RDF files: N-Quads and TriG keep the graphs; Turtle and JSON-LD merge them."""

from __future__ import annotations

from rdflib import Dataset, Graph

from homologue.store.embedded import EmbeddedStore


def export_store(store: EmbeddedStore, fmt: str) -> bytes:
    if fmt in ("nq", "trig"):
        return store.dump(fmt)
    graph = merged_graph(store)
    return graph.serialize(format="json-ld" if fmt == "jsonld" else "turtle").encode("utf-8")


def merged_graph(store: EmbeddedStore) -> Graph:
    """Every graph of the store as one rdflib graph (for Turtle, JSON-LD and validation)."""
    dataset = Dataset()
    dataset.parse(data=store.dump("nq").decode("utf-8"), format="nquads")
    merged = Graph()
    for prefix, namespace in (("hom", "https://w3id.org/homologue/ontology#"),
                              ("actor", "https://w3id.org/homologue/actor/"),
                              ("event", "https://w3id.org/homologue/event/"),
                              ("doc", "https://w3id.org/homologue/doc/"),
                              ("skos", "http://www.w3.org/2004/02/skos/core#")):
        merged.bind(prefix, namespace)
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        merged.add((s, p, o))
    return merged
