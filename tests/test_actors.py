"""Actors as real articles name them, on French and English sentences written for these
tests: a person with a title and a state, people no list knows, diplomats, capitals and
seats of government, reference back within a document, and noun phrases that are no actor.

Fast tests build parses by hand on ``spacy.blank``; the others use the session's extractor
(real models), marked slow.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from homologue.documents import Document
from homologue.extract.phrases import case_of, same_phrase


def parse(lang, words, heads, deps, pos):
    return Doc(spacy.blank(lang).vocab, words=words, heads=heads, deps=deps, pos=pos)


# -- fast: hand-built parses -------------------------------------------------------------------


def test_one_phrase_through_nominal_links_only():
    # "Kyrgyz President Sooronbay Jeenbekov met President Nicolas Maduro"
    doc = parse("en", ["Kyrgyz", "President", "Sooronbay", "Jeenbekov", "met", "President",
                       "Nicolas", "Maduro"], [3, 3, 3, 4, 4, 7, 7, 4],
                ["amod", "compound", "compound", "nsubj", "ROOT", "compound", "compound", "dobj"],
                ["ADJ", "PROPN", "PROPN", "PROPN", "VERB", "PROPN", "PROPN", "PROPN"])
    assert same_phrase(doc[1], doc[3])
    assert same_phrase(doc[5], doc[7])
    assert not same_phrase(doc[1], doc[7])  # through the verb: two phrases


def test_juxtaposed_subjects_are_one_phrase():
    # "Le président de la Commission, Moussa Faki a condamné": the parser hangs both on the verb
    doc = parse("fr", ["Le", "président", "de", "la", "Commission", ",", "Moussa", "Faki", "a",
                       "condamné"], [1, 9, 4, 4, 1, 6, 9, 6, 9, 9],
                ["det", "nsubj", "case", "det", "nmod", "punct", "nsubj", "flat:name",
                 "aux:tense", "ROOT"],
                ["DET", "NOUN", "ADP", "DET", "PROPN", "PUNCT", "PROPN", "PROPN", "AUX", "VERB"])
    assert same_phrase(doc[1], doc[6])
    # joined by "et", the two are two actors
    doc = parse("fr", ["Le", "président", "et", "Moussa", "Faki", "ont", "condamné"],
                [1, 6, 3, 1, 3, 6, 6],
                ["det", "nsubj", "cc", "conj", "flat:name", "aux:tense", "ROOT"],
                ["DET", "NOUN", "CCONJ", "PROPN", "PROPN", "AUX", "VERB"])
    assert not same_phrase(doc[1], doc[3])


def test_case_of_a_noun():
    # "l'ambassadeur de Russie en France", "Nairobi's ambassador"
    fr = parse("fr", ["ambassadeur", "de", "Russie", "en", "France"], [0, 2, 0, 4, 0],
               ["ROOT", "case", "nmod", "case", "nmod"], ["NOUN", "ADP", "PROPN", "ADP", "PROPN"])
    assert (case_of(fr[2]), case_of(fr[4])) == ("de", "en")
    en = parse("en", ["Nairobi", "'s", "ambassador"], [2, 0, 2], ["poss", "case", "ROOT"],
               ["PROPN", "PART", "NOUN"])
    assert case_of(en[0]) == "'s"


# -- slow: the real pipelines ------------------------------------------------------------------


def events(extractor, lang, text, published="2015-06-10"):
    found = extractor.extract(Document("t", text, lang, published))
    return [(e.type, _side(e.source), _side(e.target)) for e in found], found


def _side(actor):
    return (actor.label, actor.country) if actor is not None else None


@pytest.mark.slow
@pytest.mark.parametrize("lang,text,source,target", [
    # a person with a title and a state is the person; the state gives his country
    ("en", "President of the Republic of Kazakhstan Nursultan Nazarbayev held a telephone "
           "conversation with Vladimir Putin.", "Nursultan Nazarbayev", "Vladimir Putin"),
    ("fr", "Le ministre des Affaires étrangères du Sultanat d'Oman, pays frère, Yusuf bin "
           "Alawi, a rencontré Vladimir Poutine.", "Yusuf bin Alawi", "Vladimir Putin"),
])
def test_a_named_person_is_not_replaced_by_the_state_in_his_title(extractor, lang, text,
                                                                  source, target):
    found, raw = events(extractor, lang, text)
    assert [(f[0], f[1][0], f[2][0]) for f in found] == [("CONSULT", source, target)]
    assert raw[0].source.country in ("KAZ", "OMN")


@pytest.mark.slow
@pytest.mark.parametrize("lang,text,country", [
    ("en", "Kyrgyz President Almazbek Atambayev met Vladimir Putin in Sochi.", "KGZ"),
    ("en", "Somali Information Minister Abdirahman Yusuf Omar met Vladimir Putin.", "SOM"),
    ("fr", "Le président malien Ibrahim Keïta a rencontré Vladimir Poutine.", "MLI"),
    ("fr", "Mokhtar Ould Tandia, ministre mauritanien de la Pêche, a rencontré Vladimir "
           "Poutine.", "MRT"),
])
def test_a_person_no_list_knows_gets_the_state_of_his_title(extractor, lang, text, country):
    found, raw = events(extractor, lang, text)
    assert found and found[0][0] == "CONSULT"
    person = next(a for a in (raw[0].source, raw[0].target) if a.label != "Vladimir Putin")
    assert (person.kind, person.country) == ("person", country)
    assert len(person.label.split()) >= 2 and not person.label.startswith(("President", "Le"))


@pytest.mark.slow
@pytest.mark.parametrize("lang,text,source", [
    ("fr", "Le Kremlin a dénoncé les sanctions de Washington.", "Russia"),
    ("fr", "Pékin a vivement condamné mardi l'attitude de Tokyo.", "China"),
    ("en", "The Kremlin condemned the new sanctions imposed by Washington.", "Russia"),
])
def test_capitals_and_seats_of_government_are_their_state(extractor, lang, text, source):
    found, _ = events(extractor, lang, text)
    assert found and found[0][0] == "ACCUSE" and found[0][1][0] == source


@pytest.mark.slow
@pytest.mark.parametrize("lang,text,target,host", [
    ("fr", "Rabat a convoqué l'ambassadeur d'Iran.", "IRN", None),
    ("en", "Britain summoned the Iranian chargé d'affaires on Monday.", "IRN", None),
    ("fr", "Paris a convoqué l'ambassadeur de Russie en France.", "RUS", "FRA"),
])
def test_diplomats_are_role_actors_of_their_state(extractor, lang, text, target, host):
    found, raw = events(extractor, lang, text)
    assert found and found[0][0] == "ACCUSE"
    envoy = raw[0].target
    assert (envoy.kind, envoy.country, envoy.role) == ("person", target, "ambassador")


@pytest.mark.slow
def test_recalling_an_envoy_from_a_host_is_a_sanction_against_the_host(extractor):
    found, _ = events(extractor, "fr", "Le Maroc a rappelé son ambassadeur à Abuja.")
    assert ("SANCTION", ("Morocco", "MAR"), ("Nigeria", "NGA")) in found


@pytest.mark.slow
@pytest.mark.parametrize("lang,text,expected", [
    # a definite title refers to the person with that post named before
    ("fr", "Le ministre malien des Affaires étrangères Abdoulaye Diop est arrivé à Alger. "
           "Le ministre a condamné samedi l'Algérie.",
     ("ACCUSE", "Abdoulaye Diop", "Algeria")),
    # "the two leaders": both persons named last
    ("en", "Vladimir Putin spoke with Angela Merkel. The two leaders agreed to meet in Minsk.",
     ("AGREE", "Vladimir Putin", "Angela Merkel")),
    # a pronoun subject: the person named before
    ("en", "Somali Information Minister Abdirahman Yusuf Omar spoke in Mogadishu. He accused "
           "Kenya of interference.", ("ACCUSE", "Abdirahman Yusuf Omar", "Kenya")),
    # a surname alone after the full name
    ("fr", "Le porte-parole Zhao Lijian a parlé jeudi. M. Zhao a accusé la Lituanie.",
     ("ACCUSE", "Zhao Lijian", "Lithuania")),
])
def test_reference_within_a_document(extractor, lang, text, expected):
    found, _ = events(extractor, lang, text)
    assert expected in [(f[0], f[1][0], f[2][0]) for f in found if f[1] and f[2]]


@pytest.mark.slow
def test_a_title_that_fits_no_one_named_gives_no_actor(extractor):
    # the president is not the minister named before: no actor rather than a wrong one
    found, _ = events(extractor, "fr", "Le ministre malien des Affaires étrangères Abdoulaye "
                                       "Diop est arrivé. Le président a condamné l'Algérie.")
    assert not any(f[1] and f[1][0] == "Abdoulaye Diop" for f in found)


@pytest.mark.slow
@pytest.mark.parametrize("lang,text", [
    ("fr", "Les biens diplomatiques ont été attaqués."),
    ("en", "The economy was hit hard."),
])
def test_a_thing_is_no_actor(extractor, lang, text):
    found, _ = events(extractor, lang, text)
    assert found == []


@pytest.mark.slow
def test_a_local_group_takes_the_state_of_its_place(extractor):
    found, raw = events(extractor, "en", "In Mogadishu, demonstrators denounced Kenya.")
    assert found and raw[0].source.country == "SOM"
