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
        """A stable IRI: the same document, type, actors and sentence give the same event."""
        key = "|".join([self.doc, self.type, self.source.id if self.source else "",
                        self.target.id if self.target else "", str(self.evidence.start),
                        self.trigger])
        return str(EVENT[hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]])

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
