"""A request that names one stored document: "the haldor briefing", "the accord article",
"the piece on the gauging network". Such a request wants that document summarised, not the
topic at large.

The request names a document when it calls it one (a form word: article, briefing, piece,
report, story, note ...) and every other content word of it is in one stored title (or file
name), which no other title matches as well."""

from __future__ import annotations

import re
from pathlib import Path

from bot.question.parse import STOPWORDS, stem, words

_FORMS = frozenset(
    "article articles briefing brief note notes piece report story memo paper document doc "
    "release statement column editorial op-ed interview post blog feature analysis explainer "
    "factsheet file".split()
)
_CALLS = re.compile(rf"\b(?:{'|'.join(re.escape(f) for f in sorted(_FORMS))})\b", re.I)


def _stems(text: str) -> set[str]:
    return {stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1}


def named_document(topic: str, store) -> str | None:
    """The doc_id of the one stored article `topic` names by its title words, else None.
    When several titles hold the words, the one that also holds the form word the request
    uses ("the levy note" for "Policy note: ...") is named; still several: none is."""
    form = _CALLS.search(topic)
    if not form:
        return None
    wanted = {stem(w) for w in words(topic) if w not in STOPWORDS | _FORMS and len(w) > 1}
    if not wanted:
        return None
    fits: list[tuple[str, set[str]]] = []
    copies: set[str] = set()  # a copy of a document already matched is the same document
    for article in store.list_articles():
        if article.doc_id in copies or copies & set(article.duplicates):
            continue
        path = str(article.meta.get("path", ""))
        name = Path(path).stem.replace("-", " ").replace("_", " ") if path else ""
        have = _stems(article.title) | _stems(name)
        if wanted <= have:
            copies.update([article.doc_id, *article.duplicates])
            fits.append((article.doc_id, have))
    if len(fits) > 1:
        fits = [(d, have) for d, have in fits if stem(form.group(0).lower()) in have]
    return fits[0][0] if len(fits) == 1 else None
