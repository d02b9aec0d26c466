"""The tables, as SQLAlchemy Core. Migrations in bot/db/migrations/ create and change them."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# Small facts about the database itself ("legacy feedback imported from ...").
meta = Table(
    "meta",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("value", Text, nullable=False, default=""),
)

# Thumbs up/down on answers, from every front end.
feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Float, nullable=False),
    Column("user", String(200), nullable=False, default=""),
    Column("rating", Integer, nullable=False),  # +1 thumbs up, -1 thumbs down
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("citations", Text, nullable=False, default="[]"),  # JSON list
    Column("channel", String(20), nullable=False, default=""),  # web, slack
)

# Slack events and interactions already handled, so a retry that lands on any instance is
# answered once. Rows expire (Slack retries for minutes, not days).
slack_events = Table(
    "slack_events",
    metadata,
    Column("key", String(300), primary_key=True),
    Column("seen_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
)

# Who said what (speaker-attributed quotes, exact spans), rebuilt when an article is re-ingested.
quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(100), nullable=False, index=True),
    Column("speaker", String(300), nullable=False),
    Column("role", String(300), nullable=False, default=""),
    Column("quote", Text, nullable=False),
    Column("kind", String(20), nullable=False),  # direct | indirect
    Column("cue", String(50), nullable=False, default=""),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    # 0002: how the speaker was found, and keys for matching and for merging near-duplicates.
    Column("speaker_key", String(300), nullable=False, default="", index=True),
    Column("how", String(20), nullable=False, default=""),  # named|surname|pronoun|...
    Column("mention", String(300), nullable=False, default=""),  # as this passage names them
    Column("quote_key", String(64), nullable=False, default="", index=True),
    UniqueConstraint("doc_id", "start", "end", name="uq_quote_span"),
)

# Sentences that place something in time, with the resolved date.
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(100), nullable=False, index=True),
    Column("date", String(10), nullable=False, index=True),  # YYYY-MM-DD, YYYY-MM or YYYY
    Column("precision", String(10), nullable=False),  # day | month | year
    Column("status", String(10), nullable=False),  # past | planned
    Column("expression", String(200), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    # 0002: the sentence itself (start/end are its span) and where the expression starts.
    Column("text", Text, nullable=False, default=""),
    Column("expr_start", Integer, nullable=False, default=0),
    UniqueConstraint("doc_id", "start", "expression", name="uq_event_span"),
)

# 0002: the articles the quote and event index has read, with what the answers show about
# them, and a publication date inferred from a dateline when the article had none.
attributed_articles = Table(
    "attributed_articles",
    metadata,
    Column("doc_id", String(100), primary_key=True),
    Column("title", Text, nullable=False, default=""),
    Column("source", String(300), nullable=False, default=""),
    Column("published_at", String(40), nullable=False, default=""),
    Column("published_inferred", Integer, nullable=False, default=0),  # 1: from the dateline
    Column("duplicates", Text, nullable=False, default=""),  # comma-separated doc_ids
    Column("rules", String(20), nullable=False, default=""),  # extractor version
    Column("indexed_at", Float, nullable=False, default=0.0),
)

# Topics followed over time, what each digest reported, and where it was delivered.
watches = Table(
    "watches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("topic", Text, nullable=False),
    Column("slack_channel", String(100), nullable=False, default=""),
    Column("every", String(100), nullable=False, default="1d"),
    Column("created_at", Float, nullable=False),
)
digests = Table(
    "digests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("watch_id", Integer, ForeignKey("watches.id", ondelete="CASCADE"), nullable=False),
    Column("at", Float, nullable=False),
    Column("since", Float, nullable=False, default=0.0),
    Column("body", Text, nullable=False),  # JSON: items and citations
    # 0003: when it reached everyone it was meant for (0: not yet), and the articles the
    # store held when it was written (JSON list of doc_ids): the next digest starts after them.
    Column("delivered_at", Float, nullable=False, default=0.0),
    Column("articles", Text, nullable=False, default="[]"),
    Index("ix_digests_watch_at", "watch_id", "at"),
)
deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("digest_id", Integer, ForeignKey("digests.id", ondelete="CASCADE"), nullable=False),
    Column("target", String(200), nullable=False),  # e.g. slack:C0123
    Column("at", Float, nullable=False),
    Column("ok", Integer, nullable=False, default=0),
    Column("detail", Text, nullable=False, default=""),
)

# 0003: the Slack channels a watch posts its digests to (`/brief watch NAME` adds one).
watch_channels = Table(
    "watch_channels",
    metadata,
    Column("watch_id", Integer, ForeignKey("watches.id", ondelete="CASCADE"), primary_key=True),
    Column("channel", String(100), primary_key=True),
)

# 0003: what a digest reported, remembered so the next one can say what changed: figures,
# quotes (with their stance), events (with date and status) and points, each with its span.
watch_facts = Table(
    "watch_facts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("digest_id", Integer, ForeignKey("digests.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(10), nullable=False),  # figure | quote | event | point
    Column("actor", String(300), nullable=False, default=""),
    Column("subject", Text, nullable=False, default=""),  # space-separated word stems
    Column("value", String(300), nullable=False, default=""),
    Column("shown", String(300), nullable=False, default=""),  # the value as written
    Column("text", Text, nullable=False),
    Column("doc_id", String(100), nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("source", String(300), nullable=False, default=""),
    Column("url", Text, nullable=False, default=""),
    Column("published_at", String(40), nullable=False, default=""),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_watch_facts_digest", "digest_id"),
)

# 0003: RSS/Atom feeds polled for new articles, and every item already fetched (by URL and by
# content hash), so a poll never stores an item twice.
feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("url", Text, nullable=False),
    Column("added_at", Float, nullable=False),
    Column("polled_at", Float, nullable=False, default=0.0),
    Column("status", Text, nullable=False, default=""),  # the last poll, in one line
)
feed_items = Table(
    "feed_items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), nullable=True),
    Column("url_key", String(64), nullable=False, unique=True),  # sha256 of the URL
    Column("url", Text, nullable=False),
    Column("content_hash", String(64), nullable=False, default="", index=True),
    Column("title", Text, nullable=False, default=""),
    Column("path", Text, nullable=False, default=""),  # the file it was stored from
    Column("fetched_at", Float, nullable=False),
)
