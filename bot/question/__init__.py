"""What a question asks, understood once per request: names, outlets, dates, answer type, and
the standalone rewrite of a follow-up. Pure text work; imports nothing else from `bot/`.
"""

from bot.question.hints import Outlets
from bot.question.understanding import Question, understand

__all__ = ["Outlets", "Question", "understand"]
