"""Named queries on the embedded store against the same queries on an rdflib in-memory graph,
and writing to an Oxigraph server against writing to the embedded store.

The query store is synthetic, shaped like ingested news (events with type, source, target,
participants, date, mode, an evidence mention pointing to its document; documents that mention
their actors; persons with a nationality; the ontology and the gazetteer): 200,000 events by
default, 20,000 with ``--quick``. Each named query runs with the same parameters (bound the same
way) on the embedded store and twice on rdflib: its own text, and its plain form
(``plain-queries/``). rdflib runs in a forked child, stopped after ``--rdflib-timeout`` seconds
(the same text: at 25 times the embedded time); a stopped query is reported as "> limit", so its
ratio is a lower bound.

Run: ``python bench/bench_queries.py [--quick] [--events N] [--rdflib-timeout S]``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "graph"))
sys.path.insert(0, str(HERE))

HOM = "https://w3id.org/homologue/ontology#"
ACTOR = "https://w3id.org/homologue/actor/"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
TYPES = (["Consult"] * 8 + ["Accuse"] * 4 + ["Aid"] * 3 + ["Request", "Agree", "Reject",
                                                          "Threaten", "Support"])
MODES = {"Consult": ["phone", "visit", "meet", None, None], "Aid": ["military", "economic",
                                                                    "humanitarian"]}


def synthetic_dataset(events: int, per_document: int = 100, persons: int = 4800,
                      states: int = 200, seed: int = 0) -> tuple[bytes, dict]:
    """N-Quads of a store holding ``events`` events, one graph per document, and the
    parameters to query it with (the busiest actors, a state, a date window)."""
    rng = random.Random(seed)
    state_iris = [f"{ACTOR}S{i:03d}" for i in range(states)]
    person_iris = [f"{ACTOR}person-{i:05d}" for i in range(persons)]
    everyone = person_iris + state_iris
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(everyone))]
    rng.shuffle(weights)
    busiest = sorted(range(len(everyone)), key=lambda i: -weights[i])
    top_persons = [everyone[i] for i in busiest if "/person-" in everyone[i]][:2]
    top_state = next(everyone[i] for i in busiest if everyone[i].startswith(ACTOR + "S"))
    lines: list[str] = []
    actors_graph = "<https://w3id.org/homologue/graph/actors>"
    for i, iri in enumerate(state_iris):
        lines.append(f'<{iri}> <{RDF_TYPE}> <{HOM}State> {actors_graph} .')
        lines.append(f'<{iri}> <{SKOS}prefLabel> "State {i}" {actors_graph} .')
        lines.append(f'<{iri}> <{HOM}countryCode> "S{i:03d}" {actors_graph} .')
    for i, iri in enumerate(person_iris):
        lines.append(f'<{iri}> <{RDF_TYPE}> <{HOM}Person> {actors_graph} .')
        lines.append(f'<{iri}> <{SKOS}prefLabel> "Person {i}" {actors_graph} .')
        lines.append(f'<{iri}> <{HOM}nationality> <{rng.choice(state_iris)}> {actors_graph} .')
    for d in range(0, events, per_document):
        doc_id = f"doc-{d // per_document:06d}"
        doc = f"<https://w3id.org/homologue/doc/{doc_id}>"
        graph = f"<https://w3id.org/homologue/graph/doc/{doc_id}>"
        year = rng.randint(2015, 2025)
        lines.append(f"{doc} <{RDF_TYPE}> <{HOM}Document> {graph} .")
        lines.append(f'{doc} <{DCT}identifier> "{doc_id}" {graph} .')
        lines.append(f'{doc} <{DCT}issued> "{year}-{rng.randint(1, 12):02d}-'
                     f'{rng.randint(1, 28):02d}"^^<{XSD}date> {graph} .')
        lines.append(f'{doc} <{DCT}title> "Synthetic report {doc_id}" {graph} .')
        mentioned = set()
        for e in range(d, min(d + per_document, events)):
            a, b = rng.choices(range(len(everyone)), weights, k=2)
            if a == b:
                b = (b + 1) % len(everyone)
            kind = rng.choice(TYPES)
            if kind == "Consult" and everyone[b] < everyone[a]:
                a, b = b, a  # a contact's sides in IRI order, as ingest writes them
            event = f"<https://w3id.org/homologue/event/e{e:07d}>"
            mention = f"<https://w3id.org/homologue/mention/m{e:07d}>"
            month = rng.randint(1, 12)
            date = (f'"{year}-{month:02d}"^^<{XSD}gYearMonth>' if rng.random() < 0.7 else
                    f'"{year}-{month:02d}-{rng.randint(1, 28):02d}"^^<{XSD}date>')
            lines += [f"{event} <{RDF_TYPE}> <{HOM}{kind}> {graph} .",
                      f"{event} <{HOM}source> <{everyone[a]}> {graph} .",
                      f"{event} <{HOM}target> <{everyone[b]}> {graph} .",
                      f"{event} <{HOM}participant> <{everyone[a]}> {graph} .",
                      f"{event} <{HOM}participant> <{everyone[b]}> {graph} .",
                      f"{event} <{HOM}date> {date} {graph} .",
                      f"{event} <{HOM}evidence> {mention} {graph} .",
                      f"{mention} <{HOM}document> {doc} {graph} ."]
            mode = rng.choice(MODES.get(kind, [None]))
            if mode:
                lines.append(f"{event} <{HOM}mode> <{HOM}mode-{mode}> {graph} .")
            mentioned.update((everyone[a], everyone[b]))
        lines += [f"{doc} <{HOM}mentions> <{iri}> {graph} ." for iri in sorted(mentioned)]
    params = {
        "who-contacted-whom": {},
        "actor-contacts": {"actor": top_persons[0]},
        "pair-timeline": {"a": top_persons[0], "b": top_persons[1]},
        "events-by-type-month": {"type": "ACCUSE"},
        "accusations-against": {"state": top_state},
        "aid-flows": {"since": "2020"},
        "actors-by-counterparts": {"min": "10"},
        "contacts-in-window": {"since": "2020-01", "until": "2020-06"},
        "documents-mentioning": {"actor": top_persons[0]},
    }
    return ("\n".join(lines) + "\n").encode("utf-8"), params


def reference_ntriples() -> bytes:
    """The ontology and the bundled gazetteer, as the embedded store holds them after ingest."""
    from importlib import resources

    from rdflib import Graph

    from homologue.rdf.gazetteer import bundled_gazetteer_files

    graph = Graph()
    for path in [resources.files("homologue.ontology") / "homologue.ttl",
                 *bundled_gazetteer_files()]:
        graph.parse(data=path.read_text("utf-8"), format="turtle")
    return graph.serialize(format="nt", encoding="utf-8")


def bindings_for(name: str, values: dict) -> dict:
    """The parameters as RDF terms, as ``homologue query --param`` binds them (actors given
    by IRI, so both stores get the same terms)."""
    import pyoxigraph as ox

    from homologue import sparql as sp

    declared = {p.name: p.kind for p in sp.named_query(name).parameters}
    return {key: ox.NamedNode(value) if declared[key] == "actor"
            else sp.typed_term(declared[key], value, key) for key, value in values.items()}


# -- rdflib, in a forked child with a time limit ---------------------------------------------------

_GRAPH = None  # the rdflib graph, inherited by forked children (bench-only module state)
PLAIN = HERE / "plain-queries"
STOP_AT = 25  # the same text on rdflib is stopped at this many times the embedded time


def _rdflib_child(text: str, pipe) -> None:
    start, cpu = time.perf_counter(), time.process_time()
    rows = len(list(_GRAPH.query(text)))
    pipe.send(((time.perf_counter() - start, time.process_time() - cpu), rows))


def rdflib_time(text: str, limit: float) -> tuple[tuple[float, float] | None, int | None]:
    """(Seconds, CPU seconds) and row count, or (None, None) if it ran past ``limit``."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_rdflib_child, args=(text, send))
    child.start()
    if receive.poll(limit):
        seconds, rows = receive.recv()
        child.join()
        return seconds, rows
    child.kill()
    child.join()
    return None, None


def rdflib_graph(data: bytes, named_graphs: bool):
    """The synthetic dataset in rdflib: a Dataset of the same named graphs whose default graph
    is their union (what ``GRAPH ?g`` needs), or one plain Graph of every triple (rdflib's
    fastest form, for the plain texts)."""
    from rdflib import Dataset, Graph

    if named_graphs:
        graph = Dataset(default_union=True)
        graph.parse(data=data.decode("utf-8"), format="nquads")
    else:
        graph = Graph()
        graph.parse(data="\n".join(line.rsplit(" ", 2)[0] + " ." for line in
                                   data.decode("utf-8").splitlines()), format="nt")
    graph.parse(data=reference_ntriples().decode("utf-8"), format="nt")
    return graph


def rdflib_times(data: bytes, texts: dict[str, str], limits: dict[str, float],
                 named_graphs: bool, log) -> dict[str, tuple]:
    """Each text on a fresh rdflib graph of the data, in a child stopped at its limit."""
    global _GRAPH
    started = time.perf_counter()
    _GRAPH = rdflib_graph(data, named_graphs)
    log(f"rdflib {'Dataset' if named_graphs else 'Graph'}: {len(_GRAPH):,} triples loaded in "
        f"{time.perf_counter() - started:.0f} s")
    try:
        return {name: rdflib_time(text, limits[name]) for name, text in texts.items()}
    finally:
        _GRAPH = None


def embedded_times(store, texts: dict[str, str]) -> dict[str, tuple[float, float, int]]:
    """(Seconds, CPU seconds, rows) of each text on the embedded store: the first run, or if
    under 2 s the median of three more with warm caches."""
    from homologue import sparql as sp

    measured = {}
    for name, text in texts.items():
        start, cpu = time.perf_counter(), time.process_time()
        count = len(sp.run_query(store, text).rows)
        times = [(time.perf_counter() - start, time.process_time() - cpu)]
        if times[0][0] < 2:
            for _ in range(3):
                start, cpu = time.perf_counter(), time.process_time()
                sp.run_query(store, text)
                times.append((time.perf_counter() - start, time.process_time() - cpu))
            times = times[1:]
        measured[name] = (*sorted(times)[len(times) // 2], count)
    return measured


def bench_named_queries(events: int, limit: float, log=print) -> list[dict]:
    """Each named query on the embedded store, against rdflib in memory twice: on the same
    text (the goal's measure; stopped at STOP_AT times the embedded time, which proves the
    goal), and on the query's plain form in ``plain-queries/`` (rdflib's best text: the named
    texts are planned for Oxigraph on disk, with sub-queries that rdflib joins slowly)."""
    from homologue import sparql as sp
    from homologue.ingest import ensure_reference_graphs
    from homologue.store.embedded import EmbeddedStore

    data, params = synthetic_dataset(events)
    bindings = {name: bindings_for(name, values) for name, values in params.items()}
    texts = {name: sp.with_values(sp.named_query(name).text, bindings[name]) for name in params}
    plain = {name: sp.with_values((PLAIN / f"{name}.rq").read_text("utf-8"), bindings[name])
             for name in params}
    folder = Path(tempfile.mkdtemp(prefix="homologue-bench-queries-"))
    try:
        store = EmbeddedStore(folder / "store")
        store.load(data, "nq")
        ensure_reference_graphs(store)
        triples = len(store)
        log(f"embedded: {triples:,} quads")
        fast = embedded_times(store, texts)
        fast_plain = embedded_times(store, plain)
        store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    stops = {name: min(limit, STOP_AT * fast[name][0]) for name in texts}
    same = rdflib_times(data, texts, stops, True, log)
    best = rdflib_times(data, plain, dict.fromkeys(plain, limit), False, log)
    rows = []
    for name in texts:
        seconds, cpu, count = fast[name]
        log(f"{name:<24} embedded {seconds:7.3f} s (CPU {cpu:6.3f}, plain text "
            f"{fast_plain[name][0]:6.2f} s)  {count} rows")
        for label, (timing, rdflib_rows), stop in (
                ("same text", same[name], stops[name]),
                ("plain text", best[name], limit)):
            if rdflib_rows is not None and rdflib_rows != count:
                log(f"warning: {name}: {count} rows embedded, {rdflib_rows} with rdflib ({label})")
            stopped = timing is None
            baseline, slow_cpu = (stop, None) if stopped else timing
            mark = ">" if stopped else ""
            log(f"    rdflib, {label:<10} {mark:1}{baseline:8.2f} s (CPU "
                f"{slow_cpu if slow_cpu is not None else float('nan'):7.2f})  "
                f"{mark:1}{baseline / seconds:5.0f}x")
            rows.append({
                "measure": f"query {name} ({triples / 1e6:.1f} M triples, {count} rows)",
                "value": seconds, "unit": "s",
                "baseline": f"rdflib, {label}{' (stopped)' if stopped else ''}",
                "baseline_value": baseline, "ratio": seconds / baseline,
                "speedup": f"{mark}{baseline / seconds:.0f}×", "cpu": cpu,
                "baseline_cpu": slow_cpu, "plain_text_embedded": fast_plain[name][0]})
    return rows


# -- writes: the Oxigraph server against the embedded store ---------------------------------------


class OxigraphServer:
    def __init__(self, folder: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or "oxigraph"
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen([binary, "serve", "--location", str(folder), "--bind",
                                         f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                urllib.request.urlopen(self.url + "/query?query=ASK%7B%7D", timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("oxigraph serve did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def bench_ingest(articles: int, log=print) -> list[dict]:
    """``ingest`` of the same synthetic articles (same warm extractor) into each store."""
    from synthetic import articles as make_articles

    from homologue.extract import Extractor
    from homologue.ingest import ingest
    from homologue.store import open_store

    documents = [a.document() for a in make_articles(articles, seed=6)]
    extractor = Extractor()
    folder = Path(tempfile.mkdtemp(prefix="homologue-bench-remote-"))
    server = OxigraphServer(folder / "oxigraph")
    try:
        ingest(documents[:2], open_store(folder / "warm"), extractor)  # load the models
        times = {}
        for label, location in (("embedded", folder / "store"), ("remote", server.url)):
            store = open_store(location)
            start = time.perf_counter()
            summary = ingest(documents, store, extractor)
            times[label] = time.perf_counter() - start
            store.close()
            log(f"ingest {articles} articles into {label}: {times[label]:.1f} s "
                f"({summary.triples} triples)")
        writes = _bench_graph_writes(folder, server.url, log)
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return [{"measure": f"ingest {articles} articles into an Oxigraph server",
             "value": times["remote"], "unit": "s", "baseline": "ingest into the embedded store",
             "baseline_value": times["embedded"], "ratio": times["remote"] / times["embedded"]},
            *writes]


def _bench_graph_writes(folder: Path, url: str, log) -> list[dict]:
    """The store's share alone: the same document graphs written one request each."""
    from rdflib import Dataset

    from homologue.store import open_store

    data, _ = synthetic_dataset(20_000)
    dataset = Dataset()
    dataset.parse(data=data.decode("utf-8"), format="nquads")
    graphs = [g for g in dataset.graphs() if str(g.identifier).startswith(
        "https://w3id.org/homologue/graph/doc/")]
    times = {}
    for label, location in (("embedded", folder / "writes"), ("remote", url)):
        store = open_store(location)
        start = time.perf_counter()
        for graph in graphs:
            store.replace_graph(str(graph.identifier), graph)
        store.flush()
        times[label] = time.perf_counter() - start
        store.close()
        log(f"replace {len(graphs)} document graphs in {label}: {times[label]:.2f} s")
    return [{"measure": f"write {len(graphs)} document graphs (one request each) to the server",
             "value": times["remote"], "unit": "s", "baseline": "same writes, embedded store",
             "baseline_value": times["embedded"], "ratio": times["remote"] / times["embedded"]}]


def run(quick: bool, events: int | None = None, limit: float | None = None,
        articles: int | None = None) -> list[dict]:
    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    rows = bench_named_queries(events or (20_000 if quick else 200_000),
                               limit or (60.0 if quick else 300.0), log)
    rows += bench_ingest(articles or (10 if quick else 100), log)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--events", type=int, help="events in the synthetic store")
    parser.add_argument("--rdflib-timeout", type=float, help="seconds before rdflib is stopped")
    parser.add_argument("--articles", type=int, help="articles to ingest into each store")
    args = parser.parse_args()
    rows = run(args.quick, args.events, args.rdflib_timeout, args.articles)
    print(f"{'measure':<66} {'value':>9}  {'baseline':<36} {'baseline':>9}  ratio")
    for r in rows:
        print(f"{r['measure']:<66} {r['value']:>8.3f}s  {r['baseline']:<36} "
              f"{r['baseline_value']:>8.2f}s  {r['ratio']:.4f}"
              + (f"  ({r['speedup']} faster)" if "speedup" in r else ""))


if __name__ == "__main__":
    main()
