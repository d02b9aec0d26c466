"""Near-duplicate articles (the same wire story twice) by MinHash over word shingles."""

from __future__ import annotations

import base64
import re
import zlib
from functools import lru_cache
from typing import Any

import numpy as np

NUM_PERM = 128
SCHEME = "affine32"  # 32-bit hash values: stored signatures stay small
THRESHOLD = 0.8  # estimated Jaccard similarity of 5-word shingles
_WORD = re.compile(r"\w+")


def _crc32(data: bytes) -> int:
    # CRC32 is stable across processes (signatures are stored) and ~10x faster than
    # datasketch's default SHA-1; the random affine permutations do the mixing.
    return zlib.crc32(data)


@lru_cache(maxsize=1)
def _permutations():
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashfunc=_crc32).permutations


def _minhash(hashvalues=None):
    from datasketch import MinHash

    return MinHash(
        num_perm=NUM_PERM,
        scheme=SCHEME,
        hashfunc=_crc32,
        permutations=_permutations(),
        hashvalues=hashvalues,
    )


def signature(text: str):
    """The MinHash of `text`'s 5-word shingles."""
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}
    mh = _minhash()
    mh.update_batch([s.encode() for s in shingles])
    return mh


def encode(mh) -> str:
    """The signature as a short string for the article's metadata."""
    return base64.b64encode(mh.hashvalues.astype(np.uint32).tobytes()).decode()


def decode(value: str):
    """The MinHash stored by `encode`."""
    return _minhash(np.frombuffer(base64.b64decode(value), dtype=np.uint32))


class DuplicateIndex:
    """An LSH index of article signatures, to find near-duplicates of a new article."""

    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self._sigs: dict[str, Any] = {}

    def add(self, doc_id: str, mh) -> None:
        """Index `doc_id`'s signature (once)."""
        if doc_id not in self._sigs:
            self._lsh.insert(doc_id, mh)
            self._sigs[doc_id] = mh

    def remove(self, doc_id: str) -> None:
        """Forget `doc_id`."""
        if doc_id in self._sigs:
            self._lsh.remove(doc_id)
            del self._sigs[doc_id]

    def matches(self, mh) -> list[str]:
        """Ids of stored articles whose estimated similarity is above the threshold."""
        return sorted(d for d in self._lsh.query(mh) if self._sigs[d].jaccard(mh) >= THRESHOLD)
