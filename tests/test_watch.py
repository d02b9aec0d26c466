"""Watched topics across ingests of a story that moves (a figure revised, a position changed,
a meeting held): first brief, what changed, nothing new. Real embedded Chroma store (test
embedder), real spaCy quote index, real SQLite (and PostgreSQL), Slack on loopback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from servers.slack_fake import BOT_TOKEN, FakeSlack
from slack_harness import blocks_of

from bench.watch_stories import KESTREL, write_step

BRIEFBOT = str(Path(sys.executable).parent / "briefbot")


def make_bot(store: Path, **extra):
    from bot.config import Settings
    from bot.service import BriefBot

    return BriefBot(
        Settings(store=store, embeddings="fake", reranker="none", answerer="extractive", **extra)
    )


def step(bot, folder: Path, n: int) -> set[str]:
    """Ingest step n of the Kestrel story; returns the doc_ids it added."""
    before = {a.doc_id for a in bot.store.list_articles()}
    paths = write_step(folder, KESTREL, n)
    if paths:
        bot.ingest(paths)
    return {a.doc_id for a in bot.store.list_articles()} - before


def check_three_steps(bot, tmp_path: Path, name: str) -> None:
    bot.watches.add(name, KESTREL["topic"])
    old = step(bot, tmp_path / "articles", 0)
    first = bot.run_watch(name)
    assert first.first and first.delivered and first.items
    assert {c["doc_id"] for c in first.citations} <= old
    for item in first.items:
        assert item.cites and all(1 <= n <= len(first.citations) for n in item.cites)

    new = step(bot, tmp_path / "articles", 1)
    second = bot.run_watch(name)
    assert not second.first and second.since == pytest.approx(
        bot.watches.last_delivered(bot.watches.get(name))["delivered_at"], abs=3600
    )
    by_n = {c["n"]: c for c in second.citations}
    # Nothing comes only from articles the first digest covered.
    for item in second.items:
        assert {by_n[n]["doc_id"] for n in item.cites} & new, item.text
    updated = [i for i in second.items if i.status == "updated"]
    texts = " ".join(i.text for i in updated)
    assert "from 40 people to 52 people" in texts  # the figure revised, from what to what
    assert "Ana Ruiz changed position, from in favour to against" in texts
    assert "meeting was held" in texts
    for item in updated:  # each cites the old source and the new
        docs = {by_n[n]["doc_id"] for n in item.cites}
        assert docs & old and docs & new, item.text
    for c in second.citations:  # each citation quotes the stored article exactly
        article = bot.store.get_article(c["doc_id"])
        assert article.text[c["start"] : c["end"]] == c["quote"]

    third = bot.run_watch(name)
    assert third.nothing_new and third.items == []
    assert third.headline() == f"{name}: nothing new since {third.since_text}"


def test_three_step_digest_first_brief_then_changes_then_nothing_new(tmp_path):
    check_three_steps(make_bot(tmp_path / "store"), tmp_path, "kestrel")


def test_watch_cli_json_shape_and_nothing_new_line(tmp_path):
    env = {
        **os.environ,
        "BRIEFBOT_EMBEDDINGS": "fake",
        "BRIEFBOT_RERANKER": "none",
        "BRIEFBOT_STORE": str(tmp_path / "store"),
    }

    def cli(*args):
        return subprocess.run(
            [BRIEFBOT, *args], env=env, capture_output=True, text=True, timeout=300
        )

    bad = cli("watch", "add", "floods", "--topic", "Kestrel Bay floods", "--every", "sometimes")
    assert bad.returncode == 1 and "--every 'sometimes'" in bad.stderr
    assert (
        cli(
            "watch", "add", "floods", "--topic", "Kestrel Bay floods relief", "--every", "6h"
        ).returncode
        == 0
    )
    bot = make_bot(tmp_path / "store")
    step(bot, tmp_path / "articles", 0)
    cli("watch", "run", "floods")  # the first brief
    step(bot, tmp_path / "articles", 1)
    done = cli("watch", "run", "floods", "--json")
    assert done.returncode == 0, done.stderr
    digest = json.loads(done.stdout)
    assert set(digest) >= {"watch", "since", "items", "citations"} and digest["watch"] == "floods"
    assert digest["since"] and digest["items"]
    keys = {"n", "quote", "doc_id", "title", "source", "published_at", "start", "end"}
    assert all(keys <= set(c) for c in digest["citations"])
    assert all(set(i) == {"text", "status", "cites"} for i in digest["items"])
    assert {i["status"] for i in digest["items"]} <= {"new", "updated", "conflicting"}
    again = cli("watch", "run", "--all")
    assert again.returncode == 0, again.stderr
    line = re.fullmatch(
        r"floods: nothing new since (\d{4}-\d\d-\d\d \d\d:\d\d UTC)", again.stdout.strip()
    )
    assert line and line.group(1) >= digest["since"]  # since the digest just delivered


def test_digest_posted_to_slack_as_block_kit_and_a_failed_post_is_reported_again(tmp_path):
    with FakeSlack() as fake:
        bot = make_bot(tmp_path / "store", slack_bot_token=BOT_TOKEN, slack_api_url=fake.api_url)
        bot.watches.add("kestrel", KESTREL["topic"], channel="C0FLOODS")
        step(bot, tmp_path / "articles", 0)
        assert bot.run_watch("kestrel").delivered
        step(bot, tmp_path / "articles", 1)
        fake.errors["chat.postMessage"] = "internal_error"
        failed = bot.run_watch("kestrel")
        assert not failed.delivered
        assert any("failed 3 times (internal_error)" in d for d in failed.deliveries)
        del fake.errors["chat.postMessage"]
        # The next run reports again from the last delivered point: the update is not lost.
        retried = bot.run_watch("kestrel")
        assert retried.delivered and retried.since == failed.since
        assert [i.text for i in retried.items] == [i.text for i in failed.items]
        posts = [c for c in fake.calls_to("chat.postMessage") if c.args["channel"] == "C0FLOODS"]
        blocks = blocks_of(posts[-1])
        assert blocks[0]["type"] == "section" and "change" in blocks[0]["text"]["text"]
        assert any("*updated*" in b.get("text", {}).get("text", "") for b in blocks)
        cites = [b for b in blocks if b["type"] == "context"]
        assert len(cites) == len(retried.citations) and cites[0]["block_id"] == "citation_1"
        print(json.dumps(blocks, indent=1, ensure_ascii=False))


def test_watch_on_postgres(postgres_url, tmp_path):
    bot = make_bot(tmp_path / "store", database_url=postgres_url)
    assert bot.watches.db.revision() == "0003"
    check_three_steps(bot, tmp_path, f"pg-{uuid.uuid4().hex[:8]}")


def test_migration_0003_brings_an_older_database_up_and_back(tmp_path):
    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    from bot.db.engine import MIGRATIONS, Database

    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))

    def to(revision: str, down: bool = False) -> None:
        with db.engine.begin() as conn:
            config.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(config, revision)

    to("0002")
    with db.engine.begin() as conn:  # digests as a database made before 0003 has it
        for column in ("delivered_at", "articles"):
            conn.execute(sa.text(f"ALTER TABLE digests DROP COLUMN {column}"))
    assert db.upgrade() == "0003"
    inspector = sa.inspect(db.engine)
    assert {"delivered_at", "articles"} <= {c["name"] for c in inspector.get_columns("digests")}
    assert {"feeds", "feed_items", "watch_channels", "watch_facts"} <= set(
        inspector.get_table_names()
    )
    to("0002", down=True)
    assert "feeds" not in sa.inspect(db.engine).get_table_names()


def test_the_shortcut_past_alembic_names_the_newest_migration(tmp_path):
    """The shortcut past Alembic holds only while HEAD is the newest migration: a migration
    added without moving HEAD would leave every existing database unmigrated."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from bot.db.engine import HEAD, MIGRATIONS, Database

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD
    db = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert db.upgrade() == HEAD  # a new database: every migration runs
    assert db.upgrade() == HEAD and db.revision() == HEAD


def test_serve_polls_feeds_first_then_runs_due_watches_with_a_status_line(tmp_path):
    from servers.news_site import NewsSite

    article = KESTREL["steps"][0]["articles"][0]
    with NewsSite() as site, FakeSlack() as fake:
        site.article("/k0", article)
        site.rss("/rss.xml", [("/k0", article)])
        bot = make_bot(
            tmp_path / "store",
            slack_bot_token=BOT_TOKEN,
            slack_api_url=fake.api_url,
            feed_host_delay=0.0,
        )
        bot.feeds.add(f"{site.url}/rss.xml", name="herald")
        bot.watches.add("kestrel", KESTREL["topic"], every="1d", channel="C0FLOODS")
        lines: list[str] = []
        bot.serve_watches(say=lines.append, interval=0, rounds=2)
    assert "watching: kestrel (1d)" in lines[0]
    assert "1 feeds polled, 1 new articles | kestrel: first brief on" in lines[1]
    assert lines[1].endswith("(delivered)")
    assert lines[2].endswith("1 feeds polled, 0 new articles | no watch due")
    post = fake.calls_to("chat.postMessage")[0]
    assert post.args["channel"] == "C0FLOODS" and "Relief crews" in json.dumps(blocks_of(post))
