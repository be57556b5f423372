"""A SPARQL 1.1 Protocol endpoint over a store, for any SPARQL client (YASGUI, SPARQLWrapper,
rdflib's SPARQLStore, curl).

``/sparql`` (also ``/query``) answers queries by GET (``?query=``) and POST (form or
``application/sparql-query``), with the results format chosen from the ``Accept`` header;
``/update`` takes updates only when the server was started with ``allow_update``. It binds to
loopback by default and refuses ``SERVICE`` (which would make the server fetch from other
hosts) unless allowed. Each query runs under a time limit.
"""

from __future__ import annotations

from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from homologue.errors import HomologueError, QueryError

SOLUTION_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "text/plain": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "ttl", "application/x-turtle": "ttl", "application/n-triples": "nt",
    "text/plain": "nt", "application/rdf+xml": "xml", "application/xml": "xml",
    "application/ld+json": "jsonld", "application/json": "jsonld", "text/n3": "n3",
    "application/n-quads": "nq", "application/trig": "trig",
}
MEDIA_OF = {
    ("solutions", "json"): "application/sparql-results+json",
    ("solutions", "xml"): "application/sparql-results+xml",
    ("solutions", "csv"): "text/csv", ("solutions", "tsv"): "text/tab-separated-values",
    ("graph", "ttl"): "text/turtle", ("graph", "nt"): "application/n-triples",
    ("graph", "xml"): "application/rdf+xml", ("graph", "jsonld"): "application/ld+json",
    ("graph", "n3"): "text/n3", ("graph", "nq"): "application/n-quads",
    ("graph", "trig"): "application/trig",
}
FORMAT_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "ttl",
                "ttl": "ttl", "nt": "nt", "ntriples": "nt", "rdfxml": "xml", "json-ld": "jsonld",
                "jsonld": "jsonld", "n3": "n3"}
MAX_BODY = 64 * 1024 * 1024
INDEX = """Homologue SPARQL endpoint
  query:  GET or POST /sparql  (SPARQL 1.1 Protocol; results as JSON, XML, CSV, TSV or RDF)
  update: POST /update         ({update})
"""


def negotiate(accept: str, kind: str, requested: str | None = None) -> str:
    """The output format for a result ``kind`` ("solutions", "boolean", "graph") from an
    ``Accept`` header (q-values honoured) or an explicit ``format=`` parameter."""
    table = GRAPH_TYPES if kind == "graph" else SOLUTION_TYPES
    default = "ttl" if kind == "graph" else "json"
    if requested:
        name = (FORMAT_NAMES.get(requested.lower())
                or table.get(requested.split(";")[0].strip().lower()))
        allowed = ({"ttl", "nt", "jsonld", "n3", "nq", "trig", "xml"} if kind == "graph"
                   else {"json", "xml", "csv", "tsv"})
        if name in allowed:
            return name
    choices = []
    for position, item in enumerate(accept.split(",")):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        q = 1.0
        for p in parts[1:]:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            choices.append((-q, position, media))
    for _q, _pos, media in sorted(choices):
        if kind == "boolean" and media in ("text/csv", "text/tab-separated-values"):
            continue
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    return default


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "homologue"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        if self.server.verbose:
            super().log_message(format, *args)

    # -- routing ---------------------------------------------------------------------------

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/sparql", "/query") and "query" in params:
            self._query(params["query"][0], params)
        elif url.path in ("/", "/sparql", "/query"):
            state = "enabled" if self.server.allow_update else "disabled: read-only endpoint"
            self._send(HTTPStatus.OK, INDEX.format(update=state).encode(), "text/plain")
        else:
            self._error(HTTPStatus.NOT_FOUND, f"no such endpoint {url.path}: use /sparql")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "request body too large")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media == "application/x-www-form-urlencoded":
            params.update(parse_qs(body, keep_blank_values=True))
        if url.path not in ("/sparql", "/query", "/update"):
            self._error(HTTPStatus.NOT_FOUND, f"no such endpoint {url.path}: use /sparql")
        elif media == "application/sparql-update" or "update" in params:
            text = body if media == "application/sparql-update" else params["update"][0]
            self._update(text)
        elif media == "application/sparql-query":
            self._query(body, params)
        elif "query" in params:
            self._query(params["query"][0], params)
        else:
            self._error(HTTPStatus.BAD_REQUEST, "no query: send query= (GET or form POST) or an "
                                                "application/sparql-query body")

    # -- operations ------------------------------------------------------------------------

    def _query(self, text: str, params: dict[str, list[str]]) -> None:
        from homologue.sparql import format_result, run_query

        try:
            result = run_query(self.server.store, text, timeout=self.server.timeout,
                               allow_service=self.server.allow_service)
            fmt = negotiate(self.headers.get("Accept") or "*/*", result.kind,
                            (params.get("format") or params.get("output") or [None])[0])
            if result.kind == "boolean":
                fmt = fmt if fmt in ("json", "xml") else "json"
            body = format_result(result, fmt)
        except QueryError as exc:
            status = (HTTPStatus.SERVICE_UNAVAILABLE if "longer than" in str(exc)
                      else HTTPStatus.BAD_REQUEST)
            self._error(status, str(exc))
            return
        except HomologueError as exc:
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
            return
        assert isinstance(body, bytes)
        kind = "graph" if result.kind == "graph" else "solutions"
        self._send(HTTPStatus.OK, body, MEDIA_OF[(kind, fmt)])

    def _update(self, text: str) -> None:
        from homologue.sparql import check_allowed

        if not self.server.allow_update:
            self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only (start it with "
                                              "--allow-update to accept updates)")
            return
        try:
            check_allowed(text, self.server.allow_service)
            self.server.store.update(text)
        except HomologueError as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
            return
        self._send(HTTPStatus.NO_CONTENT, b"", None)

    # -- replies ---------------------------------------------------------------------------

    def _send(self, status: HTTPStatus, body: bytes, media: str | None) -> None:
        self.send_response(status)
        if media:
            charset = "" if "xml" in media and "rdf" in media else "; charset=utf-8"
            self.send_header("Content-Type", media + charset)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain")


class SparqlServer(ThreadingHTTPServer):
    """An HTTP server holding the store and the endpoint's settings (no global state)."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], store, allow_update: bool,
                 allow_service: bool, timeout: float | None, verbose: bool) -> None:
        super().__init__(address, SparqlHandler)
        self.store = store
        self.allow_update = allow_update
        self.allow_service = allow_service
        self.timeout = timeout
        self.verbose = verbose


def make_server(store, host: str = "127.0.0.1", port: int = 7878, allow_update: bool = False,
                allow_service: bool = False, timeout: float | None = 60.0,
                verbose: bool = False) -> SparqlServer:
    """A ready endpoint (port 0 picks a free port; see ``server.server_address``)."""
    try:
        return SparqlServer((host, port), store, allow_update, allow_service, timeout, verbose)
    except OSError as exc:
        from homologue.errors import StoreError

        raise StoreError(f"cannot listen on {host}:{port} ({exc.strerror}); choose another "
                         f"--port") from None

