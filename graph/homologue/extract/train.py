"""Train the event-type model (:mod:`homologue.extract.classifier`) and report on held-out data.

    python -m homologue.extract.train [DATA] [--own training] [--out graph/homologue/extract/models]

DATA is the shared training folder (default ``../shared/data/training``). What is read:

- ``plv_train.jsonl``: English sentences with a PLOVER root code and source/target spans. The
  trigger is the lowest predicate on the path from the target up to its lowest common head
  with the source ("X said it would sanction Y": "sanction", not "said"); when it is a noun
  governed by a verb ("reached an agreement"), the verb is left out (the hand-written files
  make the noun the trigger, as the lexicon does). Other predicates of the sentence are NONE examples, lightly weighted. YIELD is the
  old name of CONCEDE. 20% of the records (by a hash of the id) are the dev split, never
  trained on; another 10% of the rest are the calibration fold.
- ``synthetic_plover_stories.jsonl``: generated stories with a story-level label. Only the
  first paragraph is read; the predicate that carries the label is the first one of the
  first two sentences that the English trigger lexicon gives that type, or else the one a
  first model (fitted without stories) finds most likely to have that type, if likely
  enough. Weight 0.5 (lexicon) or 0.3 (model); no NONE examples (other predicates of a
  story may well be events too).
- ``cameo_class.jsonl``: penta classes (statement, verbal/material cooperation/conflict),
  not PLOVER types, so they cannot teach a type: each class mixes four or five. Only the
  "statement" class (0) is used, and only where its root predicate is a plain speech verb
  ("said": NONE at weight 0.3) or a claim of responsibility (CLAIM); CAMEO statements also
  include rejections and appeals, which PLOVER types. The ``test`` rows are not used.
- the project's own hand-written sentences ``training/*.jsonl`` (fields id, lang, text,
  label, trigger, source, target; label NONE or empty for sentences without an event): the
  token matching ``trigger`` gets the label at weight 1.5 (French ones 2.0, since all shared
  data is English), other predicates NONE at 0.5 (a sentence with two events is on two
  lines: neither trigger is the other's NONE). 20% (by id) are held out and reported per
  language.

Nothing under ``/work/shared/gold`` is read. Parses are cached under ``.cache/classifier``.
The fit is a multinomial logistic regression (L2, L-BFGS from scipy) over hashed features,
with square-root inverse-frequency class weights; a temperature and a bias per class are then
fitted on the calibration fold. Same data, same model, byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import optimize, sparse

from homologue.extract import classifier
from homologue.extract.lexicon import ffold
from homologue.extract.classifier import LABELS, TYPES, TypeModel, bucket, features, is_candidate

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
DEFAULT_DATA = Path("../shared/data/training")
DEFAULT_OWN = ROOT / "training"
DEFAULT_OUT = HERE / "models"
CACHE = ROOT / ".cache" / "classifier"
FORBIDDEN = "/work/shared/gold"
LABEL_INDEX = {label: i for i, label in enumerate(LABELS)}
NONE = LABEL_INDEX["NONE"]
OLD_NAMES = {"YIELD": "CONCEDE"}
MIN_COUNT = 2          # features seen in fewer training examples are dropped
L2 = 1.0               # penalty on the weights (the loss is a weighted sum over examples)
MAX_ITER = 400
# stories: their label is the story's, the trigger a guess; a light weight (chosen on the
# calibration fold: at full weight they cost 0.07 of log-loss there, at 0.3 they help French)
STORY_LEXICON_WEIGHT, STORY_MODEL_WEIGHT, STORY_MIN_PROB = 0.15, 0.1, 0.25
CLAIM_WEIGHT = 0.5     # "claimed responsibility" sentences of the stories, typed by the lexicon
# other predicates of a labelled sentence are NONE, lightly: plv_train labels one event a
# sentence (others may be events too); the hand-written files list every main-clause event,
# but leave incidental ones unannotated ("malgré les avertissements de Pékin")
OTHER_WEIGHT = 0.5
OWN_OTHER_WEIGHT = 0.5
OWN_WEIGHT = {"en": 1.5, "fr": 2.0}


@dataclass
class Example:
    feats: list[str]
    label: int
    weight: float
    split: str       # train, cal, dev, held (own held-out)
    source: str      # plv, story, cameo, own
    lang: str
    gold: bool       # the labelled trigger of its sentence (not an other-predicate NONE)
    rid: str
    lexicon: str | None = None  # type the trigger lexicon gives the token (held-out data only)


def split_of(rid: str, holdout: bool = True) -> str:
    """dev (20%, only where a holdout is kept), cal (10% of the rest) or train, by id."""
    if holdout and zlib.crc32(rid.encode("utf-8")) % 5 == 0:
        return "dev"
    if zlib.crc32((rid + ":cal").encode("utf-8")) % 10 == 0:
        return "cal"
    return "train"


# -- reading and parsing ------------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def first_paragraph(text: str, limit: int = 700) -> str:
    para = text.strip().split("\n\n")[0].strip()
    if len(para) > limit:
        cut = para.rfind(". ", 0, limit)
        para = para[:cut + 1] if cut > 100 else para[:limit]
    return para


def parse_all(lang: str, texts: list[str]) -> list:
    """Parses of ``texts`` with the project's pipeline, cached by content (under CACHE; no
    cache when it is None)."""
    return _parse_all(lang, texts, CACHE)


def _parse_all(lang: str, texts: list[str], cache: Path | None) -> list:
    from spacy.tokens import DocBin

    import spacy

    from homologue.extract.pipeline import MODELS
    digest = hashlib.sha256("\x00".join([MODELS[lang], spacy.__version__] + texts)
                            .encode("utf-8")).hexdigest()[:16]
    nlp = _pipeline(lang)
    path = cache / f"{lang}-{digest}.spacy" if cache is not None else None
    if path is not None and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    started = time.perf_counter()
    # the recogniser's output is not read by the features
    disabled = [p for p in ("homologue_entities", "ner") if p in nlp.pipe_names]
    with nlp.select_pipes(disable=disabled):
        docs = list(nlp.pipe(texts, batch_size=64))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs, store_user_data=False).to_disk(path)
    print(f"  parsed {len(texts)} {lang} texts in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    return docs


_PIPELINES: dict = {}


def _pipeline(lang: str):
    from homologue.extract.pipeline import load_pipeline
    if lang not in _PIPELINES:
        _PIPELINES[lang] = load_pipeline(lang)
    return _PIPELINES[lang]


def strip_marks(marked: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """The text of a marked sentence and the character spans of <s>...</s> and <t>...</t>."""
    spans: dict[str, tuple[int, int]] = {}
    out: list[str] = []
    pos = 0
    opened: dict[str, int] = {}
    for match in re.finditer(r"</?([st])>", marked):
        out.append(marked[pos:match.start()])
        length = sum(len(p) for p in out)
        tag = match.group(1)
        if match.group(0).startswith("</"):
            if tag in opened:
                spans[tag] = (opened.pop(tag), length)
        else:
            opened[tag] = length
        pos = match.end()
    out.append(marked[pos:])
    return "".join(out), spans


def span_root(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def locate(doc, text: str | None):
    """Root token of the first occurrence of ``text`` in a doc."""
    if not text:
        return None
    at = doc.text.find(text)
    if at < 0:
        at = doc.text.lower().find(text.lower())
    return span_root(doc, at, at + len(text)) if at >= 0 else None


def ancestors(token) -> list:
    chain = [token]
    while chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


POSSESSIVE_EDGES = frozenset(("poss", "nmod:poss", "compound"))
OF = frozenset(("of", "de"))


def derive_trigger(source, target):
    """(trigger, light verb or None): the lowest predicate above the target on its path to
    the lowest common head with the source. A noun on the path is the trigger only if it is
    an event noun that the target does not merely own ("rejected Iran's request": the verb;
    "launched an investigation into X": the noun, with "launched" as its light verb)."""
    if target is None and source is None:
        return None, None
    if target is None:
        target, source = source, None
    up = ancestors(target)
    if source is not None:
        above_source = {t.i for t in ancestors(source)}
        cut = next((k for k, t in enumerate(up) if t.i in above_source), len(up) - 1)
    else:
        cut = len(up) - 1
    trigger = None
    for k in range(1, len(up)):
        t = up[k]
        if not is_candidate(t):
            continue
        if classifier.is_nominal(t) and k < cut:
            below = up[k - 1]
            owned = below.dep_ in POSSESSIVE_EDGES or (
                below.pos_ == "ADP" and ffold(below.lemma_) in OF) or any(
                c.dep_ == "case" and ffold(c.lemma_) in OF for c in below.children)
            if owned or classifier.english(t) not in classifier.EVENT_NOUNS:
                continue
        trigger = t
        break
    if trigger is None and cut == 0 and is_candidate(up[0]):
        trigger = up[0]
    if trigger is None:
        return None, None
    light = None
    if classifier.is_nominal(trigger):
        light = next((t for t in ancestors(trigger)[1:3] if t.pos_ == "VERB"), None)
    return trigger, light


def token_for_trigger(doc, trigger: str | None, near=None):
    """The token of a hand-written trigger (an exact substring of the text, one word or a
    fixed expression: its head word, « pris d'assaut » -> « pris »); the occurrence closest to
    ``near`` when there are several; else a token whose form or lemma is one of its words."""
    if not trigger:
        return None
    found = []
    for text in (doc.text, doc.text.lower()):
        needle = trigger if text is doc.text else trigger.lower()
        at = text.find(needle)
        while at >= 0:
            span = doc.char_span(at, at + len(needle), alignment_mode="expand")
            if span is not None and len(span):
                found.append(span.root)
            at = text.find(needle, at + 1)
        if found:
            break
    if not found:
        words = ffold(trigger).split()
        found = [t for t in doc if ffold(t.text) in words or ffold(t.lemma_) in words]
        found = [t for t in found if is_candidate(t)] or found
    if not found:
        return None
    if near is not None:
        found.sort(key=lambda t: abs(t.i - near.i))
    return found[0]


def lexicon_type(token) -> str | None:
    """The type the project's trigger rules give a token (None: not a trigger)."""
    from homologue.extract.events import _matching_trigger
    from homologue.extract.lexicon import load_lexicon
    found = _matching_trigger(load_lexicon(token.lang_), token)
    return found.type if found is not None else None


def sentence_candidates(token_or_doc) -> list:
    return [t for t in token_or_doc if is_candidate(t)]


# -- building examples --------------------------------------------------------------------------


def plv_examples(data: Path) -> list[Example]:
    records = read_jsonl(data / "plv_train.jsonl")
    texts, spans = [], []
    for r in records:
        text, marks = strip_marks(r["marked_sentence"])
        texts.append(text)
        spans.append(marks)
    docs = parse_all("en", texts)
    out: list[Example] = []
    missed = 0
    for r, doc, marks in zip(records, docs, spans):
        label = OLD_NAMES.get(r["label"], r["label"])
        split = split_of(r["id"])
        source = span_root(doc, *marks["s"]) if "s" in marks else locate(doc, r.get("source"))
        target = span_root(doc, *marks["t"]) if "t" in marks else locate(doc, r.get("target"))
        trigger, light = derive_trigger(source, target)
        if trigger is None:
            missed += 1
            continue
        out.append(Example(features(trigger), LABEL_INDEX[label], 1.0, split, "plv", "en",
                           True, r["id"], lexicon_type(trigger) if split == "dev" else None))
        done = {trigger.i}
        if light is not None:  # neither the event nor NONE: left out
            done.add(light.i)
        for t in sentence_candidates(trigger.sent):
            if t.i not in done:
                out.append(Example(features(t), NONE, OTHER_WEIGHT, split, "plv", "en", False,
                                   r["id"], lexicon_type(t) if split == "dev" else None))
    print(f"  plv_train: {len(records)} records, {missed} without a trigger", file=sys.stderr)
    return out


SPEECH_ROOTS = frozenset("say tell add state note explain indicate consider explore want "
                         "attend stress".split())


def cameo_examples(data: Path) -> list[Example]:
    """Root predicates of ConfliBERT's "statement" sentences (penta 0). CAMEO statements
    include denials, appeals and claims of responsibility, which PLOVER types (REJECT,
    REQUEST, CLAIM): only plain speech roots ("said", "stated") are NONE examples, and roots
    the lexicon reads as claims of responsibility are CLAIM examples. The other classes mix
    four or five PLOVER types each and are not used, nor are the test rows."""
    records = [r for r in read_jsonl(data / "cameo_class.jsonl")
               if r.get("split") == "train" and r.get("penta") == 0]
    docs = parse_all("en", [r["text"] for r in records])
    out = []
    for r, doc in zip(records, docs):
        for sent in list(doc.sents)[:1]:
            root = sent.root
            if not is_candidate(root):
                continue
            if lexicon_type(root) == "CLAIM":
                out.append(Example(features(root), LABEL_INDEX["CLAIM"], CLAIM_WEIGHT, "train",
                                   "cameo", "en", True, r["id"]))
            elif ffold(root.lemma_) in SPEECH_ROOTS:
                out.append(Example(features(root), NONE, 0.3, "train", "cameo", "en", False,
                                   r["id"]))
    return out


def own_examples(folder: Path) -> list[Example]:
    files = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
    records = []
    for path in files:
        for r in read_jsonl(path):
            if r.get("text"):
                r["_file"] = path.name
                records.append(r)
    out: list[Example] = []
    missed = 0
    for lang in ("en", "fr"):
        # a sentence with two events is on two lines: one parse, one split (by the first
        # line's id), and no line's trigger is a NONE example for the other
        groups: dict[str, list[dict]] = {}
        for r in records:
            if (r.get("lang") or "en") == lang:
                groups.setdefault(r["text"], []).append(r)
        if not groups:
            continue
        texts = list(groups)
        docs = parse_all(lang, texts)
        weight = OWN_WEIGHT.get(lang, 1.5)
        for text, doc in zip(texts, docs):
            lines = groups[text]
            rid = str(lines[0].get("id") or lines[0]["_file"] + ":" + text[:40])
            split = split_of(rid)
            split = "held" if split == "dev" else split
            done: set[int] = set()
            any_event = False
            for r in lines:
                raw = str(r.get("label") or "NONE").upper()
                label = OLD_NAMES.get(raw, raw)
                if label not in LABEL_INDEX:
                    label = "NONE"
                source, target = locate(doc, r.get("source")), locate(doc, r.get("target"))
                anchor, _ = derive_trigger(source, target)
                trigger = token_for_trigger(doc, r.get("trigger"), anchor) or (
                    anchor if label != "NONE" else None)
                if trigger is None:
                    missed += label != "NONE"
                    continue
                any_event = any_event or label != "NONE"
                if trigger.i in done:
                    continue
                out.append(Example(features(trigger), LABEL_INDEX[label], weight, split, "own",
                                   lang, True, str(r.get("id") or rid),
                                   lexicon_type(trigger) if split == "held" else None))
                done.add(trigger.i)
            for t in sentence_candidates(doc):
                if t.i not in done:
                    out.append(Example(features(t), NONE, OWN_OTHER_WEIGHT,
                                       split, "own", lang, False, rid,
                                       lexicon_type(t) if split == "held" else None))
    if records:
        print(f"  own sentences: {len(records)} in {len(files)} files, {missed} without a "
              f"trigger token", file=sys.stderr)
    return out


def story_candidates(data: Path) -> list[tuple[dict, list]]:
    """Each synthetic story's label and the predicates of its first two sentences."""
    records = read_jsonl(data / "synthetic_plover_stories.jsonl")
    docs = parse_all("en", [first_paragraph(r["text"]) for r in records])
    return [(r, [t for s in list(doc.sents)[:2] for t in s if is_candidate(t)])
            for r, doc in zip(records, docs)]


def claim_examples(data: Path) -> list[Example]:
    """Claims of responsibility in the stories (no story is labelled CLAIM, but attacks are
    often claimed): sentences that mention responsibility, the lexicon's CLAIM trigger."""
    sentences = []
    for r in read_jsonl(data / "synthetic_plover_stories.jsonl"):
        for sentence in re.split(r"(?<=[.!?])\s+", r["text"]):
            if "responsib" in sentence and len(sentence) < 400:
                sentences.append((r["id"], sentence.strip()))
    docs = parse_all("en", [text for _, text in sentences])
    out = []
    for (rid, _), doc in zip(sentences, docs):
        for t in doc:
            if is_candidate(t) and lexicon_type(t) == "CLAIM":
                out.append(Example(features(t), LABEL_INDEX["CLAIM"], CLAIM_WEIGHT, "train",
                                   "story", "en", True, rid))
    print(f"  claims of responsibility in the stories: {len(out)}", file=sys.stderr)
    return out


def story_examples(stories: list[tuple[dict, list]], model: TypeModel | None) -> list[Example]:
    from homologue.extract.lexicon import load_lexicon
    lexicon = load_lexicon("en")
    out = []
    by = Counter()
    for r, cands in stories:
        label = OLD_NAMES.get(r["label"], r["label"])
        if label not in LABEL_INDEX or not cands:
            continue
        chosen, weight = None, 0.0
        for t in cands:
            if any(tr.type == label and tr.nouns == classifier.is_nominal(t)
                   for tr in lexicon.candidates(t.lemma_, t.text)):
                chosen, weight = t, STORY_LEXICON_WEIGHT
                by["lexicon"] += 1
                break
        if chosen is None and model is not None:
            probs = model.predict_tokens(cands)[:, LABEL_INDEX[label]]
            k = int(np.argmax(probs))
            if probs[k] >= STORY_MIN_PROB:
                chosen, weight = cands[k], STORY_MODEL_WEIGHT
                by["model"] += 1
        if chosen is not None:
            out.append(Example(features(chosen), LABEL_INDEX[label], weight, "train", "story",
                               "en", True, r["id"]))
    print(f"  stories: {len(stories)}, used {dict(by)}", file=sys.stderr)
    return out


# -- fitting -------------------------------------------------------------------------------------


def design(examples: list[Example], columns: dict[int, int] | None = None):
    """Sparse design matrix (examples x columns); columns are the hashed buckets seen in at
    least MIN_COUNT examples when not given."""
    hashed = [sorted({bucket(f) for f in e.feats}) for e in examples]
    if columns is None:
        counts = Counter(b for row in hashed for b in row)
        kept = sorted(b for b, n in counts.items() if n >= MIN_COUNT)
        columns = {b: j for j, b in enumerate(kept)}
    indptr, indices = [0], []
    for row in hashed:
        indices.extend(columns[b] for b in row if b in columns)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    matrix = sparse.csr_matrix((data, np.asarray(indices, dtype=np.int64), indptr),
                               shape=(len(examples), len(columns)))
    return matrix, columns


def class_weights(labels: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Square-root inverse frequency, clipped to [0.5, 5]: rare types count more, NONE less."""
    totals = np.bincount(labels, weights=weights, minlength=len(LABELS))
    present = totals > 0
    out = np.ones(len(LABELS))
    out[present] = np.sqrt(totals[present].sum() / (present.sum() * totals[present]))
    return np.clip(out, 0.5, 5.0)


def fit(matrix, labels: np.ndarray, weights: np.ndarray, l2: float = L2):
    """Weights (columns x classes) and bias of a weighted multinomial logistic regression."""
    n, d = matrix.shape
    k = len(LABELS)
    onehot = np.zeros((n, k))
    onehot[np.arange(n), labels] = 1.0
    xt = matrix.T.tocsr()

    def loss(theta):
        w = theta[:d * k].reshape(d, k)
        b = theta[d * k:]
        z = matrix @ w + b
        z -= z.max(axis=1, keepdims=True)
        logsum = np.log(np.exp(z).sum(axis=1))
        p = np.exp(z - logsum[:, None])
        value = float(weights @ (logsum - (z * onehot).sum(axis=1))) + 0.5 * l2 * float(w.ravel() @ w.ravel())
        residual = (p - onehot) * weights[:, None]
        grad_w = xt @ residual + l2 * w
        return value, np.concatenate([grad_w.ravel(), residual.sum(axis=0)])

    result = optimize.minimize(loss, np.zeros(d * k + k), jac=True, method="L-BFGS-B",
                               options={"maxiter": MAX_ITER, "maxcor": 10, "gtol": 1e-6})
    return result.x[:d * k].reshape(d, k), result.x[d * k:], result


def calibrate(logits: np.ndarray, labels: np.ndarray,
              weights: np.ndarray | None = None) -> tuple[float, np.ndarray]:
    """Temperature and a bias per class minimising the (weighted) log-loss of a held-out fold
    (the bias is penalised so that classes absent from the fold keep theirs near 0)."""
    k = logits.shape[1]
    weights = np.ones(len(labels)) if weights is None else np.asarray(weights, dtype=float)
    onehot = np.zeros_like(logits)
    onehot[np.arange(len(labels)), labels] = 1.0

    def loss(theta):
        t = np.exp(theta[0])
        off = theta[1:]
        z = logits / t + off
        z = z - z.max(axis=1, keepdims=True)
        logsum = np.log(np.exp(z).sum(axis=1))
        p = np.exp(z - logsum[:, None])
        value = float(weights @ (logsum - (z * onehot).sum(axis=1))) + 0.5 * float(off @ off)
        r = (p - onehot) * weights[:, None]
        grad_off = r.sum(axis=0) + off
        grad_t = float((r * (-logits / t)).sum())  # d/d log t
        return value, np.concatenate([[grad_t], grad_off])

    result = optimize.minimize(loss, np.zeros(k + 1), jac=True, method="L-BFGS-B",
                               options={"maxiter": 200})
    return float(np.exp(result.x[0])), result.x[1:]


def make_model(weights, bias, columns, temperature=1.0, offset=None, meta=None) -> TypeModel:
    buckets = np.asarray(sorted(columns, key=columns.get), dtype=np.int64)
    order = np.argsort(buckets, kind="stable")
    return TypeModel(buckets[order], np.asarray(weights)[order].astype(np.float16)
                     .astype(np.float32), np.asarray(bias, dtype=np.float32), temperature,
                     None if offset is None else np.asarray(offset, dtype=np.float32),
                     LABELS, meta)


def train_model(examples: list[Example], l2: float = L2):
    """Fit on the train split; calibrate on the cal split. Returns (model, fit info)."""
    train = [e for e in examples if e.split == "train"]
    matrix, columns = design(train)
    labels = np.asarray([e.label for e in train])
    base = np.asarray([e.weight for e in train])
    cw = class_weights(labels, base)
    w, b, result = fit(matrix, labels, base * cw[labels], l2)
    model = make_model(w, b, columns)
    cal = [e for e in examples if e.split == "cal"]
    temperature, offset = 1.0, np.zeros(len(LABELS))
    if cal:
        raw = logits_of(model, cal)
        # unweighted: the probabilities mean frequencies on held-out predicates (weighting
        # the uncertain NONE examples down raised recall but worsened log-loss and ECE)
        temperature, offset = calibrate(raw, np.asarray([e.label for e in cal]))
    model = make_model(w, b, columns, temperature, offset)
    return model, {"iterations": int(result.nit), "features": len(columns),
                   "train_examples": len(train), "cal_examples": len(cal),
                   "converged": bool(result.success)}


def logits_of(model: TypeModel, examples: list[Example]) -> np.ndarray:
    """Calibrated logits from feature lists (the model's own path, without tokens)."""
    rows, starts = [], []
    for e in examples:
        starts.append(len(rows))
        rows.extend(model.rows(e.feats))
    if not examples:
        return np.zeros((0, len(LABELS)))
    summed = np.add.reduceat(model.weights[rows], starts, axis=0)
    return ((summed + model.bias) / model.temperature + model.offset).astype(np.float64)


# -- evaluation ----------------------------------------------------------------------------------


def evaluate(model: TypeModel, examples: list[Example]) -> dict:
    """Type scores on held-out examples: per type P/R/F1 (a NONE prediction on a labelled
    trigger is a miss; a type on a NONE example a false alarm), macro and micro F1 over the
    types, accuracy of the best type on labelled triggers, and a reliability table."""
    if not examples:
        return {}
    probs = classifier.softmax(logits_of(model, examples))
    gold = np.asarray([e.label for e in examples])
    pred = probs.argmax(axis=1)
    is_gold = np.asarray([e.gold and e.label != NONE for e in examples])
    per_type = {}
    tp_all = fp_all = fn_all = 0
    f1s = []
    for k, label in enumerate(TYPES):
        tp = int(((pred == k) & (gold == k)).sum())
        fp = int(((pred == k) & (gold != k)).sum())
        fn = int(((pred != k) & (gold == k)).sum())
        support = int((gold == k).sum())
        if support == 0 and fp == 0:
            continue
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per_type[label] = {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3),
                           "support": support}
        if support:
            f1s.append(f)
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
    micro_p = tp_all / (tp_all + fp_all) if tp_all + fp_all else 0.0
    micro_r = tp_all / (tp_all + fn_all) if tp_all + fn_all else 0.0
    type_only = probs[:, :len(TYPES)].argmax(axis=1)
    out = {
        "examples": len(examples), "labelled_triggers": int(is_gold.sum()),
        "type_accuracy_on_triggers": round(float((type_only[is_gold] == gold[is_gold]).mean()), 3)
        if is_gold.any() else None,
        "accuracy_on_triggers": round(float((pred[is_gold] == gold[is_gold]).mean()), 3)
        if is_gold.any() else None,
        "macro_f1": round(float(np.mean(f1s)), 3) if f1s else 0.0,
        "micro_f1": round(2 * micro_p * micro_r / (micro_p + micro_r), 3)
        if micro_p + micro_r else 0.0,
        "micro_p": round(micro_p, 3), "micro_r": round(micro_r, 3),
        "per_type": per_type,
        "reliability": reliability(probs, gold),
        "log_loss": round(float(-np.log(probs[np.arange(len(gold)), gold] + 1e-12).mean()), 4),
    }
    return out


BINS = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001)


def reliability(probs: np.ndarray, gold: np.ndarray) -> dict:
    """Predicted probability of the top label vs how often it is right, by bin; and the same
    for the top *type* (NONE excluded) when it is predicted, which is what thresholds use."""
    tables = {}
    top = probs.argmax(axis=1)
    conf = probs.max(axis=1)
    types = probs[:, :len(TYPES)]
    top_type = types.argmax(axis=1)
    conf_type = types.max(axis=1)
    for name, c, right in (("top_label", conf, top == gold),
                           ("top_type", conf_type, top_type == gold)):
        rows = []
        for lo, hi in zip(BINS[:-1], BINS[1:]):
            mask = (c >= lo) & (c < hi)
            if mask.any():
                rows.append({"bin": f"{lo:.2f}-{min(hi, 1):.2f}", "n": int(mask.sum()),
                             "mean_prob": round(float(c[mask].mean()), 3),
                             "precision": round(float(right[mask].mean()), 3)})
        tables[name] = rows
    bins = np.clip((conf * 10).astype(int), 0, 9)
    ece = sum(abs(float(conf[bins == k].mean()) - float((top == gold)[bins == k].mean()))
              * (bins == k).sum() for k in range(10) if (bins == k).any()) / len(gold)
    tables["ece"] = round(float(ece), 4)
    return tables


THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def versus_lexicon(model: TypeModel, examples: list[Example]) -> dict:
    """How the model compares with the trigger lexicon (``events._matching_trigger``, the
    word and its conditions, before arguments are looked for) on held-out predicates:
    where the lexicon has no trigger, how precise the model's proposals are per threshold;
    where it has one, how often a different type the model is confident about is right
    (and the lexicon's wrong), and how often the lexicon's trigger is a NONE the model sees."""
    if not examples:
        return {}
    probs = classifier.softmax(logits_of(model, examples))
    gold = np.asarray([e.label for e in examples])
    lex = [e.lexicon for e in examples]
    fired = np.asarray([x is not None for x in lex])
    lex_idx = np.asarray([LABEL_INDEX.get(x, NONE) if x else NONE for x in lex])
    types = probs[:, :len(TYPES)]
    top_type, conf = types.argmax(axis=1), types.max(axis=1)
    out = {"predicates": len(examples), "lexicon_fires": int(fired.sum()),
           "lexicon_precision": round(float((lex_idx[fired] == gold[fired]).mean()), 3)
           if fired.any() else None,
           "lexicon_recall": round(float(((lex_idx == gold) & fired & (gold != NONE)).sum()
                                         / max(1, (gold != NONE).sum())), 3),
           "proposals": [], "overrides": [], "vetoes": []}
    for t in THRESHOLDS:
        mask = ~fired & (conf >= t)
        out["proposals"].append({"threshold": t, "n": int(mask.sum()),
                                 "precision": round(float((top_type[mask] == gold[mask]).mean()), 3)
                                 if mask.any() else None,
                                 "gold_events_without_trigger": int((~fired & (gold != NONE)).sum())})
        mask = fired & (conf >= t) & (top_type != lex_idx)
        out["overrides"].append({"threshold": t, "n": int(mask.sum()),
                                 "model_right": int((top_type[mask] == gold[mask]).sum()),
                                 "lexicon_right": int((lex_idx[mask] == gold[mask]).sum())})
        mask = fired & (probs[:, NONE] >= t)
        out["vetoes"].append({"threshold": t, "n": int(mask.sum()),
                              "gold_none": int((gold[mask] == NONE).sum()),
                              "lexicon_right": int((lex_idx[mask] == gold[mask]).sum())})
    return out


def print_versus(name: str, v: dict) -> None:
    if not v:
        return
    print(f"\n-- {name}: model vs trigger lexicon on {v['predicates']} predicates; lexicon fires on "
          f"{v['lexicon_fires']} (precision {v['lexicon_precision']}, recall {v['lexicon_recall']})")
    print("   threshold | proposals where no trigger: n, precision | overrides of the lexicon "
          "type: n, model right, lexicon right | P(NONE) on a trigger: n, gold NONE, lexicon right")
    for p, o, w in zip(v["proposals"], v["overrides"], v["vetoes"]):
        print(f"   {p['threshold']:.1f}       | {p['n']:>4} {p['precision']}"
              f"{'':<12}| {o['n']:>4} {o['model_right']:>4} {o['lexicon_right']:>4}"
              f"{'':<20}| {w['n']:>4} {w['gold_none']:>4} {w['lexicon_right']:>4}")


def print_report(name: str, scores: dict) -> None:
    if not scores:
        return
    print(f"\n== {name}: {scores['examples']} examples, {scores['labelled_triggers']} labelled "
          f"triggers")
    print(f"type accuracy on labelled triggers (best type): {scores['type_accuracy_on_triggers']}"
          f"   accuracy incl. NONE: {scores['accuracy_on_triggers']}   log-loss "
          f"{scores['log_loss']}")
    print(f"macro F1 {scores['macro_f1']}   micro F1 {scores['micro_f1']} "
          f"(P {scores['micro_p']}, R {scores['micro_r']})")
    print(f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}")
    for label, s in scores["per_type"].items():
        print(f"{label:<10} {s['p']:>6.3f} {s['r']:>6.3f} {s['f1']:>6.3f} {s['support']:>5}")
    for table in ("top_label", "top_type"):
        print(f"reliability ({table}): bin, n, mean prob, precision")
        for row in scores["reliability"][table]:
            print(f"  {row['bin']}  {row['n']:>5}  {row['mean_prob']:.3f}  {row['precision']:.3f}")
    print(f"ECE (10 bins, top label): {scores['reliability']['ece']}")


# -- main ----------------------------------------------------------------------------------------


def build(data: Path, own: Path) -> tuple[list[Example], list]:
    if str(data.resolve()).startswith(FORBIDDEN) or str(own.resolve()).startswith(FORBIDDEN):
        raise SystemExit("refusing to read evaluation data")
    examples = (plv_examples(data) + own_examples(own) + cameo_examples(data)
                + claim_examples(data))
    return examples, story_candidates(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--own", type=Path, default=DEFAULT_OWN)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--l2", type=float, default=L2)
    parser.add_argument("--cache", type=Path, default=CACHE,
                        help="folder of cached parses (default .cache/classifier)")
    parser.add_argument("--no-cache", action="store_true", help="parse everything again")
    args = parser.parse_args(argv)
    globals()["CACHE"] = None if args.no_cache else args.cache
    started = time.perf_counter()
    examples, stories = build(args.data, args.own)
    parsed = time.perf_counter()
    print(f"examples: {Counter((e.source, e.split) for e in examples)}", file=sys.stderr)
    first, _ = train_model(examples, args.l2)
    examples = examples + story_examples(stories, first)
    model, info = train_model(examples, args.l2)
    fitted = time.perf_counter()
    dev = [e for e in examples if e.split == "dev"]
    held = [e for e in examples if e.split == "held"]
    report = {"dev_plv": evaluate(model, dev)}
    for lang in ("en", "fr"):
        mine = [e for e in held if e.lang == lang]
        if mine:
            report[f"held_own_{lang}"] = evaluate(model, mine)
    blob = model.to_bytes()
    meta = {
        "labels": list(LABELS), "languages": ["en", "fr"],
        "feature_version": classifier.FEATURE_VERSION, "buckets": classifier.BUCKETS,
        "temperature": round(model.temperature, 6),
        "offset": [round(float(x), 6) for x in model.offset],
        "training": {**info, "examples": dict(sorted(Counter(
            f"{e.source}:{e.split}" for e in examples).items())), "l2": args.l2,
            "min_count": MIN_COUNT},
        "dev": {name: {k: v for k, v in s.items() if k != "reliability"}
                for name, s in report.items() if s},
        "sha256": hashlib.sha256(blob).hexdigest(),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / classifier.MODEL_FILE).write_bytes(blob)
    (args.out / classifier.META_FILE).write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n",
                                                 encoding="utf-8")
    for name, scores in report.items():
        print_report(name, scores)
    print_versus("dev_plv", versus_lexicon(model, dev))
    for lang in ("en", "fr"):
        print_versus(f"held_own_{lang}", versus_lexicon(model, [e for e in held if e.lang == lang]))
    print(f"\nparse {parsed - started:.0f} s, fit {fitted - parsed:.0f} s, total "
          f"{time.perf_counter() - started:.0f} s; model {len(blob) / 1e6:.2f} MB "
          f"({info['features']} features, T={model.temperature:.3f}), sha256 {meta['sha256'][:12]}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sys.exit(main())
