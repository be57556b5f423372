"""Time along edges: an actor's timeline, silences broken, and "first since" claims checked.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("L", label="Lecornu"); g.add_node("S", label="Shoigu"); g.add_node("A", label="Austin")
>>> g.add_edge("L", "S", key="e1", type="CONSULT", date="2022-10-19", mode="phone", claim=None)
'e1'
>>> g.add_edge("A", "S", key="e2", type="CONSULT", date="2023-03-15", mode="phone",
...            claim="2022-10")
'e2'
>>> g.add_edge("L", "S", key="e3", type="CONSULT", date="2024-04-24", mode="phone",
...            claim="2022-10")
'e3'
>>> [(r["date"], r["counterpart"], r["gap"]) for r in timeline(g, "S")]
[('2022-10-19', 'Lecornu', ''), ('2023-03-15', 'Austin', '4 months'), ('2024-04-24', 'Lecornu', '13 months')]
>>> [(r["a"], r["b"], r["previous"], r["date"], r["gap"]) for r in silences(g, (18, 0))]
[('Lecornu', 'Shoigu', '2022-10-19', '2024-04-24', '18 months')]
>>> [(r["date"], r["claimed_since"], r["store_previous"], r["verdict"]) for r in claims(g)]
[('2023-03-15', '2022-10', None, 'no earlier contact in the store'), ('2024-04-24', '2022-10', '2022-10-19', 'consistent')]
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from homologue.analysis.periods import (at_least_apart, compatible, days_between, describe_gap,
                                        precision)


def _label(g: nx.Graph, node: str) -> str:
    return g.nodes[node].get("label", node) if node in g else node


def _sort_key(data: dict) -> tuple:
    return (data.get("date") or "9999", data.get("type") or "", data.get("event") or "")


def timeline(g: nx.MultiDiGraph, actor: str, other: str | None = None) -> list[dict]:
    """Every event of ``actor`` (with ``other`` only, if given), oldest first.

    ``gap`` is the time since the previous dated event in this timeline ("same period" when
    one date contains the other); undated events come last with no gap.
    """
    if actor not in g:
        return []
    edges = [(actor, b, k, d) for _a, b, k, d in g.out_edges(actor, keys=True, data=True)]
    edges += [(a, actor, k, d) for a, _b, k, d in g.in_edges(actor, keys=True, data=True)
              if a != actor]
    rows, previous = [], None
    for a, b, key, data in sorted(edges, key=lambda e: _sort_key(e[3])):
        counterpart = b if a == actor else a
        if other is not None and counterpart != other:
            continue
        date = data.get("date")
        gap = describe_gap(previous, date) if previous and date else ""
        if previous and date and compatible(previous, date):
            gap = "same period"  # "2023-03" then "2023-03-15": perhaps one contact told twice
        gap_days = days_between(previous, date) if previous and date else None
        rows.append({
            "date": date or "", "precision": precision(date) if date else "",
            "type": data.get("type", ""), "mode": data.get("mode") or "",
            "direction": "to" if a == actor else "from",
            "counterpart": _label(g, counterpart), "counterpart_iri": counterpart,
            "gap": gap, "gap_days": gap_days,
            "evidence": " | ".join(data.get("evidence") or ()),
            "docs": ", ".join(data.get("docs") or ()), "event": key,
        })
        if date:
            previous = date
    return rows


def pair_contacts(g: nx.MultiDiGraph) -> dict[tuple[str, str], list[tuple[str, str, dict]]]:
    """Dated events per unordered pair, oldest first: (date, event, data)."""
    pairs: dict[tuple[str, str], list] = defaultdict(list)
    for a, b, key, data in g.edges(keys=True, data=True):
        if a != b and data.get("date"):
            pairs[(a, b) if a <= b else (b, a)].append((data["date"], key, data))
    for events in pairs.values():
        events.sort(key=lambda e: (e[0], e[1]))
    return dict(pairs)


def previous_contact(events: list[tuple[str, str, dict]], index: int) -> str | None:
    """The latest date before events[index] that cannot be the same contact.

    A month-precise "2023-03" may be the very call reported elsewhere as "2023-03-15", so a
    date that contains the other (or is contained) is not a previous contact.
    """
    date = events[index][0]
    for other, _key, _data in reversed(events[:index]):
        if other < date and not compatible(other, date):
            return other
    return None


def silences(g: nx.MultiDiGraph, min_gap: tuple[int, int]) -> list[dict]:
    """Contacts that come at least ``min_gap`` (months, days) after the pair's previous one."""
    rows = []
    for (a, b), events in pair_contacts(g).items():
        for i, (date, key, data) in enumerate(events):
            prev = previous_contact(events, i)
            if prev is None or not at_least_apart(prev, date, min_gap):
                continue
            rows.append({"a": _label(g, a), "b": _label(g, b), "previous": prev, "date": date,
                         "gap": describe_gap(prev, date), "gap_days": days_between(prev, date),
                         "type": data.get("type", ""), "mode": data.get("mode") or "",
                         "claimed_since": data.get("claim") or "",
                         "docs": ", ".join(data.get("docs") or ()), "event": key,
                         "a_iri": a, "b_iri": b})
    return sorted(rows, key=lambda r: (r["date"], r["a"], r["b"]))


def claims(g: nx.MultiDiGraph) -> list[dict]:
    """Events whose text claims a previous contact, beside the store's own previous contact.

    Verdicts: "consistent" (the store knows nothing between the claimed date and this one),
    "contradicted" (the store has a later contact than the claimed one), "no earlier contact
    in the store".
    """
    rows = []
    for (a, b), events in pair_contacts(g).items():
        for i, (date, key, data) in enumerate(events):
            claim = data.get("claim")
            if not claim:
                continue
            prev = previous_contact(events, i)
            if prev is None:
                verdict = "no earlier contact in the store"
            elif prev[:len(claim)] <= claim:
                verdict = "consistent"
            else:
                verdict = "contradicted"
            rows.append({"a": _label(g, a), "b": _label(g, b), "date": date,
                         "claimed_since": claim, "store_previous": prev, "verdict": verdict,
                         "docs": ", ".join(data.get("docs") or ()), "event": key})
    return sorted(rows, key=lambda r: (r["date"], r["a"], r["b"]))
