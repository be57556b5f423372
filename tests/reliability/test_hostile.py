"""Hostile text and parameters: names and evidence with quotes, angle brackets, newlines and
bidirectional marks come out intact in every export and escaped in HTML; parameters cannot
inject SPARQL; ``export -o`` overwrites nothing without --force and writes nowhere else."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal

from .helpers import assert_no_traceback, quads, run_cli

HOSTILE_NAME = ('Evil "Quoted" O\'Brien <script>alert(1)</script> & Co }\n'
                'second line \u202egnp.exe\u202c \\ end')
HOSTILE_EVIDENCE = ('He said: "</textarea><img src=x onerror=alert(2)>" \'quoted\' \t\r\n'
                    '\u200fمرحبا\u200e <![CDATA[ ]]> --> } ; DROP ALL ;')
HOM = "https://w3id.org/homologue/ontology#"
PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory, seed_store) -> tuple[Path, str]:
    """The seed store with a contact's source renamed, and all evidence replaced, by hostile
    text (written with pyoxigraph terms, so the store holds exactly these strings)."""
    from homologue.store import open_store

    path = tmp_path_factory.mktemp("hostile") / "store"
    shutil.copytree(seed_store, path, ignore=shutil.ignore_patterns(".readers"))
    store = open_store(path)
    actor = next(iter(store.query(
        f"SELECT ?a WHERE {{ ?e a <{HOM}Consult> ; <{HOM}source> ?a }} LIMIT 1")))["a"]
    name, evidence = ox.Literal(HOSTILE_NAME), ox.Literal(HOSTILE_EVIDENCE)
    store.update(f"DELETE {{ GRAPH ?g {{ {actor} <{PREF}> ?l }} }} INSERT {{ GRAPH ?g {{ {actor} "
                 f"<{PREF}> {name} }} }} WHERE {{ GRAPH ?g {{ {actor} <{PREF}> ?l }} }}")
    store.update(f"DELETE {{ GRAPH ?g {{ ?m <{HOM}text> ?t }} }} INSERT {{ GRAPH ?g {{ ?m "
                 f"<{HOM}text> {evidence} }} }} WHERE {{ GRAPH ?g {{ ?m <{HOM}text> ?t }} }}")
    store.close()
    return path, actor.value


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "nq", "trig"])
def test_rdf_exports_keep_hostile_text_intact(tmp_path, hostile_store, fmt):
    store, _actor = hostile_store
    out = tmp_path / f"out.{fmt}"
    result = run_cli("--store", str(store), "export", "--format", fmt, "-o", str(out))
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    parser = {"ttl": "turtle", "jsonld": "json-ld", "nq": "nquads", "trig": "trig"}[fmt]
    data = Dataset() if fmt in ("nq", "trig") else Graph()
    data.parse(out, format=parser)
    literals = {o for _s, _p, o, *_g in (data.quads() if fmt in ("nq", "trig") else data)
                if isinstance(o, Literal)}
    assert Literal(HOSTILE_NAME) in literals
    assert Literal(HOSTILE_EVIDENCE) in literals


@pytest.mark.slow
def test_contacts_csv_and_json_keep_hostile_text_intact(hostile_store):
    store, _actor = hostile_store
    as_json = run_cli("--store", str(store), "contacts", "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    rows = json.loads(as_json.stdout)
    assert any(HOSTILE_NAME in (r["actor_a"], r["actor_b"]) for r in rows)
    assert any(HOSTILE_EVIDENCE in text for text in _strings(rows))  # evidence, whole
    as_csv = run_cli("--store", str(store), "contacts", "--format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    table = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert any(HOSTILE_NAME in (r["actor_a"], r["actor_b"]) for r in table)


def _strings(value: object) -> list[str]:
    """Every string inside decoded JSON."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for item in value for s in _strings(item)] if isinstance(value, list) else []


@pytest.mark.slow
def test_view_escapes_hostile_text(tmp_path, hostile_store):
    store, _actor = hostile_store
    page = tmp_path / "view.html"
    result = run_cli("--store", str(store), "view", "-o", str(page))
    assert result.returncode == 0, result.stderr
    html = page.read_text("utf-8")
    for raw in ("<script>alert(1)", "<img src=x", "</textarea>", "]]> -->"):
        assert raw not in html, raw
    escaped = (json.dumps(HOSTILE_NAME, ensure_ascii=False)[1:-1].replace("<", "\\u003c")
               .replace(">", "\\u003e").replace("&", "\\u0026"))
    assert escaped in html  # the name is there, as data, whole


@pytest.mark.slow
def test_parameters_cannot_inject_sparql(hostile_store):
    sparql = pytest.importorskip("homologue.sparql", reason="named-query parameters (issue 6)")
    from homologue.store import open_store

    store_path, actor = hostile_store
    before = quads(store_path)
    store = open_store(store_path, read_only=True)
    query = f"SELECT DISTINCT ?a WHERE {{ ?a <{PREF}> ?name }}"
    injections = [HOSTILE_NAME, 'x" } ; DROP ALL ; SELECT * { "', "x' } UNION { ?a ?p ?o } #",
                  '"""} INSERT DATA { <http://e/x> <http://e/y> "z" } #']
    for value in injections:
        bindings = sparql.bind_parameters(store, None, {"name": value})
        bound = sparql.with_values(query, bindings)
        rows = [s["a"].value for s in store.query(bound)]
        assert rows == ([actor] if value == HOSTILE_NAME else []), (value, bound)
    store.close()
    assert quads(store_path) == before


def _tiny_store(path: Path) -> Path:
    from homologue.store import open_store

    store = open_store(path)
    store.load(b'<http://e/a> <http://e/b> "c" <http://e/g> .\n', "nq")
    store.close()
    return path


def test_export_refuses_to_overwrite_and_never_writes_outside_the_path(tmp_path):
    store = _tiny_store(tmp_path / "store")
    out = tmp_path / "out"
    out.mkdir()
    existing = out / "existing.nq"
    existing.write_text("keep me")
    outside = tmp_path / "outside.nq"
    link = out / "link.nq"
    link.symlink_to(outside)  # dangling: writing through it would create a file elsewhere

    refused = run_cli("--store", str(store), "export", "--format", "nq", "-o", str(existing))
    assert refused.returncode == 1 and refused.stderr.strip() == (
        f"Error: {existing} exists: use --force to overwrite it")
    assert existing.read_text() == "keep me"

    refused = run_cli("--store", str(store), "export", "--format", "nq", "-o", str(link))
    assert refused.returncode == 1 and refused.stderr.strip() == (
        f"Error: {link} is a link: use --force to overwrite it")
    forced = run_cli("--store", str(store), "export", "--format", "nq", "-o", str(link),
                     "--force")
    assert forced.returncode == 0, forced.stderr
    assert not outside.exists() and not link.is_symlink()  # the link was replaced, not followed
    assert '"c"' in link.read_text()

    folder = run_cli("--store", str(store), "export", "-o", str(out))
    assert folder.returncode != 0 and "Traceback" not in folder.stderr

    forced = run_cli("--store", str(store), "export", "--format", "nq", "-o", str(existing),
                     "--force")
    assert forced.returncode == 0 and '"c"' in existing.read_text()
    assert sorted(p.name for p in out.iterdir()) == ["existing.nq", "link.nq"]  # no temp files
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "store"]
