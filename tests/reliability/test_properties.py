"""Property-based tests (hypothesis) for the parsers, and a store → export → load round trip
that must give an isomorphic dataset."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homologue.dates import PartialDate, find_dates
from homologue.documents import SkipLog, normalise_date, parse_jsonl, parse_text
from homologue.errors import InputError

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
BODY = "Le ministre a parlé avec son homologue à Paris."
text_values = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)


@SETTINGS
@given(st.dates(min_value=dt.date(1000, 1, 1)), st.sampled_from(["day", "month", "year"]))
def test_valid_dates_round_trip_at_their_precision(day, precision):
    text = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}[
        precision]
    assert normalise_date(text, "f") == text
    assert PartialDate.parse(text).iso == text
    assert PartialDate.parse(text).precision == precision
    doc = parse_text(f"date {text} {BODY}", "x")
    assert (doc.published, doc.text) == (text, BODY)


@SETTINGS
@given(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99))
def test_any_yyyy_mm_dd_is_accepted_exactly_when_it_exists(year, month, day):
    text = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        dt.date(year, month, day)
        exists = True
    except ValueError:
        exists = False
    if exists:
        assert normalise_date(text, "f") == text
    else:
        with pytest.raises(InputError, match="impossible date"):
            normalise_date(text, "f")


@SETTINGS
@given(text_values, st.sampled_from(["fr", "en"]))
def test_find_dates_never_fails_and_spans_are_in_the_text(text, lang):
    for mention in find_dates(text, lang):
        assert 0 <= mention.start < mention.end <= len(text)


@SETTINGS
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_written_dates_are_found_in_both_languages(day):
    months_fr = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre"]
    months_en = ["January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December"]
    for lang, text in (("fr", f"Le {day.day} {months_fr[day.month - 1]} {day.year}, il a parlé."),
                       ("en", f"On {months_en[day.month - 1]} {day.day}, {day.year}, he spoke.")):
        found = [m.resolve(None, None) for m in find_dates(text, lang)]
        assert PartialDate(day.year, day.month, day.day) in found, (text, found)


@SETTINGS
@given(st.dictionaries(st.sampled_from(["title", "url", "source", "author", "tags"]),
                       text_values, max_size=5))
def test_front_matter_values_come_back_as_given(meta):
    front = "".join(f"{key}: {json.dumps(value)}\n" for key, value in meta.items())
    doc = parse_text(f"---\n{front}lang: fr\n---\n{BODY}", "x")
    assert doc.text == BODY
    for key in ("title", "url", "source"):
        assert getattr(doc, key) == meta.get(key)
    for key in ("author", "tags"):
        assert doc.extra.get(key) == meta.get(key)


@SETTINGS
@given(st.text(max_size=300))
def test_any_text_file_gives_a_document_or_one_input_error(raw):
    try:
        doc = parse_text(raw, "x", where="f.txt")
    except InputError as exc:
        assert str(exc).startswith("f.txt") and "\n" not in str(exc)
    else:
        assert doc.text and doc.lang in ("fr", "en")


@SETTINGS
@given(st.lists(st.one_of(
    st.fixed_dictionaries({"id": st.text(min_size=1, max_size=20).filter(str.strip),
                           "text": st.just(BODY)}),
    st.text(max_size=40)), max_size=8))
def test_jsonl_reads_every_good_line_and_names_every_bad_one(records):
    lines = [json.dumps(r) if isinstance(r, dict) else r.replace("\n", " ").replace("\r", " ")
             for r in records]
    log = SkipLog()
    docs = list(parse_jsonl("\n".join(lines), "w.jsonl", on_skip=log))
    good = [r["id"] for r in records if isinstance(r, dict)]
    assert [d.id for d in docs][:len(good)] == good[:len(docs)]
    assert len(docs) + len(log) == sum(1 for line in lines if line.strip())
    for reason in log.reasons:
        assert reason.startswith("w.jsonl:") and "\n" not in reason


@SETTINGS
@given(st.lists(st.tuples(st.text(st.characters(blacklist_categories=("Cs", "Cc")),
                                  min_size=1, max_size=30).filter(str.strip),
                          st.sampled_from(["fr", "en"])), min_size=1, max_size=5, unique=True))
def test_gazetteer_loader_keeps_any_label(labels):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, SKOS

    from homologue.rdf.gazetteer import Gazetteer
    from homologue.rdf.namespace import HOM

    graph = Graph()
    for i, (label, lang) in enumerate(labels):
        node = URIRef(f"https://w3id.org/homologue/actor/test-{i}")
        graph.add((node, RDF.type, HOM.Person))
        graph.add((node, SKOS.prefLabel, Literal(label, lang=lang)))
    gazetteer = Gazetteer.from_turtle(graph.serialize(format="turtle"))
    for i, (label, _lang) in enumerate(labels):
        assert gazetteer.actors[f"https://w3id.org/homologue/actor/test-{i}"].label == label


@pytest.mark.slow
def test_store_export_load_round_trip_is_isomorphic(tmp_path, seed_store):
    from rdflib import Dataset
    from rdflib.compare import isomorphic

    from homologue.export.rdf import export_store
    from homologue.store import open_store

    source = open_store(seed_store, read_only=True)
    for fmt, parser in (("nq", "nquads"), ("trig", "trig")):
        data = export_store(source, fmt)
        copy = open_store(tmp_path / fmt)
        copy.load(data, fmt)
        again = export_store(copy, fmt)
        copy.close()
        before, after = Dataset(), Dataset()
        before.parse(data=data.decode("utf-8"), format=parser)
        after.parse(data=again.decode("utf-8"), format=parser)
        assert {str(g.identifier) for g in before.graphs()} == {
            str(g.identifier) for g in after.graphs()}
        for graph in before.graphs():
            assert isomorphic(graph, after.graph(graph.identifier)), graph.identifier
    source.close()
