"""Checks on the persons gazetteer: ontology/gazetteer/persons.ttl.

Structure (every person and position is complete), consistency (no two holders of one post at
once, except for the listed cases), coverage (every post in scope has a holder on four dates
from 2014 to 2025) and spot checks of facts the extractor relies on.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, SKOS

PERSONS_TTL = Path(__file__).parents[1] / "ontology" / "gazetteer" / "persons.ttl"

HOM = Namespace("https://w3id.org/homologue/ontology#")
ACTOR = Namespace("https://w3id.org/homologue/actor/")
ORG = Namespace("http://www.w3.org/ns/org#")
WD = "http://www.wikidata.org/entity/"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

ROLE_SLUGS = {
    HOM.HeadOfState: "head-of-state",
    HOM.HeadOfGovernment: "head-of-government",
    HOM.ForeignMinister: "foreign-minister",
    HOM.DefenceMinister: "defence-minister",
    HOM.SecretaryGeneral: "secretary-general",
}
HS, HG, FM, DM, SG = (HOM.HeadOfState, HOM.HeadOfGovernment, HOM.ForeignMinister,
                      HOM.DefenceMinister, HOM.SecretaryGeneral)
ROLE = {"HS": HS, "HG": HG, "FM": FM, "DM": DM, "SG": SG}

G20_STATES = ["ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "MEX",
              "RUS", "SAU", "ZAF", "KOR", "TUR", "GBR", "USA"]
STATES = G20_STATES + ["UKR", "IRN", "ISR"]
SCOPE = (
    {(ACTOR[c], r) for c in STATES for r in (HS, HG, FM, DM)}
    | {(ACTOR.EU, HG), (ACTOR.EU, FM), (ACTOR.NATO, SG), (ACTOR.UN, SG)}
)
COVERAGE_DATES = [dt.date(2014, 6, 1), dt.date(2018, 6, 1), dt.date(2022, 6, 1),
                  dt.date(2025, 6, 1)]
MAX_OVERLAP_DAYS = 31

# Pairs of positions on the same post that overlap for longer than a handover, and why.
OVERLAP_EXCEPTIONS = {
    frozenset({"dilma-rousseff-head-of-state-2011", "michel-temer-head-of-state-2016"}):
        "Rousseff suspended on 2016-05-12, Temer acting president until her removal on 2016-08-31",
    frozenset({"dilma-rousseff-head-of-government-2011", "michel-temer-head-of-government-2016"}):
        "Rousseff suspended on 2016-05-12, Temer acting president until her removal on 2016-08-31",
    frozenset({"park-geun-hye-head-of-state-2013", "hwang-kyo-ahn-head-of-state-2016"}):
        "Park impeached and suspended on 2016-12-09, Hwang acting until after her removal",
    frozenset({"park-geun-hye-head-of-government-2013", "hwang-kyo-ahn-head-of-government-2016"}):
        "Park impeached and suspended on 2016-12-09, Hwang acting until after her removal",
    frozenset({"yoon-suk-yeol-head-of-state-2022", "choi-sang-mok-head-of-state-2024"}):
        "Yoon impeached and suspended on 2024-12-14, Choi acting while he was still in office",
    frozenset({"yoon-suk-yeol-head-of-government-2022", "choi-sang-mok-head-of-government-2024"}):
        "Yoon impeached and suspended on 2024-12-14, Choi acting while he was still in office",
}

REQUIRED = [
    "sebastien-lecornu", "sergei-shoigu", "andrei-belousov", "sergei-lavrov", "antony-blinken",
    "lloyd-austin", "pete-hegseth", "marco-rubio", "emmanuel-macron", "vladimir-putin",
    "volodymyr-zelensky", "petro-poroshenko", "dmytro-kuleba", "andrii-sybiha",
    "oleksii-reznikov", "rustem-umerov", "jean-yves-le-drian", "catherine-colonna",
    "stephane-sejourne", "jean-noel-barrot", "florence-parly", "olaf-scholz", "friedrich-merz",
    "angela-merkel", "annalena-baerbock", "boris-pistorius", "joe-biden", "donald-trump",
    "barack-obama", "xi-jinping", "wang-yi", "narendra-modi", "benjamin-netanyahu",
    "yoav-gallant", "israel-katz", "ali-khamenei", "ebrahim-raisi", "masoud-pezeshkian",
    "hossein-amir-abdollahian", "abbas-araghchi", "mohammad-javad-zarif",
    "recep-tayyip-erdogan", "hakan-fidan", "jens-stoltenberg", "mark-rutte",
    "antonio-guterres", "josep-borrell", "kaja-kallas", "ursula-von-der-leyen", "rishi-sunak",
    "keir-starmer", "david-cameron", "david-lammy", "john-healey", "ben-wallace",
    "grant-shapps", "liz-truss", "boris-johnson", "theresa-may",
]


@dataclass(frozen=True)
class Pos:
    iri: URIRef
    member: URIRef
    role: URIRef
    country: URIRef
    start: dt.date
    end: dt.date | None

    @property
    def name(self) -> str:
        return str(self.iri)[len(str(ACTOR)):]

    def holds_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    g.parse(PERSONS_TTL, format="turtle")
    return g


@pytest.fixture(scope="module")
def persons(graph: Graph) -> list[URIRef]:
    return sorted(graph.subjects(RDF.type, HOM.Person))


@pytest.fixture(scope="module")
def positions(graph: Graph) -> list[Pos]:
    out = []
    for s in graph.subjects(RDF.type, HOM.Position):
        end = graph.value(s, HOM.endDate)
        out.append(Pos(s, graph.value(s, ORG.member), graph.value(s, ORG.role),
                       graph.value(s, HOM.country), graph.value(s, HOM.startDate).toPython(),
                       end.toPython() if end is not None else None))
    return out


def holders(positions: list[Pos], country: str, role: URIRef, day: dt.date) -> set[str]:
    return {str(p.member)[len(str(ACTOR)):] for p in positions
            if p.country == ACTOR[country] and p.role == role and p.holds_on(day)}


def slug(iri: URIRef) -> str:
    return str(iri)[len(str(ACTOR)):]


# ----------------------------------------------------------------------------- structure

def test_file_is_large_enough(persons, positions):
    assert len(persons) >= 250
    assert len(positions) >= len(persons)


def test_person_iris_are_ascii_slugs(persons):
    bad = [p for p in persons if not str(p).startswith(str(ACTOR))
           or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug(p))]
    assert not bad


def test_every_person_is_complete(graph, persons, positions):
    members = {p.member for p in positions}
    problems = []
    for person in persons:
        prefs = [o for o in graph.objects(person, SKOS.prefLabel) if isinstance(o, Literal)]
        langs = sorted(o.language for o in prefs)
        if langs != ["en", "fr"]:
            problems.append((slug(person), "prefLabel languages", langs))
        nationality = list(graph.objects(person, HOM.nationality))
        if len(nationality) != 1 or not re.fullmatch(r"[A-Z]{3}", slug(nationality[0])):
            problems.append((slug(person), "nationality", nationality))
        surnames = [o for o in graph.objects(person, HOM.surname)
                    if isinstance(o, Literal) and o.language in ("en", "fr") and str(o).strip()]
        if not surnames:
            problems.append((slug(person), "no surname"))
        if person not in members:
            problems.append((slug(person), "no position"))
        for o in graph.objects(person, SKOS.altLabel):
            if not isinstance(o, Literal) or not o.language or not str(o).strip():
                problems.append((slug(person), "altLabel without language", o))
    assert not problems


def test_english_label_matches_slug(graph, persons):
    """The person IRI is the lowercase ASCII slug of the English name."""
    def ascii_slug(text: str) -> str:
        text = unicodedata.normalize("NFKD", text.replace("ı", "i"))
        text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("'", "")
        return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    bad = [slug(p) for p in persons if ascii_slug(_pref(graph, p, "en")) != slug(p)]
    assert not bad


def _pref(graph: Graph, subject: URIRef, lang: str) -> str:
    values = [str(o) for o in graph.objects(subject, SKOS.prefLabel) if o.language == lang]
    assert len(values) == 1, (subject, lang, values)
    return values[0]


def test_no_two_persons_share_a_pref_label(graph, persons):
    owners = defaultdict(set)
    for person in persons:
        for label in graph.objects(person, SKOS.prefLabel):
            owners[str(label)].add(slug(person))
    shared = {label: who for label, who in owners.items() if len(who) > 1}
    assert not shared


def test_pref_label_is_not_repeated_as_alt_label(graph, persons):
    bad = [(slug(p), str(o)) for p in persons for o in graph.objects(p, SKOS.altLabel)
           if o in set(graph.objects(p, SKOS.prefLabel))]
    assert not bad


def test_wikidata_ids_are_unique_and_well_formed(graph, persons):
    seen = defaultdict(list)
    for person in persons:
        for same in graph.objects(person, OWL.sameAs):
            assert str(same).startswith(WD), same
            assert re.fullmatch(r"Q[1-9][0-9]*", str(same)[len(WD):]), same
            seen[str(same)].append(slug(person))
    assert not {q: who for q, who in seen.items() if len(who) > 1}


def test_every_position_is_complete(graph, persons):
    person_set = set(persons)
    problems = []
    for pos in graph.subjects(RDF.type, HOM.Position):
        name = slug(pos)
        members = list(graph.objects(pos, ORG.member))
        roles = list(graph.objects(pos, ORG.role))
        countries = list(graph.objects(pos, HOM.country))
        starts = list(graph.objects(pos, HOM.startDate))
        ends = list(graph.objects(pos, HOM.endDate))
        if len(members) != 1 or members[0] not in person_set:
            problems.append((name, "member", members))
        if len(roles) != 1 or roles[0] not in ROLE_SLUGS:
            problems.append((name, "role", roles))
        if len(countries) != 1 or not str(countries[0]).startswith(str(ACTOR)):
            problems.append((name, "country", countries))
        if len(starts) != 1 or starts[0].datatype != XSD_DATE:
            problems.append((name, "startDate", starts))
        if len(ends) > 1 or any(e.datatype != XSD_DATE for e in ends):
            problems.append((name, "endDate", ends))
        if starts and ends and not ends[0].toPython() > starts[0].toPython():
            problems.append((name, "endDate not after startDate", starts, ends))
        for prop in (HOM.startPrecision, HOM.endPrecision):
            for value in graph.objects(pos, prop):
                if str(value) not in ("month", "year"):
                    problems.append((name, "precision", value))
        if list(graph.objects(pos, HOM.endPrecision)) and not ends:
            problems.append((name, "endPrecision without endDate"))
        if not problems and not name.startswith(
                f"{slug(members[0])}-{ROLE_SLUGS[roles[0]]}-{starts[0].toPython().year}"):
            problems.append((name, "IRI is not person-role-year"))
    assert not problems


def test_month_precision_dates_are_first_of_month(graph):
    for prop, date_prop in ((HOM.startPrecision, HOM.startDate), (HOM.endPrecision, HOM.endDate)):
        for pos, value in graph.subject_objects(prop):
            if str(value) == "month":
                assert graph.value(pos, date_prop).toPython().day == 1, pos


def test_positions_are_in_scope(positions):
    out = [(p.name, slug(p.country), p.role) for p in positions if (p.country, p.role) not in SCOPE]
    assert not out


def test_positions_touch_the_period(positions):
    """Every position was held at some time between 2014-01-01 and 2025-12-31."""
    first, last = dt.date(2014, 1, 1), dt.date(2025, 12, 31)
    out = [p.name for p in positions if p.start > last or (p.end is not None and p.end < first)]
    assert not out


# ----------------------------------------------------------------------------- consistency

def test_no_long_overlaps_on_one_post(positions):
    by_post = defaultdict(list)
    for p in positions:
        by_post[(p.country, p.role)].append(p)
    far = dt.date(2100, 1, 1)
    overlaps = []
    for posts in by_post.values():
        posts.sort(key=lambda p: p.start)
        for i, a in enumerate(posts):
            for b in posts[i + 1:]:
                days = (min(a.end or far, b.end or far) - max(a.start, b.start)).days
                if days > MAX_OVERLAP_DAYS and frozenset({a.name, b.name}) not in OVERLAP_EXCEPTIONS:
                    overlaps.append((a.name, b.name, days))
    assert not overlaps


def test_overlap_exceptions_are_real(positions):
    names = {p.name for p in positions}
    for pair in OVERLAP_EXCEPTIONS:
        assert pair <= names, pair


def test_one_open_position_per_post(positions):
    """At most one holder is still in office at the end of 2025 for each post."""
    open_ = defaultdict(list)
    for p in positions:
        if p.end is None:
            open_[(slug(p.country), p.role)].append(p.name)
    assert not {k: v for k, v in open_.items() if len(v) > 1}


@pytest.mark.parametrize("day", COVERAGE_DATES, ids=str)
def test_every_post_in_scope_has_a_holder(positions, day):
    missing = sorted((slug(c), str(r).split("#")[1]) for c, r in SCOPE
                     if not any(p.country == c and p.role == r and p.holds_on(day)
                                for p in positions))
    assert not missing


# ----------------------------------------------------------------------------- facts

def test_required_persons_are_present(persons):
    present = {slug(p) for p in persons}
    assert not [s for s in REQUIRED if s not in present]


@pytest.mark.parametrize("country, role, day, expected", [
    ("RUS", "DM", "2024-04-03", "sergei-shoigu"),
    ("RUS", "DM", "2025-01-01", "andrei-belousov"),
    ("RUS", "FM", "2014-06-01", "sergei-lavrov"),
    ("RUS", "FM", "2025-06-01", "sergei-lavrov"),
    ("RUS", "HS", "2022-02-24", "vladimir-putin"),
    ("FRA", "DM", "2024-04-03", "sebastien-lecornu"),
    ("FRA", "HG", "2025-10-20", "sebastien-lecornu"),
    ("FRA", "HS", "2016-01-01", "francois-hollande"),
    ("FRA", "HS", "2023-01-01", "emmanuel-macron"),
    ("FRA", "FM", "2019-01-01", "jean-yves-le-drian"),
    ("FRA", "DM", "2019-01-01", "florence-parly"),
    ("USA", "FM", "2023-04-15", "antony-blinken"),
    ("USA", "DM", "2023-03-15", "lloyd-austin"),
    ("USA", "DM", "2025-06-01", "pete-hegseth"),
    ("USA", "FM", "2025-06-01", "marco-rubio"),
    ("USA", "HS", "2018-06-01", "donald-trump"),
    ("USA", "HG", "2018-06-01", "donald-trump"),
    ("USA", "HS", "2022-06-01", "joe-biden"),
    ("USA", "HS", "2015-06-01", "barack-obama"),
    ("UKR", "HS", "2022-02-24", "volodymyr-zelensky"),
    ("UKR", "HS", "2015-06-01", "petro-poroshenko"),
    ("UKR", "FM", "2022-06-01", "dmytro-kuleba"),
    ("UKR", "DM", "2022-06-01", "oleksii-reznikov"),
    ("UKR", "DM", "2024-06-01", "rustem-umerov"),
    ("DEU", "HG", "2023-01-01", "olaf-scholz"),
    ("DEU", "HG", "2019-01-01", "angela-merkel"),
    ("DEU", "DM", "2024-01-01", "boris-pistorius"),
    ("GBR", "HG", "2022-10-01", "liz-truss"),
    ("GBR", "FM", "2024-02-01", "david-cameron"),
    ("GBR", "HS", "2020-01-01", "elizabeth-ii"),
    ("GBR", "HS", "2023-01-01", "charles-iii"),
    ("CAN", "HS", "2023-01-01", "charles-iii"),
    ("AUS", "HS", "2020-01-01", "elizabeth-ii"),
    ("ISR", "HG", "2024-01-01", "benjamin-netanyahu"),
    ("ISR", "HG", "2022-01-01", "naftali-bennett"),
    ("ISR", "DM", "2019-06-01", "benjamin-netanyahu"),
    ("ISR", "DM", "2023-10-07", "yoav-gallant"),
    ("ISR", "DM", "2025-01-01", "israel-katz"),
    ("IRN", "HS", "2020-01-01", "ali-khamenei"),
    ("IRN", "HG", "2022-01-01", "ebrahim-raisi"),
    ("IRN", "HG", "2025-01-01", "masoud-pezeshkian"),
    ("IRN", "FM", "2015-07-14", "mohammad-javad-zarif"),
    ("SAU", "HG", "2021-01-01", "salman-bin-abdulaziz"),
    ("SAU", "HG", "2023-01-01", "mohammed-bin-salman"),
    ("SAU", "DM", "2020-01-01", "mohammed-bin-salman"),
    ("SAU", "DM", "2023-01-01", "khalid-bin-salman"),
    ("TUR", "HG", "2015-01-01", "ahmet-davutoglu"),
    ("TUR", "HG", "2020-01-01", "recep-tayyip-erdogan"),
    ("TUR", "HS", "2020-01-01", "recep-tayyip-erdogan"),
    ("TUR", "FM", "2024-01-01", "hakan-fidan"),
    ("CHN", "FM", "2023-05-01", "qin-gang"),
    ("CHN", "FM", "2024-01-01", "wang-yi"),
    ("JPN", "HS", "2018-01-01", "akihito"),
    ("JPN", "HS", "2020-01-01", "naruhito"),
    ("IND", "HG", "2020-01-01", "narendra-modi"),
    ("EU", "FM", "2022-01-01", "josep-borrell"),
    ("EU", "FM", "2025-01-01", "kaja-kallas"),
    ("EU", "HG", "2022-01-01", "ursula-von-der-leyen"),
    ("NATO", "SG", "2020-01-01", "jens-stoltenberg"),
    ("NATO", "SG", "2025-01-01", "mark-rutte"),
    ("UN", "SG", "2020-01-01", "antonio-guterres"),
])
def test_holder_on_date(positions, country, role, day, expected):
    assert expected in holders(positions, country, ROLE[role], dt.date.fromisoformat(day))


@pytest.mark.parametrize("country, role, day, person", [
    ("RUS", "DM", "2025-01-01", "sergei-shoigu"),
    ("RUS", "DM", "2012-01-01", "sergei-shoigu"),
    ("FRA", "DM", "2025-11-01", "sebastien-lecornu"),
    ("FRA", "HG", "2025-06-01", "sebastien-lecornu"),
    ("USA", "FM", "2025-06-01", "antony-blinken"),
    ("USA", "DM", "2025-06-01", "lloyd-austin"),
    ("USA", "HS", "2022-06-01", "donald-trump"),
    ("UKR", "DM", "2024-06-01", "oleksii-reznikov"),
    ("UKR", "FM", "2025-01-01", "dmytro-kuleba"),
    ("GBR", "HS", "2023-01-01", "elizabeth-ii"),
    ("ISR", "HG", "2022-01-01", "benjamin-netanyahu"),
    ("SAU", "HG", "2023-01-01", "salman-bin-abdulaziz"),
    ("DEU", "HG", "2025-06-01", "olaf-scholz"),
])
def test_not_holder_on_date(positions, country, role, day, person):
    assert person not in holders(positions, country, ROLE[role], dt.date.fromisoformat(day))


@pytest.mark.parametrize("person", [
    "vladimir-putin", "sergei-lavrov", "emmanuel-macron", "xi-jinping", "ali-khamenei",
    "recep-tayyip-erdogan", "volodymyr-zelensky", "narendra-modi", "antonio-guterres",
])
def test_current_holders_have_no_end_date(positions, person):
    assert any(slug(p.member) == person and p.end is None for p in positions)


def test_exact_dates_of_key_positions(positions):
    by_name = {p.name: p for p in positions}
    assert by_name["sergei-shoigu-defence-minister-2012"].end == dt.date(2024, 5, 12)
    assert by_name["andrei-belousov-defence-minister-2024"].start == dt.date(2024, 5, 14)
    assert by_name["antony-blinken-foreign-minister-2021"].start == dt.date(2021, 1, 26)
    assert by_name["antony-blinken-foreign-minister-2021"].end == dt.date(2025, 1, 20)
    assert by_name["lloyd-austin-defence-minister-2021"].start == dt.date(2021, 1, 22)
    assert by_name["sebastien-lecornu-defence-minister-2022"].start == dt.date(2022, 5, 20)
    assert by_name["sergei-lavrov-foreign-minister-2004"].end is None


def test_presidential_systems_give_the_president_both_roles(positions):
    for country in ("USA", "BRA", "MEX", "ARG", "IDN", "ZAF", "KOR"):
        for day in COVERAGE_DATES:
            assert holders(positions, country, HS, day) == holders(positions, country, HG, day), \
                (country, day)


def test_surnames_and_labels(graph):
    def texts(subject, prop, lang=None):
        return {str(o) for o in graph.objects(ACTOR[subject], prop)
                if lang is None or o.language == lang}
    assert _pref(graph, ACTOR["vladimir-putin"], "fr") == "Vladimir Poutine"
    assert _pref(graph, ACTOR["sergei-lavrov"], "fr") == "Sergueï Lavrov"
    assert _pref(graph, ACTOR["benjamin-netanyahu"], "fr") == "Benyamin Nétanyahou"
    assert _pref(graph, ACTOR["mohammed-bin-salman"], "fr") == "Mohammed ben Salmane"
    assert {"Putin", "Poutine"} <= texts("vladimir-putin", HOM.surname)
    assert {"Shoigu", "Choïgou"} <= texts("sergei-shoigu", HOM.surname)
    assert "Lecornu" in texts("sebastien-lecornu", HOM.surname, "fr")
    assert {"Zelenskyy", "Zelenskiy"} <= texts("volodymyr-zelensky", HOM.surname)
    assert "Володимир Зеленський" in texts("volodymyr-zelensky", SKOS.altLabel, "uk")
    assert "MBS" in texts("mohammed-bin-salman", SKOS.altLabel)
    assert "Bibi" in texts("benjamin-netanyahu", SKOS.altLabel)
