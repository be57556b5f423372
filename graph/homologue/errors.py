"""Errors a user can act on: each carries a one-line message that says how to fix it.

The library raises them and never prints or exits; the ``homologue`` command prints the message
on one line, prefixed with ``Error:``, and exits with status 1. Catch :class:`HomologueError` to
handle them all.

>>> from homologue.errors import AmbiguousActorError, InputError
>>> error = AmbiguousActorError("Sergei", ["Sergei Lavrov", "Sergei Shoigu"])
>>> str(error)
"'Sergei' is ambiguous: Sergei Lavrov, Sergei Shoigu; give the full name"
>>> isinstance(error, InputError), error.candidates
(True, ['Sergei Lavrov', 'Sergei Shoigu'])
"""

from __future__ import annotations

from collections.abc import Sequence


class HomologueError(Exception):
    """Base class: the CLI prints the message on one line and exits non-zero."""


class InputError(HomologueError):
    """A document could not be read (missing file, bad encoding, malformed header...), or an
    argument is not valid (a date, an event type, a gap)."""


class StoreError(HomologueError):
    """The RDF store could not be opened, read or written."""


class QueryError(HomologueError):
    """A SPARQL query is malformed or not allowed."""


class UnknownActorError(InputError):
    """No actor in the store answers to the name given."""

    def __init__(self, name: str) -> None:
        super().__init__(f"no actor named {name!r} in the store: check the spelling, or list "
                         f"actors with 'homologue contacts'")
        self.name = name


class AmbiguousActorError(InputError):
    """Several actors answer to the name given; ``candidates`` holds their names."""

    def __init__(self, name: str, candidates: Sequence[str]) -> None:
        shown = list(candidates)
        more = f" (and {len(shown) - 8} more)" if len(shown) > 8 else ""
        super().__init__(f"{name!r} is ambiguous: {', '.join(shown[:8])}{more}; "
                         f"give the full name")
        self.name = name
        self.candidates = shown
