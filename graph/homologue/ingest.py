"""Ingest: documents in, one named graph per document in the store, nothing twice.

At scale (ten thousand articles and more) three things matter, and each is handled here:

- throughput: documents stream through spaCy in chunks (``nlp.pipe``), in ``workers``
  processes, or on the workers of a Dask cluster (:mod:`homologue.cluster`), that each load the
  models once and also build each document's RDF, so the parent only writes; writes go to the
  store several documents per SPARQL update (one transaction);
- bounded memory: documents are read lazily, at most two chunks per worker are in flight and a
  write batch holds at most ``WRITE_BATCH`` documents, whatever the number of documents;
- resuming: the content hash of every stored document is read in one query at the start, and a
  document stored with the same hash is skipped, so an interrupted ingest restarts where it
  stopped.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib.namespace import DCTERMS

from homologue.documents import JSONL_SUFFIXES, Document
from homologue.extract import Event, Extractor
from homologue.rdf.build import document_graph, document_iri, graph_iri
from homologue.rdf.gazetteer import bundled_gazetteer_files
from homologue.rdf.namespace import GAZETTEER_GRAPH, HOM, ONTOLOGY_GRAPH
from homologue.store.embedded import EmbeddedStore

if TYPE_CHECKING:
    from distributed import Client

WRITE_BATCH = 8  # documents per store transaction: measured no faster beyond (bench_ingest)
WRITE_BYTES = 16_000_000  # ...or fewer, when their N-Triples reach this size

Progress = Callable[[Document], None]


@dataclass
class IngestSummary:
    documents: int = 0
    skipped: int = 0  # stored before with the same content hash
    events: int = 0
    actors: set[str] = field(default_factory=set)
    triples: int = 0
    seconds: float = 0.0
    workers: int = 1
    cluster: bool = False  # the workers were a Dask cluster's
    lost: int = 0  # failed on the cluster, reported through ``on_lost``

    def line(self) -> str:
        rate = (self.documents / self.seconds) if self.seconds else 0.0
        return (f"{self.documents} documents ingested ({self.skipped} unchanged, skipped: already "
                f"stored with the same content), {self.events} events, {len(self.actors)} actors, "
                f"{self.triples} triples, {self.seconds:.1f} s ({rate:.1f} documents/s, "
                f"{self.workers}{' Dask' if self.cluster else ''} "
                f"worker{'s' if self.workers > 1 else ''})")


@dataclass(frozen=True)
class Prepared:
    """What is stored for one document, built where it was extracted (a worker process)."""

    graph: str  # the named graph's IRI
    ntriples: str
    triples: int
    events: int
    actors: tuple[str, ...]


def prepare_document(document: Document, events: list[Event]) -> Prepared:
    """The document's graph as N-Triples, ready for the store, with what the summary counts."""
    graph = document_graph(document, events)
    return Prepared(str(graph.identifier), graph.serialize(format="nt"), len(graph), len(events),
                    tuple(dict.fromkeys(a.id for e in events for a in e.actors())))


def stored_hash(store: EmbeddedStore, doc_id: str) -> str | None:
    """The content hash stored for one document (None if it is not stored)."""
    rows = list(store.query(
        f"SELECT ?h WHERE {{ GRAPH <{graph_iri(doc_id)}> {{ <{document_iri(doc_id)}> "
        f"<{HOM.contentHash}> ?h }} }}", union=False))
    return rows[0]["h"].value if rows else None


def stored_hashes(store: EmbeddedStore) -> dict[str, str]:
    """The content hash of every stored document, by graph IRI: one query for them all."""
    rows = store.query(f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?d <{HOM.contentHash}> ?h }} }}",
                       union=False)
    return {row["g"].value: row["h"].value for row in rows}


def ensure_reference_graphs(store: EmbeddedStore, background: bool = False) -> Callable[[], None]:
    """Keep the ontology and the bundled gazetteer in their own graphs, refreshed when the
    package's files change; returns a function that waits for the load.

    The Turtle goes to the store's bulk loader as it is (Turtle allows a prefix to be
    declared again, so the files are simply joined); the version marker is written last, so a
    load cut short is redone at the next start. With ``background`` on an embedded store the
    load (370,000 triples, some seconds) runs in a thread while the caller loads its language
    models: pyoxigraph releases the GIL while it loads. The waiter re-raises its error."""
    ontology = resources.files("homologue.ontology") / "homologue.ttl"
    stale = []
    for iri, paths in ((ONTOLOGY_GRAPH, [ontology]), (GAZETTEER_GRAPH, bundled_gazetteer_files())):
        data = b"\n".join(p.read_bytes() for p in paths)
        digest = hashlib.sha256(data).hexdigest()
        marker = f"<{iri}> <{DCTERMS.hasVersion}> \"{digest}\""
        if not store.query(f"ASK {{ GRAPH <{iri}> {{ {marker} }} }}", union=False):
            stale.append((str(iri), data, marker))

    def load() -> None:
        for iri, data, marker in stale:
            store.replace_graph_data(iri, data, "ttl")
            store.update(f"INSERT DATA {{ GRAPH <{iri}> {{ {marker} }} }}")

    if not stale:
        return lambda: None
    if not background or not isinstance(store, EmbeddedStore):
        load()
        return lambda: None
    return _in_thread(load)


def _in_thread(work: Callable[[], None]) -> Callable[[], None]:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # handed to the waiter, raised in the caller's thread
            errors.append(exc)

    thread = threading.Thread(target=run, name="reference-graphs", daemon=True)
    thread.start()

    def wait() -> None:
        thread.join()
        if errors:
            raise errors[0]

    return wait


def replace_graphs(store: EmbeddedStore, batch: list[Prepared]) -> None:
    """Replace several documents' graphs in ONE update: Oxigraph runs an update request in a
    single transaction, so after a crash each document is either wholly stored or absent."""
    store.update(" ;\n".join(
        f"DROP SILENT GRAPH <{p.graph}> ;\nINSERT DATA {{ GRAPH <{p.graph}> {{\n{p.ntriples}\n}} }}"
        for p in batch))


def ingest(documents: Iterable[Document], store: EmbeddedStore, extractor: Extractor,
           progress: Progress | None = None, workers: int = 1,
           write_batch: int = WRITE_BATCH, cluster: Client | None = None,
           on_lost: Callable[[str], None] | None = None) -> IngestSummary:
    """Extract and store each document in its own graph; a document whose content is
    unchanged since the last ingest is skipped. ``progress`` is called once per document,
    skipped, stored (stored ones when their batch is written) or lost.

    With ``cluster`` (a Dask client) extraction runs on its workers instead of ``workers``
    local processes; a document whose extraction the cluster gave up on is not stored and
    ``on_lost`` gets a one-line reason naming it (an ingest run again retries it)."""
    start = time.perf_counter()
    summary = IngestSummary(workers=workers)
    reference_loaded = ensure_reference_graphs(store, background=True)
    known = stored_hashes(store)

    def fresh(document: Document) -> bool:
        if known.get(str(graph_iri(document.id))) != document.content_hash:
            return True
        summary.skipped += 1
        if progress:
            progress(document)
        return False

    pending: list[tuple[Document, Prepared]] = []
    size = 0
    for document, prepared in _extracted(filter(fresh, documents), extractor, workers, cluster,
                                         summary):
        if not isinstance(prepared, Prepared):  # a cluster's cluster.Lost
            _lose(document, prepared.reason, summary, progress, on_lost)
            continue
        pending.append((document, prepared))
        size += len(prepared.ntriples)
        if len(pending) >= write_batch or size >= WRITE_BYTES:
            reference_loaded()
            _write(store, pending, summary, progress)
            pending, size = [], 0
    reference_loaded()
    _write(store, pending, summary, progress)
    store.flush()
    summary.seconds = time.perf_counter() - start
    return summary


def _extracted(documents: Iterable[Document], extractor: Extractor, workers: int,
               cluster: Client | None, summary: IngestSummary) -> Iterator[tuple[Document, Any]]:
    if cluster is None:
        return extractor.extract_many(documents, workers=workers, prepare=prepare_document)
    from homologue.cluster import extract_on_cluster, worker_threads

    summary.workers, summary.cluster = worker_threads(cluster), True
    return extract_on_cluster(cluster, extractor, extractor.chunks(documents), prepare_document)


def _lose(document: Document, reason: str, summary: IngestSummary, progress: Progress | None,
          on_lost: Callable[[str], None] | None) -> None:
    summary.lost += 1
    if on_lost:
        where = f" ({document.path})" if document.path else ""
        on_lost(f"{document.id}{where}: {reason}")
    if progress:
        progress(document)


def _write(store: EmbeddedStore, pending: list[tuple[Document, Prepared]],
           summary: IngestSummary, progress: Progress | None) -> None:
    if not pending:
        return
    replace_graphs(store, [p for _d, p in pending])
    for document, prepared in pending:
        summary.documents += 1
        summary.events += prepared.events
        summary.triples += prepared.triples
        summary.actors.update(prepared.actors)
        if progress:
            progress(document)


def count_documents(items: Iterable[str | Path]) -> int | None:
    """How many documents the expanded arguments hold, without parsing them (one per text
    file, one per non-blank line of a JSON Lines file), so a progress bar can show the time
    left while documents are read one at a time; None when stdin is among them."""
    total = 0
    for item in items:
        if item == "-":
            return None
        path = Path(item)
        if path.suffix.lower() not in JSONL_SUFFIXES:
            total += 1
            continue
        try:
            with path.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        except OSError:
            total += 1  # reading it will report the problem
    return total
