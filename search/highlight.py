"""Highlight snippets shared by every search backend.

A snippet is cut from the stored record, not from an engine's own highlighter:
the engines index pre-analysed tokens (segmented Thai, folded Vietnamese), so
their highlighters would mark token text rather than the words as written, and
the two backends would disagree. Here one function reads the record's text with
the same analysis as the index (``stiwatch.core.analysis``) and marks every word whose
term, or folded term, the query looks for. The output is HTML: the text is
escaped first and only ``<mark>`` tags are added.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from stiwatch.core.analysis import normalise_text, word_spans
from stiwatch.core.text import fold_latin, nfc
from stiwatch.search.querytext import plan_text_query

SNIPPET_CHARS = 240
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"


@dataclass(frozen=True)
class Terms:
    """What a query looks for: single terms, and phrases (runs of terms side by side).

    A word matches a term exactly or folded (no diacritics), as in the index.
    """

    single: frozenset[str]
    phrases: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def of(cls, alternatives: Iterable[list[str]]) -> Terms:
        single: set[str] = set()
        phrases: list[tuple[str, ...]] = []
        for alternative in alternatives:
            folded = tuple(fold_latin(t) for t in alternative)
            if len(folded) == 1:
                single.add(folded[0])
            elif folded:
                phrases.append(folded)
        return cls(frozenset(single), tuple(dict.fromkeys(phrases)))

    @property
    def empty(self) -> bool:
        return not self.single and not self.phrases

    def could_match(self, run: str) -> bool:
        """Whether a run of unspaced script (Thai, Khmer, ...) can hold a word that
        matches: one of the terms is inside its normalised text. A run that cannot need
        not be segmented (``word_spans(text, could_match)``)."""
        normal = normalise_text(run).replace(".", "")
        return any(term in normal for term in self._needles)

    @cached_property
    def _needles(self) -> frozenset[str]:
        return frozenset(t for t in (*self.single, *(w for p in self.phrases for w in p)) if t)

    def spans(self, words: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
        """Character ranges of the words that match, in order, without overlaps."""
        folded = [_fold_word(term) for _, _, term in words]
        marked = [term in self.single for term in folded]
        for phrase in self.phrases:
            n = len(phrase)
            for i in range(len(folded) - n + 1):
                if tuple(folded[i : i + n]) == phrase:
                    marked[i : i + n] = [True] * n
        return [(start, end) for (start, end, _), hit in zip(words, marked, strict=True) if hit]


@lru_cache(maxsize=65536)
def _fold_word(term: str) -> str:
    """``fold_latin`` of one word; ASCII words are their own fold, and the rest (Vietnamese
    syllables above all) recur from text to text."""
    return term if term.isascii() else fold_latin(term)


def query_terms(text: str, *, expand: bool = True) -> Terms:
    """Every alternative of every group of the query's text plan."""
    return Terms.of(alt for group in text_plan(text, expand=expand) for alt in group)


def text_plan(text: str, *, expand: bool = True) -> list[list[list[str]]]:
    """The alternatives of each clause the query requires (stiwatch.search.querytext);
    excluded words and ignored stop words are not marked."""
    return plan_text_query(text, expand=expand)


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    out: list[str] = []
    last = 0
    for start, end in spans:
        out.append(html.escape(text[last:start]))
        out.append(MARK_OPEN + html.escape(text[start:end]) + MARK_CLOSE)
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


def snippet(text: str, terms: Terms, size: int = SNIPPET_CHARS) -> str | None:
    """An escaped window of ``text`` around its densest matches, or None without a match."""
    text = nfc(text)
    matched = terms.spans(word_spans(text, terms.could_match))
    if not matched:
        return None
    # The window start that covers the most matches (the first such start wins).
    best, best_count = 0, -1
    for i, (start, _) in enumerate(matched):
        n = sum(1 for s, e in matched[i:] if e <= start + size)
        if n > best_count:
            best, best_count = i, n
    start = matched[best][0]
    # Step back a little so the first match has some context, at a space if possible.
    lead = max(0, start - size // 6)
    if lead > 0:
        space = text.find(" ", lead, start)
        lead = space + 1 if space >= 0 else lead
    end = min(len(text), lead + size)
    if end < len(text):
        space = text.rfind(" ", lead, end)
        end = space if space > start else end
    inside = [(s - lead, e - lead) for s, e in matched if s >= lead and e <= end]
    body = _marked(text[lead:end], inside)
    return ("…" if lead > 0 else "") + body + ("…" if end < len(text) else "")


def record_snippet(record: dict[str, Any], terms: Terms, size: int = SNIPPET_CHARS) -> str | None:
    """The first snippet found in the text, the title, then each translation."""
    parts = [record.get("text") or "", record.get("title") or ""]
    translations = record.get("translations") or {}
    if isinstance(translations, dict):
        for lang in sorted(translations):
            version = translations[lang]
            if isinstance(version, dict):
                parts.extend([version.get("text") or "", version.get("title") or ""])
    for part in parts:
        if isinstance(part, str) and part:
            found = snippet(part, terms, size)
            if found is not None:
                return found
    return None


def highlights_for(hits: list[dict[str, Any]], text: str, *, expand: bool = True) -> dict[str, str]:
    """Article id → snippet, for the hits that have a matching passage."""
    terms = query_terms(text, expand=expand)
    if terms.empty:
        return {}
    out: dict[str, str] = {}
    for record in hits:
        found = record_snippet(record, terms)
        if found is not None and record.get("id"):
            out[str(record["id"])] = found
    return out


def marked_terms(snippet_html: str) -> list[str]:
    """The texts inside ``<mark>`` in a snippet, unescaped (for tests and comparisons)."""
    out: list[str] = []
    rest = snippet_html
    while MARK_OPEN in rest:
        rest = rest.split(MARK_OPEN, 1)[1]
        inner, _, rest = rest.partition(MARK_CLOSE)
        out.append(html.unescape(inner))
    return out
