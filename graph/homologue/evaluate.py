"""Scoring extraction against hand-made gold (the format of ``shared/gold/README.md``).

A gold file has one JSON line per document: its text (``file`` relative to the gold file, or
``text``), its ``events`` (required or optional) and its ``not_events`` (statements that must
not become events). Extracted events are matched one to one with gold events at a level:

- ``type``: the type (or one of ``alt_types``) only;
- ``country``: and the actors by ISO alpha-3 code (by name where the gold gives no country);
- ``name``: and the actors by name (by country where the gold says ``"match": "country"`` or
  gives no name);
- ``full``: and the date, agreeing at the gold's precision.

Recall counts required events only; precision counts every extracted event, and an event that
matches an optional gold event is not a false positive. An extracted event that matches no
gold event but matches a ``not_event`` is a false positive reported by name ("forbidden"). The
mode is scored apart, on matched events whose gold gives one.

>>> _names_match(["Sergei Lavrov", "Sergey Lavrov"], ["Sergueï Lavrov", "Sergey Lavrov"])
True
>>> _names_match(["President Dmitry Medvedev"], ["Dmitry Medvedev"])
True
>>> _names_match(["Russia"], ["Belarus"])
False
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from homologue.dates import PRECISIONS, PartialDate
from homologue.documents import Document, LANGUAGES, detect_language, read_documents
from homologue.errors import InputError
from homologue.rdf.gazetteer import fold

LEVELS = ("type", "country", "name", "full")
TYPES = ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "SANCTION", "COERCE", "ASSAULT", "PROTEST", "MOBILIZE", "CONCEDE",
         "RETREAT", "CLAIM")
# *WEST* in the gold: the G7, the members of the EU, and NATO/EU bodies.
WEST_CODES = frozenset((
    "USA GBR FRA DEU ITA CAN JPN AUT BEL BGR HRV CYP CZE DNK EST FIN GRC HUN IRL LVA LTU LUX "
    "MLT NLD POL PRT ROU SVK SVN ESP SWE").split())
WEST_BODIES = frozenset(fold(n) for n in (
    "NATO", "OTAN", "European Union", "Union européenne", "EU", "UE", "European Commission",
    "Commission européenne", "European Council", "Conseil européen", "G7"))


# -- the gold --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldActor:
    names: tuple[str, ...] = ()
    country: str | None = None
    by_country: bool = False  # "match": "country": a role or a group, not a name

    @classmethod
    def parse(cls, data: object, where: str) -> GoldActor | None:
        if data is None:
            return None
        if not isinstance(data, dict):
            raise InputError(f"{where}: an actor must be an object with 'name' and/or 'country'")
        names = data.get("name") or ()
        if isinstance(names, str):
            names = (names,)
        country = data.get("country")
        return cls(tuple(str(n) for n in names), str(country) if country else None,
                   data.get("match") == "country")

    def describe(self) -> str:
        name = self.names[0] if self.names else ""
        if name and self.country:
            return f"{name} ({self.country})"
        return name or self.country or "?"


@dataclass(frozen=True)
class GoldEvent:
    id: str
    types: tuple[str, ...]  # the type first, then alt_types
    source: GoldActor | None
    target: GoldActor | None
    date: PartialDate | None
    mode: str | None
    required: bool
    symmetric: bool
    note: str = ""

    @property
    def type(self) -> str:
        return self.types[0]

    def describe(self) -> str:
        arrow = " <-> " if self.symmetric else " -> "
        who = (self.source.describe() if self.source else "?") + arrow + (
            self.target.describe() if self.target else "?")
        date = f" {self.date.iso}" if self.date else ""
        return f"{self.type} {who}{date}"


@dataclass
class GoldDocument:
    document: Document
    events: list[GoldEvent]
    not_events: list[GoldEvent]


def load_gold(path: str | Path) -> list[GoldDocument]:
    """The documents of a gold file, with their events and forbidden statements."""
    path = Path(path)
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read gold file {path}: {exc.strerror}; give a path to a "
                         f"gold .jsonl file") from None
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not JSON ({exc.msg}); one JSON object per line") from None
        if not isinstance(record, dict):
            raise InputError(f"{where}: each line must be a JSON object")
        out.append(_gold_document(record, path.parent, where))
    return out


def _gold_document(record: dict, folder: Path, where: str) -> GoldDocument:
    document = _document(record, folder, where)
    events = [_gold_event(e, f"{where} event {i}", forbidden=False)
              for i, e in enumerate(record.get("events") or (), 1)]
    not_events = [_gold_event(e, f"{where} not_event {i}", forbidden=True)
                  for i, e in enumerate(record.get("not_events") or (), 1)]
    return GoldDocument(document, events, not_events)


def _document(record: dict, folder: Path, where: str) -> Document:
    published = record.get("published")
    lang = record.get("lang")
    if lang is not None and lang not in LANGUAGES:
        raise InputError(f"{where}: lang {lang!r} is not one of {', '.join(LANGUAGES)}")
    if record.get("file"):
        file = folder / str(record["file"])
        if not file.is_file():
            raise InputError(f"{where}: file {file} not found; 'file' is relative to the gold file")
        document = next(iter(read_documents([str(file)], lang=lang)), None)
        if document is None:
            raise InputError(f"{where}: no document read from {file}")
        if published and not document.published:
            document = Document(document.id, document.text, document.lang, str(published),
                                document.title, document.url, document.source, document.path)
        return document
    if "text" not in record or "id" not in record:
        raise InputError(f"{where}: a gold document needs 'id' and 'text', or 'file'")
    text = str(record["text"])
    if lang is None:
        try:
            lang = detect_language(text)
        except InputError:
            raise InputError(f"{where}: cannot tell the language; add \"lang\": \"fr\" or "
                             f"\"en\" to the record") from None
    return Document(str(record["id"]), text, lang, str(published) if published else None)


def _gold_event(data: dict, where: str, forbidden: bool) -> GoldEvent:
    if not isinstance(data, dict) or data.get("type") not in TYPES:
        raise InputError(f"{where}: 'type' must be one of {', '.join(TYPES)}")
    types = (data["type"], *[t for t in data.get("alt_types") or () if t in TYPES])
    date = None
    if data.get("date"):
        try:
            date = PartialDate.parse(str(data["date"]))
        except (TypeError, ValueError):
            raise InputError(f"{where}: date {data['date']!r} is not YYYY, YYYY-MM or "
                             f"YYYY-MM-DD") from None
    return GoldEvent(
        id=str(data.get("id", "")), types=types,
        source=GoldActor.parse(data.get("source"), where),
        target=GoldActor.parse(data.get("target"), where),
        date=date, mode=data.get("mode"),
        required=(not forbidden) and data.get("required", True) is not False,
        symmetric=bool(data.get("symmetric")) or data["type"] == "CONSULT",
        note=str(data.get("why") or data.get("note") or ""))


# -- matching ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Extracted:
    """What scoring needs of an extracted event (built from ``Event.to_json()``)."""

    doc: str
    type: str
    source: dict | None
    target: dict | None
    date: PartialDate | None
    mode: str | None
    evidence: str
    confidence: float

    @classmethod
    def from_json(cls, data: dict) -> Extracted:
        return cls(data["doc"], data["type"], data.get("source"), data.get("target"),
                   PartialDate.parse(data.get("date")), data.get("mode"),
                   (data.get("evidence") or {}).get("text", ""), data.get("confidence", 0.0))

    def describe(self) -> str:
        def who(actor: dict | None) -> str:
            if not actor:
                return "?"
            return actor["label"] + (f" ({actor['country']})" if actor.get("country") else "")
        date = f" {self.date.iso}" if self.date else ""
        return f"{self.type} {who(self.source)} -> {who(self.target)}{date}"


_WORD = re.compile(r"\w+")


def _words(text: str) -> str:
    return " ".join(_WORD.findall(fold(text)))


def _names_match(gold: Iterable[str], labels: Iterable[str]) -> bool:
    """Names agree, case and accents folded: equal, or one holds the other as whole words
    (gold names in third-party sets are text spans: "President Dmitry Medvedev")."""
    wanted = [w for w in (_words(g) for g in gold) if w]
    have = [w for w in (_words(label) for label in labels) if w]
    for g in wanted:
        for h in have:
            if g == h or f" {h} " in f" {g} " or f" {g} " in f" {h} ":
                return True
    return False


def _labels(actor: dict) -> list[str]:
    return [actor.get("label") or "", *(actor.get("aliases") or ())]


def _is_west(actor: dict) -> bool:
    return (actor.get("country") in WEST_CODES and actor.get("kind") in (None, "state", "person",
                                                                         "territory")
            or any(fold(label) in WEST_BODIES for label in _labels(actor)))


def _actor_matches(gold: GoldActor | None, actor: dict | None, level: str) -> bool:
    if gold is None or level == "type":
        return True
    if actor is None:
        return False
    if gold.country == "*WEST*":
        return _is_west(actor)
    by_country = level == "country" or gold.by_country or not gold.names
    if by_country and gold.country:
        return actor.get("country") == gold.country
    if gold.names:
        return _names_match(gold.names, _labels(actor))
    return True


def _date_matches(gold: PartialDate | None, date: PartialDate | None) -> bool:
    """At the gold's precision: an extracted "2024-03" does not say "2024-03-22"."""
    if gold is None:
        return True
    if date is None or PRECISIONS.index(date.precision) < PRECISIONS.index(gold.precision):
        return False
    return date.coarsen(gold.precision) == gold


def matches(gold: GoldEvent, event: Extracted, level: str, dates: bool | None = None) -> bool:
    """True when an extracted event is the gold event at this level."""
    if event.type not in gold.types:
        return False
    if dates is None:
        dates = level == "full"
    if dates and not _date_matches(gold.date, event.date):
        return False
    if _actor_matches(gold.source, event.source, level) and _actor_matches(
            gold.target, event.target, level):
        return True
    return gold.symmetric and _actor_matches(gold.source, event.target, level) and \
        _actor_matches(gold.target, event.source, level)


def _best_matching(golds: list[GoldEvent], events: list[Extracted], level: str) -> dict[int, int]:
    """A maximum one-to-one matching (gold index -> event index), required events first."""
    match_of_event: dict[int, int] = {}
    candidates = [[j for j, e in enumerate(events) if matches(g, e, level)] for g in golds]

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in match_of_event or augment(match_of_event[j], seen):
                match_of_event[j] = i
                return True
        return False

    for required in (True, False):
        for i, gold in enumerate(golds):
            if gold.required == required:
                augment(i, set())
    return {i: j for j, i in match_of_event.items()}


# -- scores -----------------------------------------------------------------------------------


@dataclass
class Counts:
    required: int = 0
    found: int = 0  # required gold events matched
    extracted: int = 0
    correct: int = 0  # extracted events matching a gold event (required or optional)

    @property
    def precision(self) -> float | None:
        return self.correct / self.extracted if self.extracted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.required if self.required else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    def to_json(self) -> dict:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 3)
        return {"required": self.required, "found": self.found, "extracted": self.extracted,
                "correct": self.correct, "precision": r(self.precision),
                "recall": r(self.recall), "f1": r(self.f1)}


@dataclass
class Report:
    level: str
    documents: int = 0
    overall: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=dict)
    misses: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)
    forbidden: list[dict] = field(default_factory=list)
    mode_scored: int = 0
    mode_right: int = 0

    def count(self, event_type: str) -> Counts:
        return self.by_type.setdefault(event_type, Counts())

    def to_json(self) -> dict:
        return {
            "level": self.level, "documents": self.documents, **self.overall.to_json(),
            "by_type": {t: c.to_json() for t, c in sorted(self.by_type.items())},
            "mode": {"scored": self.mode_scored, "right": self.mode_right},
            "forbidden_matched": len(self.forbidden),
            "misses": self.misses, "spurious": self.spurious, "forbidden": self.forbidden,
        }


def score(gold: list[GoldDocument], extracted: dict[str, list[Extracted]], level: str) -> Report:
    """Score extracted events (by document id) against gold documents at a level."""
    if level not in LEVELS:
        raise InputError(f"unknown level {level!r}: use one of {', '.join(LEVELS)}")
    report = Report(level)
    for gold_doc in gold:
        doc_id = gold_doc.document.id
        events = extracted.get(doc_id, [])
        report.documents += 1
        pairs = _best_matching(gold_doc.events, events, level)
        matched_events = set(pairs.values())
        for i, gold_event in enumerate(gold_doc.events):
            if not gold_event.required:
                continue
            report.overall.required += 1
            report.count(gold_event.type).required += 1
            if i in pairs:
                report.overall.found += 1
                report.count(gold_event.type).found += 1
            else:
                report.misses.append({"doc": doc_id, "id": gold_event.id,
                                      "event": gold_event.describe(), "note": gold_event.note})
        for i, j in pairs.items():
            if gold_doc.events[i].mode:
                report.mode_scored += 1
                report.mode_right += events[j].mode == gold_doc.events[i].mode
        for j, event in enumerate(events):
            report.overall.extracted += 1
            report.count(event.type).extracted += 1
            if j in matched_events:
                report.overall.correct += 1
                report.count(event.type).correct += 1
                continue
            entry = {"doc": doc_id, "event": event.describe(), "evidence": event.evidence,
                     "confidence": event.confidence}
            forbidden = next((n for n in gold_doc.not_events
                              if matches(n, event, _forbidden_level(level), dates=True)), None)
            if forbidden is not None:
                report.forbidden.append({**entry, "not_event": forbidden.describe(),
                                         "why": forbidden.note})
            else:
                report.spurious.append(entry)
    return report


def _forbidden_level(level: str) -> str:
    """A forbidden statement is about given actors: never match it on the type alone."""
    return "country" if level == "type" else level


def evaluate(gold_path: str | Path, extractor, level: str = "full",
             lang: str | None = None) -> Report:
    """Extract every gold document (of one language, if ``lang`` is given) and score the
    result."""
    gold = [g for g in load_gold(gold_path) if lang is None or g.document.lang == lang]
    extracted: dict[str, list[Extracted]] = {}
    for document, events in extractor.extract_many(g.document for g in gold):
        extracted.setdefault(document.id, []).extend(
            Extracted.from_json(e.to_json()) for e in events)
    return score(gold, extracted, level)


# -- printing ---------------------------------------------------------------------------------


def _pct(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def format_report(report: Report, details: bool = True) -> str:
    """The report as text: totals, a line per type, then misses, spurious and forbidden."""
    o = report.overall
    lines = [
        f"level {report.level}: {report.documents} documents",
        f"recall {o.found}/{o.required} = {_pct(o.recall)}   precision {o.correct}/{o.extracted}"
        f" = {_pct(o.precision)}   F1 {_pct(o.f1)}   forbidden matched {len(report.forbidden)}",
    ]
    if report.mode_scored:
        lines.append(f"mode right {report.mode_right}/{report.mode_scored} (on matched events "
                     f"whose gold gives a mode)")
    lines.append("")
    lines.append(f"{'type':<10} {'found':>9} {'recall':>7} {'correct':>9} {'prec.':>6} {'F1':>6}")
    for event_type in [t for t in TYPES if t in report.by_type]:
        c = report.by_type[event_type]
        lines.append(f"{event_type:<10} {c.found:>4}/{c.required:<4} {_pct(c.recall):>7} "
                     f"{c.correct:>4}/{c.extracted:<4} {_pct(c.precision):>6} {_pct(c.f1):>6}")
    if details:
        for title, items, show in (("misses", report.misses, _miss),
                                   ("spurious", report.spurious, _spurious),
                                   ("forbidden statements matched", report.forbidden, _forbidden)):
            if items:
                lines.append("")
                lines.append(f"{title} ({len(items)}):")
                lines.extend(show(item) for item in items)
    return "\n".join(lines)


def _miss(item: dict) -> str:
    return f"  {item['doc']} {item['id']}: {item['event']}"


def _spurious(item: dict) -> str:
    return f"  {item['doc']}: {item['event']}  [{_clip(item['evidence'])}]"


def _forbidden(item: dict) -> str:
    return f"  {item['doc']}: {item['event']} matches not_event {item['not_event']} ({item['why']})"


def _clip(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"
