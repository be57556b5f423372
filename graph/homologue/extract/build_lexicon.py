"""Build the English CAMEO trigger lexicon (``lexicons/en-cameo.yaml``) from PETRARCH's verb
dictionary and the CAMEO → PLOVER conversion table.

Usage: ``python -m homologue.extract.build_lexicon DIR [-o OUT]`` where DIR holds
``CAMEO.verbpatterns.150430.txt`` and ``cameo2plover.txt``.

The PETRARCH dictionary (see its header and PETRARCH's ``read_verb_dictionary``):

- synonym sets: a line ``&NAME`` followed by ``+WORD`` lines up to a blank line;
- verb blocks: ``--- NAME [code] ---`` (or ``--- NAME ###``: no code of its own), then the
  verbs of the block one a line (``WORD {irregular forms} [code]``, a ``[code]`` of the verb's
  own overriding the block's), then patterns ``- words * words [code] # comment`` where ``*``
  is the verb, ``+`` the target, ``$`` the source, ``^`` a skipped phrase, ``%`` a compound
  actor and ``&NAME`` any word of a synonym set; ``[a:b]`` codes give the event and its reverse
  (the first is kept); ``[---]`` means "not an event";
- multiword verbs: ``+GUN_DOWN`` (the verb is the first word, the others its particles),
  ``RE_+ARREST`` (a prefix joined to the verb: "rearrest").

What becomes a trigger:

- every verb whose default code (its own or its block's) maps to a PLOVER type gives a plain
  entry, grouped by (type, mode, cameo); verbs too general to signal an event on their own
  ("want", "give", "take", "die"...; see GENERAL_VERBS and GENERAL_BLOCKS) and words the hand
  lexicon already lists for the same type (whose conditions must not be bypassed) get none;
- a pattern whose code differs from the verb's default and has no word before the verb
  (words before ``*`` encode modality, negation or a subject: the engine handles those
  itself) gives an entry for the block's single-word verbs that ``requires`` the first
  content word after the verb (or any word of its synonym set); cue words that lead to two
  different types in one block are dropped;
- a multiword verb gives an entry for its first word that requires its particles;
- targets: the direct object, then the prepositions that stand before ``+`` in the block's
  patterns (against, to, with, on, from...), most frequent first.

Codes are mapped with ``cameo2plover.txt``, exact code first, then its three-digit parent.
Codes the table does not list are dropped: the whole of CAMEO 01 (public statements) and 02
(appeals), which PLOVER does not code as events; the table says so by leaving them out. The
project's own choices win over the table where they differ (they are the hand lexicon's):
163 sanctions are SANCTION/discontinue (the PLOVER manual's SANCTION section; the 2021 table
says COERCE/restrict), 112 is ACCUSE/allege and 114 (official complaints, summoning an
ambassador) ACCUSE/disapprove, 057 signing an agreement is AGREE, and 015 claims of
responsibility are the project's CLAIM (only from cued patterns: "claim responsibility"). The
table's older mode names are renamed to the project's (demo → demonstrate, assassinate and
massacre → targeted); 044 "third-party" is left unmoded as the hand lexicon does.

Nominal triggers: NOUNS below lists common nominalisations (summons, expulsion, recall,
severance of ties, ban, freeze, pledge, warning, seizure...) with their prepositions and cues;
those the hand lexicon already has as nouns are skipped.

The output is deterministic: entries sorted by type order, cameo, then words.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DICTIONARY = "CAMEO.verbpatterns.150430.txt"
TABLE = "cameo2plover.txt"
HERE = Path(__file__).resolve().parent / "lexicons"

TYPE_ORDER = ("CONSULT", "AGREE", "SUPPORT", "COOPERATE", "AID", "REQUEST", "ACCUSE", "REJECT",
              "THREATEN", "PROTEST", "SANCTION", "COERCE", "ASSAULT", "CLAIM", "MOBILIZE",
              "CONCEDE", "RETREAT")

# The project's choices where they differ from the 2021 table (see the module docstring).
OVERRIDES: dict[str, tuple[str, str | None]] = {
    "163": ("SANCTION", "discontinue"),
    "112": ("ACCUSE", "allege"),
    "114": ("ACCUSE", "disapprove"),
    "057": ("AGREE", None),
    "015": ("CLAIM", None),
}
MODE_NAMES = {"demo": "demonstrate", "assassinate": "targeted", "massacre": "targeted",
              "third-party": None}
CUE_ONLY_CODES = frozenset(("015",))  # only from patterns with a cue word, never a default

# Blocks whose default code does not hold for their verbs taken alone.
GENERAL_BLOCKS = frozenset((
    "ABANDON", "DELAY", "ENGAGE", "ASSEMBLE", "MERGE", "LINK", "DISTURB", "PROVOKE",
    "OVERSEE_MANAGE", "BOOST", "FACILITATE", "ENCOURAGE", "FAVOR", "GRANT", "COMPROMISE",
    "RETREAT", "RELEASE", "OFFEND", "INSPECT", "ENACT", "CONSIDER", "CONSPIRE", "INTEND",
    "COORDINATE", "EXTRACT", "STABILISE", "ALLOW", "DISCLOSE", "NOTIFY", "INFLUENCE", "TRADE",
    "DISRUPT", "DISMAY", "PURCHASE", "LAMENT", "CURSE", "IMPOSE", "INTRODUCE", "INTERVENE",
    "SUBMIT", "INVITE", "ARRIVE", "REVIVE", "HEAR", "RE_ADMIT", "ENLIST", "ABSTAIN", "AGREE",
    "APPRECIATE", "BETRAY", "BLESS", "CABLE", "DECLASSIFY", "DIE", "DISASSOCIATE", "DISGRACE",
    "ENDANGER", "FORMALIZE", "IMPORT", "LEGALISE", "LEGITIMISE", "LOOSEN", "REASSERT",
    "REGRET", "REJOICE", "RESPECT", "RIP", "SECEDE", "SIGNAL", "SPY", "UNBLOCK", "UNDERMINE",
    "ABSOLVE", "PARADE", "EXPLAIN_VERBAL", "DECREE", "CIRCULATE", "OBSERVE", "ESTIMATE",
    "PREDICT", "QUOTE", "REPEAT", "EMPHASIZE", "BROADCAST", "IMPEL", "PROBE", "COLLABORATE",
    "AID", "FINANCE", "MOBILIZE", "WARN", "ALLEGE", "ALLOCATE",
))
# Verbs too general (or too often something else) to trigger on their own, in any block.
GENERAL_VERBS = frozenset((
    "want", "need", "necessitate", "bid", "campaign", "crusade", "push", "conflict", "duel",
    "pit", "match", "quarrel", "altercate", "hammer", "clobber", "struggle", "hit", "strike",
    "disagree", "dissent", "contradict", "dispute", "contend", "compete", "counterbalance",
    "contrast", "contest", "challenge", "differ", "debate", "argue", "refute", "counter",
    "contravene", "wrangle", "encounter", "confront", "face", "brave", "interact", "explode",
    "blow", "fire", "blast", "utter", "verbalize", "verbalise", "depart", "go", "embark",
    "attend", "leave", "egress", "cane", "flog", "lecture", "break", "ruin", "bust", "smash",
    "desolate", "ravish", "shatter", "defeat", "beat", "overwhelm", "dominate", "subjugate",
    "overshadow", "overcome", "surmount", "master", "best", "overpower", "overtake", "disarm",
    "hurt", "harm", "damage", "contaminate", "corrupt", "crack", "mar", "tarnish", "tear",
    "spoil", "suffer", "bruise", "rip", "impair", "vitiate", "injured", "bow", "succumb",
    "yield", "take", "catch", "grab", "snatch", "appropriate", "pirate", "overturn",
    "subvert", "revolutionize", "revolutionise", "usurp", "hang", "curb", "restrain",
    "moderate", "constrain", "slight", "comb", "sweep", "dig", "unearth", "mine", "rake", "scan",
    "skim", "ensure", "certify", "vouch", "clap", "greet", "commemorate", "admire", "toast",
    "honor", "honour", "reward", "respect", "celebrate", "recognise", "recognize",
    "subscribe", "enclose", "cage", "hold", "contain", "withhold", "restrict", "exclude",
    "segregate", "bar", "shun", "block", "remove", "oust", "concert", "associate", "attire",
    "furnish", "gear", "outfit", "stock", "render", "tender", "caution", "circle", "ring",
    "infest", "inhabit", "reside", "aim", "thump", "ram", "dishonor", "dishonour", "trample",
    "excuse", "crucify", "tax", "override", "acknowledge", "claim", "aver", "avow", "swear",
    "promote", "advertise", "prefer", "lash", "deal", "barter", "haggle", "volunteer",
    "release", "summon", "touring", "decree", "compensate", "monitor", "search", "dismiss",
    "backlash", "despair", "defect", "breach", "concession", "bargain", "reinstate", "rejoice",
    "advertize", "affirm", "comply", "kick", "disband", "betray", "wrestle", "spy", "steal",
    "combat", "destroy", "patrol", "glorify", "exalt",
))
# Blocks whose patterns are not taken (verbs of saying, seeing, thinking: their cue words sit
# in the reported clause, not on the verb).
PATTERN_SKIP_BLOCKS = frozenset(("OBSERVE", "ESTIMATE", "PREDICT", "KNOW", "BELIEVE", "APPEAR",
                                 "MAKE", "CONTINUE", "HEAR", "CONSIDER", "DISTRUST", "DISCOVER"))

FUNCTION_WORDS = frozenset((
    "to", "the", "a", "an", "of", "for", "with", "on", "in", "at", "by", "from", "against",
    "and", "or", "its", "their", "his", "her", "not", "no", "that", "this", "these", "those",
    "it", "they", "he", "she", "we", "them", "him", "is", "are", "was", "were", "be", "been",
    "has", "have", "had", "will", "would", "as", "into", "over", "up", "out", "down", "off",
    "about", "all", "more", "new", "any", "some", "own", "after", "before", "there", "which",
    "who", "what", "s", "t", "de", "than", "such", "also", "so", "if",
))
# Cue words too common to tell one event from another.
WEAK_CUES = frozenset((
    "law", "laws", "bill", "report", "reports", "statement", "plan", "issue", "issues", "case",
    "time", "way", "end", "air", "power", "home", "house", "land", "back", "hand", "world",
    "work", "place", "early", "free", "key", "civil", "sharp", "bitter", "bitterly", "possible",
    "tough", "capital", "four", "went", "open", "list", "set", "put", "give", "keep", "result",
    "answer", "decision", "effort", "role", "step", "steps", "move", "moves", "action", "part",
    "center", "centre", "city", "town", "people", "government", "forces", "force", "police",
    "measures", "measure", "warrant", "warrants",
))
# Synonym sets naming actors or places: they stand anywhere in a sentence, not as a cue.
ACTOR_SETS = frozenset(("PEOPLE", "TOWN", "SOLUTION", "SUSPECT", "OPPOSITION", "NEGOTIATOR",
                        "PREPOSIT1", "PREPOSIT", "CAR", "STRONGHOLD", "MILITARY", "SECURITY",
                        "PKO", "DEFENSE"))
TARGET_PREPOSITIONS = ("against", "to", "with", "on", "from", "into", "toward", "towards",
                       "over", "at", "between", "for", "upon")


@dataclass
class Block:
    name: str
    code: str | None
    verbs: list[tuple[str, str | None, bool]] = field(default_factory=list)  # word, code, multi
    # (words before the verb, words after it, code, verb the pattern was found with)
    patterns: list[tuple[list[str], list[str], str | None, str]] = field(default_factory=list)


# -- reading -------------------------------------------------------------------------------------


def _code(text: str) -> str | None:
    """``[042:043]`` → 042; ``[---]`` → None."""
    found = re.search(r"\[([^\]]*)\]", text)
    if not found:
        return None
    code = found.group(1).split(":")[0].strip()
    return code if code and not code.startswith("-") else None


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def read_dictionary(text: str) -> tuple[dict[str, list[str]], list[Block]]:
    """Synonym sets (name → words, lower case, ``_`` → space) and verb blocks."""
    synonyms: dict[str, list[str]] = {}
    blocks: list[Block] = []
    current_set: str | None = None
    block: Block | None = None
    in_verbs = False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("####### VERB PATTERNS"):
            in_verbs, current_set = True, None
            continue
        if not in_verbs:
            if not line or line.startswith("#"):
                if not line:
                    current_set = None
                continue
            if line.startswith("&"):
                current_set = _strip_comment(line)[1:].strip().rstrip("_").upper()
                synonyms[current_set] = []
            elif line.startswith("+") and current_set is not None:
                word = _strip_comment(line)[1:].strip().rstrip("_")
                if word:
                    synonyms[current_set].append(word.lower().replace("_", " "))
            continue
        if line.startswith("---"):
            header = re.match(r"---\s*([A-Z_\-]+)\s*(\[[^\]]*\])?", line)
            if header:
                block = Block(header.group(1).rstrip("_"),
                              _code(header.group(2)) if header.group(2) else None)
                blocks.append(block)
            continue
        if block is None or not line or line.startswith("#"):
            continue
        if line.startswith("-"):
            comment = line.split("#", 1)[1].split() if "#" in line else []
            found_in = re.sub(r"[^A-Za-z]", "", comment[0]).lower() if comment else ""
            body = _strip_comment(line[1:])
            code_text = re.search(r"\[[^\]]*\]", body)
            if not code_text or "*" not in body:
                continue
            words = body[:code_text.start()].split()
            if "*" not in words:
                continue  # "*_UP", "NOT_*": forms glued to the verb
            star = words.index("*")
            block.patterns.append((words[:star], words[star + 1:], _code(code_text.group(0)),
                                   found_in))
            continue
        body = _strip_comment(line)
        body = re.sub(r"\{[^}]*\}", " ", body)
        own = _code(body) if "[" in body else None
        word = re.sub(r"\[[^\]]*\]", " ", body).split()
        if not word:
            continue
        token = word[0].rstrip("_")
        multi = "_" in token or token.startswith("+")
        block.verbs.append((token, own, multi))
    return synonyms, blocks


def read_table(text: str) -> dict[str, tuple[str, str | None]]:
    """CAMEO code → (PLOVER type, mode), the project's overrides applied."""
    table: dict[str, tuple[str, str | None]] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        match = re.match(r"^(\d{2,4}):\s*(.*)$", line)
        if not match:
            continue
        code, rest = match.groups()
        parts = [p.strip() for p in rest.split(",")]
        if len(code) < 3 or not parts or not parts[0]:
            continue  # "03: AGREE" root headings
        mode = parts[1] if len(parts) > 1 and parts[1] else None
        mode = MODE_NAMES.get(mode, mode) if mode else None
        table.setdefault(code, (parts[0], mode))
    table.update(OVERRIDES)
    return table


def plover(code: str | None, table: dict[str, tuple[str, str | None]]) -> tuple[str, str | None] | None:
    if not code:
        return None
    return table.get(code) or table.get(code[:3])


# -- words ---------------------------------------------------------------------------------------


def verb_words(token: str) -> tuple[str, list[str]]:
    """A dictionary verb as (lemma, particles): ``+GUN_DOWN`` → (gun, [down]),
    ``RE_+ARREST`` → (rearrest, [])."""
    token = token.lower()
    if "_+" in token:
        return token.replace("_+", "").replace("_", ""), []
    parts = [p for p in token.lstrip("+").split("_") if p]
    return parts[0], parts[1:]


MAX_PATTERN_WORDS = 3


def cue_words(words: list[str], synonyms: dict[str, list[str]]) -> list[str]:
    """The word right after the verb in a short pattern ("* SANCTIONS AGAINST +": sanctions),
    or the words of its synonym set; a lone preposition before the target ("* WITH +") is a
    cue of its own. Longer patterns describe whole phrases, not the verb's object: none."""
    content = [w for w in words if w not in ("+", "$", "^", "%") and w]
    if not content or len(content) > MAX_PATTERN_WORDS:
        return []
    if len(content) == 1 and content[0].lower() in TARGET_PREPOSITIONS and "+" in words:
        return [content[0].lower()]
    # the noun phrase right after the verb: its words up to a function word or a marker; its
    # last word is its head ("* SHARP CRITICISM OF +": criticism)
    run: list[str] = []
    for word in words:
        if word in ("+", "$", "^", "%") or word.lower() in FUNCTION_WORDS:
            if run or word.lower() in FUNCTION_WORDS:
                break  # a function word first ("TO RENOUNCE"): a phrase, not an object
            continue
        run.append(word)
    if not run:
        return []
    head = run[-1]
    if head.startswith("&"):
        name = head[1:].rstrip("_").upper()
        if name in ACTOR_SETS:
            return []
        # single words only: the engine looks for a cue of several words anywhere in the
        # sentence ("special forces"), too far from the verb for a set of forty
        return sorted({w for w in synonyms.get(name, ()) if len(w) > 2 and " " not in w}
                      - WEAK_CUES)
    parts = [p for p in head.lower().strip("_").split("_") if p and p not in FUNCTION_WORDS]
    if not parts or not all(re.fullmatch(r"[a-z][a-z\-']*", p) for p in parts) \
            or len(parts[-1]) < 3:
        return []
    cue = " ".join(parts)
    return [] if cue in WEAK_CUES else [cue]


def pattern_prepositions(after: list[str]) -> list[str]:
    """Prepositions standing just before the target marker: "WITH +" → with; "* +" → obj."""
    found = []
    for i, word in enumerate(after):
        if word != "+":
            continue
        before = after[i - 1].lower() if i else "*"
        if before == "*" or i == 0:
            found.append("obj")
        elif before in TARGET_PREPOSITIONS:
            found.append(before)
    return found


# -- building ------------------------------------------------------------------------------------


@dataclass
class Entry:
    type: str
    mode: str | None
    cameo: str
    words: set[str] = field(default_factory=set)
    targets: Counter = field(default_factory=Counter)
    requires: set[str] = field(default_factory=set)
    nouns: bool = False
    source: tuple[str, ...] = ()
    requires_head: set[str] = field(default_factory=set)
    symmetric: bool = False

    def as_yaml(self) -> dict:
        out: dict = {"type": self.type}
        if self.mode:
            out["mode"] = self.mode
        out["cameo"] = self.cameo
        out["words"] = sorted(self.words)
        if self.nouns:
            out["nouns"] = True
        preps = sorted((t for t in self.targets if t != "obj"), key=lambda t: (-self.targets[t], t))
        target = (["obj"] if "obj" in self.targets or not self.nouns else []) + preps
        if "to" in target:  # the parser marks a recipient's "to" as dative, not prep
            target.insert(target.index("to") + 1, "dative")
        out["target"] = target
        if self.source:
            out["source"] = list(self.source)
        if self.requires:
            out["requires"] = sorted(self.requires)
        if self.requires_head:
            out["requires_head"] = sorted(self.requires_head)
        if self.symmetric:
            out["symmetric"] = True
        return out


SYMMETRIC_CODES = frozenset(("040", "041", "044", "046", "062", "057"))


def _hand_words(hand: dict | None) -> tuple[set[tuple[str, str]], set[str]]:
    """(word, type) pairs of the hand lexicon's verb entries, and its noun words."""
    verbs: set[tuple[str, str]] = set()
    nouns: set[str] = set()
    for entry in (hand or {}).get("triggers", ()):
        for word in entry["words"]:
            if entry.get("nouns"):
                nouns.add(str(word).lower())
            else:
                verbs.add((str(word).lower(), entry["type"]))
    return verbs, nouns


def build(dictionary_text: str, table_text: str, hand: dict | None = None) -> list[dict]:
    """The trigger entries (YAML mappings): cued entries first, then plain ones, then nouns."""
    synonyms, blocks = read_dictionary(dictionary_text)
    table = read_table(table_text)
    hand_verbs, hand_nouns = _hand_words(hand)
    # verbs of saying: a cue word after them sits in what is said, not on the verb
    speech = {str(w).lower() for w in (hand or {}).get("speech_verbs", ())}
    plain: dict[tuple, Entry] = {}
    cued: dict[tuple, Entry] = {}
    for block in blocks:
        block_preps = Counter(p for _, after, _, _ in block.patterns
                              for p in pattern_prepositions(after))
        singles = []
        for token, own, multi in block.verbs:
            lemma, particles = verb_words(token)
            if not re.fullmatch(r"[a-z][a-z\-]*", lemma):
                continue
            code = own or block.code
            mapped = plover(code, table)
            if not particles:
                singles.append((lemma, code))
            if mapped is None or code in CUE_ONLY_CODES:
                continue
            if particles:
                if lemma in GENERAL_VERBS and block.name in GENERAL_BLOCKS:
                    continue
                key = (*mapped, code, lemma, tuple(particles))
                entry = cued.setdefault(key, Entry(mapped[0], mapped[1], code))
                entry.words.add(lemma)
                entry.requires.update(particles[-1:] if particles[0] in FUNCTION_WORDS
                                      and len(particles) > 1 else particles[:1])
                entry.targets.update(block_preps or Counter(["obj"]))
                entry.targets["obj"] += 1
                continue
            if (own is None and block.name in GENERAL_BLOCKS) or lemma in GENERAL_VERBS \
                    or lemma in {w for w, _ in hand_verbs}:
                continue
            key = (*mapped, code)
            entry = plain.setdefault(key, Entry(mapped[0], mapped[1], code))
            entry.words.add(lemma)
            entry.targets.update(block_preps)
            entry.targets["obj"] += 1
        if block.name in PATTERN_SKIP_BLOCKS or not singles:
            continue
        by_cue: dict[tuple[str, str], set[tuple]] = defaultdict(set)
        preps_by_code: dict[str, Counter] = defaultdict(Counter)
        lemmas = {lemma for lemma, _ in singles}
        for before, after, code, found_in in block.patterns:
            if any(w not in ("$", "+", "^", "%") for w in before):
                continue
            mapped = plover(code, table)
            if mapped is None:
                continue
            # the pattern holds for the verb it was written for (its comment names it);
            # PETRARCH applies it to the whole block, too loose for a cue of one word
            verb = found_in if found_in in lemmas else ""
            for cue in cue_words(after, synonyms):
                by_cue[(verb, cue)].add((*mapped, code))
            preps_by_code[code].update(pattern_prepositions(after))
        for (verb, cue), keys in sorted(by_cue.items()):
            if len({k[0] for k in keys}) > 1:
                continue  # one cue, two types: not a cue
            type_, mode, code = min(keys, key=lambda k: k[2])
            words = frozenset(lemma for lemma, default in singles
                              if default != code and (not verb or lemma == verb)
                              and lemma not in speech)
            if not words:
                continue
            entry = cued.setdefault((type_, mode, code, words), Entry(type_, mode, code))
            entry.words.update(words)
            entry.requires.add(cue)
            entry.targets.update(preps_by_code[code])
            entry.targets["obj"] += 1
    nouns = _noun_entries(table, hand_nouns)
    order = {t: i for i, t in enumerate(TYPE_ORDER)}

    def key(entry: Entry) -> tuple:
        return (order.get(entry.type, 99), entry.cameo, sorted(entry.words), sorted(entry.requires))

    out = [e for e in sorted(cued.values(), key=key)] + sorted(plain.values(), key=key)
    for entry in out:
        if entry.cameo in SYMMETRIC_CODES and entry.type == "CONSULT":
            entry.symmetric = True
    return [e.as_yaml() for e in out] + [e.as_yaml() for e in nouns]


# Nominalisations: (words, cameo, target prepositions, source prepositions, requires,
# requires_head). Source: from the listed prepositions, else the governing verb's subject.
DIPLOMATS = ["ambassador", "ambassadors", "envoy", "envoys", "diplomat", "diplomats",
             "charge", "chargé", "attache", "attaché", "consul"]
NOUNS: list[tuple[list[str], str, list[str], list[str], list[str], list[str]]] = [
    (["summons", "summoning"], "114", ["of"], ["by"], DIPLOMATS, []),
    (["expulsion", "expulsions"], "166", ["of", "from"], ["by"], DIPLOMATS, []),
    (["recall"], "161", ["from", "to"], ["by"], DIPLOMATS, []),
    (["severance", "severing", "rupture", "break", "breaking", "downgrade", "downgrading"],
     "161", ["with", "between"], ["by"], ["ties", "relations"], []),
    (["expulsion", "deportation", "extradition"], "174", ["of"], ["by"], ["of"], []),
    (["ban"], "172", ["on", "against"], ["by"], ["on", "against"], []),
    (["blockade"], "191", ["of", "on", "against"], ["by"], [], []),
    (["freeze", "suspension", "halt"], "162", ["to", "with", "for"], ["by"],
     ["aid", "assistance", "assets", "funding", "funds", "ties", "relations", "cooperation",
      "talks", "loans"], []),
    (["pledge", "promise", "offer"], "031", ["to"], ["by"], ["to"], []),
    (["warning", "warnings"], "130", ["to", "against"], ["by"], ["to", "against"], []),
    (["seizure", "confiscation"], "1711", ["of"], ["by"], ["of"], []),
    (["occupation", "annexation"], "192", ["of"], ["by"], ["of"], []),
    (["boycott"], "143", ["of", "against"], ["by"], ["of", "against"], []),
    (["donation", "donations", "grant", "loan"], "071", ["to", "for"], ["by", "from"],
     ["to", "for"], []),
    (["rebuke", "censure", "reprimand", "denunciation"], "111", ["of", "against"], ["by"],
     ["of", "against"], []),
    (["assassination", "murder", "killing", "execution"], "186", ["of"], ["by"], ["of"], []),
    (["kidnapping", "abduction"], "181", ["of"], ["by"], ["of"], []),
    (["deployment", "buildup"], "150", ["to", "near", "along", "in"], ["by"],
     ["troops", "soldiers", "forces", "military", "army"], []),
    (["withdrawal", "pullout", "retreat"], "087", ["from"], ["by", "of"],
     ["troops", "soldiers", "forces", "military", "army"], []),
    (["release"], "080", ["to"], ["by"], ["prisoner", "prisoners", "hostage", "hostages",
                                         "detainees", "captives"], []),
    (["praise"], "051", ["for"], ["by", "from"], ["for"], []),
    (["endorsement", "recognition"], "051", ["of"], ["by"], ["of"], []),
    (["apology", "apologies"], "051", ["to"], ["by", "from"], ["to"], []),
    (["investigation", "probe", "inquiry"], "090", ["into", "of"], ["by"], ["into"], []),
    (["mediation"], "045", ["between"], ["by"], ["between"], []),
    (["invasion"], "190", ["of"], ["by"], [], []),
    (["protests", "demonstrations"], "141", ["against", "outside"], ["by"],
     ["against", "outside"], []),
]


def _noun_entries(table: dict[str, tuple[str, str | None]], hand_nouns: set[str]) -> list[Entry]:
    out = []
    for words, code, targets, sources, requires, heads in NOUNS:
        kept = {w for w in words if w not in hand_nouns}
        mapped = plover(code, table)
        if not kept or mapped is None:
            continue
        entry = Entry(mapped[0], mapped[1], code, words=kept, nouns=True,
                      targets=Counter({t: len(targets) - i for i, t in enumerate(targets)}),
                      requires=set(requires), source=tuple(sources), requires_head=set(heads))
        out.append(entry)
    return out


HEADER = """\
# English triggers built from PETRARCH's CAMEO verb dictionary (CAMEO.verbpatterns.150430,
# MIT licence, Open Event Data Alliance) and the CAMEO → PLOVER table (openeventdata/PLOVER,
# CC BY-SA 4.0) by `python -m homologue.extract.build_lexicon /work/shared/data/training`
# (`make lexicon`). Do not edit by hand: change build_lexicon.py and rebuild. en.yaml, the hand
# lexicon, is read first and wins: an entry here counts only where no hand entry matches.
# Format: see fr.yaml. Entries that require a cue come before the plain ones of the same
# words (the first matching entry of a word wins); the nominal triggers come last.
"""


def render(entries: list[dict]) -> str:
    lines = [HEADER, "language: en", "", "triggers:"]
    for entry in entries:
        lines.append("  - " + yaml.safe_dump(entry, default_flow_style=True, allow_unicode=True,
                                            sort_keys=False, width=100000).strip())
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help=f"folder holding {DICTIONARY} and {TABLE}")
    parser.add_argument("-o", "--output", type=Path, default=HERE / "en-cameo.yaml")
    parser.add_argument("--hand", type=Path, default=HERE / "en.yaml",
                        help="hand lexicon whose words keep their own conditions")
    args = parser.parse_args(argv)
    dictionary = (args.directory / DICTIONARY).read_text(encoding="utf-8", errors="replace")
    table = (args.directory / TABLE).read_text(encoding="utf-8")
    hand = yaml.safe_load(args.hand.read_text(encoding="utf-8")) if args.hand.exists() else None
    entries = build(dictionary, table, hand)
    args.output.write_text(render(entries), encoding="utf-8")
    counts = Counter(e["type"] for e in entries)
    print(f"{args.output}: {len(entries)} entries, "
          + ", ".join(f"{t} {counts[t]}" for t in TYPE_ORDER if counts[t]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
