"""Each rule family, on French and English sentences written for these tests.

Fast tests build parses by hand on ``spacy.blank``; the others use the session's extractor
(real models), marked slow.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from homologue.documents import Document
from homologue.extract.actors import generic_mention
from homologue.extract.events import _is_negated, _is_requested, merge_events
from homologue.extract.lexicon import load_lexicon
from homologue.extract.model import Event, Evidence
from homologue.rdf.gazetteer import Actor


def parse(lang, words, heads, deps, pos, lemmas=None):
    nlp = spacy.blank(lang)
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos,
               lemmas=lemmas or [w.lower() for w in words])


# -- fast: hand-built parses -------------------------------------------------------------------


def test_negated_subject_blocks_the_event():
    # "No group claimed the attack" / "Aucun groupe n'a revendiqué l'attaque"
    en = parse("en", ["No", "group", "claimed", "the", "attack"], [1, 2, 2, 4, 2],
               ["det", "nsubj", "ROOT", "det", "dobj"], ["DET", "NOUN", "VERB", "DET", "NOUN"])
    assert _is_negated(en[2])
    fr = parse("fr", ["Aucun", "groupe", "a", "revendiqué", "l'", "attaque"], [1, 3, 3, 3, 5, 3],
               ["det", "nsubj", "aux:tense", "ROOT", "det", "obj"],
               ["DET", "NOUN", "AUX", "VERB", "DET", "NOUN"])
    assert _is_negated(fr[3])
    plain = parse("en", ["A", "group", "claimed", "the", "attack"], [1, 2, 2, 4, 2],
                  ["det", "nsubj", "ROOT", "det", "dobj"], ["DET", "NOUN", "VERB", "DET", "NOUN"])
    assert not _is_negated(plain[2])


class _Ctx:
    def __init__(self, lang):
        self.lexicon = load_lexicon(lang)


def test_a_demanded_action_is_not_done():
    # "Paris exige que Moscou retire ses troupes": the withdrawal is only demanded
    fr = parse("fr", ["Paris", "exige", "que", "Moscou", "retire", "ses", "troupes"],
               [1, 1, 4, 4, 1, 6, 4], ["nsubj", "ROOT", "mark", "nsubj", "ccomp", "det", "obj"],
               ["PROPN", "VERB", "SCONJ", "PROPN", "VERB", "DET", "NOUN"],
               ["Paris", "exiger", "que", "Moscou", "retirer", "son", "troupe"])
    assert _is_requested(_Ctx("fr"), fr[4])
    # "They urged Iran to release the sailors"
    en = parse("en", ["They", "urged", "Iran", "to", "release", "the", "sailors"],
               [1, 1, 1, 4, 1, 6, 4], ["nsubj", "ROOT", "dobj", "aux", "xcomp", "det", "dobj"],
               ["PRON", "VERB", "PROPN", "PART", "VERB", "DET", "NOUN"],
               ["they", "urge", "Iran", "to", "release", "the", "sailor"])
    assert _is_requested(_Ctx("en"), en[4])
    assert not _is_requested(_Ctx("en"), en[1])


@pytest.fixture(scope="module")
def gazetteer():
    from homologue.rdf.gazetteer import load_gazetteer

    return load_gazetteer()


def test_noun_phrases_become_actors_with_their_country(gazetteer):
    # "the Pakistani police" / "les manifestants" / "une centaine de personnes"
    en = parse("en", ["the", "Pakistani", "police"], [2, 2, 2], ["det", "amod", "ROOT"],
               ["DET", "ADJ", "NOUN"])
    mention = generic_mention(gazetteer, en[2])
    assert mention.actor.label == "Pakistani police" and mention.actor.country == "PAK"
    fr = parse("fr", ["une", "centaine", "de", "manifestants"], [1, 1, 3, 1],
               ["det", "ROOT", "case", "nmod"], ["DET", "NOUN", "ADP", "NOUN"],
               ["un", "centaine", "de", "manifestant"])
    assert generic_mention(gazetteer, fr[1]).actor.label == "manifestants"
    abstract = parse("en", ["the", "economy"], [1, 1], ["det", "ROOT"], ["DET", "NOUN"])
    assert generic_mention(gazetteer, abstract[1]) is None
    assert generic_mention(gazetteer, abstract[1], any_noun=True) is None  # a thing is no actor
    things = parse("fr", ["les", "intérêts", "français"], [1, 1, 1], ["det", "ROOT", "amod"],
                   ["DET", "NOUN", "ADJ"])
    assert generic_mention(gazetteer, things[1]).actor.label == "France"  # a thing of a state


def test_territory_and_envoys_stand_for_their_state(gazetteer):
    # "le sol français", "the French ambassador"
    fr = parse("fr", ["le", "sol", "français"], [1, 1, 1], ["det", "ROOT", "amod"],
               ["DET", "NOUN", "ADJ"])
    assert generic_mention(gazetteer, fr[1]).actor.country == "FRA"
    assert generic_mention(gazetteer, fr[1]).actor.kind == "state"
    en = parse("en", ["the", "French", "ambassador"], [2, 2, 2], ["det", "amod", "ROOT"],
               ["DET", "ADJ", "NOUN"])
    assert generic_mention(gazetteer, en[2]).actor.kind == "state"


def _attack(doc, sentence, source, target, date=None, explicit=False):
    from homologue.dates import PartialDate

    event = Event(doc, "ASSAULT", source, target, Evidence("s", 0, 1, sentence),
                  date=PartialDate.parse(date))
    event.extra["date_explicit"] = explicit
    return event


def test_one_attack_told_twice_is_merged_with_the_named_actors_kept():
    isis = Actor("https://w3id.org/homologue/actor/islamic-state", "Islamic State", "armed_group",
                 None, "Q2429253")
    russia = Actor("https://w3id.org/homologue/actor/RUS", "Russia", "state", "RUS", "Q159")
    gunmen = Actor("https://w3id.org/homologue/actor/x-hommes-armes", "hommes armés", "group")
    crowd = Actor("https://w3id.org/homologue/actor/x-foule", "foule", "group")
    merged = merge_events([_attack("d", 0, isis, russia, "2024-03-22", True),
                           _attack("d", 4, gunmen, crowd, "2024-03-22", True),
                           _attack("d", 5, None, crowd)])
    assert len(merged) == 1
    assert (merged[0].source, merged[0].target) == (isis, russia)
    assert len(merged[0].extra["more_evidence"]) == 2
    other_day = merge_events([_attack("d", 0, isis, russia, "2024-03-22", True),
                              _attack("d", 4, gunmen, crowd, "2024-05-02", True)])
    assert len(other_day) == 2


# -- slow: the real pipelines ------------------------------------------------------------------


def events(extractor, lang, text, published="2024-04-10"):
    found = extractor.extract(Document("t", text, lang, published))
    return [(e.type, e.source.label if e.source else None, e.target.label if e.target else None,
             e.date.iso if e.date else None) for e in found], found


@pytest.mark.slow
@pytest.mark.parametrize("lang,text", [
    ("en", "China accused the United States of spying on its embassy."),
    ("fr", "La Chine accuse les Etats-Unis d'espionner son ambassade."),
])
def test_subject_and_object(extractor, lang, text):
    found, _ = events(extractor, lang, text)
    assert ("ACCUSE", "China", "United States", "2024-04-10") in found


@pytest.mark.slow
@pytest.mark.parametrize("lang,text", [
    ("en", "The attack on the embassy was claimed by the Islamic State."),
    ("fr", "L'attaque contre l'ambassade a été revendiquée par l'Etat islamique."),
])
def test_passive_with_agent(extractor, lang, text):
    found, _ = events(extractor, lang, text)
    assert any(t == "CLAIM" and s == "Islamic State" for t, s, _, _ in found), found


@pytest.mark.slow
@pytest.mark.parametrize("lang,text,mode", [
    ("en", "Sergei Lavrov and Antony Blinken spoke with each other on Tuesday.", None),
    ("en", "Sergei Lavrov and Antony Blinken met in Geneva on Tuesday.", None),
    ("fr", "Sergueï Lavrov et Antony Blinken se sont téléphoné mardi.", "phone"),
])
def test_reciprocal_contacts(extractor, lang, text, mode):
    found, raw = events(extractor, lang, text)
    assert [(t, {s, g}, d) for t, s, g, d in found] == [
        ("CONSULT", {"Sergei Lavrov", "Antony Blinken"}, "2024-04-09")]
    assert raw[0].mode == mode


@pytest.mark.slow
@pytest.mark.parametrize("lang,text", [
    ("en", "\"We demand that Russia stop its attacks,\" Emmanuel Macron said."),
    ("fr", "« Nous exigeons que la Russie cesse ses attaques », a déclaré Emmanuel Macron."),
])
def test_reported_speech_speaker_is_the_source(extractor, lang, text):
    found, _ = events(extractor, lang, text)
    assert [f[:3] for f in found] == [("REQUEST", "Emmanuel Macron", "Russia")]


@pytest.mark.slow
@pytest.mark.parametrize("lang,promise,delivery", [
    ("en", "Germany promised to deliver tanks to Ukraine.",
     "Germany delivered tanks to Ukraine last week."),
    ("fr", "L'Allemagne a promis de livrer des chars à l'Ukraine.",
     "L'Allemagne a livré des chars à l'Ukraine la semaine dernière."),
])
def test_promise_is_agree_delivery_is_aid(extractor, lang, promise, delivery):
    assert [f[:3] for f in events(extractor, lang, promise)[0]] == [("AGREE", "Germany", "Ukraine")]
    assert [f[:3] for f in events(extractor, lang, delivery)[0]] == [("AID", "Germany", "Ukraine")]


@pytest.mark.slow
@pytest.mark.parametrize("lang,text", [
    ("en", "Lavrov did not meet Blinken in Geneva."),
    ("fr", "Lavrov n'a pas rencontré Blinken à Genève."),
    ("en", "Will Macron meet Putin in Moscow?"),
    ("fr", "Le président français n'exclut pas de rencontrer Vladimir Poutine."),
    ("en", "If Russia attacks Poland, NATO would respond."),
    ("fr", "Rien n'indique que Lavrov se soit entretenu avec des responsables occidentaux."),
    ("en", "He said no group had yet claimed responsibility for the explosion."),
])
def test_statements_that_are_not_events(extractor, lang, text):
    assert events(extractor, lang, text)[0] == []


@pytest.mark.slow
@pytest.mark.parametrize("lang,text", [
    ("en", "The Russian defence minister met his Chinese counterpart in Beijing on Tuesday."),
    ("fr", "Le ministre russe de la Défense a rencontré mardi son homologue chinois à Pékin."),
])
def test_titles_resolve_at_the_event_date(extractor, lang, text):
    in_2025 = events(extractor, lang, text, "2025-02-10")[0]
    in_2022 = events(extractor, lang, text, "2022-02-10")[0]
    assert [(f[1], f[2]) for f in in_2025] == [("Andrei Belousov", "Dong Jun")]
    assert in_2022[0][1] == "Sergei Shoigu"


@pytest.mark.slow
@pytest.mark.parametrize("lang,text,source,target", [
    ("en", "Police arrested dozens of protesters in Tbilisi on Monday.", "Police", "protesters"),
    ("fr", "La police a arrêté des dizaines de manifestants lundi à Tbilissi.", "police",
     "manifestants"),
    ("en", "A suicide bomber killed five people in Kabul.", "suicide bomber", "people"),
    ("fr", "Un kamikaze a tué cinq personnes à Kaboul.", "kamikaze", "personnes"),
])
def test_unnamed_groups_are_actors_and_places_are_not(extractor, lang, text, source, target):
    found, _ = events(extractor, lang, text)
    assert [(f[1], f[2]) for f in found] == [(source, target)]


@pytest.mark.slow
def test_unknown_person_keeps_name_role_and_nationality(extractor):
    _, raw = events(extractor, "en", "Ukrainian lawmaker Oleksiy Goncharenko accused Hungary "
                                     "of blocking aid.")
    person = raw[0].source
    assert (person.label, person.country, person.role) == ("Oleksiy Goncharenko", "UKR",
                                                           "lawmaker")


@pytest.mark.slow
@pytest.mark.parametrize("lang,text", [
    ("en", "Russia summoned the French ambassador yesterday."),
    ("fr", "La Russie a convoqué hier l'ambassadeur de France."),
])
def test_summoning_an_ambassador(extractor, lang, text):
    found, raw = events(extractor, lang, text)
    assert found == [("ACCUSE", "Russia", "ambassador of France", "2024-04-09")]
    assert raw[0].mode == "disapprove"
    envoy = raw[0].target  # a role actor of its state, whoever holds the post
    assert (envoy.kind, envoy.country, envoy.role, envoy.aliases) == (
        "person", "FRA", "ambassador", ("France",))


@pytest.mark.slow
def test_initiative_sets_the_initiator(extractor):
    _, raw = events(extractor, "fr", "Vladimir Poutine s'est entretenu lundi avec Emmanuel "
                                     "Macron, à l'initiative de Paris.")
    assert raw[0].initiator.label == "Emmanuel Macron"
    assert raw[0].source.label == "Emmanuel Macron"  # the initiator is the source


@pytest.mark.slow
@pytest.mark.parametrize("lang,text", [
    ("en", "Russia and China signed an agreement on energy cooperation."),
    ("fr", "La Russie et la Chine ont signé un accord sur l'énergie."),
])
def test_two_subjects_of_an_agreement_are_its_sides(extractor, lang, text):
    found, _ = events(extractor, lang, text)
    assert [(f[0], {f[1], f[2]}) for f in found] == [("AGREE", {"Russia", "China"})]


@pytest.mark.slow
def test_own_gazetteer_file_adds_actors(tmp_path):
    from homologue.extract import Extractor

    ttl = tmp_path / "mine.ttl"
    ttl.write_text("""
@prefix hom: <https://w3id.org/homologue/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/homologue/actor/zorglub-front> a hom:ArmedGroup ;
    skos:prefLabel "Zorglub Front"@en ; skos:altLabel "Front Zorglub"@fr .
""", "utf-8")
    extractor = Extractor(actors=[ttl])
    found = extractor.extract(Document("t", "The Zorglub Front attacked Chad on Monday.", "en",
                                       "2024-04-10"))
    assert [(e.type, e.source.label, e.target.label) for e in found] == [
        ("ASSAULT", "Zorglub Front", "Chad")]


@pytest.mark.slow
@pytest.mark.parametrize("lang,text,expected", [
    ("en", "Chile cut its ties with Peru, accusing the latter of spying.",
     ("ACCUSE", "Chile", "Peru")),
    ("fr", "Le Chili a rompu avec le Pérou. Ce dernier a accusé Santiago d'espionnage.",
     ("ACCUSE", "Peru", "Chile")),
])
def test_the_latter_is_the_actor_named_last(extractor, lang, text, expected):
    found, _ = events(extractor, lang, text)
    assert expected in [f[:3] for f in found]


@pytest.mark.slow
def test_a_backer_is_not_the_group_it_backs(extractor):
    found, _ = events(extractor, "en", "Norway condemned the assault by Iran-backed militias "
                      "on the port.")
    assert ("ACCUSE", "Norway", "militias") in [f[:3] for f in found]
    assert not any(f[1] == "Iran" for f in found)


@pytest.mark.slow
@pytest.mark.parametrize("lang,text", [
    ("en", "Estonia joined its allies in condemning the attack by Russia on the port."),
    ("en", "Estonia responded by condemning the attack by Russia on the port."),
])
def test_a_gerund_after_a_preposition_has_the_verb_subject(extractor, lang, text):
    found, _ = events(extractor, lang, text)
    assert ("ACCUSE", "Estonia", "Russia") in [f[:3] for f in found]


@pytest.mark.slow
@pytest.mark.parametrize("lang,text,source", [
    ("fr", "L'ambassadeur de Suède a été convoqué lundi au ministère des Affaires étrangères "
           "turc.", "Turkey"),
    ("fr", "L'ambassadeur du Brésil au Chili a été convoqué lundi.", "Chile"),
])
def test_a_passive_summons_is_by_the_ministry_or_the_host_state(extractor, lang, text, source):
    found, _ = events(extractor, lang, text)
    assert [f[:2] for f in found if f[0] == "ACCUSE"] == [("ACCUSE", source)]


@pytest.mark.slow
@pytest.mark.parametrize("lang,text", [
    ("fr", "Des manifestants ont incendié l'ambassade du Danemark à Beyrouth."),
    ("en", "Protesters stormed the Danish embassy in Beirut."),
])
def test_violence_by_protesters_is_a_protest(extractor, lang, text):
    found, _ = events(extractor, lang, text)
    assert [(f[0], f[2]) for f in found] == [("PROTEST", "Denmark")]


@pytest.mark.slow
def test_a_subject_pronoun_parsed_as_expletive_still_acts(extractor):
    found, _ = events(extractor, "fr", "Le président Lula a téléphoné à l'Argentine et au "
                      "Chili. Il les exhorte à signer l'accord.")
    requests = [f[:2] for f in found if f[0] == "REQUEST"]
    assert requests and requests[0][1] == "Luiz Inácio Lula da Silva"


@pytest.mark.slow
@pytest.mark.parametrize("text,expected", [
    ("Egypt and Qatar on Monday agreed to restore diplomatic relations.",
     ("AGREE", "Egypt", "Qatar")),
    ("Somalia called back all its diplomats from Kenya.", ("SANCTION", "Somalia", "Kenya")),
    ("We call on Russia to end its support for the separatists, Blinken said.",
     ("REQUEST", "Antony Blinken", "Russia")),
])
def test_english_verbs_with_their_particles_and_complements(extractor, text, expected):
    found, _ = events(extractor, "en", text)
    assert expected in [f[:3] for f in found]


@pytest.mark.slow
@pytest.mark.parametrize("lang,text", [
    ("fr", "Des assaillants ont attaqué un hôtel à Nairobi mardi. Le Tchad a condamné l'attaque "
           "contre l'hôtel de Nairobi. Les Chabab ont revendiqué l'attentat."),
    ("en", "Gunmen attacked a hotel in Nairobi on Tuesday. Chad condemned the attack on the "
           "hotel in Nairobi. Al-Shabaab claimed the attack."),
])
def test_a_claim_names_the_author_of_the_attack_told_without_one(extractor, lang, text):
    found, _ = events(extractor, lang, text)
    triples = {f[:3] for f in found}
    assert ("ASSAULT", "al-Shabaab", "Kenya") in triples
    assert ("CLAIM", "al-Shabaab", "Kenya") in triples
    assert ("ACCUSE", "Chad", "al-Shabaab") in triples  # the author, not the place attacked


@pytest.mark.slow
def test_a_judgement_on_a_told_act_is_aimed_at_its_author(extractor):
    found, _ = events(extractor, "fr", "Des policiers équatoriens ont fait irruption dans "
                      "l'ambassade du Mexique. Le Mexique a qualifié cette intervention de "
                      "« violation de la souveraineté du Mexique ».")
    assert ("ACCUSE", "Mexico", "Ecuador") in [f[:3] for f in found]


@pytest.mark.slow
@pytest.mark.parametrize("lang,text", [
    ("en", "Chile condemned the vandalism of the monument."),
    ("fr", "Le Chili a condamné le saccage du monument."),
])
def test_an_accusation_without_an_addressee_is_one_sided(extractor, lang, text):
    found, _ = events(extractor, lang, text)
    assert [f[:3] for f in found] == [("ACCUSE", "Chile", None)]


@pytest.mark.slow
@pytest.mark.parametrize("lang,text,absent", [
    ("fr", "Le groupe a menacé de frapper les intérêts du Danemark.", "ASSAULT"),
    ("en", "Germany welcomed the agreement to hold talks between Russia and Ukraine.", "CONSULT"),
])
def test_threatened_or_planned_acts_are_not_done(extractor, lang, text, absent):
    found, _ = events(extractor, lang, text)
    assert absent not in [f[0] for f in found]


@pytest.mark.slow
@pytest.mark.parametrize("lang,text", [
    ("fr", "La police saoudienne a essuyé des tirs dans le village."),
    ("en", "The Saudi police came under fire and suffered an attack in the village."),
])
def test_who_undergoes_an_attack_is_its_target(extractor, lang, text):
    found, _ = events(extractor, lang, text)
    assert all(f[1] != "Saudi Arabia" for f in found)


@pytest.mark.slow
def test_a_past_participle_names_who_undergoes_the_act(extractor):
    found, _ = events(extractor, "fr", "Le gouvernement équatorien a annoncé que Jorge Glas, "
                      "condamné à six ans de prison, a été arrêté.")
    assert not any(f[1] == "Jorge Glas" for f in found)


@pytest.mark.slow
def test_a_judgement_of_the_other_side_when_it_is_the_last_one_acted_against(extractor):
    found, _ = events(extractor, "fr", "Le Maroc a rappelé son ambassadeur au Nigeria. Le Maroc "
                      "exprime sa dénonciation à l'égard de ces pratiques.")
    assert ("ACCUSE", "Morocco", "Nigeria") in [f[:3] for f in found]


@pytest.mark.slow
def test_welcoming_a_thing_is_praise_not_a_visit(extractor):
    found, _ = events(extractor, "en", "Macron welcomed the Iran-Saudi thaw.")
    assert [f[0] for f in found] and "CONSULT" not in [f[0] for f in found]
    found, _ = events(extractor, "en", "Macron welcomed the Iranian president in Paris.")
    assert "CONSULT" in [f[0] for f in found]


@pytest.mark.slow
def test_a_pronoun_in_a_subordinate_clause_is_the_main_subject(extractor):
    found, _ = events(extractor, "en", "Emmanuel Macron, speaking alongside Xi Jinping, welcomed "
                      "the talks as he praised his Chinese counterpart.")
    assert ("SUPPORT", "Emmanuel Macron", "Xi Jinping") in [f[:3] for f in found]


@pytest.mark.slow
@pytest.mark.parametrize("lang,text", [
    ("en", "Bilawal Bhutto Zardari spoke by phone with Amir Khan Muttaqi on Friday. Muttaqi "
           "promised that the embassy would be protected."),
    ("fr", "Bilawal Bhutto Zardari s'est entretenu vendredi avec Amir Khan Muttaqi. Muttaqi a "
           "promis que l'ambassade serait protégée."),
])
def test_what_one_side_of_a_call_promises_is_promised_to_the_other(extractor, lang, text):
    found, _ = events(extractor, lang, text)
    assert ("AGREE", "Amir Khan Muttaqi", "Bilawal Bhutto Zardari") in [f[:3] for f in found]


@pytest.mark.slow
def test_a_bare_leader_title_in_an_article_about_one_state(extractor):
    text = ("Le Maroc a rappelé son ambassadeur au Nigeria. Le Maroc dénonce des manœuvres. "
            "Le Maroc confirme sa position. Sa Majesté le Roi a décliné la demande du Nigeria.")
    found, _ = events(extractor, "fr", text, published="2015-03-11")
    assert ("REJECT", "Mohammed VI", "Nigeria") in [f[:3] for f in found]
    assert not any(f[1] and "Majest" in f[1] for f in found)  # an honorific is no name


@pytest.mark.slow
@pytest.mark.parametrize("lang,text,expected", [
    ("en", "Lavrov received the Iranian foreign minister in Moscow.",
     ("CONSULT", "Hossein Amir-Abdollahian", "Sergei Lavrov")),
    ("fr", "Pékin a vivement protesté auprès de Tokyo après la visite.",
     ("ACCUSE", "China", "Japan")),
    ("fr", "Le Premier ministre indien Narendra Modi a effectué une visite d'Etat en France.",
     ("CONSULT", "Narendra Modi", "France")),
    ("fr", "Le Quai d'Orsay a condamné l'arrestation de deux ressortissants français en Iran.",
     ("ACCUSE", "French Foreign Ministry", "Iran")),
    ("en", "Britain condemned the arrest of two journalists in Iran.",
     ("ACCUSE", "United Kingdom", "Iran")),
])
def test_contacts_and_protests_as_wires_phrase_them(extractor, lang, text, expected):
    found, _ = events(extractor, lang, text, published="2023-06-19")
    assert expected in [f[:3] for f in found]


@pytest.mark.slow
@pytest.mark.parametrize("lang,text,expected", [
    ("en", "The European Union adopted a new package of sanctions against Russia.",
     ("SANCTION", "European Union", "Russia")),
    ("en", "Germany pledged 500 million euros in military aid to Ukraine.",
     ("AGREE", "Germany", "Ukraine")),
])
def test_nested_nouns_keep_their_verb_and_target(extractor, lang, text, expected):
    found, _ = events(extractor, lang, text, published="2023-06-19")
    assert expected in [f[:3] for f in found]


@pytest.mark.slow
@pytest.mark.parametrize("lang,text", [
    ("fr", "Kiev accuse Moscou d'avoir bombardé la centrale nucléaire."),
    ("en", "Ukraine accused Russia of shelling the nuclear plant."),
])
def test_the_act_an_accusation_alleges_is_not_told_as_done(extractor, lang, text):
    found, _ = events(extractor, lang, text, published="2023-06-19")
    assert [f[:3] for f in found] == [("ACCUSE", "Ukraine", "Russia")]


@pytest.mark.slow
def test_a_person_of_a_state_is_the_person(extractor):
    found, _ = events(extractor, "en", "President Biden spoke by phone with Prime Minister "
                      "Netanyahu of Israel.", published="2023-06-19")
    assert ("CONSULT", "Joe Biden", "Benjamin Netanyahu") in [f[:3] for f in found]


@pytest.mark.slow
@pytest.mark.parametrize("lang,text,expected", [
    ("fr", "Le secrétaire d'Etat américain Antony Blinken est arrivé lundi à Pékin pour une "
           "visite de deux jours.", ("CONSULT", "Antony Blinken", "China")),
    ("en", "The US Secretary of State arrived in Beijing on Monday for a two-day visit.",
     ("CONSULT", "Antony Blinken", "China")),
    ("fr", "Téhéran a convoqué le chargé d'affaires britannique.",
     ("ACCUSE", "Iran", "ambassador of United Kingdom")),
    ("en", "Beijing lodged a strong protest with Washington over the sanctions.",
     ("ACCUSE", "China", "United States")),
])
def test_visits_summons_and_protests_in_other_words(extractor, lang, text, expected):
    found, _ = events(extractor, lang, text, published="2023-06-19")
    assert expected in [f[:3] for f in found]


@pytest.mark.slow
def test_a_participle_saying_what_an_event_aims_at_is_part_of_it(extractor):
    found, _ = events(extractor, "fr", "Washington a annoncé de nouvelles sanctions visant des "
                      "responsables iraniens.", published="2023-06-19")
    assert [f[0] for f in found] == ["SANCTION"]


@pytest.mark.slow
@pytest.mark.parametrize("lang,text,expected", [
    ("fr", "Lors de sa rencontre avec Wang Yi, Antony Blinken a réclamé la libération des "
           "détenus.", ("CONSULT", "Antony Blinken", "Wang Yi")),
    ("en", "Blinken's meeting with Xi lasted 35 minutes.", ("CONSULT", "Antony Blinken",
                                                           "Xi Jinping")),
    ("fr", "L'entretien entre Emmanuel Macron et Olaf Scholz a duré deux heures.",
     ("CONSULT", "Emmanuel Macron", "Olaf Scholz")),
])
def test_a_meeting_told_as_a_noun_has_its_two_sides(extractor, lang, text, expected):
    found, _ = events(extractor, lang, text, published="2023-06-19")
    assert expected in [f[:3] for f in found]


@pytest.mark.slow
def test_a_participle_clause_happens_when_its_verb_does(extractor):
    found, _ = events(extractor, "en", "Chile yesterday cut diplomatic relations with Peru, "
                      "accusing the latter of spying.", published="2020-12-16")
    assert {f for f in found if f[0] in ("SANCTION", "ACCUSE")} == {
        ("SANCTION", "Chile", "Peru", "2020-12-15"), ("ACCUSE", "Chile", "Peru", "2020-12-15")}


@pytest.mark.slow
@pytest.mark.parametrize("lang,text", [
    ("en", "Mali ordered the French ambassador to leave the country within 72 hours."),
    ("fr", "Le Mali a donné 72 heures à l'ambassadeur de France pour quitter le pays."),
])
def test_ordering_an_envoy_to_leave_is_an_expulsion(extractor, lang, text):
    found, _ = events(extractor, lang, text, published="2023-06-19")
    assert [f[:3] for f in found] == [("SANCTION", "Mali", "ambassador of France")]


@pytest.mark.slow
def test_the_counterpart_of_a_person_no_list_knows_comes_from_his_title(extractor):
    found, _ = events(extractor, "fr", "Le ministre des Affaires étrangères d'Oman, Badr "
                      "Albusaidi, a reçu son homologue algérien.", published="2021-03-02")
    assert ("CONSULT", "Sabri Boukadoum", "Badr Albusaidi") in [f[:3] for f in found]


@pytest.mark.slow
def test_a_diplomat_summoned_to_a_ministry_is_summoned_by_its_state(extractor):
    found, _ = events(extractor, "en", "The Iranian chargé d'affaires was summoned to the "
                      "Foreign Office.", published="2021-03-02")
    assert [f[:3] for f in found] == [("ACCUSE", "United Kingdom", "ambassador of Iran")]


@pytest.mark.slow
def test_two_sides_exchanging_fire_attack_each_other(extractor):
    found, _ = events(extractor, "en", "India and Pakistan exchanged fire along the border.",
                      published="2023-06-19")
    assert {f[:3] for f in found} == {("ASSAULT", "India", "Pakistan"),
                                      ("ASSAULT", "Pakistan", "India")}
