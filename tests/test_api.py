"""The Python API on a real store: every CLI command's answer equals the API's, the frames have
their documented columns and dtypes, errors are typed, the doctests and the example notebook run.

The store holds the seven articles of tests/fixtures/analysis (see test_analysis_cli.py for
their known answers), ingested once for the session.
"""

from __future__ import annotations

import csv
import doctest
import io
import json
import subprocess
import sys

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, ROOT

import homologue
from homologue import api
from homologue.cli import cli
from homologue.errors import AmbiguousActorError, HomologueError, InputError, UnknownActorError

pytestmark = pytest.mark.slow

SHOIGU = "https://w3id.org/homologue/actor/sergei-shoigu"


@pytest.fixture(scope="module")
def kg(analysis_store):
    return homologue.open(analysis_store)


def dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {c: str(t) for c, t in frame.dtypes.items()}


# -- import ---------------------------------------------------------------------------------------


def test_import_loads_nothing_heavy():
    code = ("import sys, time; t = time.perf_counter(); import homologue; "
            "t = time.perf_counter() - t; "
            "print(t, [m for m in ('pandas', 'networkx', 'rdflib', 'spacy', 'pyoxigraph', "
            "'homologue.api') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split(maxsplit=1)
    assert out[1].strip() == "[]"
    assert float(out[0]) < 0.5
    assert set(homologue.__all__) >= {"open", "KnowledgeGraph", "extract_text", "extract_files"}


# -- every command's answer from the API -----------------------------------------------------------


def test_contacts(kg, run):
    frame = kg.contacts(actor="choigou")
    assert dtypes(frame) == api.CONTACT_COLUMNS
    assert frame[["actor_a", "actor_b", "contacts", "first", "last"]].values.tolist() == [
        ["Sébastien Lecornu", "Sergei Shoigu", 2, "2022-10-19", "2024-04-24"],
        ["Lloyd Austin", "Sergei Shoigu", 1, "2023-03-15", "2023-03-15"]]
    cli_rows = json.loads(run("contacts", "--actor", "choigou", "--format", "json"))
    assert [[r[k] for k in ("actor_a", "actor_b", "contacts", "first", "last", "modes",
                            "initiated_by", "sources", "evidence")] + r["actors"]
            for r in cli_rows] == \
        frame[["actor_a", "actor_b", "contacts", "first", "last", "modes", "initiated_by",
               "sources", "evidence", "iri_a", "iri_b"]].values.tolist()
    every = kg.contacts()
    assert len(every) == 6 and every["contacts"].sum() == 7
    table = list(csv.DictReader(io.StringIO(run("contacts", "--format", "csv"))))
    assert [(r["actor_a"], r["actor_b"], int(r["contacts"]), r["first"]) for r in table] == \
        list(every[["actor_a", "actor_b", "contacts", "first"]].itertuples(index=False,
                                                                          name=None))


def test_timeline(kg, run):
    frame = kg.timeline("choigou")
    assert dtypes(frame) == api.TIMELINE_COLUMNS
    assert frame.attrs["actor"] == SHOIGU and frame.attrs["title"] == "Sergei Shoigu"
    assert frame[["date", "counterpart", "mode", "gap", "gap_days"]].astype(object).where(
        frame[["date", "counterpart", "mode", "gap", "gap_days"]].notna(), None
    ).values.tolist() == [["2022-10-19", "Sébastien Lecornu", "phone", None, None],
                          ["2023-03-15", "Lloyd Austin", "phone", "4 months", 147],
                          ["2024-04-24", "Sébastien Lecornu", "phone", "13 months", 406]]
    data = json.loads(run("timeline", "choigou", "--format", "json"))
    assert data["actor"] == frame.attrs["actor"] and data["other"] is None
    assert [[e[k] for k in api.TIMELINE_COLUMNS] for e in data["events"]] == \
        [[{"date": "", "precision": "", "gap": ""}.get(k) if v is None else v
          for k, v in row.items()] for row in frame.astype(object).where(frame.notna(), None)
         .to_dict("records")]
    pair = kg.timeline("Lecornu", "Сергей Шойгу", types="all")
    assert pair["gap"].tolist()[1] == "18 months" and pair.attrs["other"] == SHOIGU


def test_centrality(kg, run):
    frame = kg.centrality(metric="all", top=None)
    assert dtypes(frame) == {"rank": "int64", "actor": "string", "label": "string",
                             "counterparts": "int64", "contacts": "int64", "degree": "int64",
                             "betweenness": "float64", "eigenvector": "float64",
                             "pagerank": "float64"}
    austin = frame.set_index("label").loc["Lloyd Austin"]
    assert austin["betweenness"] == pytest.approx(2 / 21)
    rows = json.loads(run("centrality", "--metric", "all", "--top", "100", "--format", "json"))
    assert [r["actor"] for r in rows] == frame["actor"].tolist()
    for row, (_, mine) in zip(rows, frame.iterrows()):
        assert row["degree"] == mine["degree"] and row["rank"] == mine["rank"]
        for metric in ("betweenness", "eigenvector", "pagerank"):
            assert row[metric] == round(mine[metric], 6)
    assert kg.centrality(metric="pagerank", top=1)["label"].tolist() == ["Lloyd Austin"]
    periods = kg.centrality(by_period="year", top=None)
    assert list(periods.columns) == ["actor", "label", "2022", "2023", "2024", "2025"]
    assert str(periods["2022"].dtype) == "Int64"
    cli_periods = json.loads(run("centrality", "--by-period", "year", "--format", "json"))
    assert cli_periods == periods.astype(object).where(periods.notna(), None).to_dict("records")
    states = kg.centrality(level="state")
    assert set(states.loc[states["rank"] == 1, "label"]) == {"France", "Russia",
                                                            "United States"}


def test_actor(kg, run):
    profile = kg.actor("Сергей Шойгу")
    assert profile.to_dict() == json.loads(run("actor", "shoigu", "--format", "json"))
    assert (profile.iri, profile.wikidata, profile.contacts) == (SHOIGU, "Q193866", 3)
    assert ["DefenceMinister", "Russia", "2012-11-06", "2024-05-12"] in \
        profile.positions[["role", "country", "start", "end"]].values.tolist()
    assert profile.counterparts["counterpart"].tolist() == ["Sébastien Lecornu", "Lloyd Austin"]
    assert profile.documents["id"].tolist() == [
        "fr-2022-10-lecornu-shoigu", "en-2023-03-austin-shoigu", "fr-2024-04-lecornu-shoigu"]
    assert "Sergei Shoigu" in repr(profile)


def test_silences_and_claims(kg, run):
    broken, claims = kg.silences("18m")
    assert dtypes(broken) == api.SILENCE_COLUMNS
    assert dtypes(claims) == api.CLAIM_COLUMNS
    data = json.loads(run("silences", "--min-gap", "18m", "--format", "json"))
    native = [frame.astype(object).where(frame.notna(), None).to_dict("records")
              for frame in (broken, claims)]
    assert data == {"silences": native[0], "claims": native[1]}
    assert broken["gap"].tolist() == ["18 months"]
    assert kg.silences("19m").broken.empty


def test_communities(kg, run):
    frame = kg.communities()
    assert dtypes(frame) == api.COMMUNITY_COLUMNS
    assert json.loads(run("communities", "--format", "json")) == frame.to_dict("records")
    assert frame["members"].tolist()[0] == \
        "Lloyd Austin, Sergei Shoigu, Sébastien Lecornu, Yoav Gallant"


def test_report(kg, run, tmp_path):
    report = kg.report()
    assert run("report") == report.markdown()
    assert report.data["contact_events"] == 7
    assert set(report.charts()) == {"centrality", "monthly"}
    assert report.html().count('src="data:image/png;base64,') == 2


def test_graph(kg, run, tmp_path):
    g = kg.graph()
    assert isinstance(g, nx.MultiDiGraph) and g.number_of_edges() == 7
    _a, _b, key, data = next(iter(g.edges(keys=True, data=True)))
    assert key.startswith("https://w3id.org/homologue/event/")
    assert {"type", "date", "mode", "docs", "evidence"} <= set(data)
    assert g.nodes[SHOIGU]["label"] == "Sergei Shoigu"
    states = kg.graph(level="state")
    assert {states.nodes[n]["label"] for n in states} >= {"France", "Russia"}
    assert kg.graph(since="2025").number_of_edges() == 2
    path = tmp_path / "g.graphml"
    run("export", "--format", "graphml", "-o", str(path))
    assert path.read_bytes() == kg.export("graphml")
    exported = nx.read_graphml(path)
    assert sorted(exported.edges()) == sorted((a, b) for a, b in g.edges())


def test_query(kg, run):
    frame = kg.query(name="pair-timeline", a="Lecornu", b="Shoigu")
    table = list(csv.DictReader(io.StringIO(run("query", "--name", "pair-timeline", "--param",
                                                "a=Lecornu", "--param", "b=Shoigu",
                                                "--format", "csv"))))
    assert [list(r.values()) for r in table] == frame.fillna("").values.tolist()
    assert set(frame.dtypes.astype(str)) == {"string"}
    text = "SELECT ?e WHERE { ?e a <https://w3id.org/homologue/ontology#Consult> } ORDER BY ?e"
    events = kg.query(text)["e"].tolist()
    assert len(events) == 7 and events == sorted(events)
    assert [f"<{e}>" for e in events] == run("query", text, "--format", "tsv").split()[1:]
    assert kg.query("ASK { ?e a <https://w3id.org/homologue/ontology#Consult> }") is True
    counted = kg.query("SELECT ?t (COUNT(?e) AS ?n) WHERE { ?e a ?t } GROUP BY ?t")
    assert str(counted["n"].dtype) == "Int64" and str(counted["t"].dtype) == "string"
    graph = kg.query("CONSTRUCT { ?e a ?c } WHERE { ?e a ?c ; "
                     "<https://w3id.org/homologue/ontology#source> ?s }")
    assert len(graph) == 7
    assert kg.query(text, format="json") == run("query", text, "--format", "json").encode()
    queries = homologue.named_queries()
    assert "pair-timeline" in queries["name"].tolist()
    assert all(name in run("query", "--list") for name in queries["name"])


def test_export_and_import(kg, run, tmp_path):
    dataset = tmp_path / "all.nq"
    run("export", "--format", "nq", "-o", str(dataset))
    assert dataset.read_bytes() == kg.export("nq")
    copy = homologue.open(tmp_path / "copy")
    assert copy.import_dataset(dataset).startswith("Imported ")
    assert copy.contacts().equals(kg.contacts())


def test_view_and_validate(kg, run, tmp_path):
    page = kg.view(tmp_path / "api.html", actor="Shoigu")
    out = CliRunner().invoke(cli, ["--store", str(kg.location), "view", "-o",
                                   str(tmp_path / "cli.html"), "--actor", "Shoigu"])
    assert f"({len(page['nodes'])} actors, {len(page['edges'])} links" in out.stderr
    assert (tmp_path / "api.html").read_text("utf-8") == (tmp_path / "cli.html").read_text("utf-8")
    verdict = kg.validate()
    assert verdict.conforms and verdict.violations == 0
    assert run("validate") == f"The store conforms to the shapes ({verdict.triples} triples " \
                              f"checked).\n"


# -- errors --------------------------------------------------------------------------------------


def test_errors_are_typed_and_nothing_is_printed(kg, capsys):
    with pytest.raises(AmbiguousActorError) as ambiguous:
        kg.actor("Sergei")
    assert ambiguous.value.candidates == ["Sergei Lavrov", "Sergei Shoigu"]
    with pytest.raises(UnknownActorError, match="no actor named 'Zzyzx'"):
        kg.actor("Zzyzx")
    for call, message in ((lambda: kg.centrality(types="HUG"), "unknown event type 'HUG'"),
                          (lambda: kg.silences("soon"), "cannot read the gap 'soon'"),
                          (lambda: kg.contacts(since="2024-13"), "since: impossible date"),
                          (lambda: kg.centrality(metric="fame"), "unknown metric 'fame'"),
                          (lambda: kg.graph(level="city"), "unknown level 'city'"),
                          (lambda: kg.contacts(min_confidence=2), "outside [0, 1]"),
                          (lambda: kg.query(), "give either SPARQL text")):
        with pytest.raises(InputError, match=message.replace("[", r"\[")):
            call()
    with pytest.raises(HomologueError, match="invalid SPARQL"):
        kg.query("SELECT WHERE {")
    with pytest.raises(HomologueError, match="no store here yet"):
        homologue.open(kg.location.parent / "none").contacts()
    assert capsys.readouterr() == ("", "")


# -- extract: bad documents are skipped, the rest extracted ---------------------------------------

UNDETECTABLE = '"No," Elliott replied.'


@pytest.fixture(scope="module")
def mixed_input(tmp_path_factory):
    """The bundled wire (two documents) with a malformed line and a line in no detectable
    language, and a good article beside it."""
    folder = tmp_path_factory.mktemp("mixed")
    lines = (EXAMPLES / "wire.jsonl").read_text("utf-8").splitlines()
    lines[1:1] = ['{"id": "broken"', json.dumps({"id": "elliott", "text": UNDETECTABLE})]
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    (folder / "barrot.md").write_bytes((EXAMPLES / "fr-2025-02-barrot-sybiha.md").read_bytes())
    return folder


def test_extract_skips_bad_documents(mixed_input, extractor):
    result = subprocess.run([sys.executable, "-m", "homologue", "extract", str(mixed_input)],
                            capture_output=True, text=True)
    assert result.returncode == 3, result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped: ")]
    assert skipped == [
        f"skipped: {mixed_input / 'wire.jsonl'}:2: malformed JSON line (Expecting ',' delimiter "
        f"at column 1)",
        f"skipped: {mixed_input / 'wire.jsonl'}:3: cannot tell the language (French or "
        f"English): give it with --lang"]
    assert result.stderr.splitlines()[-1] == \
        "2 inputs skipped (reasons above); every other document was extracted"
    printed = [json.loads(line) for line in result.stdout.splitlines()]
    api_run = homologue.extract_files([str(mixed_input)], extractor=extractor)
    assert [e.to_dict() for e in api_run.events] == printed
    assert api_run.documents == 3 and len(api_run.skipped) == 2
    assert {e["doc"] for e in printed} == {"barrot", "wire-2024-11-lammy-wang",
                                           "wire-2024-06-gallant-austin"}
    frame = api_run.to_frame()
    assert len(frame) == len(printed) and str(frame["confidence"].dtype) == "float64"
    # with --lang the line in no detectable language is read in that language
    given = homologue.extract_files([str(mixed_input / "wire.jsonl")], lang="en",
                                    extractor=extractor)
    assert given.documents == 3 and len(given.skipped) == 1


def test_extract_with_nothing_readable(tmp_path):
    (tmp_path / "x.jsonl").write_text(json.dumps({"id": "x", "text": UNDETECTABLE}) + "\n")
    result = subprocess.run([sys.executable, "-m", "homologue", "extract", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == \
        "Error: nothing to extract: 1 input skipped, none readable (reasons above)"
    assert "Loading" not in result.stderr


def test_extract_text(extractor):
    events = homologue.extract_text("Le 24 avril 2024, Sébastien Lecornu s'est entretenu par "
                                    "téléphone avec Sergueï Choïgou.", lang="fr",
                                    published="2024-04", extractor=extractor)
    assert [(e.type, e.source.id, e.target.id, e.date.iso) for e in events] == [
        ("CONSULT", "https://w3id.org/homologue/actor/sebastien-lecornu", SHOIGU, "2024-04-24")]
    assert events[0].to_dict()["date_precision"] == "day"
    with pytest.raises(InputError, match="lang='fr'"):
        homologue.extract_text(UNDETECTABLE, extractor=extractor)


def test_ingest_reports_skips(tmp_path, mixed_input, extractor):
    kg = homologue.open(tmp_path / "store")
    kg._extractor = extractor  # the session's models: loading them again takes seconds
    seen = []
    result = kg.ingest([str(mixed_input)], progress=lambda done, total: seen.append((done, total)))
    assert (result.documents, result.unchanged, len(result.skipped)) == (3, 0, 2)
    assert seen[0] == (0, 5) and seen[-1][0] == 3  # five lines or files, three documents
    assert str(result).startswith("3 documents ingested")
    assert sorted(kg.contacts()["actor_a"]) == ["Andrii Sybiha", "David Lammy", "Lloyd Austin"]


# -- documentation that runs ---------------------------------------------------------------------


def package_modules() -> list[str]:
    """Every module of the package (``__main__`` would run the command)."""
    import pkgutil

    return ["homologue"] + [m.name for m in pkgutil.walk_packages(homologue.__path__,
                                                                  "homologue.")
                            if not m.name.endswith("__main__")]


def test_doctests(analysis_store, extractor):
    """The examples in every docstring of the package run; those of the API on the fixture
    store (``store``, ``kg``), with the session's models (``extractor``)."""
    import importlib

    globs = {"store": str(analysis_store), "kg": homologue.open(analysis_store),
             "extractor": extractor, "examples": EXAMPLES}
    results = {name: doctest.testmod(importlib.import_module(name), extraglobs=globs,
                                     optionflags=doctest.ELLIPSIS)
               for name in package_modules()}
    assert {name for name, r in results.items() if r.failed} == set()
    assert all(results[name].attempted for name in ("homologue.api", "homologue.events",
                                                    "homologue.errors"))


def test_example_notebook_runs():
    import nbformat
    from nbclient import NotebookClient

    path = ROOT / "examples" / "homologue.ipynb"
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(EXAMPLES)}}).execute()
    outputs = "".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "")
                      for cell in notebook.cells if cell.cell_type == "code"
                      for o in cell.get("outputs", []))
    assert "Sergei Shoigu" in outputs and "Sébastien Lecornu" in outputs
