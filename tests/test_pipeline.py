"""Homologue's cheaper spaCy components give what the stock components give.

Fast tests build documents by hand; the slow ones take the session extractor's pipelines, whose
replaced components (the attribute ruler, the recogniser) are kept inside the replacements, so
the stock path runs on the same loaded models.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from homologue.documents import Document, read_documents
from homologue.extract.events import extract_events
from homologue.extract.lexicon import load_lexicon
from homologue.extract.pipeline import (DATE_NAMES, AttributeLookup, add_components, entity_runs,
                                         needs_entities)

from conftest import EXAMPLES

BACKGROUND = {
    "en": "Local markets were quiet in the morning; volumes stayed thin.",
    "fr": "Les marchés locaux étaient calmes dans la matinée ; les volumes étaient faibles.",
}
ARTICLE = {
    "en": ("Sergei Lavrov met Antony Blinken in Geneva on Tuesday. {background}\n\n"
           "The weather stayed cold. Ukrainian lawmaker Oleksiy Goncharenko spoke to reporters. "
           "{background} He accused Russia of shelling Kharkiv in May."),
    "fr": ("Sergueï Lavrov a rencontré Antony Blinken à Genève mardi. {background}\n\n"
           "Le froid a persisté. Le député ukrainien Oleksiy Gontcharenko a parlé à la presse. "
           "{background} Il a accusé la Russie de bombarder Kharkiv."),
}


def sentence_doc(words: list[str], pos: list[str], lemmas: list[str] | None = None) -> Doc:
    nlp = spacy.blank("en")
    return Doc(nlp.vocab, words=words, pos=pos, lemmas=lemmas or [w.lower() for w in words],
               sent_starts=[True] + [False] * (len(words) - 1))


# -- fast ---------------------------------------------------------------------------------------


def test_a_sentence_needs_entities_for_a_trigger_a_name_or_a_month():
    lexicon = load_lexicon("en")
    quiet = sentence_doc(["Markets", "were", "quiet", "."], ["NOUN", "AUX", "ADJ", "PUNCT"])
    assert not needs_entities(quiet[:], lexicon, dates=DATE_NAMES)
    trigger = sentence_doc(["They", "met", "."], ["PRON", "VERB", "PUNCT"], ["they", "meet", "."])
    assert needs_entities(trigger[:], lexicon, dates=DATE_NAMES)
    # a trigger word that is a determiner or a preposition here triggers nothing
    assert not needs_entities(sentence_doc(["They", "met", "."], ["PRON", "ADP", "PUNCT"],
                                           ["they", "meet", "."])[:], lexicon, dates=DATE_NAMES)
    name = sentence_doc(["Ask", "Charles", "de", "Gaulle", "."],
                        ["VERB", "PROPN", "ADP", "PROPN", "PUNCT"])
    assert needs_entities(name[:], lexicon, dates=frozenset())
    apart = sentence_doc(["Paris", "is", "far", "from", "the", "big", "Rome", "."],
                         ["PROPN", "AUX", "ADV", "ADP", "DET", "ADJ", "PROPN", "PUNCT"])
    assert not needs_entities(apart[:], lexicon, dates=frozenset())
    month = sentence_doc(["Prices", "rose", "again", "in", "May", "."],
                         ["NOUN", "VERB", "ADV", "ADP", "PROPN", "PUNCT"])
    assert needs_entities(month[:], lexicon, dates=DATE_NAMES)
    assert not needs_entities(month[:], lexicon, dates=frozenset())  # French labels no dates


def test_runs_join_consecutive_needed_sentences():
    nlp = spacy.blank("en")
    words = ["They", "met", ".", "They", "met", ".", "All", "quiet", ".", "They", "met", "."]
    pos = ["PRON", "VERB", "PUNCT"] * 2 + ["DET", "ADJ", "PUNCT"] + ["PRON", "VERB", "PUNCT"]
    lemmas = [w.lower().replace("met", "meet") for w in words]
    doc = Doc(nlp.vocab, words=words, pos=pos, lemmas=lemmas,
              sent_starts=[w[:1].isupper() for w in words])
    assert entity_runs(doc, load_lexicon("en"), dates=DATE_NAMES) == [(0, 6), (9, 12)]


def test_attribute_lookup_applies_rules_like_the_ruler():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "the"}]], {"POS": "DET"})
    ruler.add([[{"LOWER": {"IN": ["new", "big"]}}, {"LOWER": "york"}]], {"POS": "PROPN"}, index=1)
    ruler.add([[{"LOWER": {"REGEX": "^n'?t$"}}]], {"POS": "PART", "LEMMA": "not"})
    ruler.add([[{"LOWER": "the"}]], {"POS": "X"})  # a later rule wins
    lookup = AttributeLookup(ruler)
    text = "The new York office isn't the big York one"
    stock, fast = ruler(nlp.make_doc(text)), lookup(nlp.make_doc(text))
    assert [(t.pos_, t.lemma_) for t in fast] == [(t.pos_, t.lemma_) for t in stock]
    assert [t.pos_ for t in fast][:3] == ["X", "", "PROPN"]
    assert fast[5].pos_ == "PART" and fast[5].lemma_ == "not"


def test_rules_the_lookup_cannot_apply_keep_the_ruler():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"POS": "ADV"})
    assert not AttributeLookup.compiles(ruler)
    add_components(nlp)
    assert "attribute_ruler" in nlp.pipe_names and "homologue_attributes" not in nlp.pipe_names


# -- slow: the real pipelines -------------------------------------------------------------------


def stock_docs(nlp, texts: list[str]) -> list[Doc]:
    """The documents as the stock components annotate them: the whole attribute ruler through
    its Matcher, and the recogniser on every sentence."""
    attributes, entities = nlp.get_pipe("homologue_attributes"), nlp.get_pipe("homologue_entities")
    docs = list(nlp.pipe(texts, disable=["homologue_attributes", "lemmatizer",
                                         "homologue_entities"]))
    docs = [attributes.ruler(doc) for doc in docs]
    docs = list(nlp.get_pipe("lemmatizer").pipe(docs))
    return list(entities.ner.pipe(docs))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_annotations_match_the_stock_pipeline(extractor, lang):
    nlp = extractor.pipeline(lang)
    assert "attribute_ruler" not in nlp.pipe_names and "ner" not in nlp.pipe_names
    texts = [ARTICLE[lang].format(background=BACKGROUND[lang])]
    texts += [d.text for d in read_documents([str(EXAMPLES)]) if d.lang == lang]
    lexicon = load_lexicon(lang)
    for fast, stock in zip(nlp.pipe(texts), stock_docs(nlp, texts)):
        assert [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in fast] == \
            [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in stock]
        runs = entity_runs(fast, lexicon, nlp.get_pipe("homologue_entities").dates)
        inside = [e for e in stock.ents if any(s <= e.start < end for s, end in runs)]
        assert [(e.start, e.end, e.label_) for e in fast.ents] == \
            [(e.start, e.end, e.label_) for e in inside]
    article = next(nlp.pipe(texts[:1]))
    dates = nlp.get_pipe("homologue_entities").dates
    # only months and weekdays that start a name of the gazetteer ("May", "Sunday Dare")
    from homologue.extract.actors import name_starts
    from homologue.extract.pipeline import DATE_NAMES
    expected = DATE_NAMES & frozenset(name_starts(extractor.gazetteer))
    assert dates == (expected if lang == "en" else frozenset())
    assert {"may", "march"} <= dates if lang == "en" else True
    skipped = [s.text for s in article.sents if not any(s.start < end and s.end > start
                                                        for start, end in entity_runs(
                                                            article, lexicon, dates))]
    assert sum(BACKGROUND[lang][:20] in s for s in skipped) == 2  # the recogniser did not read it
    names = {e.text for e in article.ents}
    assert {"Sergei Lavrov" if lang == "en" else "Sergueï Lavrov", "Antony Blinken"} <= names


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_events_match_the_stock_pipeline(extractor, lang):
    nlp = extractor.pipeline(lang)
    documents = [Document("article", ARTICLE[lang].format(background=BACKGROUND[lang]), lang,
                          "2024-04-10")]
    documents += [d for d in read_documents([str(EXAMPLES)]) if d.lang == lang]
    lexicon = load_lexicon(lang)
    stock = stock_docs(nlp, [d.text for d in documents])
    for document, fast, slow in zip(documents, nlp.pipe(d.text for d in documents), stock):
        ours = [e.to_json() for e in extract_events(document, fast, extractor.gazetteer, lexicon)]
        theirs = [e.to_json() for e in extract_events(document, slow, extractor.gazetteer, lexicon)]
        assert ours == theirs
        assert ours
