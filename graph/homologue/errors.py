"""Errors a user can act on: each carries a one-line message that says how to fix it."""


class HomologueError(Exception):
    """Base class: the CLI prints the message on one line and exits non-zero."""


class InputError(HomologueError):
    """A document could not be read (missing file, bad encoding, malformed header...)."""


class StoreError(HomologueError):
    """The RDF store could not be opened, read or written."""


class QueryError(HomologueError):
    """A SPARQL query is malformed or not allowed."""
