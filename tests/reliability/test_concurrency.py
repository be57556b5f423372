"""Two processes on one store: a second writer fails at once with a one-line message and
changes nothing; readers (query, contacts, view, export) work while a writer is busy."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .helpers import GOOD_FR, ROOT, assert_no_traceback, per_graph, quads, run_cli

# A writer busy on the store: it rewrites 20 graphs of 150 triples each in a loop, flushing often so that RocksDB compacts and deletes files under any reader.
WRITER = """
import sys, time
from rdflib import Graph, Literal, URIRef
from homologue.store import open_store
store = open_store(sys.argv[1])
print("writing", flush=True)
end = time.monotonic() + float(sys.argv[2])
i = 0
while time.monotonic() < end:
    graph = Graph()
    for j in range(150):
        graph.add((URIRef(f"http://example.org/w{i}/s{j}"), URIRef("http://example.org/p"),
                   Literal(f"value {i} {j} " * 5)))
    store.replace_graph(f"https://w3id.org/homologue/graph/doc/busy-{i % 20}", graph)
    i += 1
    if i % 5 == 0:
        store.flush()
store.close()
print("wrote", i, flush=True)
"""


def _copy(seed_store: Path, to: Path) -> Path:
    shutil.copytree(seed_store, to, ignore=shutil.ignore_patterns(".readers"))
    return to


def _start_writer(store: Path, seconds: float) -> subprocess.Popen:
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(store), str(seconds)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert writer.stdout.readline().strip() == "writing", writer.stderr.read()
    return writer


@pytest.mark.slow
def test_second_writer_fails_with_one_line_and_changes_nothing(tmp_path, seed_store):
    store = _copy(seed_store, tmp_path / "store")
    before = quads(store)
    article = tmp_path / "new.txt"
    article.write_text(GOOD_FR)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom homologue.store import open_store\n"
         "s = open_store(sys.argv[1]); print('open', flush=True); time.sleep(60)", str(store)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "open"
        started = time.monotonic()
        result = run_cli("--store", str(store), "ingest", str(article))
        assert time.monotonic() - started < 60  # failed at once, did not hang on the lock
    finally:
        holder.kill()
        holder.wait()
    assert_no_traceback(result)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: {store}: the store is in use by another homologue process (a writer holds its "
        f"lock); wait for it to finish, or use --store for another location")
    assert quads(store) == before  # a killed holder and a refused writer changed nothing


@pytest.mark.slow
def test_readers_work_while_a_writer_rewrites_the_store(tmp_path, seed_store):
    from homologue.store import open_store

    store = _copy(seed_store, tmp_path / "store")
    seed_graphs = per_graph(quads(store))
    full = {150} | {len(g) for name, g in seed_graphs.items() if "/graph/doc/" in name}
    writer = _start_writer(store, 60)  # the commands below read a store holding the world gazetteer
    try:
        commands = [
            ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?e a ?type }", "--format", "csv"],
            ["contacts", "--format", "json"],
            ["view", "-o", str(tmp_path / "view.html")],
            ["export", "--format", "nq", "-o", str(tmp_path / "out.nq")],
        ]
        for args in commands:
            result = run_cli("--store", str(store), *args)
            assert_no_traceback(result)
            assert result.returncode == 0, (args, result.stderr)
        assert (tmp_path / "view.html").stat().st_size > 10_000
        # many reads in a row, each seeing every document graph whole or not at all
        reads, end = 0, time.monotonic() + 15  # opening a store of 400,000 triples takes a while
        while time.monotonic() < end and writer.poll() is None:
            reader = open_store(store, read_only=True)
            for solution in reader.query(
                    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                    "FILTER(CONTAINS(STR(?g), '/graph/doc/')) } GROUP BY ?g", union=False):
                assert int(solution["n"].value) in full, solution["g"].value
            reader.close()
            reads += 1
        assert reads >= 3
        assert writer.poll() is None, "the writer stopped before the readers were done"
    finally:
        out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert int(out.split()[-1]) > 20  # the writer was really busy all along
    assert not list((store / ".readers").iterdir())  # reader snapshots were removed
