#!/usr/bin/env python3
"""Check the hand-written PLOVER training files (stdlib only).

Usage: python3 training/check.py [FILE ...]   (default: every *.jsonl next to this script)

Every line must be a JSON object with the fields id, lang, text, label, mode, trigger, source,
target; trigger (required) and source/target (when not null) must be substrings of text; label
must be a PLOVER type, CLAIM or NONE; mode must be null or one of the codebook's modes for that
label; ids must be unique across files. Prints counts per label and language; exits 1 on errors.
"""
import json
import sys
from collections import Counter
from pathlib import Path

FIELDS = ("id", "lang", "text", "label", "mode", "trigger", "source", "target")
LANGS = {"fr", "en"}
# Modes from PLOVER_structured_codebook_updated.csv (an empty list: the label takes no mode).
MODES = {
    "AGREE": [], "SUPPORT": [], "COOPERATE": [], "AID": [], "CONCEDE": [], "CLAIM": [], "NONE": [],
    "CONSULT": ["visit", "third-party", "multilateral", "phone"],
    "RETREAT": ["withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"],
    "REQUEST": ["assist", "change", "yield", "meet"],
    "REJECT": ["assist", "change", "yield", "meet"],
    "ACCUSE": ["disapprove", "investigate", "allege"],
    "THREATEN": ["restrict", "ban", "arrest", "relations", "rights", "expel", "territory", "violence"],
    "PROTEST": ["demo", "riot", "strike", "boycott", "obstruct"],
    "SANCTION": ["convict", "expel", "withdraw", "discontinue"],
    "MOBILIZE": ["troops", "weapons", "police", "militia"],
    "COERCE": ["seize", "restrict", "ban", "censor", "curfew", "arrest", "deport", "withhold",
               "misinformation", "cyber"],
    "ASSAULT": ["abduct", "beat", "execute", "sexual", "assassinate", "destroy", "primitive",
                "firearms", "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons",
                "crowd-control", "cleansing", "massacre", "unconventional"],
}


def check(paths):
    errors = []
    ids = {}
    counts = Counter()
    seen = Counter()
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.name}:{n}"
            if not line.strip():
                errors.append(f"{where}: empty line")
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{where}: invalid JSON ({exc})")
                continue
            if not isinstance(rec, dict):
                errors.append(f"{where}: not an object")
                continue
            missing = [f for f in FIELDS if f not in rec]
            extra = [f for f in rec if f not in FIELDS]
            if missing:
                errors.append(f"{where}: missing fields {missing}")
                continue
            if extra:
                errors.append(f"{where}: unknown fields {extra}")
            text, label, mode = rec["text"], rec["label"], rec["mode"]
            if not isinstance(text, str) or not text.strip():
                errors.append(f"{where}: empty text")
                continue
            if text != text.strip() or "  " in text:
                errors.append(f"{where}: stray whitespace in text")
            if rec["lang"] not in LANGS:
                errors.append(f"{where}: lang {rec['lang']!r} not in {sorted(LANGS)}")
            if not str(rec["id"]).startswith(f"{rec['lang']}-"):
                errors.append(f"{where}: id {rec['id']!r} does not start with the language")
            if rec["id"] in ids:
                errors.append(f"{where}: duplicate id {rec['id']!r} (first at {ids[rec['id']]})")
            ids[rec["id"]] = where
            if label not in MODES:
                errors.append(f"{where}: label {label!r} not allowed")
            elif mode is not None and mode not in MODES[label]:
                errors.append(f"{where}: mode {mode!r} not allowed for {label} "
                              f"(allowed: {MODES[label] or 'none'})")
            trig = rec["trigger"]
            if not isinstance(trig, str) or not trig:
                errors.append(f"{where}: trigger missing")
            elif trig not in text:
                errors.append(f"{where}: trigger {trig!r} not in text")
            for field in ("source", "target"):
                value = rec[field]
                if value is None:
                    continue
                if not isinstance(value, str) or not value:
                    errors.append(f"{where}: {field} must be a non-empty string or null")
                elif value not in text:
                    errors.append(f"{where}: {field} {value!r} not in text")
            if label == "NONE" and mode is not None:
                errors.append(f"{where}: NONE takes no mode")
            key = (text, trig, label)
            seen[key] += 1
            if seen[key] == 2:
                errors.append(f"{where}: duplicate event (same text, trigger and label)")
            counts[(label, rec["lang"])] += 1
    return errors, counts


def main(argv):
    here = Path(__file__).resolve().parent
    paths = [Path(p) for p in argv[1:]] or sorted(here.glob("*.jsonl"))
    errors, counts = check(paths)
    langs = sorted({lang for _, lang in counts})
    labels = sorted({label for label, _ in counts})
    print(f"{'label':<10}" + "".join(f"{lang:>6}" for lang in langs) + f"{'all':>6}")
    for label in labels:
        row = [counts[(label, lang)] for lang in langs]
        print(f"{label:<10}" + "".join(f"{c:>6}" for c in row) + f"{sum(row):>6}")
    totals = [sum(counts[(label, lang)] for label in labels) for lang in langs]
    print(f"{'total':<10}" + "".join(f"{c:>6}" for c in totals) + f"{sum(totals):>6}")
    sys.stdout.flush()
    for e in errors:
        print(e, file=sys.stderr)
    print(f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
