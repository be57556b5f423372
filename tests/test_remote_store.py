"""The same commands against a SPARQL 1.1 server: an Oxigraph server started by these tests on
127.0.0.1 with a temporary folder, compared answer for answer with the embedded store."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_queries import NASTY_TITLE, NAMED, TITLE_QUERY, build_store, run_named

from homologue import sparql as sp
from homologue.errors import StoreError
from homologue.store import open_store
from homologue.store.remote import RemoteStore, endpoints_for

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
ARTICLES = [str(EXAMPLES / "fr-2024-04-lecornu-shoigu.txt"),
            str(EXAMPLES / "en-2023-03-austin-shoigu.md")]


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or \
        shutil.which("oxigraph")
    if not found:
        pytest.fail("the Oxigraph server is missing: pip install -e '.[test]'")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OxigraphServer:
    """``oxigraph serve`` on loopback with its own folder, stopped by :meth:`stop`."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(folder), "--bind",
             f"127.0.0.1:{self.port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.url + "/query?query=ASK%7B%7D", timeout=2):
                    return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph serve did not start: "
                                       f"{self.process.stderr.read().decode()}") from None
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = OxigraphServer(tmp_path_factory.mktemp("oxigraph"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def pair(server, tmp_path_factory):
    """The fixture documents in an embedded store and, through ``load``, on the server."""
    embedded = build_store(tmp_path_factory.mktemp("embedded") / "store")
    remote = RemoteStore(server.url + "/")
    remote.update("DROP ALL")
    remote.load(embedded.dump("nq"), "nq")
    yield embedded, remote
    embedded.close()
    remote.close()


def homologue(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "homologue", *args], capture_output=True,
                          text=True, input=stdin)


# -- endpoint layouts ------------------------------------------------------------------------------


def test_endpoint_layouts():
    oxigraph = endpoints_for("http://127.0.0.1:7878")
    assert (oxigraph.query, oxigraph.update, oxigraph.graph_store, oxigraph.union_param) == (
        "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update",
        "http://127.0.0.1:7878/store", "union-default-graph")
    fuseki = endpoints_for("http://localhost:3030/news")
    assert (fuseki.query, fuseki.update, fuseki.graph_store, fuseki.dataset) == (
        "http://localhost:3030/news/query", "http://localhost:3030/news/update",
        "http://localhost:3030/news/data", "http://localhost:3030/news")
    graphdb = endpoints_for("http://localhost:7200/repositories/news")
    assert (graphdb.query, graphdb.update, graphdb.graph_store, graphdb.union_param) == (
        "http://localhost:7200/repositories/news",
        "http://localhost:7200/repositories/news/statements",
        "http://localhost:7200/repositories/news/rdf-graphs/service", None)
    custom = endpoints_for("http://h/x#query=sparql&update=up&store=none&union=none")
    assert (custom.query, custom.update, custom.graph_store, custom.union_param) == (
        "http://h/x/sparql", "http://h/x/up", None, None)
    with pytest.raises(StoreError, match="unknown setting"):
        endpoints_for("http://h/x#quary=sparql")


def test_open_store_dispatches_on_the_scheme(tmp_path):
    assert isinstance(open_store("http://127.0.0.1:1/"), RemoteStore)
    assert not isinstance(open_store(tmp_path / "s"), RemoteStore)


# -- same answers as the embedded store -------------------------------------------------------------


PARAMS = {
    "actor-contacts": {"actor": "Shoigu"},
    "pair-timeline": {"a": "Sergei Shoigu", "b": "Sébastien Lecornu"},
    "events-by-type-month": {"type": "ACCUSE"},
    "accusations-against": {"state": "Russia"},
    "aid-flows": {"since": "2024"},
    "actors-by-counterparts": {"min": "2"},
    "contacts-in-window": {"since": "2023", "until": "2025"},
    "documents-mentioning": {"actor": "Sébastien Lecornu"},
}


@pytest.mark.parametrize("name", sorted(NAMED))
def test_named_queries_answer_the_same(pair, name):
    embedded, remote = pair
    for params in ({}, PARAMS.get(name)):
        if params is None or (not params and any(
                p.required for p in sp.named_query(name).parameters)):
            continue
        expected = run_named(embedded, name, **params)
        assert expected, (name, params)
        assert run_named(remote, name, **params) == expected


def test_reports_views_and_exports_are_the_same(pair):
    from homologue.analysis.contacts import actor_labels, contact_events, summarise_contacts

    embedded, remote = pair
    assert summarise_contacts(contact_events(remote)) == summarise_contacts(
        contact_events(embedded))
    assert actor_labels(remote) == actor_labels(embedded)
    assert remote.graph_names() == embedded.graph_names()
    assert len(remote) == len(embedded)
    assert set(ox.parse(remote.dump("nq"), ox.RdfFormat.N_QUADS)) == set(embedded.quads())
    assert set(ox.parse(remote.dump("trig"), ox.RdfFormat.TRIG)) == set(embedded.quads())
    graph = embedded.graph_names()[0]
    assert set(ox.parse(remote.dump("nt", graph), ox.RdfFormat.N_TRIPLES)) == set(
        ox.parse(embedded.dump("nt", graph), ox.RdfFormat.N_TRIPLES))
    assert remote.has_graph(graph) and not remote.has_graph("http://e/none")


def test_result_kinds_behave_like_pyoxigraph(pair):
    _, remote = pair
    assert bool(remote.query("ASK { ?s ?p ?o }")) is True
    assert bool(remote.query("ASK { <http://e/no> ?p ?o }")) is False
    solutions = remote.query("SELECT ?s WHERE { ?s a <https://w3id.org/homologue/ontology#Aid> }")
    assert [v.value for v in solutions.variables] == ["s"]
    assert len([s["s"].value for s in solutions]) == 2
    triples = remote.query("CONSTRUCT { ?s a ?c } WHERE { ?s a ?c ; "
                           "<https://w3id.org/homologue/ontology#source> ?x }")
    assert len(sp.materialise(triples).triples) == 7


def test_a_nasty_value_is_bound_as_one_literal_on_the_server(pair):
    embedded, remote = pair
    before = len(remote)
    for store in (embedded, remote):
        result = sp.run_query(store, TITLE_QUERY, {"title": ox.Literal(NASTY_TITLE)})
        assert [[t.value for t in row] for row in result.rows] == [["d4"]]
        projected = TITLE_QUERY.replace("SELECT ?doc", "SELECT ?doc ?title")  # Oxigraph needs it
        rows = list(store.query(projected, substitutions={
            ox.Variable("title"): ox.Literal(NASTY_TITLE)}))
        assert [r["doc"].value for r in rows] == ["d4"]
    assert len(remote) == before


def test_errors_from_the_server(pair, server):
    _, remote = pair
    with pytest.raises(sp.QueryError, match="invalid SPARQL at line 1, column"):
        sp.run_query(remote, "SELECT * WHERE { ?s ?p }")
    reader = RemoteStore(server.url, read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        reader.update("DROP ALL")
    nobody = RemoteStore(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError, match="no SPARQL server answers there"):
        nobody.query("ASK {}")


def test_replace_graph_is_one_request(pair):
    from rdflib import Graph, Literal, URIRef

    _, remote = pair
    requests = []
    remote._session.hooks["response"].append(lambda r, *a, **k: requests.append(r.request))
    graph = Graph(identifier=URIRef("http://e/graph"))
    for i in range(500):
        graph.add((URIRef(f"http://e/s{i}"), URIRef("http://e/p"), Literal(i)))
    remote.replace_graph("http://e/graph", graph)
    remote.replace_graph("http://e/graph", graph)
    remote._session.hooks["response"].clear()
    assert [r.method for r in requests] == ["PUT", "PUT"]
    count = list(remote.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://e/graph> "
                              "{ ?s ?p ?o } }", union=False))
    assert count[0]["n"].value == "500"
    remote.update("DROP GRAPH <http://e/graph>")


# -- the commands, end to end, with spaCy ----------------------------------------------------------


@pytest.mark.slow
def test_ingest_on_the_server_gives_the_embedded_answers(extractor, tmp_path):
    from click.testing import CliRunner

    from homologue.cli import cli
    from homologue.documents import read_documents
    from homologue.ingest import ingest

    own = OxigraphServer(tmp_path / "oxigraph")
    try:
        _compare_ingests(own.url, extractor, tmp_path, CliRunner(), cli, ingest, read_documents)
    finally:
        own.stop()


def _compare_ingests(url, extractor, tmp_path, runner, cli, ingest, read_documents):
    remote = open_store(url)
    requests = []
    remote._session.hooks["response"].append(lambda r, *a, **k: requests.append(r.request))
    summary = ingest(read_documents(ARTICLES), remote, extractor)
    remote.close()
    writes = [r for r in requests if r.method in ("PUT", "POST") and not r.url.split("?")[0]
              .endswith("/query")]
    # each reference graph (ontology, gazetteer) is one PUT and one version marker
    assert summary.documents == 2 and len(writes) <= summary.documents + 4
    embedded = open_store(tmp_path / "store")
    ingest(read_documents(ARTICLES), embedded, extractor)
    embedded.close()

    for args in (["contacts"], ["contacts", "--format", "json"],
                 ["query", "--name", "who-contacted-whom", "--format", "csv"],
                 ["query", "--name", "actor-contacts", "--param", "actor=Sergei Shoigu"],
                 ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"]):
        here = runner.invoke(cli, ["--store", str(tmp_path / "store"), *args])
        there = runner.invoke(cli, ["--store", url, *args])
        assert here.exit_code == 0 and there.exit_code == 0, there.output
        assert there.stdout == here.stdout, args
    again = open_store(url)
    assert ingest(read_documents(ARTICLES), again, extractor).skipped == \
        summary.documents
    again.close()

    exported = tmp_path / "all.trig"
    assert runner.invoke(cli, ["--store", url, "export", "--format", "trig", "-o",
                               str(exported)]).exit_code == 0
    copy = tmp_path / "copy"
    assert runner.invoke(cli, ["--store", str(copy), "import", str(exported)]).exit_code == 0
    local = open_store(tmp_path / "store", read_only=True)
    moved = open_store(copy, read_only=True)
    assert set(moved.quads()) == set(local.quads())
    moved.close()
    local.close()


def test_cli_against_a_server_that_is_not_there():
    result = homologue("--store", f"http://127.0.0.1:{free_port()}", "contacts")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: http://127.0.0.1:") and "no SPARQL server" in \
        result.stderr


def test_import_into_the_server(pair, server, tmp_path):
    embedded, _ = pair
    dump = tmp_path / "all.nq"
    dump.write_bytes(embedded.dump("nq"))
    remote = RemoteStore(server.url)
    remote.update("DROP ALL")
    result = homologue("--store", server.url, "import", str(dump))
    assert result.returncode == 0, result.stderr
    assert "in 6 graphs" in result.stderr and "(0 graphs replaced)" in result.stderr
    assert set(remote.quads()) == set(embedded.quads())
    again = homologue("--store", server.url, "import", str(dump))
    assert "(6 graphs replaced)" in again.stderr
    assert set(remote.quads()) == set(embedded.quads())
