"""The ``homologue`` command: a thin click shell over the Python API (:mod:`homologue.api`).

Each command parses its options, calls one method of :class:`homologue.api.KnowledgeGraph` (or
:mod:`homologue.events`), and formats the answer.

Data goes to stdout, progress and messages to stderr. Errors a user can fix are printed on one
line, prefixed with ``Error:``, with a non-zero exit status, never as a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from pathlib import Path

import click

from homologue import __version__
from homologue.errors import HomologueError, InputError

STORE_HELP = "Store folder, or URL of a SPARQL server (default ./homologue-store, or $HOMOLOGUE_STORE)."


class Context:
    """Options shared by every command, and the knowledge graph they name."""

    def __init__(self, store: str | None, actors: tuple[str, ...]) -> None:
        from homologue.api import KnowledgeGraph

        self.kg = KnowledgeGraph(store, actors)

    def extractor(self):
        click.echo("Loading the gazetteer and language models…", err=True)
        return self.kg.extractor()


pass_context = click.make_pass_decorator(Context)


def min_confidence_option(what: str = "events", stored: bool = True):
    """--min-confidence, shared by extract and the commands that read the store (where the
    confidence is each report's: see analysis.projection.event_rows)."""
    source = (" (0 to 1, as 'extract' prints it) is at least this; 0 keeps everything. An "
              "event reported by several documents stays if one report is that confident."
              if stored else " (0 to 1) is at least this; 0 keeps everything.")
    return click.option(
        "--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
        metavar="FLOAT", help=f"Only {what} whose confidence{source}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="homologue")
@click.option("--store", envvar="HOMOLOGUE_STORE", default=None, help=STORE_HELP)
@click.option("--actors", "actors", multiple=True, type=click.Path(dir_okay=False),
              help="An extra gazetteer file (Turtle); may be given several times.")
@click.pass_context
def cli(ctx: click.Context, store: str | None, actors: tuple[str, ...]) -> None:
    """Homologue: who contacted whom, from French and English news, as an RDF graph."""
    ctx.obj = Context(store, actors)


def main() -> None:
    """Entry point: turn the errors users can fix into one-line messages."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except HomologueError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)


# -- extract and ingest -------------------------------------------------------------------------

SKIPPED_STATUS = 3  # extract: some inputs were skipped, the others' events were printed


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl",
              show_default=True)
@click.option("--lang", type=click.Choice(["fr", "en"]), help="Language, if not detected.")
@min_confidence_option(stored=False)
@pass_context
def extract(obj: Context, paths: tuple[str, ...], fmt: str, lang: str | None,
            min_confidence: float) -> None:
    """Extract events from articles and print them; nothing is stored.

    PATHS are files (text, Markdown with front matter, JSON Lines), folders, or - for stdin.
    A bad file or line, or a document whose language cannot be told (give --lang), is named
    on stderr and skipped; the others are extracted. Exit status 0 when every input was read,
    3 when some were skipped, 1 when none could be read.
    """
    from homologue.events import iter_events

    skipped = _SkipReporter()
    rows = []
    for event in iter_events(paths, lang, extractor=obj.extractor, on_skip=skipped,
                             min_confidence=min_confidence):
        if fmt == "jsonl":
            click.echo(json.dumps(event.to_dict(), ensure_ascii=False))
        else:
            rows.append(event.to_dict())
    if fmt == "table":
        _echo_table([{
            "doc": r["doc"], "type": r["type"], "mode": r["mode"] or "",
            "source": (r["source"] or {}).get("label", ""),
            "target": (r["target"] or {}).get("label", ""),
            "date": r["date"] or "", "conf": f"{r['confidence']:.2f}",
        } for r in rows])
    if skipped.reasons:
        click.echo(_skipped_line(skipped.reasons, "extracted"), err=True)
        sys.exit(SKIPPED_STATUS)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--lang", type=click.Choice(["fr", "en"]), help="Language, if not detected.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes for extraction (default: one per core, fewer for small "
                   "inputs: one per 16 documents).")
@click.option("--cluster", metavar="local:N|tcp://HOST:PORT", default=None,
              help="Extract on a Dask cluster instead: local:N starts N worker processes here; "
                   "tcp://HOST:8786 uses a running scheduler whose workers have homologue and "
                   "its models installed.")
@pass_context
def ingest(obj: Context, paths: tuple[str, ...], lang: str | None, workers: int | None,
           cluster: str | None) -> None:
    """Extract events from articles and store them (one graph per document).

    Re-ingesting an unchanged document changes nothing; an edited one replaces its graph, and
    an interrupted ingest, run again, resumes where it stopped. Documents are read one at a
    time, so memory does not grow with their number. A bad file or line is named on stderr
    and skipped; the others are ingested. So is a document that a cluster failed to extract
    (its workers kept dying): run the ingest again to retry it.
    """
    skipped = _SkipReporter()
    with _ProgressBar("Ingesting") as bar:
        result = obj.kg.ingest(paths, lang, workers, cluster=cluster, progress=bar,
                               on_skip=skipped, extractor=obj.extractor)
    click.echo(result.summary, err=True)
    if result.skipped:
        click.echo(_skipped_line(result.skipped, "ingested"), err=True)


class _SkipReporter:
    """Each skipped input on stderr as ``skipped: <file>[:<line>]: <reason>``, kept."""

    def __init__(self) -> None:
        self.reasons: list[str] = []

    def __call__(self, reason: str) -> None:
        self.reasons.append(reason)
        click.echo(f"skipped: {reason}", err=True)


def _skipped_line(reasons: list[str], done: str) -> str:
    return (f"{len(reasons)} input{'s' if len(reasons) != 1 else ''} skipped (reasons above); "
            f"every other document was {done}")


class _ProgressBar:
    """A progress bar on stderr, drawn from the first ``(done, total)`` call, with the rate."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar = None
        self.start = 0.0

    def __enter__(self) -> _ProgressBar:
        return self

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.start = time.perf_counter()
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr,
                                         show_pos=True, show_eta=True, item_show_func=self.rate)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos, done)

    def rate(self, _done: object) -> str:
        seconds = time.perf_counter() - self.start
        return f"{self.bar.pos / seconds:.1f} docs/s" if seconds > 0 and self.bar.pos else ""

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


# -- reports -----------------------------------------------------------------------------------

CONTACT_COLUMNS = ["actor_a", "actor_b", "contacts", "first", "last", "modes", "initiated_by",
                   "sources"]


@cli.command()
@click.option("--actor", help="Only contacts of this actor (name or IRI).")
@click.option("--since", help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Up to this date.")
@min_confidence_option("contacts")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "md"]),
              default="table", show_default=True)
@pass_context
def contacts(obj: Context, actor: str | None, since: str | None, until: str | None,
             min_confidence: float, fmt: str) -> None:
    """Who contacted whom: each pair, how often, first and last date, modes, sources."""
    pairs = _records(obj.kg.contacts(actor, _date(since, "--since"), _date(until, "--until"),
                                     min_confidence=min_confidence))
    rows = [{k: "" if p[k] is None else p[k] for k in CONTACT_COLUMNS} for p in pairs]
    if fmt == "json":
        click.echo(json.dumps([dict(r, actors=[p["iri_a"], p["iri_b"]], evidence=p["evidence"])
                               for r, p in zip(rows, pairs)], ensure_ascii=False, indent=2))
    else:
        _echo_rows(rows, fmt)
    if not rows:
        click.echo("No contacts found.", err=True)


def _date(value: str | None, option: str) -> str | None:
    """A date option checked here, so that its error names the option."""
    from homologue.documents import normalise_date

    return normalise_date(value, option)


def _records(frame) -> list[dict]:
    """A DataFrame's rows as plain Python values (<NA> as None)."""
    import pandas as pd

    return [{k: None if v is pd.NA else v for k, v in row.items()}
            for row in frame.to_dict("records")]


# -- SPARQL: named queries, serve, import ---------------------------------------------------------


@cli.command()
@click.argument("sparql", required=False)
@click.option("-n", "--name", help="Run a named query (see --list) instead of SPARQL text.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter, bound as an RDF term (never pasted into the query); repeatable.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and exit.")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "tsv", "json", "xml", "ttl", "nt", "n3",
                                 "jsonld", "nq", "trig"]),
              help="table, csv, tsv, json (SPARQL results JSON), xml; for CONSTRUCT and DESCRIBE "
                   "any RDF format (ttl, nt, n3, xml, jsonld, nq, trig).")
@click.option("--allow-service", is_flag=True,
              help="Allow SERVICE clauses (they make the store fetch from other hosts).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Stop the query after this many seconds.")
@pass_context
def query(obj: Context, sparql: str | None, name: str | None, params: tuple[str, ...],
          list_queries: bool, fmt: str, allow_service: bool, timeout: float | None) -> None:
    """Run a SPARQL query (text, a .rq file, or - for stdin) or a named query over all the
    stored graphs (the default graph is their union).

    \b
    homologue query --list
    homologue query --name actor-contacts --param actor="Sébastien Lecornu"
    homologue query 'SELECT ?s WHERE { ?s a <https://w3id.org/homologue/ontology#Consult> }'
    """
    from homologue import sparql as sp

    if list_queries:
        click.echo(sp.describe_named_queries(), nl=False)
        return
    if bool(name) == bool(sparql):
        raise InputError("give either SPARQL text (or a .rq file) or --name NAME "
                         "('homologue query --list' shows the named queries)")
    result = obj.kg.query_result(_read_query(sparql) if sparql else None, name=name,
                                 params=sp.parse_params(params), timeout=timeout,
                                 allow_service=allow_service)
    out = sp.format_result(result, fmt)
    if isinstance(out, list):
        _echo_table(out, result.variables)
    else:
        sys.stdout.buffer.write(out)
        sys.stdout.flush()
    if result.kind == "solutions" and not result.rows:
        click.echo("No results.", err=True)


def _read_query(sparql: str) -> str:
    if sparql == "-":
        return sys.stdin.read()
    path = Path(sparql)
    if sparql.endswith(".rq") or (len(sparql) < 250 and "{" not in sparql and path.is_file()):
        try:
            return path.read_text("utf-8")
        except OSError as exc:
            raise InputError(f"{path}: cannot read the query ({exc.strerror})") from None
    return sparql


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default: only this machine can connect).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True)
@click.option("--allow-update", is_flag=True, help="Accept SPARQL updates (read-only otherwise).")
@click.option("--allow-service", is_flag=True, help="Allow SERVICE clauses in queries.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0,
              show_default=True, help="Longest a query may run, in seconds.")
@pass_context
def serve(obj: Context, host: str, port: int, allow_update: bool, allow_service: bool,
          timeout: float) -> None:
    """Serve the store as a SPARQL 1.1 Protocol endpoint (/sparql; /update with --allow-update).

    Any SPARQL client works with it: YASGUI, SPARQLWrapper, rdflib's SPARQLStore, curl.
    """
    server = obj.kg.server(host, port, allow_update=allow_update, allow_service=allow_service,
                           timeout=timeout)
    bound_host, bound_port = server.server_address[:2]
    click.echo(f"SPARQL endpoint: http://{bound_host}:{bound_port}/sparql "
               f"({'read-write' if allow_update else 'read-only'}); Ctrl-C stops it.", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        server.server_close()


@cli.command("import")
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["nq", "trig"]), default=None,
              help="nq or trig (default: from the file name).")
@pass_context
def import_(obj: Context, path: str, fmt: str | None) -> None:
    """Load a whole dataset (N-Quads or TriG, e.g. from 'homologue export') into the store.

    Graphs in the file replace the store's graphs of the same name; others are kept. PATH may
    be - for stdin.
    """
    click.echo(obj.kg.import_dataset(path, fmt), err=True)


# -- views (interactive HTML) ----------------------------------------------------------------------


@cli.command()
@click.option("-o", "--output", default="exports/contacts.html", show_default=True,
              type=click.Path(dir_okay=False), help="HTML file to write.")
@click.option("--actor", help="Only this actor's neighbourhood (name, label or IRI).")
@click.option("--depth", type=click.IntRange(1, 5), default=1, show_default=True,
              help="Neighbourhood radius for --actor.")
@click.option("--pair", nargs=2, metavar="A B", help="Only the history between two actors.")
@click.option("--level", type=click.Choice(["actor", "state"]), default="actor",
              show_default=True,
              help="state: count each person for the state they served at the event date.")
@click.option("--since", help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Up to this date.")
@click.option("--type", "types", multiple=True,
              help="Only these event types (CONSULT, ACCUSE...); repeat or separate by commas.")
@click.option("--country", help="Only events involving this country (name or code, e.g. FRA).")
@click.option("--color", "color", type=click.Choice(["kind", "country"]), default="kind",
              show_default=True, help="Node colour.")
@click.option("--size", type=click.Choice(["degree", "pagerank"]), default="degree",
              show_default=True, help="Node size: centrality measure.")
@click.option("--max-nodes", type=click.IntRange(2, 20000), default=1000, show_default=True,
              help="Beyond this, keep the most central actors and say so in the page.")
@min_confidence_option("events")
@pass_context
def view(obj: Context, output: str, actor: str | None, depth: int,
         pair: tuple[str, str] | None, level: str, since: str | None, until: str | None,
         types: tuple[str, ...], country: str | None, color: str, size: str,
         max_nodes: int, min_confidence: float) -> None:
    """Write an interactive HTML view of the graph (one file that works offline)."""
    page = obj.kg.view(output, actor=actor, depth=depth, pair=pair, level=level,
                       since=_date(since, "--since"), until=_date(until, "--until"),
                       types=types, country=country, color=color, size=size,
                       max_nodes=max_nodes, min_confidence=min_confidence)
    counts = {"actor": len(page["nodes"]), "link": len(page["edges"]),
              "event": sum(e["count"] for e in page["edges"])}
    click.echo(f"Wrote {output} (" + ", ".join(
        f"{n} {word}{'' if n == 1 else 's'}" for word, n in counts.items()) + ").", err=True)
    if page["omitted"]:
        left = page["omitted"]
        click.echo(f"Reduced view: {left['actors']} less central actors left out; narrow it "
                   "with --actor, --since/--until, --type or --country, or raise --max-nodes.",
                   err=True)
    if not page["nodes"]:
        click.echo("No events match: the page is empty.", err=True)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "jsonld", "nq", "trig", "graphml",
                                                   "gexf", "csv"]),
              default="trig", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="File to write (default: stdout).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@pass_context
def export(obj: Context, fmt: str, output: str | None, force: bool) -> None:
    """Export the whole store as RDF (Turtle and JSON-LD merge the graphs), or the contact
    graph as GraphML, GEXF or CSV (one edge per event, for Gephi, Cytoscape, pandas)."""
    from homologue.output import check_output, write_output

    if output:
        check_output(output, force)  # refuse to overwrite (or follow a link) before any work
    data = obj.kg.export(fmt)
    if output:
        write_output(output, data, force)  # atomic; a link is replaced, never followed
        click.echo(f"Wrote {output} ({len(data)} bytes).", err=True)
    else:
        sys.stdout.buffer.write(data)


@cli.command()
@pass_context
def validate(obj: Context) -> None:
    """Check the stored graphs against the SHACL shapes (exit 1 if they do not conform)."""
    result = obj.kg.validate()
    if result.conforms:
        click.echo(f"The store conforms to the shapes ({result.triples} triples checked).")
        return
    click.echo(result.text)
    raise HomologueError(f"the store does not conform: {result.violations} violations")


# -- evaluation (extraction area) ----------------------------------------------------------------


@cli.command()
@click.argument("gold", type=click.Path(dir_okay=False))
@click.option("--level", type=click.Choice(["type", "country", "name", "full"]), default="full",
              show_default=True, help="What must agree: type; and actors' countries; "
                                      "and names; and dates.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--summary", is_flag=True, help="Totals and types only, without the event lists.")
@click.option("--lang", type=click.Choice(["fr", "en"]),
              help="Score the documents of this language only.")
@pass_context
def evaluate(obj: Context, gold: str, level: str, fmt: str, summary: bool,
             lang: str | None) -> None:
    """Score extraction against a gold file: precision, recall and F1, overall and per type,
    with the misses, the spurious events and any forbidden statement matched."""
    from homologue.evaluate import evaluate as run_evaluate
    from homologue.evaluate import format_report, load_gold

    load_gold(gold)  # fail on a bad gold file before loading the models
    report = run_evaluate(gold, obj.extractor(), level, lang)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    else:
        click.echo(format_report(report, details=not summary))


# -- contact analysis (timeline, centrality, actor, silences, communities, report) ---------------


def _analysis_options(default_types: str | None):
    """--since/--until/--type/--kind/--country/--level, shared by the analysis commands."""
    def decorate(func):
        options = [
            click.option("--since", help="From this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
            click.option("--until", help="Up to this date."),
            click.option("--type", "types", multiple=True, default=(default_types,)
                         if default_types else (), show_default=bool(default_types),
                         help="Event type (CONSULT, ACCUSE...; 'all' for every type); repeatable."),
            click.option("--kind", "kinds", multiple=True,
                         help="Keep events between actors of this kind (person, state...)."),
            click.option("--country", "countries", multiple=True,
                         help="Keep events with one side from this country (code, e.g. FRA)."),
            click.option("--level", type=click.Choice(["person", "state"]), default="person",
                         show_default=True,
                         help="Nodes: actors, or the states they served at the date."),
            min_confidence_option("events"),
        ]
        for option in reversed(options):
            func = option(func)
        return func
    return decorate


def _filters(since, until, types, kinds, countries, level, min_confidence) -> dict:
    """The analysis options as the API's keyword arguments (dates checked here, so that their
    errors name the option)."""
    return {"since": _date(since, "--since"), "until": _date(until, "--until"), "types": types,
            "kinds": kinds, "countries": countries, "level": level,
            "min_confidence": min_confidence}


def _write_output(path: str, data: bytes) -> None:
    from homologue.output import write_output

    write_output(path, data, force=True)
    click.echo(f"Wrote {path} ({len(data)} bytes).", err=True)


TIMELINE_COLUMNS = ["date", "precision", "type", "mode", "direction", "counterpart", "gap",
                    "docs", "evidence"]


@cli.command()
@click.argument("actor")
@click.argument("other", required=False)
@_analysis_options(None)
@click.option("--format", "fmt", type=click.Choice(["table", "md", "csv", "json"]),
              default="table", show_default=True)
@click.option("--chart", type=click.Path(dir_okay=False), help="Also draw it (FILE.png or .svg).")
@pass_context
def timeline(obj: Context, actor: str, other: str | None, since, until, types, kinds, countries,
             level, min_confidence, fmt: str, chart: str | None) -> None:
    """Chronology of an actor, or of a pair: date, type, mode, counterpart, gap, evidence."""
    from homologue.analysis.charts import chart_format, timeline_chart

    chart_fmt = chart_format(chart) if chart else None
    frame = obj.kg.timeline(actor, other, **_filters(since, until, types, kinds, countries,
                                                     level, min_confidence))
    rows = [{**r, **{k: r[k] or "" for k in ("date", "precision", "gap")}}
            for r in _records(frame)]
    if fmt == "json":
        click.echo(json.dumps({"actor": frame.attrs["actor"], "other": frame.attrs["other"],
                               "events": rows}, ensure_ascii=False, indent=2))
    else:
        _echo_rows([{k: r[k] for k in TIMELINE_COLUMNS} for r in rows], fmt,
                   columns=TIMELINE_COLUMNS)
    if not rows:
        click.echo(f"No events for {frame.attrs['title']}.", err=True)
    if chart:
        _write_output(chart, timeline_chart(rows, frame.attrs["title"], chart_fmt))


@cli.command()
@click.option("--metric", type=click.Choice(["degree", "betweenness", "eigenvector", "pagerank",
                                             "all"]), default="degree", show_default=True)
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--by-period", type=click.Choice(["year", "quarter"]),
              help="Rank in each year or quarter instead, to see how ranks change.")
@_analysis_options("CONSULT")
@click.option("--format", "fmt", type=click.Choice(["table", "md", "csv", "json"]),
              default="table", show_default=True)
@pass_context
def centrality(obj: Context, metric: str, top: int, by_period: str | None, since, until, types,
               kinds, countries, level, min_confidence, fmt: str) -> None:
    """Rank actors (or states) by centrality in the contact graph."""
    rows = _records(obj.kg.centrality(metric, top, by_period=by_period, **_filters(
        since, until, types, kinds, countries, level, min_confidence)))
    if by_period:
        if fmt != "json":
            rows = [{k: ("" if v is None else v) for k, v in r.items() if k != "actor"}
                    for r in rows]
    else:
        for r in rows:
            for m in ("betweenness", "eigenvector", "pagerank"):
                if m in r:
                    r[m] = round(r[m], 6)
        if fmt != "json":
            rows = [{k: v for k, v in r.items() if k != "actor"} for r in rows]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        _echo_rows(rows, fmt)
    if not rows:
        click.echo("No contacts found.", err=True)


@cli.command()
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@pass_context
def actor(obj: Context, name: str, fmt: str) -> None:
    """Profile of one actor: names, Wikidata id, positions, counterparts, documents."""
    profile = obj.kg.actor(name).to_dict()
    if fmt == "json":
        click.echo(json.dumps(profile, ensure_ascii=False, indent=2))
        return
    click.echo(f"{profile['label']}  ({profile['kind'] or 'actor'}"
               + (f", {profile['country']}" if profile["country"] else "") + ")")
    click.echo(f"  IRI:       {profile['iri']}")
    click.echo(f"  Wikidata:  {profile['wikidata'] or '-'}")
    click.echo(f"  Labels:    {', '.join(profile['labels'])}")
    if profile["aliases"]:
        click.echo(f"  Aliases:   {', '.join(profile['aliases'])}")
    click.echo(f"  Contacts:  {profile['contacts']} (first {profile['first_contact'] or '-'}, "
               f"last {profile['last_contact'] or '-'})")
    click.echo("\nPositions")
    _echo_table([{"role": p["role"], "for": p["country"], "from": p["start"],
                  "to": p["end"] or "…"} for p in profile["positions"]]
                or [{"role": "(none in the gazetteer)"}])
    click.echo("\nCounterparts (events by type)")
    rows = [{k: v for k, v in r.items() if k != "iri"} for r in profile["counterparts"]]
    columns = ["counterpart", "total"] + sorted({k for r in rows for k in r} - {"counterpart",
                                                                                 "total"})
    _echo_table(rows or [{"counterpart": "(none)"}], columns if rows else None)
    click.echo("\nDocuments mentioning the actor")
    _echo_table([{"document": d["id"], "date": d["issued"] or "", "title": d["title"] or ""}
                 for d in profile["documents"]] or [{"document": "(none)"}])


@cli.command()
@click.option("--min-gap", default="6m", show_default=True,
              help="Shortest silence worth showing: 6m, 18m, 1y, 90d, 2w.")
@_analysis_options("CONSULT")
@click.option("--format", "fmt", type=click.Choice(["table", "md", "csv", "json"]),
              default="table", show_default=True)
@pass_context
def silences(obj: Context, min_gap: str, since, until, types, kinds, countries, level,
             min_confidence, fmt: str) -> None:
    """Contacts that break a long silence, and the text's own "first since" claims."""
    broken, claims = obj.kg.silences(min_gap, **_filters(since, until, types, kinds, countries,
                                                         level, min_confidence))
    rows, said = _records(broken), _records(claims)
    if fmt == "json":
        click.echo(json.dumps({"silences": rows, "claims": said}, ensure_ascii=False, indent=2))
        return
    columns = ["a", "b", "previous", "date", "gap", "mode", "claimed_since", "docs"]
    if fmt == "table":
        click.echo(f"Silences of at least {min_gap} broken")
    if rows or fmt != "table":
        _echo_rows(rows, fmt, columns=columns)
    else:
        click.echo("  (none)")
    if fmt == "csv":
        return
    click.echo("")
    if fmt == "table":
        click.echo('Claims in the text ("first since ...") beside the store')
    if said or fmt != "table":
        _echo_rows(said, fmt, columns=["a", "b", "date", "claimed_since", "store_previous",
                                       "verdict", "docs"])
    else:
        click.echo("  (none)")


@cli.command()
@_analysis_options("CONSULT")
@click.option("--seed", type=int, default=42, show_default=True, help="Louvain random seed.")
@click.option("--format", "fmt", type=click.Choice(["table", "md", "csv", "json"]),
              default="table", show_default=True)
@pass_context
def communities(obj: Context, since, until, types, kinds, countries, level, min_confidence,
                seed: int, fmt: str) -> None:
    """Louvain communities of the contact graph, with their members."""
    groups = _records(obj.kg.communities(seed, **_filters(since, until, types, kinds, countries,
                                                          level, min_confidence)))
    rows = [{k: v for k, v in g.items() if k != "iris"} for g in groups]
    if fmt == "json":
        click.echo(json.dumps(groups, ensure_ascii=False, indent=2))
    elif fmt == "table":
        for r in rows:
            click.echo(f"{r['community']:>3}  ({r['size']})  {r['members']}")
    else:
        _echo_rows(rows, fmt)
    if not rows:
        click.echo("No contacts found.", err=True)


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="FILE.md (charts written beside it as PNG) or FILE.html (charts embedded); "
                   "default: Markdown on stdout, without charts.")
@click.option("--min-gap", default="6m", show_default=True, help="Silences worth reporting.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--since", help="From this date.")
@click.option("--until", help="Up to this date.")
@click.option("--level", type=click.Choice(["person", "state"]), default="person",
              show_default=True)
@min_confidence_option("events")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@pass_context
def report(obj: Context, output: str | None, min_gap: str, top: int, since, until, level,
           min_confidence: float, force: bool) -> None:
    """One document: contacts, top actors, silences broken, monthly counts, charts."""
    from homologue.analysis.periods import parse_gap

    parse_gap(min_gap)  # a bad gap is refused before the output is checked
    if output and not output.lower().endswith((".md", ".html", ".htm")):
        raise InputError(f"{output}: the report is written as .md or .html")
    if output and Path(output).exists() and not force:
        raise InputError(f"{output} exists: use --force to overwrite it")
    result = obj.kg.report(min_gap, top, since=_date(since, "--since"),
                           until=_date(until, "--until"), level=level,
                           min_confidence=min_confidence)
    if not output:
        click.echo(result.markdown(), nl=False)
        return
    for path, size in result.save(output, force=True).items():
        click.echo(f"Wrote {path} ({size} bytes).", err=True)


# -- output helpers ------------------------------------------------------------------------------


def _echo_rows(rows: list[dict], fmt: str, columns: list[str] | None = None) -> None:
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns or (list(rows[0]) if rows else []))
        writer.writeheader()
        writer.writerows(rows)
        click.echo(out.getvalue(), nl=False)
    elif fmt == "md":
        cols = columns or (list(rows[0]) if rows else [])
        click.echo("| " + " | ".join(cols) + " |")
        click.echo("|" + "---|" * len(cols))
        for row in rows:
            click.echo("| " + " | ".join(str(row.get(c, "")).replace("|", "\\|") for c in cols) + " |")
    else:
        _echo_table(rows, columns)


def _echo_table(rows: list[dict], columns: list[str] | None = None) -> None:
    cols = columns or (list(rows[0]) if rows else [])
    if not cols:
        return
    cells = [[str(r.get(c, "") if r.get(c) is not None else "").replace("\n", " ") for c in cols]
             for r in rows]
    widths = [min(60, max([len(c)] + [len(row[i]) for row in cells])) for i, c in enumerate(cols)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in cells:
        click.echo("  ".join(_clip(v, w).ljust(w) for v, w in zip(row, widths)).rstrip())


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
