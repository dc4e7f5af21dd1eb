"""Where a text's words stand: offsets and terms, with the analysis of the index.

Highlights and tiers mark words as written, so they need each word's place in the text as
well as its term (``stiwatch.core.analysis`` gives terms only). :func:`text_words` reads the
Latin words of a stretch in one ``split`` and can skip pieces of text that hold no word a
query looks for; :func:`word_spans_by_run` is the plain word-by-word reading it must equal.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from stiwatch.core.analysis import (
    MAX_TOKEN_CHARS,
    TOKEN_RUN,
    UNSPACED_RUN,
    WORD_CHARS,
    arabic_digits,
    normalise_text,
    singular,
)
from stiwatch.core.scripts import ALL_SCRIPTS, DIGITS, script_words
from stiwatch.core.text import nfc, segment_thai

# The term of a run of unsegmented words (word_spans with ``could_match``): no query term
# is empty, so it matches nothing and keeps its neighbours apart.
SKIPPED_RUN = ""

# TOKEN_RUN's Thai and other-script runs alone. Neither kind can start inside a Latin word
# (whose characters exclude both scripts), so what lies between two of them is Latin words
# and separators only, which TOKEN_RUN cuts exactly as _LATIN_WORD does.
_UNSPACED = re.compile(UNSPACED_RUN)
# A character that can start one of those runs: a text without any has none (one search
# for a single class is several times cheaper than trying the runs' patterns everywhere).
_UNSPACED_CHAR = re.compile(f"[\\u0e00-\\u0e7f{ALL_SCRIPTS}]")
# A term made of those characters (and acronym dots) alone: a Thai or other-script word's,
# never a Latin word's.
_UNSPACED_ONLY = re.compile(f"[\\u0e00-\\u0e7f{ALL_SCRIPTS}.]+")
# TOKEN_RUN's ``word`` group, captured so that ``split`` returns the words and what lies
# between them, hence their offsets, without a match object per word.
_LATIN_WORD = re.compile(f"({WORD_CHARS}+)")
# Text given ``could_match_text`` is looked at in pieces of about this many characters, cut
# at a space (which no word or run holds): small enough that most pieces of a long text
# hold no match, large enough that each costs little besides its characters.
_PIECE_CHARS = 96

# A lowered Latin word's term, and a Thai word's. Words repeat endlessly from text to
# text: remembered, a term costs one lookup instead of a Python call.
_latin_term = lru_cache(maxsize=1 << 16)(singular)


@lru_cache(maxsize=1 << 16)
def _thai_term(word: str) -> str:
    return normalise_text(word).replace(".", "")


@dataclass(frozen=True, slots=True)
class Words:
    """A text's words as columns: word ``i`` is ``text[starts[i]:ends[i]]``, its term
    ``terms[i]``. Columns, so that matching can walk them with ``map`` and ``compress``
    (in C) instead of a Python step per word."""

    terms: list[str]
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, spans: Iterable[tuple[int, int, str]]) -> Words:
        words = cls([], [], [])
        for start, end, term in spans:
            words.add(start, end, term)
        return words

    def add(self, start: int, end: int, term: str) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.terms.append(term)

    def spans(self) -> list[tuple[int, int, str]]:
        """``(start, end, term)`` of each word, in order."""
        return list(zip(self.starts, self.ends, self.terms, strict=True))


def word_spans(text: str, could_match: Callable[[str], bool] | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, term)`` for each word of ``text`` (NFC), with the index's analysis.

    ``could_match``: for callers that only look for some terms (highlights, tiers). A
    Thai or other unspaced-script run it says no for is not segmented (most of what this
    costs) and stands as one ``SKIPPED_RUN`` span instead of its words.
    """
    return text_words(text, could_match).spans()


def text_words(
    text: str,
    could_match: Callable[[str], bool] | None = None,
    could_match_text: Callable[[str], bool] | None = None,
) -> Words:
    """:func:`word_spans` as :class:`Words`, the Latin words taken a stretch at a time.

    Between two Thai (or other unspaced-script) runs, one ``split`` gives the Latin words
    and their offsets, and each word's term is a cached lookup: no Python step per word.
    A text whose lower case is not offset for offset the same goes word by word
    (:func:`word_spans_by_run`, which the tests hold this equal to).

    ``could_match_text``: given a piece of the text, lowered and with Arabic digits, it
    says no only when none of the piece's words can match and ``could_match`` would say
    no for each of its runs. Such a piece is not analysed at all and stands as one
    ``SKIPPED_RUN`` span (when it holds a word or run: one that holds only separators
    keeps its neighbours side by side, as they are).
    """
    digits = arabic_digits(text)
    # normalise_text keeps the length of NFC text except for the rare letters whose
    # lower case is longer (İ): lowered once for the whole text, the words' offsets hold.
    # (Lowering moves no character between Latin word, Thai, other script and separator;
    # a test checks every one.)
    lowered = digits.lower()
    if len(lowered) != len(digits) or not (digits.isascii() or nfc(digits) == digits):
        return Words.of(word_spans_by_run(text, could_match))
    words = Words([], [], [])
    if could_match_text is None:
        _add_words(words, digits, lowered, 0, len(digits), could_match)
        return words
    begin, end = 0, len(digits)
    while begin < end:
        cut = lowered.find(" ", begin + _PIECE_CHARS, end)
        cut = end if cut < 0 else cut
        if could_match_text(lowered[begin:cut]):
            _add_words(words, digits, lowered, begin, cut, could_match)
        elif _UNSPACED_CHAR.search(digits, begin, cut):
            words.add(begin, cut, SKIPPED_RUN)
        else:
            first = _LATIN_WORD.search(lowered, begin, cut)
            if first is None:
                pass
            elif len(first.group()) <= MAX_TOKEN_CHARS:
                words.add(begin, cut, SKIPPED_RUN)
            else:  # a word that long may be dropped: the piece's words tell if one is kept
                _add_words(words, digits, lowered, begin, cut, could_match)
        begin = cut
    return words


def _add_words(
    words: Words,
    digits: str,
    lowered: str,
    begin: int,
    end: int,
    could_match: Callable[[str], bool] | None,
) -> None:
    """Add the words of ``text[begin:end]`` (``digits``, and ``lowered`` its lower case),
    which starts and ends outside any word or run."""
    last = begin
    if _UNSPACED_CHAR.search(digits, begin, end):
        for match in _UNSPACED.finditer(digits, begin, end):
            _add_latin_words(words, lowered, last, match.start())
            spans = _unspaced_words(match, could_match)
            if len(spans) == 1:
                words.add(*spans[0])
            else:
                words.starts.extend(start for start, _, _ in spans)
                words.ends.extend(end for _, end, _ in spans)
                words.terms.extend(term for _, _, term in spans)
            last = match.end()
    _add_latin_words(words, lowered, last, end)


def _add_latin_words(words: Words, lowered: str, begin: int, end: int) -> None:
    """Add the words of ``lowered[begin:end]``, Latin text with no Thai or other-script run."""
    if begin == end:
        return
    parts = _LATIN_WORD.split(lowered[begin:end])
    if len(parts) == 1:
        return
    terms = list(map(_latin_term, parts[1::2]))
    # parts alternate separator, word, ..., separator: the running sum of their lengths
    # is where each word starts (odd places) and ends (even places).
    offsets = list(itertools.accumulate(map(len, parts), initial=begin))
    starts, ends = offsets[1:-1:2], offsets[2::2]
    if max(map(len, terms)) > MAX_TOKEN_CHARS:
        kept = [i for i, term in enumerate(terms) if len(term) <= MAX_TOKEN_CHARS]
        terms, starts, ends = [terms[i] for i in kept], [starts[i] for i in kept], [ends[i] for i in kept]
    words.terms.extend(terms)
    words.starts.extend(starts)
    words.ends.extend(ends)


def latin_probes(folded_terms: Iterable[str]) -> frozenset[str] | None:
    """Strings one of which the :func:`ascii_skeleton` of any lowered text holding a
    Latin word whose term, folded (``fold_latin``), is one of ``folded_terms`` contains;
    None when there are none such to tell (a term that is not ASCII). For a
    ``could_match_text`` of :func:`text_words`.

    The probe of a term is the term, or for ``-y`` all of it but the ``y`` (``singular``
    only cuts an ending off an ASCII word, or turns ``ies`` into ``y``). A word whose folded
    term is ASCII is that term once decomposed and stripped of its marks, all non-ASCII.
    Terms of Thai or the other unspaced scripts alone are no Latin word's: left out.
    """
    probes: set[str] = set()
    for term in folded_terms:
        if not term or _UNSPACED_ONLY.fullmatch(term):
            continue
        probe = term[:-1] if term.endswith("y") else term
        if not probe or not probe.isascii():
            return None
        probes.add(probe)
    return frozenset(probes)


def ascii_skeleton(lowered: str) -> str:
    """``lowered`` with đ as d, decomposed (NFD), and only its ASCII kept: where
    :func:`latin_probes` are looked for."""
    if lowered.isascii():
        return lowered
    plain = unicodedata.normalize("NFD", lowered.replace("đ", "d"))
    return plain.encode("ascii", "ignore").decode("ascii")


def word_spans_by_run(
    text: str, could_match: Callable[[str], bool] | None = None
) -> list[tuple[int, int, str]]:
    """:func:`word_spans` one run, and one Latin word, at a time: the plain reading of the
    analysis, for the texts :func:`text_words` cannot take in stretches (and the tests'
    reference for those it does)."""
    spans: list[tuple[int, int, str]] = []
    digits = text.translate(DIGITS)
    # Lowered once for the whole text when that keeps every offset (nearly always): the
    # words then need no normalising one by one.
    lowered = digits.lower()
    whole = len(lowered) == len(digits) and (digits.isascii() or nfc(digits) == digits)
    for match in TOKEN_RUN.finditer(digits):
        if match.lastgroup != "word":
            spans.extend(_unspaced_words(match, could_match))
            continue
        start, end = match.span()
        term = singular(lowered[start:end] if whole else normalise_text(match.group()))
        if len(term) <= MAX_TOKEN_CHARS:
            spans.append((start, end, term))
    return spans


def _unspaced_words(
    match: re.Match[str], could_match: Callable[[str], bool] | None
) -> list[tuple[int, int, str]]:
    """``(start, end, term)`` of the words of a Thai or other unspaced-script run (its
    ``thai`` or ``script`` group matched), or one ``SKIPPED_RUN`` span when ``could_match``
    says none of them can matter."""
    run, start = match.group(), match.start()
    if could_match is not None and not could_match(run):
        return [(start, match.end(), SKIPPED_RUN)]
    spans: list[tuple[int, int, str]] = []
    if match.lastgroup == "thai":
        position = 0
        for word in segment_thai(run):
            found = run.find(word, position)
            if found < 0:
                continue
            position = found + len(word)
            term = _thai_term(word)
            if term and len(term) <= MAX_TOKEN_CHARS:
                spans.append((start + found, start + position, term))
    else:
        for begin, end, word in script_words(run):
            if len(word) <= MAX_TOKEN_CHARS:
                spans.append((start + begin, start + end, normalise_text(word)))
    return spans
