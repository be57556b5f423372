"""From a document to events: spaCy parses, the gazetteer names actors, the lexicon's
triggers and the dependency rules say who did what to whom, and when."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from homologue.documents import Document
from homologue.extract.events import extract_events
from homologue.extract.lexicon import load_lexicon
from homologue.extract.model import Event, Evidence
from homologue.extract.pipeline import load_pipeline
from homologue.rdf.gazetteer import Gazetteer, load_gazetteer

__all__ = ["Event", "Evidence", "Extractor"]


class Extractor:
    """Reads documents into events. Pipelines load on first use, once per language."""

    def __init__(self, gazetteer: Gazetteer | None = None, actors: Iterable[str | Path] = (),
                 models: dict[str, str] | None = None, batch_size: int = 16) -> None:
        self.gazetteer = gazetteer or load_gazetteer(actors)
        self.models = models or {}
        self.batch_size = batch_size
        self._pipelines: dict = {}

    def pipeline(self, lang: str):
        if lang not in self._pipelines:
            self._pipelines[lang] = load_pipeline(lang, self.models.get(lang))
        return self._pipelines[lang]

    def extract(self, document: Document) -> list[Event]:
        doc = self.pipeline(document.lang)(document.text)
        return extract_events(document, doc, self.gazetteer, load_lexicon(document.lang))

    def extract_many(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Event]]]:
        """Documents with their events, parsed in batches per language (order kept)."""
        batch: list[Document] = []
        for document in documents:
            if batch and document.lang != batch[0].lang or len(batch) >= self.batch_size:
                yield from self._run(batch)
                batch = []
            batch.append(document)
        if batch:
            yield from self._run(batch)

    def _run(self, batch: list[Document]) -> Iterator[tuple[Document, list[Event]]]:
        lang = batch[0].lang
        nlp = self.pipeline(lang)
        lexicon = load_lexicon(lang)
        for document, doc in zip(batch, nlp.pipe(d.text for d in batch)):
            yield document, extract_events(document, doc, self.gazetteer, lexicon)
