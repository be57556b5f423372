"""Validation of stored graphs against ``ontology/shapes.ttl`` (SHACL, with pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from pyshacl import validate as shacl_validate
from rdflib import Graph


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: int
    text: str


def shapes_graph() -> Graph:
    text = (resources.files("homologue.ontology") / "shapes.ttl").read_text("utf-8")
    return Graph().parse(data=text, format="turtle")


def ontology_graph() -> Graph:
    text = (resources.files("homologue.ontology") / "homologue.ttl").read_text("utf-8")
    return Graph().parse(data=text, format="turtle")


def validate_graph(data: Graph) -> ValidationReport:
    """Check a graph (all of a store's graphs merged) against the shapes.

    The ontology is given as extra triples so that ``sh:class`` sees subclasses.
    """
    conforms, report, text = shacl_validate(
        data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="rdfs",
        abort_on_first=False, allow_warnings=True)
    count = text.count("Constraint Violation")
    return ValidationReport(bool(conforms), count if not conforms else 0, text)
