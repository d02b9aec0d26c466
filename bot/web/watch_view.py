"""Watches and their digests as HTML for the Watches tab (all text escaped).

A digest shows its headline, its items (each labelled new, updated or conflicting after the
first brief) with [n] buttons, and the quoted passages as the same source cards the Chat tab
shows: a click on [n] brings its card into view, and the card's button leads back.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from bot.models import Citation
from bot.web import render

STATUS_WORDS = {"new": "New", "updated": "Updated", "conflicting": "Conflicting"}
NO_WATCHES = (
    "No watches yet. Add one below: a short name, the topic to follow and how often to check."
)
PICK_ONE = "Pick a watch above to run it or read its digests."
NEVER_RUN = "No digests yet: press “Run now” to write the first one (a full brief on the topic)."
EVERY_HINT = (
    "How often: an interval such as 1d (daily), 6h or 30m, or a cron line such as "
    "0 7 * * 1-5 (07:00 on weekdays). `briefbot watch serve` runs watches when they are due."
)
_REF = re.compile(r"\[(\d+)\]")

CSS = """
table.bb-watches { width: 100%; border-collapse: collapse; font-size: .92em; border: none; }
table.bb-watches th, table.bb-watches td { text-align: left; padding: 4px 6px; border: none;
  border-bottom: 1px solid var(--border-color-primary); vertical-align: top;
  overflow-wrap: anywhere; }
.bb-digest { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 8px 12px; margin-bottom: 12px; }
.bb-digest summary { cursor: pointer; font-weight: 600; }
.bb-digest-meta { font-size: .85em; color: var(--body-text-color-subdued); margin: 2px 0 8px; }
.bb-tag { display: inline-block; font-size: .78em; font-weight: 700; border-radius: 4px;
  padding: 0 5px; margin-right: 4px; border: 1px solid currentColor; }
.bb-tag-new { color: #15803d; } .bb-tag-updated { color: #1d4ed8; }
.bb-tag-conflicting { color: #b45309; }
.bb-digest li { margin-bottom: 6px; line-height: 1.45; overflow-wrap: anywhere; }
button.bb-wcite { background: none; border: none; padding: 0 1px; margin: 0; cursor: pointer;
  color: var(--color-accent); font: inherit; font-weight: 600; }
.bb-digest .bb-sources { max-height: none; }
@media (max-width: 640px) {
  table.bb-watches thead { display: none; }
  table.bb-watches, table.bb-watches tbody, table.bb-watches tr, table.bb-watches td {
    display: block; width: 100%; box-sizing: border-box; }
  table.bb-watches tr { border-bottom: 1px solid var(--border-color-primary); padding: 6px 0; }
  table.bb-watches td { border: none; padding: 1px 4px; }
  table.bb-watches td:not(.bb-w-name)::before { content: attr(data-label) ": ";
    color: var(--body-text-color-subdued); }
}
"""

# [n] in a digest brings its source card into view; the card's button goes back to the [n].
JS = """element.addEventListener('click', function (event) {
  var t = event.target && event.target.closest ? event.target : null;
  if (!t) { return; }
  var ref = t.closest('button.bb-wcite');
  var box = t.closest('.bb-digest');
  if (ref && box) {
    var card = box.querySelector('.bb-source.bb-for-' + ref.dataset.n);
    if (!card) { return; }
    element.querySelectorAll('.bb-source.bb-target').forEach(function (c) {
      c.classList.remove('bb-target');
    });
    card.classList.add('bb-target');
    element.bbLast = ref;
    card.scrollIntoView({behavior: 'smooth', block: 'center'});
    card.classList.add('bb-flash');
    setTimeout(function () { card.classList.remove('bb-flash'); }, 1600);
    event.stopPropagation();
    return;
  }
  var back = t.closest('.bb-back');
  if (back && box) {
    var goal = element.bbLast && element.contains(element.bbLast) ? element.bbLast :
      box.querySelector('button.bb-wcite');
    if (goal) { goal.scrollIntoView({behavior: 'smooth', block: 'center'}); }
    event.stopPropagation();
  }
});"""


def esc(text) -> str:
    return html.escape(" ".join(str(text or "").split()))


def when(ts: float | None) -> str:
    """A time as '2025-11-03 07:00 UTC' ("never" for none)."""
    if not ts:
        return "never"
    return datetime.fromtimestamp(float(ts), UTC).strftime("%Y-%m-%d %H:%M UTC")


def note(text: str) -> str:
    return f'<p class="bb-empty">{html.escape(text)}</p>'


def watches_html(watches: list[dict]) -> str:
    """The watches table: name, topic, how often, Slack channel, last run, last delivered."""
    if not watches:
        return note(NO_WATCHES)
    head = ("Name", "Topic", "How often", "Slack channel", "Last run", "Last delivered")
    rows = []
    for w in watches:
        cells = (
            ("bb-w-name", w.get("name", "")),
            ("", w.get("topic", "")),
            ("", w.get("every", "")),
            ("", ", ".join(w.get("slack_channels") or []) or "none"),
            ("", when(w.get("last_run"))),
            ("", when(w.get("last_delivered"))),
        )
        tds = "".join(
            f'<td class="{cls}" data-label="{label}">{esc(value)}</td>'
            for (cls, value), label in zip(cells, head, strict=True)
        )
        rows.append(f"<tr>{tds}</tr>")
    ths = "".join(f"<th>{h}</th>" for h in head)
    n = len(watches)
    return (
        f'<p class="bb-count">{n} watch{"es" if n != 1 else ""}</p>'
        f'<table class="bb-watches"><thead><tr>{ths}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def passage_of(text: str, start: int, end: int, room: int = 240) -> str:
    """The paragraph around text[start:end], at most about `room` characters each side."""
    if not text or not 0 <= start < end <= len(text):
        return ""
    left = max(text.rfind("\n", 0, start) + 1, start - room)
    right = text.find("\n", end)
    right = min(len(text) if right < 0 else right, end + room)
    passage = text[left:right]
    if left > 0 and text[left - 1] != "\n" and " " in passage[: start - left]:
        passage = passage[passage.index(" ") + 1 :]  # start on a whole word
    if right < len(text) and text[right] != "\n" and " " in passage[-(right - end) :]:
        passage = passage[: passage.rindex(" ")]
    return passage.strip()


def citations_of(rows: list[dict], texts: dict[str, tuple[str, str]]) -> list[Citation]:
    """A digest's citation rows as Citations, each with the passage around its quote."""
    out = []
    for c in rows:
        text = texts.get(c.get("doc_id", ""), ("", ""))[0]
        start, end = int(c.get("start", -1) or 0), int(c.get("end", -1) or 0)
        quote = c.get("quote", "") or ""
        passage = passage_of(text, start, end)
        if quote not in passage:
            passage = quote  # the article is gone or changed: the quote alone still shows
        out.append(
            Citation(
                n=int(c["n"]),
                quote=quote,
                passage=passage,
                doc_id=c.get("doc_id", ""),
                title=c.get("title", ""),
                source=c.get("source", ""),
                url=c.get("url", "") or "",
                published_at=c.get("published_at", "") or "",
                start=start,
                end=end,
                score=0.0,
            )
        )
    return out


def _item_html(item: dict, first: bool) -> str:
    text = esc(item.get("text", ""))
    text = _REF.sub(
        lambda m: (
            f'<button type="button" class="bb-wcite" data-n="{int(m.group(1))}" '
            f'title="Show source {int(m.group(1))}">[{int(m.group(1))}]</button>'
        ),
        text,
    )
    status = item.get("status", "new")
    tag = (
        ""
        if first
        else f'<span class="bb-tag bb-tag-{esc(status)}">{STATUS_WORDS.get(status, esc(status))}</span>'
    )
    return f"<li>{tag}{text}</li>"


def digest_html(
    body: dict,
    texts: dict[str, tuple[str, str]] | None = None,
    at: float | None = None,
    delivered_at: float | None = None,
    open_: bool = True,
    files: dict[str, str] | None = None,
) -> str:
    """One digest: headline (a <details> summary), when, its items, its source cards."""
    first = bool(body.get("first"))
    items = body.get("items") or []
    meta = []
    if at:
        meta.append(f"written {when(at)}")
    if delivered_at is not None:
        meta.append(f"delivered {when(delivered_at)}" if delivered_at else "not delivered yet")
    if body.get("since"):
        meta.append(f"covers articles added since {body['since']}")
    elif first:
        meta.append("first brief: everything stored on the topic")
    out = [
        f'<details class="bb-digest"{" open" if open_ else ""}>'
        f"<summary>{esc(body.get('headline', ''))}</summary>",
        f'<p class="bb-digest-meta">{esc(" · ".join(meta))}</p>',
    ]
    if not items:
        said = (
            "Nothing on this topic in the stored articles yet."
            if first
            else f"Nothing new since {body.get('since') or 'the last digest'}."
        )
        out.append(note(said))
    else:
        out.append("<ul>" + "".join(_item_html(i, first) for i in items) + "</ul>")
    citations = citations_of(body.get("citations") or [], texts or {})
    if citations:
        names = files or {}
        cards = "".join(
            render.source_card(card, names.get(card.doc_id, ""))
            for card in render.merge_cards(citations)
        ).replace("Back to the answer", "Back to the digest")
        out.append(f'<h4>Sources</h4><div class="bb-sources">{cards}</div>')
    out.append("</details>")
    return "".join(out)


def digests_html(
    name: str, digests: list[dict], texts: dict[str, tuple[str, str]] | None = None
) -> str:
    """The last digests of a watch, newest first (the newest open)."""
    if not digests:
        return note(NEVER_RUN)
    parts = [f"<h3>Last digests of {esc(name)}</h3>"]
    for k, d in enumerate(digests):
        parts.append(digest_html(d["body"], texts, d.get("at"), d.get("delivered_at"), k == 0))
    return "".join(parts)


def doc_ids(bodies: list[dict]) -> list[str]:
    """The articles the digests cite (to read their passages)."""
    return list(dict.fromkeys(c.get("doc_id", "") for b in bodies for c in b.get("citations", [])))
