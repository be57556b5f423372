"""A trained event-type model for predicate tokens, beside the trigger lexicon.

One multinomial logistic regression over hashed, language-neutral features of a predicate
(verb, or noun that can name an event) in a parsed sentence: its lemma and the lemma's English
equivalent (``models/fr_en_lemmas.tsv``), its dependents under one set of relation names for
the English (ClearNLP) and French (UD) parsers, voice, negation and modal cues, the prepositions
it governs, the class of its object ("ambassador", "sanctions"...) and the verb that governs a
noun ("a annoncé la rupture"). The same :func:`features` is used by training
(``homologue.extract.train``, ``make train``) and at run time. Probabilities are calibrated
(a temperature and a bias per class, fitted on a fold held out from training).

    model = TypeModel.load(doc.lang_)       # None when no model ships for the language
    for token in model.candidates(doc):     # or: if model.is_candidate(token)
        probs = model.predict(token)        # {"AGREE": .., ..., "CLAIM": .., "NONE": ..}
        label, p = model.best(token)

The first ``predict`` on a document scores all its candidates at once (about 3 ms for a
600-token article) and remembers them; later calls on the same document are lookups.

Thresholds, from the held-out predicates (``make train`` prints the tables; the tokens are
scored before any argument rule, and their NONE examples include unannotated events, so the
precisions are lower bounds): propose an event where the lexicon has no trigger when the best
type has at least 0.7 (29 such tokens over the three held-out sets, 62% right; 0.8 did no
better on this little data), and only if the rules find its source and target; replace the
lexicon's type by the model's when the model's has at least 0.7 and the lexicon's under 0.1
(12 of 12 right; at 0.6, 3 of 4 French overrides were wrong); a lexicon trigger whose
P(NONE) is at least 0.9 is not an event 9 times in 10 (80 of 88): lower its confidence.
"""

from __future__ import annotations

import functools
import io
import json
import zipfile
import zlib
from importlib import resources

import numpy as np
from spacy.attrs import DEP, HEAD, LEMMA, ORTH, POS, TAG
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
                "artillery ammunition arm shell aircraft fighter battalion unit ship "
                "reservist brigade peacekeeper warplane",
    "AIDGOODS": "aid assistance help fund loan supply vaccine food grain medicine fuel money "
                "dollar euro billion million package equipment system battery relief "
                "installment credit donation",
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

PASSIVE_MARKS = frozenset(("auxpass", "aux:pass", "nsubjpass", "nsubj:pass", "expl:pass"))
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


class Parsed:
    """A document's token attributes as plain lists, read once (spaCy's ``Token.children``
    walks the whole subtree of a word, and every attribute read builds a Token), with the
    English lemma of each word worked out on demand."""

    __slots__ = ("doc", "lang", "head", "dep", "pos", "tag", "lemma", "word", "children", "_en")

    def __init__(self, doc: Doc) -> None:
        strings = doc.vocab.strings
        array = doc.to_array([HEAD, DEP, POS, TAG, LEMMA, ORTH])
        rows = array.tolist() if len(doc) else []
        self.doc = doc
        self.lang = doc.lang_
        # heads are stored as unsigned offsets: read them back as signed
        self.head = (array[:, 0].astype(np.int64) + np.arange(len(doc))).tolist() if len(doc) else []
        self.dep = [strings[r[1]] for r in rows]
        self.pos = [strings[r[2]] if r[2] else "" for r in rows]
        self.tag = [strings[r[3]] if r[3] else "" for r in rows]
        self.lemma = [ffold(strings[r[4]]) if r[4] else "" for r in rows]
        self.word = [ffold(strings[r[5]]) for r in rows]
        self.children: list[list[int]] = [[] for _ in rows]
        for i, h in enumerate(self.head):
            if h != i:
                self.children[h].append(i)
        self._en: list[str | None] = [None] * len(rows)

    def en(self, i: int) -> str:
        """English lemma of word i: its own lemma in English, the table's in French ("" when
        the table has none)."""
        found = self._en[i]
        if found is None:
            if self.lang != "fr":
                found = self.lemma[i]
            else:
                found = _french(self.lemma[i], self.word[i])[0]
            self._en[i] = found
        return found

    def key(self, i: int) -> str:
        """English lemma, or the language's own lemma when the table has none."""
        return self.en(i) or f"{self.lang}:{self.lemma[i]}"

    def nominal(self, i: int) -> bool:
        """A noun, unless it carries auxiliaries (participles the tagger took for nouns)."""
        if self.pos[i] not in ("NOUN", "PROPN"):
            return False
        if self.lang == "fr" and _french(self.lemma[i], self.word[i])[1]:
            return False  # a verb the tagger took for a noun ("Londres sanctionne")
        dep = self.dep
        return not any(dep[c].startswith("aux") or dep[c] == "expl:comp"
                       for c in self.children[i])

    def candidate(self, i: int) -> bool:
        return _candidate(self.lang, self.pos[i], self.lemma[i], self.word[i])


_PARSED: list = [None]


def parsed(doc: Doc) -> Parsed:
    """The :class:`Parsed` view of a document (the last one is remembered)."""
    found = _PARSED[0]
    if found is None or found.doc is not doc:
        found = _PARSED[0] = Parsed(doc)
    return found


def english(token: Token) -> str:
    """The token's English lemma ("" for a French word the table does not know)."""
    return parsed(token.doc).en(token.i)


def relation(dep: str) -> str:
    return RELATIONS.get(dep, dep)


def is_nominal(token: Token) -> bool:
    return parsed(token.doc).nominal(token.i)


def is_candidate(token: Token) -> bool:
    """Whether a token may be an event predicate: a verb, a common noun that can name an
    event (its English equivalent is a known event noun, or it has a nominalisation suffix),
    or in French a form of a known verb the tagger took for a noun or adjective ("La Russie
    ferme le consulat", "a gelé les avoirs")."""
    return parsed(token.doc).candidate(token.i)


@functools.lru_cache(maxsize=1 << 16)
def _candidate(lang: str, pos: str, lemma: str, word: str) -> bool:
    if pos == "VERB":
        return True
    if pos not in ("NOUN", "ADJ"):
        return False
    if lang == "fr" and _french(lemma, word)[1]:
        return True
    return pos == "NOUN" and _event_noun(lang, lemma)


@functools.lru_cache(maxsize=1 << 16)
def _french(lemma: str, word: str) -> tuple[str, bool]:
    """(English lemma or "", whether it was found through a guessed verb infinitive): the
    table's entry for the lemma, else for the form, else for the infinitive of a form the
    tagger did not read as a verb (folded "sanctionne", "gele", "gelees" -> "...er")."""
    table = bilingual_table()
    found = table.get(lemma)
    if found is None:
        found = table.get(word)
    if found is not None:
        return found, False
    stem = word[:-1] if word.endswith("s") else word
    stem = stem[:-1] if stem.endswith("ee") else stem
    if stem.endswith(("e", "i")) and len(stem) > 3:
        infinitive = table.get(stem + "r")
        if infinitive is not None:
            return infinitive, True
    return "", False


@functools.lru_cache(maxsize=1 << 15)
def _event_noun(lang: str, folded: str) -> bool:
    if lang == "fr":
        en = bilingual_table().get(folded)
        if en is not None:
            return en in EVENT_NOUNS
    elif folded in EVENT_NOUNS:
        return True
    return len(folded) > 5 and folded.endswith(NOUN_SUFFIXES)


def _argument(p: Parsed, child: int) -> tuple[str, str, int] | None:
    """(normalised relation, English preposition or "", argument word) of one dependent;
    prepositional phrases of both schemes come out as ("obl", preposition, noun)."""
    rel = relation(p.dep[child])
    if rel == "prep":  # English: prep -> pobj
        for grandchild in p.children[child]:
            if p.dep[grandchild] in ("pobj", "pcomp"):
                return "obl", p.lemma[child], grandchild
        return "prt", p.lemma[child], child
    if rel == "agent":
        if p.lang != "fr":
            for grandchild in p.children[child]:
                if p.dep[grandchild] == "pobj":
                    return "agent", "by", grandchild
        return "agent", "by", child
    if rel == "obl":
        return "obl", _case(p, child), child
    if rel in SKIPPED:
        return None
    return rel, "", child


PARTITIVES = frozenset("part portion some most half all series number set batch package "
                       "round wave installment".split())


def _through_partitive(p: Parsed, i: int) -> int:
    """The noun a partitive stands for: "some of the sanctions", "une partie des sanctions"
    (a partitive with no "of" complement stands for itself)."""
    if p.en(i) not in PARTITIVES:
        return i
    for c in p.children[i]:
        dep = p.dep[c]
        if dep == "prep" and p.lemma[c] == "of":
            for g in p.children[c]:
                if p.dep[g] == "pobj":
                    return g
        elif dep == "nmod" and _case(p, c) == "of":
            return c
    return i


def _case(p: Parsed, i: int) -> str:
    """English equivalent of the preposition of a French nominal ("" when it has none)."""
    for c in p.children[i]:
        if p.dep[c] == "case":
            return p.en(c) or p.lemma[c]
    return ""


ARG_KINDS = {"PROPN": "name", "PRON": "pron", "NOUN": "noun", "NUM": "noun", "VERB": "clause",
             "AUX": "clause"}


def features(token: Token) -> list[str]:
    """The model's features of a predicate token, as strings (hashed by the model)."""
    p = parsed(token.doc)
    i = token.i
    lang = p.lang
    dep, lemma, word = p.dep, p.lemma, p.word
    en = p.en(i)
    nominal = p.nominal(i)
    kind = "N" if nominal else "V"
    out = ["bias:" + kind, f"lem:{lang}:{lemma[i]}"]
    if en:
        out += [f"en:{en}", f"en:{kind}:{en}"]
    else:
        out.append(f"en:{lang}:unknown:{kind}")
    key = en or f"{lang}:{lemma[i]}"
    passive = False
    negated = False
    for child in p.children[i]:
        d = dep[child]
        w = word[child]
        if d in PASSIVE_MARKS:
            passive = True
        if d == "neg" or (w in NEGATORS and d in ("advmod", "neg", "det")):
            negated = True
            continue
        if d.startswith("aux"):
            aux = lemma[child]
            if aux in MODALS or w in MODALS:
                out.append("modal:" + (p.en(child) or aux))
            if aux in FUTURE or w in FUTURE:
                out.append("future")
            continue
        arg = _argument(p, child)
        if arg is None:
            continue
        rel, prep, node = arg
        if rel in ("advmod", "amod", "compound", "poss", "nmod", "acl", "conj", "advcl"):
            if rel in ("amod", "compound"):
                out.append(f"{rel}:{p.key(node)}")
            else:
                out.append("dep:" + rel)
            continue
        if rel == "prt":
            out += [f"prt:{prep}", f"lprt:{key}:{prep}"]
            continue
        if rel == "refl":
            out += ["refl", f"lrefl:{key}"]
            continue
        node = _through_partitive(p, node)
        node_en = p.key(node)
        name = f"{rel}:{prep}" if prep else rel
        out += [name, f"{name}:{ARG_KINDS.get(p.pos[node], 'other')}", f"{name}:w:{node_en}"]
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
        out += ["negated", f"negated:{key}"]
    if lang == "fr":
        morph = str(token.morph)
        if "Mood=Cnd" in morph:
            out.append("modal:conditional")
        if "Tense=Fut" in morph:
            out.append("future")
        if "VerbForm=Inf" in morph:
            out.append("infinitive")
    elif p.tag[i] in ("VB", "VBG"):
        out.append("infinitive" if p.tag[i] == "VB" else "gerund")
    head = p.head[i]
    if head != i:
        rel = relation(dep[i])
        if rel == "pobj":  # English: noun -> prep -> head
            rel = f"obl:{lemma[head]}"
            head = p.head[head]
        elif rel == "obl":
            case = _case(p, i)
            if case:
                rel = "obl:" + case
        head_en = p.key(head)
        head_kind = ("N" if p.nominal(head) else
                     "V" if p.pos[head] in ("VERB", "AUX") else "O")
        out += [f"as:{rel}", f"las:{rel}:{key}", f"head:{rel}:{head_en}", f"head:{head_kind}"]
        if head_en in SPEECH:
            out.append(f"under_speech:{rel}")
        if nominal:
            out += [f"hv:{head_en}", f"hvn:{head_en}:{key}"]
        elif rel in ("xcomp", "ccomp"):
            out.append(f"hvv:{head_en}:{key}")
        if p.head[head] != head:
            for sibling in p.children[head]:
                if dep[sibling] == "neg" or (word[sibling] in NEGATORS
                                             and dep[sibling] == "advmod"):
                    out.append("head_negated")
                    break
    else:
        out += ["root", f"lroot:{key}"]
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
            p = parsed(doc)
            tokens = [doc[i] for i in range(len(doc)) if p.candidate(i)]
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

    def candidates(self, doc: Doc) -> list[Token]:
        """The candidate tokens of a document, in order."""
        p = parsed(doc)
        return [doc[i] for i in range(len(doc)) if p.candidate(i)]

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
