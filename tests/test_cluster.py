"""Extraction on a Dask cluster: a real LocalCluster of worker processes stores exactly what the
local pool stores, a worker killed mid-way loses no document, and a bad or unreachable
``--cluster`` is a one-line error."""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from homologue.cluster import connect, parse_cluster
from homologue.documents import read_documents
from homologue.errors import InputError
from homologue.ingest import ingest
from homologue.store import open_store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import synthetic  # noqa: E402


def quads(path: Path) -> set[str]:
    store = open_store(path, read_only=True)
    out = {str(q) for q in store.quads()}
    store.close()
    return out


def homologue(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "homologue", *args], capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Some forty short articles, French and English, in one folder (three chunks of 16)."""
    return synthetic.write_corpus(tmp_path_factory.mktemp("cluster") / "corpus", 40, words=60)


@pytest.fixture(scope="module")
def pool_quads(corpus, tmp_path_factory) -> set[str]:
    """What ``ingest --workers 2`` stores for the corpus."""
    store = tmp_path_factory.mktemp("pool") / "store"
    done = homologue("--store", str(store), "ingest", "--workers", "2", str(corpus))
    assert done.returncode == 0, done.stderr
    return quads(store)


@pytest.mark.slow
def test_a_local_cluster_stores_exactly_what_the_local_pool_stores(corpus, pool_quads,
                                                                   tmp_path):
    store = tmp_path / "store"
    first = homologue("--store", str(store), "ingest", "--cluster", "local:2", str(corpus))
    assert first.returncode == 0, first.stderr
    assert "40 documents ingested" in first.stderr and "2 Dask workers" in first.stderr
    assert len(pool_quads) > 1000
    assert quads(store) == pool_quads
    again = homologue("--store", str(store), "ingest", "--cluster", "local:1", str(corpus))
    assert again.returncode == 0 and "0 documents ingested (40 unchanged" in again.stderr


@pytest.mark.slow
def test_a_worker_killed_mid_way_loses_no_document(corpus, pool_quads, tmp_path, extractor):
    one_by_one = copy.copy(extractor)
    one_by_one.batch_size = 1  # many small tasks: some are running when the worker dies
    documents = list(read_documents([str(corpus)]))
    killed, lost = [], []
    with connect(parse_cluster("local:2")) as client:

        def kill_a_busy_worker(_document: object) -> None:
            busy = [w for w, tasks in client.processing().items() if tasks]
            if killed or not busy:
                return
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

        store = open_store(tmp_path / "store")
        summary = ingest(iter(documents), store, one_by_one, progress=kill_a_busy_worker,
                         write_batch=1, cluster=client, on_lost=lost.append)
        store.close()
    assert killed, "no worker was busy when the first document was stored"
    # Dask retried the dead worker's chunks on the other worker (or, past its allowed
    # failures, the documents are reported): none is silently missing
    assert summary.documents + summary.lost == len(documents) == 40
    assert len(lost) == summary.lost
    if not lost:
        assert quads(tmp_path / "store") == pool_quads


def test_bad_cluster_specs_say_what_to_give():
    assert parse_cluster("local:3").workers == 3
    assert parse_cluster("tcp://10.0.0.5").address == "tcp://10.0.0.5:8786"
    for bad in ("local:0", "local", "http://host:8786", "host:8786"):
        with pytest.raises(InputError, match="local:|tcp://"):
            parse_cluster(bad)


@pytest.mark.slow
def test_an_unreachable_scheduler_is_a_one_line_error(tmp_path):
    # a port nothing listens on: connection refused, retried until the connect timeout
    done = homologue("--store", str(tmp_path / "s"), "ingest", "--cluster",
                     "tcp://127.0.0.1:9", str(ROOT / "examples"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "no Dask scheduler answers at tcp://127.0.0.1:9" in done.stderr
    assert "dask scheduler" in done.stderr
    both = homologue("--store", str(tmp_path / "s"), "ingest", "--cluster", "local:2",
                     "--workers", "2", str(ROOT / "examples"))
    assert both.returncode == 1 and "not both" in both.stderr and "Traceback" not in both.stderr


@pytest.mark.slow
def test_a_running_scheduler_and_worker_take_the_ingest(tmp_path):
    """``--cluster tcp://…``: a scheduler and a worker started as a user would, with Dask's
    own commands, on the loopback interface."""
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    address_file = tmp_path / "scheduler.json"
    scheduler = subprocess.Popen([*dask, "--host", "127.0.0.1", "--port", "0",
                                  "--no-dashboard", "--scheduler-file", str(address_file)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not address_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(address_file.read_text())["address"]
        worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address,
                                   "--nthreads", "1", "--no-dashboard"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        store = tmp_path / "store"
        done = homologue("--store", str(store), "ingest", "--cluster", address,
                         str(ROOT / "examples"))
        assert done.returncode == 0, done.stderr
        assert "5 documents ingested" in done.stderr and "1 Dask worker)" in done.stderr
        local = tmp_path / "local"
        assert homologue("--store", str(local), "ingest", "--workers", "1",
                         str(ROOT / "examples")).returncode == 0
        assert quads(store) == quads(local)
    finally:
        for process in (worker, scheduler):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
