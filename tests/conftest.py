"""Shared fixtures. Tests that load spaCy models are marked ``slow`` (they still run in CI)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "fr-2024-04-lecornu-shoigu.txt"


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
