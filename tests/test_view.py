"""The HTML views as data and as a file: selection, state level, edges, reduction, safety.

Most tests build a small :class:`GraphData` by hand (no model, no store) so they are fast; the
ones marked ``slow`` read the seed store. Browser behaviour is in ``tests/browser/``.
"""

from __future__ import annotations

import json
import re

import pytest

from homologue.errors import InputError
from homologue.export.view import (
    NAMESPACE_NAMES, URL, GraphData, ViewSpec, build_view, layout, render_html, select_events,
    unit_of, write_view,
)
from homologue.rdf.namespace import ACTOR

XSS = ['<script>window.__xss = 1</script>', '<img src=x onerror="window.__xss = 2">',
       '</script><script>window.__xss = 3</script>']


def a(name: str) -> str:
    return str(ACTOR[name])


def event(n, kind, source, target, date=None, initiator=None, text="", mode=None):
    return {"id": f"e{n}", "type": kind, "source": a(source), "target": a(target), "date": date,
            "mode": mode, "initiator": a(initiator) if initiator else None,
            "evidence": [("doc-1", text)] if text else []}


def actor(kind, label, **extra):
    return {"kind": kind, "label": label, "labels": [label], "wikidata": None,
            "nationality": None, "country": None, "code": None, **extra}


def small_graph() -> GraphData:
    """Lecornu (FRA defence minister from 2022-05) and Shoigu (RUS, until 2024-05)."""
    actors = {
        a("FRA"): actor("state", "France", code="FRA"),
        a("RUS"): actor("state", "Russia", code="RUS"),
        a("UKR"): actor("state", "Ukraine", code="UKR"),
        a("lecornu"): actor("person", "Sébastien Lecornu", nationality=a("FRA")),
        a("shoigu"): actor("person", "Sergei Shoigu", nationality=a("RUS")),
        a("macron"): actor("person", "Emmanuel Macron", nationality=a("FRA")),
        a("mod-fr"): actor("government_body", "Ministère des Armées", country=a("FRA")),
    }
    positions = {
        a("lecornu"): [("defence minister", a("FRA"), "2022-05-20", None)],
        a("shoigu"): [("defence minister", a("RUS"), "2012-11-06", "2024-05-12"),
                      ("secretary of the security council", a("RUS"), "2024-05-12", None)],
    }
    events = [
        event(1, "CONSULT", "lecornu", "shoigu", "2024-04-03", initiator="lecornu",
              text="Lecornu s'est entretenu avec Choïgou", mode="phone"),
        event(2, "CONSULT", "shoigu", "lecornu", "2024-05", initiator="shoigu"),
        event(3, "ACCUSE", "lecornu", "RUS", "2024-04"),
        event(4, "ACCUSE", "RUS", "FRA", "2024-04"),
        event(5, "SUPPORT", "FRA", "UKR", "2025-02-12"),
        event(6, "AGREE", "macron", "lecornu", "2023-01"),
        event(7, "REQUEST", "lecornu", "shoigu", "2024-04-03"),
    ]
    return GraphData(events, actors, positions)


def test_a_person_counts_for_the_state_they_served_at_the_date():
    graph = small_graph()
    assert unit_of(a("lecornu"), "2024-04", graph) == a("FRA")
    assert unit_of(a("lecornu"), "2020", graph) == a("FRA")  # no position then: nationality
    assert unit_of(a("mod-fr"), "2024", graph) == a("FRA")
    assert unit_of(a("RUS"), None, graph) == a("RUS")
    graph.actors[a("shoigu")]["nationality"] = None
    assert unit_of(a("shoigu"), "2024-04", graph) == a("RUS")
    graph.positions[a("shoigu")] = [("envoy", a("UKR"), "2030", None)]
    assert unit_of(a("shoigu"), "2024-04", graph) == a("UKR")  # its only country, as a fallback


def test_state_level_folds_persons_and_drops_events_inside_one_state():
    graph = small_graph()
    events, notes = select_events(graph, ViewSpec(level="state"))
    pairs = {(e["type"], e["source"], e["target"]) for e in events}
    assert ("CONSULT", a("FRA"), a("RUS")) in pairs and ("CONSULT", a("RUS"), a("FRA")) in pairs
    assert notes["internal"] == 1  # Macron agrees with Lecornu: France with France
    assert notes["members"][a("FRA")] == {a("lecornu")}
    page = build_view(graph, events, ViewSpec(level="state"), notes)
    labels = {n["label"] for n in page["nodes"]}
    assert labels == {"France", "Russia", "Ukraine"}
    consult = [e for e in page["edges"] if e["type"] == "CONSULT"]
    assert len(consult) == 1 and consult[0]["count"] == 2 and not consult[0]["directed"]
    assert {ev["actors"][0] for ev in consult[0]["events"]} == {"Sébastien Lecornu",
                                                                 "Sergei Shoigu"}
    france = next(n for n in page["nodes"] if n["label"] == "France")
    assert france["tip"]["members"] == ["Sébastien Lecornu"]


def test_filters_dates_types_country():
    graph = small_graph()
    events, _ = select_events(graph, ViewSpec(since="2024", until="2024-04"))
    assert sorted(e["id"] for e in events) == ["e1", "e3", "e4", "e7"]
    events, _ = select_events(graph, ViewSpec(types=("consult", "SUPPORT")))
    assert sorted(e["id"] for e in events) == ["e1", "e2", "e5"]
    events, _ = select_events(graph, ViewSpec(country="UKR"))
    assert [e["id"] for e in events] == ["e5"]
    events, _ = select_events(graph, ViewSpec(country="russia", types=("ACCUSE",)))
    assert sorted(e["id"] for e in events) == ["e3", "e4"]
    with pytest.raises(InputError, match="unknown event type MEET"):
        select_events(graph, ViewSpec(types=("MEET",)))
    with pytest.raises(InputError, match="--country: no actor named 'Atlantis'"):
        select_events(graph, ViewSpec(country="Atlantis"))


def test_actor_neighbourhood_and_pair_history():
    graph = small_graph()
    events, notes = select_events(graph, ViewSpec(actor="Macron", depth=1))
    assert {e["id"] for e in events} == {"e6"} and notes["focus"] == [a("macron")]
    events, _ = select_events(graph, ViewSpec(actor="macron", depth=2))
    # depth 2 reaches Lecornu's counterparts; events among the reached actors only
    assert {e["id"] for e in events} == {"e1", "e2", "e3", "e6", "e7"}
    with pytest.raises(InputError, match="--pair: no actor named"):
        select_events(graph, ViewSpec(pair=("Choïgou Sergei", "lecornu")))


def test_pair_history_both_directions_and_name_errors():
    graph = small_graph()
    graph.actors[a("shoigu")]["labels"].append("Sergueï Choïgou")
    events, notes = select_events(graph, ViewSpec(pair=("Sergueï Choïgou", "lecornu")))
    assert sorted(e["id"] for e in events) == ["e1", "e2", "e7"]
    page = build_view(graph, events, ViewSpec(pair=("x", "y")), notes)
    assert page["pair"] and len(page["nodes"]) == 2 and len(page["focus"]) == 2
    with pytest.raises(InputError, match="no actor named 'Atlantis'"):
        select_events(graph, ViewSpec(actor="Atlantis"))
    with pytest.raises(InputError, match="ambiguous"):
        select_events(graph, ViewSpec(actor="e"))  # a substring of several labels


def test_edges_consult_undirected_with_initiators_others_directed():
    graph = small_graph()
    events, notes = select_events(graph, ViewSpec())
    page = build_view(graph, events, ViewSpec(), notes)
    ids = {n["key"]: n["id"] for n in page["nodes"]}
    consult = [e for e in page["edges"] if e["type"] == "CONSULT"]
    assert len(consult) == 1 and consult[0]["count"] == 2
    assert sorted(consult[0]["initiators"]) == sorted([ids["lecornu"], ids["shoigu"]])
    assert [ev["date"] for ev in consult[0]["events"]] == ["2024-04-03", "2024-05"]
    assert consult[0]["events"][0]["evidence"] == [["doc-1", "Lecornu s'est entretenu avec Choïgou"]]
    assert consult[0]["events"][0]["mode"] == "phone"
    accuse = {(e["from"], e["to"]) for e in page["edges"] if e["type"] == "ACCUSE"}
    assert accuse == {(ids["lecornu"], ids["RUS"]), (ids["RUS"], ids["FRA"])}
    # Two edges between Lecornu and Shoigu (CONSULT, REQUEST): the second one is curved apart.
    lanes = sorted(e["lane"] for e in page["edges"]
                   if {e["from"], e["to"]} == {ids["lecornu"], ids["shoigu"]})
    assert lanes == [0, 1]
    lecornu = next(n for n in page["nodes"] if n["key"] == "lecornu")
    assert lecornu["tip"]["roles"] == ["defence minister, France (2022–)"]
    assert lecornu["tip"]["events"] == 5 and lecornu["tip"]["counterparts"] == 3
    assert max(page["nodes"], key=lambda n: n["value"])["key"] == "lecornu"


def synthetic(n: int, hubs: int = 5) -> GraphData:
    """``n`` persons; each links to one of a few hubs and to its neighbour."""
    actors = {a(f"p{i}"): actor("person", f"Person {i}") for i in range(n)}
    events = []
    for i in range(hubs, n):
        events.append(event(i, "CONSULT", f"p{i}", f"p{i % hubs}", "2024-01"))
        events.append(event(n + i, "ACCUSE", f"p{i}", f"p{i - 1}", "2024-02"))
    return GraphData(events, actors, {})


def test_big_graph_is_reduced_to_the_most_central_and_says_so():
    graph = synthetic(500)
    events, notes = select_events(graph, ViewSpec())
    page = build_view(graph, events, ViewSpec(max_nodes=200), notes)
    assert len(page["nodes"]) == 200
    keys = {n["key"] for n in page["nodes"]}
    assert {f"p{i}" for i in range(5)} <= keys  # the hubs are kept
    left_out = sum(1 for e in events if not {e["source"], e["target"]} <= {a(k) for k in keys})
    assert left_out >= 300
    assert page["omitted"] == {"actors": 300, "total_actors": 500, "events": left_out,
                               "total_events": len(events), "max": 200, "measure": "degree"}
    assert sum(e["count"] for e in page["edges"]) == len(events) - left_out
    assert not page["physics"]
    small = build_view(graph, events, ViewSpec(max_nodes=500), notes)
    assert small["omitted"] is None and len(small["nodes"]) == 500


def test_layout_is_finite_spread_and_keeps_neighbours_closer():
    edges = [(i, i + 1, 1) for i in range(99)]
    pos = layout(100, edges)
    assert len(pos) == 100 and len(set(pos)) == 100
    dist = lambda i, j: ((pos[i][0] - pos[j][0]) ** 2 + (pos[i][1] - pos[j][1]) ** 2) ** 0.5
    near = sum(dist(i, i + 1) for i in range(99)) / 99
    far = sum(dist(i, (i + 50) % 100) for i in range(100)) / 100
    assert near * 2 < far
    assert layout(0, []) == [] and layout(1, []) == [(0.0, 0.0)]


def xss_graph() -> GraphData:
    graph = small_graph()
    graph.actors[a("shoigu")]["labels"] += [XSS[0], "Sergueï Choïgou"]
    graph.actors[a("lecornu")]["label"] = XSS[1]
    graph.events[0]["evidence"] = [(XSS[2], " ".join(XSS))]
    return graph


def test_page_is_self_contained_utf8_without_urls_and_escapes_article_text(tmp_path):
    graph = xss_graph()
    events, notes = select_events(graph, ViewSpec())
    html = render_html(build_view(graph, events, ViewSpec(), notes))
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    urls = set(URL.findall(html))
    assert urls <= set(NAMESPACE_NAMES), urls
    assert html.count("://") == sum(html.count(name) for name in NAMESPACE_NAMES) == 2
    assert "w3id.org" not in html  # actor IRIs are not in the page: local names only
    assert "<link" not in html and not re.search(r"<script[^>]+src=", html)
    assert "default-src 'none'" in html  # the CSP forbids any fetch
    # Nothing from the articles appears as markup: only as escaped JSON.
    for text in XSS:
        assert text not in html
    data = json.loads(re.search(r'<script type="application/json" id="graph-data">(.*?)</script>',
                                html, re.S).group(1))
    assert data["nodes"][[n["key"] for n in data["nodes"]].index("lecornu")]["label"] == XSS[1]
    assert html.count("</script>") == 3  # data, vis-network, page script: none from the data
    path = tmp_path / "v.html"
    path.write_text(html, encoding="utf-8")
    assert "Sergueï Choïgou" in path.read_bytes().decode("utf-8")


@pytest.mark.slow
def test_views_from_the_seed_store(seed_store, tmp_path):
    from homologue.store import open_store

    store = open_store(seed_store, read_only=True)
    page = write_view(store, tmp_path / "all.html")
    keys = {n["key"] for n in page["nodes"]}
    assert {"sebastien-lecornu", "sergei-shoigu"} <= keys
    pair = write_view(store, tmp_path / "pair.html", ViewSpec(pair=("Lecornu", "Shoigu")))
    assert [e["type"] for e in pair["edges"]] == ["CONSULT"]
    consult = pair["edges"][0]
    assert consult["events"][0]["mode"] == "phone" and consult["events"][0]["evidence"]
    assert consult["events"][0]["evidence"][0][0] == "fr-2024-04-lecornu-shoigu"
    lecornu = next(n for n in pair["nodes"] if n["key"] == "sebastien-lecornu")
    assert any("defence minister" in r for r in lecornu["tip"]["roles"])
    state = write_view(store, tmp_path / "state.html", ViewSpec(level="state"))
    assert {"FRA", "RUS"} <= {n["key"] for n in state["nodes"]}
    assert "sebastien-lecornu" not in {n["key"] for n in state["nodes"]}
    html = (tmp_path / "all.html").read_text("utf-8")
    assert set(URL.findall(html)) <= set(NAMESPACE_NAMES)


@pytest.mark.slow
def test_view_command_writes_each_view_and_reports_errors_on_one_line(seed_store, tmp_path):
    from click.testing import CliRunner

    from homologue.cli import cli

    runner = CliRunner()
    for args in ([], ["--actor", "Lecornu", "--depth", "2"], ["--pair", "Lecornu", "Shoigu"],
                 ["--level", "state", "--color", "country"], ["--since", "2024", "--type",
                                                              "CONSULT,ACCUSE"]):
        out = tmp_path / "v.html"
        result = runner.invoke(cli, ["--store", str(seed_store), "view", "-o", str(out), *args])
        assert result.exit_code == 0, result.output
        assert "Wrote" in result.output and out.stat().st_size > 400_000
    result = runner.invoke(cli, ["--store", str(seed_store), "view", "--actor", "Atlantis",
                                 "-o", str(tmp_path / "x.html")])
    assert result.exit_code != 0 and "no actor named 'Atlantis'" in str(result.exception)


def test_node_size_by_pagerank_and_colour_by_country():
    graph = small_graph()
    events, notes = select_events(graph, ViewSpec())
    page = build_view(graph, events, ViewSpec(size="pagerank", color="country"), notes)
    assert page["sizeBy"] == "pagerank"
    biggest = max(page["nodes"], key=lambda n: n["value"])
    assert biggest["key"] in {"RUS", "shoigu", "lecornu"}  # most pointed at
    assert abs(sum(n["tip"]["centrality"] for n in page["nodes"]) - 1) < 0.01
    colour = {n["key"]: n["color"] for n in page["nodes"]}
    assert colour["lecornu"] == colour["macron"] == colour["FRA"]  # all French
    assert colour["shoigu"] == colour["RUS"] != colour["FRA"]
    assert [name for name, _ in page["legend"]][:2] in (["France", "Russia"], ["Russia", "France"])


def test_actors_read_once_however_many_documents_describe_them(tmp_path):
    """Every document graph repeats the description of the actors it mentions, and the
    union of the graphs returns each copy: the view's queries (and the name index) read each
    actor's properties once, so an actor in n documents gives one row, not n per property multiplied together
    (which kept a 10,000-article store from ever drawing)."""
    from homologue.analysis.names import NAMES_QUERY
    from homologue.documents import Document
    from homologue.export.view import ACTORS_QUERY, ALT_LABELS_QUERY, load_graph
    from homologue.extract.model import Event, Evidence
    from homologue.rdf.build import document_graph
    from homologue.rdf.gazetteer import Actor
    from homologue.store import open_store

    lecornu = Actor(a("sebastien-lecornu"), "Sébastien Lecornu", "person", "FRA",
                    wikidata="Q2801498", aliases=("Sebastien Lecornu", "Lecornu"))
    shoigu = Actor(a("sergei-shoigu"), "Sergei Shoigu", "person", "RUS", aliases=("Choïgou",))
    store = open_store(tmp_path / "store")
    for n in range(12):
        doc = f"d{n}"
        call = Event(doc=doc, type="CONSULT", source=lecornu, target=shoigu, mode="phone",
                     evidence=Evidence("Lecornu a appelé Choïgou", 0, 24, 0))
        graph = document_graph(Document(doc, "…", "fr", f"2024-04-{n + 1:02d}"), [call])
        store.replace_graph(str(graph.identifier), graph)
    rows = [(r["actor"].value, r["label"].value) for r in store.query(ACTORS_QUERY)]
    assert sorted(rows) == [(lecornu.id, "Sébastien Lecornu"), (shoigu.id, "Sergei Shoigu")]
    alternatives = sorted((r["actor"].value, r["alt"].value) for r in store.query(ALT_LABELS_QUERY))
    assert alternatives == [(lecornu.id, "Lecornu"), (lecornu.id, "Sebastien Lecornu"),
                            (shoigu.id, "Choïgou")]
    names = [(r["actor"].value, r["name"].value) for r in store.query(NAMES_QUERY)]
    assert len(names) == len(set(names)) == 5  # each name of the two actors, once
    graph = load_graph(store)
    assert graph.actors[lecornu.id]["wikidata"] == "Q2801498"
    assert graph.actors[shoigu.id]["nationality"] == a("RUS")
    [call] = graph.events  # one event (no date to tell the calls apart), twelve reports
    assert sorted(doc for doc, _ in call["evidence"]) == sorted(f"d{n}" for n in range(12))
    store.close()
