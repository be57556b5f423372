"""The embedded store: Oxigraph on disk (RocksDB), through pyoxigraph.

Why pyoxigraph directly rather than rdflib over oxrdflib: adding triples through rdflib's
Graph API costs ten times the bulk path, and a SPARQL update per document gives what the
store needs anyway, one transaction per document (see README, "Store").
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from homologue.errors import StoreError

DEFAULT_LOCATION = "homologue-store"
READERS = ".readers"  # private read-only snapshots, one per open reader (see _open_reader)
FLUSH_SECONDS = 10.0  # a writer flushes its memory tables this often (see update)

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
                self._store = self._open_reader()
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except (OSError, RuntimeError) as exc:
            raise StoreError(_store_message(self.path, exc)) from None
        self._flushed = time.monotonic()

    def _open_reader(self) -> ox.Store:
        """A read-only store that a concurrent writer cannot pull files from under.

        RocksDB opens its table files lazily and a writer's compactions delete them, so a
        plain read-only open during an ingest fails at random ("No such file" in the middle of a
        query; pyoxigraph documents it as undefined behaviour). The reader therefore opens a
        private snapshot: the small, appended files (CURRENT, MANIFEST, OPTIONS, write-ahead
        logs) copied, the immutable tables hard-linked, in ``<store>/.readers/<pid>-*``, removed
        when the store is closed or collected (or by the next reader, if this process died).
        A snapshot that caught the writer mid-change fails to open and is taken again; a reader
        sees whole transactions only, so each document completely or not at all. Where no
        snapshot can be made (a store this user cannot write to), it opens the store directly.
        """
        snapshot = _reader_snapshot(self.path)
        if snapshot is None:
            return ox.Store.read_only(str(self.path))
        folder, store = snapshot
        self._finalizer = weakref.finalize(self, shutil.rmtree, folder, True)
        return store

    # -- writing ---------------------------------------------------------------------------

    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        """Replace a named graph's content in one transaction (drop and insert together)."""
        body = graph.serialize(format="nt")
        self.update(f"DROP SILENT GRAPH <{graph_iri}> ;\n"
                    f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{body}\n}} }}")

    def replace_graph_data(self, graph_iri: str, data: bytes, fmt: str) -> None:
        """Replace a named graph by serialised triples (Turtle or N-Triples) with the bulk
        loader: the bundled gazetteer's 370,000 triples in a second or two, where an update
        spends tens of seconds. Not one transaction: callers mark completion afterwards."""
        self.update(f"DROP SILENT GRAPH <{graph_iri}>")
        try:
            self._store.bulk_load(data, FORMATS[fmt], to_graph=ox.NamedNode(graph_iri))
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load {fmt}: {exc}") from None
        except (OSError, RuntimeError) as exc:
            raise StoreError(_store_message(self.path, exc)) from None

    def update(self, sparql: str) -> None:
        """One SPARQL update, in one transaction. Every FLUSH_SECONDS the memory tables are
        written out, so the write-ahead log a concurrent reader copies and replays stays small
        during a long ingest."""
        try:
            self._store.update(sparql)
            if time.monotonic() - self._flushed > FLUSH_SECONDS:
                self.flush()
        except SyntaxError as exc:
            raise StoreError(f"invalid update: {exc}") from None
        except (OSError, RuntimeError) as exc:
            raise StoreError(_store_message(self.path, exc)) from None

    def load(self, data: bytes, fmt: str) -> None:
        """Add a serialised dataset (N-Quads or TriG) in bulk, then compact the store.

        Why compact: a bulk load leaves its data in many unmerged table files, and every
        lookup then visits each of them; compacted, the named queries run 1.5 to 3 times
        faster on 200,000 events (bench/bench_queries.py), for about 15 s of work.
        """
        try:
            self._store.bulk_load(io.BytesIO(data), FORMATS[fmt])
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load {fmt}: {exc}") from None
        self.optimize()

    def optimize(self) -> None:
        """Merge the store's table files (RocksDB compaction): reads get faster."""
        if not self.read_only:
            try:
                self._store.optimize()
            except (OSError, RuntimeError) as exc:
                raise StoreError(_store_message(self.path, exc)) from None

    def flush(self) -> None:
        if not self.read_only:
            self._store.flush()
            self._flushed = time.monotonic()

    # -- reading ---------------------------------------------------------------------------

    def query(self, sparql: str, substitutions: dict | None = None, union: bool = True):
        """Run a SPARQL query over every graph (the default graph is their union)."""
        try:
            return self._store.query(sparql, use_default_graph_as_union=union,
                                     substitutions=substitutions)
        except SyntaxError as exc:
            from homologue.errors import QueryError

            raise QueryError(f"invalid SPARQL: {exc}") from None
        except (OSError, RuntimeError) as exc:
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
        if getattr(self, "_finalizer", None) is not None:
            self._finalizer()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _reader_snapshot(path: Path, attempts: int = 8) -> tuple[Path, ox.Store] | None:
    """A consistent private copy of the store at ``path`` for a reader, opened read-only
    (see EmbeddedStore._open_reader), or None if no copy can be made here."""
    readers = path / READERS
    try:
        readers.mkdir(exist_ok=True)
        _remove_stale_snapshots(readers)
    except OSError:
        return None
    for attempt in range(attempts):
        try:
            folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=readers))
        except OSError:
            return None
        try:
            manifest = (path / "CURRENT").read_text("ascii").strip()
            shutil.copyfile(path / manifest, folder / manifest)
            names = sorted(os.listdir(path))
            for name in names:
                if name.endswith(".sst"):
                    os.link(path / name, folder / name)
                elif name.endswith(".log") or name.startswith(("OPTIONS-", "IDENTITY")):
                    shutil.copyfile(path / name, folder / name)
            (folder / "CURRENT").write_text(manifest + "\n", "ascii")
            return folder, ox.Store.read_only(str(folder))
        except (OSError, RuntimeError, ValueError):
            shutil.rmtree(folder, ignore_errors=True)
            time.sleep(0.02 * (attempt + 1))
    return None


def _remove_stale_snapshots(readers: Path) -> None:
    """Snapshots left by readers that died (their pid is gone) are removed."""
    for folder in readers.iterdir():
        pid = folder.name.split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass


def _store_message(path: Path, exc: Exception) -> str:
    text = str(exc)
    if "lock" in text.lower():
        return (f"{path}: the store is in use by another homologue process (a writer holds "
                f"its lock); wait for it to finish, or use --store for another location")
    return f"{path}: cannot open the store ({text.splitlines()[0] if text else type(exc).__name__})"


def open_store(location: str | Path | None = None, read_only: bool = False) -> EmbeddedStore:
    """The store at ``location`` (default: ``./homologue-store``)."""
    return EmbeddedStore(location or DEFAULT_LOCATION, read_only=read_only)
