"""One noun phrase, one actor.

A person named with a title and a state ("President of the Republic of Kazakhstan Nursultan
Nazarbayev", "le ministre des Affaires étrangères du Sultanat d'Oman, pays frère, Badr
Albusaidi") is the person: the title gives the post, the state the country. A title or a
diplomat with a state in its phrase ("l'ambassadeur d'Iran", "Nairobi's ambassador", "the
foreign minister of Saudi Arabia") takes the state as its country, or as its host after "in",
"en", "à" ("the Iranian ambassador in London"). The pieces absorbed this way stop being actors
of their own.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from homologue.extract.lexicon import ffold
from homologue.rdf.gazetteer import Gazetteer

# Dependency links that stay inside one noun phrase (both annotation schemes).
PHRASE_LINKS = frozenset(("compound", "appos", "flat", "flat:name", "flat:foreign", "nmod",
                          "amod", "nn", "poss", "nmod:poss", "prep", "pobj", "case", "det",
                          "punct", "fixed", "nummod"))
HOST_CASES = frozenset(("in", "to", "at", "en", "a", "au", "aux", "aupres", "dans", "pres"))
# Farther apart than this, two mentions are not one phrase whatever the parse says.
MAX_GAP = 14
ROLE_HOWS = frozenset(("title", "counterpart", "diplomat"))
PERSON_HOWS = frozenset(("name", "surname", "unknown"))
STATE_KINDS = frozenset(("state", "territory"))


def same_phrase(a: Token, b: Token) -> bool:
    """Whether two tokens belong to one noun phrase, within one sentence: one governs the
    other through nominal links only (no verb, clause or conjunction), or the two are
    juxtaposed twins the parser hung side by side ("Le président de la Commission,
    Moussa Faki Mahamat a condamné": two subjects)."""
    if abs(a.i - b.i) > MAX_GAP or a.sent.start != b.sent.start:
        return False
    return governs(a, b) or governs(b, a) or _juxtaposed(a, b)


def governs(top: Token, low: Token, links: frozenset[str] = PHRASE_LINKS) -> bool:
    """Whether ``top`` is reached from ``low`` going up through ``links`` only."""
    node = low
    while node.i != top.i:
        if node.dep_ not in links or node.head.i == node.i:
            return False
        node = node.head
    return True


def _juxtaposed(a: Token, b: Token) -> bool:
    if a.head.i != b.head.i or a.dep_ != b.dep_ or a.i == b.i:
        return False
    first, second = (a, b) if a.i < b.i else (b, a)
    between = first.doc[first.right_edge.i + 1:second.left_edge.i]
    return all(t.is_punct and t.text not in (";", ":") for t in between)


def case_of(token: Token) -> str:
    """The preposition (folded) that introduces a noun: "of", "de", "en", "'s"..."""
    for child in token.children:
        if child.dep_ in ("case", "prep") and child.i < token.i:
            return ffold(child.text)
        if child.dep_ == "case" and child.text in ("'s", "’s", "'"):
            return "'s"
    if token.dep_ == "pobj":
        return ffold(token.head.text)
    return ""


def root_of(doc: Doc, start: int, end: int) -> Token:
    """The syntactic head of a span of tokens."""
    return doc[start:end].root


def attach(doc: Doc, mentions: list, gazetteer: Gazetteer) -> list:
    """The mentions with the pieces of each noun phrase folded into its actor (see the module
    docstring). Mentions are ``ActorMention`` objects; the list returned is a new one."""
    absorbed: set[int] = set()
    roles = [m for m in mentions if m.how in ROLE_HOWS]
    states = [m for m in mentions if m.how in ("name", "capital", "collective")
              and m.actor is not None and m.actor.kind in STATE_KINDS]
    bodies = [m for m in mentions if m.how == "name" and m.actor is not None
              and m.actor.kind not in STATE_KINDS and m.actor.kind != "person"]
    for role in roles:
        _states_of_role(doc, role, states, absorbed)
    persons = [m for m in mentions if m.how in PERSON_HOWS and m.actor is not None
               and m.actor.kind == "person"]
    for person in persons:
        heads = _titles_of_person(doc, person, roles, states, absorbed, gazetteer)
        _bodies_of_person(doc, heads, bodies, absorbed)
    return [m for m in mentions if id(m) not in absorbed]


def _states_of_role(doc: Doc, role, states: list, absorbed: set[int]) -> None:
    head = root_of(doc, role.start, role.end)
    for state in states:
        if id(state) in absorbed or abs(state.start - role.start) > MAX_GAP:
            continue
        token = root_of(doc, state.start, state.end)
        if not same_phrase(head, token):
            continue
        case = case_of(token)
        if case in HOST_CASES or role.how == "diplomat" and possessed(head):
            if role.how == "diplomat" and role.host is None:
                role.host = state.actor.id
                absorbed.add(id(state))
            continue
        if state.start < role.start and case != "'s" and token.dep_ not in (
                "compound", "poss", "nmod:poss", "nn") and not (token.dep_ == "nmod" and not case):
            continue  # "US Secretary of State": a state right before the title, no preposition
        if role.country is None or role.country == state.actor.id:
            role.country = state.actor.id
            absorbed.add(id(state))


POSSESSIVES = frozenset(("its", "their", "his", "her", "our", "son", "sa", "ses", "leur",
                         "leurs", "notre", "nos"))


def possessed(token: Token) -> bool:
    """"its diplomats from Kenya", "ses diplomates au Kenya": the owner's diplomats, posted to
    the state named."""
    return any(c.dep_ in ("poss", "det", "nmod:poss") and c.text.lower() in POSSESSIVES
               for c in token.children)


def _titles_of_person(doc: Doc, person, roles: list, states: list, absorbed: set[int],
                      gazetteer: Gazetteer) -> list[Token]:
    """Fold the person's titles into it; the heads of the person and of its titles."""
    token = root_of(doc, person.start, person.end)
    heads = [token]
    for role in roles:
        head = root_of(doc, role.start, role.end)
        if id(role) in absorbed or not same_phrase(head, token):
            continue
        absorbed.add(id(role))
        heads.append(head)
        person.title = person.title or role.title
        person.word = person.word or role.word or role.how
        if person.how == "unknown":
            person.country = person.country or role.country
            person.actor = replace(person.actor, country=_code(gazetteer, person.country),
                                   role=person.actor.role or doc[role.start:role.end].text)
    if person.how != "unknown" or person.country is not None:
        return heads
    for state in states:  # "Kenya's Raila Odinga", "Hugo Chávez du Venezuela"
        other = root_of(doc, state.start, state.end)
        if id(state) in absorbed or case_of(other) in HOST_CASES \
                or not same_phrase(token, other):
            continue
        absorbed.add(id(state))
        person.country = state.actor.id
        person.actor = replace(person.actor, country=_code(gazetteer, state.actor.id))
        break
    return heads


def _bodies_of_person(doc: Doc, heads: list[Token], bodies: list, absorbed: set[int]) -> None:
    """"le président de la Commission de l'UA, Moussa Faki Mahamat": the person acts, the
    organisation in his title is only where he works."""
    for body in bodies:
        token = root_of(doc, body.start, body.end)
        if id(body) not in absorbed and any(same_phrase(h, token) for h in heads):
            absorbed.add(id(body))


def _code(gazetteer: Gazetteer, state: str | None) -> str | None:
    actor = gazetteer.actors.get(state) if state else None
    return actor.country if actor is not None else None
