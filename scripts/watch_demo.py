"""The three-step digest shown in the closing note of the watched-topics issue.

A watch over story "kestrel" of bench/watch_stories.py is run with the real `briefbot`
command after each step is ingested (test embedder; nothing leaves the machine):

    .venv/bin/python scripts/watch_demo.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.watch_stories import STORIES, write_step  # noqa: E402


def main() -> None:
    story = STORIES[0]
    folder = Path(tempfile.mkdtemp(prefix="watch-demo-"))
    env = {
        **os.environ,
        "BRIEFBOT_STORE": str(folder / "store"),
        "BRIEFBOT_EMBEDDINGS": "fake",
        "BRIEFBOT_RERANKER": "none",
        "BRIEFBOT_ANSWERER": "extractive",
    }
    briefbot = str(Path(sys.executable).parent / "briefbot")

    def run(*args: str) -> str:
        done = subprocess.run([briefbot, *args], env=env, capture_output=True, text=True)
        return done.stdout + done.stderr

    print(run("watch", "add", "floods", "--topic", story["topic"]))
    for step in range(len(story["steps"])):
        write_step(folder / f"step{step}", story, step)
        run("ingest", str(folder / f"step{step}"))
        print(f"=== after step {step + 1}: briefbot watch run floods")
        print(run("watch", "run", "floods"))
    print("=== nothing added since: briefbot watch run floods")
    print(run("watch", "run", "floods"))


if __name__ == "__main__":
    main()
