"""Filters applied to the keyword index's table: --source resolved to stored outlet names."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.models import Filters
from bot.retrieval.keyword_index import ChunkTable


@dataclass
class ResolvedFilters(Filters):
    """Filters with --source resolved to the stored outlet name(s) it means."""

    names: tuple[str, ...] = ()

    def where(self) -> dict | None:
        plain = Filters(None, self.since, self.until).where()
        if not self.names:
            return plain
        outlet = {"source": {"$in": list(self.names)}}
        return outlet if plain is None else {"$and": [outlet, *plain.get("$and", [plain])]}


def resolve(filters: Filters, table: ChunkTable | None) -> ResolvedFilters:
    """--source matched to stored outlet names: exactly, else ignoring case, else by prefix."""
    names: list[str] = []
    if filters.source and table is not None:
        wanted = filters.source.strip().lower()
        names = [s for s in table.sources if s == filters.source]
        names = names or [s for s in table.sources if s.lower() == wanted]
        names = names or [s for s in table.sources if s.lower().startswith(wanted)]
    return ResolvedFilters(filters.source, filters.since, filters.until, tuple(names))


def mask_of(filters: Filters, table: ChunkTable | None) -> np.ndarray | None:
    """Which rows of the table the filters keep (None: all)."""
    assert table is not None
    mask = None
    if isinstance(filters, ResolvedFilters) and filters.names:
        wanted = [i for i, s in enumerate(table.sources) if s in filters.names]
        mask = np.isin(table.source_of, wanted)
    if filters.since is not None:
        m = table.published_ts >= filters.since
        mask = m if mask is None else mask & m
    if filters.until is not None:
        m = table.published_ts <= filters.until
        mask = m if mask is None else mask & m
    return mask
