"""Events and documents as RDF: one graph per document, self-contained (its actors are
described in it too, so a document's graph can be read, moved or dropped alone)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from homologue.dates import PartialDate
from homologue.documents import Document
from homologue.extract.model import Event
from homologue.rdf.digest import add_digest
from homologue.rdf.gazetteer import Actor
from homologue.rdf.namespace import (ACTOR, DOC, GRAPH, HOM, INTERACTION_CLASSES, KIND_CLASSES,
                                     MENTION, PRECISION_UNITS, WD, mode_iri)

DATATYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def document_iri(doc_id: str) -> URIRef:
    return DOC[_safe(doc_id)]


def graph_iri(doc_id: str) -> URIRef:
    """The named graph that holds everything read from one document."""
    return GRAPH["doc/" + _safe(doc_id)]


def _safe(doc_id: str) -> str:
    """Document ids as IRI path segments: readable when they can be, always valid."""
    if all(c.isalnum() or c in "-_." for c in doc_id):
        return doc_id
    return "h" + hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:20]


def date_literal(date: PartialDate) -> Literal:
    """A date at its precision: xsd:date, xsd:gYearMonth or xsd:gYear.

    >>> date_literal(PartialDate(2023, 4)).n3()
    '"2023-04"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
    """
    return Literal(date.iso, datatype=DATATYPES[date.precision])


def document_graph(document: Document, events: Iterable[Event]) -> Graph:
    """The RDF of one document: the document, its events, their evidence and actors."""
    g = Graph(identifier=graph_iri(document.id))
    doc = document_iri(document.id)
    g.add((doc, RDF.type, HOM.Document))
    g.add((doc, DCTERMS.identifier, Literal(document.id)))
    g.add((doc, DCTERMS.language, Literal(document.lang)))
    g.add((doc, HOM.contentHash, Literal(document.content_hash)))
    if document.title:
        g.add((doc, DCTERMS.title, Literal(document.title)))
    if document.url:
        g.add((doc, DCTERMS.source, Literal(document.url, datatype=XSD.anyURI)))
    if document.source:
        g.add((doc, DCTERMS.publisher, Literal(document.source)))
    if document.published:
        g.add((doc, DCTERMS.issued, date_literal(PartialDate.parse(document.published))))
    actors: dict[str, Actor] = {}
    for event in events:
        add_event(g, event, doc, document.id)
        for actor in event.actors():
            actors[actor.id] = actor
    for actor in actors.values():
        add_actor(g, actor)
        g.add((doc, HOM.mentions, URIRef(actor.id)))
    add_digest(g, doc)
    return g


def add_event(g: Graph, event: Event, doc: URIRef, doc_id: str = "") -> URIRef:
    """An event node shared by every document that reports the event, with this report.

    The event node carries only what every report of it says alike (``Event.key``), so that
    the union of the document graphs keeps one value per property (hom:date maxCount 1...):
    its type and actors, its date, its mode and CAMEO code, and a confidence that depends on
    how well the event is identified. The initiator is said only by the reports that know it.
    What differs between reports goes on the report's hom:Mention: the sentence, the offsets,
    the date this document gives (dcterms:date) and the extraction confidence.
    """
    node = URIRef(event.iri)
    g.add((node, RDF.type, INTERACTION_CLASSES[event.type]))
    source, target = event.source, event.target
    if event.type == "CONSULT" and source is not None and target is not None \
            and target.id < source.id:
        source, target = target, source  # a contact's sides in one order for every report
    for prop, actor in ((HOM.source, source), (HOM.target, target),
                        (HOM.initiator, event.initiator)):
        if actor is not None:
            g.add((node, prop, URIRef(actor.id)))
    for actor in event.actors():
        g.add((node, HOM.participant, URIRef(actor.id)))
    if event.mode:
        g.add((node, HOM.mode, mode_iri(event.mode)))
    if event.cameo:
        g.add((node, HOM.cameo, Literal(event.cameo)))
    if event.date is not None:
        g.add((node, HOM.date, date_literal(event.date)))
        g.add((node, HOM.datePrecision, PRECISION_UNITS[event.date.precision]))
    g.add((node, HOM.historical, Literal(event.historical)))
    g.add((node, HOM.confidence, Literal(f"{identification_confidence(event):.3f}",
                                         datatype=XSD.decimal)))
    evidences = [event.evidence, *event.extra.get("more_evidence", ())]
    for evidence in evidences:
        mention = MENTION[hashlib.sha1(
            f"{event.iri}|{doc_id}|{evidence.start}|{evidence.end}".encode()).hexdigest()[:16]]
        g.add((node, HOM.evidence, mention))
        g.add((mention, RDF.type, HOM.Mention))
        g.add((mention, HOM.document, doc))
        g.add((mention, HOM.sentence, Literal(evidence.sentence)))
        g.add((mention, HOM.startOffset, Literal(evidence.start)))
        g.add((mention, HOM.endOffset, Literal(evidence.end)))
        g.add((mention, HOM.text, Literal(evidence.text)))
        g.add((mention, HOM.confidence, Literal(f"{event.confidence:.3f}", datatype=XSD.decimal)))
        if event.date is not None:
            g.add((mention, DCTERMS.date, date_literal(event.date)))
    if event.claims_since is not None:
        g.add((node, DCTERMS.temporal, date_literal(event.claims_since)))
    return node


def identification_confidence(event: Event) -> float:
    """How well the event is identified, the same for every report of it: actors known to the
    gazetteer (with a Wikidata id) count fully, others less, a missing side or date less."""
    score = 1.0
    for actor in (event.source, event.target):
        score *= 0.6 if actor is None else 1.0 if actor.wikidata else 0.8
    return round(score * (1.0 if event.date is not None else 0.8), 3)


def add_actor(g: Graph, actor: Actor) -> None:
    node = URIRef(actor.id)
    g.add((node, RDF.type, KIND_CLASSES.get(actor.kind, HOM.Actor)))
    g.add((node, SKOS.prefLabel, Literal(actor.label)))
    for alias in actor.aliases:
        g.add((node, SKOS.altLabel, Literal(alias)))
    if actor.wikidata:
        g.add((node, OWL.sameAs, WD[actor.wikidata]))
    if actor.country:
        prop = HOM.countryCode if actor.kind in ("state", "territory") else HOM.nationality
        g.add((node, prop, Literal(actor.country) if prop == HOM.countryCode
               else ACTOR[actor.country]))
    if actor.role:
        g.add((node, HOM.role, Literal(actor.role)))
