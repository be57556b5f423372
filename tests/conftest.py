"""Shared fixtures. Tests that load spaCy models are marked ``slow`` (they still run in CI)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "fr-2024-04-lecornu-shoigu.txt"
ANALYSIS_FIXTURES = ROOT / "tests" / "fixtures" / "analysis"


@pytest.fixture(scope="session")
def extractor():
    from homologue.extract import Extractor

    return Extractor()


def ingested_store(path: Path, sources: list[Path], extractor) -> Path:
    """A fresh store at ``path`` holding the given articles."""
    from homologue.documents import read_documents
    from homologue.ingest import ingest
    from homologue.store import open_store

    store = open_store(path)
    ingest(read_documents([str(s) for s in sources]), store, extractor)
    store.close()
    return path


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, extractor):
    """A store holding the seed article, ingested once for the session."""
    return ingested_store(tmp_path_factory.mktemp("seed") / "store", [SEED], extractor)


@pytest.fixture(scope="session")
def analysis_store(tmp_path_factory, extractor):
    """The articles of tests/fixtures/analysis, ingested once for the session (shared by the
    analysis CLI tests and the Python API tests)."""
    return ingested_store(tmp_path_factory.mktemp("analysis") / "store", [ANALYSIS_FIXTURES],
                          extractor)


@pytest.fixture
def run(analysis_store):
    """``homologue --store <analysis store> ARGS...``: its stdout, once it exited with 0."""
    from click.testing import CliRunner

    from homologue.cli import cli

    def invoke(*args: str) -> str:
        result = CliRunner().invoke(cli, ["--store", str(analysis_store), *args])
        assert result.exit_code == 0, (result.output, result.exception)
        return result.stdout

    return invoke
