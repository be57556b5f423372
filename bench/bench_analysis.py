"""Contact analysis at scale: 200,000 interactions among 5,000 actors (``--quick``: 10x fewer).

Target: projection + PageRank + degree under 5 s on a 2-core machine, both from event rows in
memory and from a real on-disk store (rows read from the documents' digests, then NetworkX).
Baselines, measured in the same run:

- the same degree answer computed inside the store with one SPARQL aggregate (GROUP BY over
  distinct counterparts), i.e. the "ask the store" design, which gives no PageRank at all;
- reading the same rows from the triples (a store without digests) against the digests;
- a plain-Python degree count over the same rows (the floor: what the projection costs above
  counting);
- betweenness: the sampled estimate on the full graph against exact betweenness on a graph at
  the size where exact is still used (the same work budget, see metrics.EXACT_BETWEENNESS_WORK).

Run: ``python bench/bench_analysis.py [--quick]``.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))

from homologue.analysis import metrics  # noqa: E402
from homologue.analysis.projection import (StoreRows, event_rows, load_graph,  # noqa: E402
                                           project, project_weighted, read_digests)
from homologue.rdf.digest import RDF_JSON, digest_text  # noqa: E402
from homologue.rdf.namespace import EVENT_TYPES  # noqa: E402
from homologue.store.embedded import EmbeddedStore  # noqa: E402

HOM = "https://w3id.org/homologue/ontology#"
ACTOR = "https://w3id.org/homologue/actor/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
MODES = ("phone", "meet", "visit", None)

DEGREE_QUERY = f"""
PREFIX hom: <{HOM}>
SELECT ?actor (COUNT(DISTINCT ?other) AS ?degree) WHERE {{
  {{ ?e hom:source ?actor ; hom:target ?other }} UNION {{ ?e hom:target ?actor ; hom:source ?other }}
  FILTER(?actor != ?other)
}} GROUP BY ?actor ORDER BY DESC(?degree)
"""


def synthetic_events(n: int, actors: int, seed: int = 0) -> list[dict]:
    """Events among ``actors`` people with a heavy-tailed activity (a few ministers talk a lot)."""
    rng = random.Random(seed)
    weights = [1.0 / (i + 1) ** 0.8 for i in range(actors)]
    sources = rng.choices(range(actors), weights, k=n)
    targets = rng.choices(range(actors), weights, k=n)
    types = rng.choices(EVENT_TYPES, [30] + [2] * (len(EVENT_TYPES) - 1), k=n)
    rows = []
    for i, (a, b, kind) in enumerate(zip(sources, targets, types)):
        if a == b:
            b = (b + 1) % actors
        year, month, day = 2015 + i % 11, 1 + (i * 7) % 12, 1 + (i * 13) % 28
        date = (f"{year}-{month:02d}-{day:02d}" if i % 5 else f"{year}-{month:02d}")
        rows.append({"event": f"https://w3id.org/homologue/event/x{i}", "type": kind,
                     "a": f"{ACTOR}p{a}", "b": f"{ACTOR}p{b}", "date": date,
                     "mode": MODES[i % 4], "claim": None, "doc": f"doc{i // 20}",
                     "evidence": f"sentence {i}"})
    return rows


def nquads(rows: list[dict], actors: int, digests: bool = True) -> bytes:
    """The events as the store holds them: about 12 triples per event, one graph per document,
    and (with ``digests``) each document's digest, as ingest writes it."""
    lines = []
    graph = "<https://w3id.org/homologue/graph/doc/{}>"
    for i in range(actors):
        g = "<https://w3id.org/homologue/graph/gazetteer>"
        lines.append(f"<{ACTOR}p{i}> <{RDF_TYPE}> <{HOM}Person> {g} .")
        lines.append(f'<{ACTOR}p{i}> <{SKOS}prefLabel> "Person {i}"@en {g} .')
        lines.append(f"<{ACTOR}p{i}> <{HOM}nationality> <{ACTOR}S{i % 190}> {g} .")
    for mode in MODES[:3]:
        lines.append(f'<{HOM}mode-{mode}> <{SKOS}notation> "{mode}" '
                     f"<https://w3id.org/homologue/graph/ontology> .")
    for r in rows:
        g = graph.format(r["doc"])
        e = f"<{r['event']}>"
        dtype = "date" if len(r["date"]) == 10 else "gYearMonth"
        m = f"<https://w3id.org/homologue/mention/{r['event'].rsplit('/', 1)[-1]}>"
        lines += [f"{e} <{RDF_TYPE}> <{HOM}{r['type'].capitalize()}> {g} .",
                  f"{e} <{HOM}source> <{r['a']}> {g} .", f"{e} <{HOM}target> <{r['b']}> {g} .",
                  f"{e} <{HOM}participant> <{r['a']}> {g} .",
                  f"{e} <{HOM}participant> <{r['b']}> {g} .",
                  f'{e} <{HOM}date> "{r["date"]}"^^<{XSD}{dtype}> {g} .',
                  f'{e} <{HOM}confidence> "0.9"^^<{XSD}decimal> {g} .',
                  f"{e} <{HOM}evidence> {m} {g} .",
                  f"{m} <{HOM}document> <https://w3id.org/homologue/doc/{r['doc']}> {g} .",
                  f'{m} <{HOM}text> "{r["evidence"]}" {g} .']
        if r["mode"]:
            lines.append(f"{e} <{HOM}mode> <{HOM}mode-{r['mode']}> {g} .")
    by_document: dict[str, list[list]] = {}
    for r in rows:
        by_document.setdefault(r["doc"], []).append(
            [r["event"], r["type"], r["a"], r["b"], r["date"], r["mode"], r["claim"], r["doc"],
             r["evidence"]])
    for d, events in by_document.items():
        lines.append(f'<https://w3id.org/homologue/doc/{d}> <{DCT}identifier> "{d}" '
                     f"{graph.format(d)} .")
        if digests:
            text = digest_text(events, []).replace("\\", "\\\\").replace('"', '\\"')
            lines.append(f'<https://w3id.org/homologue/doc/{d}> <{HOM}digest> "{text}"'
                         f"^^<{RDF_JSON}> {graph.format(d)} .")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _timed(func, repeat: int = 1):
    """Best wall time of ``repeat`` runs, its CPU time, and the result. The machine is shared:
    CPU time shows how much of the wall time was spent waiting for a core."""
    best, best_cpu, result = float("inf"), 0.0, None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = func()
        wall = time.perf_counter() - start
        if wall < best:
            best, best_cpu = wall, time.process_time() - cpu
    return best, best_cpu, result


def _row(measure: str, value: float, cpu: float, baseline: str, baseline_value: float,
         baseline_cpu: float) -> dict:
    """One table row: a measure against its baseline from the same run, with CPU times."""
    return {"measure": measure, "value": value, "unit": "s", "baseline": baseline,
            "baseline_value": baseline_value, "ratio": value / baseline_value,
            "cpu": cpu, "baseline_cpu": baseline_cpu}


def projection_pagerank_degree(rows: list[dict]) -> dict:
    w = project_weighted(rows)
    return {"pagerank": metrics.centrality(w, "pagerank"), "degree": dict(w.degree()),
            "edges": w.size(weight="weight")}


def multigraph_pagerank_degree(rows: list[dict]) -> dict:
    """The same through the per-event MultiDiGraph (what timelines and silences use)."""
    g = project(rows)
    w = metrics.weighted_graph(g)
    return {"pagerank": metrics.centrality(w, "pagerank"), "degree": dict(w.degree()),
            "edges": g.number_of_edges()}


def python_degree(rows: list[dict]) -> dict:
    pairs = {(r["a"], r["b"]) if r["a"] <= r["b"] else (r["b"], r["a"]) for r in rows}
    return Counter(x for pair in pairs for x in pair)


def store_pagerank_degree(store: EmbeddedStore) -> dict:
    w = load_graph(store, details=False, weighted=True)
    return {"pagerank": metrics.centrality(w, "pagerank"), "degree": dict(w.degree()),
            "edges": w.size(weight="weight")}


def store_degree_query(store: EmbeddedStore) -> dict:
    return {s["actor"].value: int(s["degree"].value) for s in store.query(DEGREE_QUERY)}


def run(quick: bool) -> list[dict]:
    n, actors = (20_000, 500) if quick else (200_000, 5_000)
    label = f"{n // 1000}k events / {actors:,} actors"
    rows = synthetic_events(n, actors)
    results = []

    value, cpu_memory, out = _timed(lambda: projection_pagerank_degree(rows), 3)
    base, cpu_python, degrees = _timed(lambda: python_degree(rows), 3)
    assert out["degree"] == dict(degrees) or _same_nonzero(out["degree"], degrees)
    multi, cpu_multi, out_multi = _timed(lambda: multigraph_pagerank_degree(rows))
    assert out_multi["degree"] == out["degree"]
    results.append(_row(
        f"per-event MultiDiGraph projection + PageRank + degree, rows in memory ({label})",
        multi, cpu_multi,
        "weighted-pair projection + PageRank + degree (same rows)", value, cpu_memory))
    results.append(_row(
        f"projection + PageRank + degree, rows in memory ({label})", value, cpu_memory,
        "plain-Python distinct-counterpart count over the same rows", base, cpu_python))

    with tempfile.TemporaryDirectory() as tmp:
        for name, digests in (("store", True), ("plain", False)):
            store = EmbeddedStore(Path(tmp) / name)
            load_time, _cpu, _ = _timed(lambda: store.load(nquads(rows, actors, digests), "nq"))
            store.close()
            print(f"  (bulk-loaded {n:,} events into an on-disk store in {load_time:.1f} s, "
                  f"{'with' if digests else 'without'} digests)", file=sys.stderr)
        reader = EmbeddedStore(Path(tmp) / "store", read_only=True)
        base, cpu_groupby, degrees = _timed(lambda: store_degree_query(reader), 1)
        first, cpu_first, out = _timed(lambda: store_pagerank_degree(reader), 1)
        assert out["degree"] == degrees and out["edges"] == n
        again, cpu_again, out = _timed(lambda: store_pagerank_degree(reader), 2)
        assert out["degree"] == degrees
        in_store = "degree only, as one SPARQL GROUP BY in the same store"
        results.append(_row(
            f"on-disk store, first read (document digests) + projection + PageRank + degree "
            f"({label})", first, cpu_first, in_store, base, cpu_groupby))
        results.append(_row(
            f"on-disk store, next reads (best of 2) + projection + PageRank + degree ({label})",
            again, cpu_again, in_store, base, cpu_groupby))
        digest_read, cpu_digest, digest_rows = _timed(lambda: event_rows(reader, False), 1)
        reader.close()
        plain = EmbeddedStore(Path(tmp) / "plain", read_only=True)
        undigested = StoreRows([], [], plain.graph_names())
        triple_read, cpu_triples, triple_rows = _timed(
            lambda: event_rows(plain, False, undigested), 1)
        assert not read_digests(plain).events
        assert len(triple_rows) == len(digest_rows) == n
        plain.close()
        results.append(_row(
            f"on-disk store, event rows read from the digests ({label})", digest_read,
            cpu_digest, "the same rows joined from the triples (no digests)", triple_read,
            cpu_triples))

    w = project_weighted(rows, types=["CONSULT"])
    k = metrics.betweenness_sources(w.number_of_nodes(), w.number_of_edges())
    sampled, cpu_sampled, _ = _timed(lambda: metrics.centrality(w, "betweenness"), 1)
    budget = _exact_sized_graph(w)
    exact, cpu_exact, _ = _timed(lambda: metrics.centrality(budget, "betweenness"), 1)
    results.append(_row(
        f"betweenness on CONSULT graph ({w.number_of_nodes():,} nodes, "
        f"{w.number_of_edges():,} edges, {'exact' if k is None else f'k={k} sampled'})",
        sampled, cpu_sampled,
        f"exact betweenness at the exact-size limit ({budget.number_of_nodes():,} nodes, "
        f"{budget.number_of_edges():,} edges)", exact, cpu_exact))
    return results


def _same_nonzero(a: dict, b: Counter) -> bool:
    return {k: v for k, v in a.items() if v} == dict(b)


def _exact_sized_graph(w):
    """The induced subgraph on the most active nodes whose n·m just fits the exact budget."""
    order = sorted(w.nodes, key=lambda n: -w.degree(n, weight="weight"))
    lo, hi = 2, len(order)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        sub = w.subgraph(order[:mid])
        if mid * sub.number_of_edges() <= metrics.EXACT_BETWEENNESS_WORK:
            lo = mid
        else:
            hi = mid - 1
    return w.subgraph(order[:lo]).copy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    for r in run(args.quick):
        print(f"{r['measure']}: {r['value']:.2f} {r['unit']} (CPU {r['cpu']:.2f})  |  "
              f"{r['baseline']}: {r['baseline_value']:.2f} {r['unit']} (CPU "
              f"{r['baseline_cpu']:.2f})  (ratio {r['ratio']:.2f})")


if __name__ == "__main__":
    main()
