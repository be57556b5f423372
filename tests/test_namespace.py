from importlib import resources

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import OWL, SKOS

from homologue.rdf.namespace import EVENT_TYPES, HOM, INTERACTION_CLASSES, mode_iri


@pytest.fixture(scope="module")
def ontology():
    text = (resources.files("homologue.ontology") / "homologue.ttl").read_text("utf-8")
    return Graph().parse(data=text, format="turtle")


def declared(ontology):
    ns = str(HOM._NS)
    return {str(s)[len(ns):] for s in ontology.subjects() if str(s).startswith(ns)}


def test_closed_namespace_matches_the_ontology(ontology):
    in_code = {name for name in HOM.__annotations__} | set(HOM._extras)
    assert in_code == declared(ontology)


def test_closed_namespace_refuses_unknown_terms():
    with pytest.raises(AttributeError):
        HOM.NoSuchTerm  # noqa: B018


def test_every_plover_type_is_an_interaction_class(ontology):
    assert len(EVENT_TYPES) == 17
    for name, cls in INTERACTION_CLASSES.items():
        assert (cls, RDF.type, OWL.Class) in ontology
        assert (cls, SKOS.notation, None) in ontology
        assert str(ontology.value(cls, SKOS.notation)) == name


def test_modes_are_skos_concepts(ontology):
    assert (mode_iri("phone"), RDF.type, SKOS.Concept) in ontology
    assert (mode_iri("phone"), SKOS.inScheme, HOM.modes) in ontology
    assert isinstance(mode_iri("arrest"), URIRef)
