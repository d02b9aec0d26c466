"""Summary and what-comes-next requests asked in chat, CLI or Slack ("give me an overview of
the haldor briefing", "tell me about the levy", "what should we watch for on the accord?"),
answered from a short briefing: a request naming one stored document summarises that
document; "next" quotes what the articles say lies ahead; anything else summarises the topic."""

from __future__ import annotations

from dataclasses import replace

from bot.models import Answer, BriefRequest, Filters


def chat_summary(bot, q, filters: Filters, wanted: str) -> Answer | None:
    """The cited answer of `bot` (a BriefBot) to the understood question `q`; None when no
    briefing can be made or nothing lies ahead (the question is then answered as any)."""
    from bot.briefing.ahead import ahead_answer, ahead_topic
    from bot.briefing.named import named_document
    from bot.briefing.summary import document_answer, for_question, summary_answer
    from bot.errors import NothingToBrief

    topic = ahead_topic(q.topic) if wanted == "next" else q.topic
    if wanted == "next" and not topic:  # "what are the next steps?": across the store
        from bot.briefing.ahead import store_ahead_answer

        return store_ahead_answer(q.original, bot, filters)
    named = named_document(topic, bot.store) if wanted == "summary" else None
    request = BriefRequest(topic=topic, filters=filters, max_words=150)
    try:
        briefing = bot.brief(replace(request, doc_id=named) if named else request)
    except NothingToBrief:
        return None
    answer: Answer | None
    if wanted == "next":
        answer = ahead_answer(q.original, briefing, bot.store, bot.embedder, bot.retriever, request)
        if answer is not None and not _on_topic(topic, answer, bot):
            return _declined(q)
    elif named:
        answer = document_answer(q.original, briefing, q.topic, bot.embedder, bot.store)
    else:
        answer = summary_answer(q.original, briefing, q.topic, bot.embedder, bot.store)
        if not _on_topic(q.topic, answer, bot):
            return _declined(q)
    if answer is None:
        return None
    if q.asked:
        answer.note = "; ".join(x for x in (answer.note, f"Read as: {q.text}") if x)
    return for_question(answer, q)


def _on_topic(topic: str, answer: Answer, bot) -> bool:
    """Whether the re-ranker reads one of the answer's sentences (with its article's title)
    as about `topic`: "explain the eu ai act" is not answered from an article on ad tracking."""
    from bot.answering.abstain import topic_covered

    quotes = [f"{c.title}. {c.quote}" if c.title else c.quote for c in answer.citations]
    return topic_covered(topic, quotes, bot.retriever.reranker)


def _declined(q) -> Answer:
    """Declined as an answer with no evidence is."""
    from bot.answering.abstain import NOT_ANSWERED
    from bot.answering.declined import declined

    return declined(q, NOT_ANSWERED)
