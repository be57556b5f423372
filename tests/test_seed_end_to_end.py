"""The seed article, end to end: ingest, contacts, negation, export, validation."""

import json

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from homologue.cli import cli

pytestmark = pytest.mark.slow


def run(store, *args):
    result = CliRunner().invoke(cli, ["--store", str(store), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def pairs(store):
    data = json.loads(run(store, "contacts", "--format", "json").stdout)
    return {frozenset((row["actor_a"], row["actor_b"])): row for row in data}


def test_the_three_contacts_with_their_dates(seed_store):
    found = pairs(seed_store)
    lecornu = found[frozenset(("Sébastien Lecornu", "Sergei Shoigu"))]
    assert (lecornu["first"], lecornu["modes"]) == ("2024-04", "phone")
    assert lecornu["initiated_by"] == "Sébastien Lecornu"  # "à l'initiative de Paris"
    assert found[frozenset(("Sergei Lavrov", "Antony Blinken"))]["first"] == "2023-04"
    assert found[frozenset(("Sergei Shoigu", "Lloyd Austin"))]["first"] == "2023-03"


def test_negated_contact_is_not_reported(seed_store):
    """"rien n'indique qu'il se soit entretenu directement avec des responsables occidentaux"."""
    lavrov = [row for key, row in pairs(seed_store).items() if "Sergei Lavrov" in key]
    assert [sorted(r["actors"]) for r in lavrov] == [sorted(
        ["https://w3id.org/homologue/actor/sergei-lavrov",
         "https://w3id.org/homologue/actor/antony-blinken"])]


def test_contacts_filters(seed_store):
    rows = json.loads(run(seed_store, "contacts", "--since", "2024", "--format", "json").stdout)
    assert [r["last"] for r in rows] == ["2024-04"]
    rows = json.loads(run(seed_store, "contacts", "--actor", "Lloyd Austin", "--format",
                          "json").stdout)
    assert len(rows) == 1 and rows[0]["first"] == "2023-03"


def test_export_ttl_parses_and_validates(seed_store, tmp_path):
    out = tmp_path / "all.ttl"
    run(seed_store, "export", "--format", "ttl", "-o", str(out))
    graph = Graph().parse(out, format="turtle")
    assert len(graph) > 300
    from homologue.rdf.validate import validate_graph

    assert validate_graph(graph).conforms
    assert "conforms" in run(seed_store, "validate").stdout


def test_export_trig_keeps_one_graph_per_document(seed_store):
    data = run(seed_store, "export", "--format", "trig").stdout
    dataset = Dataset().parse(data=data, format="trig")
    names = {str(g.identifier) for g in dataset.graphs()}
    assert "https://w3id.org/homologue/graph/doc/fr-2024-04-lecornu-shoigu" in names


def test_reingesting_changes_nothing(seed_store):
    from homologue.export.rdf import export_store
    from homologue.store import open_store

    before = export_store(open_store(seed_store, read_only=True), "nq")
    result = run(seed_store, "ingest", "examples/fr-2024-04-lecornu-shoigu.txt")
    assert "1 unchanged" in result.stderr
    after = export_store(open_store(seed_store, read_only=True), "nq")
    assert sorted(before.splitlines()) == sorted(after.splitlines())


def test_query_and_view(seed_store, tmp_path):
    out = run(seed_store, "query", "SELECT (COUNT(*) AS ?n) WHERE { ?e a <https://w3id.org/homologue/ontology#Consult> }",
              "--format", "json").stdout
    assert int(json.loads(out)["results"]["bindings"][0]["n"]["value"]) == 3
    page = tmp_path / "v.html"
    run(seed_store, "view", "-o", str(page))
    html = page.read_text("utf-8")
    assert "Sébastien Lecornu" in html and "<script src=" not in html
