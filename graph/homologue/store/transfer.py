"""Moving a whole dataset into a store: N-Quads or TriG, one bulk load (one request remotely)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pyoxigraph as ox

from homologue.errors import InputError

FORMATS = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
SUFFIXES = {".nq": "nq", ".nquads": "nq", ".trig": "trig"}


def dataset_graphs(data: bytes, fmt: str) -> tuple[set[str], int]:
    """The named graphs a serialised dataset fills, and its number of quads (a syntax error
    is reported with its position, before anything is written)."""
    graphs: set[str] = set()
    count = 0
    try:
        for quad in ox.parse(io.BytesIO(data), FORMATS[fmt]):
            count += 1
            if isinstance(quad.graph_name, ox.NamedNode):
                graphs.add(quad.graph_name.value)
    except SyntaxError as exc:
        raise InputError(f"not valid {fmt}: {' '.join(str(exc).split())}") from None
    return graphs, count


def import_dataset(store, path: str, fmt: str | None = None) -> str:
    """Load a dataset file into ``store``: its graphs replace those of the same name (in one
    update), then its quads are bulk-loaded. Returns a one-line summary."""
    if fmt is None:
        fmt = SUFFIXES.get(Path(path).suffix.lower()) if path != "-" else None
        if fmt is None:
            raise InputError(f"{path}: cannot tell the format from the name: use --format nq "
                             f"or --format trig")
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None
    graphs, count = dataset_graphs(data, fmt)
    existing = set(store.graph_names()) & graphs
    if existing:
        store.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in sorted(existing)))
    store.load(data, fmt)
    store.flush()
    store.close()
    return (f"Imported {count} quads in {len(graphs)} graphs from {path} "
            f"({len(existing)} graphs replaced).")
