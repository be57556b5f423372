"""Finding actors in a parsed text: gazetteer names, surnames, capitals, titles, collectives
("les autorités russes"), unknown persons from the named-entity recogniser, and pronouns.

A mention is resolved to an actor when the event's date is known: a title such as "the Russian
defence minister" names whoever held that post then.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from homologue.dates import PartialDate
from homologue.extract.lexicon import ffold
from homologue.extract.phrases import attach, governs
from homologue.rdf.gazetteer import Actor, Gazetteer, Title, fold_keep_case
from homologue.rdf.namespace import ACTOR

MAX_NAME_TOKENS = 8

# Nouns naming a state's people or apparatus: "les autorités russes" stands for Russia.
COLLECTIVES = frozenset(ffold(w) for w in (
    "autorités autorité gouvernement gouvernements services responsables officiels dirigeants "
    "diplomatie diplomates armée armées forces troupes militaires soldats justice police "
    "régime pouvoir exécutif parlement ministère présidence état-major renseignement "
    "authorities authority government officials leaders leadership diplomats army forces troops "
    "military soldiers police regime administration parliament ministry presidency intelligence"
).split())
COUNTERPART = frozenset(("homologue", "homologues", "counterpart", "counterparts"))
GENERIC_PERSON = frozenset(ffold(w) for w in (
    "ministre président présidente chef dirigeant minister president leader premier chancelier "
    "chancellor secrétaire secretary"
).split())
PERSON_PRONOUNS = frozenset(("il", "elle", "he", "she"))
# Object pronouns that stand for actors: plural ones for two sides, others for a person.
PLURAL_OBJECTS = frozenset(("les", "leur", "them"))
PERSON_OBJECTS = frozenset(("lui", "him", "her"))
OBJECT_PRONOUN_DEPS = frozenset(("obj", "iobj", "dobj", "dative", "obl:arg", "pobj"))
SPEAKER_PRONOUNS = frozenset(("je", "nous", "i", "we", "j'"))
# "accusing the latter", "ce dernier a répondu": the actor named last ("the former": the one
# before it).
LATTER = {"latter": 0, "dernier": 0, "derniere": 0, "derniers": 0, "dernieres": 0, "former": 1}
LATTER_DETERMINERS = frozenset(("the", "ce", "cette", "ces", "this"))

RANK = {"name": 0, "surname": 1, "unknown": 2, "title": 3, "counterpart": 3, "diplomat": 3,
        "pair": 3, "latter": 3, "collective": 4, "capital": 5, "pronoun": 6, "generic": 7}

# Diplomats stand for their state: "l'ambassadeur d'Iran", "the Iranian chargé d'affaires".
DIPLOMATS = {ffold(w): role for role, words in (
    ("ambassador", "ambassador ambassadors ambassadeur ambassadeurs ambassadrice ambassadrices "
                   "chargé chargée chargés"),
    ("envoy", "envoy envoys envoyé envoyée envoyés émissaire émissaires emissary emissaries"),
    ("consul", "consul consuls consule"),
    ("diplomat", "diplomat diplomats diplomate diplomates"),
    ("spokesperson", "spokesman spokeswoman spokesperson porte-parole"),
) for w in words.split()}
# "the two leaders", "les deux ministres": the two persons (or states) named last.
PAIR_NUMBERS = frozenset(("two", "deux", "both"))
PAIR_PERSONS = frozenset(ffold(w) for w in (
    "leaders ministers presidents men heads diplomats officials counterparts chiefs "
    "dirigeants ministres présidents hommes chefs diplomates homologues responsables").split())
PAIR_STATES = frozenset(ffold(w) for w in (
    "countries nations sides parties states governments neighbours neighbors capitals "
    "pays nations parties états gouvernements voisins capitales camps").split())
# Words before a surname that mark a person already named: "M. Zhao", "Secretary Kerry".
HONORIFICS = frozenset(ffold(w) for w in (
    "M M. Mr Mr. Mrs Mrs. Ms Ms. Mme Mme. Dr Dr. Sir Lord Dame Sheikh Cheikh Cheikha Sheikha "
    "Mawlawi Maulvi Mullah Mollah Ayatollah Imam Hojatoleslam Rabbi Mgr Monseigneur Me Maître "
    "General Gen. Général Colonel Col. Major Capt. Captain Lieutenant Marshal Maréchal Admiral "
    "Amiral Prince Princess Princesse Emir Émir Sultan King Queen Roi Reine Pope Pape "
    "Senator Sénateur Sen. Rep. Gov. Governor Gouverneur Mayor Maire Judge Juge "
    "Majesté Majesty Altesse Highness Excellence Excellency Sa Son His Her").split())

# Nouns that name people or groups who act: they become actors of their own ("police",
# "des manifestants") when no gazetteer actor is there. Suffixes catch most agent nouns.
AGENT_NOUNS = frozenset(ffold(w) for w in (
    "people person persons civilians civilian man men woman women child children family families "
    "police policeman officer officers guard guards security government officials official "
    "authorities authority administration regime ministry minister president leader leaders "
    "opposition party parties rebels rebel insurgents insurgent militants militant gunmen gunman "
    "fighters fighter terrorists terrorist jihadists jihadist group groups faction militia militias "
    "army troops soldiers soldier forces force military navy court judge prosecutors prosecutor "
    "parliament lawmakers lawmaker senate congress commission council committee agency company "
    "firm bank union students student workers worker employees employee journalists journalist "
    "reporters villagers residents citizens voters crowd protesters demonstrators activists "
    "prisoners prisoner detainees suspects suspect victims victim hostages hostage refugees "
    "migrants delegation envoy ambassador diplomats diplomat spokesman spokeswoman state country "
    "nation coalition alliance"
    " gens personne personnes civils civil homme hommes femme femmes enfant enfants famille "
    "policier policiers gendarmes gendarmerie garde gardes gouvernement responsables responsable "
    "autorités administration régime ministère ministre président dirigeant dirigeants opposition "
    "parti partis rebelles rebelle insurgés militants militant combattants combattant terroristes "
    "terroriste jihadistes djihadistes groupe groupes milice milices armée troupes soldats soldat "
    "forces militaires tribunal juge procureur parlement députés sénat commission conseil comité "
    "agence entreprise société banque syndicat syndicats étudiants ouvriers salariés journalistes "
    "journaliste habitants citoyens électeurs foule manifestants militants prisonniers détenus "
    "suspects suspect victimes otages réfugiés migrants délégation envoyé ambassadeur diplomates "
    "porte-parole pays nation coalition alliance assaillants kamikaze kamikazes tireur tireurs "
    "bomber bombers attackers attacker assailants assailant shooter shooters"
).split())
# A state's government by another name: "En Irak, le ministère des Transports…" is Iraq.
GOVERNMENT = frozenset(ffold(w) for w in (
    "gouvernement gouvernements autorités autorité ministère présidence régime exécutif "
    "administration government authorities authority ministry presidency regime "
    "administration cabinet").split())
# Groups that belong to the place where they act ("in Mogadishu, demonstrators…"); armed
# groups and attackers do not.
LOCAL_GROUPS = frozenset(ffold(w) for w in (
    "protesters protester demonstrators demonstrator residents villagers citizens voters crowd "
    "crowds students workers employees police policemen policeman officers civilians people "
    "manifestants manifestant habitants villageois citoyens électeurs foule étudiants ouvriers "
    "salariés policiers gendarmes civils population").split())
# "le sol français", "Russian territory": the state itself.
TERRITORY_NOUNS = frozenset(ffold(w) for w in (
    "sol territoire territoires frontière frontières soil territory territories border borders "
    "mainland").split())
# "the French ambassador", "l'ambassade russe": the state they stand for.
REPRESENTATIVES = frozenset(ffold(w) for w in (
    "ambassador ambassadors embassy envoy ambassadeur ambassadrice ambassade envoye "
    "consulate consulat chargé").split())
QUANTITY_NOUNS = frozenset(ffold(w) for w in (
    "dozen dozens hundred hundreds thousand thousands million millions score scores number "
    "group dizaine dizaines vingtaine trentaine centaine centaines millier milliers million "
    "millions nombre plupart").split())
AGENT_SUFFIXES = ("ers", "er", "ors", "ists", "ist", "ants", "eurs", "eur", "istes", "iste")
# Nouns with an agent's ending that name things: "border", "order", "power", "moteur"...
NOT_AGENTS = frozenset(ffold(w) for w in (
    "border borders order orders power powers number numbers matter matters letter letters "
    "paper papers water waters center centers centre centres corner corners chamber chambers "
    "barrier barriers disaster disasters quarter quarters shelter shelters answer answers "
    "winter summer tower towers transfer transfers cancer theater theatre register filter "
    "layer layers manner banner banners cluster clusters encounter encounters character "
    "characters computer computers container containers trailer charter charters offer offers "
    "shooting quarters headquarters poster posters pointer rubber silver river rivers "
    "moteur moteurs secteur secteurs facteur facteurs vecteur couleur couleurs valeur valeurs "
    "ordinateur ordinateurs capteur hauteur largeur longueur chaleur douleur erreur erreurs "
    "honneur bonheur malheur rigueur vigueur faveur peur fureur labeur cœur coeur "
    "restaurant restaurants document documents instrument instruments argument arguments "
    "montant montants sectors factors motors mirrors errors floors doors colors colours "
    "corridors tractors vectors reactors meteors interiors exteriors indicators "
    "processors conductors elevators generators monitors").split())
ACTOR_ENTITIES = {"PERSON": "person", "PER": "person", "ORG": "organisation", "NORP": "group",
                  "GPE": "group", "LOC": "group", "FAC": "group"}
NOT_ACTOR_ENTITIES = frozenset(("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT",
                                "QUANTITY"))
PHRASE_DEPS = frozenset(("compound", "amod", "flat", "flat:name", "nmod:poss", "poss", "nn"))


@dataclass
class ActorMention:
    """Where an actor is named, and how (which decides how sure we are)."""

    start: int  # token index
    end: int  # token index, exclusive
    how: str  # name, surname, unknown, title, counterpart, collective, capital, pronoun
    actor: Actor | None = None
    title: Title | None = None
    country: str | None = None  # state IRI from a demonym ("russe") or a specific title
    word: str = ""  # the generic noun of an untitled mention ("ministre", "président")
    host: str | None = None  # state IRI where a diplomat serves ("en France")
    pair: tuple[Actor, ...] = ()  # the two actors of "the two leaders"

    @property
    def rank(self) -> int:
        return RANK[self.how]

    def covers(self, i: int) -> bool:
        return self.start <= i < self.end


_PIECES = re.compile(r"[ ']+")


def _first_piece(text: str) -> str:
    return next((p for p in _PIECES.split(ffold(text)) if p), "")


@functools.lru_cache(maxsize=1 << 16)
def _keep_case(text: str) -> str:
    return fold_keep_case(text)


def _lookup(gazetteer: Gazetteer, table: dict[str, set[str]], text: str) -> set[str]:
    """``Gazetteer.lookup`` with the folding remembered (the same spans recur)."""
    exact = _keep_case(text)
    if exact in gazetteer.exact_case:
        return table.get(exact, set())
    return table.get(ffold(text), set())


def name_starts(gazetteer: Gazetteer) -> dict[str, int]:
    """First word of every name, capital and surname -> the most words such a key has: most
    capitalised words start no name, and are skipped without trying eight spans.

    Kept on the gazetteer object (computed once per gazetteer, not per document)."""
    memo = vars(gazetteer).get("_name_starts")
    if memo is None:
        memo = {}
        for table in (gazetteer.names, gazetteer.capitals, gazetteer.surnames):
            for key in table:
                pieces = [p for p in _PIECES.split(key.lower()) if p]
                if pieces:
                    memo[pieces[0]] = max(memo.get(pieces[0], 0), len(pieces))
        vars(gazetteer)["_name_starts"] = memo
    return memo


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ffold(text)).strip("-") or "x"


class MentionFinder:
    """Finds the actor mentions of one parsed document."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.title_words = {key.split()[0] for key in gazetteer.titles}

    def find(self, doc: Doc) -> list[ActorMention]:
        taken = [False] * len(doc)
        mentions: list[ActorMention] = []
        mentions += self._names(doc, taken)
        mentions += self._unknown_persons(doc, taken)
        mentions += self._titles(doc, taken)
        mentions += self._collectives(doc, taken)
        mentions += self._peoples(doc, taken)
        mentions = [m for m in mentions if not _backer(doc, m)]
        mentions.sort(key=lambda m: m.start)
        mentions = attach(doc, mentions, self.gazetteer)
        mentions += self._short_names(doc, taken, mentions)
        mentions += self._pairs(doc, taken, mentions)
        mentions += self._object_pronouns(doc, taken, mentions)
        mentions += self._latter(doc, taken, mentions)
        mentions += self._pronouns(doc, taken)
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _names(self, doc: Doc, taken: list[bool]) -> list[ActorMention]:
        g = self.gazetteer
        found = []
        starts = name_starts(g)
        words = [t.text_with_ws for t in doc]
        ends_ok = [not (t.is_punct or t.is_space) for t in doc]
        for i, token in enumerate(doc):
            if taken[i] or not token.text[:1].isupper() or token.ent_type_ in ("DATE", "TIME"):
                continue
            longest = starts.get(_first_piece(token.text), 0)
            if not longest:
                continue  # no name, capital or surname starts with this word
            for length in range(min(MAX_NAME_TOKENS, len(doc) - i, longest + 1), 0, -1):
                if not ends_ok[i + length - 1]:
                    continue
                text = "".join(words[i:i + length]).strip()
                for table, how in ((g.names, "name"), (g.capitals, "capital"),
                                   (g.surnames, "surname")):
                    if how == "surname" and (length > 2 or length == 1 and (
                            token.is_stop or token.pos_ not in ("PROPN", "NOUN", "X")
                            or self._honorific(token) or _inside_longer_name(token))):
                        continue  # "Le", "The", "Mawlawi", "Ibrahim [Keïta]" are not it
                    iris = _lookup(g, table, text)
                    actor = self._choose(iris, how) if iris else None
                    if actor is not None:
                        end = _rest_of_name(doc, i + length) if how == "name" \
                            and actor.kind == "person" else i + length
                        found.append(ActorMention(i, end, how, actor))
                        for j in range(i, end):
                            taken[j] = True
                        break
                if taken[i]:
                    break
        return found

    def _choose(self, iris: set[str], how: str) -> Actor | None:
        actors = [self.gazetteer.actors[i] for i in sorted(iris) if i in self.gazetteer.actors]
        if not actors:
            return None
        if len(actors) == 1:
            return actors[0]
        states = [a for a in actors if a.kind == "state"]
        return states[0] if how != "surname" and len(states) == 1 else None

    def _unknown_persons(self, doc: Doc, taken: list[bool]) -> list[ActorMention]:
        found = []
        for ent in doc.ents:
            if ent.label_ not in ("PER", "PERSON") or any(taken[ent.start:ent.end]):
                continue
            start = self._name_start(doc, ent, taken)
            first = next((i for i in range(start, ent.end) if doc[i].text[:1].isupper()
                          and not self._honorific(doc[i])), ent.end)
            if sum(1 for t in doc[first:ent.end] if t.text[:1].isupper()
                   and not self._honorific(t)) < 2:
                continue  # a lone first name or word is too weak to mint an actor
            label = " ".join(t.text for t in doc[first:ent.end] if not t.is_punct).strip()
            role = " ".join(t.text for t in doc[start:first]) or None  # "lawmaker Oleksiy ..."
            nationality = self._nationality_near(ent)
            code = self.gazetteer.actors[nationality].country if nationality else None
            actor = Actor(str(ACTOR[slug(label)]), label, "person", code, None, (),
                          role=self._role_near(ent) or role)
            found.append(ActorMention(first, ent.end, "unknown", actor, country=nationality))
            for j in range(first, ent.end):
                taken[j] = True
        return found

    def _honorific(self, token: Token) -> bool:
        """"Mawlawi", "Sheikh", "Dr", "President": words before a name that are not the name."""
        word = ffold(token.text)
        return word in HONORIFICS or word in self.title_words or word in GENERIC_PERSON \
            or word in self.gazetteer.demonyms

    def _name_start(self, doc: Doc, ent: Span, taken: list[bool]) -> int:
        """The recogniser sometimes leaves out a first name ("Muse [Bihi Abdi]"): take
        capitalised words just before the entity that the parse joins to it."""
        start = ent.start
        while start > ent.sent.start and not taken[start - 1]:
            token = doc[start - 1]
            if not token.text[:1].isupper() or token.pos_ != "PROPN" or token.is_sent_start \
                    or token.head.i not in range(ent.start, ent.end) or self._honorific(token):
                break
            start -= 1
        return start

    def _nationality_near(self, span: Span) -> str | None:
        head = span.root.head if span.root.dep_ in ("appos", "nmod", "flat:name") else span.root
        for token in [*head.children, head]:
            states = self.gazetteer.demonyms.get(ffold(token.text))
            if states and len(states) == 1:
                return next(iter(states))
        return None

    def _role_near(self, span: Span) -> str | None:
        head = span.root.head
        if head.i == span.root.i or head.pos_ not in ("NOUN", "PROPN"):
            return None
        words = [t.text for t in head.subtree if t.i < span.start and not t.is_punct]
        text = " ".join(w for w in words if ffold(w) not in ("le", "la", "l'", "the"))
        return text or None

    def _titles(self, doc: Doc, taken: list[bool]) -> list[ActorMention]:
        """Titles ("ministre des Armées", "defence minister") and counterparts, with the
        country given by a demonym next to them ("ministre russe de la Défense")."""
        g = self.gazetteer
        found = []
        for i, token in enumerate(doc):
            if taken[i]:
                continue
            word = ffold(token.text)
            if word in COUNTERPART:
                found.append(ActorMention(i, i + 1, "counterpart",
                                          country=self._demonym_of(token)))
                taken[i] = True
                continue
            if word in DIPLOMATS:
                mention = self._diplomat(doc, token, word)
                if mention is not None:
                    found.append(mention)
                    for k in range(mention.start, mention.end):
                        taken[k] = True
                continue
            if word not in self.title_words and word not in GENERIC_PERSON:
                continue
            best = None
            words: list[str] = []
            country = None
            j = i
            while j < len(doc) and j < i + MAX_NAME_TOKENS and not doc[j].is_punct:
                states = g.demonyms.get(ffold(doc[j].text))
                if j > i and states:
                    country = country or next(iter(states))
                else:
                    words.append(ffold(doc[j].text))
                    titles = g.titles.get(" ".join(words).replace("' ", "'"))
                    if titles:
                        best = (j + 1, titles)
                j += 1
            country = self._demonym_of(token) or country
            if best is not None and country is None:  # "the Iranian foreign minister"
                country = self._demonym_of(doc[best[0] - 1])
            if best is None:
                if word in GENERIC_PERSON and (country or _definite(token)):
                    found.append(ActorMention(i, i + 1, "title", country=country, word=word))
                continue
            end, titles = best
            title = _pick_title(titles, country)
            if title is None:
                continue
            found.append(ActorMention(i, end, "title", title=title,
                                      country=title.country or country))
            for k in range(i, end):
                taken[k] = True
        return found

    def _diplomat(self, doc: Doc, token: Token, word: str) -> ActorMention | None:
        """"l'ambassadeur d'Iran", "the Iranian chargé d'affaires", "Kenyan diplomats": the
        country comes from a demonym here, or from a state in the phrase (``phrases.attach``)."""
        end = token.i + 1
        if word.startswith("charge"):  # only "chargé(e) d'affaires"
            rest = [ffold(t.text).endswith("affaires") for t in doc[end:end + 2]]
            if True not in rest:
                return None
            end += rest.index(True) + 1
        if token.pos_ not in ("NOUN", "PROPN", "ADJ", "VERB") or any(
                c.dep_.startswith("aux") for c in token.children):
            return None  # "a envoyé une note" is no envoy
        country = self._demonym_of(token) or self._demonym_of(doc[end - 1])  # "d'affaires britannique"
        return ActorMention(token.i, end, "diplomat", country=country, word=DIPLOMATS[word])

    def _demonym_of(self, token: Token) -> str | None:
        for child in [*token.children, *(token.head.children if token.dep_ == "compound" else ())]:
            if child.i == token.i:
                continue
            states = self.gazetteer.demonyms.get(ffold(child.text))
            if states and len(states) == 1 and child.dep_ in ("amod", "compound", "nmod", "npadvmod"):
                return next(iter(states))
        return None

    def _postposed_demonym(self, token: Token) -> str | None:
        """"le ministère des Affaires étrangères chinois": the demonym ends the ministry's
        name and the parser hangs it on the name's last noun."""
        for child in token.children:
            if child.dep_ == "nmod" and child.pos_ in ("NOUN", "PROPN") and child.i > token.i:
                found = self._demonym_of(child)
                if found:
                    return found
        return None

    def _collectives(self, doc: Doc, taken: list[bool]) -> list[ActorMention]:
        found = []
        for i, token in enumerate(doc):
            if taken[i] or ffold(token.lemma_) not in COLLECTIVES and ffold(token.text) not in COLLECTIVES:
                continue
            country = self._demonym_of(token) or self._postposed_demonym(token)
            if country and country in self.gazetteer.actors:
                found.append(ActorMention(i, i + 1, "collective",
                                          self.gazetteer.actors[country], country=country))
                taken[i] = True
        return found

    def _peoples(self, doc: Doc, taken: list[bool]) -> list[ActorMention]:
        """"les Ukrainiens", "the Israelis": a people named by its plural demonym is its state."""
        found = []
        for token in doc:
            if taken[token.i] or token.pos_ not in ("NOUN", "PROPN") or not token.text[:1].isupper():
                continue
            if "Plur" not in token.morph.get("Number") and not token.text.endswith("s"):
                continue
            states = self.gazetteer.demonyms.get(ffold(token.text))
            if states and len(states) == 1:
                state = next(iter(states))
                if state in self.gazetteer.actors:
                    found.append(ActorMention(token.i, token.i + 1, "collective",
                                              self.gazetteer.actors[state], country=state))
                    taken[token.i] = True
        return found

    def _short_names(self, doc: Doc, taken: list[bool],
                     mentions: list[ActorMention]) -> list[ActorMention]:
        """A person named in full, then by one of the words of the name ("M. Zhao",
        "Muttaqi promised", "Mahamat a déclaré"), when only one person named before fits."""
        by_word: dict[str, list[ActorMention]] = {}
        for m in mentions:
            if m.how in ("name", "unknown") and m.actor is not None and m.actor.kind == "person":
                for word in m.actor.label.split():  # "Zhao Lijian" is M. Zhao: any word
                    if len(word) > 2:
                        by_word.setdefault(ffold(word), []).append(m)
        found = []
        for token in doc:
            if taken[token.i] or not token.text[:1].isupper() or token.pos_ not in (
                    "PROPN", "NOUN", "X"):
                continue
            earlier = [m for m in by_word.get(ffold(token.text), ()) if m.end <= token.i]
            if len({m.actor.id for m in earlier}) != 1:
                continue
            found.append(ActorMention(token.i, token.i + 1, "surname", earlier[-1].actor))
            taken[token.i] = True
        return found

    def _pairs(self, doc: Doc, taken: list[bool],
               mentions: list[ActorMention]) -> list[ActorMention]:
        """"the two leaders", "les deux ministres", "both countries": the two persons (or
        states) named last before the phrase, when there are two."""
        found = []
        for token in doc:
            noun = token.head
            if taken[token.i] or ffold(token.text) not in PAIR_NUMBERS or noun.i <= token.i:
                continue
            word = ffold(noun.text)
            kinds = ("person",) if word in PAIR_PERSONS else (
                ("state", "territory") if word in PAIR_STATES else ())
            if not kinds:
                continue
            recent: list[Actor] = []
            for m in sorted(mentions, key=lambda m: -m.start):
                if m.start < token.i and m.actor is not None and m.actor.kind in kinds \
                        and all(a.id != m.actor.id for a in recent):
                    recent.append(m.actor)
                if len(recent) == 2:
                    break
            if len(recent) == 2:
                found.append(ActorMention(token.i, noun.i + 1, "pair",
                                          pair=(recent[1], recent[0])))
                for k in range(token.i, noun.i + 1):
                    taken[k] = True
        return found

    def _object_pronouns(self, doc: Doc, taken: list[bool],
                         mentions: list[ActorMention]) -> list[ActorMention]:
        """"les exhorte à", "urged them to": the two sides named last (a pair, or the last two
        actors of the sentences before); "lui a demandé", "told him": the person named last."""
        found = []
        for token in doc:
            word = ffold(token.text)
            if taken[token.i] or token.dep_ not in OBJECT_PRONOUN_DEPS or not (
                    token.pos_ == "PRON" or token.pos_ == "DET" and word == "les"):
                continue  # "Il les exhorte": the parser may tag the pronoun a determiner
            if word in PLURAL_OBJECTS:
                pair = _last_two(mentions, token)
                if pair:
                    found.append(ActorMention(token.i, token.i + 1, "pair", pair=pair))
                    taken[token.i] = True
            elif word in PERSON_OBJECTS:
                found.append(ActorMention(token.i, token.i + 1, "pronoun"))
                taken[token.i] = True
        return found

    def _latter(self, doc: Doc, taken: list[bool],
                mentions: list[ActorMention]) -> list[ActorMention]:
        """"the latter", "ce dernier": the last actor named before (in this sentence or the one
        before); "the former": the one named before that."""
        found = []
        for token in doc:
            back = LATTER.get(ffold(token.text))
            if back is None or taken[token.i] or token.pos_ not in ("NOUN", "ADJ", "PRON") \
                    or not any(ffold(c.text) in LATTER_DETERMINERS for c in token.children
                               if c.dep_ == "det"):
                continue
            window = doc[max(token.sent.start - 1, 0)].sent.start
            actors: list[Actor] = []
            for m in reversed(mentions):
                if window <= m.start < token.i and m.actor is not None \
                        and all(a.id != m.actor.id for a in actors):
                    actors.append(m.actor)
            if len(actors) > back:
                found.append(ActorMention(token.i, token.i + 1, "latter", actors[back]))
                taken[token.i] = True
        return found

    def _pronouns(self, doc: Doc, taken: list[bool]) -> list[ActorMention]:
        return [ActorMention(t.i, t.i + 1, "pronoun") for t in doc
                if not taken[t.i] and t.pos_ == "PRON" and ffold(t.text) in PERSON_PRONOUNS | SPEAKER_PRONOUNS]


POST_WORDS = {ffold(w): post for post, words in (
    ("minister", "ministre minister secretaire secretary"),
    ("president", "president presidente"),
    ("head", "premier chancelier chancellor"),
    ("leader", "chef dirigeant leader"),
) for w in words.split()}


def _same_post(word: str, other: str) -> bool:
    """Whether two generic title words can name one person ("ministre" and "minister")."""
    a, b = POST_WORDS.get(word), POST_WORDS.get(other)
    return a is None or b is None or a == b or "leader" in (a, b)


# "Russia-backed separatists", "Iranian-funded militias": the state backs the group, which
# is the actor.
BACKING = frozenset(("backed", "supported", "sponsored", "funded", "armed", "allied",
                     "aligned", "financed", "trained", "controlled"))


def _backer(doc: Doc, mention: ActorMention) -> bool:
    """Whether a mention only qualifies a group as its backer ("Russia-backed")."""
    return _backing_word(doc[mention.end - 1])


def _backing_word(token: Token) -> bool:
    """"backed" in "Russia-backed", and "Russia" with it."""
    doc = token.doc
    if ffold(token.text) in BACKING and token.i > 0 and doc[token.i - 1].text == "-":
        return True
    return token.i + 2 < len(doc) and doc[token.i + 1].text == "-" \
        and ffold(doc[token.i + 2].text) in BACKING


def _inside_longer_name(token: Token) -> bool:
    """A word inside a person's name of several words the recogniser found: "Ibrahim" in
    "Ibrahim Keïta" is no one's surname there."""
    if token.ent_type_ not in ("PER", "PERSON"):
        return False
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return sum(1 for t in ent if t.text[:1].isupper()) > 1
    return False


def _last_two(mentions: list[ActorMention], token: Token) -> tuple[Actor, ...]:
    """The two sides a plural pronoun stands for: the last "two" phrase in this sentence or
    the one before, else the last two actors named there."""
    window = token.doc[max(token.sent.start - 1, 0)].sent.start
    before = [m for m in mentions if window <= m.start < token.i]
    pairs = [m for m in before if m.how == "pair"]
    if pairs:
        return pairs[-1].pair
    actors: list[Actor] = []
    for m in reversed(before):
        if m.actor is not None and m.actor.kind != "group" and all(
                a.id != m.actor.id for a in actors):
            actors.append(m.actor)
            if len(actors) == 2:
                return actors[1], actors[0]
    return ()


def _rest_of_name(doc: Doc, end: int) -> int:
    """"Moussa Faki Mahamat" where the gazetteer says "Moussa Faki": the words the recogniser
    puts in the same person's name belong to the mention."""
    while end < len(doc) and doc[end].ent_iob_ == "I" and doc[end].ent_type_ in (
            "PER", "PERSON") and doc[end].text[:1].isupper():
        end += 1
    return end


DEFINITE = frozenset(("le", "la", "l'", "the", "this", "ce", "cet", "cette"))


def _definite(token: Token) -> bool:
    """"le ministre", "the President": a title that refers to someone already named."""
    return any(c.dep_ == "det" and ffold(c.text) in DEFINITE for c in token.children)


def _pick_title(titles: set[Title], country: str | None) -> Title | None:
    specific = [t for t in titles if t.country and t.country == country]
    if specific:
        return specific[0]
    generic = [t for t in titles if t.country is None]
    if generic:
        return sorted(generic, key=lambda t: t.role)[0]
    return sorted(titles, key=lambda t: (t.country or "", t.role))[0] if len(titles) == 1 else None


def role_actor(state: Actor, role: str) -> Actor:
    """A post or a diplomat of a state ("ambassador of Iran"), whoever holds it. It stands
    for its state, so the state's name is among its aliases; as an actor not in the
    gazetteer, its events stay per document."""
    return Actor(str(ACTOR[f"x-{slug(role)}-{(state.country or slug(state.label)).lower()}"]),
                 f"{role} of {state.label}", "person", state.country, None,
                 (state.label,), role=role)


# Posts a bare title names in an article about one state ("le Roi", "the Prime Minister").
LEADER_ROLES = frozenset(("head_of_state", "head_of_government"))


class Resolver:
    """Turns mentions into actors at a given date, remembering who the text has introduced."""

    def __init__(self, gazetteer: Gazetteer, mentions: list[ActorMention]) -> None:
        self.gazetteer = gazetteer
        self.mentions = mentions
        self.resolved: dict[int, Actor] = {}  # titles and pronouns, once resolved

    def resolve(self, mention: ActorMention, date: PartialDate | None,
                other: Actor | None = None) -> Actor | None:
        if mention.actor is not None:
            return mention.actor
        actor = self._resolve(mention, date, other)
        if actor is not None:
            self.resolved[mention.start] = actor
        return actor

    def _resolve(self, mention: ActorMention, date: PartialDate | None,
                 other: Actor | None) -> Actor | None:
        if mention.how == "pronoun":
            return self.previous_person(mention.start)
        if mention.how == "pair":
            return mention.pair[0]
        if mention.how == "counterpart":
            return self._counterpart(mention, date, other)
        if mention.how == "diplomat":
            return self._diplomat(mention)
        # a title: someone the text already introduced with that post, else the holder then,
        # else the post itself when the text says whose it is
        introduced = self._introduced(mention, date)
        if introduced is not None:
            return introduced
        if mention.title is not None and mention.country:
            holder = self.gazetteer.holder(mention.country, mention.title.role, date)
            if holder is not None:
                return holder
        if mention.title is not None and mention.title.role in LEADER_ROLES \
                and mention.country is None and self.main_state is not None:
            # "Sa Majesté le Roi" in an article about Morocco: the king of Morocco
            return self.gazetteer.holder(self.main_state, mention.title.role, date)
        return self._post(mention) if mention.country else None

    @functools.cached_property
    def main_state(self) -> str | None:
        """The state the document is about: named at least twice and half as often again
        as any other."""
        counts = Counter(m.actor.id for m in self.mentions if m.actor is not None
                         and m.actor.kind == "state")
        ranked = counts.most_common(2)
        if not ranked or ranked[0][1] < 2:
            return None
        if len(ranked) == 2 and ranked[0][1] < 1.5 * ranked[1][1]:
            return None
        return ranked[0][0]

    def _post(self, mention: ActorMention) -> Actor | None:
        """"the foreign minister of Saudi Arabia" when no list says who held the post then:
        an actor for the post, of its state (one per document and post)."""
        state = self.gazetteer.actors.get(mention.country or "")
        if state is None:
            return None
        role = mention.title.role.replace("_", " ") if mention.title else mention.word
        return role_actor(state, role or "official")

    def _diplomat(self, mention: ActorMention) -> Actor | None:
        """A diplomat of the state the text gives; else the same kind of diplomat named before
        ("the ambassador" after "the Iranian ambassador"); else no one."""
        state = self.gazetteer.actors.get(mention.country or "")
        if state is not None:
            return role_actor(state, mention.word)
        for earlier in reversed(self.mentions):
            if earlier.start >= mention.start:
                continue
            if earlier.how == "diplomat" and earlier.word == mention.word and earlier.country:
                return self._diplomat(earlier)
        return None

    def _introduced(self, mention: ActorMention, date: PartialDate | None) -> Actor | None:
        for earlier in reversed(self.mentions):
            if earlier.start >= mention.start or earlier.actor is None:
                continue
            actor = earlier.actor
            if actor.kind != "person" or earlier.how not in ("name", "surname", "unknown"):
                continue
            if mention.title is None or earlier.title is not None and earlier.how == "unknown":
                if (mention.country is None or self._country_iri(actor) == mention.country) and \
                        self._fits(mention, earlier, date):
                    return actor
                continue
            for position in self.gazetteer.roles_of(actor.id, date):
                if position.role == mention.title.role and (
                        mention.country is None or position.country == mention.country):
                    return actor
        return None

    def _fits(self, mention: ActorMention, earlier: ActorMention, date: PartialDate | None) -> bool:
        """"le ministre français" is not the French president, and the reverse: the post the
        gazetteer knows at that date, else the title the text gave the person."""
        word = mention.word
        roles = {p.role for p in self.gazetteer.roles_of(earlier.actor.id, date)}
        if not roles and earlier.title is not None:
            roles = {earlier.title.role}
        if mention.title is not None:
            return not roles or mention.title.role in roles
        if not roles:  # nothing says what the person does: not enough to refer back
            return bool(earlier.word) and _same_post(word, earlier.word)
        if word in ("ministre", "minister"):
            return bool(roles & {"foreign_minister", "defence_minister", "minister"})
        if word in ("secretaire", "secretary"):  # Secretary of State, Secretary-General
            return bool(roles & {"foreign_minister", "defence_minister", "minister",
                                 "secretary_general"})
        if word in ("president", "presidente"):
            return "head_of_state" in roles
        return bool(roles & {"head_of_government", "head_of_state"}) if word in (
            "premier", "chancelier", "chancellor") else True

    def _country_iri(self, actor: Actor) -> str | None:
        return str(ACTOR[actor.country]) if actor.country else None

    def _counterpart(self, mention: ActorMention, date: PartialDate | None,
                     other: Actor | None) -> Actor | None:
        if other is None or mention.country is None:
            return None
        roles = [p.role for p in self.gazetteer.roles_of(other.id, date)]
        if not roles:  # a person no list knows: the post the text gave him
            roles = sorted({m.title.role for m in self.mentions if m.actor is not None
                            and m.actor.id == other.id and m.title is not None})
        for role in roles:
            holder = self.gazetteer.holder(mention.country, role, date)
            if holder is not None:
                return holder
        return None

    def previous_person(self, before: int) -> Actor | None:
        """The last person named before a token (for "il", "he")."""
        for earlier in reversed(self.mentions):
            actor = earlier.actor or self.resolved.get(earlier.start)
            if earlier.start < before and actor is not None and actor.kind == "person":
                return actor
        return None


def _named_entity(token: Token) -> Span | None:
    """The organisation or group name of several words the recogniser found at a token."""
    if token.ent_type_ not in ("ORG", "NORP") or token.ent_iob_ == "O":
        return None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent if len(ent) > 1 else None
    return None


def _state_in(gazetteer: Gazetteer, span: Span) -> str | None:
    """The one state named inside a name ("Armée islamique en Irak")."""
    states = {iri for t in span for iri in gazetteer.lookup(gazetteer.names, t.text)
              if iri in gazetteer.actors and gazetteer.actors[iri].kind == "state"}
    return next(iter(states)) if len(states) == 1 else None


def generic_mention(gazetteer: Gazetteer, token: Token, any_noun: bool = False) -> ActorMention | None:
    """An actor named by a plain noun phrase ("a suicide bomber", "les manifestants", "the
    Pakistani army"), when the gazetteer knows no one there. Its country comes from a demonym
    in the phrase. A thing is no actor, but a thing of a state stands for the state ("les
    intérêts français"). ``any_noun`` also looks inside quantities for attack targets."""
    quantity = ffold(token.lemma_) in QUANTITY_NOUNS or ffold(token.text) in QUANTITY_NOUNS
    if not quantity and (token.pos_ not in ("NOUN", "PROPN")
                         or token.ent_type_ in NOT_ACTOR_ENTITIES):
        return None
    if quantity:  # "une centaine de personnes": the people
        inner = [c for c in token.children if c.dep_ in ("nmod", "prep") and c.pos_ in (
            "NOUN", "PROPN", "ADP")]
        for child in inner:
            head = next((g for g in child.children if g.dep_ == "pobj"), child)
            if head.pos_ in ("NOUN", "PROPN"):
                return generic_mention(gazetteer, head, any_noun)
        return None
    word = ffold(token.lemma_)
    text = ffold(token.text)
    entity = ACTOR_ENTITIES.get(token.ent_type_)
    phrase = [t for t in token.subtree if t.i == token.i or (
        # modifiers of the head and of its modifiers: "Ukrainian lawmaker Oleksiy Goncharenko"
        t.dep_ in PHRASE_DEPS and not t.is_punct and governs(token, t, PHRASE_DEPS))]
    phrase = [t for t in phrase if t.pos_ not in ("DET", "NUM", "PRON", "ADP", "PUNCT")
              and not _backing_word(t)]
    country = None
    for t in phrase:
        states = gazetteer.demonyms.get(ffold(t.text))
        if states and len(states) == 1:
            country = next(iter(states))
    agentive = (word in AGENT_NOUNS or text in AGENT_NOUNS
                or (len(text) > 5 and text.endswith(AGENT_SUFFIXES)
                    and word not in NOT_AGENTS and text not in NOT_AGENTS))
    named = _named_entity(token)
    if named is not None:  # "L'Armée islamique en Irak": the recogniser's whole name
        phrase = [t for t in named if not (t.i == named.start and t.pos_ == "DET")]
        country = country or _state_in(gazetteer, named)
    if not (entity or agentive or country or any_noun):
        return None
    role = None
    if token.pos_ == "PROPN" and named is None:  # "lawmaker Oleksiy Goncharenko": name, role
        names = [t for t in phrase if t.text[:1].isupper() and ffold(t.text) not in
                 gazetteer.demonyms]
        role = " ".join(t.text for t in phrase if t not in names and not t.text[:1].isupper()) or None
        phrase = names or [token]
    start = min(t.i for t in phrase)
    end = max(t.i for t in phrase) + 1
    label = " ".join(t.text for t in token.doc[start:end] if not t.is_punct).strip()
    if not label:
        return None
    kind = entity or ("person" if token.pos_ == "PROPN" and token.ent_type_ in ("PERSON", "PER")
                      else "group")
    if country in gazetteer.actors and (word in TERRITORY_NOUNS or word in REPRESENTATIVES
                                        or not (entity or agentive)):
        # "le sol français", "l'ambassade russe", "les intérêts français": the state itself
        return ActorMention(start, end, "collective", gazetteer.actors[country], country=country)
    if not (entity or agentive):
        return None  # a thing is no actor ("the economy", "biens diplomatiques")
    code = gazetteer.actors[country].country if country in gazetteer.actors else None
    if role and token.ent_type_ in ("", "PERSON", "PER") and ffold(role.split()[-1]) in AGENT_NOUNS:
        kind = "person"
    actor = Actor(str(ACTOR["x-" + slug(label)]), label, kind, code, None, (), role=role)
    return ActorMention(start, end, "generic", actor, country=country, word=word)
