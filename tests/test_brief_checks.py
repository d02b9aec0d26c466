"""The LLM brief keeps only checked sentences: a negated claim never makes the bottom line."""

from __future__ import annotations

from bot.answering.citecheck import CitationChecker
from bot.briefing.llm import parse
from bot.models import Passage

TEXT = (
    "The Harlow council did not approve the second runway on Tuesday. Leader Ruth Amis said a "
    "new noise study would take six months. Residents raised 85,000 pounds to fight the plan."
)


def test_a_negated_claim_is_left_out_and_a_section_of_nothing_verified_is_empty():
    p = Passage("d1", 0, len(TEXT), TEXT, 1.0, "Runway vote", "Town Post", "", "2025-05-28")
    note = (
        "## Bottom line\n"
        "- Residents raised 85,000 pounds to fight the runway [1].\n"
        "- The Harlow council approved the second runway on Tuesday [1].\n"
        "- Ruth Amis said a noise study would take six months [1].\n"
        "## Positions\n"
        "- Ruth Amis: the runway would open in 2027 [1].\n"
    )
    brief = parse(note, CitationChecker([p]), "flag")
    shown = [item.text for item in brief.bottom_line]
    assert shown == [
        "Residents raised 85,000 pounds to fight the runway.",
        "Ruth Amis said a noise study would take six months.",
    ]
    assert brief.positions == []  # its only bullet could not be verified
    assert "2 sentences of the model's briefing were not supported" in brief.note
    assert all(item.refs for item in brief.items)
