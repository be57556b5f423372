"""One actor's profile: names, Wikidata id, positions over time, counterparts, documents.

The descriptive parts come from the store (a handful of queries about one IRI); the contact
parts from the projected graph, through :func:`contact_summary`, which is pure.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("A", label="Austin"); g.add_node("S", label="Shoigu"); g.add_node("R", label="Russia")
>>> _ = g.add_edge("A", "S", type="CONSULT", date="2023-03-15")
>>> _ = g.add_edge("A", "R", type="REQUEST", date="2023-03-15")
>>> _ = g.add_edge("S", "A", type="CONSULT", date="2022-10")
>>> s = contact_summary(g, "A")
>>> s["first_contact"], s["last_contact"], s["counterparts"][0]
('2022-10', '2023-03-15', {'counterpart': 'Shoigu', 'iri': 'S', 'total': 2, 'CONSULT': 2})
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from homologue.analysis.projection import PREFIXES
from homologue.rdf.namespace import GAZETTEER_GRAPH

NAMES = PREFIXES + """
SELECT DISTINCT ?p ?name WHERE {
  VALUES ?p { skos:prefLabel skos:altLabel hom:surname } ?actor ?p ?name }
"""
WIKIDATA = PREFIXES + """
SELECT DISTINCT ?same WHERE { ?actor owl:sameAs ?same
  FILTER(STRSTARTS(STR(?same), "http://www.wikidata.org/entity/")) }
"""
KINDS = PREFIXES + "SELECT DISTINCT ?kind ?country WHERE { ?actor a ?kind . " \
    "OPTIONAL { ?actor hom:nationality|hom:countryCode ?country } }"
POSITIONS = PREFIXES + f"""
SELECT DISTINCT ?role ?country ?start ?end WHERE {{ GRAPH <{GAZETTEER_GRAPH}> {{
  ?position org:member ?actor ; org:role ?role ; hom:country ?country .
  OPTIONAL {{ ?position hom:startDate ?start }} OPTIONAL {{ ?position hom:endDate ?end }} }} }}
ORDER BY ?start
"""
DOCUMENTS = PREFIXES + """
SELECT DISTINCT ?id ?title ?issued WHERE {
  ?doc hom:mentions ?actor ; dcterms:identifier ?id .
  OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc dcterms:issued ?issued } }
"""


def _solutions(store, query: str, iri: str, names: tuple[str, ...]) -> list[dict]:
    import pyoxigraph as ox

    return [{n: (s[n].value if s[n] is not None else None) for n in names}
            for s in store.query(query.replace("?actor", str(ox.NamedNode(iri))))]


def describe(store, iri: str, labels: dict[str, str]) -> dict:
    """Names, Wikidata id, kind, positions and documents of one actor, from the store."""
    names = _solutions(store, NAMES, iri, ("p", "name"))
    pref = sorted({n["name"] for n in names if n["p"].endswith("prefLabel")})
    alt = sorted({n["name"] for n in names if n["p"].endswith("altLabel")} - set(pref))
    surnames = sorted({n["name"] for n in names if n["p"].endswith("surname")})
    wikidata = sorted(s["same"].rsplit("/", 1)[-1]
                      for s in _solutions(store, WIKIDATA, iri, ("same",)))
    kinds = _solutions(store, KINDS, iri, ("kind", "country"))
    kind = next((k["kind"].rsplit("#", 1)[-1] for k in kinds
                 if k["kind"].startswith("https://w3id.org/homologue/ontology#")), "")
    country = next((k["country"] for k in kinds if k["country"]), None)
    positions = [{"role": p["role"].rsplit("#", 1)[-1],
                  "country": labels.get(p["country"], p["country"].rsplit("/", 1)[-1]),
                  "start": p["start"] or "", "end": p["end"] or ""}
                 for p in _solutions(store, POSITIONS, iri, ("role", "country", "start", "end"))]
    documents = sorted(_solutions(store, DOCUMENTS, iri, ("id", "title", "issued")),
                       key=lambda d: (d["issued"] is None, d["issued"] or "", d["id"]))
    return {"iri": iri, "label": labels.get(iri, pref[0] if pref else iri), "labels": pref,
            "aliases": alt, "surnames": surnames, "wikidata": wikidata[0] if wikidata else None,
            "kind": kind,
            "country": labels.get(country, country) if country and country.startswith("http")
            else country,
            "positions": positions, "documents": documents}


def contact_summary(g: nx.MultiDiGraph, actor: str, contact_type: str = "CONSULT") -> dict:
    """Counterparts with counts by event type, and the first and last contact (CONSULT)."""
    per: dict[str, Counter] = defaultdict(Counter)
    dates: list[str] = []
    if actor in g:
        edges = list(g.out_edges(actor, data=True)) + [
            e for e in g.in_edges(actor, data=True) if e[0] != actor]
        for a, b, data in edges:
            other = b if a == actor else a
            per[other][data.get("type", "")] += 1
            if data.get("type") == contact_type and data.get("date"):
                dates.append(data["date"])
    rows = []
    for other, counts in per.items():
        rows.append({"counterpart": g.nodes[other].get("label", other), "iri": other,
                     "total": sum(counts.values()), **dict(sorted(counts.items()))})
    rows.sort(key=lambda r: (-r["total"], r["counterpart"]))
    dates.sort()
    return {"counterparts": rows, "first_contact": dates[0] if dates else None,
            "last_contact": dates[-1] if dates else None, "contacts": len(dates)}
