"""An interactive HTML view of the graph, drawn with pyvis's vis-network, that works offline.

pyvis builds the nodes, edges and options; the page is written here as UTF-8 with every script
and style inline (pyvis's own "remote", "local" and "in_line" modes all still reach the
network). Texts from articles only ever reach the page as JSON data rendered with
``textContent``, so an article containing ``<script>`` shows that text and runs nothing.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

from pyvis.network import Network

from homologue.rdf.namespace import HOM
from homologue.store.embedded import EmbeddedStore

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

EVENTS_QUERY = f"""
PREFIX hom: <{HOM._NS}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?event ?class ?source ?target ?date ?mode ?text ?doc ?initiator WHERE {{
  ?event hom:source ?source ; hom:target ?target ; a ?class .
  ?class skos:notation ?type .
  OPTIONAL {{ ?event hom:date ?date }}
  OPTIONAL {{ ?event hom:mode/skos:notation ?mode }}
  OPTIONAL {{ ?event hom:initiator ?initiator }}
  OPTIONAL {{ ?event hom:evidence ?m . ?m hom:text ?text ; hom:document/dcterms:identifier ?doc }}
}}
"""

ACTORS_QUERY = f"""
PREFIX hom: <{HOM._NS}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?actor ?kind ?label ?wikidata WHERE {{
  ?event hom:participant ?actor .
  ?actor a ?kind ; skos:prefLabel ?label .
  FILTER(STRSTARTS(STR(?kind), STR(hom:)))
  OPTIONAL {{ ?actor owl:sameAs ?wikidata }}
}}
"""


def graph_data(store: EmbeddedStore) -> tuple[list[dict], list[dict]]:
    """Nodes and edges (one edge per source, target and type) from the store."""
    from homologue.rdf.namespace import ACTOR_KINDS, event_type_of

    events: dict[str, dict] = {}
    for s in store.query(EVENTS_QUERY):
        kind = event_type_of(s["class"].value)
        if kind is None:
            continue
        event = events.setdefault(s["event"].value, {
            "type": kind, "source": s["source"].value, "target": s["target"].value,
            "date": _value(s["date"]), "mode": _value(s["mode"]),
            "initiator": _value(s["initiator"]), "evidence": [],
        })
        if s["text"] is not None:
            event["evidence"].append((_value(s["doc"]), s["text"].value))
    actors: dict[str, dict] = {}
    kinds = {str(k): v for k, v in ACTOR_KINDS.items()}
    for s in store.query(ACTORS_QUERY):
        actor = actors.setdefault(s["actor"].value, {"id": s["actor"].value, "labels": set(),
                                                     "kind": None, "wikidata": None})
        actor["labels"].add(s["label"].value)
        actor["kind"] = actor["kind"] or kinds.get(s["kind"].value)
        if s["wikidata"] is not None:
            actor["wikidata"] = s["wikidata"].value.rsplit("/", 1)[-1]
    return _nodes(actors, events.values()), _edges(events.values())


def _value(term: object) -> str | None:
    return None if term is None else term.value


def _nodes(actors: dict[str, dict], events) -> list[dict]:
    degree = Counter()
    for event in events:
        degree[event["source"]] += 1
        degree[event["target"]] += 1
    nodes = []
    for iri, actor in actors.items():
        if iri not in degree:
            continue
        label = sorted(actor["labels"], key=len)[0] if actor["labels"] else iri.rsplit("/", 1)[-1]
        kind = actor["kind"] or "group"
        lines = [label, f"kind: {kind.replace('_', ' ')}", f"events: {degree[iri]}"]
        if actor["wikidata"]:
            lines.append(f"Wikidata: {actor['wikidata']}")
        others = sorted(actor["labels"] - {label})
        if others:
            lines.append("also: " + ", ".join(others[:6]))
        nodes.append({"id": iri, "label": label, "title": "\n".join(lines), "group": kind,
                      "color": KIND_COLOURS.get(kind, "#bab0ac"),
                      "value": degree[iri], "kind": kind})
    return nodes


def _edges(events) -> list[dict]:
    grouped: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for event in events:
        grouped[(event["source"], event["target"], event["type"])].append(event)
    edges = []
    for (source, target, kind), items in grouped.items():
        items.sort(key=lambda e: e["date"] or "")
        lines = [f"{kind} × {len(items)}"]
        for e in items[:12]:
            mode = f" ({e['mode']})" if e["mode"] else ""
            lines.append(f"{e['date'] or 'undated'} {kind}{mode}")
            for doc, text in e["evidence"][:2]:
                lines.append(f"  “{text[:220]}” [{doc}]")
        if len(items) > 12:
            lines.append(f"… and {len(items) - 12} more")
        dates = [e["date"] for e in items if e["date"]]
        edges.append({"from": source, "to": target, "type": kind, "title": "\n".join(lines),
                      "color": TYPE_COLOURS.get(kind, "#999999"), "width": 1 + min(len(items), 8),
                      "arrows": "" if kind == "CONSULT" else "to", "count": len(items),
                      "first": min(dates) if dates else None, "last": max(dates) if dates else None})
    return edges


def build_network(nodes: list[dict], edges: list[dict]) -> Network:
    """The pyvis network (its nodes, edges and physics options) for a graph."""
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    # Assigning the lists directly: pyvis's add_node/add_edge check duplicates in O(n) each.
    net.nodes = [dict(n, shape="dot") for n in nodes]
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in net.nodes}
    net.edges = [dict(e) for e in edges]
    net.set_options(json.dumps({
        "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 200},
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120}},
        "layout": {"improvedLayout": len(nodes) <= 150},
        "edges": {"smooth": False},
        "interaction": {"hover": True, "tooltipDelay": 150},
        "nodes": {"scaling": {"min": 8, "max": 40}, "font": {"size": 14}},
    }))
    return net


def render_html(nodes: list[dict], edges: list[dict], title: str = "Homologue — contacts") -> str:
    """A self-contained page: vis-network inline, the data as JSON, no external URL."""
    net = build_network(nodes, edges)
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    script = (lib / "vis-network.min.js").read_text("utf-8")
    style = (lib / "vis-network.css").read_text("utf-8")
    data = {"nodes": net.nodes, "edges": net.edges, "options": net.options if isinstance(net.options, dict) else json.loads(net.options.to_json()),
            "colours": TYPE_COLOURS, "kinds": KIND_COLOURS, "title": title}
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(
        ">", "\\u003e").replace("&", "\\u0026")
    template = (resources.files("homologue.export") / "view.html").read_text("utf-8")
    return (template.replace("/*VIS_CSS*/", style.replace("</", "<\\/"))
            .replace("/*VIS_JS*/", script.replace("</script", "<\\/script"))
            .replace("/*GRAPH_DATA*/", payload)
            .replace("<!--TITLE-->", _escape(title)))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_view(store: EmbeddedStore, path: str | Path) -> tuple[int, int]:
    """Write the whole graph's view to ``path``; returns (nodes, edges)."""
    nodes, edges = graph_data(store)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(render_html(nodes, edges), encoding="utf-8")
    return len(nodes), len(edges)
