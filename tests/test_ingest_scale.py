"""Ingest at scale: worker processes give the same store, input is streamed, a re-run resumes,
several documents go to the store in one transaction, and the synthetic corpus is sound."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from homologue.documents import Document, read_documents
from homologue.errors import StoreError
from homologue.ingest import (WRITE_BATCH, Prepared, count_documents, ingest, replace_graphs,
                              stored_hash, stored_hashes)
from homologue.rdf.build import graph_iri
from homologue.store import open_store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
sys.path.insert(0, str(ROOT / "bench"))

import synthetic  # noqa: E402


def small_articles(n: int, seed: int = 7) -> list[Document]:
    return [a.document() for a in synthetic.articles(n, seed=seed, words=60)]


def quads(path: Path) -> set[str]:
    store = open_store(path, read_only=True)
    out = {str(q) for q in store.quads()}
    store.close()
    return out


@pytest.mark.slow
def test_two_workers_store_exactly_what_one_does(tmp_path, extractor):
    one_by_one = copy.copy(extractor)
    one_by_one.batch_size = 1  # every document its own chunk: both workers get some
    documents = list(read_documents([str(EXAMPLES)]))
    stores = {}
    for workers in (1, 2):
        store = open_store(tmp_path / f"w{workers}")
        summary = ingest(iter(documents), store, one_by_one, workers=workers)
        store.close()
        assert summary.documents == len(documents) and summary.workers == workers
        stores[workers] = quads(tmp_path / f"w{workers}")
    assert len(stores[1]) > 1000
    assert stores[1] == stores[2]


@pytest.mark.slow
def test_documents_are_read_lazily_with_bounded_look_ahead(tmp_path, extractor):
    documents = small_articles(40)
    pulled = []

    def stream():
        for document in documents:
            pulled.append(document.id)
            yield document

    done = []
    ahead = []

    def progress(document: Document) -> None:
        done.append(document.id)
        ahead.append(len(pulled) - len(done))

    store = open_store(tmp_path / "s")
    summary = ingest(stream(), store, extractor, progress=progress)
    store.close()
    assert summary.documents == 40 and done == [d.id for d in documents]
    # never more than a chunk and a write batch read ahead of what is stored
    assert max(ahead) <= extractor.batch_size + WRITE_BATCH


@pytest.mark.slow
def test_a_rerun_skips_what_is_stored_and_resumes_the_rest(tmp_path, extractor):
    documents = small_articles(6, seed=3)
    store = open_store(tmp_path / "s")
    first = ingest(iter(documents[:4]), store, extractor)  # "interrupted" after four
    again = ingest(iter(documents), store, extractor)
    hashes = stored_hashes(store)
    single = stored_hash(store, documents[0].id)
    store.close()
    assert (first.documents, first.skipped) == (4, 0)
    assert (again.documents, again.skipped) == (2, 4)
    assert "4 unchanged, skipped" in again.line()
    assert {hashes[str(graph_iri(d.id))] for d in documents} == {d.content_hash for d in documents}
    assert single == documents[0].content_hash


def test_a_write_batch_is_one_transaction(tmp_path):
    store = open_store(tmp_path / "s")
    good = Prepared("https://example.org/g/1", '<https://example.org/a> <https://example.org/p> "x" .\n',
                    1, 0, ())
    bad = Prepared("https://example.org/g/2", "<https://example.org/a> not n-triples\n", 1, 0, ())
    with pytest.raises(StoreError):
        replace_graphs(store, [good, bad])
    assert not store.has_graph(good.graph)  # nothing of the failed batch was written
    replace_graphs(store, [good])
    replace_graphs(store, [good])  # replacing, not adding
    assert store.has_graph(good.graph) and len(store) == 1
    store.close()


def test_documents_are_counted_without_being_parsed(tmp_path):
    (tmp_path / "a.txt").write_text("Le ministre a parlé.", "utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": 1}\n\n{"id": 2}\n{"id": 3}\n', "utf-8")
    assert count_documents([tmp_path / "a.txt", tmp_path / "b.jsonl"]) == 4
    assert count_documents([tmp_path / "a.txt", "-"]) is None


def test_synthetic_articles_are_deterministic_news_with_known_answers():
    first = synthetic.article(5, seed=1)
    assert first == synthetic.article(5, seed=1) and first != synthetic.article(6, seed=1)
    assert 550 <= first.words <= 800 and first.lang in ("fr", "en")
    persons, states = synthetic.gazetteer_cast()
    known = {m.iri for m in (*persons, *states)}
    assert len(known) > 300
    for event in first.events:
        assert event.source in known and event.target in known and event.sentence in first.text
        assert event.type in ("CONSULT", "ACCUSE", "AID")
    rows = synthetic.event_rows(1000, actors=3000)
    assert len(rows) == 1000 and all(r["a"] != r["b"] for r in rows)
    assert len({r["a"] for r in rows} | {r["b"] for r in rows}) > 300


def test_write_corpus_puts_answers_beside_the_articles(tmp_path):
    folder = synthetic.write_corpus(tmp_path / "corpus", 3, words=80)
    assert len(list(folder.glob("*.md"))) == 3
    answers = [json.loads(line) for line in
               (tmp_path / "corpus.expected.jsonl").read_text("utf-8").splitlines()]
    documents = list(read_documents([str(folder)]))
    assert {a["doc"] for a in answers} <= {d.id for d in documents}


@pytest.mark.slow
def test_cli_ingest_streams_and_reports_rate_and_skips(tmp_path):
    folder = synthetic.write_corpus(tmp_path / "corpus", 3, words=60)
    command = [sys.executable, "-m", "homologue", "--store", str(tmp_path / "s"), "ingest",
               "--workers", "1", str(folder)]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "3 documents ingested (0 unchanged" in first.stderr and "documents/s" in first.stderr
    again = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "0 documents ingested (3 unchanged, skipped" in again.stderr
    bad = subprocess.run(command[:-3] + ["--workers", "0", str(folder)], capture_output=True,
                         text=True)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr


def test_a_huge_document_is_refused_before_parsing(extractor):
    from homologue.errors import InputError
    from homologue.extract import MAX_CHARS

    huge = Document(id="huge", text="Le ministre a parlé. " * (MAX_CHARS // 20), lang="fr")
    with pytest.raises(InputError, match="too long for one article"):
        list(extractor.extract_many([huge]))


def test_bench_runner_prints_one_table_and_survives_a_broken_bench(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_runner", ROOT / "bench" / "run.py")
    runner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runner)
    good = tmp_path / "bench_good.py"
    good.write_text("def run(quick):\n    return [dict(measure='m', value=2.0, unit='s', "
                    "baseline='b', baseline_value=4.0, ratio=0.5)]\n", "utf-8")
    broken = tmp_path / "bench_broken.py"
    broken.write_text("import no_such_module_here\n", "utf-8")
    rows = []
    for path in (good, broken):
        rows += runner.run_module(path, quick=True)[0]
    text = runner.table(rows)
    assert text.count("\n") == 3  # header, rule, two rows
    assert "| good   | m " in text and "0.50×" in text
    assert "ERROR ModuleNotFoundError" in text and "broken" in text
