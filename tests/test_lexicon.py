"""Trigger lexicons: the CAMEO builder on a small dictionary of our own, the loading of the
built files after the hand lexicon, and the new French and English forms on real parses."""

from __future__ import annotations

import pytest
import yaml

from homologue.documents import Document
from homologue.extract import build_lexicon
from homologue.extract.build_lexicon import build, cue_words, read_dictionary, read_table, verb_words
from homologue.extract.lexicon import lexicon_files, load_lexicon, merge_lexicons, parse_lexicon

DICTIONARY = """\
# a test dictionary in PETRARCH's format
####### SYNONYM SETS #######

&TREATY
+TREATY
+PACT
+WRITTEN_AGREEMENT

&PEOPLE
+CIVILIAN

####### VERB PATTERNS #######

--- SCOLD [111] ---
SCOLD
UPBRAID {UPBRAIDS UPBRAIDED}
LAUD [051]
+LASH_OUT {+LASHES_OUT +LASHED_OUT}
RE_+SCOLD
- * &TREATY [057]  # SCOLD <xx 01 Jan 2020>
- * WITH + [040]  # SCOLD
- * + OVER [111]  # UPBRAID
- SAID WOULD NOT * [120]  # SCOLD
- * &PEOPLE [190]  # SCOLD
- * SHARP CRITICISM OF + [0110]  # SCOLD
--- EXPLAIN_VERBAL [010] ---
SAY {SAYS SAID}
- * CONDEMNATION [111]  # SAY
--- WANDER ###
WANDER
- * INTO + [192]  # WANDER
"""

TABLE = """\
# test table
04: CONSULT
040: CONSULT, ,  # Consult
051: SUPPORT,  , diplomatic # Praise
057: SUPPORT,  , diplomatic # Sign formal agreement
111: ACCUSE, disapprove,    # Criticize
120: REJECT,  ,    # Reject
190: ASSAULT, , military # Use conventional military force
192: COERCE, seize, military # Occupy territory
"""


def entry(entries, nouns=False, **wanted):
    found = [e for e in entries if e.get("nouns", False) == nouns
             and all(e.get(k) == v for k, v in wanted.items())]
    assert len(found) == 1, (wanted, entries)
    return found[0]


def test_reading_blocks_synonyms_and_patterns():
    synonyms, blocks = read_dictionary(DICTIONARY)
    assert synonyms["TREATY"] == ["treaty", "pact", "written agreement"]
    scold = blocks[0]
    assert (scold.name, scold.code) == ("SCOLD", "111")
    assert [v[0] for v in scold.verbs] == ["SCOLD", "UPBRAID", "LAUD", "+LASH_OUT", "RE_+SCOLD"]
    assert scold.verbs[2][1] == "051"  # a verb's own code
    assert scold.patterns[0] == ([], ["&TREATY"], "057", "scold")
    assert blocks[2].code is None  # "--- WANDER ###": no code of its own
    assert verb_words("+LASH_OUT") == ("lash", ["out"])
    assert verb_words("RE_+SCOLD") == ("rescold", [])
    # the head of the phrase after the verb; none after a function word or in a long phrase
    assert cue_words(["SHARP", "CRITICISM", "OF", "+"], synonyms) == ["criticism"]
    assert cue_words(["TO", "RENOUNCE"], synonyms) == []
    assert cue_words(["WITH", "+"], synonyms) == ["with"]
    assert cue_words(["&PEOPLE"], synonyms) == []  # a set naming actors is no cue


def test_table_and_the_projects_overrides():
    table = read_table(TABLE)
    assert table["111"] == ("ACCUSE", "disapprove")
    assert table["057"] == ("AGREE", None)  # the project codes signed agreements as AGREE
    assert table["163"] == ("SANCTION", "discontinue")
    assert "04" not in table


def test_builder_entries():
    entries = build(DICTIONARY, TABLE)
    plain = entry(entries, type="ACCUSE", cameo="111", words=["rescold", "scold", "upbraid"])
    assert plain["target"][0] == "obj" and "requires" not in plain
    assert entry(entries, type="SUPPORT", cameo="051")["words"] == ["laud"]
    # a pattern's cue word, for the verb its comment names; multiword set members dropped
    treaty = entry(entries, type="AGREE", cameo="057")
    assert treaty["words"] == ["scold"] and treaty["requires"] == ["pact", "treaty"]
    meet = entry(entries, type="CONSULT", cameo="040")
    assert meet["requires"] == ["with"] and "with" in meet["target"] and meet["symmetric"]
    assert entry(entries, words=["lash"])["requires"] == ["out"]  # +LASH_OUT
    # patterns with words before the verb, unmapped codes (01, 02) and actor sets give nothing
    assert not [e for e in entries if e["type"] in ("REJECT", "ASSAULT") and not e.get("nouns")]
    assert entry(entries, words=["say"])["requires"] == ["condemnation"]
    assert entry(entries, type="COERCE")["words"] == ["wander"]
    # cued entries before the plain ones: the first matching entry of a word wins
    cued = [i for i, e in enumerate(entries) if "requires" in e and not e.get("nouns")]
    plain_at = [i for i, e in enumerate(entries) if "requires" not in e and not e.get("nouns")]
    assert max(cued) < min(plain_at)


def test_builder_respects_the_hand_lexicon():
    hand = {"speech_verbs": ["say"],
            "triggers": [{"type": "REJECT", "words": ["upbraid"]},
                         {"type": "SANCTION", "words": ["summons"], "nouns": True}]}
    entries = build(DICTIONARY, TABLE, hand)
    assert not [e for e in entries if "say" in e["words"]]  # its cues are in what is said
    plain = entry(entries, type="ACCUSE", cameo="111", words=["rescold", "scold"])
    assert "upbraid" not in plain["words"]  # the hand lexicon decided what it means
    nouns = [w for e in entries if e.get("nouns") for w in e["words"]]
    assert "summons" not in nouns and "rebuke" in nouns


def test_builder_command_is_deterministic(tmp_path):
    (tmp_path / build_lexicon.DICTIONARY).write_text(DICTIONARY, encoding="utf-8")
    (tmp_path / build_lexicon.TABLE).write_text(TABLE, encoding="utf-8")
    hand = tmp_path / "hand.yaml"
    hand.write_text("language: en\ntriggers: []\n", encoding="utf-8")
    out = tmp_path / "en-cameo.yaml"
    assert build_lexicon.main([str(tmp_path), "-o", str(out), "--hand", str(hand)]) == 0
    first = out.read_text(encoding="utf-8")
    build_lexicon.main([str(tmp_path), "-o", str(out), "--hand", str(hand)])
    assert out.read_text(encoding="utf-8") == first
    lexicon = parse_lexicon(yaml.safe_load(first))
    scold = lexicon.triggers["scold"]
    assert scold[0].requires and not scold[-1].requires  # cued entries before the plain one
    assert scold[-1].cameo == "111"
    assert {t.type for t in lexicon.triggers["summons"]} == {"ACCUSE"}


def test_hand_entries_come_first():
    merged = merge_lexicons([
        {"language": "en", "triggers": [{"type": "ACCUSE", "words": ["slam"]}],
         "modes": {"CONSULT": {"phone": ["phone"]}}, "speech_verbs": ["say"]},
        {"triggers": [{"type": "ASSAULT", "words": ["slam"]}, {"type": "AID", "words": ["gift"]}],
         "modes": {"CONSULT": {"phone": ["call"], "visit": ["trip"]}}, "speech_verbs": ["say", "tell"]},
    ])
    lexicon = parse_lexicon(merged)
    assert [t.type for t in lexicon.triggers["slam"]] == ["ACCUSE", "ASSAULT"]
    assert lexicon.modes["CONSULT"] == {"phone": "phone", "call": "phone", "trip": "visit"}
    assert lexicon.speech_verbs == frozenset(("say", "tell")) and lexicon.language == "en"


def test_bundled_lexicons_read_the_built_files():
    assert [f.name for f in lexicon_files("en")][:2] == ["en.yaml", "en-cameo.yaml"]
    english = load_lexicon("en")
    hand = yaml.safe_load((lexicon_files("en")[0]).read_text("utf-8"))
    first_hand = next(e for e in hand["triggers"] if "summon" in e["words"])
    assert english.triggers["summon"][0].type == first_hand["type"]  # the hand entry first
    assert len(english.triggers["summon"]) >= 1
    assert english.triggers["summons"][0].type == "ACCUSE"  # a derived noun
    assert english.candidates("denigrate", "denigrated")  # a CAMEO verb the hand list lacks
    assert load_lexicon("fr").triggers["convocation"][0].type == "ACCUSE"


# -- real parses ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def matcher(extractor):
    from homologue.extract.events import _matching_trigger

    def match(lang, text, word):
        doc = extractor.pipeline(lang)(text)
        token = next(t for t in doc if t.text == word)
        return _matching_trigger(load_lexicon(lang), token)

    return match


@pytest.mark.slow
@pytest.mark.parametrize("lang,text,word,expected", [
    ("fr", "Alger a annoncé le rappel de l'ambassadeur.", "rappel", ("SANCTION", "161")),
    ("fr", "Le ministre a annoncé un rappel des règles.", "rappel", None),
    ("fr", "Paris a eu un appel téléphonique avec Moscou.", "appel", ("CONSULT", "041")),
    ("fr", "La rupture des relations avec Kigali a été annoncée.", "rupture", ("SANCTION", "161")),
    ("fr", "Le gel des avoirs a été décidé.", "gel", ("SANCTION", "162")),
    ("en", "Ottawa announced the recall of its ambassador.", "recall", ("SANCTION", "161")),
    ("en", "The company announced a recall of its cars.", "recall", None),
])
def test_nominal_triggers_need_their_cue(matcher, lang, text, word, expected):
    found = matcher(lang, text, word)
    assert (found.type, found.cameo) == expected if expected else found is None


def events(extractor, lang, text):
    found = extractor.extract(Document("t", text, lang, "2024-04-10"))
    return [(e.type, e.source.label if e.source else None,
             e.target.country if e.target else None) for e in found]


@pytest.mark.slow
@pytest.mark.parametrize("lang,text,expected", [
    # passive: the passive subject is the object, the agent the source
    ("fr", "L'ambassadeur de France a été convoqué par la Russie.", ("ACCUSE", "Russia", "FRA")),
    # nominal: the noun's "de" phrase is its target, the governing verb's subject its source
    ("fr", "La Chine a annoncé la convocation de l'ambassadeur du Japon.",
     ("ACCUSE", "China", "JPN")),
    ("fr", "La Bolivie a annoncé la rupture des relations diplomatiques avec Israël.",
     ("SANCTION", "Bolivia", "ISR")),
    ("fr", "Le Niger a opposé une fin de non-recevoir à la demande de la France.",
     ("REJECT", "Niger", "FRA")),
    ("fr", "La Russie a levé les sanctions contre la Turquie.", ("CONCEDE", "Russia", "TUR")),
    ("en", "Russia announced the expulsion of two Polish diplomats.",
     ("SANCTION", "Russia", "POL")),
    ("en", "Bolivia announced the severance of ties with Israel.", ("SANCTION", "Bolivia", "ISR")),
    ("en", "Iran lambasted the United States over the strike.", ("ACCUSE", "Iran", "USA")),
])
def test_new_forms_give_events(extractor, lang, text, expected):
    assert expected in events(extractor, lang, text)
