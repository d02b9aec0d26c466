"""Who said what, and when: speaker-attributed quotes and dated events, extracted at ingest.
Imports spaCy, dateparser, SQLAlchemy, `ingest`, `bot.db`, `bot.question`, `bot.errors`.
"""

from bot.attribution.answers import QuoteHit, quotes_for_question
from bot.attribution.index import QuoteIndex

__all__ = ["QuoteHit", "QuoteIndex", "quotes_for_question"]
