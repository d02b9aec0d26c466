"""Citation-check benchmark: adversarial (passage, claim) pairs written for briefbot.

    python -m bench.run citecheck                 # after (this tree), writes docs/benchmarks.md
    python -m bench.citecheck --json              # one JSON object, nothing written
    python -m bench.citecheck --rev f3c5922 --json  # the check as it was at a git revision

Pairs come from tests/fixtures/claims/ (see its README). Scored two ways: the check alone
(`CitationChecker.check` on "claim [1]." against the article as passage 1) and end to end
(`LLMAnswerer` against the loopback OpenAI-compatible fake server streaming the claim as the
model's reply: word pieces, character pieces that split the marker, and cut-offs). A claim is
"shown as verified" when it reaches the answer text without an "(unverified)" label while the
answer is in LLM mode. Odd articles are the dev half (tuned on), even ones held out.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "claims"
SUPPORTED_KINDS = ("paraphrase", "demonym", "close")
UNSUPPORTED_KINDS = (
    "negation",
    "number",
    "unit",
    "date",
    "speaker",
    "entity",
    "invented",
    "partial",
)


@dataclass
class Article:
    """One fictional article and the claims written against it."""

    id: str
    title: str
    source: str
    date: str
    text: str = ""
    question: str = ""
    claims: list[tuple[bool, str, str]] = field(default_factory=list)  # supported, kind, text

    @property
    def half(self) -> str:
        return "dev" if int(re.sub(r"\D", "", self.id)) % 2 else "held-out"


def load(pattern: str = "articles-*.txt", folder: Path = FIXTURES) -> list[Article]:
    """Articles and claims from the fixture files matching `pattern`."""
    out: list[Article] = []
    for path in sorted(folder.glob(pattern)):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("=== "):
                aid, title, source, date = [x.strip() for x in line[4:].split("|")]
                out.append(Article(aid, title, source, date))
            elif line[:2] in ("+ ", "- "):
                kind, text = [x.strip() for x in line[2:].split("|", 1)]
                known = SUPPORTED_KINDS if line[0] == "+" else UNSUPPORTED_KINDS
                if kind not in known:
                    raise ValueError(f"{path.name}:{lineno}: unknown kind {kind!r}")
                out[-1].claims.append((line[0] == "+", kind, text))
            elif line.startswith("! "):
                out[-1].claims.append((False, "injection", line[2:].strip()))
            elif line.startswith("? "):
                out[-1].question = line[2:].strip()
            elif line.strip() and out:
                out[-1].text += (" " if out[-1].text else "") + line.strip()
    return out


def passage(article: Article):
    from bot.models import Passage

    return Passage(
        doc_id=article.id,
        start=0,
        end=len(article.text),
        text=article.text,
        score=1.0,
        title=article.title,
        source=article.source,
        published_at=article.date,
    )


def cited(claim: str, marker: str = "[1]") -> str:
    """The claim with `marker` before its final punctuation."""
    body = claim.rstrip()
    end = body[-1] if body and body[-1] in ".!?" else "."
    return f"{body.rstrip('.!?')} {marker}{end}"


def question_for(article: Article) -> str:
    return article.question or f"What happened: {article.title}?"


def make_checker(passages, embedder, question: str):
    from bot.answering.citecheck import CitationChecker

    try:
        return CitationChecker(passages, embedder, question=question)
    except TypeError:  # the check before questions were passed in
        return CitationChecker(passages, embedder)


def check_alone(articles: list[Article], embedder) -> list[dict]:
    """One row per claim: the check's verdict and its cost in milliseconds."""
    rows = []
    for article in articles:
        checker = make_checker([passage(article)], embedder, question_for(article))
        for supported, kind, claim in article.claims:
            t0 = time.perf_counter()
            check = checker.check(cited(claim))
            ms = (time.perf_counter() - t0) * 1000
            rows.append(
                {
                    "article": article.id,
                    "half": article.half,
                    "kind": kind,
                    "supported": supported,
                    "passed": check.supported,
                    "reason": check.reason,
                    "claim": claim,
                    "ms": ms,
                }
            )
    return rows


def end_to_end(articles: list[Article], embedder) -> list[dict]:
    """Each claim streamed by the loopback fake server as the model's whole reply."""
    sys.path.insert(0, str(ROOT / "tests"))
    from servers.openai_fake import FakeOpenAI, Step

    from bot.answering.llm import LLMAnswerer
    from bot.config import Settings
    from bot.models import final_answer

    rows = []
    with FakeOpenAI() as server:
        settings = Settings(
            openai_base_url=server.base_url,
            openai_api_key="bench",
            llm_model="fake",
            llm_backoff=0.0,
            llm_max_retries=0,
            llm_timeout=10.0,
        )
        for article in articles:
            fallback = _quote_fallback(article)
            answerer = LLMAnswerer(settings, embedder, fallback=fallback)
            for i, (supported, kind, claim) in enumerate(article.claims):
                variant = ("words", "chars", "markers")[i % 3]
                reply = cited(claim, "\u30101\u3011" if variant == "markers" else "[1]")
                step = Step(content=reply, piece_chars=3 if variant == "chars" else None)
                server.set_script(step)
                answer = final_answer(answerer.stream(question_for(article), [passage(article)]))
                rows.append(
                    {
                        "article": article.id,
                        "half": article.half,
                        "kind": kind,
                        "supported": supported,
                        "passed": shown_verified(answer, claim),
                        "variant": variant,
                        "answer": answer.answer,
                        "mode": answer.mode,
                        "note": answer.note,
                    }
                )
            # A cut-off: a checked sentence, then the next one stops just after a marker
            # inside it ("According to Sihasak [2], this agreement was reached").
            goods = [c for s, _, c in article.claims if s][:2]
            if len(goods) == 2:
                words = goods[1].rstrip(".").split()
                head = " ".join(words[:3]) + " [1], " + " ".join(words[3:6])
                reply = cited(goods[0]) + " " + head + " " + " ".join(words[6:]) + "."
                server.set_script(Step(content=reply, cut_after=len(cited(goods[0]).split()) + 6))
                answer = final_answer(answerer.stream(question_for(article), [passage(article)]))
                fragment = " ".join(words[3:5])  # what arrived after the marker
                rows.append(
                    {
                        "article": article.id,
                        "half": article.half,
                        "kind": "cut-off",
                        "supported": False,
                        "passed": fragment in answer.answer,
                        "variant": "cut",
                        "answer": answer.answer,
                        "mode": answer.mode,
                        "note": answer.note,
                    }
                )
    return rows


def _quote_fallback(article: Article):
    from bot.models import Answer

    def fallback(q, passages):
        return Answer(getattr(q, "original", str(q)), article.text[:80], False, "extractive")

    return fallback


def shown_verified(answer, claim: str) -> bool:
    """True when the claim's words reach the user as a checked LLM sentence."""
    if answer.mode != "llm" or answer.abstained:
        return False
    body = re.sub(r"\s+", " ", claim.rstrip(".!?"))[:40]
    for sentence in re.split(r"(?<=[.!?])\s+", answer.answer):
        if body in sentence and "unverified" not in sentence:
            return True
    return False


def summarise(rows: list[dict], half: str | None = None) -> dict:
    """Caught (unsupported not passed) and false alarms (supported not passed), by kind."""
    rows = [r for r in rows if half is None or r["half"] == half]
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_kind[r["kind"]].append(r)
    out: dict = {"kinds": {}}
    for kind, items in sorted(by_kind.items()):
        if items[0]["supported"]:
            flagged = sum(not r["passed"] for r in items)
            out["kinds"][kind] = {"n": len(items), "false_alarms": flagged}
        else:
            caught = sum(not r["passed"] for r in items)
            out["kinds"][kind] = {"n": len(items), "caught": caught}
    bad = [r for r in rows if not r["supported"] and r["kind"] not in ("injection", "cut-off")]
    good = [r for r in rows if r["supported"]]
    out["caught"] = sum(not r["passed"] for r in bad)
    out["unsupported"] = len(bad)
    out["false_alarms"] = sum(not r["passed"] for r in good)
    out["supported"] = len(good)
    times = [r["ms"] for r in rows if "ms" in r]
    if times:
        out["p50_ms"] = round(statistics.median(times), 2)
        out["p95_ms"] = round(sorted(times)[int(0.95 * (len(times) - 1))], 2)
    return out


def run_here(e2e: bool) -> dict:
    from ingest.embeddings import MiniLMEmbeddings

    embedder = MiniLMEmbeddings()
    embedder.embed_query("warm up")
    articles = load() + load("injection.txt")
    alone = check_alone(articles, embedder)
    result = {
        "alone": {h: summarise(alone, h) for h in ("dev", "held-out")},
        "alone_all": summarise(alone),
        "alone_rows": alone,
    }
    if e2e:
        rows = end_to_end(articles, embedder)
        result["e2e"] = {h: summarise(rows, h) for h in ("dev", "held-out")}
        result["e2e_all"] = summarise(rows)
        result["e2e_rows"] = rows
    return result


def run_at(rev: str, e2e: bool) -> dict:
    """This benchmark against bot/ and ingest/ as they were at git revision `rev`."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "archive", rev, "bot", "ingest", "prompts"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        env = {**os.environ, "PYTHONPATH": f"{tmp}{os.pathsep}{ROOT}"}
        args = [sys.executable, "-m", "bench.citecheck", "--json", "--raw"]
        out = subprocess.run(
            args + ([] if e2e else ["--no-e2e"]),
            env=env,
            cwd=tmp,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        return json.loads(out.splitlines()[-1])


def _cell(summary: dict, kind: str) -> str:
    k = summary["kinds"].get(kind)
    if not k:
        return "-"
    if "caught" in k:
        return f"{k['caught']}/{k['n']} caught"
    return f"{k['false_alarms']}/{k['n']} flagged"


def table(columns: list[tuple[str, dict]]) -> str:
    kinds = [*UNSUPPORTED_KINDS, "injection", "cut-off", *SUPPORTED_KINDS]
    head = "| kind | " + " | ".join(name for name, _ in columns) + " |"
    lines = [head, "|---" * (len(columns) + 1) + "|"]
    for kind in kinds:
        if all(kind not in s["kinds"] for _, s in columns):
            continue
        lines.append(f"| {kind} | " + " | ".join(_cell(s, kind) for _, s in columns) + " |")
    for name, key in (("caught (all unsupported)", "caught"), ("false alarms", "false_alarms")):
        total = "unsupported" if key == "caught" else "supported"
        cells = [
            f"{s[key]}/{s[total]} ({100 * s[key] / max(1, s[total]):.0f}%)" for _, s in columns
        ]
        lines.append(f"| **{name}** | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", help="score the check of this git revision instead")
    ap.add_argument("--before", default="f3c5922", help="revision of the 'before' columns")
    ap.add_argument("--json", action="store_true", help="print JSON, write nothing")
    ap.add_argument("--raw", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--no-e2e", action="store_true", help="skip the end-to-end run")
    args = ap.parse_args(argv)
    e2e = not args.no_e2e
    result = run_at(args.rev, e2e) if args.rev else run_here(e2e)
    if args.json:
        if not args.raw:
            result = {k: v for k, v in result.items() if not k.endswith("_rows")}
        print(json.dumps(result))
        return
    before = run_at(args.before, e2e)
    write(before, result, args.before)


def write(before: dict, after: dict, rev: str) -> None:
    from bench.report import write_section

    cols = [
        ("before, held-out", before["alone"]["held-out"]),
        ("after, dev", after["alone"]["dev"]),
        ("after, held-out", after["alone"]["held-out"]),
    ]
    text = [
        "## Citation check",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; load average (1 min) at the start "
        f"{os.getloadavg()[0]:.1f}; command: `python -m bench.run citecheck` "
        f"(before = the check at git revision {rev}).",
        "",
        "Pairs: tests/fixtures/claims/ (written for briefbot, fictional), "
        f"{sum(s['unsupported'] + s['supported'] for s in after['alone'].values())} "
        "claims over 32 articles plus 5 injection articles; odd articles = dev half "
        "(thresholds tuned there), even = held-out.",
        "",
        "### The check alone (CitationChecker.check, MiniLM embedder)",
        "",
        table(cols),
        "",
        f"Check cost per sentence: p50 {after['alone_all'].get('p50_ms')} ms, "
        f"p95 {after['alone_all'].get('p95_ms')} ms (before: p50 "
        f"{before['alone_all'].get('p50_ms')} ms).",
    ]
    if "e2e" in after:
        text += [
            "",
            "### End to end (LLMAnswerer <- loopback OpenAI-compatible server, streamed)",
            "",
            "Each claim is the model's whole reply, streamed in word pieces, 3-character "
            "pieces (the marker arrives split) or with a non-standard marker (\u30101\u3011); "
            "cut-off = two supported claims of an article, the second cut off just after a marker "
            "inside it (caught = the fragment was not shown).",
            "",
            table(
                [
                    ("before, all", before["e2e_all"]),
                    ("after, dev", after["e2e"]["dev"]),
                    ("after, held-out", after["e2e"]["held-out"]),
                ]
            ),
        ]
    write_section("## Citation check", "\n".join(text) + "\n")
    print("\n".join(text))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT)) if str(ROOT) not in sys.path else None
    main()
