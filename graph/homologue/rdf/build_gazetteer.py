"""Build the world gazetteer (``ontology/gazetteer/world-*.ttl``) from maintained data.

    python -m homologue.rdf.build_gazetteer /work/shared/data [--out ontology/gazetteer]

Reads ``leaders/holders.csv`` (office holders of 208 governments, Wikidata ids; CC0) and
``countries/countries.json`` (mledoze/countries, ODbL 1.0) plus ``countries/ngec_countries.csv``
(NGEC, MIT), and writes three Turtle files next to the hand-curated ones:

- ``world-persons.ttl``: every office holder as hom:Person, French transliterations as altLabels;
- ``world-positions.ttl``: their posts (hom:Position) with the roles the extractor knows;
- ``world-states.ttl``: what states.ttl lacks (labels, demonyms, capitals, territories).

The hand-curated files are authoritative: a hand person found in the data (same Wikidata id, or
same folded name and nationality) keeps its IRI and gets the Wikidata id here; world positions
never give a (country, role) a second holder on a date a hand position covers. The output is
deterministic: same input, byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from rdflib import RDF, Graph, Literal
from rdflib.namespace import OWL, SKOS

from homologue.rdf.gazetteer import fold
from homologue.rdf.namespace import ACTOR, HOM, ORG, ROLES, WD

HAND_FILES = ("states.ttl", "persons.ttl", "organisations.ttl", "titles.ttl", "seats.ttl")
SNAPSHOT = dt.date(2023, 1, 31)  # latest start date in holders.csv: fallback horizon
MIN_PIECE = dt.timedelta(days=32)  # shorter leftovers of clipping are precision artefacts

PREFIXES = """@prefix hom: <https://w3id.org/homologue/ontology#> .
@prefix actor: <https://w3id.org/homologue/actor/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# De facto states of holders.csv without an ISO code -> the user-assigned codes of states.ttl
# (three more are minted in world-states.ttl, see DE_FACTO_NEW).
DE_FACTO = {"Abkhazia": "XAB", "South Ossetia": "XSO", "Northern Cyprus": "XNC",
            "Somaliland": "XSL", "Artsakh": "XAR", "Donetsk People's Republic": "XDP",
            "Luhansk People's Republic": "XLP"}
DE_FACTO_NEW = {  # code: (English, French, de jure state, Wikidata)
    "XAR": ("Artsakh", "Artsakh", "AZE", "Q244165"),
    "XDP": ("Donetsk People's Republic", "République populaire de Donetsk", "UKR", "Q16150196"),
    "XLP": ("Luhansk People's Republic", "République populaire de Lougansk", "UKR", "Q16746854"),
}
ISO_FIX = {"UNK": "XKX"}  # countries.json codes -> the project's codes

ROLE_SLUGS = {name: name.replace("_", "-") for name in ROLES}

# Persons transliterated the French way (Sergei -> Sergueï): Russian-script names.
CYRILLIC_STATES = {"RUS", "UKR", "BLR", "KAZ", "KGZ", "TJK", "UZB", "TKM", "XAB", "XSO", "XDP",
                   "XLP"}
# Arab League states whose names come through English transliteration (u -> ou); the Maghreb,
# Lebanon, Comoros and Djibouti already use French spellings.
ARABIC_STATES = {"BHR", "EGY", "IRQ", "JOR", "KWT", "LBY", "OMN", "PSE", "QAT", "SAU", "SOM",
                 "SDN", "SYR", "ARE", "YEM"}


# -- roles ---------------------------------------------------------------------------------------

_AMBASSADOR = re.compile(r"\bambassador\b", re.I)
_DEPUTY_HEAD = re.compile(r"\b(deputy|vice)[- ](prime minister|premier|chancellor|president of the "
                          r"(council of ministers|government))\b", re.I)
_MINISTER = re.compile(r"\bminister\b|^(united states )?secretary of\b|\bsecretary of state for\b",
                       re.I)
_NOT_MINISTER = re.compile(r"\b(deputy|vice|assistant|junior|delegate|parliamentary|chief "
                           r"minister|prime minister|minister of state|state minister|"
                           r"minister-president|shadow)\b", re.I)


def roles_of_row(position: str, tagged: str) -> list[str]:
    """The roles a holders.csv row stands for: the data's tags, else ours from the label.

    >>> roles_of_row("Deputy Prime Minister", "")
    ['deputy_head_of_government']
    >>> roles_of_row("Minister of Information", "")
    ['minister']
    >>> roles_of_row("Minister of State for Trade", "")
    []
    """
    if tagged:
        return tagged.split(";")
    if _AMBASSADOR.search(position):
        return ["ambassador"]
    if _DEPUTY_HEAD.search(position) and "assistant" not in position.lower():
        return ["deputy_head_of_government"]
    if _MINISTER.search(position) and not _NOT_MINISTER.search(position):
        return ["minister"]
    return []


# -- dates ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Bound:
    date: dt.date
    precision: str  # day, month or year


def parse_bound(text: str) -> Bound | None:
    """A date of the data at its precision; a month or a year is its first day (as persons.ttl).

    >>> parse_bound("2015-06")
    Bound(date=datetime.date(2015, 6, 1), precision='month')
    >>> parse_bound("1990s") is None
    True
    """
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return Bound(dt.date.fromisoformat(text), "day")
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return Bound(dt.date(int(text[:4]), int(text[5:]), 1), "month")
        if re.fullmatch(r"\d{4}", text):
            return Bound(dt.date(int(text), 1, 1), "year")
    except ValueError:
        return None
    return None


def snapshot_dates(sources_md: Path) -> dict[str, dt.date]:
    """Commit date of each source repository (SOURCES.md table): what an open term is known to."""
    out: dict[str, dt.date] = {}
    if not sources_md.exists():
        return out
    for line in sources_md.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and "/" in cells[0] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", cells[2]):
            out[cells[0]] = dt.date.fromisoformat(cells[2])
    return out


# -- names ---------------------------------------------------------------------------------------

PARTICLES = {"al", "el", "bin", "ibn", "ben", "bint", "abu", "de", "da", "das", "do", "dos", "du",
             "del", "della", "der", "den", "di", "la", "le", "van", "von", "ter", "ten", "y",
             "mac", "st", "st."}
SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x",
            "xvi"}


def slug(text: str) -> str:
    """ASCII slug of a name, as the hand files' IRIs.

    >>> slug("Sergueï Choïgou")
    'serguei-choigou'
    """
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def surnames(name: str) -> list[str]:
    """Surname forms of a name: the last word with its particles (von der Leyen, al-Jubeir),
    and without an Arabic article (Jubeir). None for a one-word or regnal name.

    >>> surnames("Ursula von der Leyen")
    ['von der Leyen']
    >>> surnames("Adel al-Jubeir")
    ['al-Jubeir', 'Jubeir']
    >>> surnames("Abdullah II of Jordan")
    []
    """
    words = name.replace(",", " ").split()
    if " of " in f" {name} " or any(w.lower() in SUFFIXES for w in words[1:]):
        return []
    if len(words) < 2:
        return []
    i = len(words) - 1
    while i > 1 and words[i - 1].lower() in PARTICLES:
        i -= 1
    forms = [" ".join(words[i:])]
    bare = re.sub(r"^(?:al|el|Al|El|Al|El)[- ]", "", forms[0])
    if bare != forms[0] and bare:
        forms.append(bare)
    return forms


GIVEN_FR = {  # usual French forms of common Russian/Ukrainian given names
    "Sergei": "Sergueï", "Sergey": "Sergueï", "Aleksei": "Alexeï", "Alexei": "Alexeï",
    "Aleksey": "Alexeï", "Alexey": "Alexeï", "Aleksandr": "Alexandre", "Alexander": "Alexandre",
    "Andrei": "Andreï", "Andrey": "Andreï", "Nikolai": "Nikolaï", "Nikolay": "Nikolaï",
    "Mikhail": "Mikhaïl", "Michail": "Mikhaïl", "Yuri": "Iouri", "Yury": "Iouri",
    "Yuriy": "Iouri", "Dmitry": "Dmitri",
    "Dmitriy": "Dmitri", "Yevgeny": "Evgueni", "Yevgeniy": "Evgueni", "Evgeny": "Evgueni",
    "Georgy": "Guéorgui", "Georgiy": "Guéorgui", "Vasily": "Vassili", "Vasiliy": "Vassili",
    "Grigory": "Grigori", "Valery": "Valeri", "Valeriy": "Valeri", "Anatoly": "Anatoli",
    "Anatoliy": "Anatoli", "Yulia": "Ioulia", "Tatyana": "Tatiana", "Pyotr": "Piotr",
    "Maksim": "Maxime", "Maxim": "Maxime", "Oleksiy": "Oleksiï", "Oleksii": "Oleksiï",
}
_VOWELS = "aeiouy"


def _ru_word(word: str, last: bool) -> str:
    if word in GIVEN_FR:
        return GIVEN_FR[word]
    if not re.fullmatch(r"[A-Za-z]+", word) or re.search(r"[jwqx]", word.lower()):
        return word  # j, w, q, x: not the English romanisation (Palujan, Jeenbekov): leave it
    w = word.lower()
    w = re.sub(r"(sk|ck|tsk)(yy|iy|ii|yi|y)$", r"\1i", w)  # Zelenskyy -> Zelenski
    w = re.sub(r"^ye", "ie", w)
    w = re.sub(r"^yo", "io", w)
    w = w.replace("yu", "iou").replace("ya", "ia")
    w = re.sub(r"iy(?=[aeiou])", "i", w)  # Mirziyoyev -> Mirzioyev
    w = re.sub(r"(?<=[aeiou])y(?=[aeiou])", "ï", w)  # Nazarbayev -> Nazarbaïev
    w = re.sub(r"(?<=[aeo])[iy](?![aeiouï])", "ï", w)  # Shoigu -> Shoïgu, Sergey -> Sergeï
    w = re.sub(r"(?<![aeiouï])(iy|y)$", "i", w)  # Dmitry -> Dmitri
    w = w.replace("shch", "\x01").replace("sh", "\x02").replace("zh", "j")
    w = re.sub(r"(?<![t\x01])ch", "tch", w)
    w = w.replace("\x01", "chtch").replace("\x02", "ch")
    w = re.sub(r"(?<![o])u", "ou", w)
    w = re.sub(r"(?<=[aeiouï])s(?=[aeiouy])", "ss", w)  # Borisov -> Borissov
    w = re.sub(r"g(?=[eiy])", "gu", w)
    if last:
        w = re.sub(r"(?<=[^aeiou])in$", "ine", w)  # Putin -> Poutine
    return w[:1].upper() + w[1:]


def french_russian(name: str) -> str:
    """The usual French transliteration of a Russian-script name given in English spelling.

    >>> french_russian("Sergei Shoigu")
    'Sergueï Choïgou'
    >>> french_russian("Nursultan Nazarbayev")
    'Noursoultan Nazarbaïev'
    >>> french_russian("Vladimir Putin")
    'Vladimir Poutine'
    >>> french_russian("Volodymyr Zelenskyy")
    'Volodymyr Zelenski'
    """
    words = name.split()
    out = []
    for i, word in enumerate(words):
        parts = word.split("-")
        out.append("-".join(_ru_word(p, i == len(words) - 1 and j == len(parts) - 1)
                            for j, p in enumerate(parts)))
    return " ".join(out)


def french_arabic(name: str) -> str:
    """French spelling of an Arabic name transliterated the English way: u -> ou.

    >>> french_arabic("Adel al-Jubeir")
    'Adel al-Joubeir'
    """
    return re.sub(r"(?<![oOqQ])u", "ou", re.sub(r"\bU(?=[a-z])", "Ou", name))


def french_forms(name: str, country: str | None) -> list[str]:
    """French alternative labels of a person's name (none when the spelling stays)."""
    if not re.fullmatch(r"[A-Za-z' .-]+", name):
        return []
    if country in CYRILLIC_STATES:
        form = french_russian(name)
    elif country in ARABIC_STATES:
        form = french_arabic(name)
    else:
        return []
    return [form] if form != name else []


# -- French demonyms -----------------------------------------------------------------------------

def feminine(masc: str) -> str:
    """French feminine of a masculine demonym.

    >>> [feminine(w) for w in ("algérien", "français", "américain", "belge", "turc", "grec")]
    ['algérienne', 'française', 'américaine', 'belge', 'turque', 'grecque']
    """
    special = {"turc": "turque", "grec": "grecque", "basque": "basque"}
    if masc in special:
        return special[masc]
    for end, fem in (("ien", "ienne"), ("éen", "éenne"), ("on", "onne"), ("e", "e"),
                     ("el", "elle")):
        if masc.endswith(end):
            return masc[: -len(end)] + fem
    return masc + "e"


def plural(word: str) -> str:
    """French plural of a demonym.

    >>> [plural(w) for w in ("français", "belge", "inuk")]
    ['français', 'belges', 'inuks']
    """
    if word.endswith(("s", "x", "z")):
        return word
    if word.endswith("eau"):
        return word + "x"
    return word + "s"


def french_demonyms(masc: str, fem: str = "") -> list[str]:
    """Every gender and number form, lowercase (hom:demonym convention).

    >>> french_demonyms("Algérien")
    ['algérien', 'algérienne', 'algériens', 'algériennes']
    >>> french_demonyms("Suisse", "Suisse")
    ['suisse', 'suisses']
    """
    masc = masc.strip().lower()
    fem = fem.strip().lower() or feminine(masc)
    forms = [masc, fem, plural(masc), plural(fem)]
    return list(dict.fromkeys(f for f in forms if f))


# -- Turtle output -------------------------------------------------------------------------------

def lit(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("\r", " ")
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def date_lit(day: dt.date) -> str:
    return f'"{day.isoformat()}"^^xsd:date'


def block(subject: str, cls: str | None, props: list[tuple[str, list[str]]]) -> str:
    """One subject's triples in Turtle; empty when there is nothing to say."""
    body = [f"{p} {' , '.join(values)}" for p, values in props if values]
    if cls is not None:
        body.insert(0, f"a {cls}")
    if not body:
        return ""
    return f"{subject} " + " ;\n    ".join(body) + " .\n"


# -- reading the hand files ----------------------------------------------------------------------

@dataclass
class Hand:
    """What the hand-curated files already say."""

    iris: set[str]
    person_by_qid: dict[str, str]
    person_by_name: dict[tuple[str, str], str]  # (folded name, ISO3) -> hand person IRI
    qid_of: dict[str, str]
    intervals: dict[tuple[str, str], list[tuple[dt.date, dt.date]]]  # (ISO3, role) -> spans
    literals: dict[str, set[tuple[str, str, str]]]  # IRI -> (property, lang, folded text)
    label_owner: dict[str, set[str]]  # folded label -> IRIs
    demonym_owner: dict[str, set[str]]


def _code(iri: str) -> str:
    return iri[len(str(ACTOR)):]


def read_hand(folder: Path) -> Hand:
    graph = Graph()
    for name in HAND_FILES:
        if (folder / name).exists():
            graph.parse(folder / name, format="turtle")
    hand = Hand(set(), {}, {}, {}, defaultdict(list), defaultdict(set), defaultdict(set),
                defaultdict(set))
    hand.iris = {str(s) for s in graph.subjects() if str(s).startswith(str(ACTOR))}
    for s, o in graph.subject_objects(OWL.sameAs):
        if str(o).startswith(str(WD)):
            hand.qid_of[str(s)] = str(o)[len(str(WD)):]
    for person in graph.subjects(RDF.type, HOM.Person):
        iri = str(person)
        if iri in hand.qid_of:
            hand.person_by_qid[hand.qid_of[iri]] = iri
        nationality = graph.value(person, HOM.nationality)
        code = _code(str(nationality)) if nationality else ""
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for label in graph.objects(person, prop):
                hand.person_by_name[(fold(str(label)), code)] = iri
    _read_hand_positions(graph, hand)
    for s, p, o in graph:
        if isinstance(o, Literal) and p in (SKOS.prefLabel, SKOS.altLabel, HOM.demonym,
                                            HOM.capital, HOM.seat):
            key = (str(p), o.language or "", fold(str(o)))
            hand.literals[str(s)].add(key)
            owner = hand.demonym_owner if p == HOM.demonym else hand.label_owner
            owner[fold(str(o))].add(str(s))
    return hand


def _read_hand_positions(graph: Graph, hand: Hand) -> None:
    roles = {str(iri): name for name, iri in ROLES.items()}
    for pos in graph.subjects(RDF.type, HOM.Position):
        role = roles.get(str(graph.value(pos, ORG.role)))
        country = graph.value(pos, HOM.country)
        if role is None or country is None:
            continue
        start, end = graph.value(pos, HOM.startDate), graph.value(pos, HOM.endDate)
        span = (dt.date.fromisoformat(str(start)) if start else dt.date.min,
                dt.date.fromisoformat(str(end)) if end else dt.date.max)
        hand.intervals[(_code(str(country)), role)].append(span)


# -- persons and positions -----------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    person: str  # Wikidata id
    name: str
    country: str  # ISO3 (or the project's code)
    post: str
    role: str
    start: Bound | None
    end: Bound | None
    known_until: dt.date | None


def read_rows(data: Path) -> list[Row]:
    leaders = data / "leaders"
    horizons = snapshot_dates(leaders / "SOURCES.md")
    rows = []
    with open(leaders / "holders.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            country = r["country_iso3"] or DE_FACTO.get(r["country_name"], "")
            if not country:
                continue
            country = ISO_FIX.get(country, country)
            end = parse_bound(r["end"])
            until = None if r["end"].strip() else horizons.get(r["repo"], SNAPSHOT)
            for role in roles_of_row(r["position"], r["role"]) or [""]:
                rows.append(Row(r["person_qid"], r["person"].strip(), country, r["position"],
                                role, parse_bound(r["start"]), end, until))
    return rows


def clip(row: Row, spans: list[tuple[dt.date, dt.date]]) -> list[Row]:
    """The parts of a world term outside every hand-curated term of the same post."""
    start = row.start.date if row.start else dt.date.min
    end = row.end.date if row.end else dt.date.max
    pieces = [(start, end, row.start, row.end)]
    for h_start, h_end in spans:
        out = []
        for s, e, bs, be in pieces:
            if h_end < s or h_start > e:
                out.append((s, e, bs, be))
                continue
            if s < h_start:
                day = h_start - dt.timedelta(days=1)
                out.append((s, day, bs, Bound(day, "day")))
            if e > h_end:
                day = h_end + dt.timedelta(days=1)
                out.append((day, e, Bound(day, "day"), be))
        pieces = out
    kept = []
    for s, e, bs, be in pieces:
        if (bs is None or be is None or (e - s) >= MIN_PIECE) and (bs, be) != (None, None):
            kept.append(replace(row, start=bs, end=be,
                                known_until=row.known_until if be is None else None))
        elif (bs, be) == (None, None):
            kept.append(row)
    return kept


def nationality(rows: list[Row]) -> str:
    counts = Counter(r.country for r in rows)
    return min(counts, key=lambda c: (-counts[c], c))


def _forms(rows: list[Row]) -> set[str]:
    """Folded names a world person goes by: its label and French transliterations."""
    name = rows[0].name
    return {fold(n) for n in (name, *french_forms(name, nationality(rows)))}


def match_hand(people: dict[str, list[Row]], hand: Hand) -> tuple[dict[str, str], list[str]]:
    """Wikidata id -> hand person IRI, and warnings about the hand files.

    A hand person is the world person with the same Wikidata id *and* name (a hand id given to
    someone else is reported, not followed), else with the same name and nationality, else with
    the same name alone when exactly one world person has it and the hand gives no id."""
    out: dict[str, str] = {}
    warnings: list[str] = []
    hand_names: dict[str, set[str]] = defaultdict(set)
    for (name, _code), iri in hand.person_by_name.items():
        hand_names[iri].add(name)
    for qid in sorted(people):
        iri = hand.person_by_qid.get(qid)
        if iri is None:
            continue
        if _forms(people[qid]) & hand_names[iri]:
            out[qid] = iri
        else:
            warnings.append(f"{curie(iri)} has wd:{qid}, which the data give to "
                            f"{people[qid][0].name}")
    taken = set(out.values())
    for qid in sorted(people):
        if qid in out:
            continue
        code = nationality(people[qid])
        for form in sorted(_forms(people[qid])):
            iri = hand.person_by_name.get((form, code))
            if iri is not None and iri not in taken:
                out[qid], taken = iri, taken | {iri}
                if hand.qid_of.get(iri, qid) != qid:
                    warnings.append(f"{curie(iri)} has wd:{hand.qid_of[iri]}; the data give "
                                    f"{people[qid][0].name} ({code}) wd:{qid}")
                break
    by_name: dict[str, list[str]] = defaultdict(list)
    for qid in people:
        by_name[fold(people[qid][0].name)].append(qid)
    for iri, names in sorted(hand_names.items()):
        if iri in taken or iri in hand.qid_of:
            continue
        candidates = {q for n in names for q in by_name.get(n, ()) if q not in out}
        if len(candidates) == 1:
            out[candidates.pop()] = iri
    return out, warnings


def person_iris(people: dict[str, list[Row]], hand: Hand) -> tuple[dict[str, str], list[str]]:
    """Wikidata id -> IRI: the hand IRI of a hand person, else actor:<slug> (plus the id when
    two persons share the slug, or it is taken by a hand actor)."""
    out, warnings = match_hand(people, hand)
    by_slug: dict[str, list[str]] = defaultdict(list)
    for qid, rows in people.items():
        if qid not in out:
            by_slug[slug(rows[0].name) or qid.lower()].append(qid)
    for name, qids in by_slug.items():
        for qid in qids:
            plain = str(ACTOR[name])
            clash = len(qids) > 1 or plain in hand.iris
            out[qid] = str(ACTOR[f"{name}-{qid.lower()}"]) if clash else plain
    return out, warnings


def curie(iri: str) -> str:
    return "actor:" + iri[len(str(ACTOR)):] if iri.startswith(str(ACTOR)) else f"<{iri}>"


def persons_turtle(people: dict[str, list[Row]], iris: dict[str, str], hand: Hand) -> str:
    hand_labels = {name for name, _code in hand.person_by_name}
    parts = [PREFIXES, "\n# Generated by homologue.rdf.build_gazetteer from leaders/holders.csv "
             "(every-politician-scrapers,\n# Wikidata CC0). Do not edit: rebuild with "
             "`make gazetteer`. Hand persons (persons.ttl)\n# only get their Wikidata id here.\n\n"]
    for qid in sorted(people, key=lambda q: (iris[q], q)):
        rows, iri = people[qid], iris[qid]
        if iri in hand.iris:
            if iri not in hand.qid_of:
                parts.append(f"{curie(iri)} owl:sameAs wd:{qid} .\n")
            continue
        name, country = rows[0].name, nationality(rows)
        french = [f for f in french_forms(name, country) if fold(f) not in hand_labels]
        # a namesake of a hand person: the name stays theirs, this one is told by its country
        label = f"{name} ({country})" if fold(name) in hand_labels else name
        sur_en = surnames(name)
        sur_fr = [s for f in french for s in surnames(f) if s not in sur_en]
        parts.append(block(curie(iri), "hom:Person", [
            ("skos:prefLabel", [lit(label, "en"), lit(label, "fr")]),
            ("skos:altLabel", [lit(f, "fr") for f in french]),
            ("hom:surname", [lit(s, "en") for s in sur_en] + [lit(s, "fr") for s in sur_fr]),
            ("hom:nationality", [f"actor:{country}"]),
            ("owl:sameAs", [f"wd:{qid}"]),
        ]))
    return "".join(parts)


def positions_turtle(rows: list[Row], iris: dict[str, str]) -> str:
    parts = [PREFIXES, "\n# Generated by homologue.rdf.build_gazetteer from leaders/holders.csv "
             "(every-politician-scrapers,\n# Wikidata CC0). Do not edit: rebuild with "
             "`make gazetteer`. A month or a year is its first\n# day with hom:startPrecision / "
             "hom:endPrecision. An open term carries hom:knownUntil, the\n# date of the source "
             "snapshot: the data do not answer for later dates. Terms that a hand\n# position "
             "(persons.ttl) covers for the same country and role are left out, and so are terms\n# "
             "with no start date.\n\n"]
    taken: Counter[str] = Counter()
    key = (lambda r: (iris[r.person], r.role, r.start.date if r.start else dt.date.min,
                      r.end.date if r.end else dt.date.max, r.country, r.post))
    for row in sorted(rows, key=key):
        if row.start is None:
            continue  # a post with no start date would cover every date before its end
        person = iris[row.person]
        year = str(row.start.date.year)
        base = f"wp-{person[len(str(ACTOR)):]}-{ROLE_SLUGS[row.role]}-{year}"
        taken[base] += 1
        name = base if taken[base] == 1 else f"{base}-{taken[base]}"
        role = str(ROLES[row.role]).split("#")[1]
        props = [("org:member", [curie(person)]), ("org:role", [f"hom:{role}"]),
                 ("hom:country", [f"actor:{row.country}"]),
                 ("skos:prefLabel", [lit(row.post, "en")])]
        for prop, bound in (("hom:startDate", row.start), ("hom:endDate", row.end)):
            if bound:
                props.append((prop, [date_lit(bound.date)]))
                if bound.precision != "day":
                    props.append((prop.replace("Date", "Precision"), [lit(bound.precision)]))
        if row.end is None and row.known_until:
            props.append(("hom:knownUntil", [date_lit(row.known_until)]))
        parts.append(block(f"actor:{name}", "hom:Position", props))
    return "".join(parts)


def build_people(rows: list[Row], hand: Hand) -> tuple[dict[str, list[Row]], dict[str, str],
                                                       list[Row], list[str]]:
    people: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        people[row.person].append(row)
    iris, warnings = person_iris(people, hand)
    posts = []
    for row in rows:
        if not row.role:
            continue  # posts the extractor has no role for (governors, speakers...)
        posts.extend(clip(row, hand.intervals.get((row.country, row.role), [])))
    return people, iris, posts, warnings


# -- states --------------------------------------------------------------------------------------

NGEC = "en-ngec"  # English forms from NGEC: they lose to countries.json when two disagree
_IPA = re.compile(r"[\u0250-\u02af]")  # phonetic transcriptions among the alternative spellings


def _is_code(text: str) -> bool:
    return len(text) <= 3 and text.upper() == text


def state_entries(data: Path, hand: Hand, qids: dict[str, str]) -> list[tuple[str, str, dict]]:
    """(code, class, {property: [(text, lang)]}) for every country of countries.json."""
    countries = json.loads((data / "countries" / "countries.json").read_text("utf-8"))
    country_names = {fold(n) for c in countries for n in (c["name"]["common"],
                                                          c["name"]["official"],
                                                          *c.get("altSpellings", []))}
    common = {c["cca3"]: fold(c["name"]["common"]) for c in countries}
    ngec = _ngec(data / "countries" / "ngec_countries.csv", country_names, common)
    out = []
    for c in countries:
        code = ISO_FIX.get(c["cca3"], c["cca3"])
        iri = str(ACTOR[code])
        cls = "hom:State" if c.get("unMember") else "hom:Territory"
        props: dict[str, list[tuple[str, str]]] = defaultdict(list)
        fra = c.get("translations", {}).get("fra", {})
        props["skos:prefLabel"] += [(c["name"]["common"], "en"), (fra.get("common", ""), "fr")]
        props["skos:altLabel"] += [(c["name"]["official"], "en"), (fra.get("official", ""), "fr")]
        props["skos:altLabel"] += [(a, "en") for a in c.get("altSpellings", [])
                                   if not _is_code(a) and not _IPA.search(a)]
        names, demonyms = ngec.get(c["cca3"], ([], []))
        props["skos:altLabel"] += [(n, NGEC) for n in names]
        eng = c.get("demonyms", {}).get("eng", {})
        props["hom:demonym"] += [(d.strip(), "en") for d in (eng.get("m", ""), eng.get("f", ""))
                                 for d in d.split(",")]  # "Bosnian, Herzegovinian"
        props["hom:demonym"] += [(d, NGEC) for d in demonyms]
        french = c.get("demonyms", {}).get("fra", {})
        if french.get("m"):
            props["hom:demonym"] += [(d, "fr") for d in french_demonyms(french["m"],
                                                                        french.get("f", ""))]
        props["hom:capital"] += [(cap, "en") for cap in c.get("capital", [])]
        if iri not in hand.iris:
            props["hom:countryCode"] = [(code, "")]
            if code in qids:
                props["owl:sameAs"] = [(qids[code], "")]
        out.append((code, cls, props))
    for code, (en, fr, sovereign, qid) in sorted(DE_FACTO_NEW.items()):
        if str(ACTOR[code]) not in hand.iris:
            out.append((code, "hom:Territory", {
                "skos:prefLabel": [(en, "en"), (fr, "fr")], "hom:countryCode": [(code, "")],
                "hom:country": [(sovereign, "")], "owl:sameAs": [(qid, "")]}))
    return out


_NAME_END = re.compile(r"(land|stan|ia|burg)$")
# Nations of the United Kingdom are not the state (and "English" is first a language).
NGEC_SKIP = {"England", "Scotland", "Wales", "English", "Scottish", "Welsh"}
NGEC_NAMES = {"Britain", "Zaire", "Svalbard", "Luhansk", "Donetsk", "Congo-Brazzaville"}


def _ngec(path: Path, country_names: set[str],
          common: dict[str, str]) -> dict[str, tuple[list[str], list[str]]]:
    """ISO3 -> (alternative names, demonyms). NGEC mixes both, and files the forms of a
    territory under its sovereign ("New Caledonian" under France): those are left out. A
    longer form is kept as a name only if it holds the country's own name; a one-word form is
    a demonym unless it is a country's name in countries.json, an acronym, or looks like a
    country name (-land, -stan, -ia)."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    if not path.exists():
        return out
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            own = fold(common.get(r["CCA3"], r["Name"]))
            others = tuple(n[:6] for code, n in common.items() if code != r["CCA3"]
                           and not own.startswith(n[:6]))
            names, demonyms = [], []
            for item in (x.strip() for x in r["Nationality"].split(",")):
                if not item or item == r["Name"] or item in NGEC_SKIP \
                        or fold(item).startswith(others):
                    continue
                if " " in item:
                    if own in fold(item):
                        names.append(item)
                    continue
                if "." in item or item.isupper() or fold(item) in country_names \
                        or _NAME_END.search(item) or item in NGEC_NAMES:
                    names.append(item)
                else:
                    demonyms.append(item)
            out[r["CCA3"]] = (names, demonyms)
    return out


def states_turtle(entries: list[tuple[str, str, dict]], hand: Hand) -> str:
    """What states.ttl lacks: a label or demonym another actor already has, or that two
    countries would share, is left out (a label belongs to one actor)."""
    owners: dict[tuple[str, str, bool], set[str]] = defaultdict(set)
    for code, _cls, props in entries:
        for prop, values in props.items():
            for text, lang in values:
                kind = "demonym" if prop == "hom:demonym" else "label"
                owners[(kind, fold(text), lang == NGEC)].add(code)
    parts = [PREFIXES, "\n# Generated by homologue.rdf.build_gazetteer from countries/"
             "countries.json (mledoze/countries,\n# ODbL 1.0: this file is a derived database "
             "under the same licence, with attribution)\n# and countries/ngec_countries.csv "
             "(NGEC, MIT). Adds to states.ttl what it lacks;\n# states.ttl stays authoritative. "
             "Do not edit: rebuild with `make gazetteer`.\n\n"]
    for code, cls, props in sorted(entries):
        iri = str(ACTOR[code])
        known = hand.literals.get(iri, set())
        seen: set[tuple[str, str, str]] = set()  # (kind, lang, folded): once per actor
        out = []
        for prop in ("skos:prefLabel", "skos:altLabel", "hom:demonym", "hom:capital",
                     "hom:countryCode", "hom:country", "owl:sameAs"):
            values = _new_values(prop, props.get(prop, []), iri, code, known, hand, owners,
                                 seen)
            if prop == "skos:prefLabel" and iri in hand.iris:
                prop, values = "skos:altLabel", values  # the hand file chose the prefLabel
            out.append((prop, values))
        if iri not in hand.iris and not out[0][1]:
            # its name is shared with another actor: the first other label names it
            alt = out[1][1]
            out[0], out[1] = ("skos:prefLabel", alt[:1]), ("skos:altLabel", alt[1:])
        merged = _merge_props(out)
        text = block(f"actor:{code}", None if iri in hand.iris else cls, merged)
        if text:
            parts.append(text)
    return "".join(parts)


def _new_values(prop: str, values: list[tuple[str, str]], iri: str, code: str,
                known: set[tuple[str, str, str]], hand: Hand,
                owners: dict[tuple[str, str, bool], set[str]],
                seen: set[tuple[str, str, str]]) -> list[str]:
    if prop in ("hom:country", "owl:sameAs"):
        return [f"actor:{v}" if prop == "hom:country" else f"wd:{v}" for v, _ in values]
    if prop == "hom:countryCode":
        return [lit(v) for v, _ in values]
    kind = "demonym" if prop == "hom:demonym" else "label"
    hand_owner = hand.demonym_owner if kind == "demonym" else hand.label_owner
    known_texts = {(lang, text) for p, lang, text in known
                   if (p == str(HOM.demonym)) == (kind == "demonym")}
    out = []
    for text, source in values:
        key, lang = fold(text), source.split("-")[0]
        if not text.strip() or (lang, key) in known_texts or (kind, lang, key) in seen:
            continue
        if hand_owner.get(key, {iri}) != {iri} or not _owned(owners, kind, key, code,
                                                               source == NGEC):
            continue  # another actor has it: ambiguous, leave it out
        if kind == "demonym" and lang == "fr":
            text = text.lower()
        seen.add((kind, lang, key))
        out.append(lit(text.strip(), lang))
    return out


def _owned(owners: dict[tuple[str, str, bool], set[str]], kind: str, key: str, code: str,
           ngec: bool) -> bool:
    """Only ``code`` has this form (an NGEC form also must not be another country's own)."""
    primary = owners.get((kind, key, False), set())
    if not ngec:
        return primary == {code}
    return primary <= {code} and owners.get((kind, key, True), set()) == {code}


def _merge_props(props: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    merged: dict[str, list[str]] = {}
    for prop, values in props:
        merged.setdefault(prop, [])
        merged[prop] += [v for v in values if v not in merged[prop]]
    return [(p, v) for p, v in merged.items() if v]


# -- main ----------------------------------------------------------------------------------------

def default_out() -> Path:
    return Path(str(resources.files("homologue.ontology") / "gazetteer"))


def build(data: Path, out: Path) -> dict[str, int]:
    """Write the world-*.ttl files into ``out``; returns counts for the report."""
    hand = read_hand(out)
    rows = read_rows(data)
    people, iris, posts, warnings = build_people(rows, hand)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    qids = _country_qids(data / "leaders" / "holders.csv")
    files = {
        "world-persons.ttl": persons_turtle(people, iris, hand),
        "world-positions.ttl": positions_turtle(posts, iris),
        "world-states.ttl": states_turtle(state_entries(data, hand, qids), hand),
    }
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    return {"persons": len(people), "matched_hand_persons": sum(iris[q] in hand.iris
                                                                for q in people),
            "positions": len(posts)}


def _country_qids(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["country_iso3"] and r["entity_type"] != "de_facto_state":
                out.setdefault(ISO_FIX.get(r["country_iso3"], r["country_iso3"]), r["country_qid"])
    return out


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="folder with leaders/ and countries/")
    parser.add_argument("--out", type=Path, default=None, help="gazetteer folder to write into")
    args = parser.parse_args(list(argv) if argv is not None else None)
    counts = build(args.data, args.out or default_out())
    print(", ".join(f"{k}: {v}" for k, v in counts.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
