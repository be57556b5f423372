"""One document from the analyses: contacts, centrality, silences, monthly counts, charts.

:func:`report_data` gathers plain data from projected graphs; :func:`render_markdown` and
:func:`render_html` only format it, so the same numbers appear in both.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> _ = g.add_edge("A", "B", type="CONSULT", date="2022-10-19", mode="phone", docs=["d1"])
>>> _ = g.add_edge("A", "B", type="CONSULT", date="2024-04-24", mode="phone", docs=["d2"])
>>> _ = g.add_edge("A", "C", type="ACCUSE", date="2024-04-24", docs=["d2"])
>>> data = report_data(g, min_gap=(6, 0))
>>> data["contacts"][0]["contacts"], data["silences"][0]["gap"], data["monthly"]["2024-04"]
(2, '18 months', {'ACCUSE': 1, 'CONSULT': 1})
>>> "| A | B | 2 | 2022-10-19 | 2024-04-24 |" in render_markdown(data, {})
True
"""

from __future__ import annotations

import base64
import html
from collections import Counter, defaultdict
from collections.abc import Mapping

import networkx as nx

from homologue.analysis.chronology import claims, pair_contacts, silences
from homologue.analysis.metrics import ranking

CONTACT = "CONSULT"


def contact_graph(g: nx.MultiDiGraph, kind: str = CONTACT) -> nx.MultiDiGraph:
    """The subgraph of one event type (contacts by default), node attributes kept."""
    keep = [(a, b, k) for a, b, k, t in g.edges(keys=True, data="type") if t == kind]
    return g.edge_subgraph(keep).copy()


def contact_pairs(g: nx.MultiDiGraph) -> list[dict]:
    """Per pair: number of contacts, first and last date, modes, documents; most first."""
    rows = []
    undated: Counter = Counter()
    for a, b, data in g.edges(data=True):
        if not data.get("date"):
            undated[(a, b) if a <= b else (b, a)] += 1
    for (a, b), events in pair_contacts(g).items():
        docs = sorted({d for _date, _k, data in events for d in data.get("docs") or ()})
        modes = sorted({data.get("mode") for _date, _k, data in events if data.get("mode")})
        rows.append({"a": g.nodes[a].get("label", a), "b": g.nodes[b].get("label", b),
                     "contacts": len(events) + undated[(a, b)], "first": events[0][0],
                     "last": events[-1][0], "modes": ", ".join(modes), "docs": ", ".join(docs)})
    return sorted(rows, key=lambda r: (-r["contacts"], r["a"], r["b"]))


def monthly_counts(g: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Month -> event type -> number of events (events dated to the year only are left out)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for _a, _b, data in g.edges(data=True):
        date = data.get("date") or ""
        if len(date) >= 7:
            counts[date[:7]][data.get("type", "")] += 1
    return {m: dict(sorted(counts[m].items())) for m in sorted(counts)}


def report_data(g: nx.MultiDiGraph, min_gap: tuple[int, int] = (6, 0), top: int = 10,
                min_confidence: float = 0.0) -> dict:
    """Everything the report shows, as plain data; ``g`` holds every event type.
    ``min_confidence``: the threshold ``g`` was read with (see projection.load_graph), said
    in the report."""
    contacts = contact_graph(g)
    return {
        "events": g.number_of_edges(), "contact_events": contacts.number_of_edges(),
        "actors": contacts.number_of_nodes(),
        "contacts": contact_pairs(contacts),
        "centrality": ranking(contacts, ["degree", "pagerank"], top=top),
        "silences": silences(contacts, min_gap),
        "claims": claims(contacts),
        "monthly": monthly_counts(g),
        "min_gap": min_gap,
        "min_confidence": min_confidence,
    }


def report_charts(data: Mapping) -> dict[str, bytes]:
    """PNG charts: top actors by PageRank and events per month by type."""
    from homologue.analysis.charts import bar_chart, monthly_chart

    charts = {}
    if data["centrality"]:
        rows = data["centrality"]
        charts["centrality"] = bar_chart([r["label"] for r in rows], [r["pagerank"] for r in rows],
                                         "Top actors by PageRank (contacts)")
    if data["monthly"]:
        charts["monthly"] = monthly_chart(data["monthly"], "Events per month by type")
    return charts


def _table(rows: list[Mapping], columns: list[str]) -> list[str]:
    if not rows:
        return ["_None._"]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row.get(c)) for c in columns) + " |")
    return lines


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def _gap_text(gap: tuple[int, int]) -> str:
    months, days = gap
    return " ".join(p for p in (f"{months} months" if months else "",
                                f"{days} days" if days else "") if p) or "0 days"


def render_markdown(data: Mapping, charts: Mapping[str, str]) -> str:
    """Markdown; ``charts`` maps a chart name to the path or URI to show."""
    out = ["# Homologue contact report", "",
           f"{data['contact_events']} contacts (CONSULT) among {data['actors']} actors; "
           f"{data['events']} events of every type."
           + (f" Only reports of confidence at least {data['min_confidence']:g}."
              if data.get("min_confidence") else ""), ""]
    out += ["## Contacts", ""]
    out += _table(data["contacts"], ["a", "b", "contacts", "first", "last", "modes", "docs"])
    out += ["", "## Top actors by centrality", "",
            "Degree counts distinct counterparts; PageRank is computed on the contact graph "
            "weighted by the number of contacts.", ""]
    out += _table(data["centrality"], ["rank", "label", "counterparts", "contacts", "degree",
                                       "pagerank"])
    if "centrality" in charts:
        out += ["", f"![Top actors by PageRank]({charts['centrality']})"]
    out += ["", f"## Silences broken (at least {_gap_text(data['min_gap'])})", ""]
    out += _table(data["silences"], ["a", "b", "previous", "date", "gap", "mode",
                                     "claimed_since", "docs"])
    out += ["", "## Claims of a previous contact in the text", ""]
    out += _table(data["claims"], ["a", "b", "date", "claimed_since", "store_previous",
                                   "verdict", "docs"])
    out += ["", "## Events per month by type", ""]
    types = sorted({t for c in data["monthly"].values() for t in c})
    out += _table([{"month": m, **c} for m, c in data["monthly"].items()], ["month", *types])
    if "monthly" in charts:
        out += ["", f"![Events per month by type]({charts['monthly']})"]
    return "\n".join(out) + "\n"


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def render_html(data: Mapping, charts: Mapping[str, bytes]) -> str:
    """A single self-contained HTML page (charts embedded as data: URIs)."""
    body = []
    for line in render_markdown(data, {}).splitlines():
        body.append(line)
    sections = _markdown_to_html(body)
    for name, alt in (("centrality", "Top actors by PageRank"),
                      ("monthly", "Events per month by type")):
        if name in charts:
            marker = f"<!--chart:{name}-->"
            sections = sections.replace(marker, f'<img alt="{alt}" src="{data_uri(charts[name])}">')
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>Homologue contact report</title><style>"
            "body{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em}"
            "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
            "padding:.2em .5em;text-align:left}img{max-width:100%}</style></head><body>\n"
            + sections + "\n</body></html>\n")


def _markdown_to_html(lines: list[str]) -> str:
    """Just enough Markdown for this report: headings, paragraphs, pipe tables."""
    out, table = [], []
    section = None

    def flush() -> None:
        if not table:
            return
        head, rows = table[0], table[2:]
        out.append("<table><thead><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in head)
                   + "</tr></thead><tbody>")
        for row in rows:
            out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
        out.append("</tbody></table>")
        table.clear()

    for line in lines:
        if line.startswith("|"):
            cells = [c.strip().replace("\\|", "|") for c in line.strip("|").split(" | ")]
            table.append(cells)
            continue
        flush()
        if line.startswith("## "):
            if section in ("Top actors by centrality", "Events per month by type"):
                out.append(f"<!--chart:{'centrality' if section.startswith('Top') else 'monthly'}-->")
            section = line[3:]
            out.append(f"<h2>{html.escape(section)}</h2>")
        elif line.startswith("# "):
            out.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.strip():
            out.append(f"<p>{html.escape(line.replace('_None._', 'None.'))}</p>")
    flush()
    if section == "Events per month by type":
        out.append("<!--chart:monthly-->")
    return "\n".join(out)
