"""Word lists the attribution rules read: speech verbs, pronouns, role and organisation nouns.

Written for news in general: the verbs journalists use to attribute speech, the titles that
stand before a name, and the nouns that name an organisation or a document.
"""

from __future__ import annotations

import re

# Verbs of saying (not of believing: "analysts believe" is not a quote).
_REGULAR = (
    "add admit announce answer argue assert caution claim comment complain concede confirm "
    "contend declare deny emphasise emphasize estimate explain insist joke maintain mention note "
    "observe post predict promise propose recall remark repeat reply respond reveal say state stress "
    "suggest testify tweet urge vow warn acknowledge allege agree continue conclude ask quip "
    "specify clarify advise reiterate counter retort lament boast pledge assure disclose "
    "recount demand report shout yell speculate muse recommend theorise theorize share"
).split()
_IRREGULAR = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "point": ("pointed", "points", "pointing"),  # "pointed out"
    "begin": ("began", "begins"),  # only right after a quote: '"...," began Thane Rehn'
    "according": ("according",),
    "read": ("read", "reads"),  # only right after a quote: '"...," the statement read'
    "find": ("find", "finds", "found"),  # only with a that-clause: "the study found that"
    "rule": ("rule", "rules", "ruled"),  # only with a that-clause: "the court ruled that"
}


def _forms(verb: str) -> set[str]:
    stem = verb[:-1] if verb.endswith("e") else verb
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return {verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    return {verb, verb + "s", stem + "ed" if not verb.endswith("e") else verb + "d", stem + "ing"}


CUE_LEMMA: dict[str, str] = {}
for _verb in _REGULAR:
    for _form in _forms(_verb):
        CUE_LEMMA[_form] = _verb
for _verb, _all in _IRREGULAR.items():
    for _form in _all:
        CUE_LEMMA[_form] = _verb
CUE_LEMMA["vowed"] = "vow"
CUE_LEMMA["vowing"] = "vow"
CUE_LEMMA["emphasised"] = "emphasise"

# Cues that need company to be speech: "continued" only before a quote, "added" fine.
# Verbs that attribute only right after a closing quotation mark ('"...," he concluded').
WEAK_CUES = {
    "continue",
    "agree",
    "post",
    "repeat",
    "answer",
    "mention",
    "estimate",
    "joke",
    "begin",
    "conclude",
    "suggest",
    "read",
    "find",
    "rule",
    "recommend",
    "share",
}
# Weak cues that report speech when they take a that-clause ("IMPALA estimates that ...", "the
# court ruled that ...", "the organisation concluded that ..."): what a body or a study says.
# Not "suggest" nor "agree": "the study suggests that", "one user agreed that" hedge or echo.
THAT_CUES = {
    "estimate",
    "conclude",
    "mention",
    "find",
    "rule",
    "recommend",
    "post",
    "answer",
    "share",  # "she shared that ...", not "shared a photo"
}

CUE_WORDS = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, CUE_LEMMA), key=len, reverse=True)) + r")\b", re.I
)

PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "we"}
THING_PRONOUNS = {"it"}
PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS | {"i", "you"}

# Nouns whose phrase names an organisation ("the Ministry of Interior", "the company").
ORG_NOUNS = set(
    (
        "ministry department office agency government administration company firm bank "
        "police army military navy court commission committee council authority authorities "
        "embassy union party parliament senate congress group organisation organization "
        "association institute university board regulator secretariat cabinet campaign "
        "foundation federation league team club centre center service services corporation "
        "inc corp ltd spokesperson-office bureau palace white house kremlin"
        " startup giant platform exchange retailer airline insurer lender publisher broadcaster"
        " network outlet watchdog charity tribe studio automaker carmaker chipmaker"
        " maker drugmaker manufacturer carrier miner chain supplier operator conglomerate"
    ).split()
)
# Organisation nouns for a business: "the company said" is the business last quoted.
BUSINESS_NOUNS = set(
    "company firm startup giant platform exchange retailer airline insurer lender publisher "
    "broadcaster network outlet automaker carmaker chipmaker maker drugmaker manufacturer "
    "carrier miner chain supplier operator conglomerate".split()
)
# Organisation nouns that fit any body: "the organisation said" is the body last quoted.
GENERIC_ORG_NOUNS = set("organisation organization group body charity foundation".split())
# Organisation nouns of public bodies (never "the company").
PUBLIC_NOUNS = set(
    "ministry department government administration commission committee council authority "
    "parliament senate congress court police army military navy union agency regulator "
    "embassy cabinet bureau office kremlin palace".split()
)
# Nouns for what an organisation or person issued: "The statement said".
DOCUMENT_NOUNS = set(
    "statement release letter post filing memo communique communiqué notice message "
    "announcement email complaint indictment ruling affidavit website transcript report study "
    "survey paper lawsuit judgment".split()
)
# Words of a title before a name: "Thai Foreign Minister", "Chief Executive".
ROLE_WORDS = set(
    (
        "minister ministers president vice prime foreign defence defense interior finance "
        "secretary spokesman spokeswoman spokesperson envoy special ambassador chancellor "
        "premier king queen prince princess general gen lieutenant colonel col major admiral "
        "commander chief executive officer ceo cfo cto coo chairman chairwoman chair director "
        "governor mayor senator sen rep representative congressman congresswoman lawmaker "
        "judge justice attorney lawyer prosecutor sheriff inspector superintendent "
        "head leader founder co-founder cofounder manager analyst economist professor prof "
        "dr doctor lecturer researcher coach captain deputy acting former state senior "
        "general-secretary secretary-general deputy-director commissioner officer official "
        "mr mrs ms miss sir dame lord lady rev reverend pope bishop cardinal sheikh "
        "affairs asian for of the trade health education transport energy labour labor "
        "economy environment information home justice commerce water agriculture"
    ).split()
)
HONORIFICS = re.compile(r"^(?:(?:Dr|Mr|Mrs|Ms|Miss|Prof|Sir|Dame|Rev|Gen|Sen|Rep)\.?\s+)+")
# Nationality words that do not start with their country's name.
COUNTRY_ALIASES = {
    "american": "united states",
    "u.s.": "united states",
    "us": "united states",
    "usa": "united states",
    "america": "united states",
    "british": "united kingdom",
    "uk": "united kingdom",
    "u.k.": "united kingdom",
    "britain": "united kingdom",
    "english": "united kingdom",
    "french": "france",
    "dutch": "netherlands",
    "swiss": "switzerland",
    "filipino": "philippines",
    "philippine": "philippines",
    "danish": "denmark",
    "swedish": "sweden",
    "finnish": "finland",
    "polish": "poland",
    "spanish": "spain",
    "turkish": "turkey",
    "irish": "ireland",
    "welsh": "wales",
    "scottish": "scotland",
    "greek": "greece",
    "lao": "laos",
    "burmese": "myanmar",
    "vietnamese": "vietnam",
    "peruvian": "peru",
}
# Who speaks for a body without a name of their own ("a spokesperson said").
SPOKES = set("spokesperson spokesman spokeswoman spokespeople representative".split())
STOP_MENTION = {"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their"}

# Nouns for people who speak without a name ("officials said", "analysts warned").
PEOPLE_NOUNS = set(
    "officials analysts experts sources residents critics investors researchers scientists economists witnesses lawyers prosecutors authorities police people spokesperson spokesman spokeswoman representative source farmers workers doctors leaders organisers organizers".split()
)
# Capitalised words that do not make a personal name ("New York", "Jane Street").
NOT_NAMES = set(
    (
        "january february march april may june july august september october november december "
        "monday tuesday wednesday thursday friday saturday sunday street capital research news "
        "times post house city county state island islands exchange partners labs media "
        "technologies systems national united new north south east west after before when while "
        "but and in on at for with from as if however meanwhile last next this that these "
        "both either neither some many most all few several now then here there today tomorrow "
        "yesterday"
    ).split()
)

# Nouns for one person ("Mjoachim, another user, said"; "the caller said").
PERSON_NOUNS = set(
    (
        "user person man woman resident witness caller victim friend mother father son daughter "
        "wife husband student teacher player fan member commenter viewer reader neighbour "
        "neighbor owner worker farmer customer patient relative parent child boy girl star host "
        "candidate guest poster"
    ).split()
)
# Subject words that cannot be a speaker, or stand for one elsewhere in the sentence.
NOT_SPEAKERS = set(
    "which that this these those what who whom whose all some many none each both it there "
    "here one us me them him".split()
)
# Public bodies news names by another word of the same kind: "The Federal Aviation
# Administration ... the agency said", "The Veldran army ... the military said".
BODY_KINDS = (
    frozenset(
        "agency administration department ministry office bureau authority regulator "
        "commission watchdog".split()
    ),
    frozenset("army military navy forces".split()),
    frozenset("government administration cabinet".split()),
)
