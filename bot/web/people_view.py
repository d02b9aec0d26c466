"""HTML for the People and Timeline tabs: who is quoted, what they said, and dated events.

Pure functions of the dicts `BriefBot.speakers()`, `.quotes()` and `.timeline()` return (and
of article texts, for the passage around a quote), so escaping is tested without a browser.
Every piece of article text goes through `html.escape`.
"""

from __future__ import annotations

import html
import re
from datetime import date

from bot.web.render import day, safe_url

PASSAGE_CHARS = 700  # around a quote when its paragraph is longer than this
STATUS_WORDS = {"past": "Past", "planned": "Planned"}
STATUS_TIPS = {
    "past": "Had happened when the article was written",
    "planned": "Still to come when the article was written",
}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def nice_date(value: str) -> str:
    """'2025-12-22' -> '22 Dec 2025', '2025-12' -> 'Dec 2025', '2025' stays; else unchanged."""
    text = (value or "")[:10]
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            d = date.fromisoformat(text)
            return f"{d.day} {d:%b %Y}"
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return f"{date(int(text[:4]), int(text[5:]), 1):%b %Y}"
    except ValueError:
        return value
    return text


# -- People -------------------------------------------------------------------------------


def matching(speakers: list[dict], find: str = "") -> list[dict]:
    """The speakers whose name or role holds every word of `find` (all when empty)."""
    wanted = (find or "").lower().split()
    return [s for s in speakers if all(w in f"{s['speaker']} {s['role']}".lower() for w in wanted)]


def speakers_note(speakers: list[dict], shown: int, find: str = "") -> str:
    """The line above the list: how many people are quoted (and how many are listed)."""
    if not speakers:
        return "No one is quoted in the stored articles yet."
    total = sum(int(s["quotes"]) for s in speakers)
    who = "1 person or body" if len(speakers) == 1 else f"{len(speakers)} people or bodies"
    line = f"{who} quoted, {_plural(total, 'quote')} in all."
    if find and not shown:
        return f"No one quoted matches “{find}”. " + line
    if find:
        return f"{_plural(shown, 'match')} for “{find}” ({line[:-1]})."
    if shown < len(speakers):
        line += f" Showing the {shown} most quoted: type a name to find others."
    return line


def speakers_html(speakers: list[dict], find: str = "", limit: int = 300) -> str:
    """The list of people quoted, most quoted first, each a button that shows their quotes
    (its value is the speaker's key)."""
    found = matching(speakers, find)[:limit]
    note = f'<p class="bb-count">{html.escape(speakers_note(speakers, len(found), find))}</p>'
    items = []
    for s in found:
        role = f'<span class="bb-role">{html.escape(s["role"])}</span>' if s["role"] else ""
        when = day(s.get("last", ""))
        items.append(
            f'<li><button type="button" class="bb-speaker" value="{html.escape(s["key"])}">'
            f'<span class="bb-who">{html.escape(s["speaker"])}</span>{role}'
            f'<span class="bb-meta">{_plural(int(s["quotes"]), "quote")}'
            f"{' · latest ' + html.escape(nice_date(when)) if when else ''}</span>"
            "</button></li>"
        )
    listing = f'<ol class="bb-speakers">{"".join(items)}</ol>' if items else ""
    return note + listing


def pick_speaker(speakers: list[dict], key: str) -> dict | None:
    """The speaker listed under `key` (None when gone or not given)."""
    return next((s for s in speakers if key and s["key"] == key), None)


def newest_first(quotes: list[dict]) -> list[dict]:
    """Quotes by their article's date, newest first; in one article, in reading order."""
    by_place = sorted(quotes, key=lambda q: (q["doc_id"], q["start"]))
    return sorted(by_place, key=lambda q: day(q.get("published_at", "")) or "0", reverse=True)


def passage_around(text: str, start: int, end: int) -> tuple[str, str, str] | None:
    """(before, words, after): the paragraph holding text[start:end], cut to about
    PASSAGE_CHARS at sentence ends when it is longer; None when the span is not in `text`."""
    if not (0 <= start < end <= len(text)):
        return None
    first = text.rfind("\n\n", 0, start)
    first = 0 if first < 0 else first + 2
    last = text.find("\n\n", end)
    last = len(text) if last < 0 else last
    room = max(PASSAGE_CHARS - (end - start), 0) // 2
    if start - first > room:
        cut = _sentence_start(text, start - room, start)
        first = cut if cut is not None else start - room
    if last - end > room:
        cut = _sentence_end(text, end, end + room)
        last = cut if cut is not None else end + room
    before, after = text[first:start], text[end:last]
    return (
        ("…" if first > 0 and text[first - 1] not in "\n" else "") + before.lstrip(),
        text[start:end],
        after.rstrip() + ("…" if last < len(text) and text[last] not in "\n" else ""),
    )


def _sentence_start(text: str, lo: int, hi: int) -> int | None:
    found = [m.end() for m in re.finditer(r"[.!?…]['\"”’)]*\s+", text[lo:hi])]
    return lo + found[0] if found else None


def _sentence_end(text: str, lo: int, hi: int) -> int | None:
    found = [m.end() for m in re.finditer(r"[.!?…]['\"”’)]*(?=\s)", text[lo:hi])]
    return lo + found[-1] if found else None


def passage_html(text: str | None, start: int, end: int, label: str) -> str:
    """A closed <details> that opens on the passage of the article with the words marked."""
    parts = passage_around(text or "", start, end)
    if parts is None:
        return ""
    before, words, after = (html.escape(p) for p in parts)
    return (
        f'<details class="bb-in-article"><summary>{html.escape(label)}</summary>'
        f'<p class="bb-passage">{before}<mark class="bb-quote">{words}</mark>{after}</p>'
        "</details>"
    )


def where_html(item: dict, url: str = "") -> str:
    """'Outlet · Title · 23 Dec 2025 · open article', then any other outlets carrying it."""
    parts = [item.get("source") or "", item.get("title") or "untitled"]
    own = [o for o in item.get("outlets") or [] if o.get("doc_id") == item.get("doc_id")]
    when = day(item.get("published_at") or (own[0].get("published_at", "") if own else ""))
    parts.append(nice_date(when) if when else "undated")
    if when and item.get("published_inferred"):
        parts[2] += " (date worked out from the article)"
    shown = [f'<span class="bb-title">{html.escape(parts[1])}</span>']
    shown = ([html.escape(parts[0])] if parts[0] else []) + shown + [html.escape(parts[2])]
    link = safe_url(url)
    if link:
        shown.append(
            f'<a href="{html.escape(link)}" target="_blank" rel="noopener noreferrer">'
            "open article</a>"
        )
    line = f'<div class="bb-meta">{" · ".join(shown)}</div>'
    others = [o for o in item.get("outlets") or [] if o.get("doc_id") != item.get("doc_id")]
    if others:
        names = ", ".join(
            html.escape(
                " ".join(
                    p
                    for p in (o.get("source") or o.get("title") or "", day(o["published_at"]))
                    if p
                )
            )
            for o in others
        )
        line += f'<div class="bb-meta">Also reported by {names}</div>'
    return line


def quotes_html(
    speaker: dict | None,
    quotes: list[dict] | None = None,
    articles: dict | None = None,
    limit: int = 100,
) -> str:
    """A speaker's quotes, newest first, each with where it was said and its passage.

    articles: doc_id -> (text, url) of the articles the quotes are in."""
    if speaker is None:
        return '<p class="bb-empty">Pick a name in the list to read what they said.</p>'
    articles = articles or {}
    head = html.escape(speaker["speaker"]) + (
        f', <span class="bb-role">{html.escape(speaker["role"])}</span>' if speaker["role"] else ""
    )
    if not quotes:
        return (
            f'<div class="bb-person"><h3>{head}</h3>'
            '<p class="bb-empty">No quotes by them are left in the store.</p></div>'
        )
    ordered = newest_first(quotes)
    cards = []
    for q in ordered[:limit]:
        text, url = articles.get(q["doc_id"], ("", ""))
        kind = "in their words" if q["kind"] == "direct" else "reported speech"
        if q["speaker"] != speaker["speaker"]:
            kind += f" · named as {q['speaker']}"
        cards.append(
            f'<div class="bb-source bb-said">'
            f'<blockquote class="bb-said-words">“{html.escape(q["quote"])}”</blockquote>'
            f'<div class="bb-meta bb-said-kind">{html.escape(kind)}</div>'
            f"{where_html(q, url)}"
            f"{passage_html(text, q['start'], q['end'], 'Show where it is in the article')}"
            "</div>"
        )
    more = (
        f'<p class="bb-hint">Showing the newest {limit} of {len(ordered)}.</p>'
        if len(ordered) > limit
        else ""
    )
    count = _plural(len(ordered), "quote")
    return (
        f'<div class="bb-person"><h3>{head}</h3>'
        f'<p class="bb-count">{count}, newest first.</p>{more}{"".join(cards)}</div>'
    )


# -- Timeline -----------------------------------------------------------------------------


def marked_sentence(text: str, expression: str) -> str:
    """The sentence, escaped, with the words that gave the date marked."""
    at = text.find(expression) if expression else -1
    if at < 0:
        return html.escape(text)
    end = at + len(expression)
    return (
        f'{html.escape(text[:at])}<mark class="bb-when">{html.escape(text[at:end])}</mark>'
        f"{html.escape(text[end:])}"
    )


def timeline_html(
    events: list[dict], articles: dict | None = None, topic: str = "", limit: int = 200
) -> str:
    """Dated events oldest first: date, past or planned, the exact sentence, its source.

    articles: doc_id -> (text, url) of the articles the events are in."""
    articles = articles or {}
    if not events:
        about = f" about “{html.escape(topic)}”" if topic else ""
        return (
            f'<p class="bb-empty">No dated events{about} in the stored articles. '
            "Try other words or wider dates.</p>"
        )
    rows = []
    for e in events[:limit]:
        text, url = articles.get(e["doc_id"], ("", ""))
        status = e["status"] if e["status"] in STATUS_WORDS else "past"
        rows.append(
            f'<li class="bb-event bb-{status}">'
            f'<div class="bb-event-when"><span class="bb-date">{html.escape(nice_date(e["date"]))}'
            f'</span> <span class="bb-status-tag bb-tag-{status}" title="{STATUS_TIPS[status]}">'
            f"{STATUS_WORDS[status]}</span>"
            "</div>"
            f'<p class="bb-event-text">{marked_sentence(e["text"], e["expression"])}</p>'
            f"{where_html(e, url)}"
            f"{passage_html(text, e['start'], e['end'], 'Show it in the article')}"
            "</li>"
        )
    planned = sum(1 for e in events if e["status"] == "planned")
    lead = (
        f"{_plural(len(events), 'dated event')}, oldest first "
        f"({len(events) - planned} past, {planned} planned)."
    )
    if len(events) > limit:
        lead += f" Showing the first {limit}: narrow it with a topic or dates."
    return f'<p class="bb-count">{lead}</p><ol class="bb-timeline">{"".join(rows)}</ol>'


CSS = """
ol.bb-speakers { list-style: none; padding: 0; margin: 0; max-height: 640px; overflow-y: auto; }
ol.bb-speakers li { margin: 0 0 4px; padding: 0; }
button.bb-speaker { display: flex; flex-direction: column; align-items: flex-start; width: 100%;
  text-align: left; cursor: pointer; padding: 6px 10px; border-radius: 8px; font: inherit;
  border: 1px solid var(--border-color-primary); background: var(--background-fill-secondary);
  color: var(--body-text-color); }
button.bb-speaker:hover, button.bb-speaker:focus-visible { border-color: var(--color-accent); }
button.bb-speaker.bb-picked { box-shadow: 0 0 0 2px var(--color-accent); }
.bb-who { font-weight: 600; }
button.bb-speaker .bb-role { font-size: .9em; }
button.bb-speaker .bb-meta { margin: 0; }
.bb-person h3 { margin: 0 0 2px; }
.bb-role { font-weight: 400; color: var(--body-text-color-subdued); }
blockquote.bb-said-words { margin: 0 0 4px; padding: 0 0 0 8px; font-size: 1em;
  border-left: 3px solid var(--color-accent); overflow-wrap: anywhere; }
.bb-said-kind { font-style: italic; }
details.bb-in-article summary { cursor: pointer; color: var(--color-accent); font-size: .9em; }
details.bb-in-article .bb-passage { margin-top: 6px; }
ol.bb-timeline { list-style: none; padding: 0; margin: 0; }
li.bb-event { border-left: 3px solid var(--border-color-primary); padding: 4px 0 10px 12px;
  margin: 0; }
li.bb-event.bb-planned { border-left-color: var(--color-accent); }
.bb-date { font-weight: 700; }
.bb-status-tag { font-size: .78em; padding: 1px 6px; border-radius: 9px;
  border: 1px solid var(--border-color-primary); color: var(--body-text-color-subdued); }
.bb-tag-planned { border-color: var(--color-accent); color: var(--color-accent); }
.bb-event-text { margin: 2px 0; overflow-wrap: anywhere; }
mark.bb-when { background: #bae6fd; color: #0c4a6e; padding: 0 2px; border-radius: 3px; }
"""
