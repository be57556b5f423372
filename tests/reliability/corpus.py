"""A small generated corpus for the crash and concurrency tests: short articles in both
languages, each with contacts between gazetteer actors, so every document has events."""

from __future__ import annotations

import json
from pathlib import Path

PAIRS_EN = [("Lloyd Austin", "Sergei Shoigu"), ("David Lammy", "Wang Yi"),
            ("Jean-Noël Barrot", "Andrii Sybiha"), ("Antony Blinken", "Sergei Lavrov")]
PAIRS_FR = [("Sébastien Lecornu", "Sergueï Choïgou"), ("Jean-Noël Barrot", "Andriï Sybiha"),
            ("Emmanuel Macron", "Vladimir Poutine"), ("Catherine Colonna", "Wang Yi")]
VERBS_EN = ["spoke by phone with", "met", "accused", "held talks with"]
VERBS_FR = ["s'est entretenu au téléphone avec", "a rencontré", "a accusé", "a reçu"]


def write_corpus(folder: Path, count: int) -> list[str]:
    """``count`` documents: text files and one JSON Lines file; returns their ids."""
    folder.mkdir(parents=True, exist_ok=True)
    ids, wire = [], []
    for i in range(count):
        month, day = 1 + i % 12, 1 + i % 28
        if i % 2:
            a, b = PAIRS_EN[i % len(PAIRS_EN)]
            text = (f"{a} {VERBS_EN[i % 4]} {b} on {['Monday', 'Tuesday'][i % 2]}, officials "
                    f"said. It was their meeting number {i}.")
            lang = "en"
        else:
            a, b = PAIRS_FR[i % len(PAIRS_FR)]
            text = (f"{a} {VERBS_FR[i % 4]} {b} lundi, a annoncé le ministère. C'est leur "
                    f"échange numéro {i}.")
            lang = "fr"
        doc_id = f"doc-{i:03d}"
        ids.append(doc_id)
        if i % 5 == 4:
            wire.append({"id": doc_id, "text": text, "lang": lang,
                         "published": f"2024-{month:02d}-{day:02d}"})
        else:
            (folder / f"{doc_id}.txt").write_text(f"date 2024-{month:02d}-{day:02d} {text}",
                                                 encoding="utf-8")
    (folder / "wire.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                                               for r in wire), encoding="utf-8")
    return ids
