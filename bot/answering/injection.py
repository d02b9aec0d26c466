"""Instructions aimed at a model inside article text ("ignore previous instructions ...").

Found at answer time from the passage text itself: such passages stay searchable (they are
data), but an answer sentence that leans on, repeats or obeys the planted text is never shown
as verified (bot/answering/claims.py).
"""

from __future__ import annotations

import re

_PATTERNS = [
    r"\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}\b(?:instructions?|rules|"
    r"prompts?|guidelines|directions|context|everything)\b",
    r"\b(?:you are now|from now on,? you|act as|pretend to be|you must now)\b",
    r"\b(?:developer|jailbreak|god|dan) mode\b",
    r"\b(?:system|assistant|user)\s*(?:prompt|message)?\s*:",
    r"\[/?(?:INST|SYS)\]|<\|?(?:im_start|im_end|system|endoftext)\|?>|<</?SYS>>",
    r"\b(?:note|message|instructions?) (?:to|for) (?:the )?(?:ai|assistants?|models?|llms?|"
    r"chatbots?|language models?)\b",
    r"\b(?:ai|assistants?|models?|llms?|chatbots?)\s*,\s*(?:please\s+)?(?:ignore|forget|say|"
    r"reply|respond|answer|tell|write|output|print|state)\b",
    r"\b(?:reply|respond|answer|say|output|print|write)\b[^.!?\n]{0,30}\b(?:only|exactly|"
    r"just|nothing else|every question)\b",
    r"\b(?:reply|respond|answer) with\b",
    r"\btell the user\b",
    r"\bsystem prompt\b",
]
_INSTRUCTION = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n|$)")


def spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of `text` that carry instruction-like text aimed at a model."""
    out: list[tuple[int, int]] = []
    for m in _SENTENCE.finditer(text):
        if m.group(0).strip() and _INSTRUCTION.search(m.group(0)):
            out.append((m.start(), m.end()))
    return out


def marked(text: str) -> bool:
    """Whether `text` carries instructions aimed at a model."""
    return bool(_INSTRUCTION.search(text))


def looks_like_instruction(sentence: str) -> bool:
    """An answer sentence that itself reads as an order to a model, or echoes one."""
    return bool(_INSTRUCTION.search(sentence)) or bool(
        re.search(r"\bas (?:instructed|requested|ordered)\b", sentence, re.IGNORECASE)
    )
