"""Follow-up resolution, and `briefbot chat` driven through its real stdin."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.question.followup import resolve

BRIEFBOT = Path(sys.executable).parent / "briefbot"
FIRST = "What did Sihasak say about the October agreement?"


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        ("and what did Cambodia say?", "What did Cambodia say about the October agreement?"),
        ("What about Cambodia?", "What did Cambodia say about the October agreement?"),
        ("What did he warn?", "What did Sihasak warn about the October agreement?"),
        ("When was it reached?", "When was the October agreement reached?"),
    ],
)
def test_follow_ups_carry_the_earlier_topic(follow_up, expected):
    assert resolve(follow_up, [(FIRST, "...")]) == expected


def test_standalone_questions_are_left_alone():
    question = "Who won the Tasmanian chess championship?"
    assert resolve(question, [(FIRST, "...")]) == question
    assert resolve(FIRST, None) == FIRST
    assert resolve(FIRST, []) == FIRST


def test_follow_ups_chain_through_several_turns():
    history = [(FIRST, "..."), ("and what did Cambodia say?", "...")]
    assert (
        resolve("What about Malaysia?", history)
        == "What did Malaysia say about the October agreement?"
    )


def test_pronoun_takes_the_previous_subject():
    assert (
        resolve("What did he say?", [("Who met Thai PM Anutin?", "...")])
        == "What did Thai PM Anutin say?"
    )


def chat(store: Path, lines: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BRIEFBOT), "chat", "--store", str(store)],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.corpus
def test_chat_resolves_a_follow_up_against_the_first_turn(corpus_store):
    done = chat(corpus_store.path, [FIRST, "and what did Cambodia say?", "quit"])
    assert done.returncode == 0, done.stderr
    out = " ".join(done.stdout.split())
    first, _, second = out.partition("Read as: What did Cambodia say about the October agreement?")
    assert second, out  # the follow-up was read with the first question's topic
    assert "too hastily" in first
    # The second answer quotes Cambodia's side (the Cambodian Ministry of Interior's statement).
    answer_two = first[first.rindex("briefbot>") :]
    assert "Cambodia" in answer_two and "[1]" in answer_two
    assert out.rstrip().endswith("bye")


def test_chat_ends_at_end_of_input(tmp_path):
    done = chat(tmp_path / "empty", [])
    assert done.returncode == 0
    assert "bye" in done.stdout


def test_chat_reports_errors_and_carries_on(tmp_path):
    done = chat(tmp_path / "empty", ["What did Sihasak say?", "quit"])
    assert done.returncode == 0
    out = " ".join(done.stdout.split())
    assert "holds no articles yet" in out and out.endswith("bye")


@pytest.mark.parametrize(
    ("earlier", "follow_up", "expected"),
    [
        ("summarize the harbour accord", "who signed it?", "Who signed the harbour accord?"),
        (
            "what happened to the ferry app?",
            "how much does it cost?",
            "How much does the ferry app cost?",
        ),
        (
            "who is petra ilvane?",
            "what did she tell reporters",
            "What did petra ilvane tell reporters",
        ),
        (
            "tell me about the cattle fever",
            "what are the symptoms",
            "What are the symptoms of the cattle fever?",
        ),
        ("what happened at the port?", "was anyone hurt", "Was anyone hurt, about the port?"),
    ],
)
def test_follow_ups_carry_a_subject_typed_in_lower_case(earlier, follow_up, expected):
    assert resolve(follow_up, [(earlier, "...")]) == expected


def test_a_follow_up_with_its_own_subject_is_left_alone():
    history = [("tell me about the cattle fever", "...")]
    assert resolve("who founded the ferry company?", history) == "who founded the ferry company?"
    assert resolve("how much did the ministry pay?", history) == "how much did the ministry pay?"


def test_a_pronoun_after_a_who_question_stands_for_the_person_its_answer_named():
    # The earlier question names no one; the answer does. "she" is that person, as a reader
    # of the conversation takes it.
    history = [
        (
            "who stepped down from the harbour board?",
            "The articles point to Mara Quill:\n- “Mara Quill, its chair since 2019, stepped "
            "down on Monday.” (Callow Courier, 2025-03-15) [1]",
        )
    ]
    assert resolve("did she give a reason?", history) == "Did Mara Quill give a reason?"
    # Not after a question that asked something else: the answer's first name may be anyone.
    other = [("what happened at the harbour board?", history[0][1])]
    assert resolve("did she give a reason?", other) == "did she give a reason?"
