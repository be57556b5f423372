"""What extraction produces: events with their actors, date, evidence and confidence."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from homologue.dates import PartialDate
from homologue.rdf.gazetteer import Actor
from homologue.rdf.namespace import EVENT


@dataclass(frozen=True)
class Evidence:
    """The sentence an event was read from, with character offsets in the document text."""

    text: str
    start: int
    end: int
    sentence: int

    def to_json(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Event:
    """One interaction read from one document."""

    doc: str
    type: str
    source: Actor | None
    target: Actor | None
    evidence: Evidence
    mode: str | None = None
    cameo: str | None = None
    initiator: Actor | None = None
    participants: tuple[Actor, ...] = ()
    date: PartialDate | None = None
    historical: bool = False
    confidence: float = 0.5
    trigger: str = ""
    rule: str = ""  # which rule family found it, for evaluation and debugging
    claims_since: PartialDate | None = None  # "first since October 2022": the claimed last contact
    extra: dict = field(default_factory=dict)

    @property
    def iri(self) -> str:
        """The event's IRI, the same in every document that reports it (see ``key``)."""
        return str(EVENT[hashlib.sha1("|".join(self.key).encode("utf-8")).hexdigest()[:16]])

    @property
    def key(self) -> tuple[str, ...]:
        """What makes two reports one event: the type, the participants (in either order for
        a contact), the date at the precision given, the mode, the CAMEO code and whether the
        report tells it as history. These are exactly the event facts the union of the
        document graphs may hold once (hom:date maxCount 1...): reports that agree on them
        share one event node; a report that says "April 2024" and one that says "3 April 2024"
        stay two events (folding them would leave two dates on one node).

        Events with an actor the gazetteer does not know ("des hommes armés") or a missing
        side stay per document: a noun phrase is no identity to merge on.
        """
        ids = [a.id if a else "" for a in (self.source, self.target)]
        if self.type == "CONSULT":
            ids.sort()
        vague = any(a is None or a.wikidata is None and a.id.rsplit("/", 1)[-1].startswith("x-")
                    for a in (self.source, self.target))
        scope = f"{self.doc}|{self.evidence.start}" if vague else "*"
        return (self.type, *ids, self.date.iso if self.date else "",
                self.mode or "", self.cameo or "", str(self.historical), scope)

    def actors(self) -> list[Actor]:
        seen: dict[str, Actor] = {}
        for actor in (self.source, self.target, self.initiator, *self.participants):
            if actor is not None:
                seen.setdefault(actor.id, actor)
        return list(seen.values())

    def to_json(self) -> dict:
        """The JSON shape of ``homologue extract --format jsonl``."""
        return {
            "doc": self.doc,
            "event": self.iri,
            "type": self.type,
            "mode": self.mode,
            "cameo": self.cameo,
            "source": self.source.to_json() if self.source else None,
            "target": self.target.to_json() if self.target else None,
            "initiator": self.initiator.id if self.initiator else None,
            "participants": [a.id for a in self.participants],
            "date": self.date.iso if self.date else None,
            "date_precision": self.date.precision if self.date else None,
            "historical": self.historical,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence.to_json(),
            "trigger": self.trigger,
            "claims_since": self.claims_since.iso if self.claims_since else None,
        }
