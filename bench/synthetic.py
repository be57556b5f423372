"""Synthetic news for benchmarks, with known answers.

Articles are French or English wire copy (about 600 words by default): a headline, a lead
paragraph and further paragraphs in which named people and states phone, meet, accuse and send
aid to each other, between paragraphs of background that should yield nothing (economy,
weather, quotes from generated local officials and analysts). Every event sentence comes from a
template, so each article carries the events it is meant to yield (:class:`ExpectedEvent`).

Actors: the persons and states of the bundled gazetteer (their French and English labels), so
the extractor can recognise them, plus thousands of generated people, who appear in the
background paragraphs (articles) and in the event rows and graphs for analysis benches.

Everything is deterministic for a given seed. Typical uses::

    from synthetic import articles, write_corpus, event_rows, event_graphs
    write_corpus(folder, 1000)                       # .txt files plus answers.jsonl
    rows = event_rows(200_000)                        # rows shaped like contact_events()
    for graph in event_graphs(2_000, per_document=100): ...   # rdflib document graphs

Run ``python bench/synthetic.py 3`` to print three articles and their expected events.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))

from homologue.dates import PartialDate  # noqa: E402
from homologue.documents import Document  # noqa: E402

ACTOR_BASE = "https://w3id.org/homologue/actor/"


@dataclass(frozen=True)
class CastMember:
    """Someone (or some state) an article can name: IRI and the name in each language."""

    iri: str
    kind: str  # "person" or "state"
    en: str
    fr: str
    country: str | None = None


@dataclass(frozen=True)
class ExpectedEvent:
    """An event an article was written to contain."""

    doc: str
    type: str  # CONSULT, ACCUSE, AID
    source: str  # actor IRI
    target: str
    mode: str | None
    sentence: str


@dataclass(frozen=True)
class SyntheticArticle:
    id: str
    lang: str
    published: str
    title: str
    text: str
    events: tuple[ExpectedEvent, ...]

    def document(self) -> Document:
        return Document(id=self.id, text=self.text, lang=self.lang, published=self.published,
                        title=self.title)

    def file_text(self) -> str:
        """The article as a Markdown file with front matter, as a scraper would save it."""
        return (f"---\nid: {self.id}\ndate: {self.published}\nlang: {self.lang}\n"
                f"title: {json.dumps(self.title, ensure_ascii=False)}\n---\n{self.text}\n")

    @property
    def words(self) -> int:
        return len(self.text.split())


# -- the cast ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def gazetteer_cast() -> tuple[tuple[CastMember, ...], tuple[CastMember, ...]]:
    """Persons and states of the bundled gazetteer with a name in both languages."""
    from rdflib import RDF, Graph
    from rdflib.namespace import SKOS

    from homologue.rdf.gazetteer import bundled_gazetteer_files
    from homologue.rdf.namespace import HOM

    graph = Graph()
    for path in bundled_gazetteer_files():
        graph.parse(data=path.read_text("utf-8"), format="turtle")
    codes = {str(s): str(o) for s, o in graph.subject_objects(HOM.countryCode)}

    def members(cls, kind: str) -> list[CastMember]:
        out = []
        for subject in sorted(graph.subjects(RDF.type, cls)):
            labels = {lit.language: str(lit) for lit in graph.objects(subject, SKOS.prefLabel)}
            en = labels.get("en") or labels.get(None)
            if not en or len(en) < 4:
                continue
            nationality = graph.value(subject, HOM.nationality)
            country = codes.get(str(subject)) or (codes.get(str(nationality)) if nationality else None)
            out.append(CastMember(str(subject), kind, en, labels.get("fr") or en, country))
        return out

    return tuple(members(HOM.Person, "person")), tuple(members(HOM.State, "state"))


FIRST_FR = ("Marie Jean Claire Pierre Sophie Luc Hélène Paul Camille Julien Anne Nicolas Léa "
            "Thomas Isabelle Antoine Chloé François Elise Mathieu").split()
LAST_FR = ("Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
           "Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard Andre "
           "Mercier Dupont Lambert Bonnet Francois Martinez Legrand").split()
FIRST_EN = ("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William "
            "Susan Richard Jessica Joseph Sarah Thomas Karen Daniel Nancy").split()
LAST_EN = ("Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Moore "
           "Jackson White Harris Clark Lewis Walker Hall Young King Wright Scott Green Baker "
           "Adams Nelson Carter Mitchell Roberts Turner").split()


def generated_people(lang: str) -> list[str]:
    """Some 600 plausible names per language, none of them in the gazetteer."""
    first, last = (FIRST_FR, LAST_FR) if lang == "fr" else (FIRST_EN, LAST_EN)
    return [f"{f} {name}" for f in first for name in last]


# -- French grammar for state names ---------------------------------------------------------

_MASCULINE = {"Mexique", "Cambodge", "Mozambique", "Zimbabwe", "Bélize", "Belize", "Suriname"}


def _fr_state(name: str, case: str) -> str:
    """A French state name with its article: 'la France', 'au Brésil', 'de l'Ukraine'."""
    if "-Unis" in name or name.startswith(("Émirats", "Pays-Bas", "Philippines", "Comores")):
        return {"sujet": f"les {name}", "à": f"aux {name}", "de": f"des {name}"}[case]
    if name[0] in "AEIOUÉÈÎYH" and not name.startswith(("Y", "Hong")):
        return {"sujet": f"l'{name}", "à": f"à l'{name}", "de": f"de l'{name}"}[case]
    if name.endswith("e") and name not in _MASCULINE:
        return {"sujet": f"la {name}", "à": f"à la {name}", "de": f"de la {name}"}[case]
    return {"sujet": f"le {name}", "à": f"au {name}", "de": f"du {name}"}[case]


def _en_name(member: CastMember) -> str:
    """'the United Kingdom', 'the Netherlands'; other names as they are."""
    if member.kind == "state" and member.en.startswith(("United", "Netherlands", "Philippines",
                                                         "Czech", "Central", "Democratic",
                                                         "Republic", "Dominican", "Gambia")):
        return "the " + member.en
    return member.en


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- templates --------------------------------------------------------------------------------

CITIES = {"en": ["Geneva", "Brussels", "Vienna", "Doha", "Istanbul", "Rome", "Riyadh", "Oslo"],
          "fr": ["Genève", "Bruxelles", "Vienne", "Doha", "Istanbul", "Rome", "Riyad", "Oslo"]}
DAYS = {"en": ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday"],
        "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]}
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]


def _event_sentence(rng: random.Random, lang: str, kind: str, a: CastMember,
                    b: CastMember) -> tuple[str, str | None]:
    """One sentence stating an event of ``kind`` from a to b, and its mode."""
    day, city = rng.choice(DAYS[lang]), rng.choice(CITIES[lang])
    n = rng.choice([12, 40, 100, 250, 1200])
    if lang == "en":
        name_a = _en_name(a)
        name_b = _en_name(b)
        name_a = _upper_first(name_a)
        if kind == "phone":
            return rng.choice([
                f"{name_a} spoke by phone with {name_b} {day}, officials said.",
                f"{name_a} held a telephone call with {name_b} {day} to discuss the crisis.",
            ]), "phone"
        if kind == "meet":
            return f"{name_a} met {name_b} in {city} {day}.", None
        if kind == "accuse":
            return rng.choice([
                f"{name_a} accused {name_b} of violating the ceasefire.",
                f"{name_a} accused {name_b} of spreading disinformation about the talks.",
            ]), "allege"
        return rng.choice([
            f"{name_a} delivered {n} tonnes of humanitarian aid to {name_b} {day}.",
            f"{name_a} sent {n} armoured vehicles to {name_b} last month.",
        ]), None
    name_a = a.fr if a.kind == "person" else _upper_first(_fr_state(a.fr, "sujet"))
    name_b = b.fr if b.kind == "person" else _fr_state(b.fr, "sujet")
    to_b = f"avec {name_b}"
    if kind == "phone":
        return rng.choice([
            f"{name_a} s'est entretenu par téléphone {to_b} {day}, a indiqué son cabinet.",
            f"{name_a} a téléphoné à {b.fr if b.kind == 'person' else _fr_state(b.fr, 'à')[2:]} "
            f"{day} pour évoquer la crise.",
        ]), "phone"
    if kind == "meet":
        return f"{name_a} a rencontré {name_b} {day} à {city}.", None
    if kind == "accuse":
        return rng.choice([
            f"{name_a} a accusé {name_b} de violer le cessez-le-feu.",
            f"{name_a} a accusé {name_b} de mener une campagne de désinformation.",
        ]), "allege"
    to = f"à {b.fr}" if b.kind == "person" else _fr_state(b.fr, "à")
    return rng.choice([
        f"{name_a} a livré {n} tonnes d'aide humanitaire {to} {day}.",
        f"{name_a} a envoyé {n} blindés {to} le mois dernier.",
    ]), None


EVENT_TYPES = {"phone": "CONSULT", "meet": "CONSULT", "accuse": "ACCUSE", "aid": "AID"}

BACKGROUND = {
    "en": [
        "The region has faced a difficult winter, with energy prices up {n} percent since "
        "{month} and queues at petrol stations in several towns.",
        "According to {person}, an economist at the University of {city}, the budget "
        "outlook remains uncertain and growth could slow to {small} percent next year.",
        "Local markets were quiet in the morning; traders in {city} reported thin volumes "
        "and a slight rise in the price of grain.",
        "{person}, the mayor of a small town near the border, described long days of "
        "repairs to schools and water pipes after the storms of {month}.",
        "The weather service forecast heavy rain for the weekend, and the authorities "
        "advised residents along the river to prepare sandbags.",
        "Parliament is expected to vote on the new budget in {month}, after weeks of "
        "debate over pensions, fuel subsidies and the cost of public transport.",
        "Most of the {n} delegates arrived late because of fog at the airport in {city}, "
        "and the opening session began an hour behind schedule.",
        "Official figures published this week showed unemployment steady at {small} "
        "percent, while inflation eased slightly for the third month in a row.",
        "{person}, a historian who has written several books on the region, recalled that "
        "similar tensions had eased in the past once harvests improved.",
        "Road traffic returned to normal by the evening, the police reported, and the "
        "main bridge into {city} reopened after a short closure for inspections.",
    ],
    "fr": [
        "La région a traversé un hiver difficile, avec des prix de l'énergie en hausse de "
        "{n} % depuis {month} et des files d'attente devant les stations-service.",
        "Selon {person}, économiste à l'université de {city}, les perspectives budgétaires "
        "restent incertaines et la croissance pourrait ralentir à {small} % l'an prochain.",
        "Les marchés locaux étaient calmes dans la matinée ; les commerçants de {city} "
        "faisaient état de faibles volumes et d'une légère hausse du prix des céréales.",
        "{person}, maire d'une petite commune proche de la frontière, a décrit de longues "
        "journées de réparations dans les écoles après les tempêtes de {month}.",
        "Les services météorologiques prévoient de fortes pluies pour le week-end, et les "
        "autorités ont conseillé aux riverains du fleuve de préparer des sacs de sable.",
        "Le Parlement doit voter le nouveau budget en {month}, après des semaines de débat "
        "sur les retraites, les subventions aux carburants et le coût des transports.",
        "La plupart des {n} délégués sont arrivés en retard à cause du brouillard à "
        "l'aéroport de {city}, et la séance d'ouverture a commencé avec une heure de retard.",
        "Les chiffres officiels publiés cette semaine montrent un chômage stable à {small} %, "
        "tandis que l'inflation a légèrement reculé pour le troisième mois consécutif.",
        "{person}, historien auteur de plusieurs ouvrages sur la région, a rappelé que des "
        "tensions semblables s'étaient apaisées par le passé avec de meilleures récoltes.",
        "La circulation est revenue à la normale en soirée, selon la police, et le pont "
        "principal de {city} a rouvert après une courte fermeture pour inspection.",
    ],
}

HEADLINES = {
    "en": ["{a} and {b} hold talks as tensions rise", "Diplomatic week: {a} and {b}",
           "{a} steps up pressure on {b}"],
    "fr": ["{a} et {b} renouent le dialogue", "Semaine diplomatique : {a} et {b}",
           "{a} accentue la pression sur {b}"],
}


def _background(rng: random.Random, lang: str, people: list[str]) -> str:
    months = MONTHS_FR if lang == "fr" else MONTHS_EN
    sentences = rng.sample(BACKGROUND[lang], 3)
    return " ".join(s.format(n=rng.randint(3, 90), small=f"{rng.randint(1, 4)}.{rng.randint(0, 9)}",
                             month=rng.choice(months), city=rng.choice(CITIES[lang]),
                             person=rng.choice(people)) for s in sentences)


def article(index: int, seed: int = 0, words: int = 600, lang: str | None = None,
            events: int | None = None) -> SyntheticArticle:
    """Article number ``index`` of the series ``seed``: the same arguments, the same article."""
    rng = random.Random(f"{seed}:{index}")
    persons, states = gazetteer_cast()
    lang = lang or ("fr" if rng.random() < 0.5 else "en")
    people = generated_people(lang)
    year, month, day = rng.randint(2022, 2025), rng.randint(1, 12), rng.randint(1, 28)
    doc_id = f"synthetic-{seed}-{index:06d}-{lang}"
    wanted = events if events is not None else rng.randint(3, 6)
    expected: list[ExpectedEvent] = []
    paragraphs: list[str] = []
    count = 0
    title = "Diplomatic wire" if lang == "en" else "Fil diplomatique"
    for number in range(wanted):
        kind = rng.choice(["phone", "phone", "meet", "accuse", "aid"])
        a = rng.choice(persons) if kind != "aid" or rng.random() < 0.5 else rng.choice(states)
        pool = states if kind == "aid" else persons
        b = rng.choice(pool)
        while b.iri == a.iri:
            b = rng.choice(pool)
        sentence, mode = _event_sentence(rng, lang, kind, a, b)
        expected.append(ExpectedEvent(doc_id, EVENT_TYPES[kind], a.iri, b.iri, mode, sentence))
        paragraph = sentence + " " + _background(rng, lang, people)
        paragraphs.append(paragraph)
        count += len(paragraph.split())
        if number == 0:
            title = rng.choice(HEADLINES[lang]).format(a=a.fr if lang == "fr" else a.en,
                                                       b=b.fr if lang == "fr" else b.en)
    while count < words - 20:
        paragraph = _background(rng, lang, people)
        paragraphs.insert(rng.randint(1, len(paragraphs)), paragraph)
        count += len(paragraph.split())
    text = "\n\n".join(paragraphs)
    return SyntheticArticle(doc_id, lang, f"{year:04d}-{month:02d}-{day:02d}", title, text,
                            tuple(expected))


def articles(n: int, seed: int = 0, words: int = 600, lang: str | None = None
             ) -> Iterator[SyntheticArticle]:
    """``n`` articles, produced one at a time (nothing is kept)."""
    for index in range(n):
        yield article(index, seed, words, lang)


def write_corpus(folder: str | Path, n: int, seed: int = 0, words: int = 600,
                 jsonl: bool = False) -> Path:
    """Write ``n`` articles to ``folder`` (one .md file each, or one corpus.jsonl) and their
    expected events next to it, in ``<folder>.expected.jsonl`` (outside the folder, so that
    ingesting the folder reads articles only). Returns the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    answers = folder.parent / f"{folder.name}.expected.jsonl"
    corpus = (folder / "corpus.jsonl").open("w", encoding="utf-8") if jsonl else None
    with answers.open("w", encoding="utf-8") as out:
        for item in articles(n, seed, words):
            if corpus:
                corpus.write(json.dumps({"id": item.id, "lang": item.lang, "title": item.title,
                                         "published": item.published, "text": item.text},
                                        ensure_ascii=False) + "\n")
            else:
                (folder / f"{item.id}.md").write_text(item.file_text(), "utf-8")
            for event in item.events:
                out.write(json.dumps(asdict(event), ensure_ascii=False) + "\n")
    if corpus:
        corpus.close()
    return folder


def score(expected: list[ExpectedEvent], found: list[dict]) -> dict[str, float]:
    """Recall of expected events among extracted ones (``Event.to_json()`` dicts), matching on
    document, type and the unordered pair of actors."""
    def key(doc: str, type_: str, a: str | None, b: str | None) -> tuple:
        return doc, type_, frozenset(x for x in (a, b) if x)

    got = {key(f["doc"], f["type"], (f["source"] or {}).get("id"), (f["target"] or {}).get("id"))
           for f in found}
    hits = sum(key(e.doc, e.type, e.source, e.target) in got for e in expected)
    return {"expected": len(expected), "found": hits,
            "recall": hits / len(expected) if expected else 1.0}


# -- event rows and graphs for analysis benches ---------------------------------------------


def actor_iris(n: int) -> list[str]:
    """``n`` actor IRIs: the gazetteer's persons and states first, then generated people."""
    persons, states = gazetteer_cast()
    known = [m.iri for m in (*persons, *states)]
    return (known + [f"{ACTOR_BASE}generated-{i:06d}" for i in range(max(0, n - len(known)))])[:n]


def event_rows(n: int, actors: int = 5000, seed: int = 0, documents: int | None = None
               ) -> list[dict]:
    """``n`` CONSULT rows shaped like ``contact_events()`` (event, a, b, date, mode, doc,
    evidence, initiator) between ``actors`` actors, with a skewed (Zipf-like) degree
    distribution as in real news: a few actors are in most events."""
    rng = random.Random(seed)
    iris = actor_iris(actors)
    weights = [1 / (rank + 1) for rank in range(len(iris))]
    documents = documents or max(1, n // 20)
    rows = []
    sources = rng.choices(iris, weights, k=n)
    targets = rng.choices(iris, weights, k=n)
    for i, (a, b) in enumerate(zip(sources, targets)):
        if a == b:
            b = iris[(iris.index(b) + 1) % len(iris)]
        date = f"{rng.randint(2015, 2025):04d}-{rng.randint(1, 12):02d}"
        rows.append({"event": f"https://w3id.org/homologue/event/synthetic-{seed}-{i}",
                     "a": a, "b": b, "date": date,
                     "mode": rng.choice(["phone", "visit", None, None]),
                     "doc": f"synthetic-{seed}-{i % documents:06d}",
                     "evidence": "synthetic", "initiator": None})
    return rows


def event_graphs(documents: int, per_document: int = 100, actors: int = 5000, seed: int = 0
                 ) -> Iterator:
    """Document graphs (rdflib, as ``document_graph`` builds them) holding ``per_document``
    CONSULT, ACCUSE and AID events each between ``actors`` actors, one graph at a time:
    ``documents * per_document`` events in all (2,000 × 100 = 200,000)."""
    from homologue.extract.model import Event, Evidence
    from homologue.rdf.build import document_graph
    from homologue.rdf.gazetteer import Actor

    rng = random.Random(seed)
    iris = actor_iris(actors)
    weights = [1 / (rank + 1) for rank in range(len(iris))]
    cast = [Actor(iri, iri.rsplit("/", 1)[-1].replace("-", " ").title(), "person")
            for iri in iris]
    for d in range(documents):
        doc = Document(id=f"synthetic-{seed}-{d:06d}", text=f"synthetic document {d}", lang="en",
                       published=f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}")
        events = []
        for e in range(per_document):
            a, b = rng.choices(cast, weights, k=2)
            type_ = rng.choice(["CONSULT", "CONSULT", "ACCUSE", "AID"])
            events.append(Event(
                doc=doc.id, type=type_, source=a, target=b,
                evidence=Evidence(f"sentence {e}", e * 100, e * 100 + 90, e),
                mode="phone" if type_ == "CONSULT" and rng.random() < 0.5 else None,
                date=PartialDate(rng.randint(2015, 2025), rng.randint(1, 12)),
                confidence=round(rng.uniform(0.5, 0.95), 2), trigger=f"t{e}"))
        yield document_graph(doc, events)


if __name__ == "__main__":
    for item in articles(int(sys.argv[1]) if len(sys.argv) > 1 else 2):
        print(f"# {item.id} ({item.lang}, {item.published}, {item.words} words): {item.title}\n")
        print(item.text, "\n")
        for event in item.events:
            print("  expected:", event.type, event.source, "->", event.target, event.mode)
        print()
