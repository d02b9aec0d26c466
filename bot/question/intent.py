"""What a person wants from how they ask: a summary, a yes or no, a name, a date, a number.

People type "tell me about the demining issue", "quick overview of the KL talks pls",
"summarise the accord article", "did thailand agree?", "who chairs ...": the request words
are not part of the topic (and must never be read as a name someone mentions). Common news
abbreviations (FM, PM, KL) count as the words they stand for.
"""

from __future__ import annotations

import difflib
import re

from bot.question.parse import LONG_QUESTION_WORDS

_POLITE = r"(?:(?:please|pls|plz|quick(?:ly)?|can you|could you|would you|will you|pl[sz]|hey|hi|ok(?:ay)?|so)[\s,]+)*"
_ASK_FOR = (
    r"(?:give|get|send|show|write)\s+(?:me\s+|us\s+)?(?:a\s+|an\s+|the\s+)?"
    r"(?:quick\s+|short\s+|brief\s+|one[- ]page\s+)?"
)
_SUMMARY_NOUN = r"(?:overview|summary|summery|rundown|run-down|recap|brief(?:ing)?|digest|update)"
_LEAD = re.compile(
    rf"^\s*{_POLITE}(?:"
    rf"(?:tell|tel|tall)\s+(?:me|us)\s+(?:more\s+)?(?:about|abt|on|re)\b"
    rf"|(?:what\s+(?:do|does)\s+(?:we|the\s+articles?|the\s+sources?)\s+know\s+about)\b"
    rf"|(?:what(?:'s|’s|\s+is)\s+the\s+(?:latest|news|story|deal|situation)\s+(?:on|about|with|re))\b"
    rf"|(?:explain|describe|outline)\b(?:\s+(?:to\s+me|for\s+me))?"
    rf"|(?:summ?[ae]ri[sz]e|summ?ary\s+of|sum\s+up|recap)\b"
    rf"|(?:brief|update|catch)\s+(?:me|us)\s+(?:up\s+)?(?:on|about|re)\b"
    rf"|{_ASK_FOR}{_SUMMARY_NOUN}\s+(?:of|on|about|re)\b"
    rf"|{_SUMMARY_NOUN}\s+(?:of|on|about)\b"
    r")[\s:,-]*",
    re.I,
)
# Words a summary request starts with, matched with typos ("sumarize", "overveiw").
_SUMMARY_WORDS = ("summarize", "summarise", "overview", "explain", "describe", "recap")
_YES_NO = re.compile(
    r"^\s*(?:so\s+|and\s+|but\s+)?(?:is|are|was|were|did|does|do|has|have|had|can|could|will|"
    r"would|should|may|might|must|isn't|aren't|wasn't|weren't|didn't|doesn't|don't|hasn't|"
    r"haven't|won't)\b",
    re.I,
)
WANTS = (
    (
        "name",
        re.compile(
            r"^\s*(?:who|whom|whose|which|what\s+(?:is\s+the\s+name\s+of\s+the\s+)?(?:company|"
            r"person|individual|organi[sz]ation|firm|team|entity|platform|country|city|player|"
            r"artist|athlete|group|brand|product|app|agency|bank|club|celebrity|musician|singer|"
            r"actor|minister|official|network|networks|companies|countries)\b)",
            re.I,
        ),
    ),
    (
        "when",
        re.compile(
            r"^\W*(?:(?:and|but|so|ok|okay)\W+)?when\b|\b(?:by|since|until|till) when\b|"
            r"\bwhat (?:date|day|time|year|month)\b|\bhow soon\b",
            re.I,
        ),
    ),
    ("where", re.compile(r"\bwhere\b", re.I)),
    # What comes next: planned events and what the sources say lies ahead.
    (
        "next",
        re.compile(
            r"\bnext\s+steps?\b|\bwhat(?:'s|’s|\s+is|\s+are|\s+happens|\s+comes)\s+(?:\w+\s+)?next\b"
            r"|\bwhat\s+(?:should|do|must)\s+(?:we|i)\s+(?:\w+\s+)?watch\b|\bwhat\s+to\s+watch\b"
            r"|\bupcoming\b|\bcoming\s+up\b|\bwhat(?:'s|’s|\s+is|\s+are)\s+(?:\w+\s+)?planned\b"
            r"|\bwhat\s+happens\s+now\b|\bwhere\s+does\s+(?:it|this|that)\s+go\s+from\s+here\b",
            re.I,
        ),
    ),
    (
        "number",
        re.compile(
            r"\b(?:how|hwo|hw|haw) (?:many|much|long|far|big|large|often|old|tall|deep|high|"
            r"salty|hot|cold|warm|fast|heavy|wide|expensive|cheap|low|small|costly|deadly)\b|"
            r"\bnumber of\b|\bpercentage\b|"
            r"\bwhat(?:'s|’s|s| is| was| are| were) (?:the |(?:\w+ ){0,2}\w+(?:'s|’s|'|’) )?"
            r"(?:(?:new|current|total|minimum|minimun|maximum|average|agreed|final|annual|weekly|"
            r"monthly|yearly|net|market|share) )?"
            r"(?:cost|price|toll|total|amount|figure|rate|salary|budget|fee|age|population|flow|"
            r"level|temperature|speed|size|volume|wage|wages|worth|valuation|revenue|revenues|"
            r"profit|profits|income|earnings|turnover|debt|deficit|share|cap)\b",
            re.I,
        ),
    ),
)
# Abbreviations common in news and in how staff write; each also counts as its words.
ABBREVIATIONS = {
    "fm": "foreign minister",
    "pm": "prime minister",
    "dpm": "deputy prime minister",
    "mp": "member of parliament",
    "mps": "members of parliament",
    "mofa": "ministry of foreign affairs",
    "mod": "ministry of defence",
    "kl": "kuala lumpur",
    "un": "united nations",
    "unsc": "security council",
    "eu": "european union",
    "us": "united states",
    "usa": "united states",
    "uk": "united kingdom",
    "govt": "government",
    "gov": "government",
    "dept": "department",
    "intl": "international",
    "natl": "national",
    "min": "minister",
    "ceo": "chief executive",
    "gdp": "gross domestic product",
}
# Shorthand of quick typing, never an ordinary word in lower case either.
SHORTHAND = {
    "ppl": "people",
    "pts": "points",
    "xmas": "christmas",
    "yr": "year",
    "yrs": "years",
    "wk": "week",
    "wks": "weeks",
    "bn": "billion",
    "tmrw": "tomorrow",
    "mgmt": "management",
}
ABBREVIATIONS.update(SHORTHAND)


# How people ask for plainer words ("in plain english", "in simple terms"): a manner of
# answering, not part of the topic.
_MANNER = re.compile(
    r"[\s,]*(?:(?:in|using|with)\s+(?:plain|simple|simpler|everyday|layman'?s?|non-?technical)\s+"
    r"(?:english|terms|words|language)|in\s+(?:a\s+nutshell|short|brief|one\s+sentence|a\s+"
    r"(?:sentence|line|paragraph)(?:\s+or\s+two)?)|simply|briefly|quickly|for\s+(?:a\s+)?"
    r"(?:non-?experts?|beginners?|dummies|laypeople|a\s+layperson)|like\s+i'?m\s+(?:five|5)|eli5)"
    r"[\s,]*(?:please|pls|plz)?[\s?.!]*$",
    re.I,
)
# "explain why/how ..." asks a question, not for an overview of a thing.
_ASKS = re.compile(r"^(?:why|how|whether)\b", re.I)


def request_topic(text: str) -> tuple[str, bool]:
    """(the question without its request words, whether it asks for a summary). "explain
    why the ceasefire might not hold" asks a question: (that question, False)."""
    m = _LEAD.match(text)
    if m and m.end() < len(text.rstrip(" ?.!")):
        topic = _MANNER.sub("", text[m.end() :]).strip() or text[m.end() :].strip()
        return (topic, False) if _ASKS.match(topic) else (topic, True)
    first = re.match(r"^\s*([A-Za-z]+)\b[\s:,-]*", text)
    if first and not _YES_NO.match(text):
        word = first.group(1).lower()
        if len(word) >= 6 and difflib.get_close_matches(word, _SUMMARY_WORDS, n=1, cutoff=0.8):
            rest = text[first.end() :].strip()
            if rest:
                return re.sub(r"^(?:of|on|about)\s+", "", rest, flags=re.I), True
    return text, False


def wants(text: str, summary: bool) -> frozenset[str]:
    """The kinds of answer `text` asks for: summary, yes_no, name, when, where, number."""
    found = {kind for kind, pattern in WANTS if pattern.search(text)}
    if len(text.split()) > LONG_QUESTION_WORDS:
        found.discard("next")  # "... an upcoming tournament ...": a detail, not a request
    if summary:
        found.add("summary")
    elif _YES_NO.match(text) and not found:
        found.add("yes_no")
    return frozenset(found)
