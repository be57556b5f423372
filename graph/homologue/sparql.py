"""SPARQL for analysts: named queries with typed parameters, safe binding, refusing SERVICE,
time limits and result formats, the same over the embedded store and a SPARQL server.

Parameters are bound as RDF terms, never as text: each value becomes a validated
:mod:`pyoxigraph` term, serialised with every quote, backslash and control character escaped,
in a ``VALUES`` block placed (by the tokenizer below) at the start of each group graph pattern
that uses the variable. Oxigraph's own ``substitutions`` would do for the embedded store, but it
binds only the outermost pattern (a parameter used in a sub-query or a ``UNION`` branch stays
free) and requires the variable in the projection; one mechanism for both stores keeps their
answers identical.
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources

import pyoxigraph as ox

from homologue.errors import InputError, QueryError

XSD = "http://www.w3.org/2001/XMLSchema#"
HOM_NS = "https://w3id.org/homologue/ontology#"

SOLUTION_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "n3": ox.RdfFormat.N3,
    "xml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD, "json": ox.RdfFormat.JSON_LD,
    "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
}
OUTPUT_FORMATS = ("table", "csv", "tsv", "json", "xml", "ttl", "nt", "n3", "jsonld", "nq", "trig")
PARAMETER_KINDS = ("actor", "date", "event-type", "string", "iri", "integer")


# -- named queries ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    required: bool
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped in ``ontology/queries/NAME.rq``, described by its comment header."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    example: str
    text: str


_HEADER = re.compile(r"#\s*(title|description|example):\s*(.*)")
_PARAM = re.compile(r"#\s*param\s+(\w+):\s*([\w-]+)(,\s*required)?\s*(?:[—-]+\s*(.*))?")


def parse_named_query(name: str, text: str) -> NamedQuery:
    """Read the ``# title:``, ``# description:``, ``# param NAME: KIND[, required] — text``
    and ``# example:`` lines at the top of a query file."""
    fields: dict[str, str] = {}
    parameters = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _PARAM.match(line):
            kind = match.group(2)
            if kind not in PARAMETER_KINDS:
                raise QueryError(f"{name}.rq: parameter {match.group(1)} has unknown kind "
                                 f"{kind!r} (one of {', '.join(PARAMETER_KINDS)})")
            parameters.append(Parameter(match.group(1), kind, bool(match.group(3)),
                                        (match.group(4) or "").strip()))
        elif match := _HEADER.match(line):
            fields[match.group(1)] = match.group(2).strip()
    return NamedQuery(name, fields.get("title", name), fields.get("description", ""),
                      tuple(parameters), fields.get("example", ""), text)


def named_queries() -> dict[str, NamedQuery]:
    """The bundled named queries, by name (the file name without ``.rq``)."""
    folder = resources.files("homologue.ontology.queries")
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            out[name] = parse_named_query(name, entry.read_text("utf-8"))
    return out


def named_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no named query {name!r}: 'homologue query --list' shows them "
                         f"({', '.join(queries)})")
    return queries[name]


# -- parameters as RDF terms -----------------------------------------------------------------


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """``name=value`` options as a dict (the value may contain ``=``)."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise InputError(f"--param {pair!r}: write it as NAME=VALUE, e.g. "
                             f"--param actor=\"Sébastien Lecornu\"")
        out[name] = value
    return out


def bind_parameters(store, query: NamedQuery | None, values: dict[str, str]) -> dict[str, object]:
    """Turn ``--param`` values into RDF terms: actors resolved to their IRI from the store's
    labels, dates checked, event types mapped to their class. Without a named query (plain
    SPARQL), ``<iri>`` gives an IRI and anything else a plain literal."""
    if query is None:
        return {name: _plain_term(value) for name, value in values.items()}
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        accepted = ", ".join(declared) or "none"
        raise InputError(f"{query.name} has no parameter {unknown[0]!r} (it takes: {accepted})")
    missing = [p.name for p in query.parameters if p.required and not values.get(p.name)]
    if missing:
        raise InputError(f"{query.name} needs --param {missing[0]}=… "
                         f"(see 'homologue query --list')")
    bound: dict[str, object] = {}
    labels: dict[str, list[tuple[str, str]]] | None = None
    for name, value in values.items():
        kind = declared[name].kind
        if kind == "actor":
            labels = labels if labels is not None else actor_labels(store)
            bound[name] = ox.NamedNode(resolve_actor(labels, value))
        else:
            bound[name] = typed_term(kind, value, f"--param {name}")
    return bound


def typed_term(kind: str, value: str, where: str) -> object:
    """One parameter value as an RDF term of the declared kind (not ``actor``)."""
    from homologue.documents import normalise_date

    if kind == "date":
        return ox.Literal(normalise_date(value, where))
    if kind == "event-type":
        from homologue.rdf.namespace import EVENT_TYPES

        name = value.strip().upper()
        if name not in EVENT_TYPES:
            raise InputError(f"{where}: unknown event type {value!r} "
                             f"(one of {', '.join(EVENT_TYPES)})")
        return ox.NamedNode(HOM_NS + name.capitalize())
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise InputError(f"{where}: expected a whole number, got {value!r}")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "iri":
        return _iri(value.strip().strip("<>"), where)
    return ox.Literal(value)


def _plain_term(value: str) -> object:
    if value.startswith("<") and value.endswith(">"):
        return _iri(value[1:-1], "--param")
    return ox.Literal(value)


def _iri(text: str, where: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(text)
    except ValueError as exc:
        raise InputError(f"{where}: not a valid IRI {text!r} ({exc})") from None


ACTOR_LABELS_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?actor ?label WHERE { ?actor skos:prefLabel|skos:altLabel ?label .
  FILTER(STRSTARTS(STR(?actor), "https://w3id.org/homologue/actor/")) }
"""


def actor_labels(store) -> dict[str, list[tuple[str, str]]]:
    """Every actor label (preferred and alternative) in the store: folded label → actors."""
    from homologue.rdf.gazetteer import fold

    out: dict[str, list[tuple[str, str]]] = {}
    for solution in store.query(ACTOR_LABELS_QUERY):
        label = solution["label"].value
        out.setdefault(fold(label), []).append((solution["actor"].value, label))
    return out


def resolve_actor(labels: dict[str, list[tuple[str, str]]], name: str) -> str:
    """The IRI of the actor called ``name`` (any label; case and accents ignored), or of the
    IRI given; an unknown or ambiguous name is an error that lists the candidates."""
    from homologue.rdf.gazetteer import fold

    text = name.strip()
    if text.startswith("http://") or text.startswith("https://"):
        return _iri(text, "--param").value
    hits = sorted({iri for iri, _ in labels.get(fold(text), [])})
    if not hits:
        wanted = fold(text)
        hits = sorted({iri for key, pairs in labels.items() if wanted and wanted in key
                       for iri, _ in pairs})
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise InputError(f"no actor named {name!r} in the store (try part of the name, or "
                         f"the actor's IRI)")
    shown = ", ".join(hits[:6]) + (" …" if len(hits) > 6 else "")
    raise InputError(f"{name!r} matches several actors: {shown}; give the IRI")


def sparql_term(term: object) -> str:
    """A term in SPARQL syntax, escaped so that no value can end the literal early."""
    if isinstance(term, ox.NamedNode):
        return f"<{ox.NamedNode(term.value).value}>"  # re-validated: no <>"{}| or spaces
    if isinstance(term, ox.Literal):
        text = '"' + _escape(term.value) + '"'
        if term.language:
            if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", term.language):
                raise QueryError(f"invalid language tag {term.language!r}")
            return f"{text}@{term.language}"
        if term.datatype and term.datatype.value != XSD + "string":
            return f"{text}^^{sparql_term(term.datatype)}"
        return text
    raise QueryError(f"cannot bind {term!r}: only IRIs and literals can be parameters")


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "'": "\\'"}


def _escape(text: str) -> str:
    return "".join(_ESCAPES.get(c) or (f"\\u{ord(c):04X}" if unicodedata.category(c) == "Cc"
                                       else c) for c in text)


# -- a SPARQL tokenizer: enough to find keywords and group patterns exactly ---------------------


@dataclass(frozen=True)
class Token:
    kind: str  # word, pname, var, iri, string, comment, space, punct, other
    text: str
    start: int


_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<bnode>_:[\w.\-]*)
  | (?P<pname>(?:[^\W\d][\w.\-]*)?:(?:[\w.\-:%]|\\.)*)
  | (?P<word>[^\W\d][\w\-]*)
  | (?P<number>\d[\w.]*)
  | (?P<punct>.)
""", re.VERBOSE | re.DOTALL)


def tokenize(sparql: str) -> list[Token]:
    """Split a query into tokens the way the SPARQL grammar does: a keyword inside a string,
    an IRI, a comment, a prefixed name or a variable is not a keyword."""
    return [Token(m.lastgroup or "other", m.group(), m.start())
            for m in _TOKEN.finditer(sparql)]


def significant(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.kind not in ("space", "comment")]


_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def uses_service(sparql: str) -> bool:
    """True if the query contains a ``SERVICE`` clause. Checked on the tokens, and again after
    decoding ``\\u`` escapes (which some servers apply to the whole query text first)."""
    def decode(m: re.Match) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except ValueError:
            return m.group()

    for text in {sparql, _UCHAR.sub(decode, sparql)}:
        if any(t.kind == "word" and t.text.upper() == "SERVICE" for t in tokenize(text)):
            return True
    return False


def check_allowed(sparql: str, allow_service: bool = False) -> None:
    if not allow_service and uses_service(sparql):
        raise QueryError("SERVICE reaches other hosts and is refused; pass --allow-service "
                         "if you trust the query")


def with_values(sparql: str, bindings: dict[str, object]) -> str:
    """The query with each bound variable fixed by a ``VALUES`` block at the start of every
    group graph pattern that uses it directly (so sub-queries and ``UNION`` branches see the
    value as well). Values are serialised by :func:`sparql_term`."""
    if not bindings:
        return sparql
    wanted = {name: sparql_term(term) for name, term in bindings.items()}
    tokens = significant(tokenize(sparql))
    inserts: list[tuple[int, str]] = []
    stack: list[dict] = []
    seen: set[str] = set()
    top_level: int | None = None
    for i, token in enumerate(tokens):
        if token.text == "{":
            before = [t.text.upper() for t in tokens[max(0, i - 2):i]]
            kind = "group"
            if before[-1:] == ["CONSTRUCT"] or _after_values(tokens, i):
                kind = "data"
            elif before == ["CONSTRUCT", "WHERE"]:
                raise QueryError("parameters cannot be bound in the CONSTRUCT WHERE short form:"
                                 " write CONSTRUCT { … } WHERE { … }")
            elif stack and stack[-1]["kind"] == "data":
                kind = "data"
            subquery = i + 1 < len(tokens) and tokens[i + 1].text.upper() == "SELECT"
            if not stack and kind == "group" and top_level is None:
                top_level = token.start + 1
            stack.append({"kind": kind, "end": token.start + 1, "vars": set(),
                          "subquery": subquery})
        elif token.text == "}" and stack:
            group = stack.pop()
            names = sorted(group["vars"] & set(wanted))
            if group["kind"] == "group" and not group["subquery"] and names:
                block = " ".join(f"VALUES ?{n} {{ {wanted[n]} }}" for n in names)
                inserts.append((group["end"], f" {block} "))
        elif token.kind == "var":
            name = token.text[1:]
            if stack:
                stack[-1]["vars"].add(name)
                seen.add(name)
    # A variable used only outside the patterns (GROUP BY, HAVING, ORDER BY, the projection)
    # is bound once, in the outermost WHERE group.
    elsewhere = {t.text[1:] for t in tokens if t.kind == "var"}
    absent = sorted(set(wanted) - seen - elsewhere)
    if absent:
        raise QueryError(f"the query has no variable ?{absent[0]} in its patterns, so "
                         f"--param {absent[0]} cannot be bound")
    outer = sorted(set(wanted) - seen)
    if outer:
        if top_level is None:
            raise QueryError("the query has no WHERE group to bind parameters in")
        block = " ".join(f"VALUES ?{n} {{ {wanted[n]} }}" for n in outer)
        inserts.append((top_level, f" {block} "))
    out = sparql
    for position, text in sorted(inserts, reverse=True):
        out = out[:position] + text + out[position:]
    return out


def _after_values(tokens: list[Token], i: int) -> bool:
    """Is the ``{`` at ``i`` the data block of ``VALUES ?x {`` or ``VALUES (?x ?y) {``?"""
    j = i - 1
    if j >= 0 and tokens[j].text == ")":
        while j >= 0 and tokens[j].text != "(":
            j -= 1
    j -= 1
    return j >= 0 and tokens[j].text.upper() == "VALUES"


# -- running a query, with a time limit ----------------------------------------------------------


@dataclass
class QueryResult:
    """A query's answer held in memory: solutions, a boolean, or triples."""

    kind: str  # "solutions", "boolean" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    boolean: bool | None = None
    triples: list = field(default_factory=list)


def materialise(result: object, deadline: float | None = None) -> QueryResult:
    """Read a whole answer; past ``deadline`` (``time.monotonic()``) stop reading, so that a
    query whose solutions stream stops using the CPU as soon as it is abandoned."""
    if isinstance(result, (bool, ox.QueryBoolean)):
        return QueryResult("boolean", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = []
        for solution in result:
            rows.append(list(solution))  # in the order of the variables
            if deadline is not None and len(rows) % 1000 == 0 and time.monotonic() > deadline:
                raise QueryError("the query ran out of time")
        return QueryResult("solutions", variables, rows)
    triples = []
    for triple in result:
        triples.append(triple)
        if deadline is not None and len(triples) % 1000 == 0 and time.monotonic() > deadline:
            raise QueryError("the query ran out of time")
    return QueryResult("graph", triples=triples)


def run_query(store, sparql: str, bindings: dict[str, object] | None = None,
              timeout: float | None = None, allow_service: bool = False) -> QueryResult:
    """Check, bind and run a query and read its whole answer, within ``timeout`` seconds.

    The query runs in a worker thread (pyoxigraph releases the GIL while it evaluates); past the
    limit it is abandoned and :class:`QueryError` raised. A query whose solutions stream stops
    at the limit; one that must finish a sort or an aggregate first cannot be interrupted
    (pyoxigraph has no cancellation) and runs to its end in the background unless the process
    exits, as the CLI does.
    """
    check_allowed(sparql, allow_service)
    text = with_values(sparql, bindings or {})
    deadline = time.monotonic() + timeout if timeout else None

    def work() -> QueryResult:
        try:
            return materialise(store.query(text), deadline)
        except QueryError as exc:
            raise QueryError(locate_error(str(exc), text)) from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"the query failed: {' '.join(str(exc).split())}") from None

    return call_with_timeout(work, timeout)


def call_with_timeout(work: Callable[[], QueryResult], timeout: float | None) -> QueryResult:
    if not timeout:
        return work()
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["result"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            # Drop the traceback here: its frames hold pyoxigraph iterators, which must be
            # freed by the thread that created them.
            exc.__context__ = exc.__cause__ = None
            box["error"] = exc.with_traceback(None)

    worker = threading.Thread(target=target, daemon=True, name="homologue-query")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryError(f"the query took longer than {timeout:g} s and was stopped: narrow it, "
                         f"or raise --timeout")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["result"]  # type: ignore[return-value]


def locate_error(message: str, sparql: str) -> str:
    """The parser's message, on one line, with its position spelled out and the text there:
    ``invalid SPARQL at line 1, column 15 (after '?p }'): expected …``."""
    text = " ".join(message.split())
    match = re.search(r"error at (\d+):(\d+): ", text)
    if not match:
        return text
    line, column = int(match.group(1)), int(match.group(2))
    lines = sparql.splitlines() or [""]
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    before = source[max(0, column - 21):column - 1].strip()
    after = source[column - 1:column + 9].strip()
    near = f" (after {before!r}" + (f", before {after!r})" if after else ")") if before else ""
    head = text[:match.start()].rstrip(": ") or "invalid SPARQL"
    return f"{head} at line {line}, column {column}{near}: {text[match.end():]}"


# -- output formats --------------------------------------------------------------------------


def term_json(term: object) -> dict | None:
    from homologue.store.results import term_json as convert

    return convert(term)


def format_result(result: QueryResult, fmt: str) -> bytes | list[dict]:
    """The result in ``fmt``: bytes ready for stdout, or rows (for ``table``)."""
    if result.kind == "graph":
        if fmt in ("table", "csv", "tsv"):
            fmt = "ttl" if fmt == "table" else fmt
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"a CONSTRUCT or DESCRIBE result is RDF: use --format "
                             f"{', '.join(sorted(set(GRAPH_FORMATS)))}")
        return serialise_triples(result.triples, fmt)
    if result.kind == "boolean":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}).encode() + b"\n"
        if fmt == "xml":
            return _boolean_xml(bool(result.boolean))
        if fmt in GRAPH_FORMATS and fmt not in SOLUTION_FORMATS:
            raise QueryError(f"--format {fmt} is for CONSTRUCT and DESCRIBE results")
        return b"true\n" if result.boolean else b"false\n"
    if fmt == "table":
        return [{v: _plain(value) for v, value in zip(result.variables, row)}
                for row in result.rows]
    if fmt == "json":
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": [
            {v: term_json(value) for v, value in zip(result.variables, row) if value is not None}
            for row in result.rows]}}, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.variables)
        writer.writerows([[_plain(v) for v in row] for row in result.rows])
        return out.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in result.variables)]
        lines += ["\t".join("" if v is None else str(v) for v in row) for row in result.rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    if fmt == "xml":
        return _solutions_xml(result)
    raise QueryError(f"--format {fmt} is for CONSTRUCT and DESCRIBE results: use table, csv, "
                     f"tsv, json or xml for SELECT")


def serialise_triples(triples: list, fmt: str) -> bytes:
    rdf_format = GRAPH_FORMATS[fmt]
    items = triples
    if rdf_format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        items = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    prefixes = {"hom": HOM_NS, "skos": "http://www.w3.org/2004/02/skos/core#",
                "actor": "https://w3id.org/homologue/actor/",
                "event": "https://w3id.org/homologue/event/",
                "dcterms": "http://purl.org/dc/terms/", "xsd": XSD}
    try:
        return ox.serialize(items, format=rdf_format, prefixes=prefixes)
    except TypeError:  # formats without prefixes
        return ox.serialize(items, format=rdf_format)


def _plain(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return getattr(term, "value", str(term))


def _xml_escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _boolean_xml(value: bool) -> bytes:
    return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()


def _solutions_xml(result: QueryResult) -> bytes:
    parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
             "<head>", *[f'<variable name="{v}"/>' for v in result.variables], "</head>",
             "<results>"]
    for row in result.rows:
        parts.append("<result>")
        for name, term in zip(result.variables, row):
            if term is None:
                continue
            parts.append(f'<binding name="{name}">{_term_xml(term)}</binding>')
        parts.append("</result>")
    parts.append("</results></sparql>\n")
    return "".join(parts).encode("utf-8")


def _term_xml(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        attrs = ""
        if term.language:
            attrs = f' xml:lang="{_xml_escape(term.language)}"'
        elif term.datatype and term.datatype.value != XSD + "string":
            attrs = f' datatype="{_xml_escape(term.datatype.value)}"'
        return f"<literal{attrs}>{_xml_escape(term.value)}</literal>"
    return f"<literal>{_xml_escape(str(term))}</literal>"


def describe_named_queries() -> str:
    """The text of ``homologue query --list``: each query's name, title, parameters, example."""
    lines = []
    for query in named_queries().values():
        lines.append(f"{query.name}: {query.title}")
        if query.description:
            lines.append(f"    {query.description}")
        for p in query.parameters:
            need = "required" if p.required else "optional"
            lines.append(f"    --param {p.name}=…  ({p.kind}, {need}) {p.description}".rstrip())
        if query.example:
            lines.append(f"    e.g. {query.example}")
        lines.append("")
    return "\n".join(lines)
