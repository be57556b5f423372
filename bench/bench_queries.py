"""Named queries on the embedded store against rdflib in memory at its best, and writing to an
Oxigraph server against writing to the embedded store.

The query store is synthetic, shaped like ingested news (events with type, source, target,
participants, date, mode, an evidence mention pointing to its document; documents that mention
their actors; persons with a nationality; the ontology): 200,000 events and the whole bundled
gazetteer (the world gazetteer's 370,000 triples, as every ingested store holds) by default;
``--quick``: 2,000 events and the ontology only. Both sides hold the same triples.

Each named query runs with the same parameters on the embedded store (its shipped text, through
``sparql.run_query`` as ``homologue query`` runs it) and on rdflib at its best: its plain form
(``plain-queries/``, the same question in plain graph patterns) on one in-memory rdflib
``Graph`` of every triple, the parameters given through rdflib's own ``initBindings``. Every
time is the median of several warm runs (one untimed run first; three timed runs, one for a
query whose warm-up took over 30 s). The selective queries run for the busiest actors and for a
median one. ``--values`` adds a column: rdflib on the plain form with the parameters as
``VALUES`` blocks (as the embedded store gets them), which rdflib evaluates badly; it runs in a
forked child, stopped at 300 s (reported as "> limit").

Run: ``python bench/bench_queries.py [--quick] [--events N] [--articles N] [--values]``.
"""

from __future__ import annotations

import argparse
import multiprocessing
from collections import Counter, defaultdict
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
    counts: Counter[int] = Counter()
    counterparts: dict[int, Counter[int]] = defaultdict(Counter)
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
            counts[a] += 1
            counts[b] += 1
            if kind == "Consult":
                counterparts[a][b] += 1
                counterparts[b][a] += 1
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
    # The same selective questions about a median person (by number of events, among those
    # with a contact), its most frequent contact, and the median state.
    ranked = sorted(counts, key=lambda i: (-counts[i], i))
    persons = [i for i in ranked if "/person-" in everyone[i] and counterparts[i]]
    median = persons[len(persons) // 2]
    partner = counterparts[median].most_common(1)[0][0]
    states_ranked = [i for i in ranked if "/person-" not in everyone[i]]
    params.update({
        "actor-contacts@median": {"actor": everyone[median]},
        "pair-timeline@median": {"a": everyone[median], "b": everyone[partner]},
        "accusations-against@median": {"state": everyone[states_ranked[len(states_ranked) // 2]]},
        "documents-mentioning@median": {"actor": everyone[median]},
    })
    return ("\n".join(lines) + "\n").encode("utf-8"), params


def bindings_for(name: str, values: dict) -> dict:
    """The parameters as RDF terms, as ``homologue query --param`` binds them (actors given
    by IRI, so both stores get the same terms)."""
    import pyoxigraph as ox

    from homologue import sparql as sp

    declared = {p.name: p.kind for p in sp.named_query(name).parameters}
    return {key: ox.NamedNode(value) if declared[key] == "actor"
            else sp.typed_term(declared[key], value, key) for key, value in values.items()}


# -- timing ----------------------------------------------------------------------------------------

PLAIN = HERE / "plain-queries"
SELECTIVE = {"actor-contacts", "pair-timeline", "documents-mentioning", "accusations-against"}
RUNS = 3  # timed runs after the warm-up
SLOW = 30.0  # a warm-up longer than this is followed by one timed run


def warm_median(work) -> tuple[float, int, int]:
    """(Median seconds of the timed runs, rows, timed runs): one untimed warm-up run, then
    RUNS timed runs (one if the warm-up took over SLOW seconds)."""
    start = time.perf_counter()
    rows = work()
    runs = 1 if time.perf_counter() - start > SLOW else RUNS
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), rows, runs


def rdflib_terms(bindings: dict) -> dict:
    """pyoxigraph terms as rdflib terms, for ``initBindings``."""
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    out = {}
    for name, term in bindings.items():
        if isinstance(term, ox.NamedNode):
            out[name] = URIRef(term.value)
        elif term.language:
            out[name] = Literal(term.value, lang=term.language)
        else:
            out[name] = Literal(term.value, datatype=URIRef(term.datatype.value))
    return out


_GRAPH = None  # the rdflib graph, inherited by forked children (bench-only module state)


def _rdflib_child(text: str, pipe) -> None:
    list(_GRAPH.query(text))  # warm-up, as on the other side
    start = time.perf_counter()
    rows = len(list(_GRAPH.query(text)))
    pipe.send((time.perf_counter() - start, rows))


def rdflib_values_time(text: str, limit: float) -> tuple[float | None, int | None]:
    """Seconds and row count of a second run in a forked child, or (None, None) past ``limit``
    (warm-up and timed run together)."""
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


def build_stores(events: int, world: bool, folder: Path, log):
    """The embedded store and an rdflib Graph of the same triples (the synthetic documents, the
    ontology, and with ``world`` the whole bundled gazetteer), and the queries' parameters."""
    from importlib import resources

    import pyoxigraph as ox
    from rdflib import Graph

    from homologue.ingest import ensure_reference_graphs
    from homologue.rdf.namespace import ONTOLOGY_GRAPH
    from homologue.store.embedded import EmbeddedStore

    data, params = synthetic_dataset(events)
    store = EmbeddedStore(folder / "store")
    store.load(data, "nq")
    if world:
        ensure_reference_graphs(store)
    else:
        ontology = resources.files("homologue.ontology") / "homologue.ttl"
        store.replace_graph_data(str(ONTOLOGY_GRAPH), ontology.read_bytes(), "ttl")
    store.flush()
    started = time.perf_counter()
    graph = Graph()
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"),
                format="nt")
    log(f"embedded: {len(store):,} quads; rdflib Graph: {len(graph):,} triples loaded in "
        f"{time.perf_counter() - started:.0f} s")
    return store, graph, params


def bench_named_queries(events: int, world: bool, values_column: bool, log=print) -> list[dict]:
    """Each named query on the embedded store against rdflib's best (plain form, initBindings),
    both the median of warm runs in this process; the full run adds rdflib with VALUES."""
    global _GRAPH
    from homologue import sparql as sp

    folder = Path(tempfile.mkdtemp(prefix="homologue-bench-queries-"))
    try:
        store, graph, params = build_stores(events, world, folder, log)
        triples = len(store)
        rows = []
        for key, values in params.items():
            name, _, which = key.partition("@")
            bindings = bindings_for(name, values)
            text = sp.named_query(name).text
            plain = (PLAIN / f"{name}.rq").read_text("utf-8")
            ours, count, runs = warm_median(lambda: len(sp.run_query(store, text, bindings).rows))
            ours_plain, _, _ = warm_median(lambda: len(sp.run_query(store, plain, bindings).rows))
            initial = rdflib_terms(bindings)
            best, best_rows, best_runs = warm_median(
                lambda: len(list(graph.query(plain, initBindings=initial))))
            if best_rows != count:
                log(f"warning: {name}: {count} rows embedded, {best_rows} with rdflib")
            log(f"{key:<27} embedded {ours * 1000:9.1f} ms (plain form {ours_plain * 1000:8.1f} "
                f"ms)  rdflib initBindings {best:8.3f} s ({best_runs} runs)  {best / ours:6.0f}x  "
                f"{count} rows")
            size = f"{events:,} events, {triples / 1e6:.2f} M triples"
            if name in SELECTIVE:
                size += ", median actor" if which else ", busiest actor"
                size += "s" if name == "pair-timeline" else ""
            rows.append({
                "measure": f"query {name} ({size}, {count} rows), on disk",
                "value": ours, "unit": "s",
                "baseline": f"rdflib in memory, plain form, initBindings ({best_rows} rows)",
                "baseline_value": best, "ratio": ours / best, "speedup": f"{best / ours:.0f}×",
                "plain_form_embedded": ours_plain, "runs": runs, "baseline_runs": best_runs})
            if values_column:
                _GRAPH = graph
                try:
                    slow, slow_rows = rdflib_values_time(sp.with_values(plain, bindings), 300)
                finally:
                    _GRAPH = None
                stopped = slow is None
                slow = 300.0 if stopped else slow
                mark = ">" if stopped else ""
                log(f"    rdflib, plain form with VALUES: {mark}{slow:.2f} s")
                rows.append({
                    "measure": f"query {name} ({size}, {count} rows), on disk",
                    "value": ours, "unit": "s",
                    "baseline": "rdflib, plain form, VALUES blocks" + (" (stopped)" if stopped
                                                                       else f" ({slow_rows} rows)"),
                    "baseline_value": slow, "ratio": ours / slow,
                    "speedup": f"{mark}{slow / ours:.0f}×"})
        store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return rows


# -- writes: the Oxigraph server against the embedded store ---------------------------------------


class OxigraphServer:
    def __init__(self, folder: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or \
            shutil.which("oxigraph")
        if binary is None:
            raise RuntimeError("the oxigraph server is not installed: make install-bench "
                               "(pip install -e '.[bench]')")
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


DROP_DOCUMENTS = """DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o }
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/homologue/graph/doc/")) }"""


def bench_ingest(articles: int, documents_written: int, log=print) -> list[dict]:
    """``ingest`` of the same synthetic articles (same warm extractor) into each store, each
    time into a store without documents, and the same document graphs written to each;
    medians of warm runs, the two sides taking turns."""
    from synthetic import articles as make_articles

    from homologue.extract import Extractor
    from homologue.ingest import ingest
    from homologue.store import open_store

    documents = [a.document() for a in make_articles(articles, seed=6)]
    extractor = Extractor()
    folder = Path(tempfile.mkdtemp(prefix="homologue-bench-remote-"))
    server = OxigraphServer(folder / "oxigraph")
    try:
        times: dict[str, list[float]] = {"embedded": [], "remote": []}
        for run in range(RUNS + 1):  # the first round warms both sides up (and loads the
            for label in times:      # ontology and gazetteer, which later rounds keep)
                store = open_store(folder / "store" if label == "embedded" else server.url)
                store.update(DROP_DOCUMENTS)
                start = time.perf_counter()
                summary = ingest(documents, store, extractor)
                if run:
                    times[label].append(time.perf_counter() - start)
                store.close()
        medians = {label: statistics.median(values) for label, values in times.items()}
        for label, seconds in medians.items():
            log(f"ingest {articles} articles into {label}: {seconds:.2f} s, median of {RUNS} "
                f"({summary.triples} triples)")
        writes = _bench_graph_writes(folder, server.url, documents_written, log)
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return [{"measure": f"ingest {articles} articles into an Oxigraph server",
             "value": medians["remote"], "unit": "s", "baseline": "ingest into the embedded store",
             "baseline_value": medians["embedded"],
             "ratio": medians["remote"] / medians["embedded"]}, *writes]


def _bench_graph_writes(folder: Path, url: str, count: int, log) -> list[dict]:
    """The store's share alone: the same document graphs written one request each (the first
    round into empty stores, untimed; then each round replaces them)."""
    from rdflib import Dataset

    from homologue.store import open_store

    data, _ = synthetic_dataset(count * 100)
    dataset = Dataset()
    dataset.parse(data=data.decode("utf-8"), format="nquads")
    graphs = [g for g in dataset.graphs() if str(g.identifier).startswith(
        "https://w3id.org/homologue/graph/doc/")]
    times: dict[str, list[float]] = {"embedded": [], "remote": []}
    for run in range(RUNS + 1):
        for label, location in (("embedded", folder / "writes"), ("remote", url)):
            store = open_store(location)
            start = time.perf_counter()
            for graph in graphs:
                store.replace_graph(str(graph.identifier), graph)
            store.flush()
            if run:
                times[label].append(time.perf_counter() - start)
            store.close()
    medians = {label: statistics.median(values) for label, values in times.items()}
    for label, seconds in medians.items():
        log(f"replace {len(graphs)} document graphs in {label}: {seconds:.2f} s, median of {RUNS}")
    return [{"measure": f"write {len(graphs)} document graphs (one request each) to the server",
             "value": medians["remote"], "unit": "s", "baseline": "same writes, embedded store",
             "baseline_value": medians["embedded"],
             "ratio": medians["remote"] / medians["embedded"]}]


def run(quick: bool, events: int | None = None, articles: int | None = None,
        values: bool = False) -> list[dict]:
    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    rows = bench_named_queries(events or (2_000 if quick else 200_000), world=not quick,
                               values_column=values, log=log)
    rows += bench_ingest(articles or (2 if quick else 50), 10 if quick else 200, log)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--events", type=int, help="events in the synthetic store")
    parser.add_argument("--articles", type=int, help="articles to ingest into each store")
    parser.add_argument("--values", action="store_true",
                        help="add rdflib on the plain form with the parameters as VALUES blocks")
    args = parser.parse_args()
    rows = run(args.quick, args.events, args.articles, args.values)
    print(f"{'measure':<66} {'value':>9}  {'baseline':<36} {'baseline':>9}  ratio")
    for r in rows:
        print(f"{r['measure']:<66} {r['value']:>8.3f}s  {r['baseline']:<36} "
              f"{r['baseline_value']:>8.2f}s  {r['ratio']:.4f}"
              + (f"  ({r['speedup']} faster)" if "speedup" in r else ""))


if __name__ == "__main__":
    main()
