"""The articles of the attribution test set, read at run time: MultiHop-RAG and the seed from
BRIEFBOT_SHARED_DATA (never copied into the repository), our own samples from examples/.

Labels refer to the text as the store keeps it (loader, then cleaning) by character offsets,
with a short hash of each span so that a change in cleaning is caught, and the span found
again, instead of silently scoring against other words.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "bench" / "data" / "people_labels.json"


def shared() -> Path:
    return Path(os.environ.get("BRIEFBOT_SHARED_DATA", ROOT.parent / "shared" / "data"))


@lru_cache(maxsize=4)
def _multihop() -> dict[str, tuple[str, dict]]:
    from ingest.loaders import load_file

    raws = load_file(shared() / "multihop-rag" / "corpus.json", 10**9)
    return {r.title: (r.text, {"published_at": r.published_at, "day": r.day}) for r in raws}


def article(ref: str) -> tuple[str, dict]:
    """(stored text, metadata) of `ref`: "seed:FILE", "examples:FILE" or "multihop:TITLE"."""
    from ingest.clean import clean_text
    from ingest.loaders import load_file

    kind, _, name = ref.partition(":")
    if kind == "multihop":
        text, meta = _multihop()[name]
    else:
        folder = shared() / "seed" if kind == "seed" else ROOT / "examples" / "articles"
        raw = load_file(folder / name, 10**9)[0]
        text, meta = raw.text, {"published_at": raw.published_at, "day": raw.day}
    return clean_text(text)[0], meta


def span_hash(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:10]


def locate(text: str, start: int, end: int, digest: str) -> tuple[int, int]:
    """The labelled span, found again by its hash if the text has shifted."""
    if span_hash(text[start:end]) == digest:
        return start, end
    width = end - start
    for s in range(0, len(text) - width + 1):
        if span_hash(text[s : s + width]) == digest:
            return s, s + width
    raise ValueError(f"labelled span {start}-{end} ({digest}) is no longer in the article text")


def labels() -> dict:
    return json.loads(LABELS.read_text(encoding="utf-8"))


def split(data: dict) -> dict[str, set[str]]:
    """The labelled articles in two halves by article, each article's half stored with it
    ("articles" in the labels file), so adding articles never moves one between halves. The
    first 20 keep the halves they had when the halves were drawn from sorted references (even
    positions "dev", odd "test"), before any rule was tuned. Rules are tuned looking at "dev"
    errors only; "test" is measured, never looked into."""
    halves: dict[str, set[str]] = {"dev": set(), "test": set()}
    for a in data["articles"]:
        if a.get("half") not in halves:
            raise ValueError(f"people_labels.json: article {a.get('ref')!r} has no half (dev/test)")
        halves[a["half"]].add(a["ref"])
    listed = halves["dev"] | halves["test"]
    used = {q["article"] for q in data["quotes"]} | {e["article"] for e in data["events"]}
    if used - listed:
        raise ValueError(
            f"people_labels.json: labelled but not in 'articles': {sorted(used - listed)}"
        )
    if halves["dev"] & halves["test"]:
        raise ValueError(
            f"people_labels.json: in both halves: {sorted(halves['dev'] & halves['test'])}"
        )
    return halves


def batch(data: dict, number: int) -> set[str]:
    """The articles labelled in one batch (1: the first 20)."""
    return {a["ref"] for a in data["articles"] if a.get("batch") == number}
