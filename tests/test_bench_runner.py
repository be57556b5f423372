"""``make bench`` fails when an area cannot run: its error is a row and the exit status is 1."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def runner():
    spec = importlib.util.spec_from_file_location("bench_runner", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_an_area_that_cannot_run_fails_the_whole_run(tmp_path, monkeypatch, capsys):
    module = runner()
    (tmp_path / "bench_good.py").write_text(
        "def run(quick):\n    return [dict(measure='m', value=2.0, unit='s', baseline='b', "
        "baseline_value=4.0, ratio=0.5)]\n", "utf-8")
    (tmp_path / "bench_view.py").write_text(
        "def run(quick):\n    raise RuntimeError('draw times need a browser: no Chromium')\n",
        "utf-8")
    monkeypatch.setattr(module, "HERE", tmp_path)
    monkeypatch.setattr(sys, "argv", ["run.py", "--quick"])
    with pytest.raises(SystemExit) as stopped:
        module.main()
    assert stopped.value.code == 1
    out, err = capsys.readouterr()
    assert "| good " in out and "ERROR RuntimeError: draw times need a browser" in out
    assert "failed areas: view" in err


def test_a_run_where_every_area_reports_exits_normally(tmp_path, monkeypatch, capsys):
    module = runner()
    (tmp_path / "bench_good.py").write_text(
        "def run(quick):\n    return [dict(measure='m', value=2.0, unit='s', baseline='b', "
        "baseline_value=4.0, ratio=0.5)]\n", "utf-8")
    monkeypatch.setattr(module, "HERE", tmp_path)
    monkeypatch.setattr(sys, "argv", ["run.py", "--quick"])
    module.main()
    assert "quick run" in capsys.readouterr().out
