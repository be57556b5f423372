"""Calibrate events' confidence: what share of events with a given raw confidence has the
right type, measured on sentences neither the model nor the rules were tuned on.

The raw confidence multiplies the model's probability (or the lexicon's prior) by what the
rules say of the actors and the date. This step fits a monotone map from it to the share of
events whose type is right, by pool-adjacent-violators on the calibration fold of the
labelled sentences (``train.split_of`` == "cal": never trained on), and prints the
reliability table on the dev split ("dev"), before and after. Run with ``make train`` (after
the model) or ``python -m homologue.extract.calibrate [DATA]``; it writes
``models/calibration.json``.
"""

from __future__ import annotations

import argparse
import bisect
import functools
import json
import sys
from collections import defaultdict
from importlib import resources
from pathlib import Path

from homologue.documents import Document

CALIBRATION_FILE = "calibration.json"
BINS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


@functools.lru_cache(maxsize=1)
def load_calibration() -> tuple[tuple[float, ...], tuple[float, ...]] | None:
    """The shipped map (raw confidences, calibrated values), or None before any is fitted."""
    path = resources.files("homologue.extract.models") / CALIBRATION_FILE
    if not path.is_file():
        return None
    data = json.loads(path.read_text("utf-8"))
    return tuple(data["raw"]), tuple(data["calibrated"])


def calibrated(raw: float, table: tuple[tuple[float, ...], tuple[float, ...]] | None) -> float:
    """The calibrated confidence of a raw one: linear between the fitted points.

    >>> calibrated(0.5, ((0.2, 0.8), (0.3, 0.9)))
    0.6
    """
    if table is None:
        return raw
    xs, ys = table
    i = bisect.bisect_left(xs, raw)
    if i == 0:
        return ys[0]
    if i == len(xs):
        return ys[-1]
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    return round(y0 + (y1 - y0) * (raw - x0) / (x1 - x0), 3) if x1 > x0 else y1


def isotonic(points: list[tuple[float, bool]]) -> tuple[list[float], list[float]]:
    """Pool adjacent violators: the non-decreasing step map of correctness on confidence,
    one point per pooled block (its mean confidence, its share correct).

    >>> isotonic([(0.1, True), (0.2, False), (0.3, True), (0.4, True)])
    ([0.15, 0.3, 0.4], [0.5, 1.0, 1.0])
    """
    blocks: list[list[float]] = []  # [sum of x, sum of y, count]
    for x, y in sorted(points):
        blocks.append([x, float(y), 1.0])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] > blocks[-1][1] / blocks[-1][2]:
            x2, y2, n2 = blocks.pop()
            blocks[-1] = [blocks[-1][0] + x2, blocks[-1][1] + y2, blocks[-1][2] + n2]
    return ([round(b[0] / b[2], 4) for b in blocks], [round(b[1] / b[2], 4) for b in blocks])


def labelled_sentences(data: Path, project: Path) -> list[tuple[str, str, str, set[str]]]:
    """(id, language, text, right types) of every labelled sentence: plv_train, and the
    project's own sentences (one line per event; NONE lines name no type)."""
    from homologue.extract.train import read_jsonl

    out = [(r["id"], "en", r["text"], {r["label"]})
           for r in read_jsonl(data / "plv_train.jsonl")]
    grouped: dict[tuple[str, str], set[str]] = defaultdict(set)
    ids: dict[tuple[str, str], str] = {}
    for path in sorted((project / "training").glob("*.jsonl")):
        for r in read_jsonl(path):
            key = (r["lang"], r["text"])
            ids.setdefault(key, r["id"])
            if r["label"] != "NONE":
                grouped[key].add(r["label"])
            else:
                grouped.setdefault(key, set())
    out += [(ids[k], k[0], k[1], types) for k, types in grouped.items()]
    return out


def scored_events(sentences, split: str, extractor) -> list[tuple[float, bool]]:
    """(raw confidence, type right) of every event extracted from the sentences of a split."""
    from homologue.extract.train import split_of

    chosen = [s for s in sentences if split_of(s[0]) == split]
    documents = (Document(rid, text, lang) for rid, lang, text, _ in chosen)
    right = {rid: types for rid, _, _, types in chosen}
    out = []
    for document, events in extractor.extract_many(documents):
        out += [(e.confidence, e.type in right[document.id]) for e in events]
    return out


def reliability(points: list[tuple[float, bool]], table=None) -> list[tuple[str, int, float]]:
    """(bin, events, share right) with confidences mapped through ``table``."""
    bins: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for raw, ok in points:
        value = calibrated(raw, table)
        i = bisect.bisect_right(BINS, value) - 1
        bins[i][0] += 1
        bins[i][1] += ok
    return [(f"{BINS[i]:.1f}–{min(BINS[i + 1], 1.0):.1f}", n, round(k / n, 2))
            for i, (n, k) in sorted(bins.items())]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=Path("../shared/data/training"))
    parser.add_argument("--project", type=Path, default=Path("."))
    args = parser.parse_args(argv)
    from homologue.extract import Extractor

    extractor = Extractor(calibrate=False)  # raw confidences
    sentences = labelled_sentences(args.data, args.project)
    fit = scored_events(sentences, "cal", extractor)
    xs, ys = isotonic(fit)
    out = Path(str(resources.files("homologue.extract.models"))) / CALIBRATION_FILE
    out.write_text(json.dumps({"raw": xs, "calibrated": ys, "events": len(fit)}, indent=1)
                   + "\n", encoding="utf-8")
    dev = scored_events(sentences, "dev", extractor)
    print(f"fitted on {len(fit)} events of the calibration fold; dev split: {len(dev)} events")
    print("confidence   raw: events  right   calibrated: events  right")
    raw, cal = dict((b, (n, p)) for b, n, p in reliability(dev)), \
        dict((b, (n, p)) for b, n, p in reliability(dev, (tuple(xs), tuple(ys))))
    for b in sorted(set(raw) | set(cal)):
        r, c = raw.get(b, (0, "-")), cal.get(b, (0, "-"))
        print(f"{b:10}  {r[0]:11}  {r[1]:>5}   {c[0]:17}  {c[1]:>5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
