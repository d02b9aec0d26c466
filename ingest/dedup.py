"""Near-duplicate articles (the same wire story twice) by MinHash over word shingles."""

from __future__ import annotations

import base64
import re

import numpy as np

NUM_PERM = 128
SCHEME = "affine32"  # 32-bit hash values: stored signatures stay small
THRESHOLD = 0.8  # estimated Jaccard similarity of 5-word shingles
_WORD = re.compile(r"\w+")


def signature(text: str):
    """The MinHash of `text`'s 5-word shingles."""
    from datasketch import MinHash

    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    mh.update_batch([s.encode() for s in shingles])
    return mh


def encode(mh) -> str:
    return base64.b64encode(mh.hashvalues.astype(np.uint32).tobytes()).decode()


def decode(value: str):
    from datasketch import MinHash

    values = np.frombuffer(base64.b64decode(value), dtype=np.uint32)
    return MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME)


class DuplicateIndex:
    """An LSH index of article signatures, to find near-duplicates of a new article."""

    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self._sigs: dict[str, object] = {}

    def add(self, doc_id: str, mh) -> None:
        if doc_id not in self._sigs:
            self._lsh.insert(doc_id, mh)
            self._sigs[doc_id] = mh

    def remove(self, doc_id: str) -> None:
        if doc_id in self._sigs:
            self._lsh.remove(doc_id)
            del self._sigs[doc_id]

    def matches(self, mh) -> list[str]:
        """Ids of stored articles whose estimated similarity is above the threshold."""
        return [d for d in self._lsh.query(mh) if self._sigs[d].jaccard(mh) >= THRESHOLD]
