"""Ingest at scale: wall time with 1 and 2 workers, growth with the number of articles, peak
memory of the whole process tree, resuming, and the store's write path.

Every ingest runs as ``python -m homologue ingest`` in a child process on synthetic articles
(``bench/synthetic.py``, about 600 words each, French and English), into a fresh store, so the
numbers are what a user sees: model loading, worker start-up, extraction and writes included.
Memory is sampled from /proc every 0.1 s over the child and its worker processes (their RSS
summed: what the machine must hold), and checked against the child's own ``ru_maxrss``.

Run: ``python bench/bench_ingest.py [--quick] [--sizes 100,200,400]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "graph"))

from synthetic import event_graphs, write_corpus  # noqa: E402

TARGET_ARTICLES = 10_000
TARGET_SECONDS = 15 * 60


# -- measuring one ingest -------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                out.extend(int(c) for c in handle.read().split())
    except OSError:
        pass
    return out


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far (not counting its children)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def tree(pid: int) -> list[int]:
    """A process and all its descendants."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(_children(current))
    return out


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, in kB."""
    return sum(_rss_kb(p) for p in tree(pid))


def run_ingest(corpus: Path, store: Path, workers: int) -> dict:
    """Run ``homologue ingest`` on a corpus; wall time, peak memory (tree and largest process)."""
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "graph"))
    command = [sys.executable, "-m", "homologue", "--store", str(store), "ingest",
               "--workers", str(workers), str(corpus)]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = [0]
    cpu: dict[int, float] = {}  # last CPU time seen for each process of the tree
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            pids = tree(child.pid)
            peak[0] = max(peak[0], sum(_rss_kb(p) for p in pids))
            for p in pids:  # a process that has exited reads as 0: keep the largest seen
                cpu[p] = max(cpu.get(p, 0.0), _cpu_seconds(p))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = child.stderr.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise RuntimeError(f"ingest failed ({child.returncode}): {' '.join(tail)}")
    summary = stderr.decode("utf-8", "replace").strip().splitlines()[-1]
    # CPU time is what a shared machine does not distort (wall time is what others leave us).
    total = usage.ru_utime + usage.ru_stime
    # On an idle machine the run takes at least the busiest process's CPU time, and at least
    # the total CPU time shared over the cores: the larger of the two is the estimate.
    idle = max(max(cpu.values(), default=0.0), total / (os.cpu_count() or 1))
    return {"seconds": seconds, "cpu": total, "cpu_bound": idle, "peak_mb": peak[0] / 1024,
            "maxrss_mb": usage.ru_maxrss / 1024, "summary": summary}


def row(measure: str, value: float, unit: str, baseline: str, baseline_value: float) -> dict:
    return {"measure": measure, "value": value, "unit": unit, "baseline": baseline,
            "baseline_value": baseline_value,
            "ratio": value / baseline_value if baseline_value else float("nan")}


# -- the store's write path (no spaCy: fast) -------------------------------------------------


def bench_writes(documents: int) -> list[dict]:
    """One SPARQL update per document against one update per batch of documents."""
    from homologue.ingest import WRITE_BATCH, Prepared, replace_graphs, stored_hash, stored_hashes
    from homologue.store.embedded import EmbeddedStore

    prepared = [Prepared(str(g.identifier), g.serialize(format="nt"), len(g), 20, ())
                for g in event_graphs(documents, per_document=20)]
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, size in (("single", 1), ("batched", WRITE_BATCH)):
            store = EmbeddedStore(Path(tmp) / name)
            start = time.process_time()  # CPU time: the machine may be shared
            for i in range(0, len(prepared), size):
                replace_graphs(store, prepared[i:i + size])
            store.flush()
            times[name] = time.process_time() - start
            if name == "batched":
                ids = [p.graph.rsplit("/", 1)[-1] for p in prepared]
                start = time.perf_counter()
                for doc_id in ids:
                    stored_hash(store, doc_id)
                times["per-doc hashes"] = time.perf_counter() - start
                start = time.perf_counter()
                hashes = stored_hashes(store)
                times["one hash query"] = time.perf_counter() - start
                assert len(hashes) == documents
            store.close()
    return [
        row(f"store writes, {documents} docs, {WRITE_BATCH} docs per update (CPU)",
            times["batched"], "s", "one update per document", times["single"]),
        row(f"stored-hash lookup, {documents} docs, one query", times["one hash query"], "s",
            "one query per document", times["per-doc hashes"]),
    ]


# -- ingest runs -----------------------------------------------------------------------------


def bench_ingest(sizes: list[int], compare_at: int) -> list[dict]:
    """Wall time as measured, and CPU time, which a shared machine does not distort: total CPU
    (the work done) and the CPU-bound time (the larger of the busiest process and total CPU
    over cores: what the run takes on an idle machine)."""
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpora = {n: write_corpus(folder / f"corpus-{n}", n, seed=n)
                   for n in sorted(set(sizes + [compare_at]))}
        one = run_ingest(corpora[compare_at], folder / "store-1", workers=1)
        two = run_ingest(corpora[compare_at], folder / "store-2", workers=2)
        for name, r in (("1 worker", one), ("2 workers", two)):
            print(f"  {name}, {compare_at} articles: {r['summary']}; CPU {r['cpu']:.1f} s, "
                  f"CPU-bound time {r['cpu_bound']:.1f} s", file=sys.stderr)
        rows.append(row(f"ingest {compare_at} articles, 2 workers, wall (shared machine)",
                        two["seconds"], "s", "1 worker, wall", one["seconds"]))
        rows.append(row(f"ingest {compare_at} articles, 2 workers, CPU-bound time",
                        two["cpu_bound"], "s", "1 worker, CPU", one["cpu_bound"]))
        rows.append(row(f"ingest {compare_at} articles, 2 workers, total CPU", two["cpu"], "s",
                        "1 worker, total CPU", one["cpu"]))
        again = run_ingest(corpora[compare_at], folder / "store-2", workers=2)
        rows.append(row(f"re-run on the same {compare_at} articles (all skipped), wall",
                        again["seconds"], "s", "first run, wall", two["seconds"]))
        runs = {compare_at: two}
        for n in sizes:
            if n not in runs:
                runs[n] = run_ingest(corpora[n], folder / f"store-size-{n}", workers=2)
                print(f"  2 workers, {n} articles: {runs[n]['summary']}; CPU "
                      f"{runs[n]['cpu']:.1f} s, CPU-bound time {runs[n]['cpu_bound']:.1f} s",
                      file=sys.stderr)
        ordered = sorted(runs)
        small, large = ordered[0], ordered[-1]
        if len(ordered) < 2:
            return rows
        for n in ordered:
            rows.append(row(f"ingest {n} articles, 2 workers, CPU-bound time",
                            runs[n]["cpu_bound"], "s", f"{small} articles",
                            runs[small]["cpu_bound"]))
        for n in ordered:
            rows.append(row(f"ingest {n} articles, 2 workers, wall (shared machine)",
                            runs[n]["seconds"], "s", f"{small} articles", runs[small]["seconds"]))
        for n in ordered:
            rows.append(row(f"peak memory, {n} articles (all processes)", runs[n]["peak_mb"],
                            "MB", f"{small} articles", runs[small]["peak_mb"]))
        rows.append(row(f"largest single process, {large} articles", runs[large]["maxrss_mb"],
                        "MB", "all processes", runs[large]["peak_mb"]))
        marginal = ((runs[large]["cpu_bound"] - runs[small]["cpu_bound"]) / (large - small))
        fixed = runs[large]["cpu_bound"] - marginal * large
        rows.append(row(f"cost per extra article ({small}→{large}), CPU-bound time",
                        marginal * 1000, "ms", "start-up (fixed) cost", fixed * 1000))
        projected = fixed + marginal * TARGET_ARTICLES
        rows.append(row(f"projected {TARGET_ARTICLES:,} articles, 2 workers, idle 2 cores",
                        projected, "s", "target 15 min", TARGET_SECONDS))
    return rows


def run(quick: bool, sizes: list[int] | None = None) -> list[dict]:
    rows = bench_writes(100 if quick else 300)
    if quick:
        rows += bench_ingest(sizes or [8], compare_at=8)
    else:
        rows += bench_ingest(sizes or [100, 200, 400], compare_at=200)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sizes", help="comma-separated article counts, e.g. 100,200,400")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else None
    for r in run(args.quick, sizes):
        print(f"{r['measure']:<58} {r['value']:>10.2f} {r['unit']:<3} vs {r['baseline']:<28} "
              f"{r['baseline_value']:>10.2f}  ×{r['ratio']:.2f}")


if __name__ == "__main__":
    main()
