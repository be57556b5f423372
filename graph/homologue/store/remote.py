"""A store on a SPARQL 1.1 server (Oxigraph server, Apache Jena Fuseki, GraphDB/RDF4J), with the
same interface as :class:`~homologue.store.embedded.EmbeddedStore`.

Reads go to the Query endpoint and come back as pyoxigraph results (parsed from SPARQL results
JSON), so callers cannot tell the stores apart. Writes go one request per document graph (a
Graph Store Protocol ``PUT``, which replaces the graph atomically), never one per triple;
``load`` and ``dump`` move a whole dataset as N-Quads or TriG in one request.

The location decides the endpoint layout; a URL fragment overrides it::

    http://127.0.0.1:7878                 Oxigraph server: /query, /update, /store
    http://localhost:3030/ds              Fuseki: /ds/query, /ds/update, /ds/data (dataset: /ds)
    http://localhost:7200/repositories/r  GraphDB/RDF4J: the URL, /statements, /rdf-graphs/service
    http://host/x#query=sparql&update=update&store=data&union=none   explicit endpoints

Homologue's queries expect the default graph to be the union of the named graphs. Oxigraph
server gets ``union-default-graph`` on each query; GraphDB and RDF4J behave that way already;
Fuseki needs ``tdb2:unionDefaultGraph true`` in the dataset configuration.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

import pyoxigraph as ox
from rdflib import Graph

from homologue.errors import QueryError, StoreError

MEDIA = {
    "nq": "application/n-quads", "trig": "application/trig", "ttl": "text/turtle",
    "nt": "application/n-triples",
}
RDF_FORMATS = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
               "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
RESULTS_ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, "
                  "text/turtle;q=0.5")


@dataclass(frozen=True)
class Endpoints:
    """Where a server answers each protocol; ``graph_store`` is the Graph Store Protocol
    endpoint (``?graph=IRI``) and ``dataset`` the URL that takes and returns whole datasets."""

    query: str
    update: str
    graph_store: str | None
    dataset: str | None
    union_param: str | None  # query parameter that makes the default graph the union


def endpoints_for(location: str) -> Endpoints:
    """The endpoint layout for a store URL (see the module docstring)."""
    url, fragment = urldefrag(location)
    base = url if url.endswith("/") else url + "/"
    path = urlsplit(url).path.rstrip("/")
    if "/repositories/" in path:  # GraphDB, RDF4J
        layout = Endpoints(url, base + "statements", base + "rdf-graphs/service",
                           base + "statements", None)
    elif path in ("", "/"):  # Oxigraph server
        layout = Endpoints(base + "query", base + "update", base + "store", base + "store",
                           "union-default-graph")
    else:  # Fuseki dataset
        layout = Endpoints(base + "query", base + "update", base + "data", url, None)
    if not fragment:
        return layout
    overrides = dict(parse_qsl(fragment, keep_blank_values=True))
    unknown = set(overrides) - {"query", "update", "store", "dataset", "union"}
    if unknown:
        raise StoreError(f"{location}: unknown setting {sorted(unknown)[0]!r} after '#' "
                         f"(use query=, update=, store=, dataset=, union=)")

    def pick(key: str, current: str | None) -> str | None:
        if key not in overrides:
            return current
        return None if overrides[key] in ("", "none") else urljoin(base, overrides[key])

    union = overrides.get("union", layout.union_param)
    return Endpoints(pick("query", layout.query) or layout.query,
                     pick("update", layout.update) or layout.update,
                     pick("store", layout.graph_store), pick("dataset", layout.dataset),
                     None if union in ("", "none") else union)


class RemoteStore:
    """A dataset on a SPARQL 1.1 Query/Update (and Graph Store) server."""

    def __init__(self, location: str, read_only: bool = False,
                 timeout: float | None = None) -> None:
        import requests

        self.location = location
        self.path = location  # what messages show, like EmbeddedStore.path
        self.read_only = read_only
        self.timeout = timeout
        self.endpoints = endpoints_for(location)
        self._session = requests.Session()
        self._session.headers["User-Agent"] = "homologue"

    # -- HTTP --------------------------------------------------------------------------------

    def _request(self, method: str, url: str, **kwargs):
        import requests

        try:
            response = self._session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.ConnectionError:
            raise StoreError(f"{self.location}: no SPARQL server answers there; start it, or "
                             f"check --store") from None
        except requests.Timeout:
            raise StoreError(f"{self.location}: the server did not answer within "
                             f"{self.timeout:g} s") from None
        except requests.RequestException as exc:
            raise StoreError(f"{self.location}: {exc}") from None
        return response

    def _check(self, response, what: str, error: type = StoreError) -> None:
        if response.status_code < 400:
            return
        text = " ".join(response.text.split())[:300] or response.reason
        if response.status_code in (401, 403):
            raise StoreError(f"{self.location}: the server refused to {what} "
                             f"(HTTP {response.status_code}): {text}")
        raise error(f"{what} failed (HTTP {response.status_code}): {text}")

    def _write_allowed(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.location}: opened read-only")

    # -- writing ---------------------------------------------------------------------------

    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        """Replace a named graph's content in one request (Graph Store ``PUT``)."""
        self._write_allowed()
        body = graph.serialize(format="nt", encoding="utf-8")
        if self.endpoints.graph_store is None:
            self.update(f"DROP SILENT GRAPH <{ox.NamedNode(graph_iri).value}> ;\n"
                        f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{body.decode('utf-8')}\n}} }}")
            return
        response = self._request("PUT", self.endpoints.graph_store, params={"graph": graph_iri},
                                 data=body, headers={"Content-Type": MEDIA["nt"]})
        self._check(response, f"store graph {graph_iri}")

    def replace_graph_data(self, graph_iri: str, data: bytes, fmt: str) -> None:
        """Replace a named graph by serialised triples (Turtle or N-Triples): one Graph Store
        ``PUT``, else a SPARQL update with the triples as N-Triples. On an Oxigraph server the
        ``PUT`` goes to its bulk loader (``no_transaction``): the bundled gazetteer in 8 s
        rather than 70 s; the caller marks completion afterwards."""
        self._write_allowed()
        if self.endpoints.graph_store is not None:
            params = {"graph": graph_iri}
            if self.endpoints.union_param == "union-default-graph":  # the Oxigraph layout
                params["no_transaction"] = ""
            response = self._request("PUT", self.endpoints.graph_store, params=params, data=data,
                                     headers={"Content-Type": MEDIA[fmt]})
            self._check(response, f"store graph {graph_iri}")
            return
        try:
            body = ox.serialize(ox.parse(data, RDF_FORMATS[fmt]), format=ox.RdfFormat.N_TRIPLES)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load {fmt}: {exc}") from None
        self.update(f"DROP SILENT GRAPH <{ox.NamedNode(graph_iri).value}> ;\n"
                    f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{body.decode('utf-8')}\n}} }}")

    def replace_graphs(self, graphs: list[tuple[str, Graph]]) -> None:
        """Replace several graphs in one SPARQL Update request (one transaction on servers
        that run an update as one)."""
        self._write_allowed()
        parts = []
        for iri, graph in graphs:
            iri = ox.NamedNode(iri).value
            parts.append(f"DROP SILENT GRAPH <{iri}> ;\nINSERT DATA {{ GRAPH <{iri}> {{\n"
                         f"{graph.serialize(format='nt')}\n}} }}")
        if parts:
            self.update(" ;\n".join(parts))

    def update(self, sparql: str) -> None:
        self._write_allowed()
        response = self._request("POST", self.endpoints.update,
                                 data=sparql.encode("utf-8"),
                                 headers={"Content-Type": "application/sparql-update"})
        if response.status_code == 400:
            raise StoreError(f"invalid update: {_one_line(response.text)}")
        self._check(response, "update")

    def load(self, data: bytes, fmt: str) -> None:
        """Add a serialised dataset (N-Quads or TriG) in one request."""
        self._write_allowed()
        if fmt not in MEDIA:
            raise StoreError(f"cannot load {fmt}: use nq or trig")
        url = self.endpoints.dataset
        params = {}
        if fmt in ("ttl", "nt"):
            url, params = self.endpoints.graph_store, {"default": ""}
        if url is None:
            raise StoreError(f"{self.location}: no dataset endpoint to load into; set one with "
                             f"#dataset=PATH")
        response = self._request("POST", url, params=params, data=data,
                                 headers={"Content-Type": MEDIA[fmt]})
        if response.status_code == 400:
            raise StoreError(f"cannot load {fmt}: {_one_line(response.text)}")
        self._check(response, f"load {fmt}")

    def flush(self) -> None:
        """Nothing to do: each request is committed by the server."""

    # -- reading ---------------------------------------------------------------------------

    def query(self, sparql: str, substitutions: dict | None = None, union: bool = True):
        """Run a SPARQL query; the answer is a pyoxigraph ``QuerySolutions``, ``QueryBoolean``
        or list of ``Triple`` — the types the embedded store returns."""
        if substitutions:
            from homologue.sparql import with_values

            sparql = with_values(sparql, {getattr(k, "value", str(k)).lstrip("?$"): v
                                          for k, v in substitutions.items()})
        params = {}
        if union and self.endpoints.union_param:
            params[self.endpoints.union_param] = "true"
        response = self._request("POST", self.endpoints.query, params=params,
                                 data={"query": sparql}, headers={"Accept": RESULTS_ACCEPT})
        if response.status_code == 400:
            raise QueryError(f"invalid SPARQL: {_one_line(response.text)}")
        self._check(response, "query", QueryError)
        media = response.headers.get("Content-Type", "").split(";")[0].strip()
        try:
            results_format = ox.QueryResultsFormat.from_media_type(media)
            if results_format is not None:
                return ox.parse_query_results(response.content, results_format)
            rdf_format = ox.RdfFormat.from_media_type(media)
            if rdf_format is not None:
                return [ox.Triple(q.subject, q.predicate, q.object)
                        for q in ox.parse(response.content, rdf_format)]
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.location}: unreadable answer ({exc})") from None
        raise StoreError(f"{self.location}: the server answered {media or 'no content type'}, "
                         f"not SPARQL results")

    def graph_names(self) -> list[str]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", union=False)
        return sorted(r["g"].value for r in rows if isinstance(r["g"], ox.NamedNode))

    def has_graph(self, graph_iri: str) -> bool:
        return bool(self.query(f"ASK {{ GRAPH <{ox.NamedNode(graph_iri).value}> {{ }} }}",
                               union=False))

    def dump(self, fmt: str, graph_iri: str | None = None) -> bytes:
        """The whole dataset (``nq``, ``trig``) or one graph (``ttl``, ``nt``) in one request."""
        if fmt in ("nq", "trig"):
            url, params = self.endpoints.dataset, {}
        else:
            url = self.endpoints.graph_store
            params = {"graph": graph_iri} if graph_iri else {"default": ""}
        if url is None:
            return self._dump_by_query(fmt, graph_iri)
        response = self._request("GET", url, params=params, headers={"Accept": MEDIA[fmt]})
        if response.status_code == 404 and fmt in ("ttl", "nt"):
            return b""
        self._check(response, f"export {fmt}")
        return response.content

    def _dump_by_query(self, fmt: str, graph_iri: str | None) -> bytes:
        """Without a dataset endpoint: read the quads with SELECT and serialise them here."""
        if fmt in ("nq", "trig"):
            text = ("SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION "
                    "{ GRAPH ?g { ?s ?p ?o } } }")
        elif graph_iri:
            text = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{ox.NamedNode(graph_iri).value}> {{ ?s ?p ?o }} }}"
        else:
            text = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
        quads = [ox.Quad(r["s"], r["p"], r["o"], r["g"] if fmt in ("nq", "trig") and r["g"]
                         else ox.DefaultGraph()) for r in self.query(text, union=False)]
        if fmt in ("ttl", "nt"):
            quads = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        return ox.serialize(quads, format=RDF_FORMATS[fmt])

    def quads(self) -> Iterator[ox.Quad]:
        return iter(ox.parse(io.BytesIO(self.dump("nq")), ox.RdfFormat.N_QUADS))

    def __len__(self) -> int:
        rows = list(self.query("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION "
                               "{ GRAPH ?g { ?s ?p ?o } } }", union=False))
        return int(rows[0]["n"].value) if rows else 0

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _one_line(text: str) -> str:
    return " ".join(text.split())[:400]


def is_remote(location: object) -> bool:
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))
