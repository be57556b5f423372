"""Command-line behaviour that needs no language model: help, errors as one line."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

from homologue.cli import cli

COMMANDS = ["extract", "ingest", "contacts", "query", "view", "export", "validate"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def homologue(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "homologue", *args], capture_output=True,
                          text=True, cwd=cwd)


def test_missing_file_is_one_line_error(tmp_path):
    result = homologue("--store", str(tmp_path / "s"), "ingest", str(tmp_path / "nope.txt"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"Error: {tmp_path / 'nope.txt'}: no such file or folder"]
    assert "Traceback" not in result.stderr


def test_reading_a_store_that_does_not_exist(tmp_path):
    result = homologue("--store", str(tmp_path / "none"), "contacts")
    assert result.returncode == 1
    assert "no store here yet" in result.stderr and "Traceback" not in result.stderr


def test_bad_sparql_is_one_line(tmp_path):
    from homologue.store import open_store

    open_store(tmp_path / "s").close()
    result = homologue("--store", str(tmp_path / "s"), "query", "SELECT WHERE {")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: invalid SPARQL") and "Traceback" not in result.stderr


def test_service_is_refused(tmp_path):
    from homologue.store import open_store

    open_store(tmp_path / "s").close()
    result = homologue("--store", str(tmp_path / "s"), "query",
                       "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert result.returncode == 1 and "SERVICE" in result.stderr


def test_bad_date_option(tmp_path):
    from homologue.store import open_store

    open_store(tmp_path / "s").close()
    result = homologue("--store", str(tmp_path / "s"), "contacts", "--since", "2024-13")
    assert result.returncode == 1 and "impossible date" in result.stderr


def test_export_refuses_to_overwrite(tmp_path):
    from homologue.store import open_store

    open_store(tmp_path / "s").close()
    target = tmp_path / "out.nq"
    target.write_text("keep me")
    result = homologue("--store", str(tmp_path / "s"), "export", "--format", "nq", "-o", str(target))
    assert result.returncode == 1 and "--force" in result.stderr
    assert target.read_text() == "keep me"
