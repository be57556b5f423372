"""Named queries, safe parameter binding, SERVICE refusal, time limits and output formats.

The store here is built from events through the real RDF builder (no spaCy), so each named
query's answer is known exactly.
"""

from __future__ import annotations

import csv
import io
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homologue import sparql as sp
from homologue.cli import cli
from homologue.dates import PartialDate
from homologue.documents import Document
from homologue.errors import InputError, QueryError
from homologue.extract.model import Event, Evidence
from homologue.rdf.build import document_graph
from homologue.rdf.gazetteer import Actor

NASTY_TITLE = 'Le "piège" } ; DROP ALL ; SELECT * { \\ de Moscou\n\'x\' \\u0022 #'
A = "https://w3id.org/homologue/actor/"
LECORNU = Actor(A + "sebastien-lecornu", "Sébastien Lecornu", "person", "FRA",
                aliases=("Sebastien Lecornu",))
SHOIGU = Actor(A + "sergei-shoigu", "Sergei Shoigu", "person", "RUS", aliases=("Choïgou",))
AUSTIN = Actor(A + "lloyd-austin", "Lloyd Austin", "person", "USA")
BARROT = Actor(A + "jean-noel-barrot", "Jean-Noël Barrot", "person", "FRA")
SYBIHA = Actor(A + "andrii-sybiha", "Andrii Sybiha", "person", "UKR")
RUS = Actor(A + "RUS", "Russia", "state", "RUS")
UKR = Actor(A + "UKR", "Ukraine", "state", "UKR")
USA = Actor(A + "USA", "United States", "state", "USA")
FRA = Actor(A + "FRA", "France", "state", "FRA")
NAMED = {"who-contacted-whom", "actor-contacts", "pair-timeline", "events-by-type-month",
         "accusations-against", "aid-flows", "actors-by-counterparts", "contacts-in-window",
         "documents-mentioning"}


def _event(doc: str, kind: str, source: Actor, target: Actor, date: PartialDate,
           n: int, mode: str | None = None) -> Event:
    return Event(doc=doc, type=kind, source=source, target=target, mode=mode, date=date,
                 evidence=Evidence(f"{source.label} {kind.lower()} {target.label}", n * 100,
                                   n * 100 + 40, n), confidence=0.9, trigger=kind.lower())


def fixture_graphs() -> list:
    """Four documents, seven events, the answers of every named query known in advance."""
    docs = [
        (Document("d1", "…", "fr", "2024-04-03", "Lecornu appelle Choïgou"), [
            _event("d1", "CONSULT", LECORNU, SHOIGU, PartialDate(2024, 4), 1, "phone"),
            _event("d1", "ACCUSE", LECORNU, RUS, PartialDate(2024, 4), 2)]),
        (Document("d2", "…", "en", "2023-03-15", "Austin and Shoigu speak"), [
            _event("d2", "CONSULT", AUSTIN, SHOIGU, PartialDate(2023, 3), 1, "phone"),
            _event("d2", "AID", USA, UKR, PartialDate(2023, 3), 2, "military")]),
        (Document("d3", "…", "fr", "2025-02-12", "Barrot à Kyiv"), [
            _event("d3", "CONSULT", BARROT, SYBIHA, PartialDate(2025, 1), 1, "visit"),
            _event("d3", "ACCUSE", UKR, SHOIGU, PartialDate(2025, 2), 2),
            _event("d3", "AID", FRA, UKR, PartialDate(2025, 2), 3, "humanitarian")]),
        (Document("d4", "…", "fr", "2022-01-01", NASTY_TITLE), []),
    ]
    return [document_graph(doc, events) for doc, events in docs]


def build_store(path):
    """An embedded store holding the fixture documents (one graph each)."""
    from homologue.ingest import ensure_reference_graphs
    from homologue.store import open_store

    store = open_store(path)
    ensure_reference_graphs(store)  # the ontology (event type notations) and the gazetteer
    for graph in fixture_graphs():
        store.replace_graph(str(graph.identifier), graph)
    store.flush()
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("queries") / "store")
    yield store
    store.close()


def run_named(store, name: str, **params: str) -> list[dict]:
    query = sp.named_query(name)
    result = sp.run_query(store, query.text, sp.bind_parameters(store, query, params))
    return [{v: sp._plain(t) for v, t in zip(result.variables, row)} for row in result.rows]


# -- the named queries ---------------------------------------------------------------------------


def test_every_named_query_is_documented_and_its_parameters_are_its_variables():
    queries = sp.named_queries()
    assert set(queries) == NAMED
    for query in queries.values():
        assert query.title and query.description and query.name in query.example
        variables = {t.text[1:] for t in sp.tokenize(query.text) if t.kind == "var"}
        for parameter in query.parameters:
            assert parameter.name in variables, (query.name, parameter.name)
            assert f"--param {parameter.name}=" in query.example or not parameter.required


def test_list_shows_each_query_with_parameters_and_example():
    result = CliRunner().invoke(cli, ["query", "--list"])
    assert result.exit_code == 0
    for name in NAMED:
        assert f"{name}: " in result.output
    assert "--param actor=…  (actor, required)" in result.output
    assert 'e.g. homologue query --name actor-contacts --param actor="Sébastien Lecornu"' in \
        result.output


def test_who_contacted_whom(store):
    rows = run_named(store, "who-contacted-whom")
    pairs = {frozenset((r["actor_a"], r["actor_b"])): r for r in rows}
    assert set(pairs) == {frozenset(p) for p in (("Sébastien Lecornu", "Sergei Shoigu"),
                                                 ("Lloyd Austin", "Sergei Shoigu"),
                                                 ("Jean-Noël Barrot", "Andrii Sybiha"))}
    austin = pairs[frozenset(("Lloyd Austin", "Sergei Shoigu"))]
    assert (austin["contacts"], austin["first"], austin["last"]) == ("1", "2023-03",
                                                                     "2023-03")


def test_contact_sides_are_stored_in_iri_order():
    """who-contacted-whom reads each pair once because a contact keeps its sides in IRI
    order: the builder writes them so, and the shapes flag a graph that does not."""
    from rdflib import RDF

    from homologue.rdf.namespace import HOM
    from homologue.rdf.validate import validate_graph

    graph = fixture_graphs()[2]  # Barrot visits Sybiha: stored as Sybiha - Barrot
    [event] = graph.subjects(RDF.type, HOM.Consult)
    source, target = graph.value(event, HOM.source), graph.value(event, HOM.target)
    assert (str(source), str(target)) == (SYBIHA.id, BARROT.id)
    message = "a contact's source comes before its target in IRI order"
    assert message not in validate_graph(graph).text
    graph.set((event, HOM.source, target))
    graph.set((event, HOM.target, source))
    assert message in validate_graph(graph).text


def test_actor_contacts_by_any_label_without_accents(store):
    for name in ("Sergei Shoigu", "sergei shoigu", "Choigou", A + "sergei-shoigu"):
        rows = run_named(store, "actor-contacts", actor=name)
        assert sorted(r["counterpart"] for r in rows) == ["Lloyd Austin", "Sébastien Lecornu"]
    assert [r["counterpart"] for r in run_named(store, "actor-contacts",
                                                actor="Sébastien Lecornu")] == ["Sergei Shoigu"]


def test_pair_timeline_both_directions(store):
    rows = run_named(store, "pair-timeline", a="Sergei Shoigu", b="Sébastien Lecornu")
    assert [(r["date"], r["type"], r["direction"], r["mode"], r["doc"]) for r in rows] == [
        ("2024-04", "CONSULT", "b → a", "phone", "d1")]


def test_events_by_type_and_month(store):
    rows = run_named(store, "events-by-type-month")
    assert ("2023-03", "AID", "1") in {(r["month"], r["event_type"], r["events"]) for r in rows}
    assert sum(int(r["events"]) for r in rows) == 7
    accusations = run_named(store, "events-by-type-month", type="accuse")
    assert [(r["month"], r["events"]) for r in accusations] == [("2024-04", "1"),
                                                                ("2025-02", "1")]


def test_accusations_against_a_state_include_its_nationals(store):
    rows = run_named(store, "accusations-against", state="Russia")
    assert [(r["date"], r["accuser"], r["accused"], r["doc"]) for r in rows] == [
        ("2025-02", "Ukraine", "Sergei Shoigu", "d3"),
        ("2024-04", "Sébastien Lecornu", "Russia", "d1")]
    assert run_named(store, "accusations-against", state="Ukraine") == []


def test_aid_flows_with_and_without_since(store):
    rows = run_named(store, "aid-flows")
    assert {(r["donor"], r["recipient"], r["kind"]) for r in rows} == {
        ("United States", "Ukraine", "military"), ("France", "Ukraine", "humanitarian")}
    recent = run_named(store, "aid-flows", since="2025")
    assert [(r["donor"], r["last"]) for r in recent] == [("France", "2025-02")]


def test_actors_by_number_of_counterparts(store):
    rows = run_named(store, "actors-by-counterparts")
    top = {r["actor_label"]: int(r["counterparts"]) for r in rows}
    assert top["Sergei Shoigu"] == 3 and top["Ukraine"] == 3 and top["Sébastien Lecornu"] == 2
    assert [int(r["counterparts"]) for r in rows] == sorted(top.values(), reverse=True)
    assert {r["actor_label"] for r in run_named(store, "actors-by-counterparts", min="3")} == {
        "Sergei Shoigu", "Ukraine"}


def test_contacts_in_a_window(store):
    rows = run_named(store, "contacts-in-window", since="2024", until="2024-06")
    assert [(r["date"], r["source"], r["target"], r["mode"]) for r in rows] == [
        ("2024-04", "Sébastien Lecornu", "Sergei Shoigu", "phone")]
    everything = run_named(store, "contacts-in-window", since="2000", until="2030")
    assert [r["date"] for r in everything] == ["2023-03", "2024-04", "2025-01"]


def test_documents_mentioning_an_actor(store):
    rows = run_named(store, "documents-mentioning", actor="Shoigu")
    assert [(r["doc"], r["events"]) for r in rows] == [("d3", "1"), ("d1", "1"), ("d2", "1")]


PLAIN = Path(__file__).resolve().parents[1] / "bench" / "plain-queries"
PEOPLE = (LECORNU, SHOIGU, AUSTIN, BARROT, SYBIHA)
STATES = (RUS, UKR, USA, FRA)
KINDS = (("CONSULT", ("phone", "visit", None)), ("ACCUSE", (None,)),
         ("AID", ("military", "humanitarian", None)), ("REQUEST", (None,)), ("THREATEN", (None,)))
DATES = (None, PartialDate(2023), PartialDate(2023, 3), PartialDate(2024, 4),
         PartialDate(2024, 4, 3), PartialDate(2025, 2, 12))


def random_corpus(seed: int, documents: int = 30) -> list:
    """Document graphs from the real builder with random events; a small pool of events and
    dates makes documents report the same event (one shared event node, several reports)."""
    rng = random.Random(seed)
    graphs = []
    for d in range(documents):
        doc = f"r{seed}-{d}"
        events = []
        for n in range(rng.randint(0, 6)):
            kind, modes = rng.choice(KINDS)
            source, target = rng.sample(PEOPLE + STATES, 2)
            events.append(_event(doc, kind, source, target, rng.choice(DATES), n,
                                 rng.choice(modes)))
        issued = rng.choice([None, "2023-05-01", "2024-04-03", "2025-02"])
        graphs.append(document_graph(Document(doc, "…", "fr", issued, f"Report {d}"), events))
    return graphs


def _answer(store, text: str, bindings: dict) -> list[tuple]:
    result = sp.run_query(store, text, bindings)
    return sorted(tuple(sp._plain(t) or "" for t in row) for row in result.rows)


@pytest.mark.parametrize("seed", [1, 2])
def test_named_queries_answer_as_their_plain_forms(tmp_path, seed):
    """Each named query is planned for the on-disk store (sub-queries, hash joins, lookups
    per event or per document graph); its plain form in bench/plain-queries asks the same
    question in plain graph patterns. Both give the same rows on random ingested documents,
    for every parameter value tried."""
    from homologue.ingest import ensure_reference_graphs
    from homologue.store import open_store

    store = open_store(tmp_path / "store")
    ensure_reference_graphs(store)
    for graph in random_corpus(seed):
        store.replace_graph(str(graph.identifier), graph)
    store.flush()
    actors = [{"actor": a.id} for a in PEOPLE + STATES]
    trials = {
        "who-contacted-whom": [{}],
        "actor-contacts": actors,
        "pair-timeline": [{"a": a.id, "b": b.id} for a in PEOPLE[:3] for b in STATES + PEOPLE
                          if a != b],
        "events-by-type-month": [{}, {"type": "CONSULT"}, {"type": "AID"}],
        "accusations-against": [{"state": s.id} for s in STATES],
        "aid-flows": [{}, {"since": "2024"}, {"since": "2024-04-03"}],
        "actors-by-counterparts": [{}, {"min": "3"}],
        "contacts-in-window": [{"since": "2023", "until": "2024-04"},
                               {"since": "2024-04-03", "until": "2025"}],
        "documents-mentioning": actors,
    }
    assert set(trials) == NAMED
    compared = 0
    try:
        for name, values in trials.items():
            query = sp.named_query(name)
            plain = (PLAIN / f"{name}.rq").read_text("utf-8")
            for params in values:
                bindings = sp.bind_parameters(store, query, params)
                answer = _answer(store, query.text, bindings)
                assert answer == _answer(store, plain, bindings), (name, params)
                compared += bool(answer)
    finally:
        store.close()
    assert compared > 30  # most trials have an answer to compare


def test_parameter_errors_are_actionable(store):
    query = sp.named_query("actor-contacts")
    with pytest.raises(InputError, match="needs --param actor"):
        sp.bind_parameters(store, query, {})
    with pytest.raises(InputError, match="has no parameter 'who'"):
        sp.bind_parameters(store, query, {"who": "x"})
    with pytest.raises(InputError, match="no actor named"):
        sp.bind_parameters(store, query, {"actor": 'Nobody "} DROP ALL'})
    with pytest.raises(InputError, match="matches several actors"):
        sp.bind_parameters(store, query, {"actor": "an"})
    with pytest.raises(InputError, match="impossible date"):
        sp.bind_parameters(store, sp.named_query("aid-flows"), {"since": "2024-13"})
    with pytest.raises(InputError, match="unknown event type"):
        sp.bind_parameters(store, sp.named_query("events-by-type-month"), {"type": "HUG"})
    with pytest.raises(QueryError, match="no variable \\?nope"):
        sp.with_values("SELECT * WHERE { ?s ?p ?o }", {"nope": ox.Literal("x")})


# -- binding is by value: nothing a value contains can change the query -------------------------


TITLE_QUERY = """PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?doc WHERE { ?d dcterms:title ?title ; dcterms:identifier ?doc }"""


def test_a_value_with_quotes_braces_and_escapes_is_matched_as_one_literal(store):
    before = len(store)
    result = sp.run_query(store, TITLE_QUERY, {"title": ox.Literal(NASTY_TITLE)})
    assert [[t.value for t in row] for row in result.rows] == [["d4"]]
    assert sp.run_query(store, TITLE_QUERY, {"title": ox.Literal(NASTY_TITLE + " ")}).rows == []
    assert len(store) == before


def test_values_go_into_every_group_that_uses_the_variable():
    text = sp.with_values(sp.named_query("actor-contacts").text,
                          {"actor": ox.NamedNode(A + "x")})
    assert text.count(f"VALUES ?actor {{ <{A}x> }}") == 2  # both UNION branches
    construct = sp.with_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                               {"s": ox.NamedNode(A + "x")})
    assert construct.startswith("CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?s")
    values = sp.with_values("SELECT * WHERE { VALUES ?o { 1 2 } ?s ?p ?o }",
                            {"s": ox.Literal("a")})
    assert values.count("VALUES") == 2 and "{ 1 2 }" in values


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(min_size=0, max_size=40))
def test_any_string_round_trips_as_a_bound_literal(text):
    memory = ox.Store()
    memory.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal(text)))
    memory.add(ox.Quad(ox.NamedNode("http://e/t"), ox.NamedNode("http://e/p"),
                       ox.Literal(text + "x")))
    query = sp.with_values("SELECT ?s WHERE { ?s <http://e/p> ?v }", {"v": ox.Literal(text)})
    assert [s["s"].value for s in memory.query(query)] == ["http://e/s"]
    assert not sp.uses_service(query)


# -- SERVICE is found by the tokenizer, not by a substring ------------------------------------------


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://example.org/> { ?s ?p ?o } }",
    "SELECT * WHERE {#comment\nSERVICE<http://x/>{?s ?p ?o}}",
    "SELECT * WHERE { ?s ?p ?o { SELECT * WHERE { SeRvIcE ?endpoint { ?a ?b ?c } } } }",
    "SELECT * WHERE { SERV\\u0049CE <http://x/> { ?s ?p ?o } }",
])
def test_service_is_detected(query):
    assert sp.uses_service(query)
    with pytest.raises(QueryError, match="--allow-service"):
        sp.check_allowed(query)
    sp.check_allowed(query, allow_service=True)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p 'SERVICE' }",
    'SELECT * WHERE { ?s ?p """a SERVICE <http://x/> { } here""" }',
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:SERVICE ?o }",
    "SELECT ?service WHERE { ?service ?p ?o } # SERVICE <http://x/> { }",
])
def test_service_in_strings_iris_names_and_comments_is_not_a_service(query):
    assert not sp.uses_service(query)


# -- formats ---------------------------------------------------------------------------------------


def test_solution_formats_carry_the_same_answer(store):
    query = sp.named_query("actor-contacts")
    result = sp.run_query(store, query.text, sp.bind_parameters(store, query,
                                                                 {"actor": "Shoigu"}))
    expected = [[sp._plain(t) for t in row] for row in result.rows]
    assert len(expected) == 2
    rows = list(csv.reader(io.StringIO(sp.format_result(result, "csv").decode())))
    assert rows[0] == result.variables and rows[1:] == expected
    for fmt, oxfmt in (("json", ox.QueryResultsFormat.JSON), ("tsv", ox.QueryResultsFormat.TSV),
                       ("xml", ox.QueryResultsFormat.XML)):
        parsed = ox.parse_query_results(sp.format_result(result, fmt), oxfmt)
        assert [v.value for v in parsed.variables] == result.variables
        assert [[sp._plain(s[v]) for v in result.variables] for s in parsed] == expected, fmt
    table = sp.format_result(result, "table")
    assert [list(r.values()) for r in table] == expected


def test_ask_and_construct_formats(store):
    ask = sp.run_query(store, "ASK { ?e a <https://w3id.org/homologue/ontology#Aid> }")
    assert json.loads(sp.format_result(ask, "json")) == {"head": {}, "boolean": True}
    construct = sp.run_query(store, "CONSTRUCT { ?e a ?c } WHERE { ?e a ?c ; "
                                    "<https://w3id.org/homologue/ontology#source> ?s }")
    assert len(construct.triples) == 7
    from rdflib import Graph

    for fmt, rdflib_format in (("ttl", "turtle"), ("nt", "nt"), ("xml", "xml"),
                               ("jsonld", "json-ld"), ("table", "turtle")):
        graph = Graph().parse(data=sp.format_result(construct, fmt), format=rdflib_format)
        assert len(graph) == 7, fmt
    with pytest.raises(QueryError, match="CONSTRUCT"):
        sp.format_result(sp.run_query(store, "SELECT * WHERE { ?s ?p ?o } LIMIT 1"), "ttl")


# -- the command ---------------------------------------------------------------------------------


def homologue(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "homologue", *args], capture_output=True,
                          text=True)


def test_query_command_named_with_param(store):
    result = homologue("--store", str(store.path), "query", "--name", "actor-contacts",
                       "--param", "actor=Sébastien Lecornu", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("Sergei Shoigu,1,2024-04,2024-04,")


def test_syntax_error_shows_the_parser_message_and_position(store):
    result = homologue("--store", str(store.path), "query", "SELECT * WHERE {\n ?s ?p \n}")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = result.stderr.strip()
    assert "\n" not in line
    assert line.startswith("Error: invalid SPARQL at line 3, column") and "expected" in line


def test_timeout_stops_a_long_query(store):
    start = time.perf_counter()
    result = homologue("--store", str(store.path), "query", "--timeout", "0.5",
                       "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert result.returncode == 1 and "longer than 0.5 s" in result.stderr
    assert time.perf_counter() - start < 15
    assert "Traceback" not in result.stderr


def test_service_is_refused_unless_allowed(store):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    refused = homologue("--store", str(store.path), "query", query)
    assert refused.returncode == 1 and "--allow-service" in refused.stderr
    allowed = homologue("--store", str(store.path), "query", "--allow-service", query)
    assert "--allow-service" not in allowed.stderr and "Traceback" not in allowed.stderr


# -- export and import move a whole store ----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_export_then_import_gives_the_same_dataset(store, tmp_path, fmt):
    dump = tmp_path / f"all.{fmt}"
    assert homologue("--store", str(store.path), "export", "--format", fmt, "-o",
                     str(dump)).returncode == 0
    target = tmp_path / "copy"
    result = homologue("--store", str(target), "import", str(dump))
    assert result.returncode == 0, result.stderr
    assert "6 graphs" in result.stderr
    from homologue.store import open_store

    copy = open_store(target, read_only=True)
    assert set(copy.quads()) == set(store.quads())
    copy.close()


def test_import_replaces_graphs_of_the_same_name(store, tmp_path):
    from homologue.store import open_store

    target = tmp_path / "copy"
    copy = build_store(target)
    edited = fixture_graphs()[0]
    edited.remove((None, None, None))
    from rdflib import Literal, URIRef

    edited.add((URIRef("http://e/s"), URIRef("http://e/p"), Literal("new")))
    from rdflib import Dataset

    dataset = Dataset()
    dataset.graph(edited.identifier).__iadd__(edited)
    copy.close()
    dump = tmp_path / "one.nq"
    dump.write_text(dataset.serialize(format="nquads"))
    assert homologue("--store", str(target), "import", str(dump)).returncode == 0
    copy = open_store(target, read_only=True)
    graph = ox.NamedNode(str(edited.identifier))
    assert [q.object.value for q in copy.quads() if q.graph_name == graph] == ["new"]
    assert len(copy.graph_names()) == 6  # four documents, the ontology, the gazetteer
    copy.close()


def test_import_errors_are_one_line(tmp_path):
    bad = tmp_path / "bad.nq"
    bad.write_text("<http://a> <http://b> .\n")
    result = homologue("--store", str(tmp_path / "s"), "import", str(bad))
    assert result.returncode == 1 and result.stderr.startswith("Error: not valid nq")
    result = homologue("--store", str(tmp_path / "s"), "import", str(tmp_path / "x.ttl"))
    assert result.returncode == 1 and "--format" in result.stderr
