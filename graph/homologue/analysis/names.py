"""Actor names typed on the command line: "choigou", "Shoigu" and "Сергей Шойгу" find one actor.

Tiers, first that matches wins: the IRI itself; a label or alias (accents and case folded);
a surname; every word of the query found in a label; then a fuzzy ratio (difflib) over labels
and surnames. When a tier finds several actors and only one of them appears in an event, that
one is chosen; otherwise the name is ambiguous and the candidates are listed.

>>> names = {"p:shoigu": ["Sergei Shoigu", "Sergueï Choïgou", "Сергей Шойгу"],
...          "p:lavrov": ["Sergei Lavrov"], "p:austin": ["Lloyd Austin"]}
>>> surnames = {"p:shoigu": ["Shoigu", "Choïgou"], "p:lavrov": ["Lavrov"], "p:austin": ["Austin"]}
>>> index = NameIndex(names, surnames)
>>> [index.resolve(n) for n in ("choigou", "Shoigu", "Сергей Шойгу", "Shoygu", "p:austin")]
['p:shoigu', 'p:shoigu', 'p:shoigu', 'p:shoigu', 'p:austin']
>>> index.resolve("Sergei")
Traceback (most recent call last):
...
homologue.errors.AmbiguousActorError: 'Sergei' is ambiguous: Sergei Lavrov, Sergei Shoigu; give the full name
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from homologue.errors import AmbiguousActorError, UnknownActorError
from homologue.rdf.gazetteer import fold
from homologue.rdf.namespace import GAZETTEER_GRAPH

FUZZY_CUTOFF = 0.8

# DISTINCT: every document repeats the names of the actors it mentions, and the union of the
# graphs returns each copy (250,000 names to fold on a 10,000-article store, 6,000 distinct).
NAMES_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX hom: <https://w3id.org/homologue/ontology#>
SELECT DISTINCT ?actor ?name ?kind WHERE {
  { ?actor skos:prefLabel ?name } UNION { ?actor skos:altLabel ?name }
  UNION { ?actor hom:surname ?name BIND("surname" AS ?kind) }
}
"""

# The names of the actors the documents describe, and the surnames of those who take part in
# events: the gazetteer's 30,000 other names are read only when these know no one.
DOCUMENT_NAMES_QUERY = f"""
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX hom: <https://w3id.org/homologue/ontology#>
SELECT DISTINCT ?actor ?name ?kind WHERE {{
  {{ GRAPH ?g {{ {{ ?actor skos:prefLabel ?name }} UNION {{ ?actor skos:altLabel ?name }} }}
    FILTER(!sameTerm(?g, <{GAZETTEER_GRAPH}>)) }}
  UNION {{ ?event hom:participant ?actor . ?actor hom:surname ?name BIND("surname" AS ?kind) }}
}}
"""

ACTIVE_QUERY = """
PREFIX hom: <https://w3id.org/homologue/ontology#>
SELECT DISTINCT ?actor WHERE { ?event hom:participant ?actor }
"""


class NameIndex:
    """Folded names -> actor IRIs, built once per command."""

    def __init__(self, names: Mapping[str, Iterable[str]],
                 surnames: Mapping[str, Iterable[str]] | None = None,
                 active: Iterable[str] = (), labels: Mapping[str, str] | None = None) -> None:
        self.names: dict[str, set[str]] = defaultdict(set)
        self.surnames: dict[str, set[str]] = defaultdict(set)
        self.display: dict[str, str] = {}
        for iri, values in names.items():
            for value in values:
                self.names[fold(value)].add(iri)
                self.display.setdefault(iri, value)
        for iri, values in (surnames or {}).items():
            for value in values:
                self.surnames[fold(value)].add(iri)
        if labels:
            self.display.update(labels)
        self.active = set(active)
        self.fallback: Callable[[], NameIndex] | None = None  # a wider index, built on demand

    def resolve(self, name: str) -> str:
        """One actor IRI; :class:`UnknownActorError`, or :class:`AmbiguousActorError` listing
        the candidates."""
        if name in self.display:
            return name
        key = fold(name)
        words = key.split()
        tiers = [
            lambda: self.names.get(key, set()),
            lambda: self.surnames.get(key, set()),
            lambda: {i for n, iris in self.names.items() if all(w in n.split() for w in words)
                     for i in iris} if words else set(),
            lambda: self._fuzzy(key),
        ]
        for tier in tiers:
            hits = tier()
            if len(hits) == 1:
                return next(iter(hits))
            if hits:
                active = hits & self.active
                if len(active) == 1:
                    return next(iter(active))
                raise AmbiguousActorError(name, sorted({self.display.get(h, h) for h in hits}))
        if self.fallback is not None:
            return self.fallback().resolve(name)
        raise UnknownActorError(name)

    def _fuzzy(self, key: str) -> set[str]:
        """Labels and surnames whose similarity ratio to the query is the best above the cutoff."""
        best, hits = FUZZY_CUTOFF, set()
        for table in (self.names, self.surnames):
            for candidate in difflib.get_close_matches(key, list(table), n=5, cutoff=FUZZY_CUTOFF):
                ratio = difflib.SequenceMatcher(None, key, candidate).ratio()
                if ratio > best + 1e-9:
                    best, hits = ratio, set(table[candidate])
                elif abs(ratio - best) <= 1e-9:
                    hits |= table[candidate]
        return hits


def name_index(store, labels: Mapping[str, str] | None = None) -> NameIndex:
    """The names of the actors the documents describe; a name they do not know is looked up
    in every label, alias and surname of the store, the gazetteer's included."""
    active = [s["actor"].value for s in store.query(ACTIVE_QUERY)]
    index = _index(store, DOCUMENT_NAMES_QUERY, active, labels)
    index.fallback = lambda: _index(store, NAMES_QUERY, active, labels)
    return index


def _index(store, query: str, active: list[str], labels: Mapping[str, str] | None) -> NameIndex:
    names: dict[str, list[str]] = defaultdict(list)
    surnames: dict[str, list[str]] = defaultdict(list)
    for s in store.query(query):
        table = surnames if s["kind"] is not None else names
        table[s["actor"].value].append(s["name"].value)
    return NameIndex(names, surnames, active, labels)


def find_actor(store, name: str, labels: Mapping[str, str] | None = None,
               actors: Mapping[str, Mapping] | None = None) -> str:
    """The actor IRI a user means by ``name`` (see :class:`NameIndex`). Given ``actors`` (the
    actor table: the state level), a person stands for their country."""
    iri = name_index(store, labels).resolve(name)
    if actors is not None:
        info = actors.get(iri, {})
        if info.get("kind") not in ("state", "territory") and info.get("country"):
            return info["country"]
    return iri
