"""An answer with one flagged sentence, as the web chat and Slack show it.

The answer is built by the real check (AnswerAssembler over a hand-written passage) and rendered
by the front ends' own functions (bot/web/render.py, bot/slack/format.py), unchanged.
"""

from __future__ import annotations

import re

from bot.answering.citecheck import AnswerAssembler, CitationChecker
from bot.models import Answer, Passage
from bot.slack.format import answer_messages
from bot.web.render import answer_markup, copy_text, sources_html

TEXT = (
    "Envoys from Norland and Estmark will meet on Wednesday in Corvel. Norland's foreign "
    "minister, Ivo Kask, cautioned that a truce was unlikely to emerge from Wednesday's meeting."
)
GOOD = "Ivo Kask warned that a truce may not come out of Wednesday's meeting [1]."
BAD = "Kask said a truce was likely to emerge from Wednesday's meeting [1]."


def flagged_answer() -> Answer:
    passage = Passage("d1", 0, len(TEXT), TEXT, 1.0, "Talks set", "Gulf Courier", "https://e.org/t")
    assembler = AnswerAssembler(CitationChecker([passage]), "flag")
    shown = "".join(assembler.add(s) for s in (GOOD, BAD)) + assembler.finish()
    return Answer(
        "Will there be a truce?", shown, False, "llm", assembler.citations, assembler.unsupported
    )


def test_the_flagged_sentence_is_labelled_first_and_has_no_marker_or_card():
    answer = flagged_answer()
    assert answer.answer == (
        "Ivo Kask warned that a truce may not come out of Wednesday's meeting [1]. "
        "(unverified) Kask said a truce was likely to emerge from Wednesday's meeting."
    )
    assert len(answer.citations) == 1 and "unlikely" in answer.citations[0].quote


def test_web_chat_shows_one_clickable_marker_and_one_card():
    answer = flagged_answer()
    markup = answer_markup(answer.answer)
    assert markup.count('class="bb-cite') == 1
    flagged = markup[markup.index("\\(unverified\\)") :]  # Markdown-escaped, shown as typed
    assert "bb-cite" not in flagged and "likely to emerge" in flagged
    assert sources_html(answer).count('class="bb-source ') == 1
    assert "(unverified) Kask said" in copy_text(answer)


def test_slack_shows_the_label_in_the_text_and_one_citation_block():
    answer = flagged_answer()
    (message,) = answer_messages(answer)
    text = " ".join(b["text"]["text"] for b in message.blocks if b["type"] == "section")
    assert re.search(r"\[1\]\. \(unverified\) Kask said a truce was likely", text)
    contexts = [b for b in message.blocks if b.get("block_id", "").startswith("citation_")]
    assert len(contexts) == 1
