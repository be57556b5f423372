"""The store projected as a NetworkX graph: one edge per event, nodes are actors or states.

Why plain rows: the on-disk store answers aggregate queries slowly, so events are read once
into rows (from the documents' digests, see :mod:`homologue.rdf.digest`) and every analysis
runs in NetworkX on the projected graph.

>>> rows = [
...     {"event": "e1", "type": "CONSULT", "a": "p:lecornu", "b": "p:shoigu", "date": "2024-04",
...      "mode": "phone", "claim": "2022-10", "doc": "d1", "evidence": "s'est entretenu"},
...     {"event": "e2", "type": "ACCUSE", "a": "p:lecornu", "b": "s:RUS", "date": "2024-04",
...      "mode": None, "claim": None, "doc": "d1", "evidence": "a condamné"},
... ]
>>> actors = {"p:lecornu": {"label": "Lecornu", "kind": "person", "country": "s:FRA"},
...           "p:shoigu": {"label": "Shoigu", "kind": "person", "country": "s:RUS"},
...           "s:RUS": {"label": "Russia", "kind": "state", "country": "s:RUS"},
...           "s:FRA": {"label": "France", "kind": "state", "country": "s:FRA"}}
>>> g = project(rows, actors, types={"CONSULT"})
>>> [(a, b, d["mode"], d["claim"]) for a, b, d in g.edges(data=True)]
[('p:lecornu', 'p:shoigu', 'phone', '2022-10')]
>>> s = project(rows, actors, level="state")
>>> sorted((a, b, d["type"]) for a, b, d in s.edges(data=True))
[('s:FRA', 's:RUS', 'ACCUSE'), ('s:FRA', 's:RUS', 'CONSULT')]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import networkx as nx

from homologue.analysis.periods import in_window
from homologue.rdf.digest import EVENT_FIELDS, confidence_value, mode_name, read_digest
from homologue.rdf.namespace import (ACTOR_KINDS, EVENT_TYPES, GAZETTEER_GRAPH, HOM,
                                     INTERACTION_CLASSES, ONTOLOGY_GRAPH)

PREFIXES = f"""PREFIX hom: <{HOM._NS}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""

_TYPE_VALUES = " ".join(f"<{iri}>" for iri in INTERACTION_CLASSES.values())
_TYPE_NAMES = {str(iri): name for name, iri in INTERACTION_CLASSES.items()}

_GRAPH = "?g"  # a graph variable, or the graph to read (see _undigested)

# The rows of the graphs that carry no digest (stores written before digests, or loaded from
# elsewhere), read graph by graph exactly as rdf.digest computes them.
UNDIGESTED_EVENTS_QUERY = PREFIXES + f"""
SELECT ?g ?event ?type ?a ?b ?date ?mode ?claim ?doc ?evidence ?confidence WHERE {{
  GRAPH {_GRAPH} {{
    VALUES ?type {{ {_TYPE_VALUES} }}
    ?event a ?type ; hom:source ?a ; hom:target ?b .
    OPTIONAL {{ ?event hom:date ?date }}
    OPTIONAL {{ ?event hom:mode ?mode }}
    OPTIONAL {{ ?event dcterms:temporal ?claim }}
    OPTIONAL {{ ?event hom:evidence ?m . ?m hom:document/dcterms:identifier ?doc ; hom:text ?evidence
               OPTIONAL {{ ?m hom:confidence ?confidence }} }}
  }}
}}
"""

_KIND_VALUES = " ".join(f"<{iri}>" for iri in ACTOR_KINDS)
UNDIGESTED_ACTORS_QUERY = PREFIXES + f"""
SELECT ?g ?actor ?kind ?label ?nationality ?code WHERE {{
  GRAPH {_GRAPH} {{
    VALUES ?kind {{ {_KIND_VALUES} }}
    ?actor a ?kind ; skos:prefLabel ?label .
    OPTIONAL {{ ?actor hom:nationality ?nationality }}
    OPTIONAL {{ ?actor hom:countryCode ?code }}
  }}
}}
"""

# The gazetteer's descriptions of the actors that take part in events, and of their states
# (not of its 30,000 others).
GAZETTEER_ACTORS_QUERY = PREFIXES + f"""
SELECT ?actor ?kind ?label ?nationality ?code WHERE {{
  {{ SELECT DISTINCT ?actor WHERE {{
      {{ ?event hom:participant ?actor }}
      UNION {{ ?event hom:participant ?person . ?person hom:nationality ?actor }} }} }}
  GRAPH <{GAZETTEER_GRAPH}> {{
    VALUES ?kind {{ {_KIND_VALUES} }}
    ?actor a ?kind ; skos:prefLabel ?label .
    OPTIONAL {{ ?actor hom:nationality ?nationality }}
    OPTIONAL {{ ?actor hom:countryCode ?code }}
  }}
}}
"""

DIGESTS_QUERY = PREFIXES + "SELECT ?g ?digest WHERE { GRAPH ?g { ?doc hom:digest ?digest } }"

POSITIONS_QUERY = PREFIXES + f"""
SELECT ?person ?role ?country ?start ?end WHERE {{
  GRAPH <{GAZETTEER_GRAPH}> {{
    ?position a hom:Position ; org:member ?person ; org:role ?role ; hom:country ?country .
    OPTIONAL {{ ?position hom:startDate ?start }}
    OPTIONAL {{ ?position hom:endDate ?end }}
  }}
}}
"""


def _value(term: object) -> str | None:
    return term.value if term is not None else None  # type: ignore[attr-defined]


@dataclass(frozen=True)
class StoreRows:
    """The rows of every document digest, and the graphs with no digest to read otherwise.

    ``unrated``: the graphs whose digests predate the confidence column (version 1); their
    triples are read instead when events are filtered by confidence.
    """

    events: list[list]
    actors: list[list]
    undigested: list[str]
    unrated: list[str] = field(default_factory=list)


def read_digests(store) -> StoreRows:
    """Every document's digest (see :mod:`homologue.rdf.digest`): one literal per document.

    Why: on the on-disk store a join costs about 20 µs per event whatever the query shape
    (200,000 events: 20 s and more), and the digests of the same events read in about 1 s.
    """
    events: list[list] = []
    actors: list[list] = []
    unrated: list[str] = []
    digested = {str(ONTOLOGY_GRAPH)}  # the ontology holds no events and no actors
    for solution in store.query(DIGESTS_QUERY, union=False):
        data = read_digest(solution["digest"].value)
        if data is not None:
            digested.add(solution["g"].value)
            events.extend(data["events"])
            actors.extend(data["actors"])
            if data["version"] == 1 and data["events"]:
                unrated.append(solution["g"].value)
    undigested = [g for g in store.graph_names() if g not in digested]
    return StoreRows(events, actors, undigested, unrated)


FEW_GRAPHS = 32  # up to this many graphs without a digest are read one by one


def _undigested(store, query: str, graphs: list[str]) -> Iterator:
    """The solutions of ``query`` in the given graphs: graph by graph when they are few
    (Oxigraph does not push a VALUES list of graphs into the GRAPH pattern: 2 s for one small
    graph in a 20,000-event store), else over every graph, keeping the ones asked for."""
    if len(graphs) <= FEW_GRAPHS:
        for graph in graphs:
            yield from store.query(query.replace(f"GRAPH {_GRAPH} ", f"GRAPH <{graph}> "))
        return
    wanted = set(graphs)
    yield from (s for s in store.query(query) if s["g"].value in wanted)


def event_rows(store, details: bool = True, rows: StoreRows | None = None,
               min_confidence: float = 0.0) -> list[dict]:
    """Every interaction with a source and a target, from the digests (and the triples of
    any graph without one).

    With ``details`` each evidence gives one row (document id, quoted text and the report's
    confidence); without, one row per event, which is what centrality on a large store needs.

    ``min_confidence`` keeps the reports (mentions) whose confidence, the one ``homologue
    extract`` prints, is at least that value, and so the events with at least one such report,
    cited by those reports only. A report of unknown confidence passes only at 0.
    """
    rows = rows or read_digests(store)
    found = rows.events
    confidence = EVENT_FIELDS.index("confidence")
    # graphs whose digests have no confidence column are read from their triples when needed
    from_triples = rows.undigested + (rows.unrated if min_confidence > 0 else [])
    if from_triples:
        found = list(found)
        for s in _undigested(store, UNDIGESTED_EVENTS_QUERY, from_triples):
            row = [_value(s[f]) for f in EVENT_FIELDS]
            row[1], row[5] = _TYPE_NAMES[row[1]], mode_name(row[5])
            row[confidence] = confidence_value(row[confidence])
            found.append(row)
    if min_confidence > 0:
        found = [row for row in found
                 if row[confidence] is not None and row[confidence] >= min_confidence]
    if details:  # every distinct (event, ..., document, evidence) row
        unique = dict.fromkeys(map(tuple, found))
        return [dict(zip(EVENT_FIELDS, row)) for row in unique]
    # one row per event: its type, actors, date and mode are the same in every report
    lean = EVENT_FIELDS[:6]
    return [dict(zip(lean, row)) for row in {row[0]: row for row in reversed(found)}.values()]


def actor_table(store, rows: StoreRows | None = None) -> dict[str, dict]:
    """Actor IRI -> label (English or neutral if any), kind, country (the state's IRI)."""
    rows = rows or read_digests(store)
    found = list(rows.actors)
    graphs = [g for g in rows.undigested if g != str(GAZETTEER_GRAPH)]
    solutions = list(_undigested(store, UNDIGESTED_ACTORS_QUERY, graphs)) if graphs else []
    if len(graphs) < len(rows.undigested):  # of the gazetteer, only who takes part and their states
        solutions += store.query(GAZETTEER_ACTORS_QUERY)
    found += [[s["actor"].value, s["kind"].value, s["label"].value, s["label"].language,
               _value(s["nationality"]), _value(s["code"])] for s in solutions]
    kinds = {str(iri): kind for iri, kind in ACTOR_KINDS.items()}
    actors: dict[str, dict] = {}
    languages: dict[str, str] = {}
    for iri, kind, label, language, nationality, code in found:
        entry = actors.setdefault(iri, {"label": label, "kind": kinds[kind], "country": None})
        if language in (None, "", "en") and languages.get(iri) != "en":
            entry["label"], languages[iri] = label, language or ""
        if code is not None:
            entry["country"] = iri
        elif nationality is not None:
            entry["country"] = nationality
    return actors


def position_rows(store) -> list[dict]:
    """Time-bounded positions from the gazetteer graph: person, role, country, start, end."""
    return [{"person": s["person"].value, "role": s["role"].value.rsplit("#", 1)[-1],
             "country": s["country"].value, "start": _value(s["start"]), "end": _value(s["end"])}
            for s in store.query(POSITIONS_QUERY)]


def group_events(rows: Iterable[Mapping]) -> dict[str, dict]:
    """One dict per event, its documents and evidence texts gathered from the rows."""
    events: dict[str, dict] = {}
    for row in rows:
        event = events.get(row["event"])
        if event is None:
            event = events[row["event"]] = {
                "event": row["event"], "type": row["type"], "a": row["a"], "b": row["b"],
                "date": row.get("date"), "mode": row.get("mode"), "claim": row.get("claim"),
                "docs": [], "evidence": []}
        doc, text = row.get("doc"), row.get("evidence")
        if doc and doc not in event["docs"]:
            event["docs"].append(doc)
        if text and text not in event["evidence"]:
            event["evidence"].append(text)
    return events


def positions_index(positions: Iterable[Mapping]) -> dict[str, list[tuple[str, str, str]]]:
    """Person -> [(start, end, country)], starts sorted; open ends as "9999"."""
    index: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for p in positions:
        index[p["person"]].append((p.get("start") or "0000", p.get("end") or "9999", p["country"]))
    for spans in index.values():
        spans.sort()
    return dict(index)


def state_of(actor: str, date: str | None, actors: Mapping[str, Mapping],
             positions: Mapping[str, list[tuple[str, str, str]]]) -> str:
    """The state (or organisation) an actor acted for at a date.

    A person counts for the country of a position held at that date (the latest one to start),
    else for their nationality; states count for themselves; anything else stays itself.

    >>> idx = positions_index([{"person": "p", "country": "NATO", "start": "2014-10-01",
    ...                         "end": "2024-10-01"}])
    >>> actors = {"p": {"kind": "person", "country": "NOR"}}
    >>> state_of("p", "2020-05", actors, idx), state_of("p", "2025-01-02", actors, idx)
    ('NATO', 'NOR')
    """
    info = actors.get(actor, {})
    if info.get("kind") in ("state", "territory"):
        return actor
    if date is not None:
        held = [c for s, e, c in positions.get(actor, ()) if s[:len(date)] <= date <= e[:len(date)]]
        if held:
            return held[-1]
    return info.get("country") or actor


def _code(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].upper()


def event_filter(actors: Mapping[str, Mapping] | None = None, positions: Iterable[Mapping] = (),
                 *, since: str | None = None, until: str | None = None,
                 types: Iterable[str] | None = None, kinds: Iterable[str] | None = None,
                 countries: Iterable[str] | None = None,
                 level: str = "person") -> Callable[[Mapping], tuple[str, str] | None]:
    """A test of one event (or row): the two nodes it joins, or None if it is filtered out.

    ``kinds`` keeps events whose two actors are of those kinds; ``countries`` (codes such as
    FRA) keeps events with at least one side from those countries at that date. At
    ``level="state"`` each side is replaced by :func:`state_of` and events within one state
    are dropped.
    """
    actors = actors or {}
    types = {t.upper() for t in types} if types else None
    kinds = set(kinds) if kinds else None
    countries = {c.upper() for c in countries} if countries else None
    index = positions_index(positions)

    def nodes(event: Mapping) -> tuple[str, str] | None:
        if types and event["type"] not in types:
            return None
        if (since or until) and not in_window(event.get("date"), since, until):
            return None
        a, b = event["a"], event["b"]
        if kinds and not (actors.get(a, {}).get("kind") in kinds
                          and actors.get(b, {}).get("kind") in kinds):
            return None
        if level == "state" or countries:
            sa, sb = (state_of(a, event.get("date"), actors, index),
                      state_of(b, event.get("date"), actors, index))
            if countries and _code(sa) not in countries and _code(sb) not in countries:
                return None
            if level == "state":
                return None if sa == sb else (sa, sb)
        return a, b

    return nodes


def kept_events(rows: Iterable[Mapping], actors: Mapping[str, Mapping] | None = None,
                positions: Iterable[Mapping] = (), **filters) -> Iterator[tuple[str, str, dict]]:
    """(node a, node b, event) for the events that pass the filters (see
    :func:`event_filter`); at the state level each event also keeps its two persons."""
    nodes = event_filter(actors, positions, **filters)
    by_state = filters.get("level") == "state"
    for event in group_events(rows).values():
        kept = nodes(event)
        if kept is None:
            continue
        if by_state:
            event = {**event, "person_a": event["a"], "person_b": event["b"]}
        yield kept[0], kept[1], event


def _describe_nodes(g: nx.Graph, actors: Mapping[str, Mapping] | None) -> None:
    actors = actors or {}
    for node in g.nodes:
        info = actors.get(node, {})
        g.nodes[node]["label"] = info.get("label") or node.rsplit("/", 1)[-1]
        g.nodes[node]["kind"] = info.get("kind") or "unknown"
        g.nodes[node]["country"] = info.get("country") or ""


def project(rows: Iterable[Mapping], actors: Mapping[str, Mapping] | None = None,
            positions: Iterable[Mapping] = (), **filters) -> nx.MultiDiGraph:
    """The events that pass the filters (see :func:`kept_events`) as a MultiDiGraph keyed
    by event IRI, every event's data on its edge."""
    g = nx.MultiDiGraph(level=filters.get("level", "person"))
    g.add_edges_from((a, b, event["event"], event)
                     for a, b, event in kept_events(rows, actors, positions, **filters))
    _describe_nodes(g, actors)
    return g


def project_weighted(rows: Iterable[Mapping], actors: Mapping[str, Mapping] | None = None,
                     positions: Iterable[Mapping] = (), **filters) -> nx.Graph:
    """The same events as an undirected Graph weighted by the number of events per pair.

    Why a second projection: rankings and communities need only the counts, and building one
    edge object per event costs more than the centrality itself on 200,000 events.

    >>> rows = [{"event": f"e{i}", "type": "CONSULT", "a": a, "b": b, "date": "2024"}
    ...         for i, (a, b) in enumerate([("A", "B"), ("B", "A"), ("A", "C"), ("C", "C")])]
    >>> sorted(project_weighted(rows).edges(data="weight"))
    [('A', 'B', 2), ('A', 'C', 1)]
    """
    nodes = event_filter(actors, positions, **filters)
    counts: Counter = Counter()
    seen: set[str] = set()
    for row in rows:  # rows, not grouped events: one dict per event costs more than the rest
        if row["event"] in seen:
            continue
        seen.add(row["event"])
        kept = nodes(row)
        if kept is not None and kept[0] != kept[1]:
            counts[kept if kept[0] <= kept[1] else (kept[1], kept[0])] += 1
    g = nx.Graph(level=filters.get("level", "person"))
    g.add_weighted_edges_from((a, b, n) for (a, b), n in counts.items())
    _describe_nodes(g, actors)
    return g


def load_graph(store, details: bool = True, weighted: bool = False,
               rows: StoreRows | None = None, min_confidence: float = 0.0,
               **filters) -> nx.Graph:
    """Read the store (the digests, unless already read into ``rows``, and the positions if
    needed) and project it: a MultiDiGraph of events, or with ``weighted`` the pair-count
    Graph. ``min_confidence``: only the reports that confident (see :func:`event_rows`)."""
    positions = position_rows(store) if (filters.get("level") == "state"
                                         or filters.get("countries")) else ()
    build = project_weighted if weighted else project
    rows = rows or read_digests(store)
    return build(event_rows(store, details and not weighted, rows, min_confidence),
                 actor_table(store, rows), positions, **filters)


def label(g: nx.Graph, node: str) -> str:
    return g.nodes[node].get("label", node) if node in g else node


def all_types() -> tuple[str, ...]:
    return EVENT_TYPES
