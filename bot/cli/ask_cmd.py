"""`briefbot ask "QUESTION"`: a cited answer from the stored articles."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.common import StoreOpt, console, settings_for


def register(app: typer.Typer) -> None:
    app.command("ask")(ask)


def ask(
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="Passages to retrieve.")] = 10,
    source: Annotated[
        str | None, typer.Option("--source", help="Only articles from this outlet.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only articles published on/after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only articles published on/before (YYYY-MM-DD).")
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Answer a question with quotes from the stored articles, each with a numbered source."""
    filters = make_filters(source, since, until)  # bad dates fail before the store opens
    from bot.service import BriefBot

    bot = BriefBot(settings_for(store))
    if as_json:
        import json

        answer = bot.ask(question, k=k, filters=filters)
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
        return
    stream_answer(console(), bot.stream(question, k=k, filters=filters))


def stream_answer(out, events) -> None:
    """Print answer text as it is written, then the note and the numbered sources."""
    from bot.models import Answer

    shown: list[str] = []
    for event in events:
        if isinstance(event, Answer):
            if "".join(shown).strip() == event.answer.strip():
                out.print()
                show_answer(out, event, text=False)
            else:  # nothing streamed, or a fallback replaced it: show the final text whole
                if shown:
                    out.print()
                show_answer(out, event)
            return
        shown.append(event)
        out.print(event, end="", markup=False, highlight=False)


def make_filters(source: str | None, since: str | None, until: str | None):
    """Filters from the --source/--since/--until options."""
    from bot.models import Filters

    return Filters.parse(source, since, until)


def show_answer(out, answer, passages: bool = True, text: bool = True) -> None:
    """The answer, then its numbered sources with the quoted passage highlighted."""
    from rich.text import Text

    if text:
        out.print(Text(answer.answer, style="yellow" if answer.abstained else ""))
    if answer.note:
        out.print(Text(answer.note, style="dim italic"))
    if not answer.citations:
        return
    out.print()
    out.print(Text("Sources", style="bold underline"))
    for c in answer.citations:
        head = Text(f"[{c.n}] ", style="bold cyan")
        head.append(c.title or c.doc_id[:10], style="bold")
        meta = " · ".join(x for x in (c.source, c.published_at[:10]) if x)
        if meta:
            head.append(f" — {meta}", style="dim")
        out.print(head)
        if c.url:
            out.print(Text(f"    {c.url}", style="dim blue"))
        if passages:
            out.print(_highlighted(c), soft_wrap=False)


def _highlighted(citation, around: int = 160):
    """The quote in bold yellow inside up to `around` characters of its passage either side."""
    from rich.padding import Padding
    from rich.text import Text

    passage, quote = citation.passage, citation.quote
    at = passage.find(quote)
    before = passage[max(0, at - around) : at] if at >= 0 else ""
    after = passage[at + len(quote) : at + len(quote) + around] if at >= 0 else ""
    if at - around > 0:  # start and end the context on whole words
        before = before.split(" ", 1)[-1]
    if at + len(quote) + around < len(passage):
        after = after.rsplit(" ", 1)[0]
    text = Text()
    if before:
        cut = at - around > 0
        text.append(("…" if cut else "") + _flat(before) + " ", style="dim")
    text.append(_flat(quote), style="bold yellow")
    if after.strip():
        cut = at + len(quote) + around < len(passage)
        text.append(" " + _flat(after) + ("…" if cut else ""), style="dim")
    return Padding(text, (0, 0, 1, 4))


def _flat(text: str) -> str:
    return " ".join(text.split())
