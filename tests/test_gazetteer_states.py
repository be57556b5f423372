"""Checks of the actor gazetteer: states, territories, organisations, titles.

Covers ontology/gazetteer/states.ttl, organisations.ttl and titles.ttl.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, SKOS

from homologue.rdf.gazetteer import fold as extractor_fold
from homologue.rdf.gazetteer import fold_keep_case, is_acronym

GAZETTEER = Path(__file__).parents[1] / "ontology" / "gazetteer"
FILES = ("states.ttl", "organisations.ttl", "titles.ttl")

HOM = Namespace("https://w3id.org/homologue/ontology#")
ACTOR = Namespace("https://w3id.org/homologue/actor/")
ORG = Namespace("http://www.w3.org/ns/org#")
WD = "http://www.wikidata.org/entity/"

ACTOR_CLASSES = {HOM.State, HOM.Territory, HOM.InternationalOrganisation, HOM.ArmedGroup, HOM.GovernmentBody}
ROLES = {HOM.HeadOfState, HOM.HeadOfGovernment, HOM.ForeignMinister, HOM.DefenceMinister}

# The 193 UN member states (ISO 3166-1 alpha-3), written out independently of the data.
UN_MEMBERS = set("""
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN
BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE PRK DNK DJI DMA
DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND
HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU
LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC
NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR ROU RUS RWA KNA LCA VCT WSM SMR STP
SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO
TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split())
OBSERVER_STATES = {"PSE", "VAT"}

# Entities for which no capital is used by metonymy (or none exists).
NO_CAPITAL = {"ESH", "HKG", "MAC", "GIB"}

# Demonyms that are genuinely shared by two states; the extractor must disambiguate them.
SHARED_DEMONYMS = {
    "congolese", "congolais", "congolaise", "congolaises",  # COG / COD
    "dominican",  # Dominica / Dominican Republic
}


def fold(text: str) -> str:
    """Case- and accent-fold, language-independent."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def key(text: str) -> str:
    """The lookup key the extractor builds for a name (the language tag is not part of it)."""
    return fold_keep_case(text) if is_acronym(text.strip()) else extractor_fold(text)


@pytest.fixture(scope="module")
def g() -> Graph:
    graph = Graph()
    for name in FILES:
        path = GAZETTEER / name
        assert path.is_file(), f"missing {path}"
        graph.parse(path, format="turtle")
    return graph


def local(iri: URIRef) -> str:
    assert str(iri).startswith(str(ACTOR)), iri
    return str(iri)[len(str(ACTOR)):]


def of_type(g: Graph, cls) -> set[URIRef]:
    return set(g.subjects(RDF.type, cls))


def countries(g: Graph) -> set[URIRef]:
    return of_type(g, HOM.State) | of_type(g, HOM.Territory)


def actors(g: Graph) -> set[URIRef]:
    return set().union(*(of_type(g, c) for c in ACTOR_CLASSES))


def langs(g: Graph, s, p, lang: str) -> list[str]:
    return [str(o) for o in g.objects(s, p) if isinstance(o, Literal) and o.language == lang]


# ------------------------------------------------------------------ states and territories

def test_every_un_member_is_a_state(g):
    states = {local(s) for s in of_type(g, HOM.State)}
    assert len(UN_MEMBERS) == 193
    assert UN_MEMBERS - states == set()
    assert OBSERVER_STATES <= states
    assert len(states) >= 193
    # Anything else typed State would be a mistake: non-members are Territories.
    assert states - UN_MEMBERS - OBSERVER_STATES == set()


def test_no_un_member_is_a_territory(g):
    territories = {local(s) for s in of_type(g, HOM.Territory)}
    assert territories & (UN_MEMBERS | OBSERVER_STATES) == set()
    for code in ("TWN", "XKX", "ESH", "HKG", "MAC", "GRL", "PRI", "XNC", "XAB", "XSO", "XSL"):
        assert code in territories, code


def test_country_codes_match_iri(g):
    for s in countries(g):
        codes = [str(o) for o in g.objects(s, HOM.countryCode)]
        assert len(codes) == 1, (s, codes)
        assert re.fullmatch(r"[A-Z]{3}", codes[0]), (s, codes)
        assert codes[0] == local(s), (s, codes)


def test_states_have_labels_demonyms_capitals(g):
    for s in countries(g):
        code = local(s)
        for lang in ("en", "fr"):
            assert len(langs(g, s, SKOS.prefLabel, lang)) == 1, (code, lang)
            assert langs(g, s, HOM.demonym, lang), (code, "demonym", lang)
            if code not in NO_CAPITAL:
                assert langs(g, s, HOM.capital, lang), (code, "capital", lang)
        fr_dem = langs(g, s, HOM.demonym, "fr")
        assert all(d == d.lower() for d in fr_dem), (code, fr_dem)
        # Every gender/number form: at least one plural form is present.
        assert any(d.endswith(("s", "x")) for d in fr_dem), (code, fr_dem)
        en_dem = langs(g, s, HOM.demonym, "en")
        assert all(d[0].isupper() for d in en_dem), (code, en_dem)


def test_french_demonyms_cover_both_genders(g):
    # Spot checks of full inflection.
    expected = {
        "FRA": {"français", "française", "françaises"},
        "USA": {"américain", "américaine", "américains", "américaines"},
        "DEU": {"allemand", "allemande", "allemands", "allemandes"},
        "ISR": {"israélien", "israélienne", "israéliens", "israéliennes"},
        "GRC": {"grec", "grecque", "grecs", "grecques"},
        "TUR": {"turc", "turque", "turcs", "turques"},
        "RUS": {"russe", "russes"},
        "KOR": {"sud-coréen", "sud-coréenne", "sud-coréens", "sud-coréennes"},
    }
    for code, forms in expected.items():
        assert forms <= set(langs(g, ACTOR[code], HOM.demonym, "fr")), code


def test_demonyms_are_unique_except_known_shared(g):
    owners = defaultdict(set)
    for s in countries(g):
        for o in g.objects(s, HOM.demonym):
            owners[extractor_fold(str(o))].add(local(s))
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert set(shared) <= SHARED_DEMONYMS, shared


def test_un_members_have_wikidata(g):
    for code in UN_MEMBERS | OBSERVER_STATES:
        same = list(g.objects(ACTOR[code], OWL.sameAs))
        assert len(same) == 1, (code, same)
        assert re.fullmatch(re.escape(WD) + r"Q[1-9]\d*", str(same[0])), (code, same)


def test_territory_sovereigns(g):
    for s in of_type(g, HOM.Territory):
        for c in g.objects(s, HOM.country):
            assert (c, RDF.type, HOM.State) in g, (s, c)
    assert (ACTOR.HKG, HOM.country, ACTOR.CHN) in g
    assert (ACTOR.MAC, HOM.country, ACTOR.CHN) in g
    assert (ACTOR.GRL, HOM.country, ACTOR.DNK) in g
    assert (ACTOR.PRI, HOM.country, ACTOR.USA) in g


def test_state_spot_checks(g):
    assert (ACTOR.RUS, OWL.sameAs, URIRef(WD + "Q159")) in g
    assert (ACTOR.FRA, OWL.sameAs, URIRef(WD + "Q142")) in g
    assert (ACTOR.USA, OWL.sameAs, URIRef(WD + "Q30")) in g
    assert (ACTOR.CHN, OWL.sameAs, URIRef(WD + "Q148")) in g
    assert (ACTOR.DEU, OWL.sameAs, URIRef(WD + "Q183")) in g
    assert (ACTOR.UKR, OWL.sameAs, URIRef(WD + "Q212")) in g
    assert (ACTOR.GBR, OWL.sameAs, URIRef(WD + "Q145")) in g
    assert (ACTOR.UKR, HOM.capital, Literal("Kyiv", lang="en")) in g
    assert (ACTOR.UKR, HOM.capital, Literal("Kiev", lang="fr")) in g
    assert (ACTOR.RUS, HOM.capital, Literal("Moscou", lang="fr")) in g
    assert (ACTOR.CHN, HOM.capital, Literal("Pékin", lang="fr")) in g
    assert (ACTOR.USA, HOM.demonym, Literal("américaine", lang="fr")) in g
    assert (ACTOR.GBR, HOM.demonym, Literal("British", lang="en")) in g
    assert (ACTOR.DEU, SKOS.prefLabel, Literal("Allemagne", lang="fr")) in g
    assert (ACTOR.XKX, SKOS.prefLabel, Literal("Kosovo", lang="en")) in g
    assert (ACTOR.PSE, RDF.type, HOM.State) in g
    assert (ACTOR.VAT, SKOS.altLabel, Literal("Saint-Siège", lang="fr")) in g


# ------------------------------------------------------------------ all actors

def test_each_actor_has_one_class_and_bilingual_preflabel(g):
    for s in actors(g):
        classes = set(g.objects(s, RDF.type)) & ACTOR_CLASSES
        assert len(classes) == 1, (s, classes)
        for lang in ("en", "fr"):
            assert len(langs(g, s, SKOS.prefLabel, lang)) == 1, (s, lang)


def test_labels_have_known_languages(g):
    for p in (SKOS.prefLabel, SKOS.altLabel, HOM.capital, HOM.demonym):
        for s, o in g.subject_objects(p):
            assert isinstance(o, Literal) and o.language in ("en", "fr"), (s, p, o)
            assert str(o) == str(o).strip() and str(o), (s, p, o)
            assert "  " not in str(o), (s, p, o)


def test_actor_iris(g):
    for s in actors(g) - countries(g):
        name = local(s)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*|[A-Z0-9]+", name), name


def test_labels_map_to_one_actor(g):
    """No label on two actors, in either language, once folded the way the extractor
    folds it (case, accents, hyphens; acronyms keep their case); capitals count as labels."""
    owners = defaultdict(set)
    all_actors = actors(g)
    for p in (SKOS.prefLabel, SKOS.altLabel, HOM.capital):
        for s, o in g.subject_objects(p):
            if s in all_actors:
                owners[key(str(o))].add(s)
    clashes = {k: sorted(local(a) for a in v) for k, v in owners.items() if len(v) > 1}
    assert clashes == {}


def test_ambiguous_names_go_to_one_actor(g):
    # "Congo" is the DR Congo in most wire copy; Congo-Brazzaville keeps its own names.
    assert find(g, "Congo", "en") == {ACTOR.COD}
    assert find(g, "Congo", "fr") == set()
    assert find(g, "Congo-Brazzaville", "fr") == {ACTOR.COG}
    assert find(g, "RDC", "fr") == {ACTOR.COD}


def test_wikidata_ids_unique_and_well_formed(g):
    seen = defaultdict(list)
    for s, o in g.subject_objects(OWL.sameAs):
        assert re.fullmatch(re.escape(WD) + r"Q[1-9]\d*", str(o)), (s, o)
        seen[o].append(s)
    dupes = {str(k): v for k, v in seen.items() if len(v) > 1}
    assert dupes == {}


def test_references_resolve(g):
    for p in (HOM.country, ORG.subOrganizationOf):
        for s, o in g.subject_objects(p):
            assert set(g.objects(o, RDF.type)) & ACTOR_CLASSES, (s, p, o)
    for p in (HOM.country,):
        for s, o in g.subject_objects(p):
            assert set(g.objects(o, RDF.type)) & {HOM.State, HOM.Territory}, (s, o)


def test_government_bodies_have_country(g):
    for s in of_type(g, HOM.GovernmentBody):
        assert len(list(g.objects(s, HOM.country))) == 1, s


def test_government_bodies_cover_the_nine_capitals(g):
    # A foreign and a defence ministry for each of these states.
    for code in ("FRA", "USA", "RUS", "GBR", "DEU", "UKR", "CHN", "ISR", "IRN"):
        bodies = set(g.subjects(HOM.country, ACTOR[code])) & of_type(g, HOM.GovernmentBody)
        assert len(bodies) >= 2, code


def find(g: Graph, label: str, lang: str) -> set[URIRef]:
    lit = Literal(label, lang=lang)
    return set(g.subjects(SKOS.prefLabel, lit)) | set(g.subjects(SKOS.altLabel, lit))


def test_organisation_spot_checks(g):
    isis = ACTOR["islamic-state"]
    assert (isis, RDF.type, HOM.ArmedGroup) in g
    assert (isis, SKOS.altLabel, Literal("Daech", lang="fr")) in g
    assert (isis, OWL.sameAs, URIRef(WD + "Q2429253")) in g
    assert (ACTOR.NATO, RDF.type, HOM.InternationalOrganisation) in g
    assert (ACTOR.NATO, OWL.sameAs, URIRef(WD + "Q7184")) in g
    assert (ACTOR.NATO, SKOS.prefLabel, Literal("OTAN", lang="fr")) in g
    assert (ACTOR["islamic-state-khorasan"], ORG.subOrganizationOf, isis) in g
    assert (ACTOR["islamic-state-khorasan"], HOM.country, ACTOR.AFG) in g
    assert (ACTOR["qassam-brigades"], ORG.subOrganizationOf, ACTOR.hamas) in g
    assert (ACTOR["un-security-council"], ORG.subOrganizationOf, ACTOR.UN) in g
    assert find(g, "Quai d'Orsay", "fr") == {ACTOR["ministry-of-foreign-affairs-fra"]}
    assert find(g, "ministère français des Armées", "fr") == {ACTOR["ministry-of-armed-forces-fra"]}
    assert find(g, "Pentagon", "en") == {ACTOR["department-of-defense-usa"]}
    assert find(g, "Kremlin", "en") == {ACTOR.kremlin}
    assert (ACTOR.kremlin, HOM.country, ACTOR.RUS) in g
    assert find(g, "FSR", "fr") == {ACTOR["rsf-sudan"]}
    # "ministère de la Défense" is ambiguous: it names no actor.
    assert find(g, "ministère de la Défense", "fr") == set()
    # "RSF" in French is Reporters sans frontières.
    assert find(g, "RSF", "fr") == set()
    for slug in ("hamas", "hezbollah", "houthis", "wagner-group", "hts", "taliban", "al-shabaab",
                 "boko-haram", "pkk", "m23", "rsf-sudan", "eln", "aqap", "aqim", "jnim", "iswap"):
        assert (ACTOR[slug], RDF.type, HOM.ArmedGroup) in g, slug
    for slug in ("UN", "EU", "AU", "ASEAN", "OSCE", "IAEA", "ICC", "G7", "G20", "european-commission",
                 "unhcr", "unicef", "wfp", "who", "unrwa", "ICJ", "IMF", "world-bank", "WTO", "icrc"):
        assert (ACTOR[slug], RDF.type, HOM.InternationalOrganisation) in g, slug


# ------------------------------------------------------------------ titles

def test_titles_have_exactly_one_role(g):
    titles = of_type(g, HOM.Title)
    assert len(titles) >= 20
    for t in titles:
        roles = set(g.objects(t, ORG.role))
        assert len(roles) == 1 and roles <= ROLES, (t, roles)
        assert list(g.objects(t, SKOS.prefLabel)), t
        for c in g.objects(t, HOM.country):
            assert set(g.objects(c, RDF.type)) & {HOM.State, HOM.Territory}, (t, c)


def test_each_role_has_generic_titles_in_both_languages(g):
    for role in ROLES:
        generic = [t for t in g.subjects(ORG.role, role) if not list(g.objects(t, HOM.country))]
        for lang in ("en", "fr"):
            assert any(langs(g, t, SKOS.prefLabel, lang) for t in generic), (role, lang)


def test_title_labels_unique(g):
    owners = defaultdict(set)
    for t in of_type(g, HOM.Title):
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for o in g.objects(t, p):
                owners[extractor_fold(str(o))].add(t)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_no_title_is_a_common_word_of_the_other_language(g):
    # Titles are matched case-folded and without language: these would fire on ordinary text.
    keys = {extractor_fold(str(o)) for t in of_type(g, HOM.Title)
            for p in (SKOS.prefLabel, SKOS.altLabel) for o in g.objects(t, p)}
    assert keys & {"premier", "pm", "souverain", "sovereign", "first"} == set()


@pytest.mark.parametrize("label, lang, role, country", [
    ("ministre des Armées", "fr", HOM.DefenceMinister, "FRA"),
    ("ministre de l'Europe et des Affaires étrangères", "fr", HOM.ForeignMinister, "FRA"),
    ("secretary of state", "en", HOM.ForeignMinister, "USA"),
    ("secrétaire d'État américain", "fr", HOM.ForeignMinister, "USA"),
    ("secretary of defense", "en", HOM.DefenceMinister, "USA"),
    ("secretary of war", "en", HOM.DefenceMinister, "USA"),
    ("Pentagon chief", "en", HOM.DefenceMinister, "USA"),
    ("foreign secretary", "en", HOM.ForeignMinister, "GBR"),
    ("chancelier", "fr", HOM.HeadOfGovernment, "DEU"),
    ("chancellor", "en", HOM.HeadOfGovernment, "DEU"),
    ("guide suprême", "fr", HOM.HeadOfState, "IRN"),
    ("supreme leader", "en", HOM.HeadOfState, "IRN"),
    ("Chinese premier", "en", HOM.HeadOfGovernment, "CHN"),
    ("Saudi crown prince", "en", HOM.HeadOfGovernment, "SAU"),
    ("emperor", "en", HOM.HeadOfState, "JPN"),
    ("president", "en", HOM.HeadOfState, None),
    ("président", "fr", HOM.HeadOfState, None),
    ("prime minister", "en", HOM.HeadOfGovernment, None),
    ("Premier ministre", "fr", HOM.HeadOfGovernment, None),
    ("chef du gouvernement", "fr", HOM.HeadOfGovernment, None),
    ("foreign minister", "en", HOM.ForeignMinister, None),
    ("top diplomat", "en", HOM.ForeignMinister, None),
    ("ministre des Affaires étrangères", "fr", HOM.ForeignMinister, None),
    ("chef de la diplomatie", "fr", HOM.ForeignMinister, None),
    ("defence minister", "en", HOM.DefenceMinister, None),
    ("ministre de la Défense", "fr", HOM.DefenceMinister, None),
])
def test_title_spot_checks(g, label, lang, role, country):
    found = find(g, label, lang) & of_type(g, HOM.Title)
    assert len(found) == 1, (label, found)
    (title,) = found
    assert set(g.objects(title, ORG.role)) == {role}
    expected = {ACTOR[country]} if country else set()
    assert set(g.objects(title, HOM.country)) == expected
