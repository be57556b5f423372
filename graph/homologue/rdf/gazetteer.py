"""The actor gazetteer: states, organisations, persons with time-bounded positions, titles.

It is written in Turtle under ``ontology/gazetteer/`` with the project's own ontology, and read
here into plain lookup tables. Users add their own files with ``--actors FILE.ttl``.

>>> g = Gazetteer.from_turtle(EXAMPLE)
>>> g.actors[str(ACTOR.RUS)].label
'Russia'
>>> g.holder(str(ACTOR.RUS), "defence_minister", PartialDate(2024, 4)).label
'Sergei Shoigu'
>>> g.holder(str(ACTOR.RUS), "defence_minister", PartialDate(2025, 1)) is None
True
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS

from homologue.errors import InputError
from homologue.dates import PartialDate
from homologue.rdf.namespace import ACTOR, ACTOR_KINDS, HOM, ORG, ROLES, WD

EXAMPLE = """
@prefix hom: <https://w3id.org/homologue/ontology#> .
@prefix actor: <https://w3id.org/homologue/actor/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
actor:RUS a hom:State ; skos:prefLabel "Russia"@en , "Russie"@fr ; hom:countryCode "RUS" ;
    hom:demonym "Russian"@en , "russe"@fr ; hom:capital "Moscow"@en , "Moscou"@fr ;
    owl:sameAs wd:Q159 .
actor:sergei-shoigu a hom:Person ; skos:prefLabel "Sergei Shoigu"@en , "Sergueï Choïgou"@fr ;
    hom:surname "Shoigu"@en , "Choïgou"@fr ; hom:nationality actor:RUS ; owl:sameAs wd:Q193866 .
actor:p1 a hom:Position ; org:member actor:sergei-shoigu ; org:role hom:DefenceMinister ;
    hom:country actor:RUS ; hom:startDate "2012-11-06"^^xsd:date ;
    hom:endDate "2024-05-12"^^xsd:date .
"""

ROLE_NAMES = {str(iri): name for name, iri in ROLES.items()}


def fold(text: str) -> str:
    """Lowercase, accents and typographic variants removed, spaces collapsed.

    >>> fold("  Sergueï  Choïgou ")
    'serguei choigou'
    >>> fold("l’État-major")
    "l'etat major"
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("ʼ", "'").replace("‘", "'").replace("œ", "oe")
    text = text.replace("-", " ").replace("‐", " ").replace("–", " ").replace("\u00a0", " ")
    return " ".join(text.lower().split())


def fold_keep_case(text: str) -> str:
    """Like :func:`fold` but keeping case, for acronyms that must match exactly (EI, US)."""
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def is_acronym(label: str) -> bool:
    return len(label) <= 4 and label.isupper()


@dataclass(frozen=True)
class Actor:
    """An actor as the extractor and the reports see it."""

    id: str
    label: str
    kind: str
    country: str | None = None  # ISO 3166-1 alpha-3 of the state the actor belongs to
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    role: str | None = None  # the role the text gives an actor that is not in the gazetteer

    def to_json(self) -> dict:
        return {"id": self.id, "label": self.label, "aliases": list(self.aliases),
                "kind": self.kind, "country": self.country, "wikidata": self.wikidata}


@dataclass(frozen=True)
class Position:
    person: str
    role: str
    country: str  # IRI of the state (or organisation) the post belongs to
    start: dt.date | None
    end: dt.date | None

    def covers(self, date: PartialDate) -> bool:
        """True if the post was held at some time during ``date``."""
        first, last = date.first_day(), date.last_day()
        return (self.start is None or self.start <= last) and (self.end is None or self.end >= first)

    def held_throughout(self, date: PartialDate) -> bool:
        first, last = date.first_day(), date.last_day()
        return (self.start is None or self.start <= first) and (self.end is None or self.end >= last)


@dataclass(frozen=True)
class Title:
    """A title phrase: the role it names, and the country when the title is specific."""

    role: str
    country: str | None


@dataclass
class Gazetteer:
    """Lookup tables built from the gazetteer's Turtle files."""

    actors: dict[str, Actor] = field(default_factory=dict)
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    surnames: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    capitals: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    demonyms: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    titles: dict[str, set[Title]] = field(default_factory=lambda: defaultdict(set))
    exact_case: set[str] = field(default_factory=set)  # acronym keys that must match case
    positions: list[Position] = field(default_factory=list)
    graph: Graph | None = None

    @classmethod
    def from_turtle(cls, *sources: str) -> Gazetteer:
        graph = Graph()
        for data in sources:
            graph.parse(data=data, format="turtle")
        return cls.from_graph(graph)

    @classmethod
    def from_graph(cls, graph: Graph) -> Gazetteer:
        gazetteer = cls(graph=graph)
        gazetteer._read(graph)
        return gazetteer

    def _read(self, graph: Graph) -> None:
        codes = {str(s): str(o) for s, o in graph.subject_objects(HOM.countryCode)}
        for cls, kind in ACTOR_KINDS.items():
            for subject in graph.subjects(RDF.type, cls):
                self._read_actor(graph, subject, kind, codes)
        for subject in graph.subjects(RDF.type, HOM.Position):
            self._read_position(graph, subject)
        for subject in graph.subjects(RDF.type, HOM.Title):
            role = ROLE_NAMES.get(str(graph.value(subject, ORG.role)))
            if role is None:
                continue
            country = graph.value(subject, HOM.country)
            title = Title(role, str(country) if country else None)
            for label in _labels(graph, subject):
                self.titles[fold(label)].add(title)

    def _read_actor(self, graph: Graph, subject: URIRef, kind: str, codes: dict[str, str]) -> None:
        iri = str(subject)
        pref = {lit.language: str(lit) for lit in graph.objects(subject, SKOS.prefLabel)
                if isinstance(lit, Literal)}
        labels = _labels(graph, subject)
        if not labels:
            return
        label = pref.get("en") or pref.get("fr") or labels[0]
        country = codes.get(iri)
        if country is None:
            owner = graph.value(subject, HOM.nationality) or graph.value(subject, HOM.country)
            country = codes.get(str(owner)) if owner else None
        same = [str(o) for o in graph.objects(subject, OWL.sameAs) if str(o).startswith(str(WD))]
        actor = Actor(iri, label, kind, country, same[0][len(str(WD)):] if same else None,
                      tuple(dict.fromkeys(x for x in labels if x != label)))
        self.actors[iri] = actor
        for text in labels:
            self._index(self.names, text, iri)
        for text in graph.objects(subject, HOM.surname):
            self._index(self.surnames, str(text), iri)
        for text in graph.objects(subject, HOM.capital):
            self._index(self.capitals, str(text), iri)
        for text in graph.objects(subject, HOM.demonym):
            self.demonyms[fold(str(text))].add(iri)

    def _index(self, table: dict[str, set[str]], text: str, iri: str) -> None:
        key = fold(text)
        if is_acronym(text.strip()):
            self.exact_case.add(fold_keep_case(text))
            key = fold_keep_case(text)
        table[key].add(iri)

    def _read_position(self, graph: Graph, subject: URIRef) -> None:
        person = graph.value(subject, ORG.member)
        role = ROLE_NAMES.get(str(graph.value(subject, ORG.role)))
        country = graph.value(subject, HOM.country)
        if person is None or role is None or country is None:
            return
        self.positions.append(Position(str(person), role, str(country),
                                       _date(graph.value(subject, HOM.startDate)),
                                       _date(graph.value(subject, HOM.endDate))))

    # -- lookups ---------------------------------------------------------------------------

    def lookup(self, table: dict[str, set[str]], text: str) -> set[str]:
        exact = fold_keep_case(text)
        if exact in self.exact_case:
            return set(table.get(exact, ()))
        return set(table.get(fold(text), ()))

    def holder(self, country: str, role: str, date: PartialDate | None) -> Actor | None:
        """The person who held ``role`` for ``country`` at ``date`` (None if unknown or if
        the post changed hands during a date known only to the month or year)."""
        if date is None:
            return None
        holders = [p for p in self.positions
                   if p.country == country and p.role == role and p.covers(date)]
        if len(holders) > 1:
            holders = [p for p in holders if p.held_throughout(date)]
        if len({p.person for p in holders}) != 1:
            return None
        return self.actors.get(holders[0].person)

    def positions_of(self, person: str) -> list[Position]:
        return sorted((p for p in self.positions if p.person == person),
                      key=lambda p: p.start or dt.date.min)

    def roles_of(self, person: str, date: PartialDate | None) -> list[Position]:
        return [p for p in self.positions_of(person) if date is None or p.covers(date)]

    def state_by_code(self, code: str) -> Actor | None:
        return self.actors.get(str(ACTOR[code]))


def _labels(graph: Graph, subject: URIRef) -> list[str]:
    out: list[str] = []
    for prop in (SKOS.prefLabel, SKOS.altLabel):
        out.extend(str(o) for o in graph.objects(subject, prop))
    return list(dict.fromkeys(out))


def _date(value: object) -> dt.date | None:
    if value is None:
        return None
    python = value.toPython() if isinstance(value, Literal) else value
    if isinstance(python, dt.date):
        return python
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def bundled_gazetteer_files() -> list[Path]:
    """The Turtle files of the bundled gazetteer, installed as package data."""
    folder = resources.files("homologue.ontology") / "gazetteer"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".ttl"))


def load_gazetteer(extra: Iterable[str | Path] = ()) -> Gazetteer:
    """The bundled gazetteer plus the user's own Turtle files."""
    graph = Graph()
    for path in [*bundled_gazetteer_files(), *map(Path, extra)]:
        try:
            graph.parse(str(path), format="turtle")
        except FileNotFoundError:
            raise InputError(f"{path}: no such gazetteer file") from None
        except Exception as exc:  # rdflib raises many parser error types
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(f"{path}: not valid Turtle ({first})") from None
    return Gazetteer.from_graph(graph)
