"""From a document to events: spaCy parses, the gazetteer names actors, the lexicon's
triggers and the dependency rules say who did what to whom, and when."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Any

from homologue.documents import Document
from homologue.errors import InputError
from homologue.extract.actors import name_starts
from homologue.extract.calibrate import load_calibration
from homologue.extract.classifier import TypeModel
from homologue.extract.events import extract_events
from homologue.extract.lexicon import load_lexicon
from homologue.extract.model import Event, Evidence
from homologue.extract.pipeline import load_pipeline
from homologue.rdf.gazetteer import Gazetteer, load_gazetteer

__all__ = ["Event", "Evidence", "Extractor", "default_workers"]

Prepare = Callable[[Document, list[Event]], Any]

# The longest text parsed in one piece: some fifty long articles. spaCy's parser and NER need
# memory in proportion to the text, so beyond this a "document" would break the memory bound.
MAX_CHARS = 200_000


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def keep_events(_document: Document, events: list[Event]) -> list[Event]:
    return events


class Extractor:
    """Reads documents into events. Pipelines load on first use, once per language (and, with
    workers, once per worker process)."""

    def __init__(self, gazetteer: Gazetteer | None = None, actors: Iterable[str | Path] = (),
                 models: dict[str, str] | None = None, batch_size: int = 16,
                 calibrate: bool = True) -> None:
        self.gazetteer = gazetteer or load_gazetteer(actors)
        self.models = models or {}
        self.batch_size = batch_size
        self.calibrate = calibrate  # map confidences through models/calibration.json
        self._pipelines: dict = {}

    def __getstate__(self) -> dict:
        """Sent to worker processes without the loaded pipelines: each worker loads its own."""
        return {**self.__dict__, "_pipelines": {}}

    def pipeline(self, lang: str):
        if lang not in self._pipelines:
            nlp = load_pipeline(lang, self.models.get(lang))
            if "homologue_entities" in nlp.pipe_names:
                nlp.get_pipe("homologue_entities").dates_only_from(name_starts(self.gazetteer))
            self._pipelines[lang] = nlp
        return self._pipelines[lang]

    def _calibration(self):
        return load_calibration() if self.calibrate else None

    def extract(self, document: Document) -> list[Event]:
        check_size(document)
        doc = self.pipeline(document.lang)(document.text)
        return extract_events(document, doc, self.gazetteer, load_lexicon(document.lang),
                              TypeModel.load(document.lang), self._calibration())

    def extract_many(self, documents: Iterable[Document], workers: int = 1,
                     prepare: Prepare = keep_events) -> Iterator[tuple[Document, Any]]:
        """Documents with ``prepare(document, events)`` (by default, the events), in order.

        Documents are read lazily in chunks of ``batch_size`` and parsed with ``nlp.pipe``, one
        language at a time. With ``workers`` > 1, chunks go to a pool of processes that each
        load the models once and also run ``prepare`` (a module-level function, so it can be
        sent to them), so building what is stored happens in parallel too. At most two chunks
        per worker are in flight: memory does not grow with the number of documents.
        """
        chunks = self.chunks(documents)
        if workers <= 1:
            for chunk in chunks:
                yield from self._run(chunk, prepare)
            return
        yield from self._run_parallel(chunks, workers, prepare)

    def chunks(self, documents: Iterable[Document]) -> Iterator[list[Document]]:
        """Documents read lazily in lists of ``batch_size``, each checked for size."""
        return _chunks(documents, self.batch_size)

    def _run_parallel(self, chunks: Iterator[list[Document]], workers: int,
                      prepare: Prepare) -> Iterator[tuple[Document, Any]]:
        # spawn, not fork: the parent may hold an open store (RocksDB threads) and locks.
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                                   initargs=(self, os.getpid()),
                                   mp_context=multiprocessing.get_context("spawn"))
        pending: deque[tuple[list[Document], Future]] = deque()
        try:
            for chunk in chunks:
                pending.append((chunk, pool.submit(_work, chunk, prepare)))
                if len(pending) >= 2 * workers:
                    done, future = pending.popleft()
                    yield from zip(done, future.result())
            while pending:
                done, future = pending.popleft()
                yield from zip(done, future.result())
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _run(self, chunk: list[Document], prepare: Prepare) -> Iterator[tuple[Document, Any]]:
        yield from zip(chunk, self.run_chunk(chunk, prepare))

    def run_chunk(self, chunk: list[Document], prepare: Prepare = keep_events) -> list[Any]:
        """``prepare(document, events)`` for each document of a chunk, in order; the chunk is
        parsed with one ``nlp.pipe`` call per language."""
        out: list[Any] = [None] * len(chunk)
        for lang in dict.fromkeys(d.lang for d in chunk):
            indexes = [i for i, d in enumerate(chunk) if d.lang == lang]
            nlp = self.pipeline(lang)
            lexicon = load_lexicon(lang)
            model = TypeModel.load(lang)
            docs = nlp.pipe(chunk[i].text for i in indexes)
            for i, doc in zip(indexes, docs):
                out[i] = prepare(chunk[i], extract_events(chunk[i], doc, self.gazetteer,
                                                          lexicon, model, self._calibration()))
        return out


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while chunk := list(islice(iterator, size)):
        for document in chunk:
            check_size(document)
        yield chunk


def check_size(document: Document) -> None:
    """Refuse, before parsing, a text too long to parse within bounded memory."""
    if len(document.text) > MAX_CHARS:
        where = document.path or document.id
        raise InputError(f"{where}: {len(document.text):,} characters is too long for one "
                         f"article (limit {MAX_CHARS:,}); split it into documents")


# A worker process holds one extractor for its whole life: that is what "models load once per
# worker" means. It lives in the worker's module namespace, set once by the pool initializer.
_WORKER: dict[str, Extractor] = {}


def _start_worker(extractor: Extractor, parent: int) -> None:
    _WORKER["extractor"] = extractor
    exit_with_parent(parent)


PARENT_POLL = 0.5  # seconds between two looks at the parent: the delay before an orphan exits


def exit_with_parent(parent: int) -> None:
    """End this process as soon as ``parent`` is no longer its parent.

    A pool's workers only notice a clean shutdown: if the parent is killed (SIGKILL, OOM
    killer) they would wait on their queue forever, each holding loaded models. An orphan is
    re-parented (to init or a subreaper), which ``os.getppid()`` shows; a thread polls it
    rather than using PR_SET_PDEATHSIG, which fires when the *thread* that started the worker
    ends, not the process, and exists only on Linux. The multiprocessing resource tracker
    exits by itself once no process holds its pipe, that is once the workers are gone."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _work(chunk: list[Document], prepare: Prepare) -> list[Any]:
    return _WORKER["extractor"].run_chunk(chunk, prepare)
