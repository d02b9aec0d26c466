"""Opening a local ONNX model quickly: the optimised graph is kept in a cache folder.

onnxruntime rewrites a model's graph (fused attention, folded constants) every time it opens
it; for the embedder and the re-ranker that was 0.3-0.4 s each of a cold `briefbot ask`.
The first open writes the rewritten graph to `~/.cache/briefbot/onnx` (or
`$XDG_CACHE_HOME/briefbot/onnx`); later opens read it with no rewriting. Same graph, so the
same numbers. The file's name holds the model's size and modification time, the
onnxruntime version and the machine type, so a changed wheel or runtime writes a new one.
A cache that cannot be written (read-only home) only costs the time it would have saved.
"""

from __future__ import annotations

import hashlib
import logging
import os
import platform
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefbot" / "onnx"


def open_session(model: Path, threads: int = 0) -> Any:
    """An onnxruntime CPU session for `model`, from the cached optimised graph when there is one."""
    import onnxruntime as ort

    options = _options(ort, threads)
    cached = _cached_path(model, ort.__version__)
    if cached is not None and cached.is_file():
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        try:
            return ort.InferenceSession(
                str(cached), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # noqa: BLE001 (a damaged cache file: rebuilt below)
            log.warning("the cached model %s could not be read (%s); rebuilding it", cached, exc)
            options = _options(ort, threads)
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    partial = None
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_name(f"{cached.name}.{os.getpid()}.part")
            options.optimized_model_filepath = str(partial)
        except OSError:
            partial = None
    session = ort.InferenceSession(
        str(model), sess_options=options, providers=["CPUExecutionProvider"]
    )
    if partial is not None and cached is not None:
        try:
            os.replace(partial, cached)  # whole or absent: another process never reads half
        except OSError:
            partial.unlink(missing_ok=True)
    return session


def _options(ort, threads: int):
    options = ort.SessionOptions()
    options.log_severity_level = 3
    if threads:
        options.intra_op_num_threads = threads
    return options


def _cached_path(model: Path, runtime: str) -> Path | None:
    try:
        stat = model.stat()
    except OSError:
        return None
    key = f"{model.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{runtime}|{platform.machine()}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return cache_folder() / f"{model.parent.name}-{digest}.onnx"
