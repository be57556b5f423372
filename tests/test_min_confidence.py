"""--min-confidence: extract, contacts, view, report and the analysis commands keep only the
events at least that confident; 0 changes nothing; values outside [0, 1] are refused.

In the store the confidence is each report's (the hom:Mention's, the number ``extract``
prints): an event stays if one of its reports reaches the threshold, cited by those only.
The slow tests read a store built from the bundled examples; thresholds are taken between the
confidences found there, so that they do not depend on the extractor's exact numbers.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, ingested_store
from rdflib import Literal

from homologue.cli import cli
from homologue.rdf.namespace import HOM, INTERACTION_CLASSES

ERROR = "Error: Invalid value for '--min-confidence': {} is not in the range 0<=x<=1."
CLASSES = " ".join(f"<{iri}>" for iri in INTERACTION_CLASSES.values())
# Each event with a source and a target, and the confidence of its most confident report.
EVENTS_QUERY = f"""
PREFIX hom: <{HOM}>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?event ?type ?a ?b (MAX(xsd:decimal(?c)) AS ?confidence) WHERE {{
  VALUES ?type {{ {CLASSES} }}
  ?event a ?type ; hom:source ?a ; hom:target ?b ; hom:evidence ?m . ?m hom:confidence ?c
}} GROUP BY ?event ?type ?a ?b
"""


def homologue(*args: str) -> subprocess.CompletedProcess:
    """The installed command, through its entry point (how a user sees errors)."""
    return subprocess.run([sys.executable, "-m", "homologue", *args], capture_output=True,
                          text=True, timeout=120)


# -- refused values (no model, no store) -------------------------------------------------------


@pytest.mark.parametrize("command", [["extract", "x.txt"], ["contacts"], ["view"], ["report"],
                                     ["timeline", "Lecornu"], ["centrality"]])
def test_a_confidence_outside_0_1_is_refused_with_one_error_line(tmp_path, command):
    for value in ("1.1", "-0.1"):
        result = homologue("--store", str(tmp_path / "store"), *command,
                           "--min-confidence", value)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
        assert errors == [ERROR.format(value)], result.stderr
        assert result.stdout == ""
    assert not (tmp_path / "store").exists()  # refused before anything is opened


def test_the_option_is_in_each_help_and_in_the_readme():
    for command in ("extract", "contacts", "view", "report", "timeline", "centrality",
                    "silences", "communities"):
        result = CliRunner().invoke(cli, [command, "--help"])
        assert result.exit_code == 0
        assert re.search(r"--min-confidence FLOAT\s+Only \w+ whose confidence", result.output)
    readme = (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `")]
    for command in ("extract", "contacts", "timeline", "centrality", "report", "view"):
        row = next(r for r in rows if r.startswith(f"| `{command}"))
        assert "--min-confidence" in row, row


# -- one event, two reports of different confidence (a store built by hand) ------------------


def _two_reports_store(path: Path, digests: bool = True):
    """One CONSULT event reported by d1 (confidence 0.9) and d2 (0.5), and an ACCUSE in d2
    (0.6): each document in its own graph, with its digest (or without)."""
    from rdflib import RDF, XSD, Dataset, URIRef
    from rdflib.namespace import DCTERMS

    from homologue.rdf.digest import add_digest
    from homologue.store import open_store

    dataset = Dataset()
    consult, accuse = URIRef("https://w3id.org/homologue/event/c"), \
        URIRef("https://w3id.org/homologue/event/a")
    a, b = (URIRef(f"https://w3id.org/homologue/actor/{x}") for x in "ab")
    for doc_id, reports in (("d1", [(consult, "0.900")]),
                            ("d2", [(consult, "0.500"), (accuse, "0.600")])):
        g = dataset.graph(URIRef(f"https://w3id.org/homologue/graph/doc/{doc_id}"))
        doc = URIRef(f"https://w3id.org/homologue/doc/{doc_id}")
        g.add((doc, RDF.type, HOM.Document))
        g.add((doc, DCTERMS.identifier, Literal(doc_id)))
        for event, confidence in reports:
            g.add((event, RDF.type, HOM.Consult if event == consult else HOM.Accuse))
            g.add((event, HOM.source, a))
            g.add((event, HOM.target, b))
            g.add((event, HOM.date, Literal("2024-04", datatype=XSD.gYearMonth)))
            g.add((event, HOM.confidence, Literal("1.000", datatype=XSD.decimal)))
            mention = URIRef(f"https://w3id.org/homologue/mention/{doc_id}{event[-1]}")
            g.add((event, HOM.evidence, mention))
            g.add((mention, HOM.document, doc))
            g.add((mention, HOM.text, Literal(f"said in {doc_id}")))
            g.add((mention, HOM.confidence, Literal(confidence, datatype=XSD.decimal)))
        if digests:
            add_digest(g, doc)
    store = open_store(path)
    store.load(dataset.serialize(format="nquads", encoding="utf-8"), "nq")
    return store


@pytest.mark.parametrize("digests", [True, False])
def test_an_event_stays_if_one_report_is_confident_cited_by_that_report_only(tmp_path, digests):
    from homologue.analysis import projection
    from homologue.analysis.contacts import contact_events, summarise_contacts
    from homologue.export import view

    store = _two_reports_store(tmp_path / "store", digests)
    undigested = [g for g in projection.read_digests(store).undigested if "/doc/" in g]
    assert len(undigested) == (0 if digests else 2)

    def sources(pairs):
        return [(p["contacts"], p["sources"]) for p in pairs]

    assert sources(summarise_contacts(contact_events(store))) == [(1, ["d1", "d2"])]
    assert sources(summarise_contacts(contact_events(store, 0.0))) == [(1, ["d1", "d2"])]
    assert sources(summarise_contacts(contact_events(store, 0.9))) == [(1, ["d1"])]
    assert summarise_contacts(contact_events(store, 0.95)) == []

    def analysed(threshold):
        g = projection.load_graph(store, min_confidence=threshold)
        return sorted((d["type"], sorted(d["docs"])) for _a, _b, d in g.edges(data=True))

    assert analysed(0) == [("ACCUSE", ["d2"]), ("CONSULT", ["d1", "d2"])]
    assert analysed(0.55) == [("ACCUSE", ["d2"]), ("CONSULT", ["d1"])]
    assert analysed(0.7) == [("CONSULT", ["d1"])]
    assert analysed(0.9001) == []
    weighted = projection.load_graph(store, weighted=True, min_confidence=0.55)
    assert list(weighted.edges(data="weight")) == [(
        "https://w3id.org/homologue/actor/a", "https://w3id.org/homologue/actor/b", 2)]

    def viewed(threshold):
        return sorted((e["type"], sorted(e["evidence"]))
                      for e in view.load_graph(store, threshold).events)

    assert viewed(0) == [("ACCUSE", [("d2", "said in d2")]),
                         ("CONSULT", [("d1", "said in d1"), ("d2", "said in d2")])]
    assert viewed(0.7) == [("CONSULT", [("d1", "said in d1")])]
    store.close()


def test_digests_written_before_the_confidence_column_are_still_read(tmp_path):
    """A version 1 digest (no confidence column) serves every read without a threshold, and
    with one its graph's triples are read instead."""
    from homologue.analysis import projection
    from homologue.rdf.digest import RDF_JSON

    store = _two_reports_store(tmp_path / "store")
    fresh = {t: projection.event_rows(store, min_confidence=t) for t in (0, 0.55, 0.7)}
    assert not projection.read_digests(store).unrated
    digests = f"SELECT ?g ?d ?text WHERE {{ GRAPH ?g {{ ?d <{HOM.digest}> ?text }} }}"
    for s in list(store.query(digests, union=False)):
        data = json.loads(s["text"].value)
        old = json.dumps({"version": 1, "events": [row[:9] for row in data["events"]],
                          "actors": data["actors"]})
        graph, doc = s["g"].value, s["d"].value
        store.update(f"DELETE WHERE {{ GRAPH <{graph}> {{ <{doc}> <{HOM.digest}> ?x }} }}")
        store.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <{doc}> <{HOM.digest}> "
                     f"{Literal(old, datatype=RDF_JSON).n3()} }} }}")
    rows = projection.read_digests(store)
    assert len(rows.unrated) == 2 and not rows.undigested

    def key(row):
        return tuple(str(v) for k, v in row.items() if k != "confidence")

    assert sorted(map(key, projection.event_rows(store, rows=rows))) == sorted(map(key, fresh[0]))
    for threshold in (0.55, 0.7):
        assert sorted(map(key, projection.event_rows(store, rows=rows,
                                                     min_confidence=threshold))) \
            == sorted(map(key, fresh[threshold]))
    store.close()


# -- the commands on the bundled examples --------------------------------------------------------


@pytest.fixture(scope="module")
def examples_store(tmp_path_factory, extractor):
    return ingested_store(tmp_path_factory.mktemp("confidence") / "store", [EXAMPLES], extractor)


@pytest.fixture(scope="module")
def stored_events(examples_store):
    """(event, type, a, b, confidence of its most confident report), read from the store."""
    from homologue.store import open_store

    store = open_store(examples_store, read_only=True)
    events = [(s["event"].value, s["type"].value.rsplit("#", 1)[-1].upper(), s["a"].value,
               s["b"].value, float(s["confidence"].value)) for s in store.query(EVENTS_QUERY)]
    store.close()
    return events


def between(confidences) -> float:
    """A threshold halfway between two of these confidences, in the middle of their range."""
    values = sorted(set(confidences))
    assert len(values) >= 2, values
    middle = len(values) // 2
    return round((values[middle - 1] + values[middle]) / 2, 4)


def run(store: Path, *args: str):
    result = CliRunner().invoke(cli, ["--store", str(store), *args])
    assert result.exit_code == 0, (result.output, result.exception)
    return result


@pytest.mark.slow
def test_contacts_keeps_exactly_the_contacts_at_least_that_confident(examples_store,
                                                                      stored_events):
    consults = [e for e in stored_events if e[1] == "CONSULT"]
    threshold = between(e[4] for e in consults)
    kept = Counter(tuple(sorted((a, b))) for _e, _t, a, b, c in consults if c >= threshold)
    dropped = [e for e in consults if e[4] < threshold]
    assert kept and dropped

    def pairs(*args):
        data = json.loads(run(examples_store, "contacts", "--format", "json", *args).stdout)
        return {tuple(p["actors"]): p["contacts"] for p in data}

    assert pairs("--min-confidence", str(threshold)) == dict(kept)
    everything = pairs()
    assert everything == Counter(tuple(sorted((a, b))) for _e, _t, a, b, _c in consults)
    assert run(examples_store, "contacts", "--format", "json", "--min-confidence", "0").stdout \
        == run(examples_store, "contacts", "--format", "json").stdout
    result = CliRunner().invoke(cli, ["--store", str(examples_store), "contacts",
                                      "--min-confidence", "1"])
    assert result.exit_code == 0 and "No contacts found." in result.stderr


@pytest.mark.slow
def test_view_keeps_exactly_the_events_at_least_that_confident(examples_store, stored_events,
                                                                 tmp_path):
    from homologue.export import view
    from homologue.store import open_store

    threshold = between(e[4] for e in stored_events)
    kept = {e[0] for e in stored_events if e[4] >= threshold}
    assert kept and len(kept) < len(stored_events)

    store = open_store(examples_store, read_only=True)
    assert {e["id"] for e in view.load_graph(store, threshold).events} == kept
    assert view.load_graph(store, 0).events == view.load_graph(store).events
    store.close()

    def written(*args):
        out = tmp_path / "v.html"
        result = run(examples_store, "view", "-o", str(out), *args)
        events = int(re.search(r"(\d+) events?\)", result.stderr).group(1))
        return events, out.read_text("utf-8")

    events, page = written("--min-confidence", str(threshold))
    assert events == len(kept)
    assert f"reports of confidence ≥ {threshold:g}" in page
    assert written("--min-confidence", "0")[0] == written()[0] == len(stored_events)


@pytest.mark.slow
def test_report_and_analysis_keep_exactly_the_events_at_least_that_confident(examples_store,
                                                                              stored_events):
    threshold = between(e[4] for e in stored_events)
    kept = [e for e in stored_events if e[4] >= threshold]
    contacts = [e for e in kept if e[1] == "CONSULT"]

    report = run(examples_store, "report", "--min-confidence", str(threshold)).stdout
    assert f"{len(contacts)} contacts (CONSULT) among" in report
    assert f"; {len(kept)} events of every type. Only reports of confidence at least " \
           f"{threshold:g}." in report
    unfiltered = run(examples_store, "report").stdout
    assert f"; {len(stored_events)} events of every type.\n" in unfiltered
    assert run(examples_store, "report", "--min-confidence", "0").stdout == unfiltered

    ranked = json.loads(run(examples_store, "centrality", "--type", "all", "--top", "1000",
                            "--format", "json", "--min-confidence", str(threshold)).stdout)
    assert {r["actor"] for r in ranked} == {x for e in kept if e[2] != e[3] for x in e[2:4]}
    assert run(examples_store, "centrality", "--min-confidence", "0").stdout \
        == run(examples_store, "centrality").stdout


@pytest.mark.slow
def test_extract_prints_exactly_the_events_at_least_that_confident(extractor, monkeypatch):
    from homologue import cli as cli_module

    monkeypatch.setattr(cli_module.Context, "extractor", lambda self: extractor)
    sources = [str(EXAMPLES / "fr-2024-04-lecornu-shoigu.txt"),
               str(EXAMPLES / "en-2023-03-austin-shoigu.md")]

    def extracted(*args):
        result = CliRunner().invoke(cli, ["extract", *sources, *args])
        assert result.exit_code == 0, (result.output, result.exception)
        return [json.loads(line) for line in result.stdout.splitlines()]

    everything = extracted()
    threshold = between(e["confidence"] for e in everything)
    kept = extracted("--min-confidence", str(threshold))
    assert kept == [e for e in everything if e["confidence"] >= threshold]
    assert 0 < len(kept) < len(everything)
    assert extracted("--min-confidence", "0") == everything
    table = CliRunner().invoke(cli, ["extract", *sources, "--format", "table",
                                     "--min-confidence", str(threshold)])
    assert table.exit_code == 0
    assert len(table.stdout.splitlines()) == 2 + len(kept)  # header, rule, one line each
