"""Every benchmark, one table: each measure, the baseline it is compared with in the same run,
and the ratio (value / baseline).

Each ``bench/bench_<area>.py`` exposes ``run(quick: bool) -> list[dict]`` (keys ``measure``,
``value``, ``unit``, ``baseline``, ``baseline_value``, ``ratio``). A module that is missing
its ``run``, fails to import or raises shows its error as a row of the table; the others run.

Usage: ``python bench/run.py [--quick] [--only ingest,extract] [--json results.json]``
(``make bench``, ``make bench ARGS=--quick``). ``--quick`` is a small version of each bench, for a check in
about three minutes on 2 cores; the full run takes about an hour. Every area must run: one that
cannot (a missing tool, a failure) gives an ERROR row and the command exits with status 1.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEYS = ("measure", "value", "unit", "baseline", "baseline_value", "ratio")


def bench_modules(only: set[str] | None = None) -> list[Path]:
    """The bench files, by area name, optionally only some areas."""
    files = sorted(HERE.glob("bench_*.py"))
    return [f for f in files if not only or f.stem.removeprefix("bench_") in only]


def run_module(path: Path, quick: bool) -> tuple[list[dict], float]:
    """The rows of one bench module, or one row saying why it gave none."""
    area = path.stem.removeprefix("bench_")
    start = time.perf_counter()
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{area}", path)
        module = importlib.util.module_from_spec(spec)
        sys.path.insert(0, str(HERE))
        spec.loader.exec_module(module)
        if not callable(getattr(module, "run", None)):
            raise AttributeError("no run(quick) function")
        rows = [dict(r, area=area) for r in module.run(quick)]
        for r in rows:
            missing = [k for k in KEYS if k not in r]
            if missing:
                raise KeyError(f"row {r.get('measure')!r} lacks {', '.join(missing)}")
    except Exception as exc:  # noqa: BLE001 - a failing bench must not hide the others
        traceback.print_exc(file=sys.stderr)
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        rows = [{"area": area, "measure": f"ERROR {type(exc).__name__}: {message}"[:100],
                 "value": math.nan, "unit": "", "baseline": "", "baseline_value": math.nan,
                 "ratio": math.nan}]
    return rows, time.perf_counter() - start


def _number(value: object) -> str:
    if not isinstance(value, (int, float)) or math.isnan(value):
        return "—"
    if value == 0 or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"


def table(rows: list[dict]) -> str:
    """A Markdown table (readable in a terminal, pasteable in the README)."""
    header = ["area", "measure", "value", "baseline (same run)", "baseline value", "ratio"]
    lines = [[r["area"], r["measure"], f"{_number(r['value'])} {r['unit']}".strip(),
              r["baseline"], f"{_number(r['baseline_value'])} {r['unit']}".strip()
              if r["baseline"] else "—",
              "—" if not isinstance(r["ratio"], (int, float)) or math.isnan(r["ratio"])
              else f"{r['ratio']:.2f}×"] for r in rows]
    widths = [max(len(str(x)) for x in column) for column in zip(header, *lines)]

    def fmt(cells: list[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"

    return "\n".join([fmt(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|",
                      *map(fmt, lines)])


def main() -> None:
    parser = argparse.ArgumentParser(description="Run every benchmark and print one table.")
    parser.add_argument("--quick", action="store_true", help="small sizes, about three minutes")
    parser.add_argument("--only", help="comma-separated areas (e.g. ingest,extract)")
    parser.add_argument("--json", help="also write the rows to this JSON file")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    rows: list[dict] = []
    start = time.perf_counter()
    for path in bench_modules(only):
        print(f"bench {path.stem.removeprefix('bench_')}…", file=sys.stderr, flush=True)
        found, seconds = run_module(path, args.quick)
        print(f"  {seconds:.1f} s", file=sys.stderr, flush=True)
        rows.extend(found)
    total = time.perf_counter() - start
    print(table(rows))
    print(f"\n{'quick' if args.quick else 'full'} run, {total:.0f} s, {platform.node()}, "
          f"Python {platform.python_version()}, {len(rows)} measures; ratio = value / baseline")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2, default=str), "utf-8")
    failed = sorted({r["area"] for r in rows if r["measure"].startswith("ERROR")})
    if failed:
        print(f"failed areas: {', '.join(failed)} (see the errors above)", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
