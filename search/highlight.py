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
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import compress, count
from typing import Any

from stiwatch.core.analysis import normalise_text
from stiwatch.core.text import fold_latin, nfc
from stiwatch.core.wordspans import Words, ascii_skeleton, latin_probes, text_words
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
        return any(map(normal.__contains__, self._needles))

    @cached_property
    def could_match_text(self) -> Callable[[str], bool] | None:
        """Whether a piece of lowered text can hold a word that matches: a run that
        ``could_match``, or a Latin word (``latin_probes``). A piece that cannot is not
        analysed (``text_words``); None when Latin words cannot be ruled out cheaply."""
        probes = latin_probes(self._needles)
        if probes is None:
            return None
        latin = tuple(probes)
        # Runs hold no ASCII but dots (dropped here): only the other terms can be in one.
        in_runs = tuple(t for t in self._needles if not t.isascii())

        def could_match_text(lowered: str) -> bool:
            if in_runs:
                normal = lowered.replace(".", "")
                if any(map(normal.__contains__, in_runs)):
                    return True
            return any(map(ascii_skeleton(lowered).__contains__, latin))

        return could_match_text

    def words(self, text: str) -> Words:
        """The words of ``text`` (NFC) that matching needs: ``text_words`` with the runs and
        pieces that hold no match left unanalysed."""
        return text_words(text, self.could_match, self.could_match_text)

    @cached_property
    def _needles(self) -> frozenset[str]:
        return frozenset(t for t in (*self.single, *(w for p in self.phrases for w in p)) if t)

    def spans(self, words: Words) -> list[tuple[int, int]]:
        """Character ranges of the words that match, in order, without overlaps."""
        # map and compress walk the words in C: a text's hundreds of words cost a few
        # cached lookups each, and only the candidates of a phrase are compared in Python.
        folded = list(map(_fold_word, words.terms))
        marked = list(map(self.single.__contains__, folded))
        for phrase in self.phrases:
            n = len(phrase)
            last = len(folded) - n
            for i in compress(count(), map(phrase[0].__eq__, folded)):
                if i <= last and tuple(folded[i : i + n]) == phrase:
                    marked[i : i + n] = [True] * n
        return list(compress(zip(words.starts, words.ends, strict=True), marked))


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
    matched = terms.spans(terms.words(text))
    if not matched:
        return None
    # The window start that covers the most matches (the first such start wins).
    best, best_count = 0, -1
    ends = [e for _, e in matched]
    # Matches come in text order, so their ends rise and those of matches i.. that end
    # inside the window are a prefix, found by bisection. (A Khmer/Lao/Myanmar word the
    # segmenter changed spans its whole run and can break the order: then count them all.)
    rising = ends == sorted(ends)
    for i, (start, _) in enumerate(matched):
        if rising:
            n = bisect_right(ends, start + size, i) - i
        else:
            n = sum(1 for e in ends[i:] if e <= start + size)
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
