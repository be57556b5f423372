"""Homologue: a diplomatic-contact knowledge graph built from French and English news.

The data flows through the sub-packages in this order::

    documents  →  extract  →  rdf  →  store  →  analysis / export

From Python (see :mod:`homologue.api` and :mod:`homologue.events`)::

    import homologue
    kg = homologue.open("exports/demo-store")
    kg.contacts(actor="Lecornu")                  # a pandas DataFrame
    homologue.extract_text("…", lang="fr")        # a list of Event

Importing the package loads nothing else: the names below are imported on first use.

>>> from homologue import __version__
>>> isinstance(__version__, str)
True
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> the module that defines it, imported when the name is first used
_LAZY = {
    "open": "homologue.api", "KnowledgeGraph": "homologue.api", "IngestResult": "homologue.api",
    "Profile": "homologue.api", "Report": "homologue.api", "Silences": "homologue.api",
    "named_queries": "homologue.api",
    "extract_text": "homologue.events", "extract_files": "homologue.events",
    "Event": "homologue.events", "Extraction": "homologue.events",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> object:
    if name == "errors":  # homologue.errors.InputError without importing it first
        return importlib.import_module("homologue.errors")
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'homologue' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
