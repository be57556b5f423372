"""Extraction on a Dask cluster against the local process pool, on the same articles.

Rows: ``--cluster local:2`` against ``--workers 2`` (goal: within 1.15x), ``--cluster local:1``
against ``local:2`` (the speed-up of a second worker), and the peak memory of the largest
process (a worker holding its models). Each ingest runs as ``python -m homologue ingest`` in a
child process into a fresh store (see ``bench_ingest.run_ingest`` for what is measured), so
cluster start-up and model loading are included, as a user sees them.

Run: ``python bench/bench_cluster.py [--quick] [--articles 1000]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_ingest import _cpu_seconds, _rss_kb, row, tree  # noqa: E402
from synthetic import write_corpus  # noqa: E402

ARTICLES = 1000
QUICK_ARTICLES = 50


def run_ingest(corpus: Path, store: Path, how: list[str]) -> dict:
    """One ingest with ``how`` (``--workers N`` or ``--cluster SPEC``): wall and CPU seconds,
    peak RSS of the largest process and of the whole tree."""
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "graph"))
    command = [sys.executable, "-m", "homologue", "--store", str(store), "ingest", *how,
               str(corpus)]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    largest, total, cpu = [0], [0], {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            pids = tree(child.pid)
            sizes = [_rss_kb(p) for p in pids]
            largest[0], total[0] = max(largest[0], *sizes), max(total[0], sum(sizes))
            for p in pids:  # a process that has exited reads as 0: keep the largest seen
                cpu[p] = max(cpu.get(p, 0.0), _cpu_seconds(p))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = child.stderr.read().decode("utf-8", "replace")
    child.wait()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if child.returncode != 0:
        raise RuntimeError(f"ingest {' '.join(how)} failed: {stderr.strip().splitlines()[-1:]}")
    return {"seconds": seconds, "cpu": sum(cpu.values()), "largest_mb": largest[0] / 1024,
            "tree_mb": total[0] / 1024, "summary": stderr.strip().splitlines()[-1]}


def run(quick: bool, articles: int | None = None) -> list[dict]:
    n = articles or (QUICK_ARTICLES if quick else ARTICLES)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(Path(tmp) / "corpus", n, seed=11, jsonl=True)
        runs = {" ".join(how): run_ingest(corpus, Path(tmp) / f"store{i}", how)
                for i, how in enumerate([["--workers", "2"], ["--cluster", "local:2"],
                                         ["--cluster", "local:1"]])}
    pool, two, one = runs["--workers 2"], runs["--cluster local:2"], runs["--cluster local:1"]
    for how, result in runs.items():
        print(f"{how}: {json.dumps(result)}", file=sys.stderr)
    return [
        row(f"ingest {n} articles, --cluster local:2", two["seconds"], "s",
            "--workers 2", pool["seconds"]),
        row(f"ingest {n} articles, --cluster local:1 (speed-up of a 2nd worker)",
            one["seconds"], "s", "--cluster local:2", two["seconds"]),
        row("CPU per article, --cluster local:2 (all processes)", 1000 * two["cpu"] / n, "ms",
            "--workers 2", 1000 * pool["cpu"] / n),
        row("peak RSS of the largest process, --cluster local:2", two["largest_mb"], "MB",
            "--workers 2", pool["largest_mb"]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--articles", type=int, default=None)
    args = parser.parse_args()
    for result in run(args.quick, args.articles):
        print(json.dumps(result))


if __name__ == "__main__":
    main()
