"""The store projected as a NetworkX graph: one edge per event, nodes are actors or states.

Why one query: the on-disk store answers one big SELECT quickly and many small ones slowly
(see shared/docs/measurements.md), so events are read once into plain rows and every analysis
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

import hashlib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import networkx as nx

from homologue.analysis.periods import in_window
from homologue.rdf.namespace import ACTOR_KINDS, EVENT_TYPES, GAZETTEER_GRAPH, HOM, INTERACTION_CLASSES

PREFIXES = f"""PREFIX hom: <{HOM._NS}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""

_TYPE_VALUES = " ".join(f"<{iri}>" for iri in INTERACTION_CLASSES.values())
_TYPE_NAMES = {str(iri): name for name, iri in INTERACTION_CLASSES.items()}

EVENTS_QUERY = PREFIXES + f"""
SELECT ?event ?type ?a ?b ?date ?mode ?claim ?doc ?evidence WHERE {{
  VALUES ?type {{ {_TYPE_VALUES} }}
  ?event a ?type ; hom:source ?a ; hom:target ?b .
  OPTIONAL {{ ?event hom:date ?date }}
  OPTIONAL {{ ?event hom:mode/skos:notation ?mode }}
  OPTIONAL {{ ?event dcterms:temporal ?claim }}
  OPTIONAL {{ ?event hom:evidence ?m . ?m hom:document/dcterms:identifier ?doc ; hom:text ?evidence }}
}}
"""

# The lean variant for large graphs: no evidence join (one row per event).
EVENTS_QUERY_LEAN = PREFIXES + f"""
SELECT ?event ?type ?a ?b ?date ?mode WHERE {{
  VALUES ?type {{ {_TYPE_VALUES} }}
  ?event a ?type ; hom:source ?a ; hom:target ?b .
  OPTIONAL {{ ?event hom:date ?date }}
  OPTIONAL {{ ?event hom:mode/skos:notation ?mode }}
}}
"""

_KIND_VALUES = " ".join(f"<{iri}>" for iri in ACTOR_KINDS)
ACTORS_QUERY = PREFIXES + f"""
SELECT ?actor ?kind ?label ?nationality ?code WHERE {{
  VALUES ?kind {{ {_KIND_VALUES} }}
  ?actor a ?kind ; skos:prefLabel ?label .
  OPTIONAL {{ ?actor hom:nationality ?nationality }}
  OPTIONAL {{ ?actor hom:countryCode ?code }}
}}
"""

POSITIONS_QUERY = PREFIXES + f"""
SELECT ?person ?role ?country ?start ?end WHERE {{
  GRAPH <{GAZETTEER_GRAPH}> {{
    ?position a hom:Position ; org:member ?person ; org:role ?role ; hom:country ?country .
    OPTIONAL {{ ?position hom:startDate ?start }}
    OPTIONAL {{ ?position hom:endDate ?end }}
  }}
}}
"""

EVENT_FIELDS = ("event", "type", "a", "b", "date", "mode", "claim", "doc", "evidence")


def _value(term: object) -> str | None:
    return term.value if term is not None else None  # type: ignore[attr-defined]


def event_rows(store, details: bool = True, cache: bool = True) -> list[dict]:
    """Every interaction with a source and a target, read in one query.

    With ``details`` each evidence gives one row (document id and quoted text); without, one
    row per event, which is what centrality on a large store needs.

    Why a cache: on the on-disk store the join costs about 20 µs per event whatever the
    query shape (200,000 events: 20 s and more), against about 1 s to read the same rows back
    from a JSON file. The rows are kept under the user's cache folder, keyed by the store's
    files (names, sizes, times), so any write to the store makes the next read query again.
    """
    query = EVENTS_QUERY if details else EVENTS_QUERY_LEAN
    fields = EVENT_FIELDS if details else EVENT_FIELDS[:6]
    cache_file = _cache_file(store, query) if cache else None
    if cache_file is not None:
        cached = _read_cache(cache_file, fields)
        if cached is not None:
            return cached
    rows = []
    for solution in store.query(query):
        row = dict(zip(fields, (_value(solution[f]) for f in fields)))
        row["type"] = _TYPE_NAMES.get(row["type"], row["type"])
        rows.append(row)
    if cache_file is not None:
        _write_cache(cache_file, fields, rows)
    return rows


def cache_folder() -> Path | None:
    """$HOMOLOGUE_CACHE_DIR, else $XDG_CACHE_HOME/homologue, else ~/.cache/homologue;
    HOMOLOGUE_CACHE_DIR=off turns the cache off."""
    configured = os.environ.get("HOMOLOGUE_CACHE_DIR")
    if configured:
        return None if configured.lower() in ("off", "0", "no") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "homologue"


def store_fingerprint(path: Path) -> str | None:
    """A digest of the store folder's files: RocksDB writes new files on every change.

    The LOG and LOCK files are left out (they change on opening, not with the data).
    """
    try:
        entries = sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns)
                         for e in os.scandir(path)
                         if e.is_file() and not e.name.startswith(("LOG", "LOCK")))
    except OSError:
        return None
    return hashlib.sha1(repr(entries).encode()).hexdigest() if entries else None


def _cache_file(store, query: str) -> Path | None:
    path = getattr(store, "path", None)
    folder = cache_folder()
    if path is None or folder is None:
        return None
    fingerprint = store_fingerprint(Path(path))
    if fingerprint is None:
        return None
    where = hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:16]
    what = hashlib.sha1(query.encode()).hexdigest()[:12]
    return folder / f"events-{where}-{what}-{fingerprint[:20]}.json"


def _read_cache(file: Path, fields: tuple[str, ...]) -> list[dict] | None:
    try:
        data = json.loads(file.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("fields") != list(fields):
        return None
    return [dict(zip(fields, values)) for values in data["rows"]]


def _write_cache(file: Path, fields: tuple[str, ...], rows: list[dict]) -> None:
    """Best effort: a cache that cannot be written is simply not used. Older files of the
    same store and query are removed."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        for old in file.parent.glob(file.name.rsplit("-", 1)[0] + "-*.json"):
            old.unlink(missing_ok=True)
        tmp = file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"fields": list(fields),
                                   "rows": [[r[f] for f in fields] for r in rows]},
                                  ensure_ascii=False, separators=(",", ":")), "utf-8")
        tmp.replace(file)
    except OSError:
        pass


def actor_table(store) -> dict[str, dict]:
    """Actor IRI -> label (English or neutral if any), kind, country (the state's IRI)."""
    kinds = {str(iri): kind for iri, kind in ACTOR_KINDS.items()}
    actors: dict[str, dict] = {}
    for s in store.query(ACTORS_QUERY):
        iri = s["actor"].value
        entry = actors.setdefault(iri, {"label": s["label"].value, "kind": kinds[s["kind"].value],
                                        "country": None})
        if s["label"].language in (None, "", "en") and entry.get("_lang") != "en":
            entry["label"], entry["_lang"] = s["label"].value, s["label"].language or ""
        if s["code"] is not None:
            entry["country"] = iri
        elif s["nationality"] is not None:
            entry["country"] = s["nationality"].value
    for entry in actors.values():
        entry.pop("_lang", None)
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


def kept_events(rows: Iterable[Mapping], actors: Mapping[str, Mapping] | None = None,
                positions: Iterable[Mapping] = (), *, since: str | None = None,
                until: str | None = None, types: Iterable[str] | None = None,
                kinds: Iterable[str] | None = None, countries: Iterable[str] | None = None,
                level: str = "person") -> Iterator[tuple[str, str, dict]]:
    """(node a, node b, event) for the events that pass the filters.

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
    for event in group_events(rows).values():
        if types and event["type"] not in types:
            continue
        if (since or until) and not in_window(event["date"], since, until):
            continue
        a, b = event["a"], event["b"]
        if kinds and not (actors.get(a, {}).get("kind") in kinds
                          and actors.get(b, {}).get("kind") in kinds):
            continue
        if level == "state" or countries:
            sa, sb = (state_of(a, event["date"], actors, index),
                      state_of(b, event["date"], actors, index))
            if countries and _code(sa) not in countries and _code(sb) not in countries:
                continue
            if level == "state":
                if sa == sb:
                    continue
                event = {**event, "person_a": a, "person_b": b}
                a, b = sa, sb
        yield a, b, event


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
    counts = Counter((a, b) if a <= b else (b, a)
                     for a, b, _e in kept_events(rows, actors, positions, **filters) if a != b)
    g = nx.Graph(level=filters.get("level", "person"))
    g.add_weighted_edges_from((a, b, n) for (a, b), n in counts.items())
    _describe_nodes(g, actors)
    return g


def load_graph(store, details: bool = True, weighted: bool = False, **filters) -> nx.Graph:
    """Read the store (three queries: events, actors, positions) and project it: a
    MultiDiGraph of events, or with ``weighted`` the pair-count Graph."""
    positions = position_rows(store) if (filters.get("level") == "state"
                                         or filters.get("countries")) else ()
    build = project_weighted if weighted else project
    return build(event_rows(store, details and not weighted), actor_table(store), positions,
                 **filters)


def label(g: nx.Graph, node: str) -> str:
    return g.nodes[node].get("label", node) if node in g else node


def all_types() -> tuple[str, ...]:
    return EVENT_TYPES
