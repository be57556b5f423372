"""Idempotence: ingesting the same folder twice leaves exactly the same triples; an edited
article's graph is replaced, its old events gone."""

from __future__ import annotations

import shutil

import pytest

from .helpers import ROOT, per_graph, quads

EXAMPLES = ROOT / "examples"


def _ingest(paths, store_path, extractor):
    from homologue.documents import read_documents
    from homologue.ingest import ingest
    from homologue.store import open_store

    store = open_store(store_path)
    try:
        return ingest(read_documents([str(p) for p in paths]), store, extractor)
    finally:
        store.close()


@pytest.mark.slow
def test_same_folder_twice_gives_exactly_the_same_triples(tmp_path, extractor):
    store = tmp_path / "store"
    first = _ingest([EXAMPLES], store, extractor)
    once = quads(store)
    second = _ingest([EXAMPLES], store, extractor)
    assert quads(store) == once
    assert (second.documents, second.skipped) == (0, first.documents)


@pytest.mark.slow
def test_edited_article_replaces_its_old_events(tmp_path, extractor):
    article = tmp_path / "in" / "article.md"
    article.parent.mkdir()
    shutil.copy(EXAMPLES / "en-2023-03-austin-shoigu.md", article)
    store = tmp_path / "store"
    _ingest([article], store, extractor)
    old = per_graph(quads(store))
    doc_graph = "<https://w3id.org/homologue/graph/doc/article>"
    old_events = {line.split(" ", 1)[0] for line in old[doc_graph] if "/event/" in line.split(" ", 1)[0]}
    assert old_events

    article.write_text((EXAMPLES / "fr-2025-02-barrot-sybiha.md").read_text("utf-8"), "utf-8")
    _ingest([article], store, extractor)
    fresh = tmp_path / "fresh"
    _ingest([article], fresh, extractor)  # what a clean store holds for the edited article
    assert per_graph(quads(store)) == per_graph(quads(fresh))
    everything = "\n".join(quads(store))
    assert not any(event in everything for event in old_events)
