"""Watched topics and feeds: RSS/Atom feeds polled into the store (`feeds`, `fetch`), watches
and their digests in the shared database (`watches`), "what changed since the last brief"
(`facts`, `digest`, `run`), delivery to Slack (`deliver`) and the serve loop (`schedule`).
Imports `bot.db`, `bot.models`, `bot.config`, `bot.errors`, `bot.attribution`, `bot.question`,
`ingest`; never a front end.
"""
