"""Event rules: a trigger from the lexicon, its source and target from the dependency parse,
its date, and the checks that keep statements which are not events out (negation,
hypotheticals, questions).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from homologue.documents import Document
from homologue.extract.actors import (AGENT_NOUNS, COUNTERPART, GOVERNMENT, LOCAL_GROUPS,
                                      PERSON_PRONOUNS, SPEAKER_PRONOUNS, ActorMention,
                                      MentionFinder, Resolver, generic_mention)
from homologue.dates import DateMention, PartialDate, find_dates, is_historical
from homologue.extract.calibrate import calibrated
from homologue.extract.classifier import TypeModel
from homologue.extract.lexicon import Lexicon, Trigger, ffold
from homologue.extract.model import Event, Evidence
from homologue.extract.phrases import case_of, possessed
from homologue.extract.pipeline import NOT_TRIGGERS
from homologue.rdf.gazetteer import Actor, Gazetteer
from homologue.rdf.namespace import ACTOR

SUBJECT_DEPS = ("nsubj", "csubj")
# "Il les exhorte à…": the French parser often takes a personal pronoun subject for an
# expletive; "il" is a subject unless it is impersonal ("il y a", "il faut")
PERSONAL_EXPLETIVES = frozenset(("il", "elle", "ils", "elles"))
PASSIVE_SUBJECT_DEPS = ("nsubj:pass", "nsubjpass")
AGENT_DEPS = ("obl:agent", "agent")
OBJECT_DEPS = ("obj", "dobj")
INDIRECT_DEPS = ("iobj", "dative")
PREP_DEPS = ("obl", "obl:arg", "obl:mod", "nmod", "prep", "advcl")
CLAUSE_DEPS = ("acl", "acl:relcl", "relcl", "advcl", "ccomp", "xcomp", "parataxis", "csubj",
               "conj", "cc")
INHERIT_SUBJECT_DEPS = ("conj", "xcomp", "advcl", "ccomp")
NOMINAL_DEPS_SKIPPED = ("acl", "acl:relcl", "relcl", "advcl", "ccomp", "xcomp", "parataxis",
                        "punct", "case", "det", "mark")

NEGATORS = frozenset(("pas", "jamais", "rien", "aucun", "aucune", "personne", "nullement", "guère",
                      "not", "n't", "never", "no", "nothing", "none", "neither", "nor", "without",
                      "sans"))
HYPOTHETICAL_MARKERS = frozenset(("si", "if", "unless", "whether", "pourrait", "pourraient",
                                  "could", "would", "might", "may", "should", "devrait"))
PURPOSE_MARKERS = frozenset(("pour", "afin", "to", "in order"))
PURPOSE_HEADS = frozenset(("objectif", "but", "goal", "aim"))
RULING_OUT = frozenset(("exclure", "exclut", "rule"))
ACCUSATION_WORDS = frozenset(("accusation", "accusations", "allegation", "allegations",
                              "accusations", "charge", "charges", "claim", "claims", "affirmation"))
DEMONSTRATIVES = frozenset(("ce", "cet", "cette", "ces", "this", "that", "these", "those"))
NEED_BOTH = frozenset(("CONSULT", "AGREE", "SUPPORT", "COOPERATE", "AID", "REQUEST", "ACCUSE",
                       "REJECT", "THREATEN", "SANCTION", "CONCEDE"))
# Statements whose author is enough for an event when the text names no addressee
# ("Netanyahu condemned the vandalism", "Afghanistan vowed to prevent attacks").
ONE_SIDED = frozenset(("ACCUSE", "REJECT"))
# What one side of a call or meeting says with no addressee is said to the other side.
TOLD_TO_PARTNER = frozenset(("AGREE", "SUPPORT", "REQUEST", "COOPERATE", "REJECT"))
PARTNER_WINDOW = 3  # sentences after the contact
MUTUAL = frozenset(("AGREE", "CONSULT", "COOPERATE"))  # "Iran and Saudi Arabia agreed"
ANY_TARGET = frozenset(("ASSAULT", "COERCE", "PROTEST", "SANCTION", "MOBILIZE", "THREATEN"))
DOMESTIC_OUT_OF_SCOPE = frozenset(("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "REQUEST"))
AUTHORITY_ACTS = frozenset(("COERCE",))  # arrests without an agent: the authorities named nearby
FUTURE_TO_AGREE = frozenset(("CONSULT", "AID", "SUPPORT", "COOPERATE"))
INITIATIVE_WORDS = {"fr": ("initiative",), "en": ("initiative", "request", "behest", "invitation")}

BASE_CONFIDENCE = 0.9
SUSPECT_WORDS = frozenset(("suspects", "suspect", "assaillants", "attackers", "gunmen",
                           "perpetrators", "auteurs", "assailants", "bombers"))
GENERIC_PREFIX = str(ACTOR["x-"])
DIRECT = frozenset(("subject", "object", "agent", "noun-of", "undergoer"))
RECIPROCAL_WORDS = frozenset(("se", "s'", "each", "other", "one", "another", "mutuellement"))


@dataclass
class DocumentContext:
    """What the rules need to know about the document being read."""

    document: Document
    doc: Doc
    gazetteer: Gazetteer
    lexicon: Lexicon
    mentions: list[ActorMention]
    resolver: Resolver
    dates: list[tuple[DateMention, PartialDate | None]]
    published: PartialDate | None
    events: list[Event] = field(default_factory=list)
    mention_at: dict[int, ActorMention] = field(default_factory=dict)
    trigger_at: dict[int, Trigger | None] = field(default_factory=dict)
    # the event-type model's probabilities for each candidate token (empty without a model)
    predictions: dict[int, dict[str, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for mention in self.mentions:
            for i in range(mention.start, mention.end):
                self.mention_at[i] = mention

    def trigger(self, token: Token) -> Trigger | None:
        """The lexicon entry a token triggers, matched once per token (dating an event asks
        about every other token of its sentence)."""
        if token.i not in self.trigger_at:
            self.trigger_at[token.i] = (_matching_trigger(self.lexicon, token)
                                        or _learned_trigger(self, token))
        return self.trigger_at[token.i]

    def probability(self, token: Token, event_type: str) -> float | None:
        """The model's probability that the token is an event of this type (None when the
        model did not read the token)."""
        probs = self.predictions.get(token.i)
        return probs.get(event_type) if probs else None


def extract_events(document: Document, doc: Doc, gazetteer: Gazetteer,
                   lexicon: Lexicon, model: TypeModel | None = None,
                   calibration: tuple | None = None) -> list[Event]:
    """Every event of a parsed document, merged where the text reports one event twice.
    With a ``model``, its probabilities type the lexicon's triggers and propose events
    where the lexicon has none (see ``_learned_trigger`` and ``_combined_confidence``); with a
    ``calibration`` (``calibrate.load_calibration``), confidences are mapped to the share of
    such events whose type was right on held-out sentences."""
    mentions = MentionFinder(gazetteer).find(doc)
    published = PartialDate.parse(document.published)
    ctx = DocumentContext(document, doc, gazetteer, lexicon, mentions,
                          Resolver(gazetteer, mentions), _resolve_dates(doc.text, document.lang,
                                                                        published), published,
                          predictions=model.predict_doc(doc) if model is not None else {})
    pending_since: PartialDate | None = None
    for index, sentence in enumerate(doc.sents):
        since = _first_since_claim(ctx, sentence)
        pending_since = since or pending_since
        for token in sentence:
            event = _event_at(ctx, sentence, index, token)
            if event is None:
                continue
            if event.type == "CONSULT" and pending_since is not None:
                event.claims_since = pending_since
                pending_since = None
            ctx.events.append(event)
            ctx.events.extend(_same_to(event, other)  # "les exhorte à": one event each
                              for other in event.extra.pop("also_targets", ()))
            if event.extra.pop("both_ways", False):  # "India and Pakistan exchanged fire"
                ctx.events.append(replace(event, source=event.target, target=event.source,
                                          extra=dict(event.extra)))
    # twice: a merge can give an event the date that makes it the twin of another
    events = merge_events(_claimed_attacks(merge_events(merge_events(ctx.events))))
    events = _date_claims(_accused_attackers(events))
    if calibration is not None:
        for event in events:
            event.confidence = max(0.05, min(0.99, calibrated(event.confidence, calibration)))
    return events


def _claimed_attacks(events: list[Event]) -> list[Event]:
    """A claim of responsibility names the author of the attack the text tells without one
    ("des assaillants ont tiré…", "the attack on the embassy"), and the claim is aimed at that
    attack's target; only when a single author claims attacks in the document."""
    claimants = {e.source.id: e.source for e in events if e.type == "CLAIM"
                 and e.source is not None and not _is_generic(e.source)}
    if len(claimants) != 1:
        return events
    author = next(iter(claimants.values()))
    attacks = [e for e in events if e.type == "ASSAULT"]
    for attack in attacks:
        if attack.source is None or _is_generic(attack.source) and attack.source.country is None:
            attack.source = author
    target = next((a.target for a in attacks if a.source is not None and a.source.id == author.id
                   and a.target is not None and not _is_generic(a.target)), None)
    for claim in events:
        if claim.type == "CLAIM" and claim.target is None and target is not None:
            claim.target = target
    return events


def _accused_attackers(events: list[Event]) -> list[Event]:
    """"X a condamné l'attaque": X accuses whoever the text says carried the attack out (the
    author of an attack or its claim in the same document), or no one the text names."""
    authors = [e.source for e in events if e.type in ("ASSAULT", "CLAIM") and e.source
               is not None and not _is_generic(e.source)]
    for event in events:
        if event.extra.get("condemns") and event.target is None and authors:
            named = [a for a in authors if event.source is None or a.id != event.source.id]
            event.target = named[0] if named else None
    return events


def _date_claims(events: list[Event]) -> list[Event]:
    """A claim of responsibility whose date the text does not give follows its attack: it
    takes the attack's month ("l'attentat du 22 mars revendiqué par l'EI"); so does the
    arrest of the attack's suspects ("douze suspects ont été arrêtés")."""
    for claim in events:
        if claim.extra.get("date_explicit"):
            continue
        if claim.type == "CLAIM" and claim.source is not None:
            attack = next((e for e in events if e.type == "ASSAULT" and e.date is not None
                           and e.source is not None and e.source.id == claim.source.id
                           and e.extra.get("date_explicit")), None)
        elif claim.type == "COERCE" and claim.target is not None and _is_generic(claim.target) \
                and ffold(claim.target.label).split()[-1] in SUSPECT_WORDS:
            attack = next((e for e in reversed(events) if e.type == "ASSAULT" and e.date
                           and e.extra.get("date_explicit")
                           and e.evidence.sentence < claim.evidence.sentence), None)
        else:
            continue
        if attack is not None:
            claim.date = attack.date.coarsen("month")
            claim.historical = attack.historical
    return events


def _resolve_dates(text: str, lang: str,
                   published: PartialDate | None) -> list[tuple[DateMention, PartialDate | None]]:
    out = []
    previous = None
    for mention in find_dates(text, lang):
        value = mention.resolve(published, previous)
        out.append((mention, value))
        if value is not None and (mention.absolute or mention.start > 0):
            previous = value
    return out


def _first_since_claim(ctx: DocumentContext, sentence: Span) -> PartialDate | None:
    """"C'est une première depuis octobre 2022": a claim about the previous contact."""
    words = {ffold(t.text) for t in sentence}
    if not words & {"premiere", "premier", "first"}:
        return None
    for mention, value in ctx.dates:
        if mention.since and sentence.start_char <= mention.start < sentence.end_char:
            return value
    return None


# -- one trigger ------------------------------------------------------------------------------


def _event_at(ctx: DocumentContext, sentence: Span, index: int, token: Token) -> Event | None:
    trigger = ctx.trigger(token)
    if trigger is None:
        if _is_anaphoric(token) and _refers_to_contact(ctx.lexicon, token):
            _enrich_previous(ctx, sentence, token)
        return None
    if _is_negated(token) or _is_hypothetical(token, sentence) or _is_requested(ctx, token) \
            or _describes_event_noun(ctx, token, trigger):
        return None
    event_type = _model_type(ctx, token, trigger)
    if _is_future(token, ctx.lexicon) and event_type in FUTURE_TO_AGREE:
        event_type = "AGREE"
    date, date_found = _event_date(ctx, sentence, token)
    confidence = _combined_confidence(ctx, token, trigger, event_type) * (
        0.9 if trigger.nouns else 1.0) * (1.0 if date_found else 0.95)

    if trigger.nouns and _is_anaphoric(token) and event_type == "CONSULT":
        _enrich_previous(ctx, sentence, token)
        return None

    sources, how_source = _sources(ctx, token, trigger)
    if trigger.nouns and sources and _undergone(token):
        # "la police a essuyé des tirs": the subject is who is hit, the author is not named
        if event_type not in ANY_TARGET:
            return None
        sources, targets, how_source, how_target = [], sources[:1], "", "undergoer"
    elif trigger.symmetric and len(sources) >= 2 and _is_reciprocal(token):
        sources, targets, how_target = sources[:1], sources[1:2], "reciprocal"
    else:
        targets, how_target = _targets(ctx, token, trigger, sources)
        if event_type == "ACCUSE" and _attack_object(ctx, token) is not None:
            # "condamné l'attaque contre un hôtel à Nairobi": its author, not its place
            targets, how_target = _attackers(ctx, token), "object"
        if not sources and len(targets) >= 2 and trigger.symmetric and trigger.nouns:
            # "l'entretien entre Macron et Scholz": the two sides
            sources, targets, how_source, how_target = targets[:1], targets[1:2], "noun-of", "reciprocal"
        if len(sources) >= 2 and not targets and (
                trigger.symmetric or how_source == "pair" or event_type in MUTUAL
                or _fight_each_other(token, event_type)):
            # "Russia and China signed an agreement": the two subjects are the two sides
            sources, targets, how_target = sources[:1], sources[1:2], "reciprocal"
    if event_type == "REJECT" and not targets and _object_is_accusation(token):
        accuser = _last_source(ctx, "ACCUSE")
        if accuser is not None and accuser.kind == "person" and accuser.country:
            accuser = ctx.gazetteer.state_by_code(accuser.country) or accuser  # the accusing side
        targets, how_target = ([accuser], "anaphora") if accuser else ([], "")
    if not sources and targets and _is_passive(token) and _is_diplomat(targets[0]):
        summoner = _summoning_state(ctx, token, targets[0])  # "l'ambassadeur a été convoqué"
        if summoner is not None:
            sources, how_source = [summoner], "authority"
    if not sources and targets and event_type in AUTHORITY_ACTS and (
            _is_passive(token) or trigger.nouns):
        # "douze suspects ont été arrêtés", "l'arrestation de deux Français en Iran"
        authority = _recent_authority(ctx, sentence) or _place_of(ctx, token)
        if authority is not None:
            sources, how_source = [authority], "authority"

    condemned = _condemned_attack(ctx, token) if event_type == "ACCUSE" and not targets else None

    source = _resolve(ctx, sources[0], date) if sources else None
    target = _resolve(ctx, targets[0], date, other=source) if targets else None
    if event_type == "SANCTION" and targets and _recalled_from(ctx, targets[0]):
        target = _recalled_from(ctx, targets[0])  # "le rappel de l'ambassadeur à Abuja"
    if event_type in ("ASSAULT", "COERCE") and _by_protesters(sources):
        event_type = "PROTEST"  # "des manifestants ont incendié l'ambassade": a violent protest
    if trigger.host_is_source and source and target:
        source, target = target, source  # the visitor is the actor, the host the recipient
    if target is None and source is not None and event_type in TOLD_TO_PARTNER:
        target = _partner(ctx, source, index)  # "during the call, Muttaqi promised that…"
        how_target = "partner" if target is not None else how_target
    one_sided = source is not None and target is None and how_source == "subject" \
        and not trigger.learned and event_type in ONE_SIDED
    if not (_enough(event_type, source, target) or condemned is not None and source
            or one_sided) \
            or _is_domestic(event_type, source, target):
        return None
    if (source is None and how_target not in DIRECT) or (target is None and how_source not in DIRECT):
        return None  # a lone actor found only by a weak route is not enough for an event
    confidence *= _argument_confidence(how_source) * _argument_confidence(how_target)
    if one_sided:
        confidence *= 0.6
    confidence *= min(_mention_confidence(m) for m in (sources[:1] + targets[:1])) if sources or targets else 1

    mode = _mode(ctx, token, trigger, sentence) if event_type == trigger.type else None
    cameo = _cameo(trigger, mode) if event_type == trigger.type else CAMEO_ROOTS.get(event_type)
    if event_type != trigger.type:
        mode = None
    participants = [a for a in (source, target) if a is not None] if trigger.symmetric else []
    event = Event(
        doc=ctx.document.id, type=event_type, source=source, target=target,
        evidence=_evidence(sentence, index),
        mode=mode, cameo=cameo, participants=tuple(participants), date=date,
        historical=bool(date and is_historical(date, ctx.published)),
        confidence=round(max(0.05, min(confidence, 0.99)), 3), trigger=token.text,
        rule=("model-" if trigger.learned else "") + ("noun" if trigger.nouns else "verb")
        + f":{how_source or '-'}/{how_target or '-'}",
        extra={"date_explicit": date_found, **({"condemns": condemned} if condemned else {}),
               **({"both_ways": True} if how_target == "reciprocal"
                  and _fight_each_other(token, event_type) else {}),
               **({"also_targets": _other_targets(ctx, targets, how_target, date, source)}
                  if targets else {})},
    )
    initiator = _initiator(ctx, sentence, event)
    if initiator is not None:
        _set_initiator(event, initiator)
    return event


# Thresholds on the model's calibrated probabilities, chosen on held-out predicates (README,
# "Event types"): it proposes an event where the lexicon has no trigger at PROPOSE; it
# replaces the lexicon's type by its own at OVERRIDE when it gives the lexicon's type less
# than DOUBT (held-out predicates suggested 0.7, but that turned a warning given to help,
# COOPERATE, into a threat); a lexicon trigger it reads as no event at NOT_EVENT loses
# confidence.
PROPOSE = 0.7
OVERRIDE = 0.9
DOUBT = 0.1
NOT_EVENT = 0.9
# CAMEO root of each PLOVER type, for events the model proposes (no verb entry to say more).
CAMEO_ROOTS = {"AGREE": "030", "CONSULT": "040", "SUPPORT": "050", "COOPERATE": "060",
               "AID": "070", "CONCEDE": "080", "REQUEST": "100", "ACCUSE": "110",
               "REJECT": "120", "THREATEN": "130", "PROTEST": "140", "MOBILIZE": "150",
               "SANCTION": "160", "COERCE": "170", "ASSAULT": "180"}
# Where a proposed event's target is: the direct objects, then the prepositions that
# introduce a recipient or an adversary in either language.
LEARNED_TARGETS = ("obj", "iobj", "to", "with", "against", "on", "at", "toward", "towards",
                   "a", "avec", "contre", "envers", "sur", "vers", "aupres")
LEARNED_NOUN_TARGETS = ("against", "to", "with", "on", "at", "toward", "towards", "between",
                        "a", "avec", "contre", "envers", "sur", "vers", "entre", "aupres")


def _learned_trigger(ctx: DocumentContext, token: Token) -> Trigger | None:
    """A trigger the model proposes for a token the lexicon does not know."""
    probs = ctx.predictions.get(token.i)
    if not probs or token.pos_ in NOT_TRIGGERS:
        return None
    if any(c.dep_ in OBJECT_DEPS and _matching_trigger(ctx.lexicon, c) for c in token.children):
        return None  # "signed an agreement": the noun is the event, the verb only does it
    label = max((t for t in probs if t != "NONE"), key=probs.__getitem__)
    if probs[label] < PROPOSE or probs[label] <= probs.get("NONE", 0.0):
        return None
    nominal = _is_nominal(token)
    return Trigger(type=label, words=frozenset((ffold(token.lemma_),)),
                   cameo=CAMEO_ROOTS.get(label), nouns=nominal,
                   target=LEARNED_NOUN_TARGETS if nominal else LEARNED_TARGETS,
                   symmetric=label == "CONSULT", learned=True)


def _combined_confidence(ctx: DocumentContext, token: Token, trigger: Trigger,
                         event_type: str) -> float:
    """How sure the type is: the model's probability for a proposed event; for a lexicon
    trigger, the rule's prior nudged by the model (a trigger the model also reads as this type
    is surer than one it reads as no event)."""
    p = ctx.probability(token, event_type)
    if trigger.learned:
        return p or 0.0
    if p is None:
        return BASE_CONFIDENCE
    if (ctx.probability(token, "NONE") or 0.0) >= NOT_EVENT:
        return BASE_CONFIDENCE * 0.5
    return BASE_CONFIDENCE * (0.75 + 0.25 * p)


def _model_type(ctx: DocumentContext, token: Token, trigger: Trigger) -> str:
    """The lexicon's type, unless the model is sure of another one and gives the lexicon's
    almost no chance."""
    probs = ctx.predictions.get(token.i)
    if trigger.learned or not probs:
        return trigger.type
    best = max((t for t in probs if t != "NONE"), key=probs.__getitem__)
    if probs[best] >= OVERRIDE and probs.get(trigger.type, 0.0) < DOUBT:
        return best
    return trigger.type


def _evidence(sentence: Span, index: int) -> Evidence:
    start = sentence.start_char + _lstrip(sentence.text)
    return Evidence(sentence.text.strip(), start, start + len(sentence.text.strip()), index)


def _lstrip(text: str) -> int:
    return len(text) - len(text.lstrip())


def _matching_trigger(lexicon: Lexicon, token: Token) -> Trigger | None:
    if token.is_punct or token.is_space or token.pos_ in NOT_TRIGGERS:
        return None
    for trigger in lexicon.candidates(token.lemma_, token.text):
        if trigger.nouns != _is_nominal(token):
            continue
        if trigger.requires and not _has_required(token, trigger.requires):
            continue
        if trigger.requires_head and not _head_matches(token, trigger.requires_head):
            continue
        if trigger.host_is_source and not _receives_someone(token):
            continue  # "welcomed the thaw" is praise, not a visit
        return trigger
    return None


ACTOR_ENTITY_TYPES = frozenset(("PERSON", "PER", "GPE", "ORG", "NORP", "LOC"))


def _receives_someone(token: Token) -> bool:
    """Whether a verb of hosting has a person, a state or a delegation as its object."""
    for child in token.children:
        if child.dep_ in OBJECT_DEPS:
            return child.pos_ == "PROPN" or child.ent_type_ in ACTOR_ENTITY_TYPES or ffold(
                child.lemma_) in AGENT_NOUNS | COUNTERPART or ffold(child.text) in COUNTERPART
    return True  # "a été reçu": the visitor is the passive subject


def _is_nominal(token: Token) -> bool:
    if token.pos_ in ("NOUN", "PROPN"):
        # participles the tagger took for nouns ("se sont téléphoné") still act as verbs
        return not any(c.dep_.startswith("aux") or c.dep_ == "expl:comp" for c in token.children)
    return False


def _has_required(token: Token, words: frozenset[str]) -> bool:
    words = words | _contractions(words)
    near = [token, *token.children]
    for child in token.children:
        near.extend(child.children)
    if _is_nominal(token):  # "mener des tentatives sur le sol français": the verb's arguments
        governor = _governing_verb(token)
        if governor is not None and _is_object_of(token, governor):
            for child in governor.children:
                near.extend((child, *child.children))
    for t in near:
        if t.i == token.i or t.dep_.startswith("aux"):  # "a" (has) is not "à"
            continue
        if ffold(t.lemma_) in words or ffold(t.text) in words:
            return True
        own = t.head.i == token.i or t.head.dep_.startswith("aux")  # not an object's object
        if own and t.dep_ in OBJECT_DEPS and "obj" in words:
            return True
        if own and t.dep_ in ("xcomp", "ccomp") and t.dep_ in words:
            return True
    # several-word cues ("en garde", "par téléphone") in the trigger's own phrase only
    phrase = token.head if _is_nominal(token) and token.head.i != token.i else token
    text = ffold(token.doc[phrase.left_edge.i:phrase.right_edge.i + 1].text)
    return any(" " in w and w in text for w in words)


def _head_matches(token: Token, words: frozenset[str]) -> bool:
    """Whether one of the two words above the token (prepositions not counted: "adopted a
    package of sanctions") is one of ``words``."""
    head = token.head
    seen = 0
    while seen < 2:
        if ffold(head.lemma_) in words or ffold(head.text) in words:
            return True
        if head.head.i == head.i:
            break
        seen += head.pos_ != "ADP"
        head = head.head
    return False


# -- statements that are not events ------------------------------------------------------------


def _clause_chain(token: Token, depth: int = 4) -> list[Token]:
    chain = [token]
    current = token
    for _ in range(depth):
        if current.head.i == current.i:
            break
        current = current.head
        chain.append(current)
    return chain


def _is_negated(token: Token) -> bool:
    """Negated by its own clause or by one above it ("rien n'indique qu'il se soit entretenu"),
    or by its subject ("no group has claimed", "personne n'a revendiqué")."""
    for child in token.children:
        if child.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS and (
                ffold(child.text) in ("nobody", "noone", "personne", "rien", "nothing") and
                child.pos_ == "PRON" or any(ffold(d.text) in ("no", "aucun", "aucune", "nul", "nulle")
                                            for d in child.children if d.dep_ == "det")):
            return True
    for level, node in enumerate(_clause_chain(token)):
        for child in node.children:
            word = ffold(child.text)
            if child.dep_ in ("neg", "advmod", "nsubj", "det", "obj", "case", "mark") and word in NEGATORS:
                if level == 0 or node.pos_ in ("VERB", "AUX", "NOUN", "ADJ"):
                    if level > 0 and word in ("no", "without", "sans") and child.dep_ not in ("det", "case", "mark"):
                        continue
                    return True
            if child.dep_ == "advmod" and word == "ne" and level == 0:
                return True
        if level > 0 and node.dep_ in ("ROOT",) and level > 2:
            break
    return False


def _is_hypothetical(token: Token, sentence: Span) -> bool:
    if sentence.text.rstrip().endswith("?"):
        return True
    for node in _clause_chain(token, 3):
        if "Cnd" in node.morph.get("Mood"):
            return True
        for child in node.children:
            word = ffold(child.text)
            if child.dep_ in ("mark", "aux") and word in HYPOTHETICAL_MARKERS:
                return True
        if ffold(node.lemma_) in RULING_OUT and node.i != token.i:
            return True
        if node.pos_ == "VERB" and "Inf" in node.morph.get("VerbForm") and any(
                c.dep_ == "mark" and ffold(c.text) in PURPOSE_MARKERS for c in node.children):
            return True
        if ffold(node.lemma_) in PURPOSE_HEADS and node.i != token.i:
            return True
    return False


# Nouns whose infinitive complement is only planned: "agreement to hold talks", "projet de".
PLANNED = frozenset(ffold(w) for w in (
    "agreement deal plan proposal offer intention idea project promise pledge threat "
    "accord plan proposition offre projet intention idée promesse engagement menace").split())


def _is_requested(ctx: DocumentContext, token: Token) -> bool:
    """"exige que la Russie retire ses troupes", "urged Iran to release": what is demanded is
    not done (the demand itself is the event)."""
    node = token
    for _ in range(3):  # "demand that Russia stop its attacks": the attacks are in the demand
        if node.head.i == node.i:
            return False
        if node.dep_ in ("ccomp", "xcomp") and any(
                t.type in ("REQUEST", "THREATEN") for t in ctx.lexicon.candidates(
                    node.head.lemma_, node.head.text)):
            return True  # "demand that Russia stop", "a menacé de frapper"
        if node.dep_ == "xcomp" and any(t.type == "ACCUSE" and t.mode == "allege" for t in
                                        ctx.lexicon.candidates(node.head.lemma_, node.head.text)):
            return True  # "accuse Moscou d'avoir bombardé": alleged, told as an accusation
        if node.dep_ == "acl" and ffold(node.head.lemma_) in PLANNED:
            return True  # "the agreement to hold talks": the talks are not held yet
        if node.dep_ not in ("obj", "dobj", "ccomp", "xcomp", "nsubj:pass", "nsubjpass"):
            return False
        node = node.head
    return False


def _describes_event_noun(ctx: DocumentContext, token: Token, trigger: Trigger) -> bool:
    """"des sanctions visant des responsables", "strikes targeting depots": a participle that
    only says what an event noun is aimed at is part of that event."""
    return not trigger.nouns and token.dep_ == "acl" and "Part" in token.morph.get("VerbForm") \
        and ffold(token.lemma_) in AIMING and ctx.trigger(token.head) is not None


AIMING = frozenset(ffold(w) for w in "viser cibler target aim concerner".split())


def _is_future(token: Token, lexicon: Lexicon) -> bool:
    if "Fut" in token.morph.get("Tense"):
        return True
    for child in token.children:
        if child.dep_.startswith("aux") and (ffold(child.text) in ("will", "shall", "'ll")
                                             or "Fut" in child.morph.get("Tense")):
            return True
    head = token.head
    if head.i != token.i and ffold(head.lemma_) in lexicon.promise_verbs and token.dep_ in (
            "xcomp", "ccomp", "obj", "dobj"):
        return True
    return ffold(head.lemma_) in ("aller", "going") and token.dep_ == "xcomp"


# -- arguments ---------------------------------------------------------------------------------


def _mentions_under(ctx: DocumentContext, token: Token, deep: bool = False,
                    exclude: frozenset[int] = frozenset()) -> list[ActorMention]:
    """Actor mentions in a noun phrase (its appositions and conjuncts too), in text order.
    Places inside the phrase ("cinq personnes à Kaboul") are not its actors."""
    seen: dict[int, ActorMention] = {}
    stack = [token]
    while stack:
        node = stack.pop()
        if node.i != token.i and _is_place_phrase(ctx, node):
            continue
        mention = ctx.mention_at.get(node.i)
        if mention is not None and mention.start not in exclude:
            seen.setdefault(mention.start, mention)
        for child in node.children:
            if not deep and child.dep_ in NOMINAL_DEPS_SKIPPED:
                continue
            if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
                continue
            stack.append(child)
    found = [seen[k] for k in sorted(seen)]
    return _best_per_phrase(found, token)


LOCATIVE = frozenset(("in", "at", "near", "dans", "pres", "en", "inside", "outside", "across",
                      "throughout"))
DATIVE_OR_PLACE = frozenset(("a", "au", "aux"))  # "à l'Ukraine" is a recipient, "à Kaboul" a place


PLACE_ENTITIES = frozenset(("GPE", "LOC", "FAC"))
PLACE_NOUNS = frozenset(ffold(w) for w in (
    "city town village capital region province country area district border zone street "
    "ville village capitale région province pays zone district frontière rue quartier").split())


def _is_place_phrase(ctx: DocumentContext, node: Token) -> bool:
    """"à Kaboul", "in Tbilisi", "en Ukraine": a place hung on a noun, not a participant."""
    if node.head.pos_ not in ("NOUN", "PROPN", "NUM") and not (
            node.dep_ == "pobj" and node.head.head.pos_ in ("NOUN", "PROPN", "NUM")):
        return False
    if node.dep_ == "pobj" and node.head.dep_ == "prep":
        case = ffold(node.head.text)
    elif node.dep_ in ("nmod", "obl", "obl:mod"):
        case = next((ffold(c.text) for c in node.children if c.dep_ == "case"), "")
    else:
        return False
    mention = ctx.mention_at.get(node.i)
    if case in LOCATIVE:  # "in Kabul", not "in military aid"
        return node.pos_ == "PROPN" or node.ent_type_ in PLACE_ENTITIES or mention is not None \
            or node.lemma_.lower() in PLACE_NOUNS
    return case in DATIVE_OR_PLACE and mention is not None and mention.how == "capital"


def _is_place(ctx: DocumentContext, node: Token) -> bool:
    """"à Addis-Abeba", "in Geneva", "en Ukraine" wherever they hang: where, not whom."""
    mention = ctx.mention_at.get(node.i)
    if mention is None or mention.how not in ("capital", "name"):
        return False
    case = case_of(node)
    return case in LOCATIVE or case in DATIVE_OR_PLACE and mention.how == "capital"


def _arg_mentions(ctx: DocumentContext, token: Token, any_noun: bool = False) -> list[ActorMention]:
    """The actors of an argument: gazetteer mentions first, else the noun phrase itself
    ("a suicide bomber", "les manifestants") as an actor of its own."""
    found = _mentions_under(ctx, token)
    if found:
        return found
    generic = generic_mention(ctx.gazetteer, token, any_noun)
    if generic is None:
        # "un complexe hôtelier à Nairobi": a place attacked stands for its state
        place = _place_of(ctx, token) if any_noun else None
        return [place] if place is not None else []
    if generic.actor.country is None and generic.how == "generic":
        place = _place_of(ctx, token.sent.root)  # "in Mogadishu, demonstrators slammed…"
        if place is not None and generic.word in GOVERNMENT:  # "En Irak, le ministère…"
            return [ActorMention(generic.start, generic.end, "collective", place.actor,
                                 country=place.actor.id)]
        if place is not None and generic.word in LOCAL_GROUPS:
            generic.country = place.actor.id
            generic.actor = replace(generic.actor, country=place.actor.country)
    return [generic]


def _place_of(ctx: DocumentContext, token: Token) -> ActorMention | None:
    """The state of the first place named with a locative preposition under a token."""
    for node in token.subtree:
        mention = ctx.mention_at.get(node.i)
        if mention is None or mention.actor is None or mention.actor.kind != "state" \
                or mention.how not in ("name", "capital"):
            continue
        if case_of(node) in LOCATIVE or case_of(node) in DATIVE_OR_PLACE:
            return mention
    return None


def _best_per_phrase(mentions: list[ActorMention], head: Token) -> list[ActorMention]:
    """One mention per conjunct: "le ministre Sergueï Lavrov et le secrétaire d'Etat Antony
    Blinken" gives Lavrov and Blinken, not the titles or the states beside them."""
    if len(mentions) <= 1:
        return mentions
    groups: dict[int, list[ActorMention]] = {}
    doc = head.doc
    for mention in mentions:
        groups.setdefault(_conjunct_of(doc[mention.start], head), []).append(mention)
    def preference(m: ActorMention) -> tuple:  # "US Defense Secretary Lloyd Austin" is Austin,
        person = m.actor is not None and m.actor.kind == "person"  # "Netanyahu of Israel" too
        return (not person, m.rank, m.start)

    return [min(group, key=preference) for _, group in sorted(groups.items())]


def _conjunct_of(token: Token, head: Token) -> int:
    """The index of the conjunct of ``head`` that contains ``token``."""
    node = token
    last_conj = head.i
    while node.i != head.i and node.head.i != node.i:
        if node.dep_ == "conj":
            last_conj = node.i
        node = node.head
    return last_conj


def _subject_token(token: Token) -> tuple[Token | None, str]:
    """The subject of a verb, following conjunctions, control verbs and relative clauses."""
    node = token
    for _ in range(4):
        for child in _with_aux_children(node):
            if child.dep_ in SUBJECT_DEPS or _false_passive(child) or _personal_expletive(child):
                if ffold(child.text) in ("qui", "who", "which", "that") and node.dep_ in (
                        "acl:relcl", "relcl", "acl"):
                    return node.head, "relative"
                return child, "subject" if node.i == token.i else "inherited"
        for child in node.children:
            if child.dep_ in AGENT_DEPS:
                return _agent_object(child), "agent"
        if node.dep_ in ("acl", "advcl") and "Inf" in node.morph.get("VerbForm"):
            governor = _governing_verb(node.head) if node.head.pos_ not in ("VERB", "AUX") \
                else node.head  # "des hommes ont pénétré dans la salle avant de tirer"
            if governor is not None and governor.i != node.i:
                node = governor
                continue
        if node.dep_ in ("acl", "acl:relcl", "relcl") and node.pos_ in ("VERB", "AUX"):
            if node.dep_ == "acl" and _past_participle(node):
                return None, ""  # "Jorge Glas, condamné à…": the noun is who undergoes it
            return node.head, "participle"
        if node.dep_ in INHERIT_SUBJECT_DEPS and node.head.i != node.i:
            node = node.head
            continue
        if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.head.pos_ in (
                "VERB", "AUX"):  # "joined them in condemning": the subject of "joined"
            node = node.head.head
            continue
        break
    return None, ""


def _personal_expletive(child: Token) -> bool:
    return child.dep_ == "expl:subj" and ffold(child.text) in PERSONAL_EXPLETIVES and not any(
        ffold(c.text) == "y" for c in child.head.children) and ffold(child.head.lemma_) not in (
        "falloir", "agir", "sembler", "paraitre", "rester", "exister", "pleuvoir")


def _past_participle(token: Token) -> bool:
    return token.tag_ == "VBN" or "Part" in token.morph.get("VerbForm") and "Past" in \
        token.morph.get("Tense") and not any(c.dep_.startswith("aux") for c in token.children)


def _false_passive(child: Token) -> bool:
    """A passive subject the parser gave a verb that has no passive auxiliary ("Pékin a
    condamné…" read as a passive): it is the subject."""
    return child.dep_ in PASSIVE_SUBJECT_DEPS and not any(
        c.dep_ in ("aux:pass", "auxpass") for c in child.head.children)


def _with_aux_children(node: Token) -> list[Token]:
    """A verb's dependents, and those the parser hung on its auxiliaries by mistake."""
    children = list(node.children)
    for child in node.children:
        if child.dep_.startswith("aux"):
            children.extend(child.children)
    return children


def _agent_object(agent: Token) -> Token:
    for child in agent.children:
        if child.dep_ in ("pobj",):
            return child
    return agent


def _sources(ctx: DocumentContext, token: Token, trigger: Trigger) -> tuple[list[ActorMention], str]:
    if trigger.nouns:
        for child in token.children:
            if child.dep_ in ("acl",) and child.pos_ == "VERB":
                for grandchild in child.children:  # "attaque revendiquée par l'EI"
                    if grandchild.dep_ in AGENT_DEPS:
                        found = _arg_mentions(ctx, _agent_object(grandchild))
                        if found:
                            return found, "agent"
        for child in ([] if trigger.source == ("subject",) else
                      _prep_children(token, trigger.source or ("de", "of", "par", "by"))):
            if ffold(_prep_of(child) or "") in _prep_forms(trigger.target) or _bare_noun(child):
                continue  # "une visite d'État" is a kind of visit, not the State's
            found = _arg_mentions(ctx, child)
            if found:
                return found, "noun-of"
        for child in token.children:  # "Blinken's meeting with Xi"
            if child.dep_ in ("poss", "nmod:poss") and child.i in ctx.mention_at:
                found = _mentions_under(ctx, child)
                if found:
                    return found, "noun-of"
        governor = _governing_verb(token)
        if governor is None:
            return [], ""
        if not _is_object_of(token, governor):
            if not possessed(token):
                return [], ""
            # "lors de sa rencontre avec Wang Yi, Blinken a…": his meeting, Blinken's
        else:
            other = ctx.trigger(governor)
            if other is not None and other.type != trigger.type and not other.learned:
                return [], ""  # who condemns an attack is not its author
        token = governor
    subject, how = _subject_token(token)
    if subject is None:
        return [], ""
    found = _arg_mentions(ctx, subject)
    if found and found[0].how in ("collective", "generic"):
        for other in subject.head.children:  # a named leader beside a collective subject
            if other.i != subject.i and other.dep_ in SUBJECT_DEPS + ("appos",):
                named = [m for m in _mentions_under(ctx, other) if m.rank < found[0].rank]
                if named:
                    found = named
                    break
    if found and found[0].how == "pair":  # "the two leaders agreed": both are the subject
        return list(found[0].pair), "pair"
    if found and found[0].how == "pronoun" and ffold(subject.text) in PERSON_PRONOUNS:
        main = _main_clause_person(ctx, token, subject)  # "X welcomed…, as he congratulated…"
        if main is not None:
            return [main], "inherited"
    if found and found[0].how == "pronoun" and ffold(subject.text) in SPEAKER_PRONOUNS:
        speaker = _speaker(ctx, token)
        if speaker is not None:
            return [speaker], "speaker"
        voice = _voice(ctx, subject)  # "We call on Russia…" in a minister's statement
        return ([voice], "voice") if voice else ([], "")
    return found, how


PROTESTERS = frozenset(ffold(w) for w in (
    "protesters protester demonstrators demonstrator rioters rioter crowd crowds mob "
    "manifestants manifestant manifestantes émeutiers foule").split())


def _by_protesters(sources: list) -> bool:
    first = sources[0] if sources else None
    return isinstance(first, ActorMention) and first.how == "generic" and first.word in PROTESTERS


UNDERGO = frozenset(ffold(w) for w in (
    "essuyer subir endurer suffer sustain endure undergo face").split())


def _undergone(token: Token) -> bool:
    governor = _governing_verb(token)
    return governor is not None and ffold(governor.lemma_) in UNDERGO \
        and _is_object_of(token, governor)


def _main_clause_person(ctx: DocumentContext, token: Token,
                        pronoun: Token) -> ActorMention | None:
    """The person subject of the clause a pronoun's clause depends on: "he" in a subordinate
    clause is most often the main clause's subject, not the person named last."""
    for node in _clause_chain(token, 3)[1:]:
        if node.pos_ not in ("VERB", "AUX"):
            continue
        for child in node.children:
            if child.dep_ in SUBJECT_DEPS and child.i != pronoun.i:
                found = _mentions_under(ctx, child)
                if found and found[0].actor is not None and found[0].actor.kind == "person":
                    return found[0]
        return None
    return None


def _bare_noun(token: Token) -> bool:
    """A common noun without a determiner after "de": "d'État", "de travail"."""
    return token.pos_ == "NOUN" and ffold(_prep_of(token) or "") in ("de", "d'") and not any(
        c.dep_ in ("det", "nummod", "poss", "nmod:poss") for c in token.children)


FIGHTS = frozenset(ffold(w) for w in (
    "exchange clash fight battle skirmish affronter échanger accrocher combattre").split())


def _fight_each_other(token: Token, event_type: str) -> bool:
    """"India and Pakistan exchanged fire", « se sont affrontés »: each attacks the other."""
    return event_type == "ASSAULT" and ffold(token.lemma_) in FIGHTS


def _is_reciprocal(token: Token) -> bool:
    """"se sont téléphoné", "spoke with each other", "Lavrov and Blinken met"."""
    return token.pos_ in ("VERB", "AUX") or any(
        ffold(c.text) in RECIPROCAL_WORDS for c in [*token.children, *token.subtree])


def _is_object_of(noun: Token, verb: Token) -> bool:
    """"a annoncé la livraison": the verb's subject is the one who delivers."""
    node = noun
    while node.i != verb.i:
        misparsed = node.dep_ == "amod" and node.pos_ == "NOUN"  # "ces mois plusieurs tentatives"
        of = node.dep_ == "pobj" and ffold(node.head.text) == "of" or \
            node.dep_ == "prep" and ffold(node.text) == "of"  # "a package of sanctions"
        if node.dep_ not in OBJECT_DEPS + PASSIVE_SUBJECT_DEPS + ("nmod", "appos", "conj") \
                and not misparsed and not of:
            return False
        node = node.head
    if noun.dep_ == "conj" and noun.head.i == verb.i:  # "exprime son regret et sa dénonciation"
        return any(c.dep_ in OBJECT_DEPS for c in verb.children if c.i < noun.i)
    if noun.dep_ == "pobj" and noun.head.head.dep_ in OBJECT_DEPS and ffold(noun.head.text) == "of":
        return True  # "adopted a package of sanctions"
    return noun.dep_ in OBJECT_DEPS + PASSIVE_SUBJECT_DEPS or noun.head.dep_ in OBJECT_DEPS


def _speaker(ctx: DocumentContext, token: Token) -> ActorMention | None:
    """In reported speech, the one who speaks: « Nous avons proposé... », a précisé Macron."""
    chain = _clause_chain(token, 3)
    reporting = [c for node in chain for c in node.children if c.dep_ in ("parataxis", "conj")]
    for node in [*chain[1:], *reporting]:
        if ffold(node.lemma_) in ctx.lexicon.speech_verbs:
            for child in node.children:
                if child.dep_ in SUBJECT_DEPS:
                    found = _mentions_under(ctx, child)
                    if found:
                        return found[0]
    root = token.sent.root
    for child in root.children:
        if ffold(root.lemma_) in ctx.lexicon.speech_verbs and child.dep_ in SUBJECT_DEPS:
            found = _mentions_under(ctx, child)
            if found and found[0].how != "pronoun":
                return found[0]
    return None


def _voice(ctx: DocumentContext, pronoun: Token) -> Actor | None:
    """Who "I" or "we" is when no speaker is named in the sentence: the person who spoke last
    in the text (the source of its last event), else the first person it names (the author of
    a statement: "Statement by Secretary Kerry")."""
    for event in reversed(ctx.events):
        if event.source is not None and event.source.kind == "person":
            return event.source
    for mention in ctx.mentions:
        if mention.start >= pronoun.i:
            break
        if mention.actor is not None and mention.actor.kind == "person" and not _is_generic(
                mention.actor):
            return mention.actor
    return None


def _governing_verb(token: Token) -> Token | None:
    node = token
    for _ in range(3):
        if node.head.i == node.i:
            return node if node.pos_ in ("VERB", "AUX") else None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def _prep_of(token: Token) -> str | None:
    for child in token.children:
        if child.dep_ in ("case", "mark") and child.pos_ == "ADP":
            return child.text
    if token.dep_ == "prep":
        return token.text
    if token.dep_ == "pobj":
        return token.head.text
    return None


def _contractions(words: frozenset[str]) -> set[str]:
    """"au", "aux" for "à"; "du", "des" for "de" (a requirement written with the plain form)."""
    return _prep_forms(tuple(w for w in words if w in ("a", "de"))) - set(words)


def _prep_forms(preps: tuple[str, ...]) -> set[str]:
    """Prepositions with their contracted forms: de → du, des, d'; à → au, aux."""
    wanted = {ffold(p) for p in preps}
    if "de" in wanted:
        wanted |= {"d'", "du", "des"}
    if "a" in wanted:
        wanted |= {"au", "aux"}
    return wanted


# Nouns of the French compound prepositions "à l'égard de", "à l'encontre de", "vis-à-vis
# de": the noun after them is aimed at, as after "envers" or "contre".
COMPOUND_PREPOSITIONS = frozenset(("egard", "encontre", "vis-a-vis"))


def _prep_children(token: Token, preps: tuple[str, ...]) -> list[Token]:
    wanted = _prep_forms(preps)
    out = []
    if wanted & {"envers", "contre", "against", "toward", "towards"}:
        for child in token.children:
            if ffold(child.text) in COMPOUND_PREPOSITIONS:
                out.extend(c for c in child.children if c.dep_ == "nmod")
    for child in token.children:
        if child.dep_ in ("prep", "dative") and ffold(child.text) in wanted:  # English: -> pobj
            out.extend(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
        elif child.dep_ in PREP_DEPS + ("obl:arg",) and ffold(_prep_of(child) or "") in wanted:
            out.append(child)
        elif child.dep_ == "advmod" and ffold(child.text) in wanted:  # "auprès de Tokyo"
            out.extend(c for c in child.children if c.dep_ in ("obl:arg", "obl", "nmod"))
    return out


def _targets(ctx: DocumentContext, token: Token, trigger: Trigger,
             sources: list[ActorMention]) -> tuple[list[ActorMention], str]:
    taken = {m.start for m in sources if isinstance(m, ActorMention)}
    heads = [token]
    if trigger.nouns:
        governor = _governing_verb(token)
        if governor is not None:  # "a proposé une coopération accrue avec Moscou"
            heads.append(governor)
            heads.extend(c for c in governor.children if c.i != token.i and c.pos_ == "NOUN")
    for head in heads:
        for role in trigger.target:
            for arg in _argument_tokens(head, role, passive_subject=not trigger.nouns):
                author = _author_of_told_event(ctx, arg, sources)  # "cette intervention"
                if author is not None and generic_mention(ctx.gazetteer, arg) is None:
                    return [author], "anaphora"  # "… de la souveraineté du Mexique": its author
                found = [m for m in _arg_mentions(ctx, arg, trigger.type in ANY_TARGET)
                         if m.start not in taken]
                if found:
                    return found, "object" if head is token else "verb-object"
                if author is not None:
                    return [author], "anaphora"
                deep = [m for m in _mentions_under(ctx, arg, deep=True) if m.start not in taken]
                if deep:
                    return deep[:1], "deep"
    if token.dep_ == "acl" and not trigger.nouns:  # "l'attentat de Moscou revendiqué par l'EI"
        found = [m for m in _mentions_under(ctx, token.head) if m.start not in taken]
        if found:
            return found[:1], "participle"
    clause = [m for m in _mentions_under(ctx, token, deep=True, exclude=frozenset(taken))
              if m.start > token.i and m.how != "pronoun"
              and (trigger.type in ANY_TARGET or not _is_place(ctx, ctx.doc[m.start]))]
    if clause:
        return clause[:1], "clause"
    if token.dep_ in ("xcomp", "advcl") and not trigger.nouns:
        # "summoned the Iranian ambassador to demand their release": the one summoned
        for child in token.head.children:
            if child.dep_ in OBJECT_DEPS:
                found = [m for m in _mentions_under(ctx, child) if m.start not in taken]
                if found:
                    return found[:1], "verb-object"
    return [], ""


def _argument_tokens(head: Token, role: str, passive_subject: bool) -> list[Token]:
    if role == "obj":
        found = [c for c in head.children if c.dep_ in OBJECT_DEPS]
        if passive_subject:
            found += [c for c in head.children
                      if c.dep_ in PASSIVE_SUBJECT_DEPS and not _false_passive(c)]
        return found
    if role in ("iobj", "dative"):
        return [c for c in head.children if c.dep_ in INDIRECT_DEPS]
    if role == "dobj":
        return [c for c in head.children if c.dep_ == "dobj"]
    return _prep_children(head, (role,))


def _resolve(ctx: DocumentContext, mention: ActorMention | Actor, date: PartialDate | None,
             other: Actor | None = None) -> Actor | None:
    if isinstance(mention, Actor):
        return mention
    return ctx.resolver.resolve(mention, date, other)


def _enough(event_type: str, source: Actor | None, target: Actor | None) -> bool:
    if source is not None and target is not None and source.id == target.id:
        return False
    if event_type in NEED_BOTH:
        return source is not None and target is not None
    return source is not None or target is not None


def _is_domestic(event_type: str, source: Actor | None, target: Actor | None) -> bool:
    """"Paris enjoint à l'industrie de défense française de produire davantage": a state (or its
    leader) and an unnamed group of its own country exchanging words or help is domestic
    policy, not an interaction between international actors. Coercion, attacks and protests
    at home are kept."""
    if event_type not in DOMESTIC_OUT_OF_SCOPE or source is None or target is None:
        return False
    kinds = {source.kind, target.kind}
    if kinds == {"person", "state"} and source.country and source.country == target.country:
        return True  # "Kenyatta pledged … Kenya": a leader and his own state
    generic = [a for a in (source, target) if a.id.startswith(GENERIC_PREFIX)]
    named = [a for a in (source, target) if not a.id.startswith(GENERIC_PREFIX)]
    return len(generic) == 1 and len(named) == 1 and generic[0].country is not None \
        and generic[0].country == named[0].country


def _argument_confidence(how: str) -> float:
    return {"subject": 1.0, "object": 1.0, "agent": 1.0, "noun-of": 0.9, "inherited": 0.9,
            "relative": 0.9, "participle": 0.9, "verb-object": 0.85, "speaker": 0.85,
            "voice": 0.7, "pair": 0.8,
            "deep": 0.75, "clause": 0.7, "anaphora": 0.8, "partner": 0.75, "undergoer": 0.8,
            "authority": 0.7, "": 1.0}.get(how, 0.8)


def _mention_confidence(mention: ActorMention | Actor) -> float:
    if isinstance(mention, Actor):
        return 0.9
    return {"name": 1.0, "surname": 0.95, "unknown": 0.85, "title": 0.85, "counterpart": 0.85,
            "diplomat": 0.85, "pair": 0.8, "latter": 0.8, "collective": 0.85, "capital": 0.85, "pronoun": 0.8,
            "generic": 0.7}[mention.how]


def _is_passive(token: Token) -> bool:
    return any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ in ("aux:pass", "auxpass")
               for c in token.children) and not any(c.dep_ in AGENT_DEPS for c in token.children)


def _partner(ctx: DocumentContext, actor: Actor, index: int) -> Actor | None:
    """The other side of the last contact the actor took part in, told at most
    ``PARTNER_WINDOW`` sentences before."""
    for event in reversed(ctx.events):
        if event.evidence.sentence < index - PARTNER_WINDOW:
            return None
        if event.type != "CONSULT" or event.source is None or event.target is None:
            continue
        sides = (event.source, event.target)
        for mine, other in (sides, sides[::-1]):
            if mine.id == actor.id:
                return other
    return None


def _is_diplomat(mention: ActorMention | Actor) -> bool:
    return isinstance(mention, ActorMention) and mention.how == "diplomat"


def _summoning_state(ctx: DocumentContext, token: Token,
                     diplomat: ActorMention) -> Actor | None:
    """Who summoned or expelled a diplomat when a passive does not say: the state whose
    ministry or capital is named as the place ("convoqué au ministère chinois des Affaires
    étrangères", "summoned to the Foreign Office"), else the state he is posted to."""
    for child in token.children:
        if child.i in range(diplomat.start, diplomat.end) or child.dep_ in SUBJECT_DEPS \
                + PASSIVE_SUBJECT_DEPS:
            continue
        for node in child.subtree:
            mention = ctx.mention_at.get(node.i)
            if mention is None or mention.actor is None \
                    or case_of(node) not in LOCATIVE | DATIVE_OR_PLACE | {"to"}:
                continue
            actor = mention.actor
            if actor.kind not in ("state", "person") and actor.country:  # "to the Foreign Office"
                actor = ctx.gazetteer.state_by_code(actor.country) or actor
            if actor.kind == "state" and mention.how in ("collective", "capital", "name"):
                return actor
    return ctx.gazetteer.actors.get(diplomat.host) if diplomat.host else None


def _recent_authority(ctx: DocumentContext, sentence: Span) -> ActorMention | None:
    """The state authorities ("les autorités russes", "Pakistani police") named in this
    sentence or the one before: who arrests when a passive does not say."""
    sentences = list(ctx.doc.sents)
    index = next((i for i, s in enumerate(sentences) if s.start == sentence.start), 0)
    start = sentences[max(0, index - 1)].start
    found = [m for m in ctx.mentions if start <= m.start < sentence.end and m.how == "collective"]
    return found[-1] if found else None


def _other_targets(ctx: DocumentContext, targets: list, how: str,
                   date: PartialDate | None, source: Actor | None) -> tuple[Actor, ...]:
    """The other actors an act is aimed at: a plural pronoun's other side ("les", "the two
    sides"), or the other conjuncts of its object ("condamne la Russie et la Chine")."""
    first = targets[0]
    if isinstance(first, ActorMention) and first.how == "pair":
        return first.pair[1:]
    if how not in ("object", "verb-object"):
        return ()
    others = (_resolve(ctx, m, date, other=source) for m in targets[1:])
    return tuple(a for a in others if a is not None and (source is None or a.id != source.id))


def _author_of_told_event(ctx: DocumentContext, arg: Token,
                          sources: list) -> Actor | None:
    """"cette intervention", "this decision": an act the text told before; who did it is
    the one the act is aimed at (the author of the last event by someone else)."""
    if not _is_anaphoric(arg) or ffold(arg.lemma_) in ACCUSATION_WORDS:
        return None  # "ces accusations" are answered to the accusing side (see _event_at)
    own = [m.actor for m in sources if isinstance(m, ActorMention) and m.actor]
    own += [ctx.resolver.resolved[m.start] for m in sources if isinstance(m, ActorMention)
            and m.start in ctx.resolver.resolved]
    sides = {a.id for a in own} | {a.country for a in own if a.country}
    for event in reversed(ctx.events):
        author = event.source
        if author is not None and _is_generic(author):  # "des policiers équatoriens": Ecuador
            author = ctx.gazetteer.state_by_code(author.country) if author.country else None
        if author is not None and author.id not in sides and author.country not in sides:
            return author
    for event in reversed(ctx.events):  # no act by another told: the side ours acted against
        if event.source is not None and (event.source.id in sides or event.source.country in
                                         sides) and event.target is not None \
                and not _is_generic(event.target) and event.target.id not in sides:
            return event.target
    return None


def _same_to(event: Event, target: Actor) -> Event:
    """The same act toward another of its targets."""
    return replace(event, target=target, extra={k: v for k, v in event.extra.items()
                                                if k != "also_targets"})


def _condemned_attack(ctx: DocumentContext, token: Token) -> str | None:
    """The attack a condemnation is about ("denounced the attack on the embassy"), as text."""
    attack = _attack_object(ctx, token)
    return attack.text if attack is not None else None


def _attack_object(ctx: DocumentContext, token: Token) -> Token | None:
    """The attack or arrest a condemnation is about ("condamné l'arrestation de…")."""
    for child in token.children:
        if child.dep_ in OBJECT_DEPS and child.pos_ == "NOUN":
            trigger = ctx.trigger(child)
            if trigger is not None and trigger.type in ("ASSAULT", "COERCE"):
                return child
    return None


def _attackers(ctx: DocumentContext, token: Token) -> list[ActorMention]:
    """Who the condemned attack is by, when the phrase says it ("the assault by separatists",
    "l'attaque perpétrée par les chabab")."""
    attack = _attack_object(ctx, token)
    if attack is None:
        return []
    by = _prep_children(attack, ("by", "par"))
    if not _is_passive(token):  # the parser may hang "by the militias" on the verb
        by += _prep_children(token, ("by", "par"))
    for child in attack.children:
        if child.dep_ == "acl":  # "perpétrée par", "carried out by"
            by += [_agent_object(c) for c in child.children if c.dep_ in AGENT_DEPS]
    for arg in by:
        found = _arg_mentions(ctx, arg)
        if found:
            return found[:1]
    if ctx.trigger(attack).type == "COERCE":  # an arrest is the act of the state it happens in
        place = _place_of(ctx, attack)
        return [place] if place is not None else []
    return []


def _recalled_from(ctx: DocumentContext, mention: ActorMention | Actor) -> Actor | None:
    """The state an envoy serves in ("l'ambassadeur à Abuja"): recalling or expelling him
    is a sanction against it."""
    if not isinstance(mention, ActorMention) or mention.how != "diplomat" or not mention.host:
        return None
    return ctx.gazetteer.actors.get(mention.host)


def _object_is_accusation(token: Token) -> bool:
    return any(c.dep_ in OBJECT_DEPS and ffold(c.lemma_) in ACCUSATION_WORDS for c in token.children)


def _last_source(ctx: DocumentContext, event_type: str) -> Actor | None:
    for event in reversed(ctx.events):
        if event.type == event_type and event.source is not None:
            return event.source
    return None


# -- mode, date, initiative ------------------------------------------------------------------


def _mode(ctx: DocumentContext, token: Token, trigger: Trigger, sentence: Span) -> str | None:
    if trigger.mode:
        return trigger.mode
    cues = ctx.lexicon.modes.get(trigger.type, {})
    if not cues:
        return None
    near = [*token.subtree] if not trigger.nouns else [*token.subtree, *token.head.children]
    for t in near:
        mode = cues.get(ffold(t.lemma_)) or cues.get(ffold(t.text))
        if mode:
            return mode
    return None


def _cameo(trigger: Trigger, mode: str | None) -> str | None:
    if trigger.type == "CONSULT" and mode == "phone":
        return "041"
    if trigger.type == "CONSULT" and mode == "visit" and trigger.cameo not in ("042", "043"):
        return "042"
    return trigger.cameo


def _event_date(ctx: DocumentContext, sentence: Span, token: Token) -> tuple[PartialDate | None, bool]:
    """The date attached to the trigger; else the narrative time; else publication."""
    doc = ctx.doc
    in_sentence = [(m, v) for m, v in ctx.dates
                   if sentence.start_char <= m.start < sentence.end_char and not m.since and v]
    if in_sentence:
        own = {t.i for t in token.subtree}
        governors = {token.head.i} if _participle_clause(token) else set()
        other_triggers = {t.i for t in sentence if t.i != token.i and t.i not in governors
                          and ctx.trigger(t) is not None}
        blocked: set[int] = set()  # dates in another trigger's clause are that event's
        for i in other_triggers:
            blocked |= {t.i for t in doc[i].subtree}
        blocked -= own

        def score(item: tuple[DateMention, PartialDate]) -> tuple[int, int]:
            span = doc.char_span(item[0].start, item[0].end, alignment_mode="expand")
            indices = {t.i for t in span} if span is not None else set()
            inside = bool(indices & own) and not indices & blocked  # blocked excludes own
            elsewhere = bool(indices & blocked)
            distance = min((abs(i - token.i) for i in indices), default=99)
            return (0 if inside else 2 if elsewhere else 1, distance)

        best = min(in_sentence, key=score)
        if score(best)[0] < 2:
            return best[1], True
    if _is_anaphoric(token) or _is_pluperfect(token):
        earlier = [v for m, v in ctx.dates if m.end <= sentence.start_char and v and not m.since]
        if earlier and (ctx.published is None or earlier[-1] <= ctx.published):
            value = earlier[-1]
            return (value if _is_anaphoric(token) else value.coarsen("month")), True
    return ctx.published, False


def _participle_clause(token: Token) -> bool:
    """"cut ties yesterday, accusing…": a participle clause happens when its verb does."""
    return token.dep_ in ("advcl", "conj", "xcomp") and token.head.pos_ in ("VERB", "AUX") and (
        token.tag_ == "VBG" or "Ger" in token.morph.get("VerbForm")
        or "Part" in token.morph.get("VerbForm") and "Pres" in token.morph.get("Tense"))


def _is_anaphoric(token: Token) -> bool:
    """"cette attaque", "this call": a noun that points back to an event already told."""
    return token.pos_ == "NOUN" and any(
        c.dep_ == "det" and ffold(c.text) in DEMONSTRATIVES for c in token.children)


def _is_pluperfect(token: Token) -> bool:
    """"avait déclaré", "had warned": the narrative has stepped back before the report."""
    reporting = [c for c in token.children if c.dep_ == "parataxis"]
    for node in [*_clause_chain(token, 3), *reporting]:
        for child in node.children:
            if child.dep_.startswith("aux") and (
                    "Imp" in child.morph.get("Tense") and ffold(child.lemma_) in ("avoir", "etre")
                    or ffold(child.text) == "had"):
                return True
    return False


def _initiator(ctx: DocumentContext, sentence: Span, event: Event) -> Actor | None:
    if event.type != "CONSULT":
        return None
    words = INITIATIVE_WORDS.get(ctx.document.lang, ())
    for token in sentence:
        if ffold(token.text) not in words:
            continue
        for child in token.children:
            found = _mentions_under(ctx, child)
            if found:
                return _resolve(ctx, found[0], event.date)
        for mention in ctx.mentions:  # "at Paris's initiative", "à l'initiative de Paris"
            if 0 < token.i - mention.end + 1 <= 2 or 0 < mention.start - token.i <= 2:
                return _resolve(ctx, mention, event.date)
    return None


def _takes_part(actor: Actor, event: Event) -> bool:
    return any(p is not None and (p.id == actor.id or actor.kind == "state"
                                  and p.country == actor.country)
               for p in (event.source, event.target))


def _set_initiator(event: Event, initiator: Actor) -> None:
    """The participant who took the initiative is the source of the contact."""
    chosen = initiator
    for participant in (event.source, event.target):
        if participant is None:
            continue
        if participant.id == initiator.id or (initiator.kind == "state"
                                               and participant.country == initiator.country):
            chosen = participant
    event.initiator = chosen
    if event.target is not None and event.target.id == chosen.id:
        event.source, event.target = event.target, event.source


def _refers_to_contact(lexicon: Lexicon, token: Token) -> bool:
    return any(t.type == "CONSULT" and t.nouns
               for t in lexicon.candidates(token.lemma_, token.text))


def _enrich_previous(ctx: DocumentContext, sentence: Span, token: Token) -> None:
    """"Cette conversation s'est tenue à l'initiative de Paris": news about the last contact."""
    contacts = [e for e in reversed(ctx.events) if e.type == "CONSULT"]
    if not contacts:
        return
    contacts.sort(key=lambda e: e.historical)  # the story's own contact before past ones
    previous = contacts[0]
    initiator = _initiator(ctx, sentence, previous)
    if initiator is not None:
        previous = next((e for e in contacts if _takes_part(initiator, e)), previous)
        _set_initiator(previous, initiator)
    if previous.mode is None:
        cues = ctx.lexicon.modes.get("CONSULT", {})
        previous.mode = next((cues[ffold(t.lemma_)] for t in token.subtree
                              if ffold(t.lemma_) in cues), None)
        previous.cameo = "041" if previous.mode == "phone" else previous.cameo


# -- one event, many mentions -------------------------------------------------------------------


def merge_events(events: list[Event]) -> list[Event]:
    """Merge what one text reports twice: same type and actors, compatible dates."""
    merged: list[Event] = []
    for event in events:
        twin = next((m for m in merged if _same_event(m, event) or _same_attack(m, event)), None)
        if twin is None:
            merged.append(event)
            continue
        for side in ("source", "target"):  # a named actor is better than "des hommes armés"
            mine, theirs = getattr(twin, side), getattr(event, side)
            if theirs is not None and (mine is None or _is_generic(mine) and not _is_generic(theirs)):
                setattr(twin, side, theirs)
        if not twin.extra.get("date_explicit") and event.extra.get("date_explicit"):
            twin.date, twin.historical = event.date, event.historical
            twin.extra["date_explicit"] = True
        twin.confidence = round(min(0.99, max(twin.confidence, event.confidence) + 0.03), 3)
        twin.mode = twin.mode or event.mode
        twin.initiator = twin.initiator or event.initiator
        twin.claims_since = twin.claims_since or event.claims_since
        twin.extra.setdefault("more_evidence", []).extend(
            [event.evidence, *event.extra.get("more_evidence", ())])
    return merged


def _is_generic(actor: Actor) -> bool:
    """An actor made from a plain noun phrase, not from the gazetteer or a person's name."""
    return actor.id.startswith(GENERIC_PREFIX)


def _same_attack(a: Event, b: Event) -> bool:
    """One attack told twice: "des hommes armés ont tiré sur la foule" on the same day as
    "l'attentat revendiqué par l'EI", or "100 people were killed" just after it."""
    if a.type != b.type or a.type not in ("ASSAULT",):
        return False
    vague = any(x is None or _is_generic(x) for x in (a.source, a.target, b.source, b.target))
    if not vague:
        return False
    explicit = a.extra.get("date_explicit") and b.extra.get("date_explicit")
    if explicit and a.date and b.date:
        return a.date.precision == "day" and a.date == b.date
    told = [a.evidence, *a.extra.get("more_evidence", ())]
    near = any(abs(e.sentence - b.evidence.sentence) <= 1 for e in told)
    return near and (b.source is None or a.source is None) and not (
        b.extra.get("date_explicit") and a.extra.get("date_explicit"))


def _continues(a: Event, b: Event) -> bool:
    """"l'attentat de Moscou revendiqué par l'EI" then "cette attaque": one side unnamed."""
    if a.type != b.type:
        return False
    same_source = a.source is not None and b.source is not None and a.source.id == b.source.id
    same_target = a.target is not None and b.target is not None and a.target.id == b.target.id
    return (same_source and (a.target is None or b.target is None)
            or same_target and (a.source is None or b.source is None))


def _key(event: Event) -> tuple:
    ids = [a.id if a else "" for a in (event.source, event.target)]
    return (event.type, tuple(sorted(ids)) if event.type == "CONSULT" else tuple(ids))


def _same_event(a: Event, b: Event) -> bool:
    if _key(a) != _key(b) and not _continues(a, b):
        return False
    if a.date is None or b.date is None:
        return True
    if not a.extra.get("date_explicit") or not b.extra.get("date_explicit"):
        return True
    return a.date.agrees_with(b.date)
