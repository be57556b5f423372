"""One event, many reports: the same call told by a French and an English article is one
event in the store, with both mentions as evidence, counted once, and the union conforms."""

import pytest

from homologue.dates import PartialDate
from homologue.documents import Document
from homologue.extract.model import Event, Evidence
from homologue.rdf.gazetteer import Actor

LAVROV = Actor("https://w3id.org/homologue/actor/sergei-lavrov", "Sergei Lavrov", "person",
               "RUS", "Q80137")
WANG = Actor("https://w3id.org/homologue/actor/wang-yi", "Wang Yi", "person", "CHN", "Q16906")
GUNMEN = Actor("https://w3id.org/homologue/actor/x-gunmen", "gunmen", "group")


def call(doc, source, target, date, start=0):
    return Event(doc, "CONSULT", source, target, Evidence("text", start, start + 4, 0),
                 mode="phone", cameo="041", date=PartialDate.parse(date), confidence=0.8)


def test_same_event_same_iri_across_documents_and_directions():
    a = call("fr-1", LAVROV, WANG, "2024-04-03")
    b = call("en-7", WANG, LAVROV, "2024-04-03", start=120)
    assert a.iri == b.iri
    assert call("en-7", WANG, LAVROV, "2024-04-05").iri != a.iri  # another day, another call
    # differently precise dates stay apart: one node cannot hold two hom:date values
    assert call("en-7", WANG, LAVROV, "2024-04").iri != a.iri
    other_type = Event("en-7", "ACCUSE", WANG, LAVROV, Evidence("t", 0, 1, 0),
                       date=PartialDate(2024, 4))
    assert other_type.iri != a.iri


def test_vague_events_stay_per_document():
    a = Event("d1", "ASSAULT", GUNMEN, None, Evidence("t", 0, 1, 0), date=PartialDate(2024, 3))
    b = Event("d2", "ASSAULT", GUNMEN, None, Evidence("t", 0, 1, 0), date=PartialDate(2024, 3))
    assert a.iri != b.iri


def test_union_of_two_reports_conforms_with_one_date():
    from rdflib import Graph

    from homologue.rdf.build import document_graph
    from homologue.rdf.namespace import HOM
    from homologue.rdf.validate import validate_graph

    fr = document_graph(Document("fr-1", "x", "fr", "2024-04"), [call("fr-1", LAVROV, WANG,
                                                                       "2024-04-03")])
    en = document_graph(Document("en-7", "y", "en", "2024-04-05"), [call("en-7", WANG, LAVROV,
                                                                          "2024-04-03", 50)])
    union = Graph()
    for triple in [*fr, *en]:
        union.add(triple)
    events = set(union.subjects(HOM.source, None))
    assert len(events) == 1
    event = events.pop()
    assert [str(d) for d in union.objects(event, HOM.date)] == ["2024-04-03"]
    assert len(set(union.objects(event, HOM.evidence))) == 2
    report = validate_graph(union)
    assert report.conforms, report.text


@pytest.mark.slow
def test_french_and_english_reports_count_once(tmp_path, extractor):
    from homologue.analysis.contacts import contact_events, summarise_contacts
    from homologue.ingest import ingest
    from homologue.store import open_store

    docs = [
        Document("fr-call", "Le ministre russe des Affaires étrangères Sergueï Lavrov s'est "
                 "entretenu le 3 avril par téléphone avec son homologue chinois Wang Yi.",
                 "fr", "2024-04-05"),
        Document("en-call", "Russian Foreign Minister Sergei Lavrov spoke by phone with Chinese "
                 "Foreign Minister Wang Yi on April 3.", "en", "2024-04-04"),
    ]
    store = open_store(tmp_path / "store")
    ingest(docs, store, extractor)
    rows = [r for r in summarise_contacts(contact_events(store))
            if set(r["actors"]) == {LAVROV.id, WANG.id}]
    assert len(rows) == 1, rows
    assert rows[0]["contacts"] == 1 and rows[0]["sources"] == ["en-call", "fr-call"]
    store.close()
