"""Interactive HTML views of the graph, drawn with pyvis's vis-network, that work offline.

The pipeline is plain data all the way: the store is read once (:func:`load_graph`), events are
selected (:func:`select_events`), optionally folded to the state level (:func:`to_state_level`),
turned into page data (:func:`build_view`: nodes, edges, legend, layout, what was left out) and
written as one UTF-8 page (:func:`render_html`) with every script and style inline.

Safety: texts from articles reach the page only inside a JSON block (``<`` ``>`` ``&`` escaped
as ``\\u003c``...) and are put on screen with ``textContent``, so an article containing
``<script>`` shows that text and runs nothing; a Content-Security-Policy forbids any fetch.

Big graphs: beyond ``max_nodes`` actors the view keeps the most central ones and says in the
page what was left out. Positions are computed here (a vectorised Fruchterman-Reingold in
numpy, about a second for 1,000 nodes) so the browser only refines small graphs and draws big
ones at once: vis-network's own physics takes minutes on 1,000 nodes in software rendering.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from homologue.errors import InputError
from homologue.rdf.namespace import ACTOR, ACTOR_KINDS, HOM

TYPE_COLOURS = {
    "CONSULT": "#1f77b4", "AGREE": "#2ca02c", "SUPPORT": "#98df8a", "COOPERATE": "#17becf",
    "AID": "#8c564b", "CONCEDE": "#c5b0d5", "RETREAT": "#9edae5", "REQUEST": "#bcbd22",
    "ACCUSE": "#ff7f0e", "REJECT": "#ffbb78", "THREATEN": "#e377c2", "PROTEST": "#f7b6d2",
    "SANCTION": "#9467bd", "MOBILIZE": "#7f7f7f", "COERCE": "#d62728", "ASSAULT": "#8b0000",
    "CLAIM": "#525252",
}
KIND_COLOURS = {
    "person": "#4e79a7", "state": "#f28e2b", "territory": "#edc948",
    "international_organisation": "#59a14f", "armed_group": "#e15759",
    "government_body": "#76b7b2", "organisation": "#b07aa1", "group": "#bab0ac",
}
COUNTRY_PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
                   "#b07aa1", "#ff9da7", "#9c755f", "#1b9e77", "#d95f02", "#7570b3"]
NO_COUNTRY = "#c8c8c8"
UNDIRECTED = {"CONSULT"}
# Measured in bench/bench_view.py: 1,000 nodes with precomputed positions draw in about a
# second in headless Chromium; vis-network physics is kept for graphs small enough to settle
# in well under a second.
MAX_NODES = 1000
PHYSICS_NODES = 150
EVIDENCE_CHARS = 400
# Big graphs are drawn zoomed out: only the most central actors get labels big enough to show.
MAJOR_LABELS = 15
# The only URLs left in the page: XML namespace names that DOM calls compare as strings and
# never fetch (vis-network creates SVG elements with createElementNS).
NAMESPACE_NAMES = ("http://www.w3.org/2000/svg",)

PREFIXES = f"""
PREFIX hom: <{HOM._NS}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX org: <http://www.w3.org/ns/org#>
"""
# Each property is read by its own sub-query and the reads are joined on the event: scans and
# hash joins rather than a lookup per event and property (README, "Named queries on disk").
# Each report's confidence is read (one more scan) only to filter on it.
_EVENTS_QUERY = PREFIXES + """
SELECT ?event ?class ?source ?target ?date ?mode ?text ?doc ?initiator%(variable)s WHERE {
  { SELECT ?event ?source WHERE { ?event hom:source ?source } }
  { SELECT ?event ?target WHERE { ?event hom:target ?target } }
  { SELECT ?event ?class WHERE { ?event a ?class } }
  OPTIONAL { { SELECT ?event ?date WHERE { ?event hom:date ?date } } }
  OPTIONAL { { SELECT ?event ?mode
               WHERE { { SELECT ?event ?m WHERE { ?event hom:mode ?m } }
                       { SELECT ?m ?mode WHERE { ?m skos:notation ?mode } } } } }
  OPTIONAL { { SELECT ?event ?initiator WHERE { ?event hom:initiator ?initiator } } }
  OPTIONAL { { SELECT ?event ?text ?doc%(variable)s
               WHERE { { SELECT ?event ?m WHERE { ?event hom:evidence ?m } }
                       { SELECT ?m ?text WHERE { ?m hom:text ?text } }%(confidence)s
                       OPTIONAL { { SELECT ?m ?doc
                                    WHERE { { SELECT ?m ?d WHERE { ?m hom:document ?d } }
                                            { SELECT ?d ?doc WHERE { ?d dcterms:identifier ?doc } } } } } } } }
}
"""
EVENTS_QUERY = _EVENTS_QUERY % {"variable": "", "confidence": ""}
CONFIDENT_EVENTS_QUERY = _EVENTS_QUERY % {
    "variable": " ?confidence",
    "confidence": "\n                       OPTIONAL { { SELECT ?m ?confidence "
                  "WHERE { ?m hom:confidence ?confidence } } }"}
# Actors are the instances of the actor classes (and titles such as "the Chinese premier").
# Each document repeats the description of the actors it mentions, and the union of the graphs
# returns every copy: each property is read once per actor (DISTINCT), or an actor mentioned by
# n documents would give n rows per property, multiplied together.
ACTORS_QUERY = PREFIXES + """
SELECT ?actor ?kind ?label ?wikidata ?nationality ?country ?code WHERE {
  { SELECT DISTINCT ?actor ?kind
    WHERE { VALUES ?kind { %s } ?actor a ?kind } }
  { SELECT DISTINCT ?actor ?label WHERE { ?actor skos:prefLabel ?label } }
  OPTIONAL { { SELECT DISTINCT ?actor ?wikidata WHERE { ?actor owl:sameAs ?wikidata } } }
  OPTIONAL { { SELECT DISTINCT ?actor ?nationality WHERE { ?actor hom:nationality ?nationality } } }
  OPTIONAL { { SELECT DISTINCT ?actor ?country WHERE { ?actor hom:country ?country } } }
  OPTIONAL { { SELECT DISTINCT ?actor ?code WHERE { ?actor hom:countryCode ?code } } }
}
""" % " ".join(f"<{cls}>" for cls in (*ACTOR_KINDS, HOM.Actor, HOM.Title))
ALT_LABELS_QUERY = PREFIXES + """
SELECT ?actor ?alt WHERE {
  { SELECT DISTINCT ?actor WHERE { ?event hom:participant ?actor } }
  { SELECT DISTINCT ?actor ?alt WHERE { ?actor skos:altLabel ?alt } }
}
"""
POSITIONS_QUERY = PREFIXES + """
SELECT ?person ?role ?country ?start ?end WHERE {
  ?position a hom:Position ; org:member ?person ; org:role ?role ; hom:country ?country .
  OPTIONAL { ?position hom:startDate ?start }
  OPTIONAL { ?position hom:endDate ?end }
}
"""


# -- reading the store ---------------------------------------------------------------------------


@dataclass
class GraphData:
    """Everything a view needs from the store, as plain data.

    ``events``: dicts with id, type, source, target, date, mode, initiator, evidence
    [(doc, text)]. ``actors``: IRI → dict with kind, label, labels, wikidata, nationality,
    country, code. ``positions``: person IRI → [(role, country IRI, start, end)].
    """

    events: list[dict]
    actors: dict[str, dict]
    positions: dict[str, list[tuple[str, str, str | None, str | None]]] = field(
        default_factory=dict)


def load_graph(store, min_confidence: float = 0.0) -> GraphData:
    """Read events, actors and positions (from the gazetteer graph) in three queries.

    ``min_confidence`` keeps the reports (mentions) whose confidence, the one ``homologue
    extract`` prints, is at least that value: an event stays if one of its reports is that
    confident, with those reports' evidence only. A report of unknown confidence passes
    only at 0.
    """
    from homologue.rdf.digest import confidence_value
    from homologue.rdf.namespace import event_type_of

    events: dict[str, dict] = {}
    filtered = min_confidence > 0
    for s in store.query(CONFIDENT_EVENTS_QUERY if filtered else EVENTS_QUERY):
        kind = event_type_of(s["class"].value)
        if kind is None:
            continue
        if filtered:
            confidence = confidence_value(_value(s["confidence"]))
            if confidence is None or confidence < min_confidence:
                continue
        event = events.setdefault(s["event"].value, {
            "id": s["event"].value, "type": kind, "source": s["source"].value,
            "target": s["target"].value, "date": _value(s["date"]), "mode": _value(s["mode"]),
            "initiator": _value(s["initiator"]), "evidence": []})
        if s["text"] is not None:
            item = (_value(s["doc"]), s["text"].value)
            if item not in event["evidence"]:
                event["evidence"].append(item)
    kinds = {str(k): v for k, v in ACTOR_KINDS.items()}
    actors: dict[str, dict] = {}
    for s in store.query(ACTORS_QUERY):
        iri = s["actor"].value
        actor = actors.setdefault(iri, {"kind": None, "label": None, "labels": [],
                                        "wikidata": None, "nationality": None,
                                        "country": None, "code": None})
        label = s["label"]
        if label.value not in actor["labels"]:
            actor["labels"].append(label.value)
        if actor["label"] is None or (label.language == "en"):
            actor["label"] = label.value
        actor["kind"] = actor["kind"] or kinds.get(s["kind"].value)
        for key in ("wikidata", "nationality", "country", "code"):
            if s[key] is not None and actor[key] is None:
                actor[key] = s[key].value
        if actor["wikidata"] and "/" in actor["wikidata"]:
            actor["wikidata"] = actor["wikidata"].rsplit("/", 1)[-1]
    for s in store.query(ALT_LABELS_QUERY):
        actor = actors.get(s["actor"].value)
        if actor is not None and s["alt"].value not in actor["labels"]:
            actor["labels"].append(s["alt"].value)
    positions: dict[str, list] = defaultdict(list)
    for s in store.query(POSITIONS_QUERY):
        role = _role_name(s["role"].value)
        positions[s["person"].value].append(
            (role, s["country"].value, _value(s["start"]), _value(s["end"])))
    return GraphData(list(events.values()), actors, dict(positions))


def _value(term: object) -> str | None:
    return None if term is None else term.value


def _role_name(iri: str) -> str:
    """``...#DefenceMinister`` → ``defence minister``."""
    local = re.split(r"[#/]", iri)[-1]
    return re.sub(r"(?<!^)(?=[A-Z])", " ", local).lower()


# -- choosing what to show -----------------------------------------------------------------------


@dataclass(frozen=True)
class ViewSpec:
    """What the user asked for; names are resolved against the graph by :func:`select_events`."""

    actor: str | None = None
    depth: int = 1
    pair: tuple[str, str] | None = None
    level: str = "actor"
    since: str | None = None
    until: str | None = None
    types: tuple[str, ...] = ()
    country: str | None = None
    color: str = "kind"
    size: str = "degree"
    max_nodes: int = MAX_NODES
    min_confidence: float = 0.0


def in_window(date: str | None, since: str | None, until: str | None) -> bool:
    """Date bounds compared at the coarser precision of the two, like the ``contacts`` report.

    >>> in_window("2024-04", "2024", None), in_window("2023-12-31", "2024", None)
    (True, False)
    >>> in_window(None, None, None), in_window(None, "2024", None)
    (True, False)
    """
    if since is None and until is None:
        return True
    if date is None:
        return False
    if since and date[:len(since)] < since[:len(date)]:
        return False
    return not (until and date[:len(until)] > until[:len(date)])


def unit_of(iri: str, date: str | None, graph: GraphData) -> str:
    """The state an actor acted for at ``date``: itself for states, the country of the position
    a person held then (from the gazetteer), else their nationality; a body's country.

    Persons holding an international post (NATO secretary-general) count for that organisation.
    Actors with no country (armed groups, most organisations) stay themselves.
    """
    actor = graph.actors.get(iri, {})
    kind = actor.get("kind")
    if kind in ("state", "territory", "international_organisation"):
        return iri
    if kind == "person":
        held = [country for _role, country, start, end in graph.positions.get(iri, ())
                if date and _holds(date, start, end)]
        if held:
            return held[0]
        if actor.get("nationality"):
            return actor["nationality"]
        countries = {country for _r, country, _s, _e in graph.positions.get(iri, ())}
        return countries.pop() if len(countries) == 1 else iri
    if kind == "government_body" and actor.get("country"):
        return actor["country"]
    return iri


def _holds(date: str, start: str | None, end: str | None) -> bool:
    """Whether a position held from ``start`` to ``end`` covers ``date`` (coarser precision)."""
    return ((start is None or date[:len(start)] >= start[:len(date)])
            and (end is None or date[:len(end)] <= end[:len(date)]))


def resolve_actor(name: str, candidates: Iterable[str], graph: GraphData, what: str) -> str:
    """An actor IRI from a name, a label (any language, accents ignored) or a country code."""
    from homologue.rdf.gazetteer import fold

    candidates = list(candidates)
    if name in candidates:
        return name
    if (str(ACTOR) + name) in candidates:
        return str(ACTOR) + name
    wanted = fold(name)
    def labels(iri):
        actor = graph.actors.get(iri, {})
        return [fold(x) for x in actor.get("labels", [])] + [fold(actor.get("code") or "")]
    hits = [iri for iri in candidates if wanted in labels(iri)]
    hits = hits or [iri for iri in candidates if any(wanted in lab for lab in labels(iri))]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise InputError(f"{what}: no actor named {name!r} in this view "
                         "(check the spelling, or widen --since/--until/--type/--country)")
    names = ", ".join(sorted(_label(h, graph) for h in hits)[:8])
    raise InputError(f"{what}: {name!r} is ambiguous ({names}): give the full name")


def select_events(graph: GraphData, spec: ViewSpec) -> tuple[list[dict], dict]:
    """The events of the view, endpoints already folded to the state level if asked.

    Returns the events (copies, with ``source``/``target`` rewritten at the state level and
    ``actors`` keeping the original pair) and notes for the page: events inside one state,
    and the members counted for each state.
    """
    from homologue.rdf.namespace import EVENT_TYPES

    types = {t.upper() for t in spec.types}
    unknown = sorted(types - set(EVENT_TYPES))
    if unknown:
        raise InputError(f"--type: unknown event type {', '.join(unknown)} "
                         f"(choose among {', '.join(EVENT_TYPES)})")
    events = [e for e in graph.events
              if in_window(e["date"], spec.since, spec.until)
              and (not types or e["type"] in types)]
    if spec.country:
        states = [iri for iri, a in graph.actors.items()
                  if a["kind"] in ("state", "territory", "international_organisation")]
        country = resolve_actor(spec.country, states, graph, "--country")
        events = [e for e in events if any(
            country in (unit_of(x, e["date"], graph), graph.actors.get(x, {}).get("nationality"))
            for x in (e["source"], e["target"]))]
    notes: dict = {"internal": 0, "members": defaultdict(set)}
    if spec.level == "state":
        folded = []
        for e in events:
            source, target = (unit_of(x, e["date"], graph) for x in (e["source"], e["target"]))
            if source == target:
                notes["internal"] += 1
                continue
            for unit, original in ((source, e["source"]), (target, e["target"])):
                if unit != original:
                    notes["members"][unit].add(original)
            initiator = e["initiator"] and unit_of(e["initiator"], e["date"], graph)
            folded.append(dict(e, source=source, target=target, initiator=initiator,
                               actors=(e["source"], e["target"])))
        events = folded
    present = {x for e in events for x in (e["source"], e["target"])}
    if spec.pair:
        a, b = (resolve_actor(n, present, graph, "--pair") for n in spec.pair)
        events = [e for e in events if {e["source"], e["target"]} == {a, b}]
        notes["focus"] = [a, b]
    elif spec.actor:
        import networkx as nx

        centre = resolve_actor(spec.actor, present, graph, "--actor")
        g = nx.Graph((e["source"], e["target"]) for e in events)
        keep = set(nx.single_source_shortest_path_length(g, centre, cutoff=spec.depth))
        events = [e for e in events if e["source"] in keep and e["target"] in keep]
        notes["focus"] = [centre]
    return events, notes


# -- page data -----------------------------------------------------------------------------------


def centrality(events: list[dict], measure: str) -> dict[str, float]:
    """Degree centrality (distinct counterparts) or PageRank weighted by number of events."""
    import networkx as nx

    if measure == "pagerank":
        g = nx.DiGraph()
        for e in events:
            pairs = [(e["source"], e["target"])]
            if e["type"] in UNDIRECTED:
                pairs.append((e["target"], e["source"]))
            for s, t in pairs:
                if s != t:
                    w = g.get_edge_data(s, t, {"weight": 0})["weight"]
                    g.add_edge(s, t, weight=w + 1)
        try:
            return nx.pagerank(g, weight="weight") if len(g) else {}
        except ImportError:
            raise InputError("--size pagerank needs scipy: pip install scipy, "
                             "or use --size degree") from None
    g = nx.Graph((e["source"], e["target"]) for e in events if e["source"] != e["target"])
    return nx.degree_centrality(g) if len(g) > 1 else {n: 1.0 for n in g}


def build_view(graph: GraphData, events: list[dict], spec: ViewSpec,
               notes: dict | None = None, title: str = "Homologue — contacts") -> dict:
    """The page data: nodes with positions, tooltips data, edges with their events, legends."""
    notes = notes or {"internal": 0, "members": {}}
    score = centrality(events, spec.size)
    events_per_actor = Counter(x for e in events for x in {e["source"], e["target"]})
    everyone = sorted(events_per_actor, key=lambda n: (-score.get(n, 0), -events_per_actor[n],
                                                       _label(n, graph)))
    kept = everyone[:spec.max_nodes]
    omitted = None
    if len(everyone) > len(kept):
        keep = set(kept) | set(notes.get("focus", ()))
        shown = [e for e in events if e["source"] in keep and e["target"] in keep]
        omitted = {"actors": len(everyone) - len(keep), "total_actors": len(everyone),
                   "events": len(events) - len(shown), "total_events": len(events),
                   "max": spec.max_nodes, "measure": spec.size}
        kept = [n for n in everyone if n in keep]
        events = shown
    ids = {iri: i for i, iri in enumerate(kept)}
    edges = _edges(events, ids, graph)
    counterparts = defaultdict(set)
    for e in events:
        counterparts[e["source"]].add(e["target"])
        counterparts[e["target"]].add(e["source"])
    colour_of, legend = _colours(kept, events, graph, spec.color)
    positions = layout(len(kept), [(ids[e["from_iri"]], ids[e["to_iri"]], e["count"])
                                   for e in edges])
    top = max((score.get(n, 0) for n in kept), default=1) or 1
    dates_of = defaultdict(list)
    for e in events:
        if e["date"]:
            for x in {e["source"], e["target"]}:
                dates_of[x].append(e["date"])
    nodes = []
    for iri in kept:
        actor = graph.actors.get(iri, {})
        dates = dates_of[iri]
        x, y = positions[ids[iri]]
        nodes.append({
            "id": ids[iri], "key": _short(iri), "label": _label(iri, graph),
            "kind": actor.get("kind") or "group", "color": colour_of[iri],
            "major": ids[iri] < MAJOR_LABELS,  # ids follow centrality: the top ones
            # Square root: area, not radius, grows with centrality (hubs would dwarf the rest).
            "value": round(1 + 9 * math.sqrt(score.get(iri, 0) / top), 3), "x": x, "y": y,
            "tip": {"labels": [x for x in actor.get("labels", []) if x != _label(iri, graph)][:8],
                    "wikidata": actor.get("wikidata"),
                    "roles": _roles(iri, dates, graph),
                    "members": sorted(_label(m, graph) for m in notes["members"].get(iri, ()))[:12],
                    "events": events_per_actor[iri], "counterparts": len(counterparts[iri]),
                    "centrality": round(score.get(iri, 0), 4)},
        })
    for edge in edges:
        del edge["from_iri"], edge["to_iri"]
    dates = sorted(e["date"] for e in events if e["date"])
    return {
        "title": title, "subtitle": describe(spec, graph, notes),
        "nodes": nodes, "edges": edges, "typeColours": TYPE_COLOURS, "legend": legend,
        "colorBy": spec.color, "sizeBy": spec.size, "physics": len(nodes) <= PHYSICS_NODES,
        "omitted": omitted, "internal": notes["internal"],
        "focus": [ids[f] for f in notes.get("focus", ()) if f in ids],
        "pair": spec.pair is not None, "dateRange": [dates[0], dates[-1]] if dates else None,
    }


def _short(iri: str) -> str:
    """Actor IRIs minted here keep their local name; never a URL in the page."""
    return iri[len(str(ACTOR)):] if iri.startswith(str(ACTOR)) else re.split(r"[#/]", iri)[-1]


def _label(iri: str, graph: GraphData) -> str:
    return graph.actors.get(iri, {}).get("label") or _short(iri)


def _roles(iri: str, dates: list[str], graph: GraphData) -> list[str]:
    """Positions held during the events shown (all positions if the actor's events are undated)."""
    out = []
    for role, country, start, end in graph.positions.get(iri, ()):
        if dates and not any(_holds(d, start, end) for d in dates):
            continue
        span = f"{(start or '?')[:4]}–{(end or '')[:4]}"
        out.append(f"{role}, {_label(country, graph)} ({span})")
    return out


def _edges(events: list[dict], ids: dict[str, int], graph: GraphData) -> list[dict]:
    """One edge per (source, target, type); CONSULT per unordered pair, its initiators marked."""
    grouped: dict[tuple, list[dict]] = defaultdict(list)
    for e in events:
        s, t = e["source"], e["target"]
        if e["type"] in UNDIRECTED and ids[s] > ids[t]:
            s, t = t, s
        grouped[(s, t, e["type"])].append(e)
    per_pair = Counter()
    edges = []
    for (s, t, kind), items in sorted(grouped.items(), key=lambda kv: (ids[kv[0][0]],
                                                                       ids[kv[0][1]], kv[0][2])):
        items.sort(key=lambda e: e["date"] or "")
        pair = (min(ids[s], ids[t]), max(ids[s], ids[t]))
        initiators = sorted({ids[e["initiator"]] for e in items
                             if e.get("initiator") in (s, t)})
        edges.append({
            "id": len(edges), "from": ids[s], "to": ids[t], "from_iri": s, "to_iri": t,
            "type": kind, "directed": kind not in UNDIRECTED, "initiators": initiators,
            "lane": per_pair[pair], "count": len(items),
            "events": [{"date": e["date"], "mode": e["mode"],
                        "initiator": _label(e["initiator"], graph) if e.get("initiator") else None,
                        "actors": [_label(x, graph) for x in e["actors"]] if e.get("actors") else None,
                        "evidence": [[doc, text[:EVIDENCE_CHARS]] for doc, text in e["evidence"][:3]]}
                       for e in items],
        })
        per_pair[pair] += 1
    return edges


def _colours(nodes: list[str], events: list[dict], graph: GraphData,
             by: str) -> tuple[dict[str, str], list[list[str]]]:
    """Colour per node and the legend [(name, colour)]: by actor kind, or by country."""
    if by == "kind":
        kinds = {n: graph.actors.get(n, {}).get("kind") or "group" for n in nodes}
        legend = [[k.replace("_", " "), c] for k, c in KIND_COLOURS.items()
                  if k in set(kinds.values())]
        return {n: KIND_COLOURS.get(k, NO_COUNTRY) for n, k in kinds.items()}, legend
    last_date = {}
    for e in sorted(events, key=lambda e: e["date"] or ""):
        for x in (e["source"], e["target"]):
            last_date[x] = e["date"]
    country = {}
    for n in nodes:
        unit = unit_of(n, last_date.get(n), graph)
        country[n] = unit if unit != n or graph.actors.get(n, {}).get("kind") in (
            "state", "territory", "international_organisation") else None
    ranked = [c for c, _ in Counter(c for c in country.values() if c).most_common()]
    palette = {c: COUNTRY_PALETTE[i] for i, c in enumerate(ranked[:len(COUNTRY_PALETTE)])}
    legend = [[_label(c, graph), palette[c]] for c in palette]
    if len(ranked) > len(palette):
        legend.append([f"{len(ranked) - len(palette)} other countries", NO_COUNTRY])
    if None in country.values():
        legend.append(["no country", NO_COUNTRY])
    return {n: palette.get(country[n], NO_COUNTRY) for n in nodes}, legend


def layout(n: int, edges: list[tuple[int, int, int]], iterations: int = 50,
           seed: int = 1) -> list[tuple[float, float]]:
    """Positions (pixels) by Fruchterman-Reingold with gravity, vectorised in numpy.

    networkx's spring_layout takes 3 s (dense) to 13 s (sparse) on 1,000 nodes here; this one
    takes about 1 s (50 iterations of a dozen element-wise passes over n×n float32 arrays).
    Gravity keeps disconnected components on screen.
    """
    import numpy as np

    if n == 0:
        return []
    if n == 1:
        return [(0.0, 0.0)]
    rng = np.random.default_rng(seed)
    pos = (rng.random((n, 2)) - 0.5).astype(np.float32)
    k = math.sqrt(1.0 / n)
    src = np.array([e[0] for e in edges], dtype=np.intp)
    dst = np.array([e[1] for e in edges], dtype=np.intp)
    weight = np.log1p(np.array([e[2] for e in edges], dtype=np.float32))[:, None]
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    # Element-wise passes over n×n buffers reused each iteration: no BLAS call, whose threads
    # slowed this 3× on a busy 2-core machine.
    dx, dy, inv = (np.empty((n, n), np.float32) for _ in range(3))
    for _ in range(iterations):
        np.subtract(pos[:, 0, None], pos[None, :, 0], out=dx)
        np.subtract(pos[:, 1, None], pos[None, :, 1], out=dy)
        np.multiply(dx, dx, out=inv)
        inv += dy * dy
        np.maximum(inv, 1e-6, out=inv)
        np.divide(k * k, inv, out=inv)  # repulsion k²/d along the unit vector: k² d⃗/d²
        np.fill_diagonal(inv, 0.0)
        disp = np.stack([(dx * inv).sum(1), (dy * inv).sum(1)], axis=1)
        if len(src):
            delta = pos[src] - pos[dst]
            pull = delta * np.sqrt((delta ** 2).sum(1))[:, None] / k * (1 + weight)
            np.subtract.at(disp, src, pull)
            np.add.at(disp, dst, pull)
        disp -= pos * 2.0 * k * math.sqrt(n)  # gravity towards the centre
        length = np.maximum(np.sqrt((disp ** 2).sum(1)), 1e-9)[:, None]
        pos += disp / length * np.minimum(length, temperature)
        temperature -= cooling
    pos -= pos.mean(0)
    spread = float(np.abs(pos).max()) or 1.0
    scale = 60 * math.sqrt(n) / spread
    return [(round(float(x) * scale, 1), round(float(y) * scale, 1)) for x, y in pos]


def describe(spec: ViewSpec, graph: GraphData, notes: dict) -> str:
    """One line saying what the view shows, for the page heading."""
    parts = ["state level" if spec.level == "state" else "actors"]
    focus = notes.get("focus") or []
    if spec.pair and focus:
        parts.append("history of " + " and ".join(_label(f, graph) for f in focus))
    elif spec.actor and focus:
        parts.append(f"neighbourhood of {_label(focus[0], graph)} (depth {spec.depth})")
    if spec.since or spec.until:
        parts.append(f"from {spec.since or 'the start'} to {spec.until or 'now'}")
    if spec.types:
        parts.append("types " + ", ".join(t.upper() for t in spec.types))
    if spec.country:
        parts.append(f"involving {spec.country}")
    if spec.min_confidence > 0:
        parts.append(f"reports of confidence ≥ {spec.min_confidence:g}")
    return " · ".join(parts)


# -- the page ------------------------------------------------------------------------------------


def vis_options(physics: bool) -> dict:
    """vis-network options, built with pyvis (the library the page bundles)."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.set_options(json.dumps({
        "physics": {"enabled": physics, "solver": "forceAtlas2Based",
                    "stabilization": {"enabled": physics, "iterations": 150, "fit": True},
                    "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 110,
                                         "avoidOverlap": 0.4}},
        "layout": {"improvedLayout": False},
        "edges": {"smooth": False, "arrowStrikethrough": False, "selectionWidth": 2,
                  "font": {"size": 0}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": not physics},
        "nodes": {"shape": "dot", "scaling": {"min": 8, "max": 36,
                                              "label": {"enabled": physics, "min": 12, "max": 22,
                                                        "drawThreshold": 7}},
                  "font": {"size": 13, "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "borderWidth": 1},
    }))
    options = net.options
    return options if isinstance(options, dict) else json.loads(options.to_json())


def vis_library() -> tuple[str, str]:
    """pyvis's bundled vis-network (JS, CSS), made safe to inline and free of URLs.

    The licence header and two strings (core-js's licence field, a uuid error message) carry
    URLs as text: they lose their scheme (``github.com/visjs``: still readable, no longer a
    link). The SVG namespace name stays: it is an identifier compared as a string by
    ``createElementNS``, never fetched (and the page's Content-Security-Policy blocks fetches).
    """
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    script = (lib / "vis-network.min.js").read_text("utf-8")
    style = (lib / "vis-network.css").read_text("utf-8")
    script = URL.sub(_unlink, script)
    style = URL.sub(_unlink, style)
    return script.replace("</script", "<\\/script"), style.replace("</style", "<\\/style")


# Anchored at the start of a word and bounded: base64 images in the CSS are long letter runs.
URL = re.compile(r"(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,15}://[^\s\"'()<>]+", re.IGNORECASE)


def _unlink(match: re.Match) -> str:
    url = match.group(0)
    return url if url in NAMESPACE_NAMES else url.split("://", 1)[1]


def render_html(page: dict) -> str:
    """A self-contained UTF-8 page: vis-network inline, the data as escaped JSON."""
    script, style = vis_library()
    data = dict(page, options=vis_options(page["physics"]))
    payload = (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
               .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    template = (resources.files("homologue.export") / "view.html").read_text("utf-8")
    return (template.replace("/*VIS_CSS*/", style)
            .replace("/*VIS_JS*/", script)
            .replace("/*GRAPH_DATA*/", payload)
            .replace("<!--TITLE-->", _escape(page["title"])))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_view(store, path: str | Path, spec: ViewSpec = ViewSpec()) -> dict:
    """Write the view asked for to ``path``; returns its page data (nodes, edges, omitted)."""
    graph = load_graph(store, spec.min_confidence)
    events, notes = select_events(graph, spec)
    page = build_view(graph, events, spec, notes)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(render_html(page), encoding="utf-8")
    return page
