"""Contact analysis on hand-built graphs and a hand-written store: no language model needed."""

from __future__ import annotations

import csv
import doctest
import importlib
import io

import networkx as nx
import pytest

from homologue.analysis import chronology, exchange, metrics, names, periods, profile, projection
from homologue.analysis import report as report_mod
from homologue.errors import InputError

MODULES = ["periods", "projection", "metrics", "chronology", "names", "profile", "exchange",
           "report"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests_run(name):
    module = importlib.import_module(f"homologue.analysis.{name}")
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


# -- periods ---------------------------------------------------------------------------------


def test_gaps_use_calendar_months():
    assert periods.add_gap(periods.start("2024-01-31"), (1, 0)).isoformat() == "2024-02-29"
    assert periods.at_least_apart("2022-10", "2024-04", (18, 0))
    assert not periods.at_least_apart("2022-10-19", "2024-04-18", (18, 0))
    assert periods.parse_gap("1y6m") == (18, 0)
    with pytest.raises(InputError, match="6m, 18m"):
        periods.parse_gap("six months")


def test_window_compares_at_the_coarser_precision():
    assert periods.in_window("2024-04-24", since="2024-04", until="2024-04")
    assert not periods.in_window("2024-03", since="2024-04")
    assert periods.in_window("2024", since="2024-06")  # a year-precise date may fall inside
    assert not periods.in_window(None, since="2024")
    assert periods.in_window(None)


# -- projection ------------------------------------------------------------------------------

ACTORS = {
    "L": {"label": "Lecornu", "kind": "person", "country": "x/FRA"},
    "S": {"label": "Shoigu", "kind": "person", "country": "x/RUS"},
    "T": {"label": "Stoltenberg", "kind": "person", "country": "x/NOR"},
    "M": {"label": "Macron", "kind": "person", "country": "x/FRA"},
    "x/FRA": {"label": "France", "kind": "state", "country": "x/FRA"},
    "x/RUS": {"label": "Russia", "kind": "state", "country": "x/RUS"},
}
POSITIONS = [{"person": "T", "country": "x/NATO", "start": "2014-10-01", "end": "2024-10-01"}]


def row(event, a, b, date, type_="CONSULT", doc="d", evidence="text", claim=None):
    return {"event": event, "type": type_, "a": a, "b": b, "date": date, "mode": None,
            "claim": claim, "doc": doc, "evidence": evidence}


ROWS = [
    row("e1", "L", "S", "2022-10-19", doc="d1"),
    row("e1", "L", "S", "2022-10-19", doc="d2", evidence="other text"),  # same event, 2 sources
    row("e2", "L", "T", "2023-05"),
    row("e3", "T", "L", "2025-01-10"),
    row("e4", "L", "M", "2024-01-01"),
    row("e5", "L", "x/RUS", "2024-04", type_="ACCUSE"),
]


def test_projection_merges_evidence_of_one_event():
    g = projection.project(ROWS, ACTORS)
    data = g.edges["L", "S", "e1"]
    assert data["docs"] == ["d1", "d2"] and data["evidence"] == ["text", "other text"]
    assert g.number_of_edges() == 5
    assert g.nodes["S"]["label"] == "Shoigu"


def test_projection_filters():
    assert sorted(k for *_e, k in projection.project(ROWS, ACTORS, since="2024").edges(keys=True)) \
        == ["e3", "e4", "e5"]
    assert projection.project(ROWS, ACTORS, types=["accuse"]).number_of_edges() == 1
    persons = projection.project(ROWS, ACTORS, kinds=["person"])
    assert "e5" not in {k for *_e, k in persons.edges(keys=True)}
    russia = projection.project(ROWS, ACTORS, countries=["rus"])
    assert sorted(k for *_e, k in russia.edges(keys=True)) == ["e1", "e5"]


def test_state_level_follows_positions_in_time():
    g = projection.project(ROWS, ACTORS, POSITIONS, level="state")
    pairs = sorted((a, b, k) for a, b, k in g.edges(keys=True))
    # Stoltenberg counts for NATO while Secretary General (2023), for Norway after (2025);
    # Lecornu-Macron is inside France and disappears.
    assert pairs == [("x/FRA", "x/NATO", "e2"), ("x/FRA", "x/RUS", "e1"), ("x/FRA", "x/RUS", "e5"),
                     ("x/NOR", "x/FRA", "e3")]
    assert g.edges["x/FRA", "x/RUS", "e1"]["person_a"] == "L"


# -- a real store, written by hand -----------------------------------------------------------

HOM = "https://w3id.org/homologue/ontology#"
TRIG = """
@prefix hom: <https://w3id.org/homologue/ontology#> .
@prefix actor: <https://w3id.org/homologue/actor/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/homologue/graph/gazetteer> {
  actor:RUS a hom:State ; skos:prefLabel "Russia"@en ; hom:countryCode "RUS" .
  actor:FRA a hom:State ; skos:prefLabel "France"@en ; hom:countryCode "FRA" .
  actor:shoigu a hom:Person ; skos:prefLabel "Sergei Shoigu"@en , "Sergueï Choïgou"@fr ;
     skos:altLabel "Сергей Шойгу"@ru ; hom:surname "Shoigu"@en , "Choïgou"@fr ;
     hom:nationality actor:RUS ; owl:sameAs wd:Q193866 .
  actor:lavrov a hom:Person ; skos:prefLabel "Sergei Lavrov"@en ; hom:nationality actor:RUS .
  actor:lecornu a hom:Person ; skos:prefLabel "Sébastien Lecornu"@fr ; hom:nationality actor:FRA .
  actor:p1 a hom:Position ; org:member actor:shoigu ; org:role hom:DefenceMinister ;
     hom:country actor:RUS ; hom:startDate "2012-11-06"^^xsd:date ; hom:endDate "2024-05-12"^^xsd:date .
}
<https://w3id.org/homologue/graph/doc/d1> {
  <https://w3id.org/homologue/doc/d1> a hom:Document ; dcterms:identifier "d1" ;
     dcterms:issued "2022-10-19"^^xsd:date ; hom:mentions actor:shoigu , actor:lecornu .
  <https://w3id.org/homologue/event/e1> a hom:Consult ; hom:source actor:lecornu ;
     hom:target actor:shoigu ; hom:participant actor:lecornu , actor:shoigu ;
     hom:date "2022-10-19"^^xsd:date ; hom:mode hom:mode-phone ;
     hom:evidence <https://w3id.org/homologue/mention/m1> .
  <https://w3id.org/homologue/mention/m1> hom:document <https://w3id.org/homologue/doc/d1> ;
     hom:text "s'est entretenu" .
  hom:mode-phone skos:notation "phone" .
}
<https://w3id.org/homologue/graph/doc/d2> {
  <https://w3id.org/homologue/doc/d2> a hom:Document ; dcterms:identifier "d2" ;
     hom:mentions actor:shoigu , actor:lecornu .
  <https://w3id.org/homologue/event/e2> a hom:Consult ; hom:source actor:lecornu ;
     hom:target actor:shoigu ; hom:participant actor:lecornu , actor:shoigu ;
     hom:date "2024-04"^^xsd:gYearMonth ; dcterms:temporal "2022-10"^^xsd:gYearMonth ;
     hom:evidence <https://w3id.org/homologue/mention/m2> .
  <https://w3id.org/homologue/mention/m2> hom:document <https://w3id.org/homologue/doc/d2> ;
     hom:text "une première depuis octobre 2022" .
  <https://w3id.org/homologue/event/e3> a hom:Accuse ; hom:source actor:lecornu ;
     hom:target actor:RUS ; hom:date "2024-04"^^xsd:gYearMonth .
}
"""


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    from homologue.store import open_store

    path = tmp_path_factory.mktemp("analysis") / "store"
    store = open_store(path)
    store.load(TRIG.encode("utf-8"), "trig")
    store.close()
    reader = open_store(path, read_only=True)
    yield reader
    reader.close()


def test_store_rows_in_one_query(small_store):
    rows = projection.event_rows(small_store)
    assert sorted((r["event"][-2:], r["type"], r["date"], r["mode"], r["claim"]) for r in rows) == [
        ("e1", "CONSULT", "2022-10-19", "phone", None),
        ("e2", "CONSULT", "2024-04", None, "2022-10"),
        ("e3", "ACCUSE", "2024-04", None, None)]
    lean = projection.event_rows(small_store, details=False)
    assert len(lean) == 3 and "doc" not in lean[0]


def test_store_actors_and_positions(small_store):
    actors = projection.actor_table(small_store)
    shoigu = actors["https://w3id.org/homologue/actor/shoigu"]
    assert shoigu == {"label": "Sergei Shoigu", "kind": "person",
                      "country": "https://w3id.org/homologue/actor/RUS"}
    assert actors["https://w3id.org/homologue/actor/lecornu"]["label"] == "Sébastien Lecornu"
    [position] = projection.position_rows(small_store)
    assert position["role"] == "DefenceMinister" and position["end"] == "2024-05-12"


def test_store_state_graph_and_silence(small_store):
    g = projection.load_graph(small_store, level="state", types=["CONSULT"])
    rows = chronology.silences(g, (17, 0))
    assert [(r["a"], r["b"], r["previous"], r["date"], r["claimed_since"]) for r in rows] == [
        ("France", "Russia", "2022-10-19", "2024-04", "2022-10")]
    # Dates compare on their first day: "2024-04" is 17 months and 13 days after 2022-10-19.
    assert chronology.silences(g, (18, 0)) == []


def test_store_names_resolve(small_store):
    index = names.name_index(small_store)
    for name in ("choigou", "Shoigu", "Сергей Шойгу", "sergei shoigu", "Shoygu"):
        assert index.resolve(name) == "https://w3id.org/homologue/actor/shoigu", name
    # Lavrov is in no event, so "Sergei" means the Shoigu of the events.
    assert index.resolve("Sergei") == "https://w3id.org/homologue/actor/shoigu"
    with pytest.raises(InputError, match="no actor named 'Nobody'"):
        index.resolve("Nobody")


def test_ambiguous_name_lists_candidates():
    index = names.NameIndex({"a": ["Sergei Lavrov"], "b": ["Sergei Shoigu"]}, active=["a", "b"])
    with pytest.raises(InputError) as err:
        index.resolve("sergei")
    assert str(err.value) == "'sergei' is ambiguous: Sergei Lavrov, Sergei Shoigu; give the full name"


def test_store_profile(small_store):
    labels = {k: v["label"] for k, v in projection.actor_table(small_store).items()}
    who = "https://w3id.org/homologue/actor/shoigu"
    p = profile.describe(small_store, who, labels)
    assert p["wikidata"] == "Q193866" and p["country"] == "Russia"
    assert p["aliases"] == ["Сергей Шойгу"] and p["surnames"] == ["Choïgou", "Shoigu"]
    assert p["positions"] == [{"role": "DefenceMinister", "country": "Russia",
                               "start": "2012-11-06", "end": "2024-05-12"}]
    assert [d["id"] for d in p["documents"]] == ["d1", "d2"]
    summary = profile.contact_summary(projection.load_graph(small_store), who)
    assert (summary["first_contact"], summary["last_contact"], summary["contacts"]) == (
        "2022-10-19", "2024-04", 2)
    assert summary["counterparts"] == [{"counterpart": "Sébastien Lecornu",
                                        "iri": "https://w3id.org/homologue/actor/lecornu",
                                        "total": 2, "CONSULT": 2}]


# -- metrics ---------------------------------------------------------------------------------


def star_and_tail() -> nx.MultiDiGraph:
    """H talks to A, B, C (twice to A); C talks to D: ranks by hand are H, C, then A, B, D."""
    g = nx.MultiDiGraph()
    for a, b, date in [("H", "A", "2023-01-05"), ("A", "H", "2024-02"), ("H", "B", "2024-03"),
                       ("H", "C", "2024-04"), ("C", "D", "2024-07-01")]:
        g.add_edge(a, b, type="CONSULT", date=date)
    for n in g:
        g.nodes[n]["label"] = n
    return g


def test_degree_ranking_by_hand():
    rows = metrics.ranking(star_and_tail(), ["degree"])
    assert [(r["rank"], r["actor"], r["counterparts"], r["contacts"]) for r in rows] == [
        (1, "H", 3, 4), (2, "C", 2, 2), (3, "A", 1, 2), (3, "B", 1, 1), (3, "D", 1, 1)]


def test_betweenness_by_hand_and_sampling_threshold():
    scores = metrics.centrality(metrics.weighted_graph(star_and_tail()), "betweenness")
    # H lies on A-B, A-C, A-D, B-C, B-D (5 of 6 pairs without H); C on A-D, B-D, H-D.
    assert scores["H"] == pytest.approx(5 / 6) and scores["C"] == pytest.approx(3 / 6)
    assert scores["A"] == scores["B"] == scores["D"] == 0
    assert metrics.betweenness_sources(200, 2_000) is None
    assert metrics.betweenness_sources(5_000, 126_000) == metrics.MIN_SOURCES
    assert metrics.betweenness_sources(2_000, 5_000) == 100
    assert metrics.betweenness_sources(100_000, 10_000_000) == metrics.MIN_SOURCES


def test_pagerank_and_eigenvector_put_the_hub_first():
    for metric in ("pagerank", "eigenvector"):
        rows = metrics.ranking(star_and_tail(), [metric])
        assert rows[0]["actor"] == "H", metric
    assert sum(metrics.centrality(metrics.weighted_graph(star_and_tail()), "pagerank").values()) \
        == pytest.approx(1.0)
    with pytest.raises(InputError):
        metrics.centrality(metrics.weighted_graph(star_and_tail()), "closeness")


def test_rank_changes_by_quarter():
    rows = metrics.rank_changes(star_and_tail(), "degree", "quarter")
    table = {r["actor"]: {k: v for k, v in r.items() if k.startswith("20")} for r in rows}
    assert table["H"] == {"2023-Q1": 1, "2024-Q1": 1, "2024-Q2": 1, "2024-Q3": None}
    assert table["D"] == {"2023-Q1": None, "2024-Q1": None, "2024-Q2": None, "2024-Q3": 1}


def test_communities_are_stable():
    g = nx.MultiDiGraph([("A", "B"), ("B", "C"), ("C", "A"), ("D", "E"), ("E", "F"), ("F", "D"),
                         ("C", "D")])
    assert metrics.communities(g) == metrics.communities(g) == [["A", "B", "C"], ["D", "E", "F"]]


# -- chronology ------------------------------------------------------------------------------


def test_same_contact_at_two_precisions_is_not_a_silence():
    g = nx.MultiDiGraph()
    g.add_edge("A", "B", key="x", date="2021-01-10", type="CONSULT")
    g.add_edge("A", "B", key="y", date="2023-03", type="CONSULT")          # told in one article
    g.add_edge("B", "A", key="z", date="2023-03-15", type="CONSULT", claim="2022-06")  # and another
    rows = chronology.silences(g, (6, 0))
    assert [(r["event"], r["previous"]) for r in rows] == [("y", "2021-01-10"), ("z", "2021-01-10")]
    [claim] = chronology.claims(g)
    assert (claim["store_previous"], claim["verdict"]) == ("2021-01-10", "consistent")


def test_claim_contradicted_by_the_store():
    g = nx.MultiDiGraph()
    g.add_edge("A", "B", key="x", date="2023-01", type="CONSULT")
    g.add_edge("A", "B", key="y", date="2024-04", type="CONSULT", claim="2022-10")
    [claim] = chronology.claims(g)
    assert claim["verdict"] == "contradicted" and claim["store_previous"] == "2023-01"


def test_timeline_of_a_pair_and_gaps():
    rows = chronology.timeline(star_and_tail(), "H", "A")
    assert [(r["date"], r["direction"], r["gap"], r["gap_days"]) for r in rows] == [
        ("2023-01-05", "to", "", None), ("2024-02", "from", "12 months", 392)]
    assert chronology.timeline(star_and_tail(), "nobody") == []


# -- outputs ---------------------------------------------------------------------------------


def test_graph_exports_read_back():
    g = projection.project(ROWS, ACTORS)
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        back = reader(io.BytesIO(exchange.serialise(g, fmt)))
        assert back.number_of_edges() == 5, fmt
    back = nx.read_graphml(io.BytesIO(exchange.serialise(g, "graphml")))
    assert back.nodes["S"]["label"] == "Shoigu"
    assert {d["docs"] for *_e, d in back.edges(data=True)} >= {"d1; d2"}
    rows = list(csv.DictReader(io.StringIO(exchange.serialise(g, "csv").decode("utf-8"))))
    assert len(rows) == 5 and rows[0]["source_label"] == "Lecornu"


def test_charts_are_images():
    from homologue.analysis import charts

    rows = chronology.timeline(star_and_tail(), "H")
    assert charts.timeline_chart(rows, "H").startswith(b"\x89PNG")
    assert b"<svg" in charts.timeline_chart(rows, "H", "svg")[:500]
    with pytest.raises(InputError, match=".png or .svg"):
        charts.chart_format("chart.jpg")


def test_report_html_embeds_charts():
    g = star_and_tail()
    data = report_mod.report_data(g, (6, 0), top=3)
    page = report_mod.render_html(data, report_mod.report_charts(data))
    assert page.count('src="data:image/png;base64,') == 2
    assert "<td>H</td>" in page and "Silences broken" in page
    assert [r["actor"] for r in data["centrality"]] == ["H", "C", "A"]


def _with_digests(trig: str, graphs: set[str]) -> bytes:
    """The TriG as N-Quads, with a digest attached to the document of each graph in ``graphs``."""
    from rdflib import Dataset, URIRef

    from homologue.rdf.digest import add_digest

    dataset = Dataset()
    dataset.parse(data=trig, format="trig")
    for name in graphs:
        graph = dataset.graph(URIRef(name))
        add_digest(graph, URIRef(name.replace("/graph/doc/", "/doc/")))
    return dataset.serialize(format="nquads", encoding="utf-8")


@pytest.mark.parametrize("digested", [{"d1"}, {"d1", "d2"}])
def test_digests_give_the_rows_of_the_triples(small_store, tmp_path, digested):
    """A store whose documents carry digests (all, or only some) reads the same rows as the
    same triples without digests; rows come from the digests, not from the triples."""
    from homologue.store import open_store

    names = {f"https://w3id.org/homologue/graph/doc/{d}" for d in digested}
    store = open_store(tmp_path / "store")
    store.load(_with_digests(TRIG, names), "nq")
    rows = projection.read_digests(store)
    assert sorted(rows.undigested) == sorted(
        {"https://w3id.org/homologue/graph/gazetteer",
         "https://w3id.org/homologue/graph/doc/d1", "https://w3id.org/homologue/graph/doc/d2"}
        - names)
    key = lambda r: tuple(str(v) for v in r.values())  # noqa: E731
    for details in (True, False):
        assert sorted(projection.event_rows(store, details), key=key) == \
            sorted(projection.event_rows(small_store, details), key=key)
    assert projection.actor_table(store) == projection.actor_table(small_store)
    # The digest is what is read: drop d1's event triples and its rows remain.
    store.update("DELETE WHERE { GRAPH <https://w3id.org/homologue/graph/doc/d1> "
                 "{ ?e a <https://w3id.org/homologue/ontology#Consult> } }")
    assert any(r["event"].endswith("/e1") for r in projection.event_rows(store))
    store.close()
