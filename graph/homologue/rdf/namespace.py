"""The Homologue vocabulary as a closed rdflib namespace, and the IRIs the project mints.

A test keeps :class:`HOM` in step with ``ontology/homologue.ttl``: a term used in code that the
ontology does not declare raises ``AttributeError`` at once.

>>> str(HOM.Consult)
'https://w3id.org/homologue/ontology#Consult'
>>> HOM.Consult in INTERACTION_CLASSES.values()
True
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/homologue/ontology"
ACTOR = Namespace("https://w3id.org/homologue/actor/")
EVENT = Namespace("https://w3id.org/homologue/event/")
DOC = Namespace("https://w3id.org/homologue/doc/")
MENTION = Namespace("https://w3id.org/homologue/mention/")
GRAPH = Namespace("https://w3id.org/homologue/graph/")
WD = Namespace("http://www.wikidata.org/entity/")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")

GAZETTEER_GRAPH = GRAPH["gazetteer"]
ONTOLOGY_GRAPH = GRAPH["ontology"]


class HOM(DefinedNamespace):
    """Terms of ``ontology/homologue.ttl``."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # actors
    Actor: URIRef
    Person: URIRef
    State: URIRef
    Territory: URIRef
    Organisation: URIRef
    GovernmentBody: URIRef
    InternationalOrganisation: URIRef
    ArmedGroup: URIRef
    Group: URIRef
    Title: URIRef
    countryCode: URIRef
    demonym: URIRef
    capital: URIRef
    seat: URIRef
    surname: URIRef
    nationality: URIRef
    country: URIRef
    role: URIRef
    # positions
    Position: URIRef
    startDate: URIRef
    endDate: URIRef
    startPrecision: URIRef
    endPrecision: URIRef
    knownUntil: URIRef
    HeadOfState: URIRef
    HeadOfGovernment: URIRef
    ForeignMinister: URIRef
    DefenceMinister: URIRef
    SecretaryGeneral: URIRef
    DeputyHeadOfGovernment: URIRef
    Minister: URIRef
    Ambassador: URIRef
    # interactions
    Interaction: URIRef
    Agree: URIRef
    Consult: URIRef
    Support: URIRef
    Concede: URIRef
    Cooperate: URIRef
    Aid: URIRef
    Retreat: URIRef
    Request: URIRef
    Accuse: URIRef
    Reject: URIRef
    Threaten: URIRef
    Protest: URIRef
    Sanction: URIRef
    Mobilize: URIRef
    Coerce: URIRef
    Assault: URIRef
    Claim: URIRef
    source: URIRef
    target: URIRef
    participant: URIRef
    initiator: URIRef
    mode: URIRef
    cameo: URIRef
    date: URIRef
    datePrecision: URIRef
    historical: URIRef
    confidence: URIRef
    evidence: URIRef
    mentions: URIRef
    # evidence and documents
    Mention: URIRef
    document: URIRef
    sentence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    text: URIRef
    Document: URIRef
    contentHash: URIRef
    digest: URIRef
    modes: URIRef

    # Mode concepts have hyphenated names: reach them with mode_iri().
    _extras = [
        "mode-" + m
        for m in (
            "phone visit third-party multilateral assist change yield meet disapprove investigate "
            "allege restrict arrest relations expel territory violence convict withdraw discontinue "
            "seize censor deport cyber abduct targeted firearms explosives suicide-attack aerial "
            "drone heavy-weapons demonstrate strike military economic humanitarian intelligence"
        ).split()
    ]


EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    "CLAIM",
)

INTERACTION_CLASSES: dict[str, URIRef] = {
    name: HOM[name.capitalize()] for name in EVENT_TYPES
}

ACTOR_KINDS: dict[URIRef, str] = {
    HOM.Person: "person",
    HOM.State: "state",
    HOM.Territory: "territory",
    HOM.GovernmentBody: "government_body",
    HOM.InternationalOrganisation: "international_organisation",
    HOM.ArmedGroup: "armed_group",
    HOM.Organisation: "organisation",
    HOM.Group: "group",
}
KIND_CLASSES: dict[str, URIRef] = {kind: cls for cls, kind in ACTOR_KINDS.items()}

ROLES: dict[str, URIRef] = {
    "head_of_state": HOM.HeadOfState,
    "head_of_government": HOM.HeadOfGovernment,
    "foreign_minister": HOM.ForeignMinister,
    "defence_minister": HOM.DefenceMinister,
    "secretary_general": HOM.SecretaryGeneral,
    "deputy_head_of_government": HOM.DeputyHeadOfGovernment,
    "minister": HOM.Minister,
    "ambassador": HOM.Ambassador,
}

PRECISION_UNITS: dict[str, URIRef] = {
    "day": TIME.unitDay,
    "month": TIME.unitMonth,
    "year": TIME.unitYear,
}


def mode_iri(mode: str) -> URIRef:
    """The SKOS concept of a PLOVER mode.

    >>> mode_iri("phone").endswith("#mode-phone")
    True
    """
    return HOM["mode-" + mode]


def event_type_of(iri: URIRef | str) -> str | None:
    """The PLOVER name of an interaction class IRI, or None.

    >>> event_type_of(HOM.Consult)
    'CONSULT'
    """
    for name, cls in INTERACTION_CLASSES.items():
        if str(cls) == str(iri):
            return name
    return None
