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

import contextlib
import datetime as dt
import gc
import hashlib
import os
import pickle
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF
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
CACHE_VERSION = 1  # bump when the pickled classes change shape
CACHE_KEEP = 4  # parsed gazetteers kept (one per set of extra files)


def fold(text: str) -> str:
    """Lowercase, accents and typographic variants removed, spaces collapsed.

    >>> fold("  Sergueï  Choïgou ")
    'serguei choigou'
    >>> fold("l’État-major")
    "l'etat major"
    """
    if text.isascii():  # most names: nothing to decompose (the loader folds 40,000 of them)
        return " ".join(text.replace("-", " ").lower().split())
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
    # An open term from a data snapshot is only known up to the snapshot's date (hom:knownUntil):
    # it answers for no later date. Hand-curated open terms have none and stay open.
    known_until: dt.date | None = None
    label: str | None = None  # the post's own name ("Minister of Information")

    def covers(self, date: PartialDate) -> bool:
        """True if the post was held at some time during ``date``."""
        first, last = date.first_day(), date.last_day()
        return ((self.start is None or self.start <= last)
                and (self.end is None or self.end >= first)
                and not self._beyond_knowledge(first))

    def held_throughout(self, date: PartialDate) -> bool:
        first, last = date.first_day(), date.last_day()
        return ((self.start is None or self.start <= first)
                and (self.end is None or self.end >= last)
                and not self._beyond_knowledge(last))

    def _beyond_knowledge(self, day: dt.date) -> bool:
        return self.end is None and self.known_until is not None and day > self.known_until


@dataclass(frozen=True)
class Title:
    """A title phrase: the role it names, and the country when the title is specific."""

    role: str
    country: str | None


# Surnames are indexed only for holders of these roles (and for persons of hand-written files
# without positions): the world data add 28,000 ministers and ambassadors whose surnames would
# make short words ambiguous; they are found by full name.
SURNAME_ROLES = frozenset({"head_of_state", "head_of_government", "foreign_minister",
                           "defence_minister", "secretary_general"})

# Predicate IRIs as plain strings: the loader compares strings, not rdflib terms.
_TYPE, _PREF, _ALT, _SAME = str(RDF.type), str(SKOS.prefLabel), str(SKOS.altLabel), str(OWL.sameAs)
_CODE, _SURNAME, _CAPITAL, _SEAT = (str(HOM.countryCode), str(HOM.surname), str(HOM.capital),
                                    str(HOM.seat))
_DEMONYM, _NATIONALITY, _COUNTRY = str(HOM.demonym), str(HOM.nationality), str(HOM.country)
_MEMBER, _ROLE, _START, _END, _KNOWN = (str(ORG.member), str(ORG.role), str(HOM.startDate),
                                        str(HOM.endDate), str(HOM.knownUntil))
_WANTED = frozenset({_TYPE, _PREF, _ALT, _SAME, _CODE, _SURNAME, _CAPITAL, _SEAT, _DEMONYM,
                     _NATIONALITY, _COUNTRY, _MEMBER, _ROLE, _START, _END, _KNOWN})
_GENERATED_SURNAME = "generated-surname"  # hom:surname read from a generated world-*.ttl file
_WD = str(WD)

Triples = dict[str, dict[str, list]]  # predicate -> subject -> objects (pyoxigraph terms)


@dataclass
class Gazetteer:
    """Lookup tables built from the gazetteer's Turtle files."""

    actors: dict[str, Actor] = field(default_factory=dict)
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    surnames: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    capitals: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # and seats
    demonyms: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    titles: dict[str, set[Title]] = field(default_factory=lambda: defaultdict(set))
    exact_case: set[str] = field(default_factory=set)  # acronym keys that must match case
    positions: list[Position] = field(default_factory=list)

    @classmethod
    def from_turtle(cls, *sources: str) -> Gazetteer:
        triples: Triples = defaultdict(lambda: defaultdict(list))
        for data in sources:
            _collect(ox.parse(data.encode("utf-8"), ox.RdfFormat.TURTLE), triples)
        return cls.from_triples(triples)

    @classmethod
    def from_triples(cls, triples: Triples) -> Gazetteer:
        gazetteer = cls()
        gazetteer._read(triples)
        return gazetteer

    def _read(self, t: Triples) -> None:
        types: dict[str, dict[str, None]] = defaultdict(dict)  # class -> subjects, in order
        for subject, classes in t[_TYPE].items():
            for c in classes:  # a subject typed twice (two files) is read once
                types[c.value][subject] = None
        for subject in types[str(HOM.Position)]:
            self._read_position(t, subject)
        key_holders = {p.person for p in self.positions if p.role in SURNAME_ROLES}
        with_posts = {p.person for p in self.positions}
        codes = {s: objs[0].value for s, objs in t[_CODE].items()}
        folded: dict[str, str] = {}  # the same label comes in English and in French
        for cls, kind in ACTOR_KINDS.items():
            for subject in types[str(cls)]:
                self._read_actor(t, subject, kind, codes, folded, subject in key_holders,
                                 subject in with_posts)
        for subject in types[str(HOM.Title)]:
            role = _first(t, _ROLE, subject)
            role = ROLE_NAMES.get(role.value) if role is not None else None
            if role is None:
                continue
            country = _first(t, _COUNTRY, subject)
            title = Title(role, country.value if country is not None else None)
            for label in _labels(t, subject):
                self.titles[fold(label)].add(title)

    def _read_actor(self, t: Triples, iri: str, kind: str, codes: dict[str, str],
                    folded: dict[str, str], key_holder: bool, has_posts: bool) -> None:
        pref = {lit.language: lit.value for lit in t[_PREF].get(iri, ())
                if isinstance(lit, ox.Literal)}
        labels = _labels(t, iri)
        if not labels:
            return
        label = pref.get("en") or pref.get("fr") or labels[0]
        country = codes.get(iri)
        if country is None:
            owner = _first(t, _NATIONALITY, iri) or _first(t, _COUNTRY, iri)
            country = codes.get(owner.value) if owner is not None else None
        same = [o.value for o in t[_SAME].get(iri, ()) if o.value.startswith(_WD)]
        self.actors[iri] = Actor(iri, label, kind, country,
                                 same[0][len(_WD):] if same else None,
                                 tuple(x for x in labels if x != label))
        for text in labels:
            self._index(self.names, text, iri, folded)
        surnames = [*(t[_SURNAME].get(iri, ()) if key_holder or not has_posts else ()),
                    *(t[_GENERATED_SURNAME].get(iri, ()) if key_holder else ())]
        for term in surnames:
            self._index(self.surnames, term.value, iri, folded)
        for term in (*t[_CAPITAL].get(iri, ()), *t[_SEAT].get(iri, ())):
            self._index(self.capitals, term.value, iri, folded)
        for term in t[_DEMONYM].get(iri, ()):
            self.demonyms[fold(term.value)].add(iri)

    def _index(self, table: dict[str, set[str]], text: str, iri: str,
               folded: dict[str, str] | None = None) -> None:
        key = folded.get(text) if folded is not None else None
        if key is None:
            key = fold(text)
            if folded is not None:
                folded[text] = key
        if is_acronym(text.strip()):
            self.exact_case.add(fold_keep_case(text))
            key = fold_keep_case(text)
        table[key].add(iri)

    def _read_position(self, t: Triples, subject: str) -> None:
        person, role, country = (_first(t, p, subject) for p in (_MEMBER, _ROLE, _COUNTRY))
        role = ROLE_NAMES.get(role.value) if role is not None else None
        if person is None or role is None or country is None:
            return
        label = _first(t, _PREF, subject)
        self.positions.append(Position(
            person.value, role, country.value, _date(_first(t, _START, subject)),
            _date(_first(t, _END, subject)), _date(_first(t, _KNOWN, subject)),
            label.value if label is not None else None))

    # -- lookups ---------------------------------------------------------------------------

    def _indexes(self) -> tuple[dict[tuple[str, str], list[Position]], dict[str, list[Position]]]:
        """Positions by (country, role) and by person, sorted by start; rebuilt if
        ``positions`` changed size (kept out of the dataclass fields)."""
        memo = vars(self).get("_position_index")
        if memo is None or memo[0] != len(self.positions):
            by_post: dict[tuple[str, str], list[Position]] = defaultdict(list)
            by_person: dict[str, list[Position]] = defaultdict(list)
            for p in sorted(self.positions, key=lambda p: p.start or dt.date.min):
                by_post[(p.country, p.role)].append(p)
                by_person[p.person].append(p)
            memo = (len(self.positions), dict(by_post), dict(by_person))
            vars(self)["_position_index"] = memo
        return memo[1], memo[2]

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
        holders = [p for p in self._indexes()[0].get((country, role), ()) if p.covers(date)]
        if len(holders) > 1:
            holders = [p for p in holders if p.held_throughout(date)]
        if len({p.person for p in holders}) != 1:
            return None
        return self.actors.get(holders[0].person)

    def positions_of(self, person: str) -> list[Position]:
        return list(self._indexes()[1].get(person, ()))

    def roles_of(self, person: str, date: PartialDate | None) -> list[Position]:
        return [p for p in self._indexes()[1].get(person, ()) if date is None or p.covers(date)]

    def state_by_code(self, code: str) -> Actor | None:
        return self.actors.get(str(ACTOR[code]))


def _collect(triples: Iterable[ox.Triple], into: Triples, generated: bool = False) -> None:
    """File the triples the gazetteer reads by predicate and subject (one pass, no graph)."""
    tables = {p: into[p] for p in _WANTED}
    if generated:
        tables[_SURNAME] = into[_GENERATED_SURNAME]
    get = tables.get
    for triple in triples:
        table = get(triple.predicate.value)
        if table is not None:
            table[triple.subject.value].append(triple.object)


def _first(t: Triples, prop: str, subject: str):
    values = t[prop].get(subject)
    return values[0] if values else None


def _labels(t: Triples, subject: str) -> list[str]:
    return list(dict.fromkeys(o.value for prop in (_PREF, _ALT) for o in t[prop].get(subject, ())))


def _date(value: ox.Literal | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.value[:10])
    except ValueError:
        return None


def bundled_gazetteer_files() -> list[Path]:
    """The Turtle files of the bundled gazetteer, installed as package data."""
    folder = resources.files("homologue.ontology") / "gazetteer"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".ttl"))


def load_gazetteer(extra: Iterable[str | Path] = (), cache: bool = True) -> Gazetteer:
    """The bundled gazetteer plus the user's own Turtle files.

    Parsed with pyoxigraph straight into the lookup tables (the bundled files hold some
    370,000 triples; rdflib would take ten times longer). The tables are then kept in a
    pickle under the user's cache folder, keyed by the files' paths, sizes and modification
    times and by this module's: every later process (each ingest worker) reads them in a
    fraction of the parse time."""
    paths = [*bundled_gazetteer_files(), *map(Path, extra)]
    key = _cache_key(paths) if cache else None
    gazetteer = _read_cache(key) if key else None
    if gazetteer is None:
        with _no_gc():
            gazetteer = _parse_files(paths)
        if key:
            _write_cache(key, gazetteer)
    return gazetteer


def _parse_files(paths: list[Path]) -> Gazetteer:
    triples: Triples = defaultdict(lambda: defaultdict(list))
    for path in paths:
        try:
            parsed = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            _collect(parsed, triples, generated=_is_generated(path))
        except FileNotFoundError:
            raise InputError(f"{path}: no such gazetteer file") from None
        except (SyntaxError, ValueError, OSError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(f"{path}: not valid Turtle ({first})") from None
    return Gazetteer.from_triples(triples)


def _is_generated(path: Path) -> bool:
    """A world-*.ttl file of the bundled gazetteer (written by build_gazetteer)."""
    return path.name.startswith("world-") and path.parent == bundled_gazetteer_files()[0].parent


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Without the cyclic garbage collector while half a million objects are made: it would
    rescan them all several times over, for no garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def cache_folder() -> Path:
    """Where the parsed gazetteer is kept: $HOMOLOGUE_CACHE, else the XDG cache folder."""
    base = os.environ.get("HOMOLOGUE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "homologue")
    return Path(base)


def _cache_key(paths: list[Path]) -> str:
    digest = hashlib.sha256(f"{CACHE_VERSION}\n".encode())
    from homologue.rdf import namespace  # its role IRIs shape the tables too

    for path in [Path(__file__), Path(namespace.__file__), *paths]:
        try:
            stat = path.stat()
        except OSError:
            raise InputError(f"{path}: no such gazetteer file") from None
        digest.update(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def _read_cache(key: str) -> Gazetteer | None:
    try:
        with open(cache_folder() / f"gazetteer-{key}.pickle", "rb") as f, _no_gc():
            loaded = pickle.load(f)
    except Exception:  # no cache yet, or an unreadable one: parse the files
        return None
    return loaded if isinstance(loaded, Gazetteer) else None


def _write_cache(key: str, gazetteer: Gazetteer) -> None:
    """Written under a temporary name, then renamed: a concurrent reader sees all or nothing.
    The oldest files beyond CACHE_KEEP are removed. Failures are ignored (read-only home)."""
    folder = cache_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(gazetteer, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"gazetteer-{key}.pickle")
        old = sorted(folder.glob("gazetteer-*.pickle"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-CACHE_KEEP]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass
