"""The Gradio web chat (imports Gradio only inside `bot.web.app` and `bot.web.server`)."""
