"""Sentences that are page furniture, not news: embedded social posts, "READ MORE" links,
picture credits and captions, sign-up and share prompts, advertisement markers.

`is_boilerplate(sentence)` is asked of every candidate sentence before a briefing reads it,
so none of these is ever quoted or cited. The rules are general (no outlet's names)."""

from __future__ import annotations

import re

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_FURNITURE = re.compile(
    r"pic\.twitter\.com/|"  # an embedded tweet's picture link
    r"\(@\w{1,30}\)\s*" + _MONTH + r"\.?\s+\d{1,2},\s+\d{4}|"  # "— Name (@handle) May 3, 2023"
    r"^\s*[—–-]\s*[^.!?]{0,60}\(@\w{1,30}\)|"
    r"instagram\.com/p/|t\.co/\w+|"
    r"\b(?:READ|Read)\s+(?:MORE|More|ALSO|Also|NEXT|Next)\s*:|"
    r"\bRELATED\s*:|\bRelated\s*:\s|\bMORE\s*:\s|\bWATCH\s*:\s|\bLISTEN\s*:\s|"
    r"\b(?:Photo|Picture|Image|Images|Video|Photograph|Illustration)s?\s*(?:credit)?\s*:\s|"
    r"\bCredit\s*:\s|\((?:Photo|Picture|Image)s?\s+(?:by|credit|courtesy)\b|"
    r"\b(?:Getty Images|AFP via Getty|Reuters/|AP Photo/|Shutterstock|iStock)\b|"
    r"^\s*Advertisement\b|\bADVERTISEMENT\b|"
    r"\b[Ss]ign up (?:for|to) (?:our|the|my)\b|\bSubscribe (?:to|now|here)\b|"
    r"\b(?:Share|Like) (?:this|on) (?:article|story|Facebook|Twitter|X)\b|"
    r"\bShare or comment on this article\b|\bFollow (?:us|me|him|her) on\b|"
    r"\b[Cc]lick here (?:to|for)\b|\b[Ss]croll down (?:for|to)\b|\bWatch the video\b|"
    r"\bDownload (?:the|our) app\b|\bAll rights reserved\b|\bCopyright\s+(?:©\s*)?\d{4}\b|"
    r"\bThis (?:article|story) (?:was|has been) (?:updated|amended|corrected)\b|"
    # A picture's caption: "… at Federal Court in New York, October 5, 2023, in this courtroom
    # sketch." / "… in this file photo" / "… is seen in this illustration".
    r"\b(?:in|is seen in|are seen in) (?:this|a) (?:courtroom sketch|(?:file )?photo(?:graph)?|"
    r"picture|illustration|handout (?:photo|picture|image)|screen ?(?:grab|shot)|still image)\b"
)
# A prompt glued to the start of a real sentence ("Scroll down for video The robots were ..."):
# the sentence is kept from the end of the prompt on.
_LEADING = re.compile(
    r"^\s*(?:Scroll down for (?:video|videos|more)|Advertisement|ADVERTISEMENT|"
    r"Click here (?:for|to) [^.!?]{0,40}?(?=\s[A-Z])|Watch the video(?: below)?)\s+(?=\S)"
)
# A caption: a short label, a colon, then a capitalised description ("Sharp dresser: The 54-
# year-old ..."), unless the label is someone speaking ("He told the court: ...").
_CAPTION = re.compile(r"^([A-Z][\w'’\-]*(?:\s+[\w'’\-]+){0,3}):\s+[A-Z]")
_SPEAKS = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|explained|wrote|writes|tweeted|posted|"
    r"replied|replies|asked|asks|continued|insisted|stated|warned|declared|reads|read|"
    r"announced|responded|answered|noted|argued|concluded|admitted)\b",
    re.IGNORECASE,
)


def leading_prompt(sentence: str) -> int:
    """How many characters at the start of `sentence` are a page prompt to skip (0: none)."""
    found = _LEADING.match(sentence)
    return found.end() if found else 0


def is_boilerplate(sentence: str) -> bool:
    """True for page furniture: a social post's byline or link, a "READ MORE" or sign-up
    prompt, a picture credit or caption, a share prompt, an advertisement marker."""
    if _FURNITURE.search(sentence):
        return True
    caption = _CAPTION.match(sentence)
    return caption is not None and not _SPEAKS.search(caption.group(1))
