"""Khmer, Lao and Myanmar words: runs of each script cut by a maintained segmenter.

None of the three writes spaces between words (a space or a zero-width space marks a
phrase, at most), so searching and tagging need a segmenter, as Thai does:
- Khmer: khmercut's CRF model (the successor of khmer-nltk's segmenter; the CRF path,
  not its int8 ONNX one, so the cut is the same on every CPU);
- Lao: laonlp's maximal matching over its bundled Lao dictionary (the same algorithm as
  Thai newmm);
- Myanmar: burmesenlp's syllable-aligned longest matching over its bundled lexicon.

All three run offline from data inside their wheels and give the same words for the same
input on every run. ``extra`` words (the taxonomy's names in these scripts) are joined
back into one word when the segmenter cut them up, but only when their edges fall on the
segmenter's word boundaries: a name never matches inside a longer word.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Collection
from functools import lru_cache
from typing import Any

KHMER, LAO, MYANMAR = "km", "lo", "my"

# Letters, marks and digits of each script (Khmer symbols included, for its lunar dates).
SCRIPT_CLASSES: dict[str, str] = {
    KHMER: "\u1780-\u17ff\u19e0-\u19ff",
    LAO: "\u0e80-\u0eff",
    MYANMAR: "\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f",
}
ALL_SCRIPTS = "".join(SCRIPT_CLASSES.values())
# One run of a single script; whitespace, zero-width spaces and other scripts end it.
SCRIPT_RUN = re.compile("|".join(f"(?P<{lang}>[{chars}]+)" for lang, chars in SCRIPT_CLASSES.items()))

# Digits of the three scripts (and Thai) as ASCII digits: ២០២៥ and 2025 are one number.
DIGITS = str.maketrans(
    {
        **{chr(0x0E50 + i): str(i) for i in range(10)},  # Thai
        **{chr(0x17E0 + i): str(i) for i in range(10)},  # Khmer
        **{chr(0x0ED0 + i): str(i) for i in range(10)},  # Lao
        **{chr(0x1040 + i): str(i) for i in range(10)},  # Myanmar
    }
)

# Punctuation inside the script blocks, which the segmenters may leave glued to a word:
# the Khmer full stops, colon and section signs, the Myanmar section marks. (The
# repetition signs ៗ and ໆ and Myanmar's ၌ ၍ ၎ ၏, which are words, are not here.)
PUNCTUATION = "\u17d4\u17d5\u17d6\u17d8\u17d9\u17da\u104a\u104b"
# Myanmar symbols that are words (locative, conjunction, "aforementioned", possessive),
# though Unicode files them as punctuation.
WORD_SYMBOLS = frozenset("\u104c\u104d\u104e\u104f")


def is_word_char(ch: str) -> bool:
    """A letter or digit of a word in any script, Myanmar's word symbols included."""
    return ch.isalnum() or ch in WORD_SYMBOLS


def _words(pieces: list[str]) -> list[str]:
    """The segmenter's pieces as words: punctuation stripped, and a piece made of marks
    only (a tone mark cut off its syllable, a vowel sign typed before its consonant)
    glued back to its neighbour rather than lost."""
    out: list[str] = []
    pending = ""  # marks seen before any word of the run
    for piece in pieces:
        word = piece.strip().strip(PUNCTUATION)
        if not word:
            continue
        if not any(map(is_word_char, word)):
            if not all(unicodedata.category(ch).startswith("M") for ch in word):
                continue  # a symbol: not a word
            if out:
                out[-1] += word
            else:
                pending += word
            continue
        out.append(pending + word)
        pending = ""
    return out


# The heavy segmenters below are imported with the first text of their script. burmesenlp's
# modules import each other in a cycle: two threads importing it at once (the web app and the
# scheduler opening the index together) each got the other's half-initialised module, an
# ImportError. Every first import runs under this lock, so it completes before any other
# thread sees the module.
IMPORT_LOCK = threading.Lock()


def _khmer(run: str) -> list[str]:
    with IMPORT_LOCK:
        import khmercut  # heavy optional dependency: loaded with the first Khmer text

    return [str(w) for w in khmercut.tokenize(run)]


@lru_cache(maxsize=1)
def _lao_dictionary() -> Any:
    # heavy optional dependency: laonlp builds its dictionary trie on import (~1 s)
    with IMPORT_LOCK:
        from laonlp.tokenize import core

    return core._word_dict_trie


def _lao(run: str) -> list[str]:
    with IMPORT_LOCK:
        from laonlp.tokenize.multi_cut import segment  # heavy optional dependency (see above)

    return [str(w) for w in segment(run, custom_dict=_lao_dictionary(), safe_mode=True)]


@lru_cache(maxsize=1)
def _myanmar_segmenter() -> Any:
    # heavy optional dependency: burmesenlp's lexicon takes seconds to build, so once
    with IMPORT_LOCK:
        from burmesenlp.lexicon import Lexicon
        from burmesenlp.tokenize.longest import WordSegmenter

    return WordSegmenter(Lexicon.default())


def _myanmar(run: str) -> list[str]:
    with IMPORT_LOCK:
        from burmesenlp.normalize import normalize
        from burmesenlp.tokenize.syllable import tokenize

    # burmesenlp's own word_tokenize rebuilds the lexicon on every call (seconds each).
    syllables = tokenize(normalize(run, warn_zawgyi=False))
    return [str(t.text) for t in _myanmar_segmenter().segment(syllables)]


_SEGMENTERS: dict[str, Callable[[str], list[str]]] = {KHMER: _khmer, LAO: _lao, MYANMAR: _myanmar}


def join_known(words: list[str], known: Collection[str]) -> list[str]:
    """``words`` with each longest run of consecutive words that spells a ``known`` word
    joined into one (left to right)."""
    if not known or len(words) < 2:
        return words
    longest = max(len(k) for k in known)
    out: list[str] = []
    i = 0
    while i < len(words):
        best = i
        spelled = words[i]
        for j in range(i + 1, len(words)):
            spelled += words[j]
            if len(spelled) > longest:
                break
            if spelled in known:
                best = j
        out.append("".join(words[i : best + 1]))
        i = best + 1
    return out


def segment_run(lang: str, run: str, extra: Collection[str] = ()) -> list[str]:
    """The words of one run of Khmer, Lao or Myanmar (``lang``), punctuation dropped.

    Args:
        lang: "km", "lo" or "my" (the name of the ``SCRIPT_RUN`` group that matched).
        run: text of that script only, as ``SCRIPT_RUN`` cuts it.
        extra: words to keep whole when the segmenter cut them on its word boundaries.
    """
    return join_known(_words(_SEGMENTERS[lang](run)), extra)


def script_words(text: str, extra: Collection[str] = ()) -> list[tuple[int, int, str]]:
    """``(start, end, word)`` for each Khmer, Lao or Myanmar word of ``text``, in order.

    A word the segmenter returns changed (burmesenlp composes a few letter pairs) keeps
    the span of its run's remainder only when it is found as written; otherwise it is
    returned with the span of the whole run.
    """
    out: list[tuple[int, int, str]] = []
    for match in SCRIPT_RUN.finditer(text):
        lang = match.lastgroup or ""
        run, base = match.group(), match.start()
        position = 0
        for word in segment_run(lang, run, extra):
            found = run.find(word, position)
            if found < 0:
                out.append((base, match.end(), word))
                continue
            position = found + len(word)
            out.append((base + found, base + position, word))
    return out
