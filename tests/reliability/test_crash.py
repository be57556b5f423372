"""Crash safety: a real ``homologue ingest`` killed with SIGKILL at five points leaves a store
that opens, holds each document graph whole or not at all, validates, and completes on rerun
to exactly the store a clean run builds."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from rdflib import Graph

from .corpus import write_corpus
from .helpers import HOMOLOGUE, ROOT, per_graph, quads

DOCUMENTS = 64  # eight write batches of eight documents: a resumed run still has several left


def _logs(store: Path) -> dict[str, int]:
    """The store's write-ahead log files and their sizes: each committed transaction appends
    to the current one (a stat, so watching costs the writer nothing)."""
    try:
        return {e.name: e.stat().st_size for e in os.scandir(store) if e.name.endswith(".log")}
    except FileNotFoundError:
        return {}


def _commits_seen(store: Path, start: dict[str, int]) -> bool:
    """True once a log file has grown since ``start`` (a new file counts from zero)."""
    return any(size > start.get(name, 0) for name, size in _logs(store).items())


def _start(store: Path, corpus: Path) -> tuple[subprocess.Popen, list[str]]:
    process = subprocess.Popen([*HOMOLOGUE, "--store", str(store), "ingest", "--workers", "1",
                                str(corpus)], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               text=True, cwd=ROOT)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True).start()
    return process, lines


def _wait_for(condition, process: subprocess.Popen, timeout: float = 120) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if process.poll() is not None:
            return False
        if condition():
            return True
        time.sleep(0.05)
    raise AssertionError("the ingest never reached the kill point")


def _validate_documents(graphs: dict[str, set[str]]) -> None:
    from homologue.rdf.validate import validate_graph

    data = Graph()
    lines = [line.rsplit(" ", 2)[0] + " ." for name, g in graphs.items() if "/graph/doc/" in name
             for line in g]
    data.parse(data="\n".join(lines), format="nt")
    report = validate_graph(data)
    assert report.conforms, report.text[:2000]


@pytest.mark.slow
def test_sigkill_at_five_points_loses_nothing_and_rerun_completes(tmp_path, extractor):
    from homologue.documents import read_documents
    from homologue.ingest import ingest
    from homologue.store import open_store

    corpus = tmp_path / "corpus"
    write_corpus(corpus, DOCUMENTS)
    reference_path = tmp_path / "reference"
    reference_store = open_store(reference_path)
    ingest(read_documents([str(corpus)]), reference_store, extractor)
    reference_store.close()
    reference = per_graph(quads(reference_path))
    assert sum("/graph/doc/" in g for g in reference) == DOCUMENTS

    store = tmp_path / "store"
    stored_before = 0

    def loading(process, lines) -> bool:
        return _wait_for(lambda: any(line.startswith("Loading") for line in lines), process)

    def reference_graphs() -> int:
        if not (store / "CURRENT").exists():
            return 0
        return sum("/graph/doc/" not in g for g in per_graph(quads(store)))

    def commit(delay: float, documents: bool):
        """After the store is open (the Loading line), the next transaction, or with
        ``documents`` the first one that stores documents (the reference graphs, when they are
        missing, are written first, one transaction each), plus ``delay`` seconds."""
        def reach(process, lines) -> bool:
            wanted = 1 + (2 - present if documents else 0)
            if not loading(process, lines):
                return False
            for _ in range(wanted):
                start = _logs(store)
                if not _wait_for(lambda: _commits_seen(store, start), process):
                    return False
            time.sleep(delay)
            return True
        return reach

    points = [  # (what the process is doing when killed, how to get there)
        ("0.3 s after start: Python imports", lambda p, lines: time.sleep(0.3) or True),
        ("store opened, models loading", loading),
        ("first transaction after opening (a reference graph)", commit(0.0, False)),
        ("right after the commits that precede the first documents (usually a batch of them)",
         commit(0.0, True)),
        # Counted in commits, not seconds: on an idle machine 0.3 s after a batch was already
        # the end of the whole ingest, and the kill then tested nothing.
        ("right after the first batch of a resumed ingest (the earlier ones skipped)",
         commit(0.0, True)),
    ]
    seen = []
    for name, reach in points:
        present = reference_graphs()
        process, lines = _start(store, corpus)
        try:
            reached = reach(process, lines)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()
        assert reached or process.returncode == 0, f"{name}: {''.join(lines)}"
        if not (store / "CURRENT").exists():
            seen.append((name, 0))
            continue
        graphs = per_graph(quads(store))  # the store opens
        for graph, triples in graphs.items():  # ...each graph whole, as in a clean run
            assert triples == reference[graph], f"{name}: {graph} is partial"
        if any("/graph/doc/" in g for g in graphs):
            _validate_documents(graphs)
        stored_before = sum("/graph/doc/" in g for g in graphs)
        seen.append((name, stored_before))
    print("kill points (name, documents stored after the kill):", *seen, sep="\n  ")
    assert any(0 < stored < DOCUMENTS for _, stored in seen), seen  # killed mid-ingest
    assert stored_before < DOCUMENTS, seen  # the last kill came before the end

    result = subprocess.run([*HOMOLOGUE, "--store", str(store), "ingest", "--workers", "1",
                             str(corpus)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"({stored_before} unchanged" in result.stderr  # resumed, not redone
    assert per_graph(quads(store)) == reference
    assert os.listdir(store / ".readers") == []  # every reader snapshot was cleaned up
