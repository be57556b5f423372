"""No orphans: when an ingest is killed (SIGKILL, nothing can clean up), its extraction
workers and the multiprocessing resource tracker end within seconds instead of living on,
each holding loaded models; so do the worker processes of a local Dask cluster."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import synthetic  # noqa: E402

GRACE = 10.0  # seconds the orphans get to notice and exit (they poll every half second)


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def busy_workers(parent: psutil.Process, count: int) -> list[psutil.Process]:
    """The parent's spawned workers, once ``count`` of them are running and working."""
    workers = [p for p in parent.children(recursive=True)
               if "spawn_main" in " ".join(p.cmdline())]
    busy = [w for w in workers if sum(w.cpu_times()[:2]) > 2.0]  # loading models or parsing
    return workers if len(busy) >= count else []


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    return [p for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


@pytest.mark.slow
@pytest.mark.parametrize("workers", [["--workers", "2"], ["--cluster", "local:2"]],
                         ids=["pool", "cluster"])
def test_a_killed_ingest_leaves_no_worker_behind(tmp_path, workers):
    folder = synthetic.write_corpus(tmp_path / "corpus", 1000, words=60, jsonl=True)
    ingest = subprocess.Popen(
        [sys.executable, "-m", "homologue", "--store", str(tmp_path / "store"), "ingest",
         *workers, str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(ingest.pid)
    descendants: list[psutil.Process] = []
    try:
        workers = wait_for(lambda: busy_workers(parent, 2), 240, "two busy workers")
        descendants = parent.children(recursive=True)  # the workers and the resource tracker
        assert len(descendants) >= 3, [p.cmdline() for p in descendants]
        os.kill(ingest.pid, signal.SIGKILL)
        ingest.wait(timeout=10)
        assert ingest.returncode == -signal.SIGKILL  # killed mid-way, not finished
        left = descendants
        deadline = time.monotonic() + GRACE
        while (left := alive(left)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not left, [p.cmdline() for p in left]
        assert len(workers) == 2
    finally:  # a failure leaves nothing running either
        if ingest.poll() is None:
            descendants += parent.children(recursive=True)
            ingest.kill()
        for process in alive(descendants):
            process.kill()
