"""Homologue from Python: the answers of the ``homologue`` command as pandas DataFrames, NetworkX
graphs and plain objects.

One entry point, :func:`open`, gives a :class:`KnowledgeGraph` over a store folder or a SPARQL
server; its methods are the commands of the CLI (which is a thin shell over them), with the same
options as keyword arguments and the same content in their answers::

    import homologue
    kg = homologue.open("exports/demo-store")      # or "http://localhost:7878/sparql"
    kg.ingest(["examples/"])                      # IngestResult
    kg.contacts(actor="Lecornu", since="2024")    # DataFrame
    kg.timeline("Lecornu", "Shoigu")              # DataFrame, with the gaps
    kg.centrality(metric="pagerank", top=20)      # DataFrame
    kg.actor("Choïgou")                           # Profile
    kg.graph(level="person")                      # networkx.MultiDiGraph, one edge per event
    kg.query(name="pair-timeline", a="Lecornu", b="Shoigu")   # DataFrame

Dates are text at their own precision ("2024", "2024-04" or "2024-04-24"): an event may be
known only to the month, and a datetime would invent a day. Missing values are ``<NA>``. Nothing
here prints or exits: errors are :mod:`homologue.errors` exceptions with a message that says
how to fix them.

The examples run as doctests on a store holding the seven articles of
``tests/fixtures/analysis`` (``store`` is its folder):

>>> import homologue
>>> kg = homologue.open(store)
>>> kg.contacts(actor="choigou")[["actor_a", "actor_b", "contacts", "first", "last"]]
             actor_a        actor_b  contacts       first        last
0  Sébastien Lecornu  Sergei Shoigu         2  2022-10-19  2024-04-24
1       Lloyd Austin  Sergei Shoigu         1  2023-03-15  2023-03-15
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from homologue.errors import InputError

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from homologue.extract import Extractor
    from homologue.sparql import QueryResult
    from homologue.store import Store

__all__ = ["KnowledgeGraph", "open", "IngestResult", "Profile", "Report", "Silences",
           "Validation", "named_queries", "CONTACT_COLUMNS", "TIMELINE_COLUMNS",
           "SILENCE_COLUMNS", "CLAIM_COLUMNS", "COMMUNITY_COLUMNS"]

# -- the columns of each answer, with their pandas dtypes -----------------------------------------

CONTACT_COLUMNS: dict[str, str] = {
    "actor_a": "string", "actor_b": "string",  # labels, the pair in alphabetical order of IRI
    "contacts": "int64",  # CONSULT events between them
    "first": "string", "last": "string",  # dates at their precision; <NA> if none is dated
    "modes": "string", "initiated_by": "string", "sources": "string",  # ", "-joined
    "iri_a": "string", "iri_b": "string",
    "evidence": "object",  # list of the sentences reporting the contacts
}
"""Columns of :meth:`KnowledgeGraph.contacts`, most frequent pair first."""

TIMELINE_COLUMNS: dict[str, str] = {
    "date": "string", "precision": "string",  # "year", "month" or "day"; <NA> if undated
    "type": "string", "mode": "string",
    "direction": "string",  # "to" (the actor acted) or "from"
    "counterpart": "string", "counterpart_iri": "string",
    "gap": "string",  # since the previous dated event: "4 months", "same period", ""
    "gap_days": "Int64",
    "evidence": "string", "docs": "string",  # " | "-joined sentences, ", "-joined documents
    "event": "string",  # the event's IRI
}
"""Columns of :meth:`KnowledgeGraph.timeline`, oldest first, undated events last."""

SILENCE_COLUMNS: dict[str, str] = {
    "a": "string", "b": "string", "previous": "string", "date": "string", "gap": "string",
    "gap_days": "Int64", "type": "string", "mode": "string", "claimed_since": "string",
    "docs": "string", "event": "string", "a_iri": "string", "b_iri": "string",
}
"""Columns of :attr:`Silences.broken`: a contact after a silence of at least the gap asked."""

CLAIM_COLUMNS: dict[str, str] = {
    "a": "string", "b": "string", "date": "string", "claimed_since": "string",
    "store_previous": "string", "verdict": "string", "docs": "string", "event": "string",
}
"""Columns of :attr:`Silences.claims`: "first since ..." in the text, beside the store."""

COMMUNITY_COLUMNS: dict[str, str] = {
    "community": "int64", "size": "int64", "members": "string",  # ", "-joined labels
    "iris": "object",  # list of the members' IRIs
}
"""Columns of :meth:`KnowledgeGraph.communities`, largest first."""

CENTRALITY_METRICS = ("degree", "betweenness", "eigenvector", "pagerank")
LEVELS = ("person", "state")
CONTACT = "CONSULT"


def _frame(rows: Sequence[Mapping], columns: Mapping[str, str]) -> pd.DataFrame:
    """Rows as a DataFrame with exactly these columns and dtypes (None becomes <NA>)."""
    import pandas as pd

    frame = pd.DataFrame.from_records(list(rows), columns=list(columns))
    return frame.astype(dict(columns)) if len(columns) else frame


def _names(values: str | Iterable[str] | None) -> tuple[str, ...]:
    """One value, several, or comma-separated ones, as a tuple of stripped names."""
    if values is None:
        return ()
    items = [values] if isinstance(values, str) else list(values)
    return tuple(v.strip() for item in items for v in str(item).split(",") if v.strip())


def event_types(types: str | Iterable[str] | None) -> list[str] | None:
    """Event type names checked and upper-cased; None (every type) for none or ``all``.

    >>> event_types("consult,accuse"), event_types(["all"]), event_types(None)
    (['CONSULT', 'ACCUSE'], None, None)
    >>> event_types("HUG")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    homologue.errors.InputError: unknown event type 'HUG': use one of ... or all
    """
    from homologue.rdf.namespace import EVENT_TYPES

    names = [t.upper() for t in _names(types)]
    unknown = [t for t in names if t not in EVENT_TYPES and t != "ALL"]
    if unknown:
        raise InputError(f"unknown event type {unknown[0]!r}: use one of "
                         f"{', '.join(EVENT_TYPES)} or all")
    return None if not names or "ALL" in names else names


def _check(value: str, allowed: Sequence[str], what: str) -> str:
    if value not in allowed:
        raise InputError(f"unknown {what} {value!r}: use {', '.join(allowed)}")
    return value


def _confidence(value: float) -> float:
    if not 0 <= value <= 1:
        raise InputError(f"min_confidence {value!r} is outside [0, 1]: give a number from 0 "
                         f"to 1, as 'homologue extract' prints it")
    return float(value)


# -- answers that are more than one table ---------------------------------------------------------


@dataclass
class IngestResult:
    """What :meth:`KnowledgeGraph.ingest` did: counts, and the inputs it skipped (bad files
    or lines, each with its one-line reason)."""

    documents: int
    unchanged: int
    events: int
    actors: int
    triples: int
    seconds: float
    workers: int
    skipped: list[str] = field(default_factory=list)
    summary: str = ""  # the line 'homologue ingest' prints

    def __str__(self) -> str:
        return self.summary


class Silences(NamedTuple):
    """Contacts that break a long silence, and the text's own "first since" claims."""

    broken: pd.DataFrame  # see SILENCE_COLUMNS
    claims: pd.DataFrame  # see CLAIM_COLUMNS


class Profile:
    """One actor: names, Wikidata id, positions, counterparts, documents.

    ``positions`` (role, country, start, end), ``counterparts`` (counterpart, iri, total,
    then one column per event type) and ``documents`` (id, title, issued) are DataFrames;
    :meth:`to_dict` gives the JSON of ``homologue actor --format json``.
    """

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = dict(data)
        for key in ("iri", "label", "labels", "aliases", "surnames", "wikidata", "kind",
                    "country", "contacts", "first_contact", "last_contact"):
            setattr(self, key, self._data[key])

    @property
    def positions(self) -> pd.DataFrame:
        return _frame(self._data["positions"], {"role": "string", "country": "string",
                                                "start": "string", "end": "string"})

    @property
    def documents(self) -> pd.DataFrame:
        return _frame(self._data["documents"], {"id": "string", "title": "string",
                                                "issued": "string"})

    @property
    def counterparts(self) -> pd.DataFrame:
        rows = self._data["counterparts"]
        types = sorted({k for r in rows for k in r} - {"counterpart", "iri", "total"})
        return _frame([{t: 0 for t in types} | r for r in rows],
                      {"counterpart": "string", "iri": "string", "total": "int64",
                       **{t: "int64" for t in types}})

    def to_dict(self) -> dict[str, Any]:
        return dict(self._data)

    def __repr__(self) -> str:
        return f"<Profile {self.label} ({self.kind or 'actor'}), {self.contacts} contacts>"


@dataclass
class Report:
    """Everything ``homologue report`` shows, as plain data (see analysis.report), with the
    renderings: Markdown, a self-contained HTML page, and the PNG charts."""

    data: dict

    def markdown(self, charts: Mapping[str, str] | None = None) -> str:
        """Markdown; ``charts`` maps a chart name (see :meth:`charts`) to the path to show."""
        from homologue.analysis.report import render_markdown

        return render_markdown(self.data, charts or {})

    def html(self) -> str:
        from homologue.analysis.report import render_html, report_charts

        return render_html(self.data, report_charts(self.data))

    def charts(self) -> dict[str, bytes]:
        """PNG images by name: ``centrality`` and ``monthly`` (when there is data for them)."""
        from homologue.analysis.report import report_charts

        return report_charts(self.data)

    def save(self, path: str | Path, force: bool = False) -> dict[Path, int]:
        """Write the report as ``FILE.html`` (charts embedded) or ``FILE.md`` (charts beside it
        as ``FILE-centrality.png`` and ``FILE-monthly.png``); returns the files written and
        their sizes. An existing file is replaced only with ``force``."""
        from homologue.output import write_output

        target = Path(path)
        if target.suffix.lower() not in (".md", ".html", ".htm"):
            raise InputError(f"{target}: the report is written as .md or .html")
        if target.exists() and not force:
            raise InputError(f"{target} exists: pass force=True to overwrite it")
        files: dict[Path, bytes] = {}
        if target.suffix.lower() == ".md":
            links = {}
            for name, png in self.charts().items():
                files[target.with_name(f"{target.stem}-{name}.png")] = png
                links[name] = f"{target.stem}-{name}.png"
            files[target] = self.markdown(links).encode("utf-8")
        else:
            files[target] = self.html().encode("utf-8")
        for file, data in files.items():
            write_output(file, data, force=True)
        return {file: len(data) for file, data in files.items()}


# -- the knowledge graph ------------------------------------------------------------------------


def open(location: str | Path | None = None, *,  # noqa: A001 - the package's entry point
         actors: Iterable[str | Path] = ()) -> KnowledgeGraph:
    """The knowledge graph in a store folder, or on a SPARQL server (an ``http(s)://`` URL).

    Nothing is opened yet: each call opens the store for as long as it needs it (reading from
    a snapshot, so an ingest may run beside it). ``actors``: extra gazetteer files (Turtle),
    used by :meth:`KnowledgeGraph.ingest`. The folder defaults to ``./homologue-store``.
    """
    return KnowledgeGraph(location, actors)


class KnowledgeGraph:
    """A store of events read from articles, and the questions the CLI asks of it."""

    def __init__(self, location: str | Path | None = None,
                 actors: Iterable[str | Path] = ()) -> None:
        self.location = location
        self.actors = tuple(actors)
        self._extractor: Extractor | None = None

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.location or 'homologue-store'}>"

    @contextlib.contextmanager
    def _store(self, read_only: bool = True) -> Iterator[Store]:
        from homologue.store import open_store

        store = open_store(self.location, read_only=read_only)
        try:
            yield store
        finally:
            store.close()

    def extractor(self) -> Extractor:
        """The extractor (gazetteer and language models), loaded on first use and kept."""
        if self._extractor is None:
            from homologue.extract import Extractor

            self._extractor = Extractor(actors=self.actors)
        return self._extractor

    # -- writing -----------------------------------------------------------------------------

    def ingest(self, paths: str | Iterable[str], lang: str | None = None,
               workers: int | None = None, *, cluster: str | None = None,
               progress: Callable[[int, int], None] | None = None,
               on_skip: Callable[[str], None] | None = None,
               extractor: Callable[[], Extractor] | None = None) -> IngestResult:
        """Extract events from articles (files, folders, or ``-`` for stdin) and store them,
        one graph per document; unchanged documents are skipped, bad ones reported and skipped.

        ``workers``: extraction processes (default one per core, one per 16 documents for
        small inputs). ``cluster``: extract on a Dask cluster instead, ``"local:N"`` (N worker
        processes here) or a scheduler's ``"tcp://HOST:8786"``; a document the cluster failed
        to extract is reported like a skipped input. ``progress(done, total)`` is called with
        0 once the models are loaded (by ``extractor()``, default :meth:`extractor`), then as
        documents are stored; ``on_skip(reason)`` for each bad input. With no readable
        document at all, :class:`~homologue.errors.InputError` is raised before the store is
        opened.
        """
        import math

        from homologue.documents import SkipLog, expand_paths, read_documents, require_documents
        from homologue.extract import default_workers
        from homologue.ingest import count_documents
        from homologue.ingest import ingest as run_ingest

        spec = _cluster_spec(cluster, workers)
        paths = [paths] if isinstance(paths, str) else list(paths)
        total = count_documents(expand_paths(paths))  # a missing path fails before any work
        skipped = SkipLog(on_skip and (lambda line: on_skip(line[len("skipped: "):])))
        documents = require_documents(read_documents(paths, lang, on_skip=skipped), skipped)
        if total is None:  # stdin: read whole anyway, so count what it holds
            documents = list(documents)
            total = len(documents)
        if workers is None:
            workers = max(1, min(default_workers(), math.ceil(total / 16)))
        done = 0

        def step(_document: object) -> None:
            nonlocal done
            done += 1
            if progress:
                progress(done, total)

        with self._store(read_only=False) as store, _connect(spec) as client:
            models = (extractor or self.extractor)()
            if progress:
                progress(0, total)
            summary = run_ingest(documents, store, models, workers=workers, progress=step,
                                 cluster=client, on_lost=lambda r: skipped(InputError(r)))
        return IngestResult(summary.documents, summary.skipped, summary.events,
                            len(summary.actors), summary.triples, summary.seconds,
                            summary.workers, list(skipped.reasons), summary.line())

    def import_dataset(self, path: str | Path, format: str | None = None) -> str:  # noqa: A002
        """Load a dataset (N-Quads or TriG, e.g. from :meth:`export`); graphs in it replace
        the store's graphs of the same name. Returns the one-line summary."""
        from homologue.store import open_store
        from homologue.store.transfer import import_dataset

        return import_dataset(open_store(self.location), str(path), format)  # it closes it

    # -- the projected graph -------------------------------------------------------------------

    def _load(self, store: Store, since: str | None, until: str | None,
              types: str | Iterable[str] | None, kinds: str | Iterable[str] | None,
              countries: str | Iterable[str] | None, level: str, min_confidence: float,
              details: bool = True, weighted: bool = False, rows: Any = None) -> nx.Graph:
        from homologue.analysis.projection import load_graph
        from homologue.documents import normalise_date

        return load_graph(store, details=details, weighted=weighted, rows=rows,
                          min_confidence=_confidence(min_confidence),
                          since=normalise_date(since, "since"),
                          until=normalise_date(until, "until"), types=event_types(types),
                          kinds=_names(kinds) or None, countries=_names(countries) or None,
                          level=_check(level, LEVELS, "level"))

    def graph(self, level: str = "person", *, since: str | None = None,
              until: str | None = None, types: str | Iterable[str] | None = None,
              kinds: str | Iterable[str] | None = None,
              countries: str | Iterable[str] | None = None,
              min_confidence: float = 0.0) -> nx.MultiDiGraph:
        """The events as a MultiDiGraph: nodes are actors (or, at ``level="state"``, the
        states they served at the date) with ``label``, ``kind`` and ``country``; one edge per
        event, keyed by its IRI, from source to target, with ``type``, ``date``, ``mode``,
        ``claim``, ``docs`` and ``evidence`` (what ``homologue export --format graphml``
        writes).

        ``types`` (every type by default), ``kinds`` (both sides of these kinds: person,
        state...), ``countries`` (one side from these, e.g. FRA) filter the events;
        ``min_confidence`` keeps the events one of whose reports is at least that confident.

        >>> g = kg.graph()
        >>> g.number_of_edges(), g.nodes["https://w3id.org/homologue/actor/sergei-shoigu"]["label"]
        (7, 'Sergei Shoigu')
        >>> sorted({d["type"] for _a, _b, d in g.edges(data=True)})
        ['CONSULT']
        """
        with self._store() as store:
            return self._load(store, since, until, types, kinds, countries, level,
                              min_confidence)

    # -- answers as tables ---------------------------------------------------------------------

    def contacts(self, actor: str | None = None, since: str | None = None,
                 until: str | None = None, *, min_confidence: float = 0.0) -> pd.DataFrame:
        """Who contacted whom (CONSULT events): one row per pair, most contacts first; see
        :data:`CONTACT_COLUMNS`. ``actor``: any name, alias or IRI (fuzzy, accents optional).

        >>> kg.contacts(since="2025")[["actor_a", "actor_b", "first"]]
                 actor_a           actor_b       first
        0  Sergei Lavrov           Wang Yi  2025-04-08
        1  Andrii Sybiha  Jean-Noël Barrot  2025-02-11
        """
        from homologue.analysis.contacts import actor_labels, contact_events, summarise_contacts
        from homologue.analysis.names import find_actor
        from homologue.documents import normalise_date

        since, until = normalise_date(since, "since"), normalise_date(until, "until")
        with self._store() as store:
            labels = actor_labels(store)
            iri = find_actor(store, actor, labels) if actor else None
            pairs = summarise_contacts(contact_events(store, _confidence(min_confidence)), iri,
                                       since, until)
        return _frame([{
            "actor_a": labels.get(p["actors"][0], p["actors"][0]),
            "actor_b": labels.get(p["actors"][1], p["actors"][1]),
            "contacts": p["contacts"], "first": p["first"], "last": p["last"],
            "modes": ", ".join(p["modes"]),
            "initiated_by": ", ".join(labels.get(i, i) for i in p["initiators"]),
            "sources": ", ".join(p["sources"]),
            "iri_a": p["actors"][0], "iri_b": p["actors"][1], "evidence": p["evidence"],
        } for p in pairs], CONTACT_COLUMNS)

    def timeline(self, actor: str, other: str | None = None, *, since: str | None = None,
                 until: str | None = None, types: str | Iterable[str] | None = None,
                 kinds: str | Iterable[str] | None = None,
                 countries: str | Iterable[str] | None = None, level: str = "person",
                 min_confidence: float = 0.0) -> pd.DataFrame:
        """The events of an actor, or of a pair, oldest first, with the gap since the previous
        one; see :data:`TIMELINE_COLUMNS`. Every event type unless ``types`` says otherwise.
        ``attrs`` holds ``actor`` and ``other`` (the IRIs found) and ``title``.

        >>> t = kg.timeline("Lecornu", "Shoigu")
        >>> t[["date", "precision", "counterpart", "gap"]]
                 date precision    counterpart        gap
        0  2022-10-19       day  Sergei Shoigu       <NA>
        1  2024-04-24       day  Sergei Shoigu  18 months
        >>> t.attrs["title"]
        'Sébastien Lecornu / Sergei Shoigu'
        """
        from homologue.analysis.chronology import timeline as build_timeline
        from homologue.analysis.names import find_actor
        from homologue.analysis.projection import actor_table, read_digests

        with self._store() as store:
            digests = read_digests(store)  # read once for the graph and for each name's state
            g = self._load(store, since, until, types, kinds, countries, level, min_confidence,
                           rows=digests)
            actors = actor_table(store, digests) if level == "state" else None
            who = find_actor(store, actor, actors=actors)
            whom = find_actor(store, other, actors=actors) if other else None
        rows = [{**r, "date": r["date"] or None, "precision": r["precision"] or None,
                 "gap": r["gap"] or None} for r in build_timeline(g, who, whom)]
        frame = _frame(rows, TIMELINE_COLUMNS)
        title = g.nodes[who]["label"] if who in g else who
        if whom:
            title += " / " + (g.nodes[whom]["label"] if whom in g else whom)
        frame.attrs.update(actor=who, other=whom, title=title)
        return frame

    def centrality(self, metric: str = "degree", top: int | None = 20, *,
                   by_period: str | None = None, since: str | None = None,
                   until: str | None = None, types: str | Iterable[str] | None = CONTACT,
                   kinds: str | Iterable[str] | None = None,
                   countries: str | Iterable[str] | None = None, level: str = "person",
                   min_confidence: float = 0.0) -> pd.DataFrame:
        """Actors (or states) ranked by centrality in the contact graph, weighted by the number
        of contacts: rank (equal scores share one), actor (IRI), label, counterparts, contacts,
        then the metric (``all``: degree, betweenness, eigenvector and pagerank). Degree is
        an int64, the others float64. With ``by_period`` (``year`` or ``quarter``): actor,
        label, then the rank in each period (Int64, <NA> when absent).

        >>> kg.centrality(top=3)[["rank", "label", "counterparts", "contacts"]]
           rank              label  counterparts  contacts
        0     1       Lloyd Austin             3         3
        1     2      Sergei Shoigu             2         3
        2     2  Sébastien Lecornu             2         3
        """
        from homologue.analysis.metrics import rank_changes, ranking

        metrics = list(CENTRALITY_METRICS) if metric == "all" else [
            _check(metric, CENTRALITY_METRICS + ("all",), "metric")]
        if by_period is not None:
            _check(by_period, ("year", "quarter"), "period")
        if top is not None and top < 1:
            raise InputError(f"top={top}: give a number of at least 1 (or None for all)")
        with self._store() as store:
            # rank changes need each event's date: the graph of events, not the weighted one
            g = self._load(store, since, until, types, kinds, countries, level, min_confidence,
                           details=False, weighted=not by_period)
        if by_period:
            rows = rank_changes(g, metrics[0], by_period, top=top)
            periods = [k for k in (rows[0] if rows else {}) if k not in ("actor", "label")]
            return _frame(rows, {"actor": "string", "label": "string",
                                 **{p: "Int64" for p in periods}})
        rows = ranking(g, metrics, top=top)
        return _frame(rows, {"rank": "int64", "actor": "string", "label": "string",
                             "counterparts": "int64", "contacts": "int64",
                             **{m: "int64" if m == "degree" else "float64" for m in metrics}})

    def silences(self, min_gap: str = "6m", *, since: str | None = None,
                 until: str | None = None, types: str | Iterable[str] | None = CONTACT,
                 kinds: str | Iterable[str] | None = None,
                 countries: str | Iterable[str] | None = None, level: str = "person",
                 min_confidence: float = 0.0) -> Silences:
        """Contacts that come at least ``min_gap`` (``6m``, ``18m``, ``1y``, ``90d``, ``2w``)
        after the pair's previous one, and the events whose text claims a previous contact
        ("first since October 2022") with the store's verdict. The previous contact may lie
        before ``since``.

        >>> broken, claims = kg.silences("18m")
        >>> broken[["a", "b", "previous", "date", "gap"]].values.tolist()
        [['Sébastien Lecornu', 'Sergei Shoigu', '2022-10-19', '2024-04-24', '18 months']]
        >>> claims[["date", "claimed_since", "verdict"]].values.tolist()
        [['2023-03-15', '2022-10', 'no earlier contact in the store'], ['2024-04-24', '2022-10', 'consistent']]
        """
        from homologue.analysis.chronology import claims, silences
        from homologue.analysis.periods import in_window, parse_gap
        from homologue.documents import normalise_date

        gap = parse_gap(min_gap)
        since = normalise_date(since, "since")
        with self._store() as store:
            g = self._load(store, None, until, types, kinds, countries, level, min_confidence)
        return Silences(
            _frame([r for r in silences(g, gap) if in_window(r["date"], since)], SILENCE_COLUMNS),
            _frame([c for c in claims(g) if in_window(c["date"], since)], CLAIM_COLUMNS))

    def communities(self, seed: int = 42, *, since: str | None = None,
                    until: str | None = None, types: str | Iterable[str] | None = CONTACT,
                    kinds: str | Iterable[str] | None = None,
                    countries: str | Iterable[str] | None = None, level: str = "person",
                    min_confidence: float = 0.0) -> pd.DataFrame:
        """Louvain communities of the weighted contact graph (fixed ``seed``), largest first;
        see :data:`COMMUNITY_COLUMNS`.

        >>> kg.communities()[["community", "size"]].values.tolist()
        [[1, 4], [2, 2], [3, 2]]
        """
        from homologue.analysis.metrics import communities

        with self._store() as store:
            g = self._load(store, since, until, types, kinds, countries, level, min_confidence,
                           details=False, weighted=True)
        groups = communities(g, seed=seed)
        return _frame([{"community": i, "size": len(c),
                        "members": ", ".join(sorted(g.nodes[n]["label"] for n in c)),
                        "iris": c} for i, c in enumerate(groups, 1)], COMMUNITY_COLUMNS)

    def actor(self, name: str) -> Profile:
        """One actor's profile: names, Wikidata id, positions, counterparts, documents.

        >>> p = kg.actor("Сергей Шойгу")
        >>> p.label, p.wikidata, p.kind, p.country, p.contacts, p.first_contact
        ('Sergei Shoigu', 'Q193866', 'Person', 'Russia', 3, '2022-10-19')
        >>> p.counterparts[["counterpart", "total", "CONSULT"]].values.tolist()
        [['Sébastien Lecornu', 2, 2], ['Lloyd Austin', 1, 1]]
        """
        from homologue.analysis.names import find_actor
        from homologue.analysis.profile import contact_summary, describe
        from homologue.analysis.projection import actor_table, load_graph, read_digests

        with self._store() as store:
            digests = read_digests(store)  # read once for the names and for the graph
            labels = {iri: a["label"] for iri, a in actor_table(store, digests).items()}
            iri = find_actor(store, name, labels)
            return Profile({**describe(store, iri, labels),
                            **contact_summary(load_graph(store, rows=digests), iri)})

    def report(self, min_gap: str = "6m", top: int = 10, *, since: str | None = None,
               until: str | None = None, level: str = "person",
               min_confidence: float = 0.0) -> Report:
        """Contacts, top actors, silences broken, claims and monthly counts in one
        :class:`Report` (every event type is counted; contacts are CONSULT events)."""
        from homologue.analysis.periods import parse_gap
        from homologue.analysis.report import report_data

        gap = parse_gap(min_gap)
        with self._store() as store:
            g = self._load(store, since, until, None, None, None, level, min_confidence)
        return Report(report_data(g, gap, top, min_confidence))

    # -- SPARQL --------------------------------------------------------------------------------

    def query(self, sparql: str | Path | None = None, *, name: str | None = None,
              params: Mapping[str, object] | None = None, timeout: float | None = None,
              allow_service: bool = False, format: str | None = None,  # noqa: A002
              **parameters: object) -> Any:
        """Run SPARQL text (or a ``.rq`` file given as a Path), or a named query with its
        parameters as keyword arguments (or ``params``, for names that clash), over the union
        of the stored graphs. Parameters are bound as RDF terms, never pasted into the text;
        a named query's actors are found by name.

        SELECT gives a DataFrame of the values as text, or as numbers (Int64, Float64) in a
        column of numeric literals only (<NA> where unbound); ASK gives a bool,
        CONSTRUCT and DESCRIBE an rdflib Graph. With ``format`` (csv, tsv, json, xml; ttl, nt,
        jsonld... for graphs), the serialised bytes instead.

        >>> kg.query(name="pair-timeline", a="Lecornu", b="Shoigu")["date"].tolist()
        ['2022-10-19', '2024-04-24']
        >>> kg.query("ASK { ?e a <https://w3id.org/homologue/ontology#Consult> }")
        True
        >>> kg.query("SELECT (COUNT(*) AS ?n) "
        ...          "WHERE { ?e a <https://w3id.org/homologue/ontology#Consult> }")
           n
        0  7
        """
        from homologue import sparql as sp

        result = self.query_result(sparql, name=name, params=params, timeout=timeout,
                                   allow_service=allow_service, **parameters)
        if format is not None:
            return sp.format_result(result, format)
        if result.kind == "boolean":
            return bool(result.boolean)
        if result.kind == "graph":
            import rdflib

            return rdflib.Graph().parse(data=sp.serialise_triples(result.triples, "nt"),
                                        format="nt")
        columns = {v: _column_type([row[i] for row in result.rows])
                   for i, v in enumerate(result.variables)}
        return _frame([{v: _value(term, columns[v]) for v, term in zip(result.variables, row)}
                       for row in result.rows], columns)

    def query_result(self, sparql: str | Path | None = None, *, name: str | None = None,
                     params: Mapping[str, object] | None = None, timeout: float | None = None,
                     allow_service: bool = False, **parameters: object) -> QueryResult:
        """The answer of :meth:`query` as held in memory (``kind``, ``variables``, ``rows``
        of RDF terms, ``boolean``, ``triples``), to serialise with
        :func:`homologue.sparql.format_result`."""
        from homologue import sparql as sp

        values = {k: str(v) for k, v in {**(params or {}), **parameters}.items()}
        if bool(name) == (sparql is not None):
            raise InputError("give either SPARQL text (or a .rq file) or name=NAME "
                             "(homologue.named_queries() lists them)")
        named = sp.named_query(name) if name else None
        if isinstance(sparql, Path):
            try:
                sparql = sparql.read_text("utf-8")
            except OSError as exc:
                raise InputError(f"{sparql}: cannot read the query ({exc.strerror})") from None
        text = named.text if named else str(sparql)
        sp.check_allowed(text, allow_service)
        with self._store() as store:
            bindings = sp.bind_parameters(store, named, values)
            return sp.run_query(store, text, bindings, timeout=timeout,
                                allow_service=allow_service)

    # -- files ---------------------------------------------------------------------------------

    def export(self, format: str = "trig") -> bytes:  # noqa: A002
        """The whole store as RDF (ttl, jsonld, nq, trig; Turtle and JSON-LD merge the
        graphs), or the contact graph of :meth:`graph` as graphml, gexf or csv (one edge per
        event)."""
        _check(format, ("ttl", "jsonld", "nq", "trig", "graphml", "gexf", "csv"), "format")
        with self._store() as store:
            if format in ("graphml", "gexf", "csv"):
                from homologue.analysis.exchange import serialise
                from homologue.analysis.projection import load_graph

                return serialise(load_graph(store), format)
            from homologue.export.rdf import export_store

            return export_store(store, format)

    def validate(self) -> Validation:
        """The stored graphs checked against the SHACL shapes."""
        from homologue.export.rdf import merged_graph
        from homologue.rdf.validate import validate_graph

        with self._store() as store:
            graph = merged_graph(store)
        report = validate_graph(graph)
        return Validation(report.conforms, report.violations, report.text, len(graph))

    def view(self, output: str | Path, *, actor: str | None = None, depth: int = 1,
             pair: tuple[str, str] | None = None, level: str = "actor",
             since: str | None = None, until: str | None = None,
             types: str | Iterable[str] | None = None, country: str | None = None,
             color: str = "kind", size: str = "degree", max_nodes: int = 1000,
             min_confidence: float = 0.0) -> dict:
        """Write an interactive HTML view (one file that works offline) to ``output``;
        returns the page's data: ``nodes``, ``edges`` (each with its event ``count``) and
        ``omitted`` (what a reduced view left out, or None)."""
        from homologue.documents import normalise_date
        from homologue.export.view import ViewSpec, write_view

        spec = ViewSpec(actor=actor, depth=depth, pair=tuple(pair) if pair else None,
                        level=level, since=normalise_date(since, "since"),
                        until=normalise_date(until, "until"), types=_names(types),
                        country=country, color=color, size=size, max_nodes=max_nodes,
                        min_confidence=_confidence(min_confidence))
        with self._store() as store:
            return write_view(store, output, spec)

    def server(self, host: str = "127.0.0.1", port: int = 7878, *, allow_update: bool = False,
               allow_service: bool = False, timeout: float = 60.0) -> Any:
        """A SPARQL 1.1 Protocol server over the store (``/sparql``; ``/update`` with
        ``allow_update``), not yet started: call its ``serve_forever()``, then
        ``server_close()``. The store stays open as long as the server."""
        from homologue.serve import make_server
        from homologue.store import open_store

        return make_server(open_store(self.location, read_only=not allow_update), host, port,
                           allow_update=allow_update, allow_service=allow_service,
                           timeout=timeout)


@dataclass(frozen=True)
class Validation:
    """The SHACL verdict on a store: ``text`` is the validation report when it does not
    conform."""

    conforms: bool
    violations: int
    text: str
    triples: int


XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger",
                              "positiveInteger", "negativeInteger", "nonPositiveInteger")}
DECIMALS = {XSD + t for t in ("decimal", "double", "float")}


def _cluster_spec(cluster: str | None, workers: int | None) -> Any:
    """The parsed ``cluster`` argument (None without one); distributed is imported only here."""
    if cluster is None:
        return None
    if workers is not None:
        raise InputError("give --workers or --cluster, not both: a cluster's workers extract "
                         "(local:N sets how many)")
    from homologue.cluster import parse_cluster

    return parse_cluster(cluster)


def _connect(spec: Any) -> contextlib.AbstractContextManager:
    """A client of the cluster ``spec`` for the length of the ingest (nothing without one)."""
    if spec is None:
        return contextlib.nullcontext()
    from homologue.cluster import connect

    return connect(spec)


def _column_type(terms: Sequence[object]) -> str:
    """Int64 or Float64 for a column whose bound values are all numeric literals (COUNT,
    SUM...), else string."""
    kinds = {getattr(getattr(t, "datatype", None), "value", None) for t in terms
             if t is not None}
    if kinds and kinds <= INTEGERS:
        return "Int64"
    if kinds and kinds <= INTEGERS | DECIMALS:
        return "Float64"
    return "string"


def _value(term: object, column: str) -> object:
    """An RDF term as the column holds it: a number, or its value as text (blank nodes as
    ``_:id``, as the CLI's table shows them); None when unbound."""
    if term is None:
        return None
    if column == "Int64":
        return int(term.value)
    if column == "Float64":
        return float(term.value)
    value = getattr(term, "value", None)
    if value is None:
        return str(term)
    return f"_:{value}" if type(term).__name__ == "BlankNode" else value


def named_queries() -> pd.DataFrame:
    """The bundled named queries: name, title, description, parameters (``name: kind``,
    ``*`` when required), example.

    >>> "pair-timeline" in named_queries()["name"].tolist()
    True
    """
    from homologue.sparql import named_queries as bundled

    return _frame([{"name": q.name, "title": q.title, "description": q.description,
                    "parameters": ", ".join(f"{p.name}: {p.kind}{'*' if p.required else ''}"
                                            for p in q.parameters),
                    "example": q.example} for q in bundled().values()],
                  {"name": "string", "title": "string", "description": "string",
                   "parameters": "string", "example": "string"})
