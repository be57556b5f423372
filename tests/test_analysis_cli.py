"""Every analysis command on a store built from the articles in tests/fixtures/analysis/.

Known answers, by construction of the seven articles:
- CONSULT contacts: Lecornu-Shoigu 2022-10-19 and 2024-04-24 (a silence of 18 months, and the
  article says "une première depuis octobre 2022"), Austin-Shoigu 2023-03-15 ("the first call
  between the two since October 2022", the store knows no earlier one), Gallant-Austin
  2024-06-25, Austin-Lecornu 2024-09-12, Barrot-Sybiha 2025-02-11, Lavrov-Wang Yi 2025-04-08.
- Degree by hand: Austin 3 counterparts; Lecornu and Shoigu 2 (3 contacts each); the rest 1.
- Betweenness by hand: only Austin is on shortest paths (Gallant to Lecornu and to Shoigu):
  2 pairs out of C(7, 2) = 21 among the other nodes, so 2/21.
- States: France 3 counterparts (Russia twice, United States, Ukraine), Russia 3 (France,
  United States, China), United States 3 (Russia, Israel, France).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import networkx as nx
import pytest
from click.testing import CliRunner

from homologue.cli import cli

pytestmark = pytest.mark.slow

SHOIGU = "https://w3id.org/homologue/actor/sergei-shoigu"


def test_timeline_of_one_actor(run, tmp_path):
    data = json.loads(run("timeline", "choigou", "--format", "json"))
    assert data["actor"] == SHOIGU
    assert [(e["date"], e["counterpart"], e["mode"], e["gap"]) for e in data["events"]] == [
        ("2022-10-19", "Sébastien Lecornu", "phone", ""),
        ("2023-03-15", "Lloyd Austin", "phone", "4 months"),
        ("2024-04-24", "Sébastien Lecornu", "phone", "13 months")]
    assert data["events"][0]["docs"] == "fr-2022-10-lecornu-shoigu"
    assert "Choïgou" in data["events"][0]["evidence"]
    assert data["events"][0]["precision"] == "day"
    chart = tmp_path / "t.svg"
    table = run("timeline", "Shoigu", "--chart", str(chart))
    assert table.splitlines()[0].split()[:6] == ["date", "precision", "type", "mode",
                                                 "direction", "counterpart"]
    assert chart.read_bytes().lstrip().startswith(b"<?xml") and b"<svg" in chart.read_bytes()


def test_timeline_of_a_pair_in_every_format(run, tmp_path):
    md = run("timeline", "Lecornu", "Сергей Шойгу", "--format", "md")
    lines = md.splitlines()
    assert len(lines) == 4 and "| 18 months |" in lines[3]
    rows = list(csv.DictReader(io.StringIO(run("timeline", "Lecornu", "Shoigu", "--format", "csv"))))
    assert [(r["date"], r["gap"]) for r in rows] == [("2022-10-19", ""), ("2024-04-24", "18 months")]
    png = tmp_path / "pair.png"
    run("timeline", "Lecornu", "Shoigu", "--chart", str(png))
    assert png.read_bytes().startswith(b"\x89PNG")


def test_centrality_degree_by_hand(run):
    rows = json.loads(run("centrality", "--format", "json"))
    assert [(r["rank"], r["label"], r["counterparts"], r["contacts"]) for r in rows[:3]] == [
        (1, "Lloyd Austin", 3, 3), (2, "Sergei Shoigu", 2, 3), (2, "Sébastien Lecornu", 2, 3)]
    assert len(rows) == 8 and {r["rank"] for r in rows[3:]} == {4}
    top = run("centrality", "--top", "2").splitlines()
    assert len(top) == 4 and "Lloyd Austin" in top[2]


def test_centrality_betweenness_and_all(run):
    rows = json.loads(run("centrality", "--metric", "all", "--format", "json"))
    austin = next(r for r in rows if r["label"] == "Lloyd Austin")
    assert austin["betweenness"] == pytest.approx(2 / 21, abs=1e-6)
    assert all(r["betweenness"] == 0 for r in rows if r["label"] != "Lloyd Austin")
    assert set(rows[0]) >= {"degree", "betweenness", "eigenvector", "pagerank"}
    ranked = json.loads(run("centrality", "--metric", "pagerank", "--format", "json"))
    assert ranked[0]["label"] == "Lloyd Austin"


def test_centrality_window_and_periods(run):
    rows = json.loads(run("centrality", "--since", "2025", "--format", "json"))
    assert sorted(r["label"] for r in rows) == ["Andrii Sybiha", "Jean-Noël Barrot",
                                                 "Sergei Lavrov", "Wang Yi"]
    periods = json.loads(run("centrality", "--by-period", "year", "--format", "json"))
    shoigu = next(r for r in periods if r["label"] == "Sergei Shoigu")
    assert (shoigu["2022"], shoigu["2023"], shoigu["2024"], shoigu["2025"]) == (1, 1, 3, None)
    austin = next(r for r in periods if r["label"] == "Lloyd Austin")
    assert (austin["2022"], austin["2023"], austin["2024"]) == (None, 1, 1)


def test_centrality_states(run):
    rows = json.loads(run("centrality", "--level", "state", "--format", "json"))
    top = {(r["label"], r["counterparts"], r["contacts"]) for r in rows if r["rank"] == 1}
    assert top == {("France", 3, 4), ("Russia", 3, 4), ("United States", 3, 3)}


def test_actor_profile(run):
    text = run("actor", "Сергей Шойгу")
    assert text.startswith("Sergei Shoigu  (Person, Russia)")
    assert "Wikidata:  Q193866" in text
    assert "Contacts:  3 (first 2022-10-19, last 2024-04-24)" in text
    assert "DefenceMinister  Russia  2012-11-06  2024-05-12" in text
    profile = json.loads(run("actor", "shoigu", "--format", "json"))
    assert [(c["counterpart"], c["total"]) for c in profile["counterparts"]] == [
        ("Sébastien Lecornu", 2), ("Lloyd Austin", 1)]
    assert [d["id"] for d in profile["documents"]] == [
        "fr-2022-10-lecornu-shoigu", "en-2023-03-austin-shoigu", "fr-2024-04-lecornu-shoigu"]
    assert "Сергей Шойгу" in profile["aliases"]


def test_ambiguous_and_unknown_names_are_one_line_errors(analysis_store):
    for name, message in (("Sergei", "Error: 'Sergei' is ambiguous: Sergei Lavrov, Sergei Shoigu; "
                                     "give the full name"),
                          ("Zzyzx", "Error: no actor named 'Zzyzx' in the store")):
        result = subprocess.run([sys.executable, "-m", "homologue", "--store", str(analysis_store),
                                 "actor", name], capture_output=True, text=True)
        assert result.returncode == 1
        assert len(result.stderr.strip().splitlines()) == 1
        assert result.stderr.startswith(message), result.stderr


def test_contacts_uses_the_fuzzy_resolver(run):
    rows = json.loads(run("contacts", "--actor", "choigou", "--format", "json"))
    assert sorted((r["actor_a"], r["actor_b"], r["contacts"]) for r in rows) == [
        ("Lloyd Austin", "Sergei Shoigu", 1), ("Sébastien Lecornu", "Sergei Shoigu", 2)]


def test_silences_eighteen_months(run):
    data = json.loads(run("silences", "--min-gap", "18m", "--format", "json"))
    assert [(s["a"], s["b"], s["previous"], s["date"], s["gap"], s["claimed_since"])
            for s in data["silences"]] == [
        ("Sébastien Lecornu", "Sergei Shoigu", "2022-10-19", "2024-04-24", "18 months", "2022-10")]
    assert [(c["a"], c["date"], c["claimed_since"], c["store_previous"], c["verdict"])
            for c in data["claims"]] == [
        ("Lloyd Austin", "2023-03-15", "2022-10", None, "no earlier contact in the store"),
        ("Sébastien Lecornu", "2024-04-24", "2022-10", "2022-10-19", "consistent")]
    longer = json.loads(run("silences", "--min-gap", "19m", "--format", "json"))
    assert longer["silences"] == []
    table = run("silences", "--min-gap", "1y")
    assert "Sébastien Lecornu  Sergei Shoigu  2022-10-19  2024-04-24  18 months" in table


def test_silences_between_states(run):
    data = json.loads(run("silences", "--level", "state", "--format", "json"))
    assert [(s["a"], s["b"], s["gap"]) for s in data["silences"]] == [
        ("France", "Russia", "18 months")]
    assert {(c["a"], c["b"]) for c in data["claims"]} == {("France", "Russia"),
                                                          ("Russia", "United States")}


def test_communities(run):
    groups = json.loads(run("communities", "--format", "json"))
    assert [sorted(g["members"].split(", ")) for g in groups] == [
        ["Lloyd Austin", "Sergei Shoigu", "Sébastien Lecornu", "Yoav Gallant"],
        ["Andrii Sybiha", "Jean-Noël Barrot"], ["Sergei Lavrov", "Wang Yi"]]
    assert run("communities").splitlines()[0].startswith("  1  (4)  Lloyd Austin")


def test_report_markdown_and_html(run, tmp_path):
    md = run("report")
    assert "| Sébastien Lecornu | Sergei Shoigu | 2 | 2022-10-19 | 2024-04-24 | phone |" in md
    assert "| 1 | Lloyd Austin | 3 | 3 |" in md
    assert "18 months" in md and "| 2024-04 | 1 |" in md
    out = tmp_path / "r" / "report.md"
    run("report", "-o", str(out))
    assert (tmp_path / "r" / "report-centrality.png").read_bytes().startswith(b"\x89PNG")
    assert "](report-monthly.png)" in out.read_text("utf-8")
    page = tmp_path / "report.html"
    run("report", "-o", str(page))
    assert page.read_text("utf-8").count('src="data:image/png;base64,') == 2


def test_export_contact_graph(run, analysis_store, tmp_path):
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"g.{fmt}"
        run("export", "--format", fmt, "-o", str(path))
        g = reader(path)
        assert g.number_of_edges() == 7 and g.nodes[SHOIGU]["label"] == "Sergei Shoigu", fmt
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv"))))
    assert len(rows) == 7 and {r["type"] for r in rows} == {"CONSULT"}
    assert "@prefix" in run("export", "--format", "ttl")  # the RDF formats are still there
    result = CliRunner().invoke(cli, ["--store", str(analysis_store), "export", "--format",
                                      "graphml", "-o", str(tmp_path / "g.graphml")])
    assert result.exit_code != 0 and "--force" in str(result.exception)


def test_country_and_kind_filters(run):
    rows = json.loads(run("centrality", "--country", "UKR", "--format", "json"))
    assert sorted(r["label"] for r in rows) == ["Andrii Sybiha", "Jean-Noël Barrot"]
    assert json.loads(run("centrality", "--kind", "state", "--format", "json")) == []
    every = json.loads(run("timeline", "Lecornu", "--type", "all", "--format", "json"))
    assert len(every["events"]) == 3


def test_bad_options_are_one_line_errors(analysis_store):
    for args, message in ((["silences", "--min-gap", "soon"], "cannot read the gap 'soon'"),
                          (["centrality", "--type", "HUG"], "unknown event type 'HUG'"),
                          (["timeline", "Lecornu", "--chart", "x.jpg"], ".png or .svg")):
        result = subprocess.run([sys.executable, "-m", "homologue", "--store", str(analysis_store),
                                 *args], capture_output=True, text=True)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert message in result.stderr, result.stderr


def test_ingested_digests_agree_with_the_triples(analysis_store):
    """On a store written by ingest every document has a digest, and the digests hold
    exactly the rows the triples give when read graph by graph."""
    from homologue.analysis import projection
    from homologue.store import open_store

    store = open_store(analysis_store, read_only=True)
    rows = projection.read_digests(store)
    documents = [g for g in store.graph_names() if "/graph/doc/" in g]
    assert documents and not set(documents) & set(rows.undigested)
    from_triples = projection.StoreRows([], [], store.graph_names())
    key = lambda r: tuple(str(v) for v in r.values())  # noqa: E731
    assert sorted(projection.event_rows(store, rows=rows), key=key) == \
        sorted(projection.event_rows(store, rows=from_triples), key=key)
    assert len(projection.event_rows(store)) >= 7  # the seven contacts of the docstring
    assert projection.actor_table(store, rows) == projection.actor_table(store, from_triples)
    store.close()
