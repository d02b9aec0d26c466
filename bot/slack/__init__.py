"""Slack front end: cited answers in threads, /brief, feedback buttons (slack-bolt)."""
