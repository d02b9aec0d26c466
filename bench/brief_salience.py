"""Fit the sentence-salience model of bot/briefing/salience.py on the 100 dev articles.

    python -m bench.brief_salience [--write] [--evidence]

Only the first DEV_ROWS frank-cnndm articles are read (the other 150 are held out for
bench/briefing.py). Each article's candidate sentences (the product's: boilerplate left out,
fragments dropped) get the product's features; each is labelled 1 when a greedy ROUGE oracle
(ROUGE-1 + ROUGE-2 F1 against the reference summary, at most 3 sentences) picks it. A logistic
regression (L2, scipy L-BFGS) is fitted; its L2 strength and the MMR lambda of the selection are
chosen by 5-fold cross-validation inside dev, on the ROUGE of the selected summaries (the
product's bottom_picks, with the word budget of the article's Lead-3). `--write` saves the
weights to bot/briefing/salience.json. Also fitted, for the record: the model without the
position features. `--evidence` (dev only, nothing written) prints how far the fitted model is
from Lead-3 under repeated cross-validation, and two ceilings at Lead-3's length: the best
set of at most 3 sentences chosen with the reference in hand, and choosing per article the
better of our summary and Lead-3.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics

import numpy as np

from bench.briefing import DEV_ROWS, cnndm_rows, lead3

POSITION = ("lead", "first", "relpos")
C_GRID = (0.1, 0.2, 0.3, 0.5, 1.0)
LAMBDA_GRID = (0.85, 1.0)
FOLDS = 5


def article_data(rows, embedder) -> list[dict]:
    """Per article: candidates, feature table, similarities, oracle labels, budget."""
    from bot.briefing.compose import _embed
    from bot.briefing.material import sentence_candidates
    from bot.briefing.salience import headlines, table
    from bot.briefing.select import SelectOptions, usable
    from ingest.pipeline import clean_text, lead_phrase

    out = []
    for r in rows:
        # What the product reads: the text as ingest stores it, the title ingest makes up.
        text = clean_text(r["article"])[0]
        meta = {"url": r["url"], "title": lead_phrase(text)}
        cands = usable(sentence_candidates(r["id"], text, meta, 0), SelectOptions())
        vectors = _embed(embedder, [c.text for c in cands])
        sims = vectors @ vectors.T
        head_vecs, head_words = headlines(cands, embedder, None, None, {r["id"]: text})
        x = table(cands, vectors, sims, head_vecs, head_words)
        budget = len(lead3(r["article"]).split())
        picked = oracle(r["reference_summary"], [c.text for c in cands])
        y = np.array([i in picked for i in range(len(cands))], dtype=float)
        out.append({"cands": cands, "x": x, "sims": sims, "y": y, "budget": budget, "ref": r})
    return out


def scorer():
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)


_SCORER = None


def rouge(reference: str, text: str) -> np.ndarray:
    global _SCORER
    _SCORER = _SCORER or scorer()
    s = _SCORER.score(reference, text)
    return np.array([100 * s[k].fmeasure for k in ("rouge1", "rouge2", "rougeL")])


def oracle(reference: str, sentences: list[str], most: int = 3) -> list[int]:
    """Greedy: add the sentence that raises ROUGE-1 + ROUGE-2 most, while one does."""
    chosen: list[int] = []
    best = 0.0
    for _ in range(most):
        pick = None
        for i in range(len(sentences)):
            if i in chosen:
                continue
            got = rouge(reference, "\n".join(sentences[k] for k in sorted([*chosen, i])))
            if got[0] + got[1] > best:
                best, pick = got[0] + got[1], i
        if pick is None:
            break
        chosen.append(pick)
    return chosen


def fit(docs: list[dict], cols: list[int], c: float) -> np.ndarray:
    """Logistic regression weights (cols..., bias) with L2 strength 1/c."""
    from scipy.optimize import minimize

    x = np.vstack([d["x"][:, cols] for d in docs])
    y = np.concatenate([d["y"] for d in docs])
    x1 = np.hstack([x, np.ones((len(x), 1))])

    def loss(w):
        z = x1 @ w
        p = 1 / (1 + np.exp(-z))
        grad = x1.T @ (p - y)
        grad[:-1] += w[:-1] / c
        return np.sum(np.logaddexp(0, z) - y * z) + 0.5 / c * np.sum(w[:-1] ** 2), grad

    return minimize(loss, np.zeros(x1.shape[1]), jac=True, method="L-BFGS-B").x


def summary(d: dict, w: np.ndarray, cols: list[int], lam: float) -> str:
    """The product's bottom-line choice (bottom_picks) under the article's Lead-3 budget."""
    from bot.briefing.select import SelectOptions, bottom_picks

    cands = d["cands"]
    for cand, value in zip(cands, d["x"][:, cols] @ w[:-1] + w[-1], strict=True):
        cand.salience = float(value)
    options = SelectOptions(mmr_lambda=lam)
    picked = bottom_picks(cands, d["sims"], list(range(len(cands))), d["budget"], options)
    return "\n".join(cands[i].text for i in sorted(picked))


def evaluate(docs, w, cols, lam) -> np.ndarray:
    return np.mean(
        [rouge(d["ref"]["reference_summary"], summary(d, w, cols, lam)) for d in docs], 0
    )


def cross_validate(docs, cols, c, lam) -> np.ndarray:
    total = np.zeros(3)
    for f in range(FOLDS):
        test = docs[f::FOLDS]
        train = [d for i, d in enumerate(docs) if i % FOLDS != f]
        total += evaluate(test, fit(train, cols, c), cols, lam) * len(test)
    return total / len(docs)


def repeated_cv(docs, cols, c, lam, seeds=(0, 1, 2)) -> np.ndarray:
    """Per-article ROUGE-1/2/L, averaged over `seeds` shuffles of the 5 folds (one split's
    luck can move dev CV by a few tenths)."""
    out = np.zeros((len(docs), 3))
    for seed in seeds:
        fold = np.random.RandomState(seed).permutation(len(docs)) % FOLDS
        for f in range(FOLDS):
            w = fit([d for d, k in zip(docs, fold, strict=True) if k != f], cols, c)
            for i in np.flatnonzero(fold == f):
                got = rouge(docs[i]["ref"]["reference_summary"], summary(docs[i], w, cols, lam))
                out[i] += got / len(seeds)
    return out


def best_in_budget(d: dict, most: int = 3) -> np.ndarray:
    """ROUGE of the best (ROUGE-1 + ROUGE-2) set of at most `most` candidates within the budget,
    chosen with the reference in hand: what sentence choice alone could reach."""
    cands, ref = d["cands"], d["ref"]["reference_summary"]
    best = np.zeros(3)
    for k in range(1, most + 1):
        for sub in itertools.combinations(range(len(cands)), k):
            if sum(cands[i].words for i in sub) <= d["budget"]:
                got = rouge(ref, "\n".join(cands[i].text for i in sub))
                best = got if got[0] + got[1] > best[0] + best[1] else best
    return best


def evidence(docs, lead: np.ndarray, c: float, lam: float) -> None:
    """Print dev-only figures on how much room there is above Lead-3 at its length."""
    ours = repeated_cv(docs, list(range(docs[0]["x"].shape[1])), c, lam)
    diff = ours - lead
    se = diff.std(0, ddof=1) / np.sqrt(len(docs))
    print(f"repeated 5-fold CV (3 shuffles), C={c} lambda={lam}: {np.round(ours.mean(0), 2)}")
    print(f"  minus Lead-3: {np.round(diff.mean(0), 2)} (standard error {np.round(se, 2)})")
    same = sum(float(np.abs(row).max()) < 1e-9 for row in diff)
    print(f"  articles scored exactly as Lead-3: {same} of {len(docs)}")
    better = np.where((diff.sum(1) > 0)[:, None], ours, lead)
    print(f"per article the better of ours and Lead-3: {np.round(better.mean(0), 2)}")
    ceiling = np.mean([best_in_budget(d) for d in docs], 0)
    print(f"best <= 3 sentences within Lead-3's words, reference in hand: {np.round(ceiling, 2)}")


def choose(docs, cols, label: str) -> dict:
    """The (C, lambda) with the best cross-validated mean ROUGE; the model refitted on all dev."""
    tried = []
    for c in C_GRID:
        for lam in LAMBDA_GRID:
            got = cross_validate(docs, cols, c, lam)
            tried.append((float(got.mean()), c, lam, got))
            print(f"  {label} C={c} lambda={lam}: CV ROUGE-1/2/L {np.round(got, 2)}", flush=True)
    _, c, lam, got = max(tried, key=lambda t: t[0])
    w = fit(docs, cols, c)
    return {"C": c, "mmr_lambda": lam, "cv": [round(float(v), 2) for v in got], "w": w}


def main(argv: list[str] | None = None) -> None:
    from bench.briefing import Remembering
    from bot.briefing.salience import FEATURES, MODEL
    from ingest.embeddings import MiniLMEmbeddings

    parser = argparse.ArgumentParser(prog="python -m bench.brief_salience")
    parser.add_argument("--write", action="store_true", help="save bot/briefing/salience.json")
    parser.add_argument("--evidence", action="store_true", help="room above Lead-3 (dev only)")
    args = parser.parse_args(argv)
    dev = cnndm_rows(DEV_ROWS)
    docs = article_data(dev, Remembering(MiniLMEmbeddings()))
    per_article = np.array([rouge(r["reference_summary"], lead3(r["article"])) for r in dev])
    lead = per_article.mean(0)
    print(f"Lead-3 on dev: {np.round(lead, 2)}")
    if args.evidence:
        saved = json.loads(MODEL.read_text())
        evidence(docs, per_article, saved["C"], saved["mmr_lambda"])
        return
    every = list(range(len(FEATURES)))
    full = choose(docs, every, "all features")
    no_pos = [i for i, f in enumerate(FEATURES) if f not in POSITION]
    bare = choose(docs, no_pos, "without position")
    result = {
        "fitted_on": f"the first {DEV_ROWS} frank-cnndm CNN/DM articles (dev) only",
        "label": "greedy ROUGE-1+2 oracle, at most 3 sentences",
        "C": full["C"],
        "mmr_lambda": full["mmr_lambda"],
        "cv_rouge_dev": full["cv"],
        "lead3_dev": [round(float(v), 2) for v in lead],
        "weights": {f: round(float(v), 4) for f, v in zip(FEATURES, full["w"], strict=False)},
        "bias": round(float(full["w"][-1]), 4),
        "without_position": {
            "cv_rouge_dev": bare["cv"],
            "mmr_lambda": bare["mmr_lambda"],
            "weights": {
                FEATURES[i]: round(float(v), 4) for i, v in zip(no_pos, bare["w"], strict=False)
            },
            "bias": round(float(bare["w"][-1]), 4),
        },
        "positives": int(sum(d["y"].sum() for d in docs)),
        "sentences": int(sum(len(d["y"]) for d in docs)),
        "mean_oracle_sentences": round(statistics.mean(float(d["y"].sum()) for d in docs), 2),
    }
    print(json.dumps(result, indent=2))
    if args.write:
        MODEL.write_text(json.dumps(result, indent=2) + "\n")
        print(f"wrote {MODEL}")


if __name__ == "__main__":
    main()
