"""Answers from the quote and event index.

"What did X say (about Y)" is answered from X's attributed quotes, most on-topic first
(word overlap and embedding similarity with the rest of the question), each cited with its
whole sentence so the reader sees who says it. "When ..." questions lead with the resolved
date of a matching event when the answer already cites that event's sentence: the index
gives the date, retrieval and the answerer vouch for the topic.
"""

from __future__ import annotations

import re

import numpy as np

from bot.models import Answer, Citation, Passage
from bot.question import Question

MAX_QUOTES = 4  # quotes shown in an answer (the People view and `briefbot quotes` list all)


PASSAGE_MARGIN = 250  # characters of the article shown around a cited sentence
FEW_QUOTES = 3  # an answer on a subject shows its on-topic quotes, padded to this many
ON_TOPIC_COSINE = 0.3  # a quote's sentence this close to "Y" in "what did X say about Y"


def speaker_answer(q: Question, hits: list, store, embedder=None) -> Answer | None:
    """The answer listing what the asked speaker said, most on-topic first; None when the
    index has nothing usable. When the question names a subject none of the quotes touches,
    the answer says so and is marked abstained (it still lists what the speaker did say)."""
    if not hits:
        return None
    articles = store.get_articles({h.doc_id for h in hits})
    texts = {d: a.text for d, a in articles.items()}
    fresh = [h for h in hits if texts.get(h.doc_id, "")[h.start : h.end] == h.quote]
    if not fresh:
        return None  # the articles changed since they were indexed: never cite a stale span
    spans = [
        with_antecedent(texts[h.doc_id], *sentence_around(texts[h.doc_id], h.start, h.end))
        for h in fresh
    ]
    contexts = [_context(texts[h.doc_id], a, b) for h, (a, b) in zip(fresh, spans, strict=True)]
    own = [texts[h.doc_id][a:b] for h, (a, b) in zip(fresh, spans, strict=True)]
    relevance = _relevance(q.speaker_topic, own, contexts, embedder)
    order = sorted(range(len(fresh)), key=lambda i: -relevance[i])
    if q.speaker_topic:  # what is on the subject, then only a little of the rest
        bar = max(ON_TOPIC_COSINE, 0.6 * relevance[order[0]])
        fitting = [i for i in order if relevance[i] >= bar]
        order = order[: max(len(fitting), FEW_QUOTES)]
    order = order[:MAX_QUOTES]
    on_topic = (
        not q.speaker_topic
        or max(relevance) >= ON_TOPIC_COSINE
        or any(_shares_words(q.speaker_topic, texts[d]) for d in {h.doc_id for h in fresh})
    )
    one = len({fresh[i].speaker for i in order}) == 1
    citations: list[Citation] = []
    lines: list[str] = []
    for i in order:
        h, (start, end) = fresh[i], spans[i]
        text = texts[h.doc_id]
        n = len(citations) + 1
        meta = articles[h.doc_id].meta  # the article's own date: an inferred one is not shown
        dated = str(meta.get("published_at", "") or "")
        citations.append(_citation(n, h, text, start, end, str(meta.get("url", "")), dated))
        where = ", ".join(x for x in (h.source, dated[:10]) if x)
        said = f"\u201c{_flat(text[start:end])}\u201d" + (f" ({where}{_also(h)})" if where else "")
        lines.append(f"{said} [{n}]" if one else f"{_who(h)}: {said} [{n}]")
    who = _named(_who(fresh[order[0]])) if one else q.speaker_name
    if on_topic:
        lead = f"What the articles quote {who} as saying"
        more = f" ({len(citations)} of {len(fresh)})" if len(fresh) > len(citations) else ""
        lead += f", most on-topic first{more}:" if len(citations) > 1 else ":"
    else:
        lead = (
            f"The stored articles don't quote {who} on {_as_asked(q.text, q.speaker_topic)}. "
            f"What they do quote {who} as saying:"
        )
    body = "\n".join(f"- {line}" for line in lines)
    return Answer(q.original, f"{lead}\n{body}", not on_topic, "extractive", citations)


def _context(text: str, start: int, end: int) -> str:
    """The quote's sentence with the one before it (where the subject is often named)."""
    from ingest.chunking import sentence_spans

    window = text[max(0, start - 400) : start]
    spans = sentence_spans(window)
    before = window[spans[-1][0] : spans[-1][1]] if spans else ""
    return f"{before} {text[start:end]}".strip()


def _relevance(topic: str, own: list[str], contexts: list[str], embedder) -> list[float]:
    """How close each quote is to the subject asked about: its own sentence's cosine
    similarity, plus the share of the subject's content words it carries; its context (with
    the sentence before) counts at 0.6, so the subject named just before a quote still counts
    without outranking the sentence that names it."""
    if not topic.strip():
        return [0.0] * len(own)
    from bot.question.parse import stem, words

    stems = _content_stems(topic)

    def scores(texts: list[str]) -> list[float]:
        shared = [len(stems & {stem(w) for w in words(t)}) / max(1, len(stems)) for t in texts]
        if embedder is None:
            return shared
        vecs = np.asarray(embedder.embed_documents(texts), dtype=np.float32)
        qv = np.asarray(embedder.embed_query(topic), dtype=np.float32)
        sims = vecs @ qv / (np.linalg.norm(vecs, axis=1) * np.linalg.norm(qv) + 1e-9)
        return [s + float(c) for s, c in zip(shared, sims, strict=True)]

    return [max(a, 0.6 * b) for a, b in zip(scores(own), scores(contexts), strict=True)]


def _named(who: str) -> str:
    """A body named as prose names it: "the Cambodian Ministry of Interior"; people as they are."""
    from bot.attribution.lexicon import ORG_NOUNS

    words = who.split(" (")[0].lower().split()
    if words and words[0] != "the" and any(w in ORG_NOUNS for w in words):
        return f"the {who}"
    return who


def _who(h) -> str:
    return h.speaker + (
        f" ({h.role})" if h.role and h.role.lower() not in h.speaker.lower() else ""
    )


def speaker_passages(hits: list, store, limit: int = MAX_QUOTES) -> list[Passage]:
    """The sentences holding the speaker's quotes, as passages an LLM answer may cite."""
    articles = store.get_articles({h.doc_id for h in hits[:limit]})
    out = []
    for h in hits[:limit]:
        text = articles[h.doc_id].text if h.doc_id in articles else ""
        if text[h.start : h.end] != h.quote:
            continue
        start, end = sentence_around(text, h.start, h.end)
        out.append(
            Passage(
                doc_id=h.doc_id,
                start=start,
                end=end,
                text=text[start:end],
                score=1.0,
                title=h.title,
                source=h.source,
                url=str(articles[h.doc_id].meta.get("url", "")),
                published_at=str(articles[h.doc_id].meta.get("published_at", "") or ""),
            )
        )
    return out


def date_line(events: list, answer: Answer) -> str:
    """ "The articles date this to 24 December 2025 (planned, "Wednesday (24th)") [n]." for a
    when-question whose answer cites, among its first two quotes, a sentence the index has
    dated; "" when it cites none (the date then has nothing to stand on)."""
    for e in events:
        if e.score <= 0:
            continue
        for c in answer.citations[:2]:
            if c.doc_id == e.doc_id and c.start <= e.start < c.end:
                status = "planned" if e.status == "planned" else "reported"
                return (
                    f"The articles date this to {readable_date(e.date)} ({status}, "
                    f"\u201c{e.expression}\u201d) [{c.n}]."
                )
    return ""


def readable_date(iso: str) -> str:
    """2025-12-24 -> 24 December 2025; 2025-10 -> October 2025; 2025 -> 2025."""
    import calendar

    parts = iso.split("-")
    if len(parts) == 1:
        return iso
    month = calendar.month_name[int(parts[1])]
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


_REFERS_BACK = re.compile(
    r"\b(?:this|these|those|such)\s+(?!is\b|was\b|are\b|were\b|will\b|would\b|week\b|year\b|"
    r"month\b|morning\b|afternoon\b|evening\b|time\b)[a-z]{3,}",
    re.I,
)


def with_antecedent(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence's span, reaching back over the sentence before when it names its
    subject only as "this agreement", "these talks": the reader needs what that was."""
    if not _REFERS_BACK.search(text[start:end]):
        return start, end
    from ingest.chunking import sentence_spans

    lo = max(0, start - 400)
    before = [a + lo for a, b in sentence_spans(text[lo:start]) if b + lo <= start]
    return (before[-1], end) if before else (start, end)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the whole sentence(s) holding text[start:end]."""
    from ingest.chunking import sentence_spans

    lo = max(0, text.rfind("\n\n", 0, start))
    hi = text.find("\n\n", end)
    hi = len(text) if hi < 0 else hi
    s, e = start, end
    for a, b in sentence_spans(text[lo:hi]):
        a, b = a + lo, b + lo
        if a <= start < b or (a < end <= b) or (start <= a and b <= end):
            s, e = min(s, a), max(e, b)
    return s, e


def cites_speaker(
    answer: Answer, name: str, subject: str = "", store=None, speaking: bool = False
) -> bool:
    """Whether one of the answer's quotes names the speaker, on the subject (when given):
    what a fallback answer to "what did X say about Y" must show to stand. Naming is every
    word of `name` (accents aside) in the quote, or its last word in the quote and every word
    in the quoted article ("Brembs" in an article on "Björn Brembs"); on the subject is a
    word of it in the quote, or all of them in the quoted article. With `speaking`, the quote
    must also show them speaking or holding a view (`_speaks`): a passage that only mentions
    them ("Reich's seat is growing hotter") does not say what they said."""
    from bot.question.intent import ABBREVIATIONS
    from bot.question.parse import words

    def stems(text: str) -> set[str]:
        return _content_stems(text, fold=True)

    asked = [ABBREVIATIONS.get(w, w) for w in words(name)]
    who, last = stems(" ".join(asked)), stems(asked[-1] if asked else "")
    about = stems(subject)
    texts: dict[str, set[str]] = {}

    def article(doc_id: str) -> set[str]:
        if doc_id not in texts:
            found = store.get_article(doc_id) if store is not None else None
            texts[doc_id] = stems(found.text) if found else set()
        return texts[doc_id]

    for c in answer.citations:
        have = stems(c.quote)
        if about and not about & have and not about <= article(c.doc_id):
            continue  # neither the quote nor its article is about the subject asked
        if speaking and not _speaks(c.quote, last):
            continue
        if who <= have:
            return bool(who or about)
        if last and last <= have and who <= article(c.doc_id):
            return True
    return False


# Verbs of holding a view: not quotes for the index, but what "what did X think" asks for.
_VIEWS = frozenset(
    "believe believes believed think thinks thought expect expects expected feel feels felt "
    "fear fears feared hope hopes hoped consider considers considered reckon reckons conclude "
    "concludes concluded reaction reactions reacted reacts".split()
)


SPEAKER_BEFORE_CUE = 8  # words from a name to the verb of saying after it
CUE_BEFORE_SPEAKER = 5  # ... and from the verb to the name after it ("said Lenart Vosk, chief")
_PRONOUNS = frozenset("he she they".split())


def _speaks(text: str, name: set[str]) -> bool:
    """Whether `text` shows the person whose name's stems are `name` saying or holding
    something: a verb of saying or of holding a view near their name ("Reich said", "Reich,
    asked about it, told", "according to Reich", "analysts believe"), or after it a pronoun
    with such a verb ('... "We have signed a floor," he told reporters')."""
    from bot.attribution.lexicon import CUE_LEMMA

    tokens = [t.lower() for t in re.findall(r"[\w'’-]+", text)]
    named = [i for i, t in enumerate(tokens) if _content_stems(t, fold=True) & name]
    cues = [i for i, t in enumerate(tokens) if t in CUE_LEMMA or t in _VIEWS]
    if not named:
        return False
    near = any(
        0 < c - n <= SPEAKER_BEFORE_CUE or 0 < n - c <= CUE_BEFORE_SPEAKER
        for n in named
        for c in cues
    )
    pronoun = any(
        c > named[0] and ({tokens[c - 1], tokens[min(c + 1, len(tokens) - 1)]} & _PRONOUNS)
        for c in cues
    )
    return near or pronoun


# A subject that is a clause of its own ("is wrong with X", "should happen next").
_CLAUSE = re.compile(r"(?:is|are|was|were|should|could|would|will|can|might|must|has|have)\b", re.I)


def not_quoted(q: Question) -> Answer:
    """The refusal for a speaker no stored article quotes or names ("... on what is wrong
    with X" for "what does Y think is wrong with X")."""
    topic = _as_asked(q.text, q.speaker_topic)
    if _CLAUSE.match(topic):
        topic = f"what {topic}"
    about = f" on {topic}." if q.speaker_topic else "."
    return Answer(
        q.original,
        f"The stored articles don't quote {_as_asked(q.text, q.speaker_name)}{about}",
        True,
        "extractive",
    )


def _as_asked(text: str, words: str) -> str:
    """`words` with the "the" the question put before them ("the mayor of Port Anselm")."""
    import re

    m = re.search(r"\b(the\s+)" + re.escape(words), text, re.I)
    return m.group(1) + words if m else words


def _content_stems(text: str, fold: bool = False) -> set[str]:
    """Stems of the content words of `text` (no stop words, no words under 3 letters);
    with `fold`, accents dropped first ("Björn" matches "bjorn")."""
    from bot.question.parse import STOPWORDS, fold_accents, stem, words

    return {
        stem(fold_accents(w) if fold else w)
        for w in words(text)
        if w not in STOPWORDS and len(w) > 2
    }


def _shares_words(subject: str, text: str) -> bool:
    """Whether `text` carries every content word of `subject` (the article a quote comes
    from is about the subject asked, even where the quote itself says "it")."""
    from bot.question.parse import stem, words

    wanted = _content_stems(subject)
    return bool(wanted) and wanted <= {stem(w) for w in words(text)}


def _citation(n: int, h, text: str, start: int, end: int, url: str, dated: str) -> Citation:
    return Citation(
        n=n,
        quote=text[start:end],
        passage=text[
            _edge(text, start - PASSAGE_MARGIN, -1) : _edge(text, end + PASSAGE_MARGIN, 1)
        ],
        doc_id=h.doc_id,
        title=h.title,
        source=h.source,
        url=url,
        published_at=dated,
        start=start,
        end=end,
        score=float(h.score),
    )


def _edge(text: str, at: int, step: int) -> int:
    """`at` moved to a word boundary (back for a start, on for an end), within the text."""
    at = min(max(at, 0), len(text))
    while 0 < at < len(text) and not text[at - 1].isspace():
        at += step
    return at


def _also(h) -> str:
    others = [o["source"] for o in h.outlets if o["doc_id"] != h.doc_id and o.get("source")]
    return f"; also {', '.join(dict.fromkeys(others))}" if others else ""


def _flat(text: str) -> str:
    return " ".join(text.split())
