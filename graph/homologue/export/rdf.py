"""The store as RDF files: N-Quads and TriG keep the graphs; Turtle and JSON-LD merge them."""

from __future__ import annotations

from rdflib import Graph

from homologue.rdf.namespace import GAZETTEER_GRAPH
from homologue.store.embedded import EmbeddedStore

# What the merged graph takes of the gazetteer: the actors the documents mention, their
# states and their positions (the world gazetteer's 370,000 other triples are package data).
GAZETTEER_PART = f"""
PREFIX hom: <https://w3id.org/homologue/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?s ?p ?o WHERE {{
  {{ SELECT DISTINCT ?s WHERE {{
      {{ ?doc hom:mentions ?s }}
      UNION {{ ?doc hom:mentions ?actor . ?actor hom:nationality ?s }}
      UNION {{ ?doc hom:mentions ?actor . GRAPH <{GAZETTEER_GRAPH}> {{ ?s org:member ?actor }} }}
  }} }}
  GRAPH <{GAZETTEER_GRAPH}> {{ ?s ?p ?o }}
}}
"""


def export_store(store: EmbeddedStore, fmt: str) -> bytes:
    if fmt in ("nq", "trig"):
        return store.dump(fmt)
    graph = merged_graph(store)
    return graph.serialize(format="json-ld" if fmt == "jsonld" else "turtle").encode("utf-8")


def merged_graph(store: EmbeddedStore) -> Graph:
    """The documents' graphs and the ontology as one rdflib graph, with the gazetteer's
    description of the actors they mention (for Turtle, JSON-LD and validation)."""
    merged = Graph()
    for prefix, namespace in (("hom", "https://w3id.org/homologue/ontology#"),
                              ("actor", "https://w3id.org/homologue/actor/"),
                              ("event", "https://w3id.org/homologue/event/"),
                              ("doc", "https://w3id.org/homologue/doc/"),
                              ("skos", "http://www.w3.org/2004/02/skos/core#")):
        merged.bind(prefix, namespace)
    for name in store.graph_names():
        if name != str(GAZETTEER_GRAPH):
            merged.parse(data=store.dump("nt", graph_iri=name).decode("utf-8"), format="nt")
    lines = [f"{row['s']} {row['p']} {row['o']} ." for row in store.query(GAZETTEER_PART)]
    if lines:
        merged.parse(data="\n".join(lines), format="nt")
    return merged
