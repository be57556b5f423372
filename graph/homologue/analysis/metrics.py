"""Who sits at the centre: rankings, rank changes over periods, communities.

Centrality is computed on the undirected graph weighted by the number of events between two
nodes: in "A spoke with B" the grammatical direction says little about who mattered.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_edges_from([("A", "B", {"date": "2023-01"}), ("A", "C", {"date": "2024-02"}),
...                   ("A", "B", {"date": "2024-03"}), ("C", "D", {"date": "2024-05"})])
[0, 0, 1, 0]
>>> [(r["rank"], r["actor"], r["counterparts"], r["contacts"]) for r in ranking(g, ["degree"])]
[(1, 'A', 2, 3), (1, 'C', 2, 2), (3, 'B', 1, 2), (3, 'D', 1, 1)]
>>> changes = rank_changes(g, "degree", "year")
>>> [(r["actor"], r["2023"], r["2024"]) for r in changes]
[('A', 1, 1), ('B', 1, 3), ('C', None, 1), ('D', None, 3)]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import networkx as nx

from homologue.analysis.periods import period_of
from homologue.errors import InputError

METRICS = ("degree", "betweenness", "eigenvector", "pagerank")

# Exact betweenness costs one weighted shortest-path search per node: O(n·m). Measured here
# (bench/bench_analysis.py) with networkx: 58 s of CPU for 2,088 nodes and 4,787 edges
# (n·m = 10 M), about 6 µs per node-edge product. Up to EXACT_BETWEENNESS_WORK (≈3 s) it is
# exact; beyond, it is estimated from k sampled sources with k·m within the same budget (at
# least MIN_SOURCES, so the top of the ranking stays stable), fixed seed.
EXACT_BETWEENNESS_WORK = 500_000
MIN_SOURCES = 20


def weighted_graph(g: nx.MultiDiGraph) -> nx.Graph:
    """Undirected simple graph; ``weight`` is the number of events between the two nodes.

    A graph that is already undirected and simple is returned as it is.

    >>> m = nx.MultiDiGraph([("A", "B"), ("B", "A"), ("A", "C")])
    >>> sorted(weighted_graph(m).edges(data="weight"))
    [('A', 'B', 2), ('A', 'C', 1)]
    """
    if not g.is_multigraph() and not g.is_directed():
        return g  # already projected with weights (projection.project_weighted)
    counts = Counter((a, b) if a <= b else (b, a) for a, b in g.edges() if a != b)
    w = nx.Graph()
    w.add_nodes_from(g.nodes(data=True))
    w.add_weighted_edges_from((a, b, n) for (a, b), n in counts.items())
    return w


def betweenness_sources(n_nodes: int, n_edges: int) -> int | None:
    """How many sources to sample for betweenness; None means exact.

    >>> betweenness_sources(300, 1_500) is None
    True
    >>> betweenness_sources(1_000, 8_000)
    62
    >>> betweenness_sources(5_000, 126_000)
    20
    """
    if n_nodes * max(n_edges, 1) <= EXACT_BETWEENNESS_WORK:
        return None
    return min(n_nodes, max(MIN_SOURCES, EXACT_BETWEENNESS_WORK // max(n_edges, 1)))


def centrality(w: nx.Graph, metric: str, seed: int = 0) -> dict[str, float]:
    """One centrality score per node of a weighted undirected graph."""
    if w.number_of_nodes() == 0:
        return {}
    if metric == "degree":
        return {n: float(d) for n, d in w.degree()}
    if metric == "pagerank":
        return nx.pagerank(w, weight="weight")
    if metric == "eigenvector":
        try:
            return nx.eigenvector_centrality_numpy(w, weight="weight")
        except (nx.NetworkXException, ValueError, TypeError):
            # Disconnected graphs or tiny ones: fall back on the power iteration.
            return nx.eigenvector_centrality(w, weight="weight", max_iter=1000, tol=1e-6)
    if metric == "betweenness":
        # Distances: a pair that talks often is "closer", so the length is 1/weight.
        for _a, _b, d in w.edges(data=True):
            d["distance"] = 1.0 / d["weight"]
        k = betweenness_sources(w.number_of_nodes(), w.number_of_edges())
        return nx.betweenness_centrality(w, k=k, weight="distance", seed=seed)
    raise InputError(f"unknown metric {metric!r}: use {', '.join(METRICS)} or all")


def ranking(g: nx.MultiDiGraph, metrics: Iterable[str] = ("degree",), top: int | None = None,
            seed: int = 0) -> list[dict]:
    """Nodes ranked by the first metric (ties: more contacts, then label), with every score.

    ``degree`` is the number of distinct counterparts; ``contacts`` the number of events.
    """
    metrics = list(metrics)
    w = weighted_graph(g)
    scores = {m: centrality(w, m, seed) for m in metrics}
    contacts = dict(w.degree(weight="weight"))
    counterparts = dict(w.degree())
    first = scores[metrics[0]]
    order = sorted(w.nodes, key=lambda n: (-round(first.get(n, 0.0), 12), -contacts.get(n, 0),
                                           w.nodes[n].get("label", n), n))
    rows = []
    for n in order[:top] if top else order:
        row = {"rank": _rank(first, n), "actor": n, "label": w.nodes[n].get("label", n),
               "counterparts": counterparts.get(n, 0), "contacts": contacts.get(n, 0)}
        for m in metrics:
            row[m] = scores[m].get(n, 0.0)
        rows.append(row)
    return rows


def _rank(scores: dict[str, float], node: str) -> int:
    """Competition ranking (1, 2, 2, 4): equal scores share a rank."""
    mine = round(scores.get(node, 0.0), 12)
    return 1 + sum(1 for v in scores.values() if round(v, 12) > mine)


def split_by_period(g: nx.MultiDiGraph, period: str) -> dict[str, nx.MultiDiGraph]:
    """One subgraph per year or quarter; events too coarse for the period are left out."""
    parts: dict[str, list] = {}
    for a, b, key, data in g.edges(keys=True, data=True):
        p = period_of(data.get("date"), period)
        if p is not None:
            parts.setdefault(p, []).append((a, b, key))
    out = {}
    for p in sorted(parts):
        sub = g.edge_subgraph(parts[p]).copy()
        out[p] = sub
    return out


def rank_changes(g: nx.MultiDiGraph, metric: str = "degree", period: str = "year",
                 top: int | None = None, seed: int = 0) -> list[dict]:
    """Per actor, the rank in each period (None when absent), best overall rank first."""
    periods = split_by_period(g, period)
    ranks: dict[str, dict[str, int]] = {}
    labels: dict[str, str] = {}
    for p, sub in periods.items():
        for row in ranking(sub, [metric], seed=seed):
            ranks.setdefault(row["actor"], {})[p] = row["rank"]
            labels[row["actor"]] = row["label"]
    actors = sorted(ranks, key=lambda a: (min(ranks[a].values()), -len(ranks[a]), labels[a], a))
    rows = [{"actor": a, "label": labels[a], **{p: ranks[a].get(p) for p in periods}}
            for a in actors]
    return rows[:top] if top else rows


def communities(g: nx.MultiDiGraph, seed: int = 42) -> list[list[str]]:
    """Louvain communities of the weighted contact graph, largest first (fixed seed).

    >>> m = nx.MultiDiGraph([("A", "B"), ("B", "C"), ("A", "C"), ("D", "E"), ("E", "F"),
    ...                      ("D", "F"), ("C", "D")])
    >>> communities(m)
    [['A', 'B', 'C'], ['D', 'E', 'F']]
    """
    w = weighted_graph(g)
    if w.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(w, weight="weight", seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))
