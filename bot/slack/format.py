"""Markdown -> Slack mrkdwn (the one place it happens) and Block Kit messages within Slack's limits."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from bot.models import Answer, Citation
from bot.models import shorten_quote as shorten

# Slack's documented limits (https://api.slack.com/reference/block-kit).
MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_MESSAGE_TEXT = 4000
MAX_BUTTON_VALUE = 2000
# Slack states no total for block text; keep each message comfortably small to render.
MESSAGE_BLOCK_BUDGET = 12000
QUOTE_CHARS = 300

FEEDBACK_BLOCK = "briefbot_feedback"
FEEDBACK_UP, FEEDBACK_DOWN = "feedback_up", "feedback_down"
SHARE_ACTION = "share_brief"


@dataclass
class Message:
    """One Slack message: fallback `text` (notifications, search) and its `blocks`."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    metadata: dict[str, Any] | None = None  # Slack message metadata (event_type, event_payload)


# -- Markdown -> mrkdwn --------------------------------------------------------------------


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    # html off: raw "<tags>" in an answer are text, escaped below, never Slack control sequences.
    return MarkdownIt("commonmark", {"html": False}).enable("strikethrough")


def escape(text: str) -> str:
    """Escape the three characters Slack treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_mrkdwn(markdown: str) -> str:
    """Convert Markdown (answers, briefings) to Slack mrkdwn."""
    out: list[str] = []
    lists: list[list[Any]] = []  # [ordered?, next number] per open list
    quote_starts: list[int] = []
    for tok in _parser().parse(markdown or ""):
        kind = tok.type
        if kind == "inline":
            out.append(_inline(tok.children or []))
        elif kind == "heading_open":
            out.append("*")
        elif kind == "heading_close":
            out.append("*\n\n")
        elif kind == "paragraph_close":
            out.append("\n" if tok.hidden else "\n\n")
        elif kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            lists.append([ordered, int(tok.attrGet("start") or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            out.append("" if lists else "\n")
        elif kind == "list_item_open":
            ordered, number = lists[-1]
            out.append("    " * (len(lists) - 1) + (f"{number}. " if ordered else "• "))
            lists[-1][1] = number + 1
        elif kind in ("fence", "code_block"):
            out.append("```\n" + escape(tok.content) + "```\n\n")
        elif kind == "hr":
            out.append("———\n\n")
        elif kind == "html_block":
            out.append(escape(tok.content))
        elif kind == "blockquote_open":
            quote_starts.append(len(out))
        elif kind == "blockquote_close":
            start = quote_starts.pop()
            inner = "".join(out[start:]).strip("\n")
            out[start:] = ["\n".join("> " + line for line in inner.split("\n")) + "\n\n"]
    return re.sub(r"\n{3,}", "\n\n", "".join(out)).strip()


def _inline(children) -> str:
    out: list[str] = []
    links: list[tuple[str, int]] = []  # (href, position of the label's start)
    marks = {"strong": "*", "em": "_", "s": "~"}
    for tok in children:
        kind = tok.type
        if kind == "text":
            out.append(escape(tok.content))
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind == "code_inline":
            out.append("`" + escape(tok.content) + "`")
        elif kind.endswith(("_open", "_close")) and kind.rsplit("_", 1)[0] in marks:
            out.append(marks[kind.rsplit("_", 1)[0]])
        elif kind == "link_open":
            links.append((str(tok.attrGet("href") or ""), len(out)))
        elif kind == "link_close" and links:
            href, start = links.pop()
            label = "".join(out[start:]).replace("|", "¦")
            out[start:] = [f"<{href}>" if label in ("", href) else f"<{href}|{label}>"]
        elif kind == "image":
            out.append(f"<{tok.attrGet('src')}|{escape(tok.content or 'image')}>")
        elif kind == "html_inline":
            out.append(escape(tok.content))
    return "".join(out)


# -- splitting and shortening --------------------------------------------------------------


def split_text(text: str, limit: int) -> list[str]:
    """Split text into pieces of at most `limit` chars at paragraph, line, sentence or word ends."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _cut_point(rest, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _cut_point(text: str, limit: int) -> int:
    window = text[: limit + 1]
    for pattern in (r"\n\n", r"\n", r"(?<=[.!?…”\"')\]])\s", r"\s"):
        ends = [m.end() for m in re.finditer(pattern, window) if m.end() <= limit]
        if pattern == r"\n\n" and len(ends) > 1 and _HEADING.search(text[: ends[-1]].rstrip()):
            ends.pop()  # keep a heading with the paragraph it introduces
        # Only accept a break that keeps pieces reasonably full.
        if ends and ends[-1] >= limit // 3:
            return ends[-1]
    return limit


_HEADING = re.compile(r"(?:^|\n\n)\*[^*\n]+\*$")  # a paragraph that is only *bold*: a heading


# -- Block Kit -----------------------------------------------------------------------------


def format_date(value: str) -> str:
    """'2023-11-26T08:00:00+00:00' -> '26 Nov 2023'; other strings unchanged."""
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    return f"{parsed.day} {parsed.strftime('%b %Y')}"


def citation_block(citation: Citation) -> dict[str, Any]:
    """A context block: '[n] title - outlet, date' and the shortened quote."""
    title = escape(citation.title or citation.doc_id).replace("|", "¦")
    if citation.url:
        title = f"<{citation.url}|{title}>"
    where = ", ".join(p for p in (escape(citation.source), format_date(citation.published_at)) if p)
    head = f"*[{citation.n}]* {title}" + (f" - {where}" if where else "")
    quote = escape(shorten(citation.quote or citation.passage))
    return {
        "type": "context",
        "block_id": f"citation_{citation.n}",
        "elements": [{"type": "mrkdwn", "text": head}, {"type": "mrkdwn", "text": f"“{quote}”"}],
    }


def feedback_block(question: str) -> dict[str, Any]:
    """👍/👎 buttons; the value carries the question so the click can be stored with it."""
    value = json.dumps({"q": question[:1500]})

    def button(action_id: str, label: str) -> dict[str, Any]:
        text = {"type": "plain_text", "text": label, "emoji": True}
        return {"type": "button", "action_id": action_id, "value": value, "text": text}

    return {
        "type": "actions",
        "block_id": FEEDBACK_BLOCK,
        "elements": [
            button(FEEDBACK_UP, ":+1: Helpful"),
            button(FEEDBACK_DOWN, ":-1: Not helpful"),
        ],
    }


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def answer_messages(answer: Answer) -> list[Message]:
    """An answer as one or more messages: text sections, a context block per citation, buttons."""
    body = to_mrkdwn(answer.answer) or "_(no answer)_"
    extra = (
        [{"type": "context", "elements": [{"type": "mrkdwn", "text": escape(answer.note)}]}]
        if answer.note
        else []
    )
    return pack(
        body,
        [citation_block(c) for c in answer.citations] + extra,
        tail=feedback_block(answer.question),
        more_text="Sources (continued)",
    )


def pack(
    body: str,
    blocks: list[dict[str, Any]],
    tail: dict[str, Any] | None = None,
    more_text: str = "(continued)",
) -> list[Message]:
    """Lay out mrkdwn `body` then `blocks` over as many messages as Slack's limits need."""
    messages: list[Message] = []
    current = Message(text="")
    budget = 0

    def flush() -> None:
        nonlocal current, budget
        messages.append(current)
        current, budget = Message(text=""), 0

    for part in split_text(body, MAX_SECTION_CHARS):
        if current.blocks and len(current.text) + len(part) + 2 > MAX_MESSAGE_TEXT:
            flush()
        current.blocks.append(section(part))
        current.text = f"{current.text}\n\n{part}" if current.text else part
        budget += len(part)
    room = MAX_BLOCKS - (1 if tail else 0)
    for block in blocks:
        size = len(json.dumps(block))
        if len(current.blocks) >= room or (current.blocks and budget + size > MESSAGE_BLOCK_BUDGET):
            flush()
        if not current.text:
            current.text = more_text
        current.blocks.append(block)
        budget += size
    if tail:
        current.blocks.append(tail)
    if current.blocks:
        messages.append(current)
    return messages


def working_message() -> Message:
    """The placeholder shown while the answer is being written."""
    text = ":hourglass_flowing_sand: Looking through the articles…"
    return Message(text=text, blocks=[section(text)])


def error_message(text: str) -> Message:
    """A short friendly error reply (never a traceback)."""
    return Message(text=text, blocks=[section(f":warning: {escape(text)}")])
