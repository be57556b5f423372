"""A document's digest: its events and actors as plain rows, kept beside its triples.

Why: the analysis reads every event of the store at once, and on the on-disk store each
triple read costs about 15 µs (each term is looked up in the store's dictionary), so joining
the ten-odd triples of 200,000 events takes 20 s and more. The digest holds, in one
``rdf:JSON`` literal per document (``<document> hom:digest "..."``), the rows the analysis
queries would return on that document's graph alone; reading 10,000 of them takes under a
second. It is derived from the document's triples when its graph is built (:func:`digest_of`),
written in the same transaction, and dropped with the graph, so it never disagrees with them.

Each event row ends with the confidence of its report (the ``hom:confidence`` of the
``hom:Mention``, the extraction confidence ``homologue extract`` prints), so that the analysis
can keep the confident reports without reading more triples. Version 1 digests, written before
that column, are still read: their rows get ``None`` for it (see :func:`read_digest`).

>>> from rdflib import Graph, Literal, URIRef
>>> from homologue.rdf.namespace import DOC, EVENT, HOM
>>> g = Graph()
>>> e = EVENT["x"]
>>> for p, o in ((RDF.type, HOM.Consult), (HOM.source, URIRef("a:1")), (HOM.target, URIRef("a:2")),
...              (HOM.date, Literal("2024-04")), (HOM.mode, HOM["mode-phone"])):
...     _ = g.add((e, p, o))
>>> digest_of(g)["events"]
[['https://w3id.org/homologue/event/x', 'CONSULT', 'a:1', 'a:2', '2024-04', 'phone', None, None, None, None]]
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from homologue.rdf.namespace import ACTOR_KINDS, HOM, INTERACTION_CLASSES

RDF_JSON = RDF.JSON  # rdf:JSON, the RDF 1.2 datatype of JSON literals

# The columns, in the order of the analysis queries' variables (see analysis.projection).
EVENT_FIELDS = ("event", "type", "a", "b", "date", "mode", "claim", "doc", "evidence",
                "confidence")
ACTOR_FIELDS = ("actor", "kind", "label", "lang", "nationality", "code")
VERSION = 2
READABLE = (1, 2)  # version 1: event rows without the confidence column

_TYPE_NAMES = {cls: name for name, cls in INTERACTION_CLASSES.items()}
_MODE_PREFIX = str(HOM) + "mode-"


def digest_of(graph: Graph) -> dict:
    """The rows of one document's graph: every (event, source, target, date, mode, claim,
    evidence) combination as the events query joins them, and every typed, labelled actor."""
    return {"version": VERSION, "events": list(_event_rows(graph)),
            "actors": list(_actor_rows(graph))}


def digest_text(events: list[list], actors: list[list]) -> str:
    """The JSON text of a digest holding these rows (columns: EVENT_FIELDS, ACTOR_FIELDS)."""
    return json.dumps({"version": VERSION, "events": events, "actors": actors},
                      ensure_ascii=False, separators=(",", ":"))


def digest_literal(graph: Graph) -> Literal:
    digest = digest_of(graph)
    return Literal(digest_text(digest["events"], digest["actors"]), datatype=RDF_JSON)


def add_digest(graph: Graph, document: URIRef) -> None:
    """Attach the digest of ``graph`` to its document (call once the graph is complete)."""
    graph.add((document, HOM.digest, digest_literal(graph)))


def read_digest(text: str) -> dict | None:
    """A stored digest, or None if it is unreadable or of an unknown version (then the
    document's triples are read instead). Event rows shorter than EVENT_FIELDS (version 1
    has no confidence) are completed with None.

    >>> read_digest('{"version": 1, "events": [["e", "CONSULT", "a", "b", null, null, null, '
    ...             'null, null]], "actors": []}')["events"][0][-1] is None
    True
    """
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("version") not in READABLE:
        return None
    width = len(EVENT_FIELDS)
    data["events"] = [row if len(row) >= width else row + [None] * (width - len(row))
                      for row in data.get("events", ())]
    return data


def _values(graph: Graph, subject, predicate) -> list[str | None]:
    """The objects as strings, or [None]: an OPTIONAL that binds nothing still gives a row."""
    return [str(o) for o in graph.objects(subject, predicate)] or [None]


def confidence_value(text: str | None) -> float | None:
    """A confidence literal as a number (None if absent or not a number).

    >>> confidence_value("0.900"), confidence_value(None), confidence_value("high")
    (0.9, None, None)
    """
    try:
        return None if text is None else float(text)
    except ValueError:
        return None


def mode_name(iri: str | None) -> str | None:
    """The notation of a mode concept from its IRI (``hom:mode-phone`` -> ``phone``)."""
    return iri[len(_MODE_PREFIX):] if iri and iri.startswith(_MODE_PREFIX) else None


def _evidence(graph: Graph, event) -> list[tuple[str | None, str | None, float | None]]:
    """(document id, quoted text, the report's confidence) for each mention of the event."""
    found = [(str(doc_id), str(text), confidence_value(confidence))
             for mention in graph.objects(event, HOM.evidence)
             for doc in graph.objects(mention, HOM.document)
             for doc_id in graph.objects(doc, DCTERMS.identifier)
             for text in graph.objects(mention, HOM.text)
             for confidence in _values(graph, mention, HOM.confidence)]
    return found or [(None, None, None)]


def _event_rows(graph: Graph) -> Iterator[list]:
    for event, cls in graph.subject_objects(RDF.type):
        name = _TYPE_NAMES.get(cls)
        if name is None:
            continue
        columns = (graph.objects(event, HOM.source), graph.objects(event, HOM.target),
                   _values(graph, event, HOM.date),
                   [mode_name(m) for m in _values(graph, event, HOM.mode)],
                   _values(graph, event, DCTERMS.temporal), _evidence(graph, event))
        for a, b, date, mode, claim, (doc, text, confidence) in itertools.product(*columns):
            yield [str(event), name, str(a), str(b), date, mode, claim, doc, text, confidence]


def _actor_rows(graph: Graph) -> Iterator[list]:
    for actor, cls in graph.subject_objects(RDF.type):
        if cls not in ACTOR_KINDS:
            continue
        for label in graph.objects(actor, SKOS.prefLabel):
            for nationality, code in itertools.product(_values(graph, actor, HOM.nationality),
                                                       _values(graph, actor, HOM.countryCode)):
                yield [str(actor), str(cls), str(label), getattr(label, "language", None),
                       nationality, code]
