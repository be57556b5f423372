"""SPARQL results as plain data (the SPARQL 1.1 JSON results shape)."""

from __future__ import annotations

import pyoxigraph as ox


def term_json(term: object) -> dict | None:
    """One RDF term as in SPARQL results JSON."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def solutions_to_rows(solutions) -> tuple[list[str], list[dict]]:
    variables = [v.value for v in solutions.variables]
    rows = [{name: term_json(solution[name]) for name in variables} for solution in solutions]
    return variables, rows
