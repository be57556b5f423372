"""The selective named queries start from the IRIs they are given: their cost follows the
events of the actors asked about, not the size of the store.

Two stores hold the same few events of the actors asked about; the large one has eighty times
more events between other actors and 100,000 more labelled actors (as the world gazetteer
adds). A plan that reads a whole property (every label, every contact) takes tens of times
longer on the large store; a plan driven by the bound IRIs (index lookups) takes about as long
on both. The test compares the two times in the same process (a ratio, not an
absolute time), with a wide margin for a shared machine.
"""

from __future__ import annotations

import random
import statistics
import time
from importlib import resources

import pyoxigraph as ox
import pytest

from homologue import sparql as sp
from homologue.rdf.namespace import ONTOLOGY_GRAPH
from homologue.store.embedded import EmbeddedStore

HOM = "https://w3id.org/homologue/ontology#"
ACTOR = "https://w3id.org/homologue/actor/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
KINDS = ["Consult", "Accuse", "Aid", "Request", "Reject"]
FOCUS = {"actor-contacts": {"actor": ACTOR + "focus-a"},
         "pair-timeline": {"a": ACTOR + "focus-a", "b": ACTOR + "focus-b"},
         "documents-mentioning": {"actor": ACTOR + "focus-a"},
         "accusations-against": {"state": ACTOR + "FOCUS"}}


def nquads(background: int, labelled: int, seed: int = 3) -> str:
    """Documents of 50 events: the first 4 hold the focus events (between focus-a, focus-b,
    the state FOCUS and its national focus-c), the others ``background`` events between 500
    other actors; and ``labelled`` actors with labels but no events."""
    rng = random.Random(seed)
    focus = [ACTOR + "focus-a", ACTOR + "focus-b", ACTOR + "focus-c", ACTOR + "FOCUS"]
    others = [f"{ACTOR}other-{i:03d}" for i in range(500)]
    lines = [f'<{ACTOR}focus-c> <{HOM}nationality> <{ACTOR}FOCUS> <urn:x:actors> .']
    for i, iri in enumerate(focus + others):
        lines.append(f'<{iri}> <{SKOS}prefLabel> "Actor {i}"@en <urn:x:actors> .')
        lines.append(f'<{iri}> <{SKOS}prefLabel> "Acteur {i}"@fr <urn:x:actors> .')
    lines += [f'<{ACTOR}label-only-{i}> <{SKOS}prefLabel> "Label {i}"@en <urn:x:actors> .'
              for i in range(labelled)]
    pairs = [(rng.choice(focus), rng.choice(focus)) for _ in range(200)]
    pairs = [(a, b) for a, b in pairs if a != b]
    pairs += [(rng.choice(others), rng.choice(others)) for _ in range(background)]
    for d in range(0, len(pairs), 50):
        doc = f"https://w3id.org/homologue/doc/d{d}"
        graph = f"<https://w3id.org/homologue/graph/doc/d{d}>"
        lines += [f"<{doc}> <{TYPE}> <{HOM}Document> {graph} .",
                  f'<{doc}> <{DCT}identifier> "d{d}" {graph} .',
                  f'<{doc}> <{DCT}issued> "2024-01-{1 + d % 28:02d}"^^<{XSD}date> {graph} .']
        mentioned = set()
        for e, (a, b) in enumerate(pairs[d:d + 50], start=d):
            event, mention = f"<urn:x:event:{e}>", f"<urn:x:mention:{e}>"
            lines += [f"{event} <{TYPE}> <{HOM}{KINDS[e % len(KINDS)]}> {graph} .",
                      f"{event} <{HOM}source> <{a}> {graph} .",
                      f"{event} <{HOM}target> <{b}> {graph} .",
                      f"{event} <{HOM}participant> <{a}> {graph} .",
                      f"{event} <{HOM}participant> <{b}> {graph} .",
                      f'{event} <{HOM}date> "2024-{1 + e % 12:02d}"^^<{XSD}gYearMonth> {graph} .',
                      f"{event} <{HOM}evidence> {mention} {graph} .",
                      f'{mention} <{HOM}text> "sentence {e}" {graph} .',
                      f"{mention} <{HOM}document> <{doc}> {graph} ."]
            mentioned.update((a, b))
        lines += [f"<{doc}> <{HOM}mentions> <{iri}> {graph} ." for iri in sorted(mentioned)]
    return "\n".join(lines) + "\n"


def build(path, background: int, labelled: int) -> EmbeddedStore:
    store = EmbeddedStore(path)
    store.load(nquads(background, labelled).encode("utf-8"), "nq")
    ontology = resources.files("homologue.ontology") / "homologue.ttl"
    store.replace_graph_data(str(ONTOLOGY_GRAPH), ontology.read_bytes(), "ttl")
    store.flush()
    return store


def median_seconds(store, text: str, bindings: dict) -> tuple[float, list]:
    answer = sp.run_query(store, text, bindings).rows  # warm-up
    times = []
    for _ in range(7):
        start = time.perf_counter()
        sp.run_query(store, text, bindings)
        times.append(time.perf_counter() - start)
    return statistics.median(times), answer


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plans")
    small, large = build(folder / "small", 1_000, 0), build(folder / "large", 80_000, 100_000)
    yield small, large
    small.close()
    large.close()


@pytest.mark.parametrize("name", sorted(FOCUS))
def test_selective_queries_cost_what_their_actors_cost_not_the_store(stores, name):
    small, large = stores
    text = sp.named_query(name).text
    bindings = {key: ox.NamedNode(value) for key, value in FOCUS[name].items()}
    on_small, answer_small = median_seconds(small, text, bindings)
    on_large, answer_large = median_seconds(large, text, bindings)
    assert answer_small and answer_small == answer_large
    # A scan of the larger store would cost tens of times more; lookups about the same.
    assert on_large < 5 * on_small + 0.005, (name, on_small, on_large)
