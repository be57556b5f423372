"""The event-type model: features, the shipped weights, and reproducible training."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc

from homologue.extract import classifier, train
from homologue.extract.classifier import LABELS, TypeModel, bucket, features, is_candidate


def parsed_doc(lang: str, rows: list[tuple[str, str, str, int, str]], morphs=None) -> Doc:
    """A hand-parsed document: rows of (word, lemma, pos, head index, dep)."""
    nlp = spacy.blank(lang)
    words, lemmas, pos, heads, deps = zip(*rows)
    return Doc(nlp.vocab, words=list(words), lemmas=list(lemmas), pos=list(pos),
               heads=list(heads), deps=list(deps), morphs=morphs)


def japan_summoned() -> Doc:
    return parsed_doc("en", [("Japan", "Japan", "PROPN", 1, "nsubj"),
                             ("summoned", "summon", "VERB", 1, "ROOT"),
                             ("the", "the", "DET", 4, "det"),
                             ("Chinese", "chinese", "ADJ", 4, "amod"),
                             ("ambassador", "ambassador", "NOUN", 1, "dobj"),
                             (".", ".", "PUNCT", 1, "punct")])


def maroc_rappele() -> Doc:
    return parsed_doc("fr", [("Le", "le", "DET", 1, "det"),
                             ("Maroc", "Maroc", "PROPN", 3, "nsubj"),
                             ("a", "avoir", "AUX", 3, "aux:tense"),
                             ("rappelé", "rappeler", "VERB", 3, "ROOT"),
                             ("son", "son", "DET", 5, "det"),
                             ("ambassadeur", "ambassadeur", "NOUN", 3, "obj"),
                             ("à", "à", "ADP", 7, "case"),
                             ("Paris", "Paris", "PROPN", 3, "obl:mod"),
                             (".", ".", "PUNCT", 3, "punct")],
                     morphs=["", "", "", "Tense=Past|VerbForm=Part", "", "", "", "", ""])


def test_features_are_deterministic_and_language_neutral():
    en, fr = japan_summoned(), maroc_rappele()
    first = features(en[1])
    assert first == features(japan_summoned()[1]) == features(en[1])
    assert {"en:summon", "obj:c:DIPLOMAT", "lobj:c:summon:DIPLOMAT", "subj:name",
            "root"} <= set(first)
    french = features(fr[3])
    assert french == features(maroc_rappele()[3])
    # the French verb and its object read through the bilingual table
    assert {"en:recall", "obj:w:ambassador", "obj:c:DIPLOMAT", "lobj:c:recall:DIPLOMAT",
            "obl:to:name", "lem:fr:rappeler"} <= set(french)
    # relations of the two parsers under one name
    assert "subj:name" in french and "subj:name" in first


def test_candidates():
    en, fr = japan_summoned(), maroc_rappele()
    assert [t.text for t in en if is_candidate(t)] == ["summoned"]
    assert [t.text for t in fr if is_candidate(t)] == ["rappelé"]
    doc = parsed_doc("fr", [("la", "le", "DET", 1, "det"),
                            ("rupture", "rupture", "NOUN", 1, "ROOT")])
    assert is_candidate(doc[1])


def test_french_verbs_the_tagger_missed():
    # "La Russie ferme le consulat": the verb tagged as an adjective
    doc = parsed_doc("fr", [("La", "le", "DET", 1, "det"),
                            ("Russie", "Russie", "PROPN", 2, "nsubj"),
                            ("ferme", "ferme", "ADJ", 2, "ROOT"),
                            ("le", "le", "DET", 4, "det"),
                            ("consulat", "consulat", "NOUN", 2, "obj")])
    assert is_candidate(doc[2]) and classifier.english(doc[2]) == "close"
    assert not classifier.is_nominal(doc[2])
    assert {"en:V:close", "obj:c:MISSION"} <= set(features(doc[2]))


def test_candidates_agree_with_the_document_view():
    for doc in (japan_summoned(), maroc_rappele()):
        view = classifier.parsed(doc)
        expected = [classifier._candidate(doc.lang_, t.pos_, classifier.ffold(t.lemma_),
                                          classifier.ffold(t.text)) for t in doc]
        assert [view.candidate(t.i) for t in doc] == [is_candidate(t) for t in doc] == expected
        assert TypeModel.load("en").candidates(doc) == [t for t in doc if is_candidate(t)]


def test_hashing_is_stable():
    # crc32: the same bucket in every process and on every machine
    assert bucket("en:summon") == bucket("en:" + "summon")
    import zlib
    assert bucket("lobj:c:recall:DIPLOMAT") == zlib.crc32(
        b"lobj:c:recall:DIPLOMAT") % classifier.BUCKETS


def test_shipped_model_loads_and_predicts_a_distribution():
    model = TypeModel.load("en")
    assert model is not None and TypeModel.load("fr") is not None
    assert TypeModel.load("de") is None
    for doc, i in ((japan_summoned(), 1), (maroc_rappele(), 3)):
        probs = model.predict(doc[i])
        assert set(probs) == set(LABELS) and len(LABELS) == 18
        assert abs(sum(probs.values()) - 1.0) < 1e-5
        assert all(0.0 <= p <= 1.0 for p in probs.values())
    # the training path (feature lists) and the run-time path (tokens) agree
    doc = japan_summoned()
    example = train.Example(features(doc[1]), 0, 1.0, "dev", "test", "en", True, "x")
    offline = classifier.softmax(train.logits_of(model, [example]))[0]
    online = model.predict(doc[1])
    assert np.allclose(offline, [online[label] for label in LABELS], atol=1e-6)
    # a token that is not a candidate is still scored
    assert abs(sum(model.predict(doc[4]).values()) - 1.0) < 1e-5


def test_predictions_on_a_hand_parsed_sentence():
    model = TypeModel.load("fr")
    label, _ = model.best(maroc_rappele()[3])
    assert label == "SANCTION"
    label, _ = model.best(japan_summoned()[1])
    assert label == "ACCUSE"  # summoning an ambassador: an official complaint


@pytest.mark.slow
@pytest.mark.parametrize("lang, text, trigger, expected", [
    ("en", "Japan summoned the Chinese ambassador.", "summoned", "ACCUSE"),
    ("en", "Britain expelled four Russian diplomats.", "expelled", "SANCTION"),
    ("fr", "Le Maroc a rappelé son ambassadeur.", "rappelé", "SANCTION"),
    ("fr", "Pékin a exigé la libération de l'équipage.", "exigé", "REQUEST"),
])
def test_top_type_with_the_real_pipelines(lang, text, trigger, expected):
    doc = _pipeline(lang)(text)
    token = next(t for t in doc if t.text == trigger)
    model = TypeModel.load(lang)
    assert model.is_candidate(token)
    probs = model.predict(token)
    assert max(probs, key=probs.get) == expected, probs


_PIPELINES: dict = {}


def _pipeline(lang):
    from homologue.extract.pipeline import load_pipeline
    if lang not in _PIPELINES:
        _PIPELINES[lang] = load_pipeline(lang)
    return _PIPELINES[lang]


def _tiny_examples() -> list[train.Example]:
    rows = [
        (["en:summon", "obj:c:DIPLOMAT"], "ACCUSE"), (["en:condemn", "obj:noun"], "ACCUSE"),
        (["en:expel", "obj:c:DIPLOMAT"], "SANCTION"), (["en:recall", "obj:c:DIPLOMAT"], "SANCTION"),
        (["en:say", "root"], "NONE"), (["en:rise", "root"], "NONE"),
        (["en:meet", "obj:name"], "CONSULT"), (["en:talk", "obl:with"], "CONSULT"),
    ]
    out = []
    for copy in range(3):
        for k, (feats, label) in enumerate(rows):
            split = "cal" if copy == 2 else "train"
            out.append(train.Example(feats + ["bias:V"], LABELS.index(label), 1.0, split, "t",
                                     "en", True, f"{copy}-{k}"))
    return out


def test_training_is_reproducible():
    first, info = train.train_model(_tiny_examples())
    second, _ = train.train_model(_tiny_examples())
    assert first.to_bytes() == second.to_bytes()
    assert info["train_examples"] == 16 and info["cal_examples"] == 8
    assert first.temperature == second.temperature
    # and it learnt the crafted data
    example = train.Example(["en:expel", "obj:c:DIPLOMAT", "bias:V"], 0, 1.0, "dev", "t", "en",
                            True, "q")
    probs = classifier.softmax(train.logits_of(first, [example]))[0]
    assert LABELS[int(np.argmax(probs))] == "SANCTION"
    # a model read back from its bytes predicts the same
    again = TypeModel.from_bytes(first.to_bytes(), {"temperature": first.temperature,
                                                    "offset": first.offset.tolist()})
    assert np.allclose(train.logits_of(again, [example]), train.logits_of(first, [example]))


def test_dev_split_is_fixed_by_id():
    assert train.split_of("plv_train_4") == train.split_of("plv_train_4")
    ids = [f"plv_train_{k}" for k in range(2000)]
    share = sum(train.split_of(i) == "dev" for i in ids) / len(ids)
    assert 0.17 < share < 0.23


def test_model_files_are_package_data():
    import configparser
    from importlib import resources

    from conftest import ROOT
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    assert "homologue.extract.models" in config["options"]["packages"].split()
    patterns = config["options.package_data"]["homologue.extract.models"]
    names = {p.name for p in resources.files("homologue.extract.models").iterdir()}
    for name in (classifier.MODEL_FILE, classifier.META_FILE, classifier.TABLE_FILE):
        assert name in names and "*" + name[name.rindex("."):] in patterns
    assert len(classifier.bilingual_table()) > 600


def test_partitive_objects_are_read_through():
    # "L'UE a levé une partie des sanctions": the object is the sanctions
    doc = parsed_doc("fr", [("L'UE", "UE", "PROPN", 2, "nsubj"),
                            ("a", "avoir", "AUX", 2, "aux:tense"),
                            ("levé", "lever", "VERB", 2, "ROOT"),
                            ("une", "un", "DET", 4, "det"),
                            ("partie", "partie", "NOUN", 2, "obj"),
                            ("des", "de", "ADP", 6, "case"),
                            ("sanctions", "sanction", "NOUN", 4, "nmod")])
    feats = set(features(doc[2]))
    assert {"en:V:lift", "obj:w:sanction", "obj:c:SANCTION", "lobj:c:lift:SANCTION"} <= feats
