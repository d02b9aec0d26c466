"""Team mode: every instance shares one database (real PostgreSQL on loopback, real processes).

Two `briefbot slack` processes stand behind an imagined load balancer: a Slack retry that
lands on the second one is answered once, and a thumbs-up given through either shows in the
team lead's `briefbot feedback export`. The single-user default (SQLite in the store folder)
migrates itself and brings in an old `feedback.sqlite3` once.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import SEED

BRIEFBOT = str(Path(sys.executable).parent / "briefbot")


def cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BRIEFBOT, *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_default_database_migrates_itself_and_db_upgrade_reports_it(tmp_path):
    store = tmp_path / "store"
    first = cli("feedback", "export", "--store", str(store))
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == ["at,user,channel,rating,question,answer,citations"]
    assert (store / "briefbot.sqlite3").is_file()  # no server needed for one user
    upgrade = cli("db", "upgrade", "--store", str(store))
    assert upgrade.returncode == 0 and "at revision 0003" in upgrade.stdout


def test_an_old_feedback_file_is_imported_once_with_a_line_saying_so(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    old = sqlite3.connect(store / "feedback.sqlite3")
    old.execute(
        "CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, "
        "user TEXT NOT NULL DEFAULT '', rating INTEGER NOT NULL, question TEXT NOT NULL, "
        "answer TEXT NOT NULL, citations TEXT NOT NULL DEFAULT '[]')"
    )
    old.executemany(
        "INSERT INTO feedback (at, user, rating, question, answer, citations) VALUES (?,?,?,?,?,?)",
        [
            (1700000000.0, "maria", 1, "Who chairs the river board?", "Petra Ilvane [1]", "[]"),
            (1700000100.0, "slack:U1", -1, "what about the dam?", "no idea", "[]"),
        ],
    )
    old.commit()
    old.close()
    first = cli("feedback", "export", "--format", "json", "--store", str(store))
    assert first.returncode == 0, first.stderr
    assert "imported 2 ratings" in first.stdout + first.stderr
    rows = json.loads(first.stdout[first.stdout.index("[") :])
    assert [(r["user"], r["rating"]) for r in rows] == [("maria", 1), ("slack:U1", -1)]
    again = cli("feedback", "export", "--format", "json", "--store", str(store))
    assert "imported" not in again.stdout + again.stderr
    assert len(json.loads(again.stdout)) == 2  # not imported twice


def test_the_same_key_is_first_for_exactly_one_of_two_processes(postgres_url):
    """The event log under a real race: two processes claim the same 300 keys at once."""
    script = (
        "import sys, time; from bot.db import Database; from bot.db.seen import SeenOnce\n"
        "db = Database(sys.argv[1]); db.upgrade(); seen = SeenOnce(db)\n"
        "time.sleep(float(sys.argv[2]) - time.time())\n"
        "print(sum(seen.first_time(f'race:{i}') for i in range(300)))\n"
    )
    start = str(time.time() + 8)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, postgres_url, start], stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    wins = [int(p.communicate(timeout=120)[0]) for p in procs]
    assert sum(wins) == 300, wins


@pytest.mark.slow
def test_two_slack_instances_answer_a_retry_once_and_share_feedback(tmp_path, minilm, postgres_url):
    from servers.slack_fake import BOT_TOKEN, FakeSlack
    from slack_harness import SECRET, event_body, mention

    from ingest.pipeline import ingest_paths
    from ingest.store import Store

    store = tmp_path / "store"
    assert not ingest_paths(Store(path=store, embedder_name=minilm.name), minilm, [SEED]).failures
    with FakeSlack() as fake:
        env = {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "BRIEFBOT_SLACK_API_URL": fake.api_url,
            "BRIEFBOT_ANSWERER": "extractive",
            "BRIEFBOT_DATABASE_URL": postgres_url,
        }
        first, second = (_slack_process(tmp_path, store, env, name) for name in ("a", "b"))
        try:
            for instance in (first, second):
                fake.wait_for(
                    lambda i=instance: _accepts(i["port"]), timeout=180, what="both instances"
                )
            event = mention(fake, "What did Sihasak say about the October agreement?")
            body = json.dumps(event_body(event))
            assert _deliver(first["port"], body) == 200
            fake.wait_for(lambda: fake.calls_to("reactions.remove"), timeout=120, what="answer")
            # Slack's retry of the same event lands on the other instance.
            assert _deliver(second["port"], body, retry=1) == 200
            # A new question to the second instance shows it is working, and when it is done.
            other = mention(fake, "What did the Cambodian Ministry of Interior say?")
            assert _deliver(second["port"], json.dumps(event_body(other))) == 200
            fake.wait_for(
                lambda: len(fake.calls_to("reactions.remove")) >= 2, timeout=120, what="2nd"
            )
            placeholders = [c for c in fake.calls_to("chat.postMessage") if c.args.get("thread_ts")]
            assert len(placeholders) == 2  # one per question: the retry was not answered again
            # A thumbs-up on instance b, for the answer instance a wrote.
            answer = [c for c in fake.calls_to("chat.update")][0]
            feedback = _feedback_button(answer)
            message = {"ts": answer.args["ts"], "text": answer.args.get("text", "")}
            assert _click(second["port"], feedback, message) == 200
            fake.wait_for(lambda: fake.calls_to("chat.postEphemeral"), what="the thank-you")
        finally:
            for instance in (first, second):
                instance["proc"].terminate()
                instance["proc"].wait(timeout=30)
                instance["log"].close()
    # The team lead's export, from a third process, sees the rating.
    exported = cli("feedback", "export", "--format", "json", BRIEFBOT_DATABASE_URL=postgres_url)
    assert exported.returncode == 0, exported.stderr
    rows = [r for r in json.loads(exported.stdout) if r["channel"] == "slack"]
    assert rows and rows[-1]["rating"] == 1 and "Sihasak" in rows[-1]["question"]
    for name in ("a", "b"):
        assert "Traceback" not in (tmp_path / f"slack-{name}.log").read_text()


def _slack_process(tmp_path: Path, store: Path, env: dict[str, str], name: str) -> dict:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BRIEFBOT_SLACK"))}
    log = (tmp_path / f"slack-{name}.log").open("w")
    proc = subprocess.Popen(
        [BRIEFBOT, "slack", "--host", "127.0.0.1", "--port", str(port), "--store", str(store)],
        env={**clean, **env},
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
    )
    return {"proc": proc, "port": port, "log": log}


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _post(port: int, body: str, kind: str, retry: int = 0) -> int:
    from slack_harness import sign

    ts = int(time.time())
    headers = {"Content-Type": kind, "X-Slack-Request-Timestamp": str(ts)}
    headers["X-Slack-Signature"] = sign(body, ts)
    if retry:
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/slack/events", data=body.encode(), method="POST", headers=headers
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


def _deliver(port: int, body: str, retry: int = 0) -> int:
    return _post(port, body, "application/json", retry)


def _feedback_button(update) -> dict:
    from slack_harness import blocks_of

    for block in blocks_of(update):
        for element in block.get("elements", []):
            if element.get("action_id") == "feedback_up":
                return element
    raise AssertionError("the answer has no feedback buttons")


def _click(port: int, button: dict, message: dict) -> int:
    import urllib.parse

    payload = {
        "type": "block_actions",
        "team": {"id": "T0TEAM"},
        "user": {"id": "UALICE"},
        "api_app_id": "A0BRIEF",
        "token": "legacy",
        "channel": {"id": "C0POLICY"},
        "message": message,
        "actions": [
            {"action_id": "feedback_up", "block_id": "briefbot_feedback", "value": button["value"]}
        ],
        "response_url": "http://127.0.0.1:1/unused",
        "trigger_id": "1.2.3",
    }
    body = urllib.parse.urlencode({"payload": json.dumps(payload)})
    return _post(port, body, "application/x-www-form-urlencoded")
