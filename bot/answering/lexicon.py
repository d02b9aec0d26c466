"""Words the claim check treats specially, and the tokeniser that normalises them.

Tokens are lower-cased Snowball stems; demonyms become their country ("Singaporean" ->
"singapore"), possessives are stripped, abbreviations expand ("FM" -> foreign minister),
number words become digits ("nine-day" -> 9 day) and a few news synonyms share one stem
("killed", "died", "deaths" -> death), so a fair paraphrase meets its source on equal terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")

STOPWORDS = frozenset(
    """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just me
most my myself nor now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves says say told according its per via upon amid among
however meanwhile additionally furthermore moreover overall still yet thus therefore instead
separately earlier currently recently mr mrs ms dr may might must shall about around roughly
some approximately nearly almost just also both either each every another
""".split()
)
SPEECH = frozenset(
    """said says told warned added announced stated argued claimed noted insisted urged denied
    confirmed wrote reported cautioned blamed called described welcomed criticised criticized
    vowed promised explained stressed acknowledged admitted complained predicted estimated
    """.split()
)
# Role words: what a speaker is, as opposed to who.
ROLES = frozenset(
    _STEMMER.stemWords(
        """mayor president minister ministry prime deputy foreign secretary senator councillor
        councilor governor chancellor king queen prince princess general chief ambassador
        spokesman spokeswoman spokesperson chairman chairwoman chair director professor judge
        official officials envoy delegate negotiator leader head executive manager union council
        agency authority authorities office bureau police court company operator developer
        board group association chamber officer commissioner librarian captain economist
        economists analyst analysts trust guard""".split()
    )
)
NEGATIONS = frozenset(
    """not no never nobody none nothing neither nor without cannot unlikely unable unwelcome
    denied deny denies refused refuse refuses rejected reject rejects failed fail fails lacked
    lacks lack excluded exclude""".split()
)
NEGATION_PHRASES = (
    "n't",
    "no longer",
    "no one",
    "ruled out",
    "rule out",
    "rules out",
    "stay off",
    "stay away",
    "keep away",
    "shortage",
    "absence",
)
# Words in un- that do not negate anything ("unchanged" is a state, not a denial).
NOT_NEGATIONS = frozenset("unchanged unexpected unprecedented unidentified unnamed united".split())
# Pairs of stems that contradict each other when one replaces the other.
ANTONYMS = {
    frozenset(p)
    for p in [
        ("welcom", "criticis"),
        ("welcom", "protest"),
        ("welcom", "condemn"),
        ("welcom", "oppos"),
        ("accept", "protest"),
        ("more", "within"),
        ("more", "less"),
        ("more", "fewer"),
        ("rise", "fall"),
        ("increas", "decreas"),
        ("increas", "cut"),
        ("rais", "cut"),
        ("open", "close"),
        ("suspect", "exclud"),
        ("approv", "block"),
        ("win", "lose"),
        ("eager", "hurri"),
    ]
}
# Words for what a count counts: a number bound to one must be bound to it in the source too.
CLASSES = {
    **dict.fromkeys(
        _STEMMER.stemWords(
            "death deaths dead died die dies kill killed killing fatalities fatality".split()
        ),
        "DEATH",
    ),
    **dict.fromkeys(_STEMMER.stemWords("injured injuries injury wounded hurt".split()), "INJURY"),
    **dict.fromkeys(_STEMMER.stemWords("displaced homeless fled".split()), "DISPLACED"),
    **dict.fromkeys(_STEMMER.stemWords("missing".split()), "MISSING"),
    **dict.fromkeys(_STEMMER.stemWords("rescued saved".split()), "RESCUED"),
    **dict.fromkeys(_STEMMER.stemWords("evacuated evacuation evacuate".split()), "EVACUATED"),
}
UNITS = frozenset(
    _STEMMER.stemWords(
        """second seconds minute minutes hour hours day days week weeks fortnight month months
        year years decade decades century metre metres meter meters kilometre kilometres km
        kilometer kilometers mile miles hectare hectares acre acres litre litres liter liters
        cubic tonne tonnes ton tons kilogram kilograms kg megawatt megawatts kilowatt kilowatts
        gigawatt gigawatts percent percentage point points euro euros dollar dollars pound pounds
        yen yuan baht koruna korunas leva lev cedi cedis rupee rupees peso pesos real reais
        franc francs krona kronor dinar dinars million billion thousand trillion hundred""".split()
    )
)
TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december""".split()
)
NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
        fifteen sixteen seventeen eighteen nineteen twenty""".split()
    )
} | {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70",
     "eighty": "80", "ninety": "90", "dozen": "12"}  # fmt: skip
DEMONYMS = {
    "thai": "thailand", "cambodian": "cambodia", "singaporean": "singapore",
    "malaysian": "malaysia", "indonesian": "indonesia", "vietnamese": "vietnam", "lao": "laos",
    "laotian": "laos", "filipino": "philippines", "philippine": "philippines",
    "japanese": "japan", "korean": "korea", "chinese": "china", "indian": "india",
    "pakistani": "pakistan", "american": "america", "canadian": "canada", "mexican": "mexico",
    "brazilian": "brazil", "argentine": "argentina", "argentinian": "argentina",
    "chilean": "chile", "peruvian": "peru", "colombian": "colombia", "british": "britain",
    "french": "france", "german": "germany", "austrian": "austria", "hungarian": "hungary",
    "slovak": "slovakia", "slovakian": "slovakia", "polish": "poland", "czech": "czechia",
    "italian": "italy", "spanish": "spain", "portuguese": "portugal", "dutch": "netherlands",
    "belgian": "belgium", "swiss": "switzerland", "swedish": "sweden", "norwegian": "norway",
    "danish": "denmark", "finnish": "finland", "icelandic": "iceland", "irish": "ireland",
    "russian": "russia", "ukrainian": "ukraine", "turkish": "turkey", "greek": "greece",
    "egyptian": "egypt", "saudi": "saudi", "iranian": "iran", "iraqi": "iraq",
    "israeli": "israel", "kenyan": "kenya", "ethiopian": "ethiopia", "ghanaian": "ghana",
    "nigerian": "nigeria", "australian": "australia", "european": "europe",
    "bulgarian": "bulgaria", "romanian": "romania", "serbian": "serbia", "croatian": "croatia",
    "burmese": "myanmar", "togolese": "togo", "ivorian": "ivory",
}  # fmt: skip
COUNTRIES = frozenset(DEMONYMS.values()) | {"usa"}
ABBREVIATIONS = {
    "fm": "foreign minister", "pm": "prime minister", "un": "united nations",
    "eu": "european union", "esa": "european space agency", "us": "united states",
    "u.s.": "united states", "uk": "united kingdom", "govt": "government",
}  # fmt: skip
IRREGULAR = {
    "sent": "send", "took": "take", "taken": "take", "gave": "give", "given": "give",
    "fell": "fall", "fallen": "fall", "rose": "rise", "risen": "rise", "grew": "grow",
    "grown": "grow", "met": "meet", "won": "win", "lost": "lose", "left": "leav", "made": "make",
    "paid": "pay", "built": "build", "began": "begin", "begun": "begin", "brought": "bring",
    "bought": "buy", "sold": "sell", "kept": "keep", "spent": "spend", "led": "lead",
    "ran": "run", "came": "come", "went": "go", "gone": "go", "saw": "see", "seen": "see",
    "found": "find", "chose": "choos", "chosen": "choos", "flew": "fli", "flown": "fli",
    "struck": "strike", "hit": "hit", "wrote": "write", "written": "write", "drew": "draw",
    "drawn": "draw", "held": "hold", "sank": "sink", "sunk": "sink", "fled": "flee",
    "broke": "break", "broken": "break", "bore": "bear", "borne": "bear", "stood": "stand",
    "thought": "think", "felt": "feel", "meant": "mean", "heard": "hear", "told": "tell",
}  # fmt: skip
SYNONYMS = {
    **dict.fromkeys(["scrap", "abolish", "remov"], "drop"),
    **dict.fromkeys(["restart", "reviv"], "resum"),
    **dict.fromkeys(["stop", "suspend", "halt"], "halt"),
    **dict.fromkeys(["overturn", "sank", "sink"], "capsiz"),
    **dict.fromkeys(["rush"], "hurri"),
    **dict.fromkeys(["boat", "vessel"], "ship"),
    **dict.fromkeys(["climb", "grow", "increas"], "rise"),
    **dict.fromkeys(["drop", "declin"], "fall"),
    **dict.fromkeys(["fight"], "oppos"),
}


@dataclass(frozen=True)
class Token:
    """One normalised word of a text, with where it came from."""

    norm: str  # stem, class-free; countries for demonyms; digits for numbers
    start: int
    end: int
    cap: bool  # written with a capital (not just because it starts the sentence)
    number: bool = False


_WORD = re.compile(r"\d+(?:[.,]\d+)*%?|[A-Za-z][A-Za-z'\u2019.]*[A-Za-z]|[A-Za-z]|n't")
_QUOTE = re.compile(r"['\u2019]s$|['\u2019]$")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    low = word.lower()
    if low in DEMONYMS:
        return DEMONYMS[low]
    if low in COUNTRIES:
        return low
    base = IRREGULAR.get(low) or _STEMMER.stemWord(low)
    return SYNONYMS.get(base, base)


def norm_number(raw: str) -> str:
    value = raw.rstrip("%").replace(",", "")
    if "." in value:
        value = value.rstrip("0").rstrip(".")
    return value.lstrip("0") or "0"


def tokens(text: str, first_is_start: bool = True) -> list[Token]:
    """Normalised tokens of `text` (stopwords kept; callers filter)."""
    out: list[Token] = []
    for m in _WORD.finditer(text):
        raw, start = m.group(0), m.start()
        at_start = first_is_start and (
            not out or text[out[-1].end : start].strip() in {'"', "\u201c"}
        )
        at_start = at_start or bool(re.search(r"[.!?:\"\u201c]\s*$", text[:start]))
        if raw[0].isdigit():
            out.append(Token(norm_number(raw), start, m.end(), False, True))
            if raw.endswith("%"):
                out.append(Token("percent", m.end() - 1, m.end(), False))
            continue
        word = _QUOTE.sub("", raw).rstrip(".")
        for part in re.split(r"-", word) if "-" in word else [word]:
            low = part.lower()
            cap = part[:1].isupper() and not at_start
            if low in ABBREVIATIONS and (part.isupper() or "." in part):
                for piece in ABBREVIATIONS[low].split():
                    out.append(Token(stem(piece), start, m.end(), True))
            elif low in NUMBER_WORDS and not (
                low == "one" and text[:start].lower().endswith("no ")
            ):
                out.append(Token(NUMBER_WORDS[low], start, m.end(), False, True))
            elif low in ("a", "an") and _unit_follows(text, m.end()):
                out.append(Token("1", start, m.end(), False, True))
            else:
                name = at_start and part[:1].isupper() and _name_at_start(raw, low, text, m.end())
                out.append(Token(stem(part), start, m.end(), cap or name or low in DEMONYMS))
    return out


def _name_at_start(raw: str, low: str, text: str, end: int) -> bool:
    """A capitalised first word that is a name: possessive, a country, or before a name."""
    if low in STOPWORDS:  # "An Icelandic volcano", "The Thai FM"
        return False
    if low in COUNTRIES or raw.endswith(("'s", "\u2019s")):
        return True
    nxt = re.match(r"\s+([A-Za-z]+)", text[end:])
    if nxt is None:
        return False
    return nxt.group(1)[:1].isupper() or nxt.group(1).lower() in SPEECH


def _unit_follows(text: str, at: int) -> bool:
    nxt = re.match(r"\s+([A-Za-z]+)", text[at:])
    if nxt is None:
        return False
    return stem(nxt.group(1)) in UNITS and nxt.group(1).lower() not in (
        "million",
        "billion",
        "thousand",
        "hundred",
    )


def is_content(tok: Token) -> bool:
    return tok.number or (tok.norm not in STOPWORDS and len(tok.norm) > 1)
