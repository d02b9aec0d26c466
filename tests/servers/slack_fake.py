"""A small Slack Web API on loopback: the methods briefbot's Slack app calls, with every call recorded.

Speaks real HTTP (form, query-string and JSON bodies, Bearer tokens) the way slack_sdk's
WebClient sends them, keeps the messages it was given per channel so `conversations.replies`
returns a real thread, and also accepts POSTs to response_url paths (`/response/<id>`).
"""

from __future__ import annotations

import itertools
import json
import random
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"  # app-level token: Socket Mode only
BOT_USER_ID, BOT_ID, TEAM_ID = "UBRIEFBOT", "BBRIEFBOT", "T0TEST"


@dataclass
class Call:
    """One recorded request: the API method (or `response_url`) and its arguments."""

    method: str
    args: dict[str, Any]
    path: str = ""


class FakeSlack:
    """Start with `with FakeSlack() as slack:`; point WebClient(base_url=slack.api_url) at it."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.threads: dict[str, list[dict[str, Any]]] = {}  # channel -> messages
        self.errors: dict[str, str] = {}  # method -> Slack error to return instead
        self.hang_up: set[str] = set()  # methods whose connection is dropped with no reply
        self.socket: FakeSocketMode | None = None  # set to serve apps.connections.open
        self._lock = threading.Lock()
        self._ticks = itertools.count(1)
        self._epoch = int(time.time())
        # Message timestamps are unique in Slack; the shared event log remembers them, so two
        # fakes started in the same second must not hand out the same ones.
        self._micro = random.randrange(1, 999_999)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- lifecycle -----------------------------------------------------------------------
    def __enter__(self) -> FakeSlack:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    # -- what tests use ------------------------------------------------------------------
    def next_ts(self) -> str:
        return f"{self._epoch + next(self._ticks)}.{self._micro:06d}"

    def user_message(
        self, channel: str, text: str, user: str = "UALICE", thread_ts: str | None = None
    ) -> dict[str, Any]:
        """Record a message a person wrote (so threads read back include it); returns it."""
        msg = {"type": "message", "user": user, "text": text, "ts": self.next_ts()}
        if thread_ts:
            msg["thread_ts"] = thread_ts
        with self._lock:
            self.threads.setdefault(channel, []).append(msg)
        return msg

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, check, timeout: float = 60.0, what: str = "calls"):
        """Poll `check()` until it returns something truthy, at most `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = check()
            if result:
                return result
            time.sleep(0.05)
        raise AssertionError(
            f"timed out waiting for {what}; calls: {[c.method for c in self.calls]}"
        )

    def message(self, channel: str, ts: str) -> dict[str, Any] | None:
        with self._lock:
            return next((m for m in self.threads.get(channel, []) if m["ts"] == ts), None)

    # -- the API -------------------------------------------------------------------------
    def handle(self, method: str, args: dict[str, Any], token: str) -> dict[str, Any]:
        if token != (APP_TOKEN if method == "apps.connections.open" else BOT_TOKEN):
            return {"ok": False, "error": "invalid_auth"}
        if method in self.errors:
            return {"ok": False, "error": self.errors[method]}
        handler = getattr(self, "api_" + method.replace(".", "_"), None)
        if handler is None:
            return {"ok": False, "error": "unknown_method"}
        with self._lock:
            return handler(args)

    def api_apps_connections_open(self, args):
        if self.socket is None:
            return {"ok": False, "error": "socket_mode_not_enabled"}
        return {"ok": True, "url": self.socket.url}

    def api_auth_test(self, args):
        return {
            "ok": True,
            "url": "https://test.slack.com/",
            "team": "Test",
            "user": "briefbot",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def api_chat_postMessage(self, args):
        channel = args["channel"]
        msg = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "ts": self.next_ts(),
            "text": args.get("text", ""),
            "blocks": _blocks(args.get("blocks")),
        }
        if args.get("thread_ts"):
            msg["thread_ts"] = args["thread_ts"]
        if args.get("metadata"):
            msg["metadata"] = _json(args["metadata"])
        self.threads.setdefault(channel, []).append(msg)
        return {"ok": True, "channel": channel, "ts": msg["ts"], "message": msg}

    def api_chat_update(self, args):
        channel, ts = args["channel"], args["ts"]
        msg = next((m for m in self.threads.get(channel, []) if m["ts"] == ts), None)
        if msg is None:
            return {"ok": False, "error": "message_not_found"}
        msg.update(text=args.get("text", ""), blocks=_blocks(args.get("blocks")))
        if args.get("metadata"):
            msg["metadata"] = _json(args["metadata"])
        return {"ok": True, "channel": channel, "ts": ts, "text": msg["text"]}

    def api_chat_postEphemeral(self, args):
        return {"ok": True, "message_ts": self.next_ts()}

    def api_chat_delete(self, args):
        messages = self.threads.get(args["channel"], [])
        messages[:] = [m for m in messages if m["ts"] != args["ts"]]
        return {"ok": True, "channel": args["channel"], "ts": args["ts"]}

    def api_reactions_add(self, args):
        return {"ok": True}

    def api_reactions_remove(self, args):
        return {"ok": True}

    def api_conversations_replies(self, args):
        thread = args["ts"]
        messages = [
            m
            for m in self.threads.get(args["channel"], [])
            if m["ts"] == thread or m.get("thread_ts") == thread
        ]
        if str(args.get("include_all_metadata", "")).lower() not in ("1", "true"):
            messages = [{k: v for k, v in m.items() if k != "metadata"} for m in messages]
        return {"ok": True, "messages": json.loads(json.dumps(messages)), "has_more": False}

    # -- HTTP ----------------------------------------------------------------------------
    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):  # keep test output clean
                pass

            def do_GET(self):
                parts = urlsplit(self.path)
                self._api(parts.path, _flat(parse_qs(parts.query)))

            def do_POST(self):
                parts = urlsplit(self.path)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    args = json.loads(raw or "{}")
                else:
                    args = _flat(parse_qs(raw))
                args.update(_flat(parse_qs(parts.query)))
                if parts.path.startswith("/response/"):
                    with fake._lock:
                        fake.calls.append(Call("response_url", args, parts.path))
                    self._send(200, b"ok", "text/plain")
                    return
                self._api(parts.path, args)

            def _api(self, path: str, args: dict[str, Any]) -> None:
                if not path.startswith("/api/"):
                    self._send(404, b"not found", "text/plain")
                    return
                method = path[len("/api/") :]
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                with fake._lock:
                    fake.calls.append(Call(method, args, path))
                if method in fake.hang_up:  # a network failure: the client sees no response
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                body = fake.handle(method, args, token or str(args.get("token", "")))
                self._send(200, json.dumps(body).encode(), "application/json")

            def _send(self, status: int, body: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler


def _flat(query: dict[str, list[str]]) -> dict[str, Any]:
    return {k: v[0] if len(v) == 1 else v for k, v in query.items()}


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def _blocks(value) -> list:
    return _json(value) if value else []


class FakeSocketMode:
    """Slack's Socket Mode end: a WebSocket server on loopback that sends envelopes, records acks."""

    def __init__(self) -> None:
        from websockets.sync.server import serve

        self.acks: list[dict[str, Any]] = []
        self._clients: list = []
        self._lock = threading.Lock()
        self._server = serve(self._session, "127.0.0.1", 0, compression=None)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeSocketMode:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()

    @property
    def url(self) -> str:
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link/?ticket=test"

    def _session(self, connection) -> None:
        connection.send(
            json.dumps({"type": "hello", "num_connections": 1, "debug_info": {"host": "fake"}})
        )
        with self._lock:
            self._clients.append(connection)
        for raw in connection:
            with self._lock:
                self.acks.append(json.loads(raw))

    def connected(self) -> bool:
        with self._lock:
            return bool(self._clients)

    def send(self, kind: str, payload: dict[str, Any], envelope_id: str) -> None:
        """Push one envelope (kind: events_api, slash_commands, interactive) to the app."""
        with self._lock:
            client = self._clients[-1]
        client.send(
            json.dumps(
                {
                    "envelope_id": envelope_id,
                    "type": kind,
                    "payload": payload,
                    "accepts_response_payload": kind != "events_api",
                    "retry_attempt": 0,
                    "retry_reason": "",
                }
            )
        )
