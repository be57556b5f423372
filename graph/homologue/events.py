"""Events read from text, for Python callers and for ``homologue extract``; nothing is stored.

:func:`extract_text` reads one text; :func:`extract_files` reads files, folders and JSON Lines
as ``homologue ingest`` does: a bad or undetectable document is reported and skipped, every
other one is read. (The functions are not called ``extract``: that name is the extraction
sub-package, ``homologue.extract``.)

The language models take some seconds to load: give the same ``extractor`` (see
:meth:`homologue.KnowledgeGraph.extractor`, or ``homologue.extract.Extractor()``) to several
calls to load them once.

>>> events = extract_text("Le 24 avril 2024, Sébastien Lecornu s'est entretenu par téléphone "
...                       "avec Sergueï Choïgou.", lang="fr", published="2024-04",
...                       extractor=extractor)
>>> events
[<Event CONSULT Sébastien Lecornu → Sergei Shoigu, 2024-04-24, 0...>]
>>> [(e.type, e.source.label, e.target.label, e.mode, e.date.iso) for e in events]
[('CONSULT', 'Sébastien Lecornu', 'Sergei Shoigu', 'phone', '2024-04-24')]
>>> sorted(events[0].to_dict())[:6]
['cameo', 'claims_since', 'confidence', 'date', 'date_precision', 'doc']
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from homologue.documents import (LANGUAGES, Document, SkipLog, detect_language, normalise_date,
                                 parse_text, read_documents)
from homologue.errors import InputError
from homologue.extract import Extractor, check_size
from homologue.extract.model import Event as _Event

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Event", "Extraction", "extract_text", "extract_files", "iter_events"]


class Event(_Event):
    """One event read from one document: ``type`` (PLOVER), ``source``, ``target`` (actors
    with ``id``, ``label``...), ``date`` (a partial date), ``mode``, ``confidence``,
    ``evidence`` (the sentence, with offsets) and more; :meth:`to_dict` gives the JSON that
    ``homologue extract`` prints."""

    @classmethod
    def of(cls, event: _Event) -> Event:
        return cls(**{f.name: getattr(event, f.name) for f in dataclasses.fields(event)})

    def to_dict(self) -> dict:
        return self.to_json()

    def __repr__(self) -> str:
        names = [a.label if a else "?" for a in (self.source, self.target)]
        date = self.date.iso if self.date else "undated"
        return f"<Event {self.type} {names[0]} → {names[1]}, {date}, {self.confidence:.2f}>"


EVENT_COLUMNS: dict[str, str] = {
    "doc": "string", "event": "string", "type": "string", "mode": "string",
    "source": "string", "source_label": "string", "target": "string", "target_label": "string",
    "date": "string", "date_precision": "string", "confidence": "float64",
    "historical": "bool", "claims_since": "string", "trigger": "string", "evidence": "string",
}
"""Columns of :meth:`Extraction.to_frame`, one row per event (actors as IRIs and labels)."""


@dataclasses.dataclass(repr=False)
class Extraction:
    """What :func:`extract_files` read: the events, how many documents, the skipped inputs
    (each with its one-line reason)."""

    events: list[Event]
    documents: int
    skipped: list[str]

    def __repr__(self) -> str:
        return (f"<Extraction: {len(self.events)} events from {self.documents} documents, "
                f"{len(self.skipped)} skipped>")

    def to_frame(self) -> pd.DataFrame:
        from homologue.api import _frame

        rows = []
        for event in self.events:
            data = event.to_dict()
            rows.append({**{k: data[k] for k in EVENT_COLUMNS if k in data},
                         "source": event.source.id if event.source else None,
                         "source_label": event.source.label if event.source else None,
                         "target": event.target.id if event.target else None,
                         "target_label": event.target.label if event.target else None,
                         "evidence": event.evidence.text})
        return _frame(rows, EVENT_COLUMNS)


def _language(lang: str | None) -> str | None:
    if lang is not None and lang not in LANGUAGES:
        raise InputError(f"unknown language {lang!r}: Homologue reads {' and '.join(LANGUAGES)}")
    return lang


def _loaded(extractor: Extractor | Callable[[], Extractor] | None,
            actors: Iterable[str | Path]) -> Extractor:
    if extractor is None:
        return Extractor(actors=actors)
    return extractor if isinstance(extractor, Extractor) else extractor()


def extract_text(text: str, lang: str | None = None, published: str | None = None, *,
                 id: str = "text", title: str | None = None,  # noqa: A002 - the document's id
                 extractor: Extractor | None = None, actors: Iterable[str | Path] = (),
                 min_confidence: float = 0.0) -> list[Event]:
    """The events of one text. ``lang`` (fr or en) is detected when not given; ``published``
    (YYYY, YYYY-MM or YYYY-MM-DD) anchors relative dates ("hier", "last month"). A ``date``
    header or YAML front matter in the text is read as in a file."""
    lang = _language(lang)
    if lang is None:
        try:
            lang = detect_language(text)
        except InputError:
            raise InputError("cannot tell the language of the text (French or English): give "
                             "it with lang='fr' or lang='en'") from None
    document = parse_text(text, id, lang=lang)
    changes = {"title": title} if title else {}
    if published:
        changes["published"] = normalise_date(published, "published")
    document = dataclasses.replace(document, **changes)
    events = _loaded(extractor, actors).extract(document)
    return [Event.of(e) for e in events if round(e.confidence, 3) >= min_confidence]


def iter_events(paths: str | Iterable[str], lang: str | None = None, *,
                extractor: Extractor | Callable[[], Extractor] | None = None,
                actors: Iterable[str | Path] = (), min_confidence: float = 0.0,
                on_skip: Callable[[str], None] | None = None,
                on_document: Callable[[Document], None] | None = None) -> Iterator[Event]:
    """The events of the documents named by ``paths``, as they are read (memory does not grow
    with the number of documents). Each bad input (unreadable file, malformed JSON line,
    language that cannot be told when ``lang`` is not given, text too long) is handed to
    ``on_skip`` with its reason and the others are read; ``on_document`` sees each document
    read. With no readable document at all, :class:`InputError` is raised before the models
    load (``extractor`` may be a function that loads them)."""
    paths = [paths] if isinstance(paths, str) else list(paths)
    skipped = SkipLog(on_skip and (lambda line: on_skip(line[len("skipped: "):])))
    documents = _sized(read_documents(paths, _language(lang), on_skip=skipped), skipped)
    first = next(documents, None)
    if first is None:
        count = len(skipped)
        raise InputError(f"nothing to extract: {count} input{'s' if count != 1 else ''} "
                         f"skipped, none readable (reasons above)" if count else
                         "nothing to extract: no documents in the given paths")
    models = _loaded(extractor, actors)

    def chained() -> Iterator[Document]:
        for document in _chain(first, documents):
            if on_document:
                on_document(document)
            yield document

    for _document, events in models.extract_many(chained()):
        for event in events:
            # the confidence as printed and stored: three decimals
            if round(event.confidence, 3) >= min_confidence:
                yield Event.of(event)


def _chain(first: Document, rest: Iterator[Document]) -> Iterator[Document]:
    yield first
    yield from rest


def _sized(documents: Iterable[Document], skip: Callable[[InputError], None]
           ) -> Iterator[Document]:
    """The documents short enough to parse; the others are skipped with their reason."""
    for document in documents:
        try:
            check_size(document)
        except InputError as exc:
            skip(exc)
            continue
        yield document


def extract_files(paths: str | Iterable[str], lang: str | None = None, *,
                  extractor: Extractor | None = None, actors: Iterable[str | Path] = (),
                  min_confidence: float = 0.0) -> Extraction:
    """The events of files, folders (their .txt, .md and .jsonl articles) or ``-`` (stdin);
    see :func:`iter_events`. ``lang`` is the language of every document when given.

    >>> run = extract_files([str(examples / "wire.jsonl")], extractor=extractor)
    >>> run.documents, run.skipped, sorted({e.type for e in run.events})
    (2, [], ['ASSAULT', 'CONSULT', 'REQUEST'])
    """
    skipped: list[str] = []
    documents: list[str] = []
    events = list(iter_events(paths, lang, extractor=extractor, actors=actors,
                              min_confidence=min_confidence, on_skip=skipped.append,
                              on_document=lambda d: documents.append(d.id)))
    return Extraction(events, len(documents), skipped)
