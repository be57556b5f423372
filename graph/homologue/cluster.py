"""Extraction on a Dask cluster: ``ingest --cluster local:N`` or ``--cluster tcp://HOST:PORT``.

Dask's scheduler places the work, moves it off a worker that dies and retries it elsewhere
(``distributed.scheduler.allowed-failures`` times, 3 by default); this module only feeds it.
Each cluster worker holds one :class:`~homologue.extract.Extractor` for the whole ingest (a
worker plugin), so the models load once per worker, and builds each document's graph, so the
single writer, here, only writes. At most ``WINDOW_PER_WORKER`` chunks per worker thread are
submitted and not yet consumed: a slow writer stops the submissions (back-pressure), and memory
does not grow with the corpus.

Only this module imports ``distributed`` (an optional dependency, ``homologue[cluster]``), and
only the ingest imports this module, when a cluster is asked for.
"""

from __future__ import annotations

import logging
import re
import uuid
from concurrent.futures import CancelledError
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any

from homologue.documents import Document
from homologue.errors import InputError
from homologue.extract import Extractor, Prepare

try:
    import distributed
except ImportError as exc:  # the CLI turns this into a one-line hint
    raise InputError("--cluster needs Dask's 'distributed' package: "
                     "pip install 'homologue[cluster]'") from exc

WINDOW_PER_WORKER = 2  # chunks in flight per worker thread: enough to hide a round trip
CONNECT_SECONDS = 10.0  # to reach a scheduler
WORKERS_SECONDS = 60.0  # for the first worker to join it (a local one loads Python first)

_LOCAL = re.compile(r"local:(\d+)")
_REMOTE = re.compile(r"(tcp|tls)://[^\s:/]+(:\d+)?")


@dataclass(frozen=True)
class ClusterSpec:
    """Where extraction runs: a new local cluster of ``workers`` processes, or the scheduler
    at ``address``."""

    text: str
    address: str | None = None
    workers: int = 0


@dataclass(frozen=True)
class Lost:
    """A document whose extraction failed on the cluster, with why (stands for its result)."""

    reason: str


def parse_cluster(text: str) -> ClusterSpec:
    """``local:N`` or a scheduler address ``tcp://HOST:PORT`` (port 8786 if left out)."""
    if match := _LOCAL.fullmatch(text):
        workers = int(match.group(1))
        if workers < 1:
            raise InputError(f"--cluster {text}: give at least one worker, e.g. local:2")
        return ClusterSpec(text, workers=workers)
    if _REMOTE.fullmatch(text):
        address = text if re.search(r":\d+$", text) else f"{text}:8786"
        return ClusterSpec(text, address=address)
    raise InputError(f"--cluster {text!r}: give local:N (N worker processes on this machine) or "
                     f"a Dask scheduler's address, e.g. tcp://HOST:8786")


@contextmanager
def connect(spec: ClusterSpec) -> Iterator[distributed.Client]:
    """A client of the cluster, with at least one worker; a local cluster ends with it."""
    if spec.address is None:
        # one thread per process: spaCy holds the GIL, so threads would only queue. Dask's
        # own logs stay quiet: what matters reaches the ingest through the futures, and a
        # Ctrl-C would otherwise print each worker's lost-connection traceback.
        with distributed.LocalCluster(n_workers=spec.workers, threads_per_worker=1,
                                      processes=True, dashboard_address=None,
                                      silence_logs=logging.CRITICAL) as cluster, \
                distributed.Client(cluster) as client:
            client.wait_for_workers(spec.workers, timeout=WORKERS_SECONDS)
            yield client
        return
    try:
        client = distributed.Client(spec.address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as exc:
        raise InputError(f"--cluster {spec.text}: no Dask scheduler answers at {spec.address} "
                         f"({_first_line(exc)}); start one there with 'dask scheduler' and "
                         f"check the host and port") from None
    with client:
        try:
            client.wait_for_workers(1, timeout=WORKERS_SECONDS)
        except TimeoutError:
            raise InputError(f"--cluster {spec.text}: the scheduler has no worker; start some "
                             f"with 'dask worker {spec.address}' on machines where homologue "
                             f"and its models are installed") from None
        yield client


def worker_threads(client: distributed.Client) -> int:
    """How many tasks the cluster runs at once."""
    return max(1, sum(client.nthreads().values()))


class ExtractorPlugin(distributed.WorkerPlugin):
    """Gives each worker its own extractor for the ingest's life: the models load once per
    worker (at its first chunk), and again only on a worker that replaces a dead one."""

    def __init__(self, extractor: Extractor) -> None:
        self.extractor = extractor  # sent without loaded pipelines (Extractor.__getstate__)


def extract_on_cluster(client: distributed.Client, extractor: Extractor,
                       chunks: Iterator[list[Document]], prepare: Prepare
                       ) -> Iterator[tuple[Document, Any]]:
    """Documents with ``prepare(document, events)`` computed on the cluster, or with a
    :class:`Lost` when their chunk failed there, as chunks complete (not in input order)."""
    name = f"homologue-extractor-{uuid.uuid4().hex}"  # a concurrent ingest keeps its own
    client.register_plugin(ExtractorPlugin(extractor), name=name)
    window = WINDOW_PER_WORKER * worker_threads(client)
    submitted: dict[distributed.Future, list[Document]] = {}

    def submit(chunk: list[Document]) -> distributed.Future:
        future = client.submit(_extract_chunk, name, chunk, prepare, pure=False)
        submitted[future] = chunk
        return future

    try:
        running = distributed.as_completed([submit(c) for c in islice(chunks, window)])
        for future in running:
            if (chunk := next(chunks, None)) is not None:
                running.add(submit(chunk))
            done = submitted.pop(future)
            yield from zip(done, _results(future, len(done)))
            future.release()
    finally:
        for future in submitted:
            future.cancel()
        client.unregister_worker_plugin(name)


def _results(future: distributed.Future, size: int) -> list[Any]:
    """The chunk's results; a chunk the scheduler gave up on (its workers died
    ``allowed-failures`` times, or the scheduler lost it) is reported, not dropped."""
    if future.status == "finished":
        return future.result()
    if future.status == "cancelled":
        error: BaseException = CancelledError("the scheduler dropped it")
    else:
        error = future.exception()
        if not isinstance(error, distributed.KilledWorker):
            raise error  # a bug in extraction: the same as without a cluster
    return [Lost(f"extraction failed on the cluster ({_first_line(error)}); run the same "
                 f"ingest again to retry it")] * size


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _extract_chunk(plugin: str, chunk: list[Document], prepare: Prepare) -> list[Any]:
    """On a worker: the chunk through the worker's own extractor."""
    extractor = distributed.get_worker().plugins[plugin].extractor
    return extractor.run_chunk(chunk, prepare)
