"""Prompts from prompts/<name>.md, read at call time and rendered with LangChain templates.

A prompt file holds an optional leading <!-- comment --> and two sections, each opened by a
line that is exactly `## system` or `## user`. Section text is a LangChain f-string template:
`{name}` is a variable, literal braces are doubled.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from bot.errors import ConfigError
from bot.models import Passage

PROMPTS_DIR = Path(__file__).resolve().parent.parent.parent / "prompts"
_SECTION = re.compile(r"^## (system|user)[ \t]*$", re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def prompt_path(name: str) -> Path:
    """Path of the prompt file called `name`."""
    if not re.fullmatch(r"[a-z0-9_-]+", name):
        raise ConfigError(f"invalid prompt name {name!r}: use letters, digits, - or _")
    return PROMPTS_DIR / f"{name}.md"


def load_sections(name: str) -> dict[str, str]:
    """The `system` and `user` sections of prompts/<name>.md, read now (edits apply at once)."""
    path = prompt_path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read prompt {path}: {exc.strerror or exc}") from exc
    text = _COMMENT.sub("", text)
    marks = list(_SECTION.finditer(text))
    sections: dict[str, str] = {}
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        sections[mark.group(1)] = text[mark.end() : end].strip()
    if "user" not in sections:
        raise ConfigError(f"prompt {path} has no '## user' section")
    return sections


def prompt_template(name: str):
    """A LangChain ChatPromptTemplate built from prompts/<name>.md."""
    from langchain_core.prompts import ChatPromptTemplate

    sections = load_sections(name)
    messages = [
        (role if role == "system" else "human", sections[role])
        for role in ("system", "user")
        if role in sections
    ]
    return ChatPromptTemplate.from_messages(messages, template_format="f-string")


def render(name: str, **variables: object) -> list:
    """The chat messages of prompt `name` with `variables` filled in."""
    template = prompt_template(name)
    missing = set(template.input_variables) - set(variables)
    if missing:
        raise ConfigError(f"prompt {prompt_path(name)} needs {', '.join(sorted(missing))}")
    return template.format_messages(**variables)


def format_passage(n: int, passage: Passage) -> str:
    """One passage as a delimited, numbered block; its text cannot close the tag early."""
    attrs = {
        "n": str(n),
        "source": passage.source,
        "date": passage.published_at,
        "title": passage.title,
    }
    head = " ".join(f'{k}="{escape(v, quote=True)}"' for k, v in attrs.items() if v)
    return f"<passage {head}>\n{_neutralise(passage.text)}\n</passage>"


def format_passages(passages: list[Passage]) -> str:
    """All passages, numbered from 1, separated by blank lines."""
    return "\n\n".join(format_passage(i, p) for i, p in enumerate(passages, start=1))


def format_history(history: list[tuple[str, str]], max_chars: int = 4000) -> str:
    """Earlier turns as `User:` / `Assistant:` lines, newest kept when over `max_chars`."""
    lines: list[str] = []
    for question, answer in reversed(history):
        block = f"User: {question.strip()}\nAssistant: {answer.strip()}"
        if sum(len(x) for x in lines) + len(block) > max_chars and lines:
            break
        lines.insert(0, block)
    return "\n".join(lines)


def _neutralise(text: str) -> str:
    # An article that contains "</passage>" must not be able to end its block and
    # speak outside it; only the tag is escaped so quotes stay readable.
    return re.sub(r"<(/?)passage", r"&lt;\1passage", text, flags=re.IGNORECASE)
