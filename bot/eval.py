"""MultiHop-RAG evaluation: retrieval hits with the paper's rule, abstention, answer accuracy.

A retrieved passage is a hit when some gold `fact` (spaces and newlines removed) is a
substring of it (also with spaces and newlines removed). Hits@4, Hits@10 and MRR@10 are
computed over the top 10 passages of the answerable queries; null queries are skipped there
and used to measure abstention instead, twice: as written, and with each outlet they name
that the store holds no article from swapped for one it holds (so that an outlet's absence
alone cannot explain the abstention). Answers are scored by the paper's substring rule and
by whole words ("no" inside "know" does not count), per question type.

Splits: dev = the queries at even positions of queries.json (0, 2, 4, ...), test = the odd
ones. Tune on dev, report test.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

NULL_TYPE = "null_query"
SPLITS = ("dev", "test", "all")
# The answer-side figures (abstention, accuracy), also what bench/answers.py reports.
ANSWER_KEYS = (
    "nulls",
    "null_abstained",
    "null_abstained_swapped",
    "nulls_swapped",
    "answerable_abstained",
    "answer_accuracy",
    "answer_accuracy_words",
    "by_type",
)
KEYS = (
    "split",
    "hits@4",
    "hits@10",
    "mrr@10",
    "n",
    *ANSWER_KEYS,
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
    swapped: str = ""  # a null query with its absent outlets swapped for stored ones

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


def load_sources(path: Path) -> list[str]:
    """The outlets (`source` values) of a MultiHop-RAG corpus.json, in first-seen order."""
    from bot.errors import BriefbotError

    try:
        items = json.loads(Path(path).read_text(encoding="utf-8"))
        return list(dict.fromkeys(str(a["source"]).strip() for a in items if a.get("source")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BriefbotError(f"cannot read MultiHop-RAG outlets from {path}: {exc}") from None


def split(queries: list[Query], name: str) -> list[Query]:
    """dev = positions 0, 2, 4, ... of the file; test = 1, 3, 5, ...; all = every query."""
    if name not in SPLITS:
        raise ValueError(f"unknown split {name!r}; choose from {', '.join(SPLITS)}")
    return list(queries) if name == "all" else list(queries[name == "test" :: 2])


def pick(queries: list[Query], limit: int | None, seed: int = 0) -> list[Query]:
    """All queries, or a fixed random sample of `limit` keeping the null/answerable mix."""
    if not limit or limit >= len(queries):
        return queries
    rng = random.Random(seed)
    chosen = set(rng.sample(range(len(queries)), limit))
    return [q for i, q in enumerate(queries) if i in chosen]


def first_hit(facts: Iterable[str], passages: list[str], depth: int = 10) -> int | None:
    """1-based rank of the first passage containing some gold fact, within `depth`."""
    gold = [squash(f) for f in facts]
    for rank, text in enumerate(passages[:depth], start=1):
        flat = squash(text)
        if any(g in flat for g in gold):
            return rank
    return None


def has_words(gold: str, text: str) -> bool:
    """Whether `gold` appears in `text` as whole words, ignoring case ("no" is not in "know").

    A hyphen joins words ("no" is not in "no-one"); a possessive does not ("Apple's" holds
    "Apple"). Runs of spaces count as one.
    """
    words = gold.strip().split()
    if not words:
        return False
    pattern = r"\s+".join(re.escape(w) for w in words)
    return re.search(rf"(?<![\w-]){pattern}(?![\w-])", text, re.I) is not None


# --- outlets named by a question, and swapping the ones the store lacks -------------------

_NAME = r"(?:[Tt]he\s+)?[A-Z][\w'’&.-]*(?:\s+(?:of\s+|&\s+)?[A-Z][\w'’&.-]*)*"
_WORK = r"(?:articles?|reports?|pieces?|stor(?:y|ies)|coverage|publications?|reviews?|columns?)"
_BEFORE = re.compile(rf"\b(?:a|an|the|another)\s+({_NAME})\s+{_WORK}\b")
_AFTER = re.compile(
    rf"\b(?:{_WORK}|published|reported|presented|written|covered|mentioned|according)"
    rf"\s+(?:from|by|in|to)\s+({_NAME})"
)
_SPLIT = re.compile(r"\s[-|:]\s|:\s")


def _bare(name: str) -> str:
    """A name without a leading "the", a trailing possessive or a trailing full stop."""
    name = re.sub(r"['’]s?$", "", name.strip()).rstrip(".")
    return re.sub(r"^[Tt]he\s+", "", name)


def _norm(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", _bare(name).lower()))


def outlet_names(texts: Iterable[str]) -> list[str]:
    """Names the texts attribute articles to ("a Bloomberg article", "reported by Reuters"),
    without a leading "The", longest first."""
    found: set[str] = set()
    for text in texts:
        for pattern in (_BEFORE, _AFTER):
            found.update(_bare(m.group(1)) for m in pattern.finditer(text))
    return sorted((n for n in found if len(n) > 1), key=lambda n: (-len(n), n))


def short_name(source: str) -> str:
    """A stored outlet as questions write it: "Cnbc | World Business News Leader" -> "Cnbc"."""
    return _SPLIT.split(source.strip())[0].strip()


def is_stored(name: str, sources: Iterable[str]) -> bool:
    """Whether an outlet name names a stored outlet: its full or short name, or a longer or
    shorter form of one ("BBC" and "BBC News - Technology"; "Guardian" and "The Guardian")."""
    n = _norm(name)
    for source in sources:
        for s in {_norm(source), _norm(short_name(source))}:
            if s and (n == s or n.startswith(s + " ") or s.startswith(n + " ")):
                return True
    return False


def _spans(text: str, names: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, name) of each outlet name in `text`, longest names first, no overlaps."""
    taken: list[tuple[int, int, str]] = []
    for name in sorted(set(names), key=lambda n: (-len(n), n)):
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if not any(m.start() < e and s < m.end() for s, e, _ in taken):
                taken.append((m.start(), m.end(), name))
    return sorted(taken)


def absent_outlets(text: str, names: list[str], sources: list[str]) -> list[str]:
    """The outlet names in `text` that name no stored outlet, in order of appearance."""
    known = names + [_bare(short_name(s)) for s in sources]
    spans = _spans(text, known)
    return list(dict.fromkeys(n for _, _, n in spans if not is_stored(n, sources)))


@dataclass(frozen=True)
class Swap:
    """A question with its absent outlets replaced; `replaced` maps each to its stand-in."""

    text: str
    replaced: dict[str, str]


def swap_outlets(text: str, names: list[str], sources: list[str], seed: int = 0) -> Swap:
    """Replace each outlet `text` names that the store lacks by a stored outlet's short name.

    The choice is fixed by `seed` and the text (not by the order questions are asked in);
    stand-ins differ from each other and from the stored outlets the text already names. The
    replacement follows the question's wording: "a Bloomberg article" -> "a Verge article",
    "an article from The Financial Times" -> "an article from TechCrunch".
    """
    missing = absent_outlets(text, names, sources)
    if not missing:
        return Swap(text, {})
    rng = random.Random(f"{seed}\x00{text}")
    stored = [_bare(short_name(s)) for s in sources]
    named = {_norm(n) for _, _, n in _spans(text, stored)}
    pool = sorted({short_name(s) for s in sources if _norm(short_name(s)) not in named})
    replaced: dict[str, str] = {}
    for name in missing:
        choices = [p for p in pool if p not in replaced.values()] or pool
        replaced[name] = rng.choice(choices)
    out, last = [], 0
    for start, end, name in _spans(text, names + stored):
        if name not in replaced:
            continue
        lead = re.search(r"(?:\b([Aa]n?)\s+)?(?:\b([Tt]he)\s+)?$", text[last:start])
        assert lead is not None  # the pattern matches the empty string
        article, the = lead.group(1), lead.group(2)
        stand_in = replaced[name]
        plain = re.sub(r"^The\s+", "", stand_in)
        attributive = re.match(rf"\s+{_WORK}\b", text[end:]) is not None
        if article:  # "a Bloomberg article" -> "an Engadget article"
            word = ("an" if plain[:1].lower() in "aeiou" else "a").capitalize()
            word = word if article[0].isupper() else word.lower()
            out += [text[last : last + lead.start()], f"{word} {plain}"]
        elif the:  # "the Gizmodo article", "by the Financial Times"
            new = f"{the} {plain}" if attributive or plain != stand_in else stand_in
            out += [text[last : last + lead.start()], new]
        else:
            out += [text[last:start], stand_in]
        last = end
    out.append(text[last:])
    return Swap("".join(out), replaced)


def swap_nulls(queries: list[Query], sources: list[str], seed: int = 0) -> int:
    """Fill `swapped` on each null query (outlet names found over all of them); returns how
    many had an outlet to swap."""
    nulls = [q for q in queries if q.is_null]
    names = outlet_names(q.query for q in nulls)
    changed = 0
    for q in nulls:
        q.swapped = swap_outlets(q.query, names, sources, seed).text
        changed += q.swapped != q.query
    return changed


# --- scoring -------------------------------------------------------------------------------


@dataclass
class Tally:
    """Running totals of one evaluation."""

    n: int = 0
    hits4: int = 0
    hits10: int = 0
    rr: float = 0.0
    nulls: int = 0
    null_abstained: int = 0
    nulls_swapped: int = 0
    null_abstained_swapped: int = 0
    answerable_abstained: int = 0
    answered_right: int = 0
    answered_words: int = 0
    asked: int = 0
    chars: list[int] = field(default_factory=list)
    kinds: dict[str, list[int]] = field(default_factory=dict)  # asked, abstained, right, words

    def add_retrieval(self, rank: int | None, lengths: list[int]) -> None:
        self.n += 1
        self.chars.extend(lengths)
        if rank is not None:
            self.hits10 += 1
            self.hits4 += rank <= 4
            self.rr += 1.0 / rank

    def add_answer(
        self, query: Query, abstained: bool, text: str, swapped: bool | None = None
    ) -> None:
        """One answer; for a null query, `swapped` says whether its swapped form abstained
        (None: it named no absent outlet, so it counts as asked as written)."""
        if query.is_null:
            self.nulls += 1
            self.null_abstained += abstained
            self.nulls_swapped += swapped is not None
            self.null_abstained_swapped += abstained if swapped is None else swapped
            return
        right = not abstained and query.answer.lower() in text.lower()
        words = not abstained and has_words(query.answer, text)
        self.asked += 1
        self.answerable_abstained += abstained
        self.answered_right += right
        self.answered_words += words
        kind = self.kinds.setdefault(query.kind, [0, 0, 0, 0])
        for i, value in enumerate((1, abstained, right, words)):
            kind[i] += value

    def result(self, name: str = "all") -> dict:
        n, asked, nulls = max(self.n, 1), max(self.asked, 1), max(self.nulls, 1)
        return {
            "split": name,
            "hits@4": round(self.hits4 / n, 4),
            "hits@10": round(self.hits10 / n, 4),
            "mrr@10": round(self.rr / n, 4),
            "n": self.n,
            "nulls": self.nulls,
            "null_abstained": round(self.null_abstained / nulls, 4),
            "null_abstained_swapped": round(self.null_abstained_swapped / nulls, 4),
            "nulls_swapped": self.nulls_swapped,
            "answerable_abstained": round(self.answerable_abstained / asked, 4),
            "answer_accuracy": round(self.answered_right / asked, 4),
            "answer_accuracy_words": round(self.answered_words / asked, 4),
            "by_type": {
                kind: {
                    "asked": k[0],
                    "abstained": round(k[1] / k[0], 4),
                    "accuracy": round(k[2] / k[0], 4),
                    "accuracy_words": round(k[3] / k[0], 4),
                }
                for kind, k in sorted(self.kinds.items())
            },
            "passage_chars_max": max(self.chars, default=0),
            "passage_chars_mean": round(sum(self.chars) / max(len(self.chars), 1), 1),
        }


def evaluate(
    bot,
    queries: list[Query],
    answers: bool = True,
    step: Callable[[], None] | None = None,
    name: str = "all",
) -> dict:
    """Score `bot` (a BriefBot) on `queries`; `step` is called after each query. A null query
    whose `swapped` form differs is asked both ways (see `swap_nulls`)."""
    tally = Tally()
    for query in queries:
        passages = [] if query.is_null else bot.retriever.search(query.query, k=10)
        if not query.is_null:
            tally.add_retrieval(
                first_hit(query.facts, [p.text for p in passages]), [len(p.text) for p in passages]
            )
        if answers:
            answer = bot.ask(query.query, k=10)
            swapped = None
            if query.is_null and query.swapped and query.swapped != query.query:
                swapped = bot.ask(query.swapped, k=10).abstained
            tally.add_answer(query, answer.abstained, answer.answer, swapped)
        if step:
            step()
    return tally.result(name)


def corpus_present(store, corpus: Path) -> bool:
    """True when the store already holds (complete) articles ingested from `corpus`."""
    return bool(
        store.articles.get(
            where={"$and": [{"path": str(Path(corpus).resolve())}, {"status": "complete"}]},
            limit=1,
            include=[],
        )["ids"]
    )
