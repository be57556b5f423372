"""Who contacted whom: CONSULT events read from the store, summarised by pair.

>>> rows = [
...     {"event": "e1", "a": "A", "b": "B", "date": "2024-04", "mode": "phone", "doc": "d1"},
...     {"event": "e2", "a": "B", "b": "A", "date": "2023-01", "mode": None, "doc": "d2"},
... ]
>>> [(s["actors"], s["contacts"], s["first"], s["last"]) for s in summarise_contacts(rows)]
[(('A', 'B'), 2, '2023-01', '2024-04')]
"""

from __future__ import annotations

from collections.abc import Iterable

from homologue.rdf.digest import confidence_value
from homologue.rdf.namespace import HOM
from homologue.store.embedded import EmbeddedStore


def contacts_query(confidence: bool = False) -> str:
    """The CONSULT rows; with ``confidence``, each report's (its hom:Mention's) confidence too.

    Each property is read by its own sub-query and the reads are joined on the event: scans
    and hash joins, where a plain pattern would look each contact's properties up one by one
    (README, "Named queries on disk"). The confidence is one more scan, read only when asked.
    """
    variable, read = "", ""
    if confidence:
        variable = " ?confidence"
        read = ("\n                        OPTIONAL { { SELECT ?m ?confidence "
                "WHERE { ?m hom:confidence ?confidence } } }")
    return f"""
PREFIX hom: <{HOM._NS}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?event ?a ?b ?date ?mode ?doc ?evidence ?initiator{variable} WHERE {{
  {{ SELECT ?event WHERE {{ ?event a hom:Consult }} }}
  {{ SELECT ?event ?a WHERE {{ ?event hom:source ?a }} }}
  {{ SELECT ?event ?b WHERE {{ ?event hom:target ?b }} }}
  OPTIONAL {{ {{ SELECT ?event ?date WHERE {{ ?event hom:date ?date }} }} }}
  OPTIONAL {{ {{ SELECT ?event ?mode
                WHERE {{ {{ SELECT ?event ?m WHERE {{ ?event hom:mode ?m }} }}
                        {{ SELECT ?m ?mode WHERE {{ ?m skos:notation ?mode }} }} }} }} }}
  OPTIONAL {{ {{ SELECT ?event ?initiator WHERE {{ ?event hom:initiator ?initiator }} }} }}
  OPTIONAL {{ {{ SELECT ?event ?doc ?evidence{variable}
                WHERE {{ {{ SELECT ?event ?m WHERE {{ ?event hom:evidence ?m }} }}
                        {{ SELECT ?m ?evidence WHERE {{ ?m hom:text ?evidence }} }}
                        {{ SELECT ?m ?d WHERE {{ ?m hom:document ?d }} }}
                        {{ SELECT ?d ?doc WHERE {{ ?d dcterms:identifier ?doc }} }}{read} }} }} }}
}}
"""


CONTACTS_QUERY = contacts_query()

LABELS_QUERY = f"""
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?actor (SAMPLE(?l) AS ?label) WHERE {{
  ?actor skos:prefLabel ?l . FILTER(!langMatches(lang(?l), "fr"))
}} GROUP BY ?actor
"""


def contact_events(store: EmbeddedStore, min_confidence: float = 0.0) -> list[dict]:
    """One row per CONSULT event and evidence: event, a, b, date, mode, doc, evidence.

    ``min_confidence`` keeps the rows of the reports (mentions) whose confidence, the one
    ``homologue extract`` prints, is at least that value (each row then has its
    ``confidence``): an event stays if one of its reports is that confident, cited by those
    reports only. A report of unknown confidence passes only at 0.
    """
    names = ("event", "a", "b", "date", "mode", "doc", "evidence", "initiator")
    if min_confidence <= 0:
        return [{name: (s[name].value if s[name] is not None else None) for name in names}
                for s in store.query(CONTACTS_QUERY)]
    rows = []
    for s in store.query(contacts_query(confidence=True)):
        confidence = confidence_value(s["confidence"].value if s["confidence"] else None)
        if confidence is not None and confidence >= min_confidence:
            rows.append({**{name: (s[name].value if s[name] is not None else None)
                            for name in names}, "confidence": confidence})
    return rows


def actor_labels(store: EmbeddedStore) -> dict[str, str]:
    return {s["actor"].value: s["label"].value for s in store.query(LABELS_QUERY)}


def summarise_contacts(rows: Iterable[dict], actor: str | None = None, since: str | None = None,
                       until: str | None = None) -> list[dict]:
    """Contacts grouped by unordered pair, most frequent first.

    ``since`` and ``until`` compare dates as text at the coarser precision of the two, so
    ``since="2024"`` keeps every 2024 contact.
    """
    events: dict[str, dict] = {}
    for row in rows:
        if actor and actor not in (row["a"], row["b"]):
            continue
        date = row.get("date")
        if since and (date is None or date[:len(since)] < since[:len(date)]):
            continue
        if until and (date is None or date[:len(until)] > until[:len(date)]):
            continue
        event = events.setdefault(row["event"], {**row, "docs": set(), "evidence_texts": set()})
        if row.get("doc"):
            event["docs"].add(row["doc"])
        if row.get("evidence"):
            event["evidence_texts"].add(row["evidence"])
    pairs: dict[tuple[str, str], dict] = {}
    for event in events.values():
        key = tuple(sorted((event["a"], event["b"])))
        pair = pairs.setdefault(key, {"actors": key, "contacts": 0, "dates": [], "modes": set(),
                                      "sources": set(), "evidence": [], "initiators": set()})
        pair["contacts"] += 1
        if event.get("date"):
            pair["dates"].append(event["date"])
        if event.get("mode"):
            pair["modes"].add(event["mode"])
        if event.get("initiator"):
            pair["initiators"].add(event["initiator"])
        pair["sources"] |= event["docs"]
        pair["evidence"].extend(sorted(event["evidence_texts"]))
    out = []
    for pair in pairs.values():
        dates = sorted(pair.pop("dates"))
        out.append({**pair, "first": dates[0] if dates else None,
                    "last": dates[-1] if dates else None,
                    "modes": sorted(pair["modes"]), "sources": sorted(pair["sources"]),
                    "initiators": sorted(pair["initiators"])})
    out.sort(key=lambda p: (p["last"] or "", p["actors"]), reverse=True)  # latest first...
    return sorted(out, key=lambda p: -p["contacts"])  # ...within the most frequent first
