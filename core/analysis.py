"""Tokens for indexing and querying, shared by every search backend and by story linking.

Backends index the whitespace-joined output of :func:`index_tokens` into a field
that only splits on whitespace, and look up :func:`query_tokens` as exact terms.
Doing the language work here, once, is what makes the embedded index and
Elasticsearch return the same hits for the same query.

Rules, applied identically on both sides:
- Unicode NFC, lower case, Thai digits to Arabic digits.
- Thai runs are segmented into words (newmm + the project dictionary); the dots
  of acronyms are dropped so that ``อว.`` and ``อว`` are one term.
- Khmer, Lao and Myanmar runs are segmented into words by their own segmenters
  (``stiwatch.core.scripts``); their digits, like Thai digits, become Arabic digits.
- Other text (Latin, including Indonesian, Malay and Filipino) is split on
  anything that is not a letter or digit; an English possessive ``'s`` is dropped.
- Plain ASCII words get a light plural normalisation (``policies`` → ``policy``,
  ``semiconductors`` → ``semiconductor``). Vietnamese syllables never end in
  ``s`` (its final consonants are c, ch, m, n, ng, nh, p, t), so the rule cannot
  damage them.
- :func:`folded_tokens` drops Latin diacritics (and đ → d) for a second field, so
  ``doi moi`` finds ``Đổi mới`` and ``hoà`` finds ``hòa``.
- :func:`pair_tokens` joins adjacent tokens (``khoa_hoc``) so that a query whose
  syllables stand together in a document ranks that document higher; Vietnamese
  words are several syllables, and a bag of syllables alone would rank
  ``khoa ... học`` far apart the same as ``khoa học``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from stiwatch.core.scripts import ALL_SCRIPTS, DIGITS, script_words
from stiwatch.core.text import THAI_RUN, fold_latin, nfc, segment_thai

# A Thai run (Thai letters, plus dots inside acronyms such as สป.อว.), a run of Khmer,
# Lao or Myanmar (letters AND their combining vowel signs, which ``\w`` does not
# cover), or a run of other letters/digits. ``[^\W_]`` is "word character except
# underscore", so the underscore stays free to join pairs (see pair_tokens).
WORD_CHARS = f"[^\\W_\u0e00-\u0e7f{ALL_SCRIPTS}]"
UNSPACED_RUN = f"(?P<thai>{THAI_RUN.pattern})|(?P<script>[{ALL_SCRIPTS}]+)"
TOKEN_RUN = re.compile(f"{UNSPACED_RUN}|(?P<word>{WORD_CHARS}+)")
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b", re.IGNORECASE)

# Longer terms are junk (encoded blobs, run-together URLs) and tantivy refuses
# terms over 64 KB outright.
MAX_TOKEN_CHARS = 64

PAIR_JOINER = "_"

# Bump when the tokens produced for the same text change: indexes built with an
# older analysis are rebuilt on open.
ANALYSIS_VERSION = 2

# ASCII words ending in -s that are not plurals (or whose singular would collide
# with an unrelated word).
_NOT_PLURAL = frozenset(
    {
        "news",
        "series",
        "species",
        "means",
        "always",
        "perhaps",
        "whereas",
        "various",
        "was",
        "has",
        "is",
        "as",
        "this",
        "its",
        "does",
        "goes",
        "yes",
        "thus",
        "gas",
        "bias",
        "alias",
        "atlas",
        "canvas",
        "christmas",
        "texas",
        "physics",
        "economics",
        "mathematics",
        "politics",
        "statistics",
        "electronics",
        "robotics",
        "logistics",
        "genomics",
        "ethics",
        "aids",
        "sars",
        "laos",
        "paris",
        "athens",
        "philippines",
        "netherlands",
        "emirates",
        "states",
        "nations",
        "affairs",
        "overseas",
        "lens",
    }
)
_PLAIN_ASCII_WORD = re.compile(r"[a-z]+")
_NATIVE_DIGIT = re.compile("[" + "".join(map(chr, DIGITS)) + "]")


def normalise_text(text: str) -> str:
    """NFC, lower case, Thai/Khmer/Lao/Myanmar digits as Arabic digits (done before
    splitting, so that "๒๕๖๖" is the same number term as "2566"): the form tokens are cut
    from."""
    return arabic_digits(nfc(text)).lower()


def arabic_digits(text: str) -> str:
    """``text`` with DIGITS translated; most texts hold none of those digits, and finding
    that out is several times cheaper than translating (a dictionary lookup per character)."""
    return text.translate(DIGITS) if _NATIVE_DIGIT.search(text) else text


def singular(word: str) -> str:
    """Light English plural normalisation of one lower-case ASCII word.

    A conservative "S-stemmer": only plural endings, never -ing/-ed, because a
    search for ``testing`` should not be widened to ``test``.
    """
    if len(word) <= 3 or not word.endswith("s") or word in _NOT_PLURAL:
        return word
    if not _PLAIN_ASCII_WORD.fullmatch(word):
        return word
    if word.endswith("ies") and len(word) > 4 and word[-4] not in "aeiou":
        return word[:-3] + "y"  # policies → policy, technologies → technology
    if word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]  # processes → process, taxes → tax, approaches → approach
    if word.endswith(("ss", "us", "is")):
        return word  # process, campus, analysis
    return word[:-1]  # semiconductors → semiconductor


def _index_words(segmented: Iterable[str]) -> list[str]:
    """Index terms of a Thai run's segmenter words."""
    words = []
    for word in segmented:
        # Acronym dots: "อว." and "อว" must be one term; a lone "." is no word.
        word = word.replace(".", "")
        if word:
            words.append(word)
    return words


# A Thai run's words as the segmenter cut them, dots kept (``สป.อว.`` → ``สป.``, ``อว.``):
# what the tag stage matches aliases against, by the run's text.
ThaiRuns = dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Analysis:
    """One text's analysis: its index terms, and the words of each of its Thai runs.

    The Thai words are what the segmentation costs; keeping them lets the tag stage
    match the taxonomy's aliases over the very words the index holds, without
    segmenting the text again (``stiwatch.core.tokencache`` keeps both).
    """

    tokens: list[str]
    thai: ThaiRuns


def analyse_text(text: str) -> Analysis:
    """The index terms of ``text`` (:func:`index_tokens`) and its Thai runs' words."""
    thai: ThaiRuns = {}
    return Analysis(_tokens(text, thai), thai)


def index_tokens(text: str) -> list[str]:
    """The terms of ``text`` in order, with repeats (term frequency matters for BM25)."""
    return _tokens(text, None)


def _tokens(text: str, runs: ThaiRuns | None) -> list[str]:
    """Index terms of ``text``; each Thai run's segmenter words are put in ``runs``."""
    if not text:
        return []
    text = _POSSESSIVE.sub("", normalise_text(text))
    tokens: list[str] = []
    for match in TOKEN_RUN.finditer(text):
        thai = match.group("thai")
        if thai is not None:
            words = runs.get(thai) if runs is not None else None
            if words is None:
                words = tuple(segment_thai(thai))
                if runs is not None:
                    runs[thai] = words
            tokens.extend(_index_words(words))
        elif match.group("script") is not None:
            tokens.extend(word for _, _, word in script_words(match.group("script")))
        else:
            tokens.append(singular(match.group("word")))
    return [t for t in tokens if len(t) <= MAX_TOKEN_CHARS]


def thai_run_words(run: str, known: ThaiRuns | None = None) -> tuple[str, ...]:
    """The words of one Thai run (``THAI_RUN`` over text whose digits are ASCII, as
    :data:`TOKEN_RUN` cuts them): from ``known`` (an :class:`Analysis`'s runs), else
    segmented here, the same way."""
    words = known.get(run) if known else None
    return words if words is not None else tuple(segment_thai(run))


def query_tokens(text: str) -> list[str]:
    """The terms a query must match: same analysis as indexing, repeats removed."""
    return list(dict.fromkeys(index_tokens(text)))


# Folding is per token and a vocabulary repeats endlessly: remember the recent ones
# (folding every token of a text again was most of the cost of building a document).
_fold_token = lru_cache(maxsize=1 << 17)(fold_latin)


def folded_tokens(tokens: Iterable[str]) -> list[str]:
    """Tokens with Latin diacritics removed (đ → d); Thai tokens pass unchanged."""
    # An ASCII token has nothing to fold.
    return [t if t.isascii() else _fold_token(t) for t in tokens]


def pair_tokens(tokens: list[str]) -> list[str]:
    """Adjacent token pairs (``a_b``) for phrase-proximity ranking."""
    return [f"{a}{PAIR_JOINER}{b}" for a, b in itertools.pairwise(tokens)]


def field_text(tokens: Iterable[str]) -> str:
    """Tokens joined for a whitespace-tokenized index field."""
    return " ".join(tokens)
