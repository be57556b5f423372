"""Homologue: a diplomatic-contact knowledge graph built from French and English news.

The data flows through the sub-packages in this order::

    documents  →  extract  →  rdf  →  store  →  analysis / export

>>> from homologue import __version__
>>> isinstance(__version__, str)
True
"""

__version__ = "0.1.0"
