"""Highlighted titles and snippets, built from the record text and the query tokens.

Backend-neutral: the query goes through the same analysis as indexing
(``search.analysis.query_tokens``), and each token is looked for in a folded copy of
the text (lower case, Latin diacritics dropped, Thai digits as Arabic digits) whose
characters map back to the original. The output is escaped text with ``<mark>``
around matches: the only markup in it is ours, so templates may show it as is.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from pipelines.textutil import fold_latin
from search.analysis import normalise_text, query_tokens

SNIPPET_CHARS = 240
# Texts are scanned this far for matches; a snippet from deeper in a long report
# is rarely worth the per-character folding cost.
SCAN_CHARS = 20_000
_MAX_MARKS = 50


@dataclass(frozen=True)
class Highlighter:
    """Finds the query's tokens in texts; build once per search."""

    terms: tuple[str, ...]

    @classmethod
    def for_query(cls, text: str) -> Highlighter:
        terms = {fold_latin(t) for t in query_tokens(text) if t}
        # Longest first, so "semiconductor" wins over "semi" at the same place.
        return cls(tuple(sorted(terms, key=len, reverse=True)))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Non-overlapping (start, end) character ranges of ``text`` that match."""
        if not self.terms or not text:
            return []
        folded, origin = _fold(text[:SCAN_CHARS])
        found: list[tuple[int, int]] = []
        for term in self.terms:
            start = folded.find(term)
            while start != -1 and len(found) < _MAX_MARKS:
                end = start + len(term)
                if _word_start(folded, start):
                    end = _word_end(folded, end)
                    found.append((origin[start], origin[end - 1] + 1))
                start = folded.find(term, end)
        found.sort()
        merged: list[tuple[int, int]] = []
        for start, end in found:
            if merged and start < merged[-1][1]:
                continue  # overlaps a longer term found first
            merged.append((start, end))
        return merged

    def mark(self, text: str) -> Markup:
        """The whole ``text``, escaped, with matches marked (titles)."""
        return _render(text, self.spans(text), 0, len(text))

    def snippet(self, text: str, size: int = SNIPPET_CHARS) -> Markup:
        """About ``size`` characters of ``text`` around the first match, escaped and marked."""
        text = " ".join(text.split())  # paragraphs into one line: a snippet is a glimpse
        spans = self.spans(text)
        if not spans:
            return _render(text, [], 0, min(len(text), size))
        first = spans[0][0]
        start = max(0, first - size // 4)
        # Start at a word boundary when one is near (Thai has none: keep the cut).
        space = text.rfind(" ", max(0, start - 20), first)
        if start and space != -1:
            start = space + 1
        return _render(text, spans, start, min(len(text), start + size))


def _fold(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each of its characters, the index it came from."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = fold_latin(normalise_text(ch)) if not ch.isascii() else ch.lower()
        out.append(folded)
        origin.extend([i] * len(folded))
    return "".join(out), origin


def _is_latin_word_char(ch: str) -> bool:
    return ch.isalnum() and not "\u0e00" <= ch <= "\u0e7f"


def _word_start(text: str, start: int) -> bool:
    """Latin tokens match at word starts only ("art" is not in "start"); Thai anywhere."""
    if not _is_latin_word_char(text[start]):
        return True
    return start == 0 or not _is_latin_word_char(text[start - 1])


def _word_end(text: str, end: int) -> int:
    """Extend a Latin match to the end of its word (the plural the query token dropped)."""
    if end == 0 or not _is_latin_word_char(text[end - 1]):
        return end
    while end < len(text) and _is_latin_word_char(text[end]):
        end += 1
    return end


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> Markup:
    parts: list[str] = ["…"] if start > 0 else []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        parts.append(str(escape(text[pos:s])))
        parts.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    parts.append(str(escape(text[pos:end])))
    if end < len(text):
        parts.append("…")
    return Markup("".join(parts))
