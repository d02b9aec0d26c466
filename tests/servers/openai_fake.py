"""A small OpenAI-compatible HTTP server on loopback, answering from a script the test sets.

Implements `POST /v1/chat/completions` (plain JSON and streaming SSE) and `POST /v1/embeddings`.
Every request is recorded (path, headers, JSON body). The script is a list of steps, one per
chat request; the last step repeats once the list runs out (so `[Step(status=500)]` is
"500 forever"). A step can fail with an HTTP status, wait before replying, or cut a streamed
reply off mid-way by closing the connection without finishing the chunked body.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Step:
    """One scripted reply to a chat request."""

    content: str = ""
    status: int = 200
    delay: float = 0.0  # seconds to wait before answering
    cut_after: int | None = None  # streamed: close the connection after this many pieces
    headers: dict[str, str] = field(default_factory=dict)
    reply: Callable[[dict], str] | None = None  # builds the content from the request body
    piece_chars: int | None = None  # streamed: pieces of this many characters, not words
    garbage_after: int | None = None  # streamed: after this many pieces, an event that is not JSON


@dataclass
class Recorded:
    """One request as the server received it."""

    path: str
    headers: dict[str, str]  # names lower-cased
    body: dict[str, Any]


class FakeOpenAI:
    """The server; use as a context manager, set `script`, read `requests`."""

    def __init__(self) -> None:
        self.script: list[Step] = [Step(content="OK")]
        self.requests: list[Recorded] = []
        self._chat_calls = 0
        self._lock = threading.Lock()
        self._httpd = _QuietServer(("127.0.0.1", 0), _make_handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    @property
    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def set_script(self, *steps: Step) -> None:
        with self._lock:
            self.script = list(steps)
            self._chat_calls = 0

    def next_step(self) -> Step:
        with self._lock:
            step = self.script[min(self._chat_calls, len(self.script) - 1)]
            self._chat_calls += 1
            return step

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a client that timed out and hung up is expected here, not an error


def _make_handler(server: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
            pass

        def do_POST(self) -> None:  # noqa: N802 (http.server naming)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b"{}"
            body = json.loads(raw or b"{}")
            server.requests.append(
                Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            )
            if self.path.endswith("/embeddings"):
                self._embeddings(body)
            elif self.path.endswith("/chat/completions"):
                self._chat(body, server.next_step())
            else:
                self._json(404, {"error": {"message": f"no route {self.path}"}})

        def _json(self, status: int, payload: dict, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _embeddings(self, body: dict) -> None:
            inputs = body.get("input", [])
            inputs = [inputs] if isinstance(inputs, str) else inputs
            data = [
                {"object": "embedding", "index": i, "embedding": _vector(str(t))}
                for i, t in enumerate(inputs)
            ]
            self._json(
                200,
                {
                    "object": "list",
                    "data": data,
                    "model": body.get("model", "fake"),
                    "usage": {"prompt_tokens": 0, "total_tokens": 0},
                },
            )

        def _chat(self, body: dict, step: Step) -> None:
            if step.reply is not None:
                step = Step(**{**step.__dict__, "content": step.reply(body), "reply": None})
            if step.delay:
                time.sleep(step.delay)
            if step.status != 200:
                self._json(
                    step.status,
                    {"error": {"message": f"scripted {step.status}", "type": "server_error"}},
                    step.headers,
                )
                return
            if body.get("stream"):
                self._stream(body, step)
                return
            self._json(
                200,
                {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": body.get("model", "fake"),
                    "choices": [
                        {
                            "index": 0,
                            "finish_reason": "stop",
                            "message": {"role": "assistant", "content": step.content},
                        }
                    ],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                },
            )

        def _stream(self, body: dict, step: Step) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            pieces = (
                [
                    step.content[i : i + step.piece_chars]
                    for i in range(0, len(step.content), step.piece_chars)
                ]
                if step.piece_chars
                else _pieces(step.content)
            )
            for i, piece in enumerate(pieces):
                if step.garbage_after is not None and i == step.garbage_after:
                    self._send_chunk(b'data: {"choices": [{"delta": {"content": "unterminated\n\n')
                if step.cut_after is not None and i >= step.cut_after:
                    self.wfile.flush()
                    self.close_connection = True
                    # Drop the socket without the terminating zero-length chunk.
                    self.connection.shutdown(2)
                    return
                self._event(
                    _chunk(
                        body,
                        {"content": piece} if i else {"role": "assistant", "content": piece},
                        None,
                    )
                )
            self._event(_chunk(body, {}, "stop"))
            self._send_chunk(b"data: [DONE]\n\n")
            self._send_chunk(b"")

        def _event(self, payload: dict) -> None:
            self._send_chunk(f"data: {json.dumps(payload)}\n\n".encode())

        def _send_chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

    return Handler


def _chunk(body: dict, delta: dict, finish: str | None) -> dict:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _pieces(text: str) -> list[str]:
    """Split a reply into word-sized pieces, as a model streams tokens."""
    out, current = [], ""
    for ch in text:
        current += ch
        if ch == " ":
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out or [""]


def _vector(text: str, dim: int = 64) -> list[float]:
    """Deterministic hashed bag-of-words embedding."""
    vec = [0.0] * dim
    for word in text.lower().split():
        h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "big")
        vec[h % dim] += 1.0
    norm = sum(v * v for v in vec) ** 0.5 or 1.0
    return [v / norm for v in vec]
