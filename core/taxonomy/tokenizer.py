"""Words of a text, the way the taxonomy's matchers compare them.

Text and aliases go through the same tokenizer, so matching is a comparison of word
sequences, never of raw substrings:
- Thai is cut as the search index cuts it (``stiwatch.core.analysis``: each Thai run on
  its own, newmm over the Thai dictionary and the project's words), so the tag stage
  can take the words of an analysis already done (``Analysis.thai``, kept by the
  analysis cache) instead of segmenting the text again. A run whose words hide a
  taxonomy name is cut again with the names known (``hidden``). An alias matches whole
  segmented words, so อว. never fires inside อวกาศ.
- Khmer, Lao and Myanmar runs are cut by their segmenters (``stiwatch.core.scripts``);
  a taxonomy name the segmenter cut up is joined back into one word when its edges fall
  on word boundaries, so a name matches as a word and never inside a longer one.
- Latin text is split into words and single punctuation marks, each with the keys it
  is compared by (``Token.lookup_keys``; the modes are described in ``phrases``). A mark
  written in several forms is compared as one (``_SAME_MARK``), and a hyphen is no
  token: words joined by a hyphen, spaced or not, or by a space are the same words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from stiwatch.core.analysis import ThaiRuns, thai_run_words
from stiwatch.core.scripts import ALL_SCRIPTS, SCRIPT_CLASSES, SCRIPT_RUN, script_words
from stiwatch.core.taxonomy.hidden import HiddenNames
from stiwatch.core.text import THAI_CHAR, extra_thai_words, latin_keys, nfc

# Latin/digit words (no Thai, Khmer, Lao or Myanmar, no underscore) or one punctuation mark.
_LATIN = re.compile(f"[^\\W_\u0e00-\u0e7f{ALL_SCRIPTS}]+|[^\\w\\s{ALL_SCRIPTS}]")
_SCRIPT_CHAR = re.compile(f"[{ALL_SCRIPTS}]")
# Thai digits: the index reads them as ASCII digits, so they end a Thai run; the tag stage
# keeps a stretch of them as one Thai word, as newmm did.
_THAI_DIGITS = re.compile("[\u0e50-\u0e59]+")
# THAI_RUN over the text with its digits as ASCII (the index's runs), without translating
# the text: Thai digits simply do not belong to a run.
_THAI_RUN = re.compile(r"[\u0E00-\u0E4F\u0E5A-\u0E7F][\u0E00-\u0E4F\u0E5A-\u0E7F.]*")
# Marks written in several forms that mean one thing: every hyphen is "-" (the non-breaking
# one, the minus sign, the full-width one), curly quotes and apostrophes are straight ones
# ("People’s Republic of China"), and a zero-width space (a word break hint some sites put
# in titles) is a space. One character for one, so offsets stay. En and em dashes stay
# marks of their own, as they part clauses: read as hyphens ("โควิด – 19" as "โควิด-19")
# they gave 1 true and 1 false theme more (pooled sets 1-28), each a repeated mention that
# tipped a score.
_SAME_MARK = str.maketrans(
    {
        **dict.fromkeys("\u200b\u2060\ufeff", " "),
        **dict.fromkeys("\u2010\u2011\u2212\ufe63\uff0d", "-"),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u02bc", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f", '"'),
    }
)

Key = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Token:
    """One word or punctuation mark of a text, with its comparison keys and offsets."""

    raw: str
    lower: str  # English key: lower case, plural "s" removed
    fold: str  # Vietnamese key: lower case, Latin diacritics removed
    start: int
    end: int
    thai: bool
    # A Thai non-word glued to this word's left (``ก|วว.``): the segmenter cut an
    # unknown word, so an acronym found here is probably the tail of something else.
    fragment_before: bool = False
    # Vietnamese key of a word written with diacritics (``tone_key``); "" for a plain one.
    tone: str = ""

    # ``lookup_keys`` worked out by the tokenizer (once per distinct word); () = on demand.
    keys: tuple[Key, ...] = field(default=(), compare=False, repr=False)

    def lookup_keys(self) -> tuple[Key, ...]:
        """The keys an alias's first word may be indexed under (modes: ``phrases``)."""
        return self.keys or _lookup_keys(self.raw, self.lower, self.fold, self.tone, self.thai)


def _lookup_keys(raw: str, lower: str, fold: str, tone: str, thai: bool) -> tuple[Key, ...]:
    if thai:
        return (("x", raw),)
    keys: tuple[Key, ...] = (("x", raw), ("l", lower), ("v", tone) if tone else ("a", fold))
    return (*keys, ("c", lower)) if raw[0].isupper() else keys


def singular(word: str) -> str:
    """A light English singular, applied to text and aliases alike ("cities" = "city")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=1)
def _base_thai_words() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words()) | extra_thai_words()


@lru_cache(maxsize=1 << 16)
def _latin_word(raw: str) -> tuple[str, str, str, tuple[Key, ...]]:
    """``(singular, fold, tone, lookup keys)`` of a Latin word. Remembered: the same words
    come back in every article, and the Vietnamese keys cost a Unicode decomposition each."""
    # English reads "&" as "and" ("Science, Technology & Innovation"); the English key only.
    low = "and" if raw == "&" else raw.lower()
    fold, tone = (low, "") if low.isascii() else latin_keys(low)
    lower = singular(low)
    return lower, fold, tone, _lookup_keys(raw, lower, fold, tone, False)


def _latin_tokens(
    text: str, start: int, end: int, out: list[Token], extra: frozenset[str] = frozenset()
) -> None:
    """Tokens of ``text[start:end]`` (no Thai there): Latin words and marks, and the
    segmented words of Khmer, Lao and Myanmar runs (``extra``: names kept whole)."""
    pos = start
    if _SCRIPT_CHAR.search(text, start, end):
        for m in SCRIPT_RUN.finditer(text, start, end):
            _plain_tokens(text, pos, m.start(), out)
            run = m.group()
            # A run that is one of the names is that name, one word, as segmenting and joining
            # it gives (tests/test_segmentation.py checks every name): the segmenters, slow
            # to load, are not needed to compile the taxonomy's names.
            words = [(0, len(run), run)] if run in extra else script_words(run, extra)
            for s, e, word in words:
                # These scripts have no case or Latin marks: every key is the word itself.
                out.append(Token(word, word, word, m.start() + s, m.start() + e, False))
            pos = m.end()
    _plain_tokens(text, pos, end, out)


def is_acronym(word: str) -> bool:
    """Acronym-shaped Latin word: compared exactly (COSTI, MoU, KH, A in A*STAR)."""
    caps = sum(1 for ch in word if ch.isupper())
    return caps >= 2 or (len(word) == 1 and caps == 1)


def _plain_tokens(text: str, start: int, end: int, out: list[Token]) -> None:
    first = len(out)
    for m in _LATIN.finditer(text, start, end):
        raw = m.group()
        # A hyphen joins or parts the same words: "Bio-Circular-Green" is "Bio Circular
        # Green", "Tiêu chuẩn - Đo lường - Chất lượng" is "Tiêu chuẩn Đo lường Chất lượng"
        # (pooled sets 1-28: 6 true tags, no false one).
        if raw == "-":
            continue
        lower, fold, tone, keys = _latin_word(raw)
        out.append(Token(raw, lower, fold, m.start(), m.end(), False, tone=tone, keys=keys))
    # "&" between two abbreviations joins them as a hyphen does: Vietnamese writes "Bộ GD&ĐT"
    # and "Bộ GD-ĐT", "KH&CN" and "KH-CN" alike (pooled sets 1-28: 4 true tags, no false).
    if text.find("&", start, end) < 0:
        return
    for i in range(len(out) - 2, first, -1):
        if out[i].raw == "&" and is_acronym(out[i - 1].raw) and is_acronym(out[i + 1].raw):
            del out[i]


class Tokenizer:
    """Splits text into :class:`Token` s; Thai into the search index's words.

    ``extra_words``: the taxonomy's names written as one chunk (``thai_alias_words``).
    Khmer, Lao and Myanmar names are joined back into one word after segmenting. A Thai
    run keeps the index's words unless they hide one of the Thai names: then newmm cuts
    it again with the names in its dictionary, so that a name is cut out whole whatever
    precedes it ("แนวทาง|เศรษฐกิจบีซีจี", not "แนว|ทางเศรษฐกิจ|บีซี|จี", which hides the
    concept); elsewhere the index's words that spell a name are joined into one word
    (``HiddenNames.join``). Aliases and text go through the same tokenizer, so an alias
    matches only on word boundaries.
    """

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        self.extra = frozenset(extra_words)
        # Known words: a Thai word glued to an unknown one is a fragment (Token). The
        # words a name is cut into are known too ("สตาร์ท|อัพ": "อัพ" is no dictionary
        # word, but what follows a name is not the tail of an unknown word).
        pieces = {w for name in self.extra if THAI_CHAR.search(name) for w in thai_run_words(name)}
        self.words = _base_thai_words() | self.extra | pieces
        self.hidden = HiddenNames(w for w in self.extra if THAI_CHAR.search(w))
        # Runs cut again because their index words hid a name (see HiddenNames).
        self.recut = 0
        # Khmer, Lao and Myanmar names among the extra words (joined after segmenting).
        self.script_words = frozenset(w for w in self.extra if _SCRIPT_CHAR.search(w))
        self._alias_cache: dict[str, list[Token]] = {}

    def alias(self, text: str) -> list[Token]:
        """Tokens of an alias text, remembered (the same aliases compile into several
        matchers)."""
        tokens = self._alias_cache.get(text)
        if tokens is None:
            tokens = self._alias_cache[text] = self(text)
        return tokens

    def __call__(self, text: str, thai: ThaiRuns | None = None) -> list[Token]:
        """Words of ``text`` (any mix of Thai, Vietnamese and English), in order, with offsets.

        ``thai``: the words of Thai runs already segmented (an analysis of this text);
        runs not in it are segmented here, the same way.
        """
        text = nfc(text).translate(_SAME_MARK)
        out: list[Token] = []
        extra = self.script_words
        if not THAI_CHAR.search(text):
            _latin_tokens(text, 0, len(text), out, extra)
            return out
        words = self.words
        pos = 0
        # Runs as the index finds them (Thai digits read as ASCII digits end a run).
        for match in _THAI_RUN.finditer(text):
            run, offset, position = match.group(), match.start(), 0
            cut = thai_run_words(run, thai)
            if self.hidden.hides(run, cut):
                cut = tuple(self.hidden.segment(run))
                self.recut += 1
            else:
                cut = tuple(self.hidden.join(cut))
            for word in cut:
                found = run.find(word, position)
                if found < 0:
                    continue
                position = found + len(word)
                if not THAI_CHAR.search(word):
                    continue  # a lone "." and the like: split below with the text around it
                at = offset + found
                _gap_tokens(text, pos, at, out, extra)
                prev = out[-1] if out else None
                glued = prev is not None and prev.thai and prev.end == at and prev.raw not in words
                out.append(Token(word, word, word, at, at + len(word), True, glued, keys=(("x", word),)))
                pos = at + len(word)
        _gap_tokens(text, pos, len(text), out, extra)
        return out


def _gap_tokens(text: str, start: int, end: int, out: list[Token], extra: frozenset[str]) -> None:
    """Tokens between Thai words: Latin and other scripts' words, marks, Thai numbers."""
    pos = start
    for m in _THAI_DIGITS.finditer(text, start, end):
        _latin_tokens(text, pos, m.start(), out, extra)
        out.append(Token(m.group(), m.group(), m.group(), m.start(), m.end(), True, keys=(("x", m.group()),)))
        pos = m.end()
    _latin_tokens(text, pos, end, out, extra)


@lru_cache(maxsize=1)
def plain_tokenizer() -> Tokenizer:
    return Tokenizer()


def tokenize(text: str) -> list[Token]:
    """Words of ``text`` with the plain Thai dictionary (no taxonomy aliases)."""
    return plain_tokenizer()(text)


def thai_alias_words(texts: Iterable[str]) -> set[str]:
    """Thai, Khmer, Lao and Myanmar aliases written as one chunk (no space), as extra
    words: Thai ones join the newmm dictionary, the others are joined after segmenting.

    An alias with spaces ("กำลังคนด้าน วทน.") is matched as a run of words instead:
    adding its chunks would make words of fragments ("กำลังคนด้าน") and hide the
    words they contain ("กำลังคน") from other aliases.
    """
    out: set[str] = set()
    for text in texts:
        chunk = nfc(text).strip()
        if not chunk or " " in chunk:
            continue
        # Only one script: a chunk glued to Latin letters ("รถEV") is not a word.
        if all(THAI_CHAR.match(c) or c == "." for c in chunk) or any(
            re.fullmatch(f"[{chars}]+", chunk) for chars in SCRIPT_CLASSES.values()
        ):
            out.add(chunk)
    return out
