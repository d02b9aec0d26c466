"""Selecting what a briefing reads: one article, a topic's on-topic articles, or a period."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from bot.briefing.boilerplate import is_boilerplate, leading_prompt
from bot.briefing.models import MaterialOptions, Progress
from bot.briefing.select import _STOP, Candidate, words
from bot.errors import NothingToBrief
from bot.models import BRIEF_STEPS as STEPS
from bot.models import BriefRequest, Filters
from bot.retrieval import Retriever

Gathered = tuple[list[Candidate], dict[str, str], "np.ndarray | None", list[str]]


def gather(
    store, embedder, request: BriefRequest, retriever, options: MaterialOptions, step: Progress
) -> Gathered:
    """Candidate sentences, article texts by id, the topic vector and notices for the reader."""
    topic_vec = None
    if request.topic:
        topic_vec = np.asarray(embedder.embed_query(request.topic), dtype=np.float32)
    if request.doc_id:
        cands, texts = _one_article(store, request)
        notices: list[str] = []
    elif request.topic:
        assert topic_vec is not None
        cands, texts, notices = _on_topic(
            store, retriever or Retriever(store, embedder), request, topic_vec, options, step
        )
    else:
        cands, texts, notices = _period(store, request, options, step)
    if not cands:
        raise NothingToBrief(f"no articles match {describe(request)}: nothing to brief")
    return cands, texts, topic_vec, notices


def describe(request: BriefRequest) -> str:
    """The request in words, for messages: topic 'x' from outlet y between d1 and d2."""
    parts = [
        f"id {request.doc_id!r}"
        if request.doc_id
        else (f"the topic {request.topic!r}" if request.topic else "the request")
    ]
    f = request.filters
    if f.source:
        parts.append(f"from {f.source!r}")
    if f.since is not None:
        parts.append(f"since {day(f.since)}")
    if f.until is not None:
        parts.append(f"until {day(f.until)}")
    return " ".join(parts)


def day(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).date().isoformat()


def _one_article(store, request: BriefRequest) -> tuple[list[Candidate], dict[str, str]]:
    article = store.get_article(request.doc_id)
    if article is None:  # a unique prefix, as `briefbot sources` shows them, is enough
        matches = [a for a in store.list_articles() if a.doc_id.startswith(request.doc_id)]
        if len(matches) > 1:
            raise NothingToBrief(
                f"id prefix {request.doc_id!r} matches {len(matches)} articles; give more of it"
            )
        article = store.get_article(matches[0].doc_id) if matches else None
    if article is None or not _passes(article.meta, request.filters):
        return [], {}
    ts = int(article.meta.get("published_ts", 0) or 0)
    cands = sentence_candidates(article.doc_id, article.text, article.meta, ts)
    return cands, {article.doc_id: article.text}


def _passes(meta: dict, filters: Filters) -> bool:
    ts = int(meta.get("published_ts", 0) or 0)
    if filters.source and meta.get("source") != filters.source:
        return False
    if filters.since is not None and ts < filters.since:
        return False
    return not (filters.until is not None and ts > filters.until)


def _on_topic(
    store,
    retriever,
    request: BriefRequest,
    topic_vec: np.ndarray,
    options: MaterialOptions,
    step: Progress,
):
    passages = retriever.search(request.topic, k=options.k, filters=request.filters)
    ids = list(dict.fromkeys(p.doc_id for p in passages))
    if not ids:
        return [], {}, []
    # Retrieval fuses keyword and dense ranks, so its scores do not say "on topic";
    # the cosine of each article's best chunk to the topic does, on an absolute scale.
    relevance, best_chunks = {}, {}
    for doc_id in ids:
        got = store.chunks.get(where={"doc_id": doc_id}, include=["embeddings", "metadatas"])
        if not got["ids"]:
            continue
        sims = np.asarray(got["embeddings"], dtype=np.float32) @ topic_vec
        order = np.argsort(-sims)[: options.chunks_per_article]
        relevance[doc_id] = float(sims[order[0]])
        best_chunks[doc_id] = [
            (int(got["metadatas"][i]["start"]), int(got["metadatas"][i]["end"])) for i in order
        ]
    if not relevance:
        return [], {}, []
    top = max(relevance.values())
    keep = [
        d
        for d in ids
        if d in relevance
        and relevance[d] >= max(options.relevance_floor, top - options.relevance_margin)
    ]
    keep = sorted(keep, key=lambda d: -relevance[d])[: options.max_articles]
    articles = store.get_articles(keep)
    terms = _content_terms(request.topic)
    step(STEPS[1])
    cands: list[Candidate] = []
    texts: dict[str, str] = {}
    metas: dict[str, dict] = {}
    notices: list[str] = []
    for doc_id in keep:
        article = articles.get(doc_id)
        if article is None or not _mentions(article.text, terms):
            continue
        if _copy_of(article, texts, metas):
            notices.append(f"'{article.title}' is a copy of an article already used: counted once")
            continue
        texts[doc_id] = article.text
        metas[doc_id] = dict(article.meta)
        ts = int(article.meta.get("published_ts", 0) or 0)
        cands.extend(
            sentence_candidates(doc_id, article.text, metas[doc_id], ts, ranges=best_chunks[doc_id])
        )
    _group_copies(store, texts, metas)
    skipped = len(ids) - len(keep)
    if skipped:
        notices.append(f"{skipped} retrieved article(s) were off-topic and left out")
    return cands, texts, notices


def _copy_of(article, texts: dict[str, str], metas: dict[str, dict]) -> bool:
    """True when `article` copies one already read; it is then listed with that source
    (meta "copies": outlet, title, date, link), so the source list groups them."""
    kept = next((d for d in article.duplicates if d in texts), None)
    if kept is None:
        return False
    _add_copy(metas[kept], article)
    return True


def _add_copy(meta: dict, article) -> None:
    copies = meta.setdefault("copies", [])
    if any(c["doc_id"] == article.doc_id for c in copies):
        return
    copy = article.meta
    copies.append(
        {
            "doc_id": article.doc_id,
            "title": str(copy.get("title", "")),
            "source": str(copy.get("source", "")),
            "published_at": str(copy.get("published_at", "")),
            "url": str(copy.get("url", "")),
        }
    )


def _group_copies(store, texts: dict[str, str], metas: dict[str, dict]) -> None:
    """Copies of the articles read that retrieval folded away, listed with their original."""
    wanted = {d: kept for kept in texts for d in store_duplicates(store, kept) if d not in texts}
    if not wanted:
        return
    for doc_id, article in store.get_articles(list(wanted)).items():
        _add_copy(metas[wanted[doc_id]], article)


def store_duplicates(store, doc_id: str) -> list[str]:
    article = store.get_articles([doc_id]).get(doc_id)
    return list(article.duplicates) if article is not None else []


def _content_terms(topic: str) -> set[str]:
    return {w.lower()[:5] for w in words(topic) if len(w) > 3 and w.lower() not in _STOP}


def _mentions(text: str, terms: set[str]) -> bool:
    if not terms:
        return True
    found = {w.lower()[:5] for w in words(text)}
    return bool(terms & found)


def _period(store, request: BriefRequest, options: MaterialOptions, step: Progress):
    from ingest.store import COMPLETE

    clauses = [{"status": COMPLETE}]
    where = request.filters.where()
    if where:
        clauses.extend(where["$and"] if "$and" in where else [where])
    got = store.articles.get(
        where={"$and": clauses} if len(clauses) > 1 else clauses[0], include=["metadatas"]
    )
    matched = sorted(
        zip(got["ids"], got["metadatas"], strict=True),
        key=lambda im: -int(im[1].get("published_ts", 0) or 0),
    )
    chosen = [i for i, _ in matched[: options.period_articles]]
    notices = []
    if len(matched) > len(chosen):
        notices.append(
            f"{len(matched)} articles match; this briefing reads the {len(chosen)} most recent"
        )
    step(STEPS[1])
    articles = store.get_articles(chosen)
    cands: list[Candidate] = []
    texts: dict[str, str] = {}
    metas: dict[str, dict] = {}
    for doc_id in chosen:
        article = articles[doc_id]
        if _copy_of(article, texts, metas):
            continue
        texts[doc_id] = article.text
        metas[doc_id] = dict(article.meta)
        ts = int(article.meta.get("published_ts", 0) or 0)
        cands.extend(
            sentence_candidates(
                doc_id, article.text, metas[doc_id], ts, limit=options.period_sentences
            )
        )
    _group_copies(store, texts, metas)
    return cands, texts, notices


def sentence_candidates(
    doc_id: str,
    text: str,
    meta: dict,
    ts: int,
    ranges: list[tuple[int, int]] | None = None,
    limit: int | None = None,
) -> list[Candidate]:
    """The article's sentences (inside `ranges` when given) as candidates with exact spans;
    page furniture (bot/briefing/boilerplate.py) is left out, a prompt glued to the start of
    a sentence cut off."""
    from ingest.chunking import sentence_spans

    out = []
    for position, (start, end) in enumerate(sentence_spans(text)):
        if limit is not None and position >= limit:
            break
        if ranges is not None and not any(a <= start and end <= b for a, b in ranges):
            continue
        start += leading_prompt(text[start:end])
        if start >= end or is_boilerplate(text[start:end]):
            continue
        out.append(
            Candidate(
                doc_id=doc_id,
                start=start,
                end=end,
                text=text[start:end],
                position=position,
                passage=_paragraph(text, start, end),
                ts=ts,
                meta=meta,
            )
        )
    return out


def _paragraph(text: str, start: int, end: int) -> str:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    if right - left > 1200:  # one-paragraph articles: a window of the text instead
        left, right = max(left, start - 400), min(right, end + 400)
    return text[left:right]
