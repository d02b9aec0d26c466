"""Our own question sets (tests/fixtures/questions/: users.jsonl, and heldout.jsonl written
later and never tuned on): load one, build its store, ask every question through
`BriefBot.ask`, and score the answers. Shared by tests/test_user_questions.py,
tests/test_heldout_questions.py and bench/user_questions.py
(`python -m bench.run questions [-- --fixture FILE]`).

Scores, per question:
- answerable: one of the `gold` substrings (case-insensitive, curly quotes folded) is in the
  quoted text of one of the first three citations;
- not answerable: the answer abstains; a question naming an outlet the store lacks (`outlet`)
  also counts as handled when it answers and says that outlet isn't among the sources;
- every abstention: it must not name a word of the question, capitalised or in quotes
  ("none of them mentions Tell"); the absent outlet a question names is allowed.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "questions" / "users.jsonl"
HELDOUT = FIXTURE.with_name("heldout.jsonl")
EXAMPLES = ROOT / "examples" / "articles"
REPORT = ROOT / "test-output" / "user-questions.md"
DUMP = ROOT / "test-output" / "user-questions.jsonl"
TAGS = ("typo", "abbrev", "possessive")
QUOTES = "\"'\u2018\u2019\u201c\u201d"


def outputs_for(fixture: Path) -> tuple[Path, Path]:
    """Where a run over `fixture` writes its report and its per-question lines: the users set
    keeps test-output/user-questions.md/.jsonl, another set gets its own pair by file name."""
    if fixture.resolve() == FIXTURE.resolve():
        return REPORT, DUMP
    stem = f"{fixture.stem}-questions"
    return REPORT.with_name(f"{stem}.md"), DUMP.with_name(f"{stem}.jsonl")


def load_questions(path: Path = FIXTURE) -> list[dict]:
    """The fixture's rows; a malformed line is a one-line error naming the file, line and field."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}: invalid JSON: {exc.msg}") from None
        for key, kind in (("id", str), ("question", str), ("kind", str), ("answerable", bool)):
            if not isinstance(row.get(key), kind):
                raise ValueError(f"{where}: field '{key}' must be a {kind.__name__}")
        if row["answerable"]:
            gold = row.get("gold")
            if not isinstance(row.get("doc"), str) or not row["doc"]:
                raise ValueError(f"{where}: field 'doc' must name the article")
            if not gold or not all(isinstance(g, str) and g.strip() for g in gold):
                raise ValueError(f"{where}: field 'gold' must be a list of non-empty strings")
        history = row.get("history", [])
        if not all(isinstance(t, list) and len(t) == 2 for t in history):
            raise ValueError(f"{where}: field 'history' must be a list of [question, answer]")
        rows.append(row)
    return rows


def multihop_titles(rows: list[dict]) -> list[str]:
    """Titles of the MultiHop-RAG articles the questions are about (the rest are ours)."""
    ours = {"seed"} | {p.name for p in EXAMPLES.iterdir()}
    return sorted({r["doc"] for r in rows if r["answerable"] and r["doc"] not in ours})


def write_multihop(corpus: Path, titles: list[str], out: Path) -> Path:
    """Write only the chosen MultiHop-RAG articles (looked up by title) as a JSON list."""
    by_title = {a["title"]: a for a in json.loads(corpus.read_text(encoding="utf-8"))}
    missing = [t for t in titles if t not in by_title]
    if missing:
        raise ValueError(f"{corpus}: no article titled {missing[0]!r}")
    out.write_text(json.dumps([by_title[t] for t in titles]), encoding="utf-8")
    return out


def article_texts(seed: Path, corpus: Path, titles: list[str]) -> dict[str, str]:
    """Raw text of every article the set is about, keyed as the fixture's `doc` names them."""
    by_title = {a["title"]: a["body"] for a in json.loads(corpus.read_text(encoding="utf-8"))}
    texts = {"seed": seed.read_text(encoding="utf-8")}
    texts.update({p.name: p.read_text(encoding="utf-8") for p in EXAMPLES.iterdir()})
    texts.update({t: by_title[t] for t in titles if t in by_title})
    return texts


def build_bot(folder: Path, embedder, seed: Path, corpus: Path, rows: list[dict]):
    """A `BriefBot` (extractive answers) over a real embedded Chroma store in `folder`,
    holding the seed, examples/articles and the chosen MultiHop-RAG articles. Ingesting
    is idempotent, so a folder built before is reused as it is."""
    from bot.config import Settings
    from bot.service import BriefBot
    from ingest.store import Store

    folder.mkdir(parents=True, exist_ok=True)
    store = Store(path=folder / "chroma", embedder_name=embedder.name)
    bot = BriefBot(
        Settings(answerer="extractive", store=folder / "chroma"), store=store, embedder=embedder
    )
    chosen = write_multihop(corpus, multihop_titles(rows), folder / "multihop-chosen.json")
    report = bot.ingest([seed, EXAMPLES, chosen])
    if report.failures:
        raise RuntimeError(f"ingest failed: {report.failures[0]}")
    return bot


@dataclass
class Result:
    row: dict
    answer: str
    abstained: bool
    quotes: list[str] = field(default_factory=list)  # all citations, in order
    spans_exact: bool = True
    gold_hit: bool = False
    handled: bool = False  # out of store: abstained, or said the outlet isn't there
    named: list[str] = field(default_factory=list)  # question words a refusal names

    @property
    def ok(self) -> bool:
        good = self.gold_hit if self.row["answerable"] else self.handled
        return good and not self.named


def fold(text: str) -> str:
    """Lower case, curly quotes made straight, whitespace collapsed."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.lower().split())


def ask_all(bot, rows: list[dict]) -> list[Result]:
    """Ask every question as a user would (history for follow-ups) and score it."""
    results = []
    for row in rows:
        history = [tuple(t) for t in row.get("history", [])] or None
        answer = bot.ask(row["question"], history=history)
        results.append(score(row, answer, bot.store))
    return results


def score(row: dict, answer, store=None) -> Result:
    """Score one `Answer` against its fixture row."""
    quotes = [c.quote for c in answer.citations]
    result = Result(row=row, answer=answer.answer, abstained=answer.abstained, quotes=quotes)
    if store is not None and answer.citations:
        texts = store.get_articles({c.doc_id for c in answer.citations})
        result.spans_exact = all(
            c.doc_id in texts and texts[c.doc_id].text[c.start : c.end] == c.quote
            for c in answer.citations
        )
    if row["answerable"]:
        top = [fold(q) for q in quotes[:3]]
        result.gold_hit = any(fold(g) in q for g in row["gold"] for q in top)
    else:
        said = without_quotes(f"{answer.answer} {answer.note}", quotes)
        outlet = row.get("outlet")
        result.handled = answer.abstained or bool(outlet and says_missing(said, outlet))
    if answer.abstained:
        cited = " ".join(quotes)
        result.named = named_words(
            row["question"], without_quotes(answer.answer, quotes), row, cited
        )
    return result


NEGATIONS = {"not", "no", "none", "isn't", "aren't", "doesn't", "don't", "lacks", "without"}


def says_missing(text: str, outlet: str) -> bool:
    """A sentence of `text` names `outlet` and says it is missing ("the BBC isn't among the
    sources"); naming it alone ("what the articles quote the BBC as saying") is not enough."""
    for sentence in re.split(r"[.!?\n]+", fold(text)):
        if fold(outlet) in sentence and NEGATIONS & set(re.findall(r"[\w']+", sentence)):
            return True
    return False


# A quoted passage as answers show it: “...” (outlet, date) [n]; it may hold quotes itself.
QUOTED = re.compile(r"\u201c.*?\u201d\s*(?:\([^)]*\)\s*)?\[\d+\]", re.S)


def without_quotes(text: str, quotes: list[str]) -> str:
    """`text` without the article text it quotes (words of the store, not of the answer)."""
    for quote in quotes:
        text = text.replace(quote, " ")
    return QUOTED.sub(" ", text)


def named_words(question: str, text: str, row: dict | None = None, cited: str = "") -> list[str]:
    """Words of `question` that `text` names capitalised (not at a sentence start) or inside
    quotes, as in "none of them mentions Tell". The absent outlet a question names is allowed,
    and so is a word the answer's own cited quotes carry ("the articles quote Anutin, but not
    on the death penalty" names someone the articles do name)."""
    allowed = set(fold((row or {}).get("outlet", "")).split())
    allowed |= set(re.findall(r"[\w'\u2019-]+", fold(cited)))
    found = []
    for token in re.findall(r"[A-Za-z][\w'\u2019-]*", question):
        bare = re.sub(r"['\u2019]s?$", "", token)
        if len(bare) < 2 or fold(bare) in allowed:
            continue
        pattern = re.compile(rf"(?<![\w'\u2019]){re.escape(bare)}(?!\w)", re.I)
        for m in pattern.finditer(text):
            before = text[: m.start()].rstrip()
            quoted = m.start() > 0 and text[m.start() - 1] in QUOTES
            starts_sentence = not before or before[-1] in ".!?:\n"
            if quoted or (m.group()[0].isupper() and not starts_sentence):
                found.append(m.group())
                break
    return found


def summarise(results: list[Result]) -> dict:
    """Overall figures, the three targets and per-kind/per-tag rows."""

    def block(rs: list[Result]) -> dict:
        ans = [r for r in rs if r.row["answerable"]]
        out = [r for r in rs if not r.row["answerable"]]
        return {
            "questions": len(rs),
            "answerable": len(ans),
            "gold_top3": sum(r.gold_hit for r in ans),
            "answerable_abstained": sum(r.abstained for r in ans),
            "out_of_store": len(out),
            "out_handled": sum(r.handled for r in out),
            "refusals_naming": sum(bool(r.named) for r in rs),
            "inexact_spans": sum(not r.spans_exact for r in rs),
        }

    kinds: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        kinds[r.row["kind"]].append(r)
    tags = {t: [r for r in results if t in r.row.get("tags", ())] for t in TAGS}
    total = block(results)
    return {
        "total": total,
        "gold_rate": total["gold_top3"] / max(total["answerable"], 1),
        "abstain_rate": total["out_handled"] / max(total["out_of_store"], 1),
        "refusals_naming": total["refusals_naming"],
        "kinds": {k: block(v) for k, v in sorted(kinds.items())},
        "tags": {t: block(v) for t, v in tags.items() if v},
    }


def _pct(n: int, d: int) -> str:
    return f"{n}/{d} ({100 * n / d:.0f}%)" if d else "-"


def table(summary: dict) -> str:
    """The per-kind table as Markdown."""
    head = (
        "| kind | questions | gold in first 3 citations | answerable abstained "
        "| out of store abstained | refusals naming a question word |\n"
        "|---|---:|---:|---:|---:|---:|\n"
    )

    def line(name: str, b: dict) -> str:
        return (
            f"| {name} | {b['questions']} | {_pct(b['gold_top3'], b['answerable'])} "
            f"| {_pct(b['answerable_abstained'], b['answerable'])} "
            f"| {_pct(b['out_handled'], b['out_of_store'])} | {b['refusals_naming']} |\n"
        )

    rows = [line(k, b) for k, b in summary["kinds"].items()]
    rows += [line(f"*tag: {t}*", b) for t, b in summary["tags"].items()]
    rows.append(line("**all**", summary["total"]))
    return head + "".join(rows)


def failures(results: list[Result], limit: int = 0, answers: bool = True) -> str:
    """Markdown list of the questions that missed and why (with `answers`, what came back,
    in short; without, no article text, as docs/benchmarks.md wants)."""
    lines = []
    for r in results:
        if r.ok:
            continue
        why = []
        if r.row["answerable"] and not r.gold_hit:
            why.append("abstained" if r.abstained else "gold not in first 3 citations")
        if not r.row["answerable"] and not r.handled:
            why.append("answered instead of abstaining")
        if r.named:
            why.append(f"refusal names {', '.join(r.named)}")
        first = " ".join(r.answer.split())[:220]
        said = f" Answer: {first!r}" if answers else ""
        lines.append(
            f"- `{r.row['id']}` [{r.row['kind']}] {r.row['question']!r}: {'; '.join(why)}.{said}"
        )
    return "\n".join(lines[:limit] if limit else lines) + ("\n" if lines else "")


def report(summary: dict, results: list[Result], title: str = "Our question set") -> str:
    """The whole Markdown report: targets, table, misses."""
    return (
        f"# {title}: results for the current code\n\n"
        f"Gold in the first three citations: {summary['gold_rate']:.1%} (target >= 90%); "
        f"out-of-store questions abstained: {summary['abstain_rate']:.1%} (target >= 90%); "
        f"refusals naming a word from the question: {summary['refusals_naming']} (target 0).\n\n"
        + table(summary)
        + "\n## Misses\n\n"
        + failures(results)
    )


def dump(results: list[Result], path: Path = DUMP) -> None:
    """One JSON line per question: what came back, for reading the misses."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for r in results:
            record = {
                "id": r.row["id"],
                "kind": r.row["kind"],
                "question": r.row["question"],
                "answerable": r.row["answerable"],
                "ok": r.ok,
                "abstained": r.abstained,
                "gold_hit": r.gold_hit,
                "named": r.named,
                "answer": r.answer,
                "quotes": r.quotes[:3],
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
