"""Where the graph lives: an embedded on-disk Oxigraph store, or a SPARQL 1.1 server.

Both hold one named graph per document and answer the same calls (:class:`Store`), so every
command works against either; ``--store http://...`` (or ``$HOMOLOGUE_STORE``) picks the server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from homologue.store.embedded import DEFAULT_LOCATION, EmbeddedStore


class Store(Protocol):
    """What the rest of Homologue needs from a store."""

    read_only: bool

    def replace_graph(self, graph_iri: str, graph) -> None: ...
    def replace_graph_data(self, graph_iri: str, data: bytes, fmt: str) -> None: ...
    def update(self, sparql: str) -> None: ...
    def load(self, data: bytes, fmt: str) -> None: ...
    def flush(self) -> None: ...
    def query(self, sparql: str, substitutions: dict | None = None, union: bool = True): ...
    def graph_names(self) -> list[str]: ...
    def has_graph(self, graph_iri: str) -> bool: ...
    def dump(self, fmt: str, graph_iri: str | None = None) -> bytes: ...
    def quads(self) -> Iterator: ...
    def __len__(self) -> int: ...
    def close(self) -> None: ...


def open_store(location: str | Path | None = None, read_only: bool = False) -> Store:
    """The store at ``location``: an ``http(s)://`` URL is a SPARQL server (see
    :mod:`homologue.store.remote`), anything else a folder (default ``./homologue-store``)."""
    from homologue.store.remote import RemoteStore, is_remote

    if is_remote(location):
        return RemoteStore(str(location), read_only=read_only)
    return EmbeddedStore(location or DEFAULT_LOCATION, read_only=read_only)


__all__ = ["EmbeddedStore", "Store", "open_store"]
