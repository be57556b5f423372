"""The projected contact graph for Gephi (GEXF), Cytoscape (GraphML) and pandas (CSV).

GraphML and GEXF accept strings, numbers and booleans as attribute values, not lists or None,
so lists are joined with "; " and missing values become "".

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("a", label="A", kind="person", country="")
>>> _ = g.add_edge("a", "b", key="e1", type="CONSULT", date="2024-04", mode=None, docs=["d1", "d2"])
>>> flat = flatten(g)
>>> flat.edges["a", "b", "e1"]["docs"], flat.edges["a", "b", "e1"]["mode"]
('d1; d2', '')
>>> print(edges_csv(flat).splitlines()[1])
a,b,A,b,e1,CONSULT,2024-04,,d1; d2,,,,
"""

from __future__ import annotations

import csv
import io

import networkx as nx

GRAPH_FORMATS = ("graphml", "gexf", "csv")
EDGE_COLUMNS = ("source", "target", "source_label", "target_label", "event", "type", "date",
                "mode", "docs", "claim", "evidence", "person_a", "person_b")


def _flat(value: object) -> str | int | float | bool:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def flatten(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose node and edge attributes are all scalars; ``a``/``b`` (endpoints) dropped."""
    out = nx.MultiDiGraph()
    for node, data in g.nodes(data=True):
        out.add_node(node, **{k: _flat(v) for k, v in data.items()})
        out.nodes[node].setdefault("label", node)
    for a, b, key, data in g.edges(keys=True, data=True):
        attrs = {k: _flat(v) for k, v in data.items() if k not in ("a", "b", "event")}
        out.add_edge(a, b, key=key, **attrs)
    return out


def edges_csv(flat: nx.MultiDiGraph) -> str:
    """One line per event with both labels, ready for ``pandas.read_csv``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EDGE_COLUMNS)
    for a, b, key, data in flat.edges(keys=True, data=True):
        row = {"source": a, "target": b, "source_label": flat.nodes[a].get("label", a),
               "target_label": flat.nodes[b].get("label", b), "event": key, **data}
        writer.writerow([row.get(c, "") for c in EDGE_COLUMNS])
    return buffer.getvalue()


def serialise(g: nx.MultiDiGraph, fmt: str) -> bytes:
    """The graph as GraphML, GEXF or CSV bytes."""
    flat = flatten(g)
    if fmt == "csv":
        return edges_csv(flat).encode("utf-8")
    out = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flat, out, encoding="utf-8")
    elif fmt == "gexf":
        for a, b, key, data in flat.edges(keys=True, data=True):
            data["id"] = key  # GEXF edge ids must be unique: the event IRI is
            # GEXF's own "type" attribute means directed/undirected: rename ours.
            data["interaction"] = data.pop("type", "")
        nx.write_gexf(flat, out, encoding="utf-8")
    else:
        raise ValueError(fmt)
    return out.getvalue()
