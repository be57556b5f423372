"""Views: generation time, file size and time to first stable draw in headless Chromium.

Synthetic graphs of 100, 1,000 and 5,000 actors (about three events each, preferential
attachment so a few hubs dominate, as in news) are built directly as node and event lists,
then turned into pages by ``homologue.export.view``. The 5,000-actor request gives the reduced
view (1,000 most central actors).

Baselines, measured in the same run, each on a page of the same size:
- generation: pyvis's own route (``add_node``/``add_edge`` then ``generate_html``) on the same
  graph;
- draw: the same page laid out by vis-network's physics in the browser (forceAtlas2, the
  pre-computed positions removed), as pyvis pages do; for the 5,000-actor request, the same
  reduced page of 1,000 actors;
- file size: the inlined vis-network library alone, the fixed cost of a self-contained page.

Every time is the median of several runs (3 with ``--quick``, 5 otherwise) after a warm-up
(one generation of the smallest graph each way; one draw of a page in a started browser). Draw times need
Chromium (Debian's, ``make browser``) and playwright (``make install-bench``): without them
this bench fails with the reason instead of leaving the draws out.

Run alone: ``python bench/bench_view.py [--quick]``.
"""

from __future__ import annotations

import random
import statistics
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


def median_of(runs: int, work) -> float:
    return statistics.median(work() for _ in range(runs))


def run(quick: bool) -> list[dict]:
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    from chromium import browser, skip_reason

    reason = skip_reason()
    if reason:
        raise RuntimeError(f"draw times need a browser: {reason}")
    runs = 3 if quick else 5
    rows: list[dict] = []
    folder = Path(tempfile.mkdtemp(prefix="bench-view-"))
    graphs = {n: synthetic_graph(n) for n in SIZES}
    lib = library_bytes()
    generated, pyvis_time = {}, {}
    generate(graphs[100], folder / "view-100.html")  # warm-up
    pyvis_generate(graphs[100])
    for n in SIZES:
        generated[n] = median_of(runs, lambda: generate(graphs[n], folder / f"view-{n}.html"))
        pyvis_time[n] = median_of(runs, lambda: pyvis_generate(graphs[n]))
        print(f"  {n} actors: view generated in {generated[n]:.2f} s, pyvis route "
              f"{pyvis_time[n]:.2f} s (medians of {runs})", file=sys.stderr)
        rows.append(row(f"view generation, {n} actors", generated[n], "s",
                        f"pyvis add_node/add_edge + generate_html, {n} actors", pyvis_time[n]))
    for n in SIZES:
        size = (folder / f"view-{n}.html").stat().st_size
        rows.append(row(f"view file size, {n} actors", size / 1e6, "MB",
                        "inlined vis-network library alone", lib / 1e6))
    for n in SIZES:
        generate(graphs[n], folder / f"physics-{n}.html", physics_in_browser=True)

    def draws(context, name: str, timeout_s: float) -> float | None:
        times = [draw_seconds(context, folder / name, timeout_s) for _ in range(runs)]
        return None if None in times else statistics.median(times)

    with browser() as context:
        draw_seconds(context, folder / "view-100.html", 30)  # warm-up: first page pays start-up
        drawn = {n: draws(context, f"view-{n}.html", 30) for n in SIZES}
        physics = {n: draws(context, f"physics-{n}.html", 120) for n in SIZES}
    for n in SIZES:
        if drawn[n] is None or physics[n] is None:
            raise RuntimeError(f"the {n}-actor page did not settle in the browser (see above)")
        shown = " (reduced to 1,000)" if n > 1000 else ""
        rows.append(row(f"time to first stable draw, {n} actors{shown}", drawn[n], "s",
                        f"vis-network physics layout in the browser, same page{shown}",
                        physics[n]))
    return rows


if __name__ == "__main__":
    for r in run("--quick" in sys.argv):
        print(f"{r['measure']:<48} {r['value']:>9.3f} {r['unit']:<3} "
              f"vs {r['baseline']}: {r['baseline_value']:.3f} (×{r['ratio']:.3f})")
