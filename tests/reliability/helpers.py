"""Shared by the reliability tests: running the real ``homologue`` command, reading stores."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOMOLOGUE = [sys.executable, "-m", "homologue"]
GOOD_FR = "date 2024-04-03 Le ministre des Armées a parlé avec son homologue russe."


def run_cli(*args: str, timeout: float = 300, env: dict | None = None,
            prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    """The real command in a subprocess, as a user runs it."""
    return subprocess.run([*(prefix or []), *HOMOLOGUE, *args], capture_output=True, text=True,
                          timeout=timeout, env=dict(os.environ, **(env or {})), cwd=ROOT)


def assert_no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout


def quads(path: Path) -> set[str]:
    """Every quad of the store at ``path`` as N-Quads lines (the store opened read-only)."""
    from homologue.store import open_store

    store = open_store(path, read_only=True)
    try:
        return set(store.dump("nq").decode("utf-8").splitlines())
    finally:
        store.close()


def per_graph(lines: set[str]) -> dict[str, set[str]]:
    """N-Quads lines grouped by their graph IRI (the last term of each line)."""
    graphs: dict[str, set[str]] = {}
    for line in lines:
        graph = line.rstrip(" .").rsplit(" ", 1)[-1]
        graphs.setdefault(graph, set()).add(line)
    return graphs
