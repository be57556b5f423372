"""A trained event-type model for predicate tokens, beside the trigger lexicon.

One multinomial logistic regression over hashed, language-neutral features of a predicate
(verb, or noun that can name an event) in a parsed sentence: its lemma and the lemma's English
equivalent (``models/fr_en_lemmas.tsv``), its dependents under one set of relation names for
the English (ClearNLP) and French (UD) parsers, voice, negation and modal cues, the prepositions
it governs, the class of its object ("ambassador", "sanctions"...) and the verb that governs a
noun ("a annoncé la rupture"). The same :func:`features` is used by training
(``homologue.extract.train``) and at run time. Probabilities are calibrated (temperature and a
bias per class, fitted on a fold held out from training).

    model = TypeModel.load("fr")          # None when no model ships for the language
    if model is not None and model.is_candidate(token):
        probs = model.predict(token)      # {"AGREE": .., ..., "CLAIM": .., "NONE": ..}
"""

from __future__ import annotations

import functools
import io
import json
import zipfile
import zlib
from importlib import resources

import numpy as np
from spacy.tokens import Doc, Token

from homologue.extract.lexicon import ffold

TYPES = ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "SANCTION", "COERCE", "ASSAULT", "PROTEST", "MOBILIZE", "CONCEDE",
         "RETREAT", "CLAIM")
LABELS = TYPES + ("NONE",)
FEATURE_VERSION = 1
BUCKETS = 1 << 20  # hashed feature space; only the buckets seen in training are stored
MODEL_FILE = "type_model.npz"
META_FILE = "type_model.json"
TABLE_FILE = "fr_en_lemmas.tsv"

# -- dependency relations of the two parsers, under one set of names -------------------------

RELATIONS = {
    # English (ClearNLP labels of en_core_web_sm)
    "nsubj": "subj", "csubj": "subj", "nsubjpass": "subjpass", "csubjpass": "subjpass",
    "dobj": "obj", "dative": "iobj", "agent": "agent", "prep": "prep", "pobj": "pobj",
    "neg": "neg", "aux": "aux", "auxpass": "auxpass", "xcomp": "xcomp", "ccomp": "ccomp",
    "advcl": "advcl", "advmod": "advmod", "amod": "amod", "compound": "compound",
    "poss": "poss", "relcl": "acl", "acl": "acl", "conj": "conj", "attr": "attr", "prt": "prt",
    "mark": "mark", "npadvmod": "obl", "nummod": "nummod", "appos": "appos", "oprd": "xcomp",
    "pcomp": "pobj", "expl": "expl", "ROOT": "root",
    # French (UD labels of fr_core_news_md)
    "nsubj:pass": "subjpass", "obj": "obj", "iobj": "iobj", "obl:agent": "agent",
    "obl": "obl", "obl:arg": "obl", "obl:mod": "obl", "nmod": "obl", "case": "case",
    "aux:tense": "aux", "aux:pass": "auxpass", "aux:caus": "aux", "expl:comp": "refl",
    "expl:pass": "refl", "expl:subj": "expl", "acl:relcl": "acl", "flat:name": "flat",
    "flat:foreign": "flat", "fixed": "fixed", "cop": "cop", "root": "root", "dep": "dep",
    "nummod": "nummod", "det": "det", "punct": "punct", "cc": "cc",
}
SKIPPED = frozenset(("det", "punct", "cc", "case", "mark", "dep", "fixed", "flat", "nummod",
                     "appos", "expl"))
CORE = frozenset(("subj", "subjpass", "obj", "iobj", "agent", "attr"))
NEGATORS = frozenset(("not", "n't", "never", "no", "pas", "jamais", "plus", "guere", "aucun",
                      "aucune", "ne", "n'", "nullement", "without", "sans"))
MODALS = frozenset(("can", "could", "may", "might", "must", "shall", "should", "will", "would",
                    "'ll", "wo", "ca", "pouvoir", "devoir", "vouloir", "falloir"))
FUTURE = frozenset(("will", "shall", "'ll", "wo", "aller", "going"))

# Classes of argument nouns (by English lemma): the object decides many types ("recalled its
# ambassador" is a sanction, "recalled the talks" is not).
NOUN_CLASSES = {
    "DIPLOMAT": "ambassador diplomat envoy consul attache charge emissary representative "
                "delegation counterpart",
    "MISSION": "embassy consulate mission",
    "RELATIONS": "relation tie ties",
    "SANCTION": "sanction embargo tariff boycott restriction freeze asset ban measure penalty "
                "visa export import",
    "MILITARY": "troop soldier force army tank missile weapon drone jet warship military "
                "artillery ammunition arm shell aircraft fighter battalion unit ship",
    "AIDGOODS": "aid assistance help fund loan supply vaccine food grain medicine fuel money "
                "dollar euro billion million package equipment system battery relief",
    "AGREEMENT": "agreement deal treaty accord ceasefire truce memorandum pact contract "
                 "compromise roadmap protocol convention partnership alliance",
    "TALKS": "talk meeting summit visit call negotiation dialogue discussion conversation "
             "consultation conference trip tour",
    "ACCUSATION": "accusation allegation charge claim criticism condemnation",
    "RELEASE": "release liberation freedom pardon amnesty",
    "CAPTIVE": "prisoner hostage detainee crew captive journalist activist opponent national "
               "suspect spy",
    "ATTACK": "attack strike bombing assault raid offensive shelling airstrike invasion "
              "explosion blast shooting massacre aggression",
    "PROTEST": "protest demonstration rally riot march",
    "RESPONSIBILITY": "responsibility",
    "PEOPLE": "civilian people person victim resident child woman protester",
    "BORDER": "border territory airspace land region city",
}
NOUN_CLASS = {w: c for c, words in NOUN_CLASSES.items() for w in words.split()}

# Nouns that can name an event: a noun is a candidate when its English equivalent is one of
# these or it has a nominalisation suffix.
EVENT_NOUNS = frozenset(
    "talk talks meeting summit visit trip tour call conversation discussion consultation "
    "negotiation mediation dialogue conference agreement deal treaty accord memorandum pact "
    "truce ceasefire promise pledge commitment proposal offer contract compromise support "
    "backing solidarity praise tribute congratulation recognition cooperation collaboration "
    "intelligence exercise drill delivery supply shipment transfer aid assistance asylum "
    "relief donation loan grant funding request demand appeal ultimatum plea invitation "
    "accusation allegation condemnation criticism denunciation complaint summons "
    "investigation probe rejection refusal denial veto opposition threat warning retaliation "
    "protest demonstration rally strike riot march boycott sanction embargo expulsion "
    "severance suspension freeze recall ban restriction closure tariff arrest detention "
    "imprisonment deportation extradition indictment trial sentence seizure raid crackdown "
    "curfew attack bombing offensive assault invasion aggression attempt fighting clash "
    "explosion blast shooting massacre assassination murder kidnapping ambush incursion "
    "siege occupation annexation war cyberattack violence airstrike shelling claim "
    "responsibility mobilization deployment buildup reinforcement release pardon amnesty "
    "lifting easing concession resignation surrender disarmament withdrawal evacuation "
    "retreat dismantling rapprochement normalization signing".split())
NOUN_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "age", "ure", "al", "ing", "ade")

SPEECH = frozenset("say declare state announce tell add insist stress report claim confirm "
                   "write explain indicate estimate assure repeat specify".split())


@functools.lru_cache(maxsize=None)
def bilingual_table() -> dict[str, str]:
    """French lemma (folded) -> English lemma, from ``models/fr_en_lemmas.tsv``."""
    text = (resources.files("homologue.extract.models") / TABLE_FILE).read_text("utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        french, english = line.split("\t", 1)
        table.setdefault(ffold(french), english.strip().lower())
    return table


def english(token: Token) -> str:
    """The token's English lemma: its own lemma in English, the table's in French ("" when
    the table has none)."""
    lemma = ffold(token.lemma_)
    if token.lang_ != "fr":
        return lemma
    table = bilingual_table()
    found = table.get(lemma)
    if found is None:
        form = ffold(token.text)
        found = table.get(form, "")
    return found


def relation(token: Token) -> str:
    return RELATIONS.get(token.dep_, token.dep_)


def is_nominal(token: Token) -> bool:
    """A noun, unless it carries auxiliaries (participles the tagger took for nouns)."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    return not any(c.dep_.startswith("aux") or c.dep_ == "expl:comp" for c in token.children)


def is_candidate(token: Token) -> bool:
    """Whether a token may be an event predicate: a verb, or a common noun that can name an
    event (its English equivalent is a known event noun, or it has a nominalisation suffix)."""
    pos = token.pos_
    if pos == "VERB":
        return True
    if pos != "NOUN":
        return False
    return _event_noun(token.lang_, token.lemma_)


@functools.lru_cache(maxsize=1 << 15)
def _event_noun(lang: str, lemma: str) -> bool:
    folded = ffold(lemma)
    if lang == "fr":
        en = bilingual_table().get(folded)
        if en is not None:
            return en in EVENT_NOUNS
    elif folded in EVENT_NOUNS:
        return True
    return len(folded) > 5 and folded.endswith(NOUN_SUFFIXES)


def _argument(child: Token) -> tuple[str, str, Token] | None:
    """(normalised relation, English preposition or "", argument token) of one dependent;
    prepositional phrases of both schemes come out as ("obl", preposition, noun)."""
    rel = relation(child)
    if rel == "prep":  # English: prep -> pobj
        for grandchild in child.children:
            if grandchild.dep_ in ("pobj", "pcomp"):
                return "obl", ffold(child.lemma_), grandchild
        return "prt", ffold(child.lemma_), child
    if rel == "agent":
        if child.lang_ != "fr":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return "agent", "by", grandchild
            return "agent", "by", child
        return "agent", "by", child
    if rel == "obl":
        for grandchild in child.children:
            if grandchild.dep_ == "case":
                return "obl", english(grandchild) or ffold(grandchild.lemma_), child
        return "obl", "", child
    if rel in SKIPPED:
        return None
    return rel, "", child


def _arg_kind(token: Token) -> str:
    pos = token.pos_
    if pos == "PROPN":
        return "name"
    if pos == "PRON":
        return "pron"
    if pos in ("NOUN", "NUM"):
        return "noun"
    if pos in ("VERB", "AUX"):
        return "clause"
    return "other"


def features(token: Token) -> list[str]:
    """The model's features of a predicate token, as strings (hashed by the model)."""
    lang = token.lang_
    lemma = ffold(token.lemma_)
    en = english(token)
    nominal = is_nominal(token)
    kind = "N" if nominal else "V"
    out = ["bias:" + kind, f"lem:{lang}:{lemma}"]
    if en:
        out += [f"en:{en}", f"en:{kind}:{en}"]
    else:
        out.append(f"en:{lang}:unknown:{kind}")
    key = en or f"{lang}:{lemma}"
    passive = False
    negated = False
    for child in token.children:
        dep = child.dep_
        word = ffold(child.text)
        if dep in ("auxpass", "aux:pass", "nsubjpass", "nsubj:pass", "expl:pass"):
            passive = True
        if dep == "neg" or (word in NEGATORS and dep in ("advmod", "neg", "det")):
            negated = True
            continue
        if dep.startswith("aux"):
            aux = ffold(child.lemma_)
            if aux in MODALS or word in MODALS:
                out.append("modal:" + (english(child) or aux))
            if aux in FUTURE or word in FUTURE:
                out.append("future")
            continue
        arg = _argument(child)
        if arg is None:
            continue
        rel, prep, node = arg
        if rel in ("advmod", "amod", "compound", "poss", "nmod", "acl", "conj", "advcl"):
            if rel in ("amod", "compound"):
                out.append(f"{rel}:{english(node) or ffold(node.lemma_)}")
            else:
                out.append("dep:" + rel)
            continue
        node_en = english(node) or f"{node.lang_}:{ffold(node.lemma_)}"
        if rel == "prt":
            out += [f"prt:{prep}", f"lprt:{key}:{prep}"]
            continue
        if rel == "refl":
            out += ["refl", f"lrefl:{key}"]
            continue
        name = f"{rel}:{prep}" if prep else rel
        out += [name, f"{name}:{_arg_kind(node)}", f"{name}:w:{node_en}"]
        noun_class = NOUN_CLASS.get(node_en)
        if noun_class:
            out += [f"{name}:c:{noun_class}", f"l{name}:c:{key}:{noun_class}"]
        if rel in ("obj", "subjpass", "xcomp") or prep:
            out.append(f"l{name}:{key}")
        if rel in ("obj", "subjpass", "xcomp", "ccomp"):
            out.append(f"l{name}:w:{key}:{node_en}")
    if passive:
        out += ["passive", f"passive:{key}"]
    if negated:
        out.append("negated")
    if lang == "fr":
        morph = token.morph
        if "Cnd" in morph.get("Mood"):
            out.append("modal:conditional")
        if "Fut" in morph.get("Tense"):
            out.append("future")
        if "Inf" in morph.get("VerbForm"):
            out.append("infinitive")
    elif token.tag_ in ("VB", "VBG"):
        out.append("infinitive" if token.tag_ == "VB" else "gerund")
    head = token.head
    if head.i != token.i:
        rel = relation(token)
        if rel == "pobj":  # English: noun -> prep -> head
            prep = ffold(head.lemma_)
            rel = f"obl:{prep}"
            head = head.head
        elif rel == "obl":
            case = next((c for c in token.children if c.dep_ == "case"), None)
            if case is not None:
                rel = "obl:" + (english(case) or ffold(case.lemma_))
        head_en = english(head) or f"{head.lang_}:{ffold(head.lemma_)}"
        head_kind = "N" if is_nominal(head) else ("V" if head.pos_ in ("VERB", "AUX") else "O")
        out += [f"as:{rel}", f"head:{rel}:{head_en}", f"head:{head_kind}"]
        if head_en in SPEECH:
            out.append(f"under_speech:{rel}")
        if nominal:
            out += [f"hv:{head_en}", f"hvn:{head_en}:{key}"]
        elif rel in ("xcomp", "ccomp"):
            out.append(f"hvv:{head_en}:{key}")
        if head.i != head.head.i:
            for sibling in head.children:
                if sibling.dep_ == "neg" or (ffold(sibling.text) in NEGATORS
                                             and sibling.dep_ == "advmod"):
                    out.append("head_negated")
                    break
    else:
        out.append("root")
    return out


@functools.lru_cache(maxsize=1 << 18)
def bucket(feature: str) -> int:
    """The hashed bucket of a feature (stable across runs and machines)."""
    return zlib.crc32(feature.encode("utf-8")) & (BUCKETS - 1)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


class TypeModel:
    """Calibrated event-type probabilities for predicate tokens."""

    def __init__(self, buckets: np.ndarray, weights: np.ndarray, bias: np.ndarray,
                 temperature: float = 1.0, offset: np.ndarray | None = None,
                 labels: tuple[str, ...] = LABELS, meta: dict | None = None) -> None:
        self.labels = tuple(labels)
        self.buckets = np.asarray(buckets, dtype=np.int64)
        # one extra all-zero row for features the model never saw
        self.weights = np.vstack([np.asarray(weights, dtype=np.float32),
                                  np.zeros((1, len(self.labels)), dtype=np.float32)])
        self.row = {int(b): r for r, b in enumerate(self.buckets.tolist())}
        self.unseen = len(self.buckets)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.temperature = float(temperature)
        self.offset = (np.zeros(len(self.labels), dtype=np.float32) if offset is None
                       else np.asarray(offset, dtype=np.float32))
        self.meta = meta or {}
        self._rows: dict[str, int] = {}
        self._doc: Doc | None = None
        self._doc_probs: dict[int, dict[str, float]] = {}

    # -- loading and saving -----------------------------------------------------------------

    @classmethod
    def load(cls, lang: str) -> TypeModel | None:
        """The shipped model, or None when none serves this language."""
        loaded = _load_shipped()
        if loaded is None or lang not in loaded.meta.get("languages", ()):
            return None
        return loaded

    @classmethod
    def from_bytes(cls, data: bytes, meta: dict) -> TypeModel:
        with np.load(io.BytesIO(data)) as arrays:
            return cls(arrays["buckets"], arrays["weights"].astype(np.float32),
                       arrays["bias"], float(meta.get("temperature", 1.0)),
                       np.asarray(meta.get("offset") or np.zeros(len(LABELS))),
                       tuple(meta.get("labels", LABELS)), meta)

    def to_bytes(self) -> bytes:
        """The arrays as a compressed .npz, byte for byte the same for the same weights."""
        arrays = {"buckets": self.buckets.astype(np.int32),
                  "weights": self.weights[:-1].astype(np.float16),
                  "bias": self.bias.astype(np.float32)}
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, array in arrays.items():
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, np.ascontiguousarray(array),
                                          allow_pickle=False)
                info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, buffer.getvalue(), compresslevel=9)
        return out.getvalue()

    # -- prediction ---------------------------------------------------------------------------

    is_candidate = staticmethod(is_candidate)
    features = staticmethod(features)

    def rows(self, feats: list[str]) -> list[int]:
        known = self._rows
        out = []
        for f in feats:
            r = known.get(f)
            if r is None:
                if len(known) > 500_000:
                    known.clear()
                r = known[f] = self.row.get(bucket(f), self.unseen)
            out.append(r)
        return out

    def logits(self, tokens: list[Token]) -> np.ndarray:
        """Calibrated logits, one row per token."""
        if not tokens:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        rows: list[int] = []
        starts: list[int] = []
        for token in tokens:
            starts.append(len(rows))
            rows.extend(self.rows(features(token)))
        summed = np.add.reduceat(self.weights[rows], starts, axis=0)
        return (summed + self.bias) / self.temperature + self.offset

    def predict_tokens(self, tokens: list[Token]) -> np.ndarray:
        """Probabilities over :attr:`labels`, one row per token."""
        return softmax(self.logits(tokens))

    def predict_doc(self, doc: Doc) -> dict[int, dict[str, float]]:
        """Probabilities of every candidate token of a document, by token index (remembered
        for the last document)."""
        if self._doc is not doc:
            tokens = [t for t in doc if is_candidate(t)]
            probs = self.predict_tokens(tokens).tolist()
            self._doc_probs = {t.i: dict(zip(self.labels, p)) for t, p in zip(tokens, probs)}
            self._doc = doc
        return self._doc_probs

    def predict(self, token: Token) -> dict[str, float]:
        """Calibrated probabilities over the 17 types and "NONE" for one predicate token.
        Candidates of a document are scored together the first time one is asked for."""
        found = self.predict_doc(token.doc).get(token.i)
        if found is None:  # not a candidate: scored on its own
            found = dict(zip(self.labels, self.predict_tokens([token])[0].tolist()))
        return found

    def best(self, token: Token) -> tuple[str, float]:
        """The most probable label of a token and its probability."""
        probs = self.predict(token)
        label = max(probs, key=probs.__getitem__)
        return label, probs[label]


@functools.lru_cache(maxsize=1)
def _load_shipped() -> TypeModel | None:
    folder = resources.files("homologue.extract.models")
    meta_file, model_file = folder / META_FILE, folder / MODEL_FILE
    if not meta_file.is_file() or not model_file.is_file():
        return None
    meta = json.loads(meta_file.read_text("utf-8"))
    if meta.get("feature_version") != FEATURE_VERSION:
        return None
    return TypeModel.from_bytes(model_file.read_bytes(), meta)
