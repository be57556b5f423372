"""The world gazetteer builder (homologue.rdf.build_gazetteer) and what the loader makes of it.

The builder runs on small samples written here: the first rows of the shared data files when
they are present, plus crafted rows; nothing of the data is committed with the tests.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from homologue.dates import PartialDate
from homologue.errors import InputError
from homologue.rdf import build_gazetteer as bg
from homologue.rdf.gazetteer import Gazetteer, fold, load_gazetteer
from homologue.rdf.namespace import ACTOR

SHARED = Path("/work/shared/data")
COLUMNS = ["country_iso3", "country_name", "country_qid", "entity_type", "repo", "position",
           "position_qid", "role", "person", "person_qid", "start", "end", "gender", "dob",
           "dod", "enwiki"]
REPO = "every-politician-scrapers/x"

HAND_STATES = """
@prefix hom: <https://w3id.org/homologue/ontology#> .
@prefix actor: <https://w3id.org/homologue/actor/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix wd: <http://www.wikidata.org/entity/> .
actor:RUS a hom:State ; skos:prefLabel "Russia"@en , "Russie"@fr ; hom:countryCode "RUS" ;
    hom:demonym "Russian"@en , "russe"@fr , "russes"@fr ; owl:sameAs wd:Q159 .
actor:KAZ a hom:State ; skos:prefLabel "Kazakhstan"@en , "Kazakhstan"@fr ;
    hom:countryCode "KAZ" ; owl:sameAs wd:Q232 .
"""

HAND_PERSONS = bg.PREFIXES + """
actor:vladimir-putin a hom:Person ; skos:prefLabel "Vladimir Putin"@en , "Vladimir Poutine"@fr ;
    hom:surname "Putin"@en ; hom:nationality actor:RUS ; owl:sameAs wd:Q7747 .
actor:vladimir-putin-head-of-state-2012 a hom:Position ; org:member actor:vladimir-putin ;
    org:role hom:HeadOfState ; hom:country actor:RUS ; hom:startDate "2012-05-07"^^xsd:date .
actor:sergei-lavrov a hom:Person ; skos:prefLabel "Sergei Lavrov"@en , "Sergueï Lavrov"@fr ;
    hom:surname "Lavrov"@en ; hom:nationality actor:RUS .
actor:sergei-lavrov-foreign-minister-2004 a hom:Position ; org:member actor:sergei-lavrov ;
    org:role hom:ForeignMinister ; hom:country actor:RUS ; hom:startDate "2004-03-09"^^xsd:date .
actor:jens-stoltenberg a hom:Person ; skos:prefLabel "Jens Stoltenberg"@en ;
    hom:nationality actor:NOR ; owl:sameAs wd:Q57287 .
"""


def row(country: str, name: str, qid: str, position: str, role: str, start: str, end: str,
        person: str, person_qid: str) -> dict:
    return {"country_iso3": country, "country_name": name, "country_qid": qid,
            "entity_type": "un_member_state", "repo": REPO, "position": position,
            "position_qid": "", "role": role, "person": person, "person_qid": person_qid,
            "start": start, "end": end, "gender": "", "dob": "", "dod": "", "enwiki": ""}


CRAFTED = [
    row("RUS", "Russia", "Q159", "President of Russia", "head_of_state", "2000-05-07", "2008-05-07",
        "Vladimir Putin", "Q7747"),
    row("RUS", "Russia", "Q159", "President of Russia", "head_of_state", "2008-05-07", "2014",
        "Dmitry Medvedev", "Q23530"),  # overlaps the hand term of Putin from 2012-05-07
    row("RUS", "Russia", "Q159", "Minister of Foreign Affairs", "foreign_minister", "2004-03-09",
        "", "Sergei Lavrov", "Q58217"),  # hand person without a Wikidata id: matched by name
    row("RUS", "Russia", "Q159", "Minister of Defence", "defence_minister", "2012-11-06",
        "", "Sergei Shoigu", "Q193866"),
    row("RUS", "Russia", "Q159", "Minister of Information", "", "2010-03", "2011",
        "Ivan Ivanovich Testov", "Q900001"),
    row("RUS", "Russia", "Q159", "Deputy Prime Minister", "", "2015", "", "Yury Trutnev",
        "Q900002"),
    row("KAZ", "Kazakhstan", "Q232", "President of Kazakhstan", "head_of_state", "1991-12-16",
        "2019-03-20", "Nursultan Nazarbayev", "Q57394"),
    row("KAZ", "Kazakhstan", "Q232", "President of Kazakhstan", "head_of_state", "2019-03-20", "",
        "Kassym-Jomart Tokayev", "Q200881"),
    row("SAU", "Saudi Arabia", "Q851", "Minister of Foreign Affairs", "foreign_minister", "2015",
        "2018-12-27", "Adel al-Jubeir", "Q623802"),
    row("SAU", "Saudi Arabia", "Q851", "ambassador to France", "", "2019", "", "Fahd Testuddin",
        "Q900003"),
    row("XXX", "Nowhere", "Q0", "Minister of Defence", "defence_minister", "2010", "",
        "Sergei Ivanov", "Q900004"),  # slug clash with the next one: both get their ids
    row("XXX", "Nowhere", "Q0", "Minister of Energy", "", "2011", "", "Sergei Ivanov", "Q900005"),
    # a hand Wikidata id that the data give to someone else is not followed
    row("NOR", "Norway", "Q20", "monarch", "head_of_state", "1991-01-17", "", "Harald V of Norway",
        "Q57287"),
    row("NOR", "Norway", "Q20", "Prime Minister", "head_of_government", "2005-10-17",
        "2013-10-16", "Jens Stoltenberg", "Q57665"),
    row("MSR", "Montserrat", "Q13353", "Minister of Finance", "", "2010", "2011", "Sergei Lavrov",
        "Q900006"),  # a namesake of a hand person, and not a match: another nationality
]

COUNTRIES = [
    {"cca2": "KZ", "cca3": "KAZ", "name": {"common": "Kazakhstan",
                                           "official": "Republic of Kazakhstan"},
     "translations": {"fra": {"official": "République du Kazakhstan", "common": "Kazakhstan"}},
     "demonyms": {"eng": {"f": "Kazakhstani", "m": "Kazakhstani"},
                  "fra": {"f": "", "m": "Kazakhstanais"}},
     "capital": ["Astana"], "altSpellings": ["KZ", "Qazaqstan"], "independent": True,
     "unMember": True},
    {"cca2": "AW", "cca3": "ABW", "name": {"common": "Aruba", "official": "Aruba"},
     "translations": {"fra": {"official": "Aruba", "common": "Aruba"}},
     "demonyms": {"eng": {"f": "Aruban", "m": "Aruban"}, "fra": {"f": "Arubaise",
                                                                  "m": "Arubais"}},
     "capital": ["Oranjestad"], "altSpellings": ["AW"], "independent": False,
     "unMember": False},
]


def _shared_rows(n: int) -> list[dict]:
    path = SHARED / "leaders" / "holders.csv"
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return [r for _, r in zip(range(n), csv.DictReader(f))]


@pytest.fixture()
def world(tmp_path: Path) -> Path:
    """A data folder and a gazetteer folder with two small hand files; returns the latter."""
    data, out = tmp_path / "data", tmp_path / "gazetteer"
    (data / "leaders").mkdir(parents=True)
    (data / "countries").mkdir()
    out.mkdir()
    with open(data / "leaders" / "holders.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, COLUMNS)
        writer.writeheader()
        writer.writerows(_shared_rows(20) + CRAFTED)
    (data / "leaders" / "SOURCES.md").write_text(
        f"| repo | commit | commit date |\n|---|---|---|\n| {REPO} | abc | 2022-07-30 |\n")
    (data / "countries" / "countries.json").write_text(json.dumps(COUNTRIES), "utf-8")
    (data / "countries" / "ngec_countries.csv").write_text(
        "CCA2,Name,CCA3,Nationality\nKZ,Kazakhstan,KAZ,\"Kazakh, Kazakhs, Kazakstan\"\n")
    (out / "states.ttl").write_text(HAND_STATES, "utf-8")
    (out / "persons.ttl").write_text(HAND_PERSONS, "utf-8")
    bg.build(data, out)
    return out


def _load(out: Path) -> Gazetteer:
    return Gazetteer.from_turtle(*(p.read_text("utf-8") for p in sorted(out.glob("*.ttl"))))


def test_output_is_deterministic(world: Path):
    first = {p.name: p.read_bytes() for p in world.glob("world-*.ttl")}
    bg.build(world.parent / "data", world)
    assert {p.name: p.read_bytes() for p in world.glob("world-*.ttl")} == first
    assert set(first) == {"world-persons.ttl", "world-positions.ttl", "world-states.ttl"}


def test_hand_person_keeps_its_iri(world: Path):
    persons = (world / "world-persons.ttl").read_text("utf-8")
    assert "actor:vladimir-putin a hom:Person" not in persons  # same Wikidata id: the hand one
    # matched by name and nationality: the hand IRI gets the Wikidata id, no second person
    assert "actor:sergei-lavrov owl:sameAs wd:Q58217 ." in persons
    assert "actor:sergei-lavrov a hom:Person" not in persons
    g = _load(world)
    assert g.actors[str(ACTOR["sergei-lavrov"])].wikidata == "Q58217"
    assert g.names[fold("Sergei Lavrov")] == {str(ACTOR["sergei-lavrov"])}


def test_hand_ids_given_to_someone_else_are_not_followed(world: Path, capsys):
    g = _load(world)
    stoltenberg = str(ACTOR["jens-stoltenberg"])
    assert [p.role for p in g.positions_of(stoltenberg)] == ["head_of_government"]
    assert g.names[fold("Harald V of Norway")] != {stoltenberg}
    # the namesake keeps the hand person's name unambiguous
    assert g.names[fold("Sergei Lavrov")] == {str(ACTOR["sergei-lavrov"])}
    assert g.names[fold("Sergei Lavrov (MSR)")]
    bg.build(world.parent / "data", world)
    assert "actor:jens-stoltenberg has wd:Q57287" in capsys.readouterr().err


def test_hand_positions_win(world: Path):
    g = _load(world)
    rus = str(ACTOR.RUS)
    assert g.holder(rus, "head_of_state", PartialDate(2010, 6)).label == "Dmitry Medvedev"
    # Medvedev's world term to 2014 is clipped where the hand term of Putin starts
    assert g.holder(rus, "head_of_state", PartialDate(2013, 6)).label == "Vladimir Putin"
    medvedev = [p for p in g.positions if p.person.endswith("dmitry-medvedev")]
    assert [p.end.isoformat() for p in medvedev] == ["2012-05-06"]
    # Putin's earlier term comes from the data, on the hand IRI
    assert g.holder(rus, "head_of_state", PartialDate(2004, 1)).id == str(ACTOR["vladimir-putin"])
    # Lavrov's open world term is the hand one's: dropped, not a second position
    assert len(g.positions_of(str(ACTOR["sergei-lavrov"]))) == 1


def test_open_terms_are_known_until_the_snapshot(world: Path):
    g = _load(world)
    kaz, rus = str(ACTOR.KAZ), str(ACTOR.RUS)
    assert g.holder(kaz, "head_of_state", PartialDate(2022, 7)).label == "Kassym-Jomart Tokayev"
    assert g.holder(kaz, "head_of_state", PartialDate(2022, 7, 30)) is not None
    assert g.holder(kaz, "head_of_state", PartialDate(2022, 8)) is None  # after the snapshot
    assert g.holder(kaz, "head_of_state", PartialDate(2024)) is None
    [tokayev] = [p for p in g.positions if p.person.endswith("kassym-jomart-tokayev")]
    assert tokayev.end is None and tokayev.known_until.isoformat() == "2022-07-30"
    # hand-curated open terms have no horizon
    assert g.holder(rus, "head_of_state", PartialDate(2030)).label == "Vladimir Putin"


def test_roles_and_post_labels(world: Path):
    g = _load(world)
    roles = {p.label: p.role for p in g.positions}
    assert roles["Minister of Information"] == "minister"
    assert roles["Deputy Prime Minister"] == "deputy_head_of_government"
    assert roles["ambassador to France"] == "ambassador"
    info = next(p for p in g.positions if p.label == "Minister of Information")
    assert (info.start.isoformat(), info.end.isoformat()) == ("2010-03-01", "2011-01-01")
    text = (world / "world-positions.ttl").read_text("utf-8")
    assert 'hom:startPrecision "month"' in text and 'hom:endPrecision "year"' in text


def test_surnames_only_for_key_roles(world: Path):
    g = _load(world)
    assert g.surnames[fold("Nazarbayev")] == {str(ACTOR["nursultan-nazarbayev"])}
    assert fold("Testov") not in g.surnames  # a minister of information: full name only
    assert g.names[fold("Ivan Ivanovich Testov")]


def test_slug_collisions_get_the_wikidata_id(world: Path):
    persons = (world / "world-persons.ttl").read_text("utf-8")
    assert "actor:sergei-ivanov-q900004 a hom:Person" in persons
    assert "actor:sergei-ivanov-q900005 a hom:Person" in persons


def test_french_transliterations(world: Path):
    g = _load(world)
    [nazarbayev] = g.names[fold("Noursoultan Nazarbaïev")]
    assert g.actors[nazarbayev].wikidata == "Q57394" and g.actors[nazarbayev].country == "KAZ"
    assert g.names[fold("Adel al-Joubeir")] == g.names[fold("Adel al-Jubeir")]
    assert g.names[fold("Sergueï Choïgou")] == g.names[fold("Sergei Shoigu")]


@pytest.mark.parametrize("english, french", [
    ("Sergei Shoigu", "Sergueï Choïgou"),
    ("Nursultan Nazarbayev", "Noursoultan Nazarbaïev"),
    ("Kassym-Jomart Tokayev", "Kassym-Jomart Tokaïev"),
    ("Alexander Lukashenko", "Alexandre Loukachenko"),
    ("Volodymyr Zelenskyy", "Volodymyr Zelenski"),
    ("Dmytro Kuleba", "Dmytro Kouleba"),
    ("Mikhail Mishustin", "Mikhaïl Michoustine"),
    ("Shavkat Mirziyoyev", "Chavkat Mirzioïev"),
    ("Nikolai Patrushev", "Nikolaï Patrouchev"),
    ("Yury Trutnev", "Iouri Troutnev"),
])
def test_russian_transliteration(english: str, french: str):
    assert bg.french_russian(english) == french


def test_transliteration_is_conservative():
    assert bg.french_forms("Adel al-Jubeir", "SAU") == ["Adel al-Joubeir"]
    assert bg.french_forms("Nasser Bourita", "MAR") == []  # French spelling already
    assert bg.french_forms("Rishi Sunak", "GBR") == []
    assert bg.french_forms("Сергей Лавров", "RUS") == []  # not Latin script
    assert bg.french_forms("Oleg Ivanov", "RUS") == []  # nothing to change


@pytest.mark.parametrize("masc, fem, forms", [
    ("Kazakhstanais", "", ["kazakhstanais", "kazakhstanaise", "kazakhstanaises"]),
    ("Algérien", "", ["algérien", "algérienne", "algériens", "algériennes"]),
    ("Américain", "Américaine", ["américain", "américaine", "américains", "américaines"]),
    ("Belge", "", ["belge", "belges"]),
    ("Breton", "", ["breton", "bretonne", "bretons", "bretonnes"]),
    ("Turc", "", ["turc", "turque", "turcs", "turques"]),
])
def test_french_demonym_forms(masc: str, fem: str, forms: list[str]):
    assert bg.french_demonyms(masc, fem) == forms


def test_states_add_what_the_hand_file_lacks(world: Path):
    g = _load(world)
    kaz, abw = str(ACTOR.KAZ), str(ACTOR.ABW)
    assert g.actors[kaz].label == "Kazakhstan"  # the hand prefLabel stays
    for demonym in ("kazakhstanaise", "kazakhstanaises", "kazakhstani", "kazakh"):
        assert g.demonyms[demonym] == {kaz}
    assert g.capitals[fold("Astana")] == {kaz}
    assert g.names[fold("République du Kazakhstan")] == {kaz}
    assert g.actors[abw].kind == "territory" and g.actors[abw].label == "Aruba"
    assert fold("KZ") not in g.names  # ISO codes among the alternative spellings are left out
    states = (world / "world-states.ttl").read_text("utf-8")
    assert '"Kazakhstan"@en' not in states and "ODbL" in states


@pytest.mark.parametrize("position, tagged, roles", [
    ("Minister of Information", "", ["minister"]),
    ("Minister of State for Europe", "", []),
    ("Deputy Minister of Finance", "", []),
    ("First Deputy Prime Minister", "", ["deputy_head_of_government"]),
    ("Vice Premier", "", ["deputy_head_of_government"]),
    ("ambassador to Jordan", "", ["ambassador"]),
    ("Governor of Herat", "", []),
    ("President", "head_of_state;head_of_government", ["head_of_state", "head_of_government"]),
])
def test_roles_of_rows(position: str, tagged: str, roles: list[str]):
    assert bg.roles_of_row(position, tagged) == roles


def test_surname_particles():
    assert bg.surnames("Ursula von der Leyen") == ["von der Leyen"]
    assert bg.surnames("Adel al-Jubeir") == ["al-Jubeir", "Jubeir"]
    assert bg.surnames("Mohammed VI") == []
    assert bg.surnames("Naruhito") == []


# -- the bundled gazetteer ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def bundled() -> Gazetteer:
    return load_gazetteer()


def test_bundled_kazakhstan_2015(bundled: Gazetteer):
    holder = bundled.holder(str(ACTOR.KAZ), "head_of_state", PartialDate(2015, 6))
    assert holder.label == "Nursultan Nazarbayev" and holder.wikidata == "Q57394"


def test_bundled_finds_jeenbekov(bundled: Gazetteer):
    [iri] = bundled.names[fold("Sooronbay Jeenbekov")]
    assert bundled.actors[iri].country == "KGZ"


def test_bundled_hand_persons_not_duplicated(bundled: Gazetteer):
    assert bundled.names[fold("Vladimir Putin")] == {str(ACTOR["vladimir-putin"])}
    assert bundled.holder(str(ACTOR.RUS), "defence_minister", PartialDate(2025, 1)) is not None


def test_bundled_seats(bundled: Gazetteer):
    assert bundled.capitals[fold("Akorda")] == {str(ACTOR.KAZ)}
    assert bundled.capitals[fold("la Maison-Blanche")] == {str(ACTOR.USA)}


def test_cache_gives_the_same_tables(tmp_path, monkeypatch):
    monkeypatch.setenv("HOMOLOGUE_CACHE", str(tmp_path / "cache"))
    extra = tmp_path / "mine.ttl"
    extra.write_text(HAND_STATES.replace("actor:KAZ", "actor:XYZ").replace('"KAZ"', '"XYZ"')
                     .replace("Kazakhstan", "Xyzland"), "utf-8")
    first = load_gazetteer([extra])
    assert list((tmp_path / "cache").glob("gazetteer-*.pickle"))
    second = load_gazetteer([extra])
    assert second.actors == first.actors and second.names == first.names
    assert str(ACTOR.XYZ) in second.actors


def test_bad_extra_files_are_named(tmp_path, monkeypatch):
    monkeypatch.setenv("HOMOLOGUE_CACHE", str(tmp_path / "cache"))
    bad = tmp_path / "bad.ttl"
    bad.write_text("actor:x a", "utf-8")
    with pytest.raises(InputError, match="bad.ttl: not valid Turtle"):
        load_gazetteer([bad])
    with pytest.raises(InputError, match="no such gazetteer file"):
        load_gazetteer([tmp_path / "missing.ttl"])


# -- the reference graphs in a store -------------------------------------------------------------

GAZETTEER_COUNT = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/homologue/graph/"
                   "gazetteer> { ?s ?p ?o } }")


def _small_reference(tmp_path, monkeypatch) -> list[Path]:
    files = [tmp_path / "a.ttl", tmp_path / "b.ttl"]
    files[0].write_text(HAND_STATES, "utf-8")
    files[1].write_text(HAND_PERSONS, "utf-8")
    monkeypatch.setattr("homologue.ingest.bundled_gazetteer_files", lambda: files)
    return files


def _count(store) -> int:
    return int(next(iter(store.query(GAZETTEER_COUNT, union=False)))["n"].value)


def test_reference_graphs_bulk_loaded_and_replaced(tmp_path, monkeypatch):
    from homologue.ingest import ensure_reference_graphs
    from homologue.store.embedded import EmbeddedStore

    files = _small_reference(tmp_path, monkeypatch)
    store = EmbeddedStore(tmp_path / "store")
    ensure_reference_graphs(store)
    first = _count(store)
    ensure_reference_graphs(store)  # unchanged files: nothing to do
    assert _count(store) == first
    files[1].write_text(HAND_PERSONS.split("actor:sergei-lavrov a")[0], "utf-8")
    ensure_reference_graphs(store)  # changed: replaced, not added to
    assert 0 < _count(store) < first
    store.close()


def test_reference_graphs_on_a_server(tmp_path, monkeypatch):
    from test_remote_store import OxigraphServer

    from homologue.ingest import ensure_reference_graphs
    from homologue.store.remote import RemoteStore

    _small_reference(tmp_path, monkeypatch)
    server = OxigraphServer(tmp_path / "server")
    try:
        remote = RemoteStore(server.url + "/")
        ensure_reference_graphs(remote)
        loaded = _count(remote)
        ensure_reference_graphs(remote)
        assert _count(remote) == loaded > 20
        remote.replace_graph_data("http://example.org/g", b'<http://a> <http://b> "c"@fr .', "ttl")
        assert len(list(remote.query("SELECT * WHERE { GRAPH <http://example.org/g> "
                                     "{ ?s ?p ?o } }", union=False))) == 1
    finally:
        server.stop()


def test_bundled_world_terms_never_overlap_hand_terms(bundled: Gazetteer):
    import datetime as dt

    hand = bg.read_hand(bg.default_out())
    clashes = []
    for p in bundled.positions:
        if p.label is None:  # hand-curated positions carry no post label
            continue
        code = p.country[len(str(ACTOR)):]
        start, end = p.start or dt.date.min, p.end or p.known_until or dt.date.max
        clashes += [(p, span) for span in hand.intervals.get((code, p.role), ())
                    if start <= span[1] and span[0] <= end]
    assert clashes == []
