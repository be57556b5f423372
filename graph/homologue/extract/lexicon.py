"""Trigger lexicons: data files (``lexicons/fr.yaml``, ``lexicons/en.yaml``) read into lookups."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources

import yaml

from homologue.rdf.gazetteer import fold


@functools.lru_cache(maxsize=1 << 16)
def ffold(text: str) -> str:
    """:func:`fold`, remembered: rules fold the same few thousand words over and over."""
    return fold(text)


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: the words that signal an event and how its arguments are found."""

    type: str
    words: frozenset[str]
    mode: str | None = None
    cameo: str | None = None
    nouns: bool = False
    target: tuple[str, ...] = ("obj",)
    source: tuple[str, ...] = ()
    requires: frozenset[str] = frozenset()
    requires_head: frozenset[str] = frozenset()
    symmetric: bool = False
    host_is_source: bool = False
    learned: bool = False  # proposed by the event-type model, not an entry of the lexicon


@dataclass(frozen=True)
class Lexicon:
    language: str
    triggers: dict[str, tuple[Trigger, ...]]
    modes: dict[str, dict[str, str]]  # event type -> cue word -> mode
    promise_verbs: frozenset[str] = frozenset()
    speech_verbs: frozenset[str] = frozenset()
    initiative: frozenset[str] = frozenset()
    extra: dict = field(default_factory=dict)

    def candidates(self, lemma: str, text: str) -> tuple[Trigger, ...]:
        """Entries whose words include the token's lemma or its form (accents folded)."""
        found = self.triggers.get(ffold(lemma), ())
        if not found and ffold(text) != ffold(lemma):
            found = self.triggers.get(ffold(text), ())
        return found


def _folded(words: object) -> frozenset[str]:
    return frozenset(ffold(str(w)) for w in (words or ()))


def parse_lexicon(data: dict) -> Lexicon:
    """A lexicon from the parsed YAML mapping (see ``lexicons/fr.yaml`` for the format)."""
    triggers: dict[str, list[Trigger]] = {}
    for entry in data.get("triggers", ()):
        trigger = Trigger(
            type=entry["type"],
            words=_folded(entry["words"]),
            mode=entry.get("mode"),
            cameo=str(entry["cameo"]) if entry.get("cameo") else None,
            nouns=bool(entry.get("nouns", False)),
            target=tuple(ffold(t) for t in entry.get("target", ("obj",))),
            source=tuple(ffold(t) for t in entry.get("source", ())),
            requires=_folded(entry.get("requires")),
            requires_head=_folded(entry.get("requires_head")),
            symmetric=bool(entry.get("symmetric", False)),
            host_is_source=bool(entry.get("host_is_source", False)),
        )
        for word in trigger.words:
            triggers.setdefault(word, []).append(trigger)
    modes = {
        event_type: {ffold(cue): mode for mode, cues in by_mode.items() for cue in cues}
        for event_type, by_mode in (data.get("modes") or {}).items()
    }
    return Lexicon(
        language=data.get("language", ""),
        triggers={word: tuple(entries) for word, entries in triggers.items()},
        modes=modes,
        promise_verbs=_folded(data.get("promise_verbs")),
        speech_verbs=_folded(data.get("speech_verbs")),
        initiative=_folded(data.get("initiative")),
    )


def merge_lexicons(parts: list[dict]) -> dict:
    """One lexicon mapping from several: triggers in order (an earlier file's entry of a word
    is tried first and wins), mode cues and word lists united, the first file's language."""
    merged: dict = {"language": "", "triggers": [], "modes": {}}
    for data in parts:
        merged["language"] = merged["language"] or data.get("language", "")
        merged["triggers"].extend(data.get("triggers") or ())
        for event_type, by_mode in (data.get("modes") or {}).items():
            target = merged["modes"].setdefault(event_type, {})
            for mode, cues in by_mode.items():
                target.setdefault(mode, [])
                target[mode] = target[mode] + [c for c in cues if c not in target[mode]]
        for key in ("promise_verbs", "speech_verbs", "initiative"):
            if data.get(key):
                merged[key] = list(merged.get(key, [])) + [
                    w for w in data[key] if w not in merged.get(key, [])]
    return merged


def lexicon_files(lang: str) -> list:
    """``{lang}.yaml`` (the hand lexicon) then every ``{lang}-*.yaml`` in name order."""
    folder = resources.files("homologue.extract.lexicons")
    extra = sorted((f for f in folder.iterdir()
                    if f.name.startswith(f"{lang}-") and f.name.endswith(".yaml")),
                   key=lambda f: f.name)
    return [folder / f"{lang}.yaml", *extra]


@functools.lru_cache(maxsize=None)
def load_lexicon(lang: str) -> Lexicon:
    """The bundled lexicon of a language (``fr`` or ``en``): the hand lexicon ``{lang}.yaml``
    first, then the built ones (``{lang}-cameo.yaml``...), whose entries count only where no
    hand entry of the same word matches."""
    parts = [yaml.safe_load(f.read_text("utf-8")) or {} for f in lexicon_files(lang)]
    return parse_lexicon(merge_lexicons(parts))
