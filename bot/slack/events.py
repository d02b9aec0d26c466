"""@mentions and direct messages: a cited answer in the thread, follow-ups using the thread."""

from __future__ import annotations

import logging
import re
from typing import Any

from bot.slack import format as fmt
from bot.slack import thread as thread_summary
from bot.slack.state import state_of

log = logging.getLogger("bot.slack")

# Marks our own answer messages so a thread's history can be read back (conversations.replies).
ANSWER_EVENT = "briefbot_answer"
HISTORY_LIMIT = 20  # earlier turns passed to the core at most
HELP = (
    "Ask me a question about the articles, e.g. _What did Sihasak say about the October "
    "agreement?_ Every answer quotes its sources. Follow-ups in the same thread use the "
    "conversation so far."
)


def register(app, bot) -> None:
    """Listen for @mentions in channels and messages in DMs."""
    state = state_of(app)

    def answer_mention(event: dict[str, Any], client, context) -> None:
        if is_from_bot(event):
            return
        if thread_summary.wants_summary(clean_question(event.get("text", ""), context.bot_user_id)):
            state.later(thread_summary.summarize, bot, client, event, context)
            return
        thread = event.get("thread_ts") or event["ts"]
        respond_to(bot, state, client, event, context, reply_thread=thread)

    def answer_direct_message(event: dict[str, Any], client, context) -> None:
        # Top-level DMs get top-level answers; inside a DM thread, the answer stays in it.
        respond_to(bot, state, client, event, context, reply_thread=event.get("thread_ts"))

    app.event("app_mention")(ack=_ack, lazy=[answer_mention])
    app.event("message", matchers=[_is_direct_message])(ack=_ack, lazy=[answer_direct_message])
    # Other message events (edits, channel chatter, bots) are acknowledged and ignored.
    app.event("message")(_ack)


def _ack(ack) -> None:
    ack()


def _is_direct_message(body: dict[str, Any]) -> bool:
    # Decided while dispatching, so bots' and edited messages never start any work.
    event = body.get("event") or {}
    return event.get("channel_type") == "im" and not is_from_bot(event) and not event.get("subtype")


def is_from_bot(event: dict[str, Any]) -> bool:
    """True for messages written by any bot, this one included."""
    return bool(
        event.get("bot_id") or event.get("subtype") == "bot_message" or event.get("bot_profile")
    )


def clean_question(text: str, bot_user_id: str | None) -> str:
    """Slack message text -> the plain question (mention removed, links and escapes undone)."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^>]*)?>", " ", text)
    text = re.sub(r"<[@#!][^|>]*\|([^>]*)>", r"\1", text)  # <@U1|name>, <#C1|general>
    text = re.sub(r"<(https?://[^|>]+)\|([^>]*)>", r"\2", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = re.sub(r"<@([A-Z0-9]+)>", r"@\1", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())


def respond_to(
    bot, state, client, event: dict[str, Any], context, reply_thread: str | None
) -> None:
    """Show at once that the question was seen (⏳, placeholder), then answer on the answer pool."""
    try:
        job = _start(client, event, context, reply_thread)
    except Exception:  # Slack refused a post (e.g. not_in_channel): nowhere left to say so
        log.exception("could not answer a message in %s", event.get("channel"))
        return
    if job is not None:
        state.later(_finish, bot, state, client, job)


def _start(client, event: dict[str, Any], context, reply_thread: str | None) -> dict | None:
    """The quick part, on Bolt's threads: read the thread, react, post the placeholder."""
    channel = event["channel"]
    question = clean_question(event.get("text", ""), context.bot_user_id)
    if not question:
        client.chat_postMessage(channel=channel, thread_ts=reply_thread, text=HELP)
        return None
    history = []
    if event.get("thread_ts"):
        try:
            history = thread_history(client, channel, event["thread_ts"], event["ts"], context)
        except Exception:  # e.g. a missing *:history scope: answer without the thread
            log.exception("could not read the thread %s in %s", event["thread_ts"], channel)
    _react(client, "reactions_add", channel, event["ts"])
    placeholder = fmt.working_message()
    try:
        posted = client.chat_postMessage(
            channel=channel,
            thread_ts=reply_thread,
            text=placeholder.text,
            blocks=placeholder.blocks,
        )
    except Exception:
        _react(client, "reactions_remove", channel, event["ts"])
        raise
    return {
        "channel": channel,
        "ts": event["ts"],
        "thread": reply_thread,
        "question": question,
        "history": history,
        "placeholder": posted["ts"],
    }


def _finish(bot, state, client, job: dict) -> None:
    """The slow part, on the answer pool: write the answer and put it in the placeholder's place."""
    channel = job["channel"]
    try:
        messages, answer = _answer(bot, job["question"], job["history"])
        stamps = post_messages(
            client, channel, job["thread"], messages, replace_ts=job["placeholder"]
        )
        if answer is not None:
            # The feedback buttons sit on the last message; remember the whole answer for them.
            state.answers.put(
                f"{channel}:{stamps[-1]}",
                {"answer": answer.answer, "citations": [c.to_dict() for c in answer.citations]},
            )
    except Exception:
        log.exception("could not deliver an answer in %s", channel)
        error = fmt.error_message(friendly_error(None))
        try:
            client.chat_update(
                channel=channel, ts=job["placeholder"], text=error.text, blocks=error.blocks
            )
        except Exception:
            log.exception("could not say so in %s either", channel)
    finally:
        _react(client, "reactions_remove", channel, job["ts"])


def _answer(bot, question: str, history: list[tuple[str, str]]) -> tuple[list[fmt.Message], Any]:
    """The answer as Slack messages and the Answer (or one friendly error message and None)."""
    from bot.errors import BriefbotError

    try:
        answer = bot.ask(question, history=history)
    except BriefbotError as exc:
        log.exception("briefbot could not answer %r", question)
        return [_tag(fmt.error_message(friendly_error(exc)), "error")], None
    except Exception:
        log.exception("unexpected error answering %r", question)
        return [_tag(fmt.error_message(friendly_error(None)), "error")], None
    messages = fmt.answer_messages(answer)
    for message in messages:
        # Parts holding answer text are history; parts holding only sources are not.
        kind = "answer" if message.blocks and message.blocks[0]["type"] == "section" else "sources"
        _tag(message, kind, answer.question)
    return messages, answer


def _tag(message: fmt.Message, kind: str, question: str = "") -> fmt.Message:
    message.metadata = {
        "event_type": ANSWER_EVENT,
        "event_payload": {"kind": kind, "question": question[:500]},
    }
    return message


def friendly_error(exc: Exception | None) -> str:
    """A short reply for users; details go to the log, never to the channel."""
    from bot.errors import EmptyStore, LLMError

    if isinstance(exc, EmptyStore):
        return "No articles have been added yet, so I have nothing to answer from."
    if isinstance(exc, LLMError):
        return (
            "Sorry, the language model didn't respond, so I couldn't write an answer. "
            "Please try again in a minute."
        )
    return (
        "Sorry, something went wrong while answering. Please try again; "
        "if it keeps happening, tell whoever runs briefbot."
    )


def post_messages(
    client,
    channel: str,
    thread: str | None,
    messages: list[fmt.Message],
    replace_ts: str | None = None,
) -> list[str]:
    """Post messages in order, the first replacing `replace_ts`; returns their timestamps."""
    stamps: list[str] = []
    for i, message in enumerate(messages):
        extra = {"metadata": message.metadata} if message.metadata else {}
        if i == 0 and replace_ts:
            client.chat_update(
                channel=channel, ts=replace_ts, text=message.text, blocks=message.blocks, **extra
            )
            stamps.append(replace_ts)
        else:
            result = client.chat_postMessage(
                channel=channel, thread_ts=thread, text=message.text, blocks=message.blocks, **extra
            )
            stamps.append(result["ts"])
    return stamps


def thread_history(
    client, channel: str, thread_ts: str, before_ts: str, context
) -> list[tuple[str, str]]:
    """Earlier (question, answer) turns of a thread, read with conversations.replies."""
    messages: list[dict[str, Any]] = []
    cursor = None
    while len(messages) < 1000:
        page = client.conversations_replies(
            channel=channel, ts=thread_ts, cursor=cursor, limit=200, include_all_metadata=True
        )
        messages.extend(page.get("messages") or [])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    turns: list[tuple[str, str]] = []
    question, parts = "", []
    for msg in sorted(messages, key=lambda m: float(m.get("ts", 0))):
        if float(msg.get("ts", 0)) >= float(before_ts):
            break
        meta = msg.get("metadata") or {}
        if meta.get("event_type") == ANSWER_EVENT:
            if meta.get("event_payload", {}).get("kind") == "answer" and question:
                parts.append(msg.get("text", ""))
        elif not is_from_bot(msg):
            if question and parts:
                turns.append((question, "\n\n".join(parts)))
            question, parts = clean_question(msg.get("text", ""), context.bot_user_id), []
    if question and parts:
        turns.append((question, "\n\n".join(parts)))
    return turns[-HISTORY_LIMIT:]


def _react(client, method: str, channel: str, ts: str) -> None:
    """Best effort: the hourglass reaction is a courtesy, never a reason to fail.

    Slack's refusals (already_reacted, missing_scope) and network errors alike are logged.
    """
    from slack_sdk.errors import SlackApiError

    try:
        getattr(client, method)(channel=channel, timestamp=ts, name="hourglass_flowing_sand")
    except SlackApiError as exc:
        log.warning("%s failed: %s", method, exc.response.get("error"))
    except Exception as exc:  # e.g. URLError, TimeoutError, a dropped connection
        log.warning("%s failed: %s", method, exc)
