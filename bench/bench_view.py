"""Views: generation time, file size and time to first stable draw in headless Chromium.

Synthetic graphs of 100, 1,000 and 5,000 actors (about three events each, preferential
attachment so a few hubs dominate, as in news) are built directly as node and event lists,
then turned into pages by ``homologue.export.view``. The 5,000-actor request gives the reduced
view (1,000 most central actors).

Baselines, measured in the same run:
- generation: pyvis's own route (``add_node``/``add_edge`` then ``generate_html``) on the same
  graph (1,000 actors at most in --quick: it grows quadratically);
- draw: the same page laid out by vis-network's physics in the browser (forceAtlas2, the
  pre-computed positions removed), as pyvis pages do (100 and 1,000 actors; --quick: 100);
- file size: the inlined vis-network library alone, the fixed cost of a self-contained page.

Run alone: ``python bench/bench_view.py [--quick]``.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (100, 1000, 5000)


def synthetic_graph(n: int, seed: int = 7):
    """``n`` persons and ~3n events: preferential attachment, random types, modes and dates."""
    from homologue.export.view import GraphData
    from homologue.rdf.namespace import ACTOR, EVENT_TYPES

    rng = random.Random(seed)
    iri = [str(ACTOR[f"synthetic-{i}"]) for i in range(n)]
    actors = {x: {"kind": rng.choice(["person", "person", "state", "government_body"]),
                  "label": f"Actor {i}", "labels": [f"Actor {i}"], "wikidata": f"Q{1000 + i}",
                  "nationality": None, "country": None, "code": None}
              for i, x in enumerate(iri)}
    ends: list[int] = [0, 1]
    events = []
    for i in range(2, n):
        for _ in range(3):
            j = rng.choice(ends)
            source, target = (i, j) if rng.random() < 0.5 else (j, i)
            events.append({
                "id": f"e{len(events)}", "type": rng.choice(EVENT_TYPES),
                "source": iri[source], "target": iri[target],
                "date": f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}",
                "mode": rng.choice([None, "phone", "visit"]), "initiator": None,
                "evidence": [(f"doc-{len(events)}", "A sentence of about the usual length that "
                              "says who met whom, where and when, as articles do.")]})
            ends += [i, j]
    return GraphData(events, actors, {})


def generate(graph, path: Path, physics_in_browser: bool = False) -> float:
    """Write the view of the whole graph; returns the seconds taken."""
    from homologue.export.view import ViewSpec, build_view, render_html, select_events

    start = time.perf_counter()
    spec = ViewSpec()
    events, notes = select_events(graph, spec)
    page = build_view(graph, events, spec, notes)
    if physics_in_browser:
        page["physics"] = True
        for node in page["nodes"]:
            del node["x"], node["y"]
    path.write_text(render_html(page), encoding="utf-8")
    return time.perf_counter() - start


def pyvis_generate(graph) -> float:
    """The pyvis route on the same graph: add_node/add_edge, then generate_html."""
    from pyvis.network import Network

    start = time.perf_counter()
    net = Network(directed=True, cdn_resources="in_line")
    for iri, actor in graph.actors.items():
        net.add_node(iri, label=actor["label"])
    for e in graph.events:
        net.add_edge(e["source"], e["target"], title=e["type"])
    net.generate_html()
    return time.perf_counter() - start


def library_bytes() -> int:
    from homologue.export.view import vis_library

    return sum(len(part.encode("utf-8")) for part in vis_library())


def draw_seconds(context, path: Path, timeout_s: float) -> float | None:
    """Seconds from navigation to the page's first stable drawing (None if it timed out)."""
    from chromium import open_view

    try:
        page, run = open_view(context, path, timeout_s=timeout_s)
    except Exception as exc:  # a timeout: report it rather than stop the whole benchmark
        print(f"  {path.name}: not stable within {timeout_s:.0f} s ({type(exc).__name__})",
              file=sys.stderr)
        return None
    if run.errors or run.requests:
        print(f"  {path.name}: errors {run.errors[:3]} requests {run.requests[:3]}",
              file=sys.stderr)
    page.close()
    return run.stable_ms / 1000


def row(measure, value, unit, baseline, baseline_value):
    ratio = value / baseline_value if baseline_value else float("nan")
    return {"measure": measure, "value": round(value, 3), "unit": unit, "baseline": baseline,
            "baseline_value": round(baseline_value, 3), "ratio": round(ratio, 3)}


def run(quick: bool) -> list[dict]:
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    from chromium import browser, skip_reason

    rows: list[dict] = []
    folder = Path(tempfile.mkdtemp(prefix="bench-view-"))
    graphs = {n: synthetic_graph(n) for n in SIZES}
    lib = library_bytes()
    generated, pyvis_time = {}, {}
    for n in SIZES:
        generated[n] = generate(graphs[n], folder / f"view-{n}.html")
        print(f"  view of {n} actors generated in {generated[n]:.2f} s", file=sys.stderr)
        if n <= 1000 or not quick:
            pyvis_time[n] = pyvis_generate(graphs[n])
            print(f"  pyvis route on {n} actors: {pyvis_time[n]:.2f} s", file=sys.stderr)
    for n in SIZES:
        base_n = n if n in pyvis_time else max(pyvis_time)
        rows.append(row(f"view generation, {n} actors", generated[n], "s",
                        f"pyvis add_node/add_edge + generate_html, {base_n} actors",
                        pyvis_time[base_n]))
    for n in SIZES:
        size = (folder / f"view-{n}.html").stat().st_size
        rows.append(row(f"view file size, {n} actors", size / 1e6, "MB",
                        "inlined vis-network library alone", lib / 1e6))
    reason = skip_reason()
    if reason:
        print(f"  draw times skipped: {reason}", file=sys.stderr)
        return rows
    physics_sizes = (100,) if quick else (100, 1000)
    for n in physics_sizes:
        generate(graphs[n], folder / f"physics-{n}.html", physics_in_browser=True)
    with browser() as context:
        draw_seconds(context, folder / "view-100.html", 30)  # warm-up: first page pays start-up
        drawn = {n: draw_seconds(context, folder / f"view-{n}.html", 30) for n in SIZES}
        physics = {n: draw_seconds(context, folder / f"physics-{n}.html", 120)
                   for n in physics_sizes}
    for n in SIZES:
        base_n = n if n in physics else max(physics)
        if drawn[n] is None or physics[base_n] is None:
            continue
        rows.append(row(f"time to first stable draw, {n} actors" +
                        (" (reduced to 1,000)" if n > 1000 else ""), drawn[n], "s",
                        f"vis-network physics layout in the browser, {base_n} actors",
                        physics[base_n]))
    return rows


if __name__ == "__main__":
    for r in run("--quick" in sys.argv):
        print(f"{r['measure']:<48} {r['value']:>9.3f} {r['unit']:<3} "
              f"vs {r['baseline']}: {r['baseline_value']:.3f} (×{r['ratio']:.3f})")
