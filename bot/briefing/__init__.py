"""Briefings: gather material, select and arrange cited sentences (or have an LLM write them),
export to Markdown, HTML and Word. Imports retrieval, answering (citation check, LLM), models.

Entry point: `bot.briefing.build.brief`; the service calls it, front ends call the service.
"""
