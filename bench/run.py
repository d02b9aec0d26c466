"""Run benchmarks: `python -m bench.run [NAME ...]` (default: all). Each writes its own
section of docs/benchmarks.md. Extra arguments after `--` go to a single named bench."""

from __future__ import annotations

import importlib
import inspect
import sys

# name -> module with a main(); add a line here for a new benchmark.
BENCHES = {
    "ingest": "bench.ingest",
    "retrieval": "bench.retrieval",
    "heldout": "bench.retrieval_heldout",
    "answers": "bench.answers",
    "briefing": "bench.briefing",
    "database": "bench.database",
    "questions": "bench.user_questions",
    "citecheck": "bench.citecheck",
    "people": "bench.people",
    "watch": "bench.watch",
}


def main(argv: list[str] | None = None) -> None:
    """Run the named benchmarks in order, passing arguments after `--` through."""
    argv = sys.argv[1:] if argv is None else argv
    names, extra = (
        (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    )
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        sys.exit(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
    for name in names or list(BENCHES):
        print(f"== bench {name} ==", flush=True)
        entry = importlib.import_module(BENCHES[name]).main
        takes_args = bool(inspect.signature(entry).parameters)
        if takes_args:
            entry(extra)
        else:
            saved, sys.argv = sys.argv, [BENCHES[name], *extra]
            try:
                entry()
            finally:
                sys.argv = saved


if __name__ == "__main__":
    main()
