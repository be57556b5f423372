"""Where the graph lives: an embedded on-disk Oxigraph store (one named graph per document)."""

from homologue.store.embedded import EmbeddedStore, open_store

__all__ = ["EmbeddedStore", "open_store"]
