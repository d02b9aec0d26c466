"""MultiHop-RAG evaluation: retrieval hits with the paper's rule, abstention, answer accuracy.

A retrieved passage is a hit when some gold `fact` (spaces and newlines removed) is a
substring of it (also with spaces and newlines removed). Hits@4, Hits@10 and MRR@10 are
computed over the top 10 passages of the answerable queries; null queries are skipped there
and used to measure abstention instead.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

NULL_TYPE = "null_query"
KEYS = (
    "hits@4",
    "hits@10",
    "mrr@10",
    "n",
    "null_abstained",
    "answerable_abstained",
    "answer_accuracy",
    "passage_chars_max",
    "passage_chars_mean",
)


@dataclass
class Query:
    """One benchmark question with its gold facts (empty for null queries)."""

    query: str
    answer: str
    kind: str
    facts: list[str] = field(default_factory=list)

    @property
    def is_null(self) -> bool:
        return self.kind == NULL_TYPE


def squash(text: str) -> str:
    """Text with spaces and newlines removed, as the paper's matcher compares it."""
    return text.replace(" ", "").replace("\n", "")


def load_queries(path: Path) -> list[Query]:
    """Read MultiHop-RAG queries.json; a clear error names the file when it is wrong."""
    from bot.errors import BriefbotError

    try:
        items = json.loads(Path(path).read_text(encoding="utf-8"))
        return [
            Query(
                q["query"],
                str(q.get("answer", "")),
                q.get("question_type", ""),
                [e["fact"] for e in q.get("evidence_list") or [] if e.get("fact")],
            )
            for q in items
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BriefbotError(f"cannot read MultiHop-RAG queries from {path}: {exc}") from None


def pick(queries: list[Query], limit: int | None, seed: int = 0) -> list[Query]:
    """All queries, or a fixed random sample of `limit` keeping the null/answerable mix."""
    if not limit or limit >= len(queries):
        return queries
    rng = random.Random(seed)
    return sorted(rng.sample(queries, limit), key=queries.index)


def first_hit(facts: Iterable[str], passages: list[str], depth: int = 10) -> int | None:
    """1-based rank of the first passage containing some gold fact, within `depth`."""
    gold = [squash(f) for f in facts]
    for rank, text in enumerate(passages[:depth], start=1):
        flat = squash(text)
        if any(g in flat for g in gold):
            return rank
    return None


@dataclass
class Tally:
    """Running totals of one evaluation."""

    n: int = 0
    hits4: int = 0
    hits10: int = 0
    rr: float = 0.0
    nulls: int = 0
    null_abstained: int = 0
    answerable_abstained: int = 0
    answered_right: int = 0
    asked: int = 0
    chars: list[int] = field(default_factory=list)

    def add_retrieval(self, rank: int | None, lengths: list[int]) -> None:
        self.n += 1
        self.chars.extend(lengths)
        if rank is not None:
            self.hits10 += 1
            self.hits4 += rank <= 4
            self.rr += 1.0 / rank

    def add_answer(self, query: Query, abstained: bool, text: str) -> None:
        if query.is_null:
            self.nulls += 1
            self.null_abstained += abstained
            return
        self.asked += 1
        self.answerable_abstained += abstained
        self.answered_right += (not abstained) and query.answer.lower() in text.lower()

    def result(self) -> dict:
        n, asked = max(self.n, 1), max(self.asked, 1)
        return {
            "hits@4": round(self.hits4 / n, 4),
            "hits@10": round(self.hits10 / n, 4),
            "mrr@10": round(self.rr / n, 4),
            "n": self.n,
            "null_abstained": round(self.null_abstained / max(self.nulls, 1), 4),
            "answerable_abstained": round(self.answerable_abstained / asked, 4),
            "answer_accuracy": round(self.answered_right / asked, 4),
            "passage_chars_max": max(self.chars, default=0),
            "passage_chars_mean": round(sum(self.chars) / max(len(self.chars), 1), 1),
        }


def evaluate(
    bot, queries: list[Query], answers: bool = True, step: Callable[[], None] | None = None
) -> dict:
    """Score `bot` (a BriefBot) on `queries`; `step` is called after each query."""
    tally = Tally()
    for query in queries:
        passages = [] if query.is_null else bot.retriever.search(query.query, k=10)
        if not query.is_null:
            tally.add_retrieval(
                first_hit(query.facts, [p.text for p in passages]), [len(p.text) for p in passages]
            )
        if answers:
            answer = bot.ask(query.query, k=10)
            tally.add_answer(query, answer.abstained, answer.answer)
        if step:
            step()
    return tally.result()


def corpus_present(store, corpus: Path) -> bool:
    """True when the store already holds (complete) articles ingested from `corpus`."""
    return bool(
        store.articles.get(
            where={"$and": [{"path": str(Path(corpus).resolve())}, {"status": "complete"}]},
            limit=1,
            include=[],
        )["ids"]
    )
