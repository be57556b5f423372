"""``homologue serve``: a SPARQL 1.1 Protocol endpoint that standard clients can use."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner
from test_queries import build_store

from homologue.cli import cli
from homologue.serve import make_server, negotiate

CONSULTS = """PREFIX hom: <https://w3id.org/homologue/ontology#>
SELECT ?event ?date WHERE { ?event a hom:Consult ; hom:date ?d BIND(STR(?d) AS ?date) }
ORDER BY ?date"""
DATES = ["2023-03", "2024-04", "2025-01"]


def start(store, **options):
    server = make_server(store, "127.0.0.1", 0, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("serve") / "store")
    server, url = start(store)
    yield url
    server.shutdown()
    server.server_close()
    store.close()


def fetch(url: str, data: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type"), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type"), error.read()


def test_sparqlwrapper_get_and_post(endpoint):
    from SPARQLWrapper import JSON, POST, XML, SPARQLWrapper

    client = SPARQLWrapper(endpoint + "/sparql")
    client.setQuery(CONSULTS)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [r["date"]["value"] for r in rows] == DATES
    client.setMethod(POST)
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert [n.firstChild.data for n in document.getElementsByTagName("literal")] == DATES


def test_sparqlwrapper_construct_and_ask(endpoint):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(endpoint + "/sparql")
    client.setQuery("CONSTRUCT { ?e a ?c } WHERE { ?e a ?c ; "
                    "<https://w3id.org/homologue/ontology#source> ?s }")
    client.setReturnFormat(TURTLE)
    from rdflib import Graph

    assert len(Graph().parse(data=client.query().convert(), format="turtle")) == 7
    client.setQuery("ASK { ?e a <https://w3id.org/homologue/ontology#Aid> }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


def test_rdflib_sparqlstore(endpoint):
    from rdflib import Graph, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(endpoint + "/sparql"))
    rows = list(graph.query(CONSULTS))
    assert [str(r.date) for r in rows] == DATES
    consult = URIRef("https://w3id.org/homologue/ontology#Consult")
    assert len(list(graph.triples((None, None, consult)))) == 3


@pytest.mark.parametrize(("accept", "media"), [
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("*/*", "application/sparql-results+json"),
])
def test_content_negotiation(endpoint, accept, media):
    status, content_type, body = fetch(endpoint + "/sparql?" + urllib.parse.urlencode(
        {"query": CONSULTS}), headers={"Accept": accept})
    assert status == 200 and content_type.startswith(media)
    assert all(date.encode() in body for date in DATES)


def test_post_sparql_query_body(endpoint):
    status, content_type, body = fetch(endpoint + "/sparql", CONSULTS.encode(),
                                       {"Content-Type": "application/sparql-query",
                                        "Accept": "application/sparql-results+json"})
    assert status == 200
    assert [b["date"]["value"] for b in json.loads(body)["results"]["bindings"]] == DATES


def test_errors_are_http_errors_with_the_message(endpoint):
    status, _, body = fetch(endpoint + "/sparql?query=" + urllib.parse.quote("SELECT * {"))
    assert status == 400 and b"invalid SPARQL at line 1" in body
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    status, _, body = fetch(endpoint + "/sparql?query=" + urllib.parse.quote(service))
    assert status == 400 and b"SERVICE" in body
    status, _, _ = fetch(endpoint + "/nowhere?query=ASK%7B%7D")
    assert status == 404


def test_read_only_unless_allowed(endpoint, tmp_path):
    update = b"INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }"
    status, _, body = fetch(endpoint + "/update", update,
                            {"Content-Type": "application/sparql-update"})
    assert status == 403 and b"--allow-update" in body
    status, _, _ = fetch(endpoint + "/sparql", b"update=" + urllib.parse.quote(update).encode(),
                         {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403

    store = build_store(tmp_path / "writable")
    server, url = start(store, allow_update=True)
    try:
        status, _, _ = fetch(url + "/update", update,
                             {"Content-Type": "application/sparql-update"})
        assert status == 204
        status, _, body = fetch(url + "/sparql?query=" + urllib.parse.quote(
            "ASK { <http://e/s> <http://e/p> <http://e/o> }"), headers={
            "Accept": "application/sparql-results+json"})
        assert json.loads(body)["boolean"] is True
    finally:
        server.shutdown()
        server.server_close()
        store.close()


def test_query_time_limit_answers_503_and_frees_the_worker(tmp_path):
    import time

    store = build_store(tmp_path / "slow")
    server, url = start(store, timeout=0.3)
    try:
        endless = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # ~10^12 solutions
        started = time.perf_counter()
        status, _, body = fetch(url + "/sparql?query=" + urllib.parse.quote(endless))
        assert status == 503 and b"longer than 0.3 s" in body
        assert time.perf_counter() - started < 5
        for _ in range(50):  # the abandoned query stops reading at its deadline
            if not any(t.name == "homologue-query" for t in threading.enumerate()):
                break
            time.sleep(0.1)
        assert not any(t.name == "homologue-query" for t in threading.enumerate())
    finally:
        server.shutdown()
        server.server_close()
        store.close()


def test_negotiate_prefers_higher_quality():
    assert negotiate("text/csv;q=0.1, application/sparql-results+json", "solutions") == "json"
    assert negotiate("application/rdf+xml, text/turtle;q=0.5", "graph") == "xml"
    assert negotiate("text/csv", "boolean") == "json"
    assert negotiate("", "graph", requested="nt") == "nt"


def test_serve_binds_loopback_by_default():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--host TEXT" in result.output and "[default: 127.0.0.1]" in result.output
    assert "--allow-update" in result.output
