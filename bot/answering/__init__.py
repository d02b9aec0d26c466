"""Answering: quote the sentences that answer a `Question` (extractive), or have an LLM write the
answer with every sentence citation-checked; abstention, prompts. Imports question, models, config.

The service picks an answerer from `bot.answering.registry`.
"""
