"""What an answer says when the store can't answer as asked: the decline with its reason, and
the line naming outlets the question asks about that no stored article is from."""

from __future__ import annotations

from bot.answering.abstain import NOT_COVERED
from bot.models import Answer
from bot.question import Question


def absent_outlets_lead(q: Question, lead: str) -> str:
    """`lead` (the line before the quotes), saying first which outlets the question names
    that no stored article is from; `lead` itself when there are none."""
    if not q.unknown_outlets:
        return lead
    missing = absent_outlets(q)
    if len(q.unknown_outlets) >= len(q.outlets):
        return (
            f"No stored article is from {missing}, so the store can't say what it reported. "
            "Other articles in the store on this:"
        )
    return f"No stored article is from {missing}, so this can't be answered as asked. {lead}"


def declined(q: Question, reason: str | None) -> Answer:
    """The answer that says the store doesn't cover `q` (and why, when `reason` says), after
    naming the outlets it asks about that no stored article is from."""
    text = f"{NOT_COVERED}: {reason}." if reason else f"{NOT_COVERED}."
    if q.unknown_outlets:
        text = f"No stored article is from {absent_outlets(q)}. {text}"
    return Answer(q.original, text, True, "extractive")


def absent_outlets(q: Question) -> str:
    """The outlets `q` names that no stored article is from, as a reader writes them."""
    return ", ".join(_outlet_title(o) for o in q.unknown_outlets)


def _outlet_title(name: str) -> str:
    return " ".join(w.upper() if len(w) <= 3 else w.capitalize() for w in name.split())
