"""Ingest: documents in, one named graph per document in the store, nothing twice."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from homologue.documents import Document
from homologue.extract import Extractor
from homologue.rdf.build import document_graph, document_iri, graph_iri
from homologue.rdf.gazetteer import bundled_gazetteer_files
from homologue.rdf.namespace import GAZETTEER_GRAPH, HOM, ONTOLOGY_GRAPH
from homologue.store.embedded import EmbeddedStore


@dataclass
class IngestSummary:
    documents: int = 0
    skipped: int = 0  # unchanged since the last ingest
    events: int = 0
    actors: set[str] = field(default_factory=set)
    triples: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (f"{self.documents} documents ingested ({self.skipped} unchanged, skipped), "
                f"{self.events} events, {len(self.actors)} actors, {self.triples} triples, "
                f"{self.seconds:.1f} s")


def stored_hash(store: EmbeddedStore, doc_id: str) -> str | None:
    rows = list(store.query(
        f"SELECT ?h WHERE {{ GRAPH <{graph_iri(doc_id)}> {{ <{document_iri(doc_id)}> "
        f"<{HOM.contentHash}> ?h }} }}", union=False))
    return rows[0]["h"].value if rows else None


def ensure_reference_graphs(store: EmbeddedStore) -> None:
    """Keep the ontology and the bundled gazetteer in their own graphs, refreshed when the
    package's files change."""
    ontology = resources.files("homologue.ontology") / "homologue.ttl"
    for iri, paths in ((ONTOLOGY_GRAPH, [ontology]), (GAZETTEER_GRAPH, bundled_gazetteer_files())):
        texts = [p.read_text("utf-8") for p in paths]
        digest = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()
        marker = f"ASK {{ GRAPH <{iri}> {{ <{iri}> <{DCTERMS.hasVersion}> \"{digest}\" }} }}"
        if store.query(marker, union=False):
            continue
        graph = Graph(identifier=iri)
        for text in texts:
            graph.parse(data=text, format="turtle")
        graph.add((URIRef(iri), DCTERMS.hasVersion, Literal(digest)))
        store.replace_graph(str(iri), graph)


def ingest(documents: Iterable[Document], store: EmbeddedStore, extractor: Extractor,
           progress: Callable[[Document], None] | None = None) -> IngestSummary:
    """Extract and store each document in its own graph, in one transaction each;
    a document whose content is unchanged since the last ingest is skipped."""
    start = time.perf_counter()
    summary = IngestSummary()
    ensure_reference_graphs(store)
    fresh = (d for d in documents if not _unchanged(store, d, summary, progress))
    for document, events in extractor.extract_many(fresh):
        graph = document_graph(document, events)
        store.replace_graph(str(graph_iri(document.id)), graph)
        summary.documents += 1
        summary.events += len(events)
        summary.triples += len(graph)
        summary.actors.update(a.id for e in events for a in e.actors())
        if progress:
            progress(document)
    store.flush()
    summary.seconds = time.perf_counter() - start
    return summary


def _unchanged(store: EmbeddedStore, document: Document, summary: IngestSummary,
               progress: Callable[[Document], None] | None) -> bool:
    if stored_hash(store, document.id) != document.content_hash:
        return False
    summary.skipped += 1
    if progress:
        progress(document)
    return True
