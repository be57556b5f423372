"""The embedded store: Oxigraph on disk (RocksDB), through pyoxigraph.

Why pyoxigraph directly rather than rdflib over oxrdflib: adding triples through rdflib's
Graph API costs ten times the bulk path, and a SPARQL update per document gives what the
store needs anyway, one transaction per document (see README, "Store").
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from homologue.errors import StoreError

DEFAULT_LOCATION = "homologue-store"

FORMATS = {
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
}


class EmbeddedStore:
    """An on-disk RDF dataset with one named graph per document."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        try:
            if read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(f"{self.path}: no store here yet: run 'homologue ingest' first")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(_store_message(self.path, exc)) from None

    # -- writing ---------------------------------------------------------------------------

    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        """Replace a named graph's content in one transaction (drop and insert together)."""
        body = graph.serialize(format="nt")
        self.update(f"DROP SILENT GRAPH <{graph_iri}> ;\n"
                    f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{body}\n}} }}")

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise StoreError(f"invalid update: {exc}") from None
        except OSError as exc:
            raise StoreError(_store_message(self.path, exc)) from None

    def load(self, data: bytes, fmt: str) -> None:
        """Add a serialised dataset (N-Quads or TriG) in bulk."""
        try:
            self._store.bulk_load(io.BytesIO(data), FORMATS[fmt])
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load {fmt}: {exc}") from None

    def flush(self) -> None:
        if not self.read_only:
            self._store.flush()

    # -- reading ---------------------------------------------------------------------------

    def query(self, sparql: str, substitutions: dict | None = None, union: bool = True):
        """Run a SPARQL query over every graph (the default graph is their union)."""
        try:
            return self._store.query(sparql, use_default_graph_as_union=union,
                                     substitutions=substitutions)
        except SyntaxError as exc:
            from homologue.errors import QueryError

            raise QueryError(f"invalid SPARQL: {exc}") from None
        except OSError as exc:
            raise StoreError(_store_message(self.path, exc)) from None

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def has_graph(self, graph_iri: str) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(graph_iri))

    def dump(self, fmt: str, graph_iri: str | None = None) -> bytes:
        out = io.BytesIO()
        if fmt in ("nq", "trig"):
            self._store.dump(out, FORMATS[fmt])
        else:
            source = ox.NamedNode(graph_iri) if graph_iri else ox.DefaultGraph()
            self._store.dump(out, FORMATS[fmt], from_graph=source)
        return out.getvalue()

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self._store)

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        self.flush()
        del self._store

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _store_message(path: Path, exc: OSError) -> str:
    text = str(exc)
    if "lock" in text.lower():
        return (f"{path}: the store is in use by another homologue process (a writer holds "
                f"its lock); wait for it to finish, or use --store for another location")
    return f"{path}: cannot open the store ({text.splitlines()[0] if text else type(exc).__name__})"


def open_store(location: str | Path | None = None, read_only: bool = False) -> EmbeddedStore:
    """The store at ``location`` (default: ``./homologue-store``)."""
    return EmbeddedStore(location or DEFAULT_LOCATION, read_only=read_only)
