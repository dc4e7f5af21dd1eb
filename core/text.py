"""Text primitives shared by every layer: NFC, Latin folding, Thai segmentation.

The stages (cleaning, language), the taxonomy's matchers, the search analysis
(``stiwatch.core.analysis``) and the snippets all cut Thai the same way. Thai is
segmented with PyThaiNLP's newmm over its bundled dictionary plus the project's own
words (agency acronyms and STI terms in ``taxonomy/thai_words.txt``), because newmm
alone splits acronyms such as ``บพท.`` into ``บ|พท.``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# Never let PyThaiNLP reach for the network for a corpus it does not bundle.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

THAI_WORDS_FILE = Path(__file__).parent / "taxonomy" / "thai_words.txt"

THAI_CHAR = re.compile(r"[\u0E00-\u0E7F]")
THAI_RUN = re.compile(r"[\u0E00-\u0E7F][\u0E00-\u0E7F.]*")
# Vietnamese letters that no other language we handle writes (plus tone-marked vowels).
VIETNAMESE_CHAR = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1EA0-\u1EF9]")


def nfc(text: str) -> str:
    """Unicode NFC; never NFKC, which splits Thai sara am (ำ) into two characters."""
    return unicodedata.normalize("NFC", text)


def fold_latin(text: str) -> str:
    """Drop diacritics on Latin letters only (đ→d explicitly); Thai is left untouched."""
    text = text.replace("đ", "d").replace("Đ", "D")
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and out and out[-1].isascii():
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


# Vietnamese tone marks (grave, acute, tilde, hook above, dot below) as combining marks.
_VI_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}


def tone_key(word: str) -> str:
    """A Vietnamese word, lower case, with its tone as a digit at the end.

    Old and new tone placement give one key ("thuỵ" = "thụy"), other diacritics stay
    (ư, ơ, â, đ), and two words that fold alike but differ in tone keep apart:
    "thủy điện" (hydropower) is not "Thụy Điển" (Sweden), "viên" is not "viễn".
    """
    return latin_keys(word.lower())[1]


def latin_keys(word: str) -> tuple[str, str]:
    """``(fold_latin(word), tone_key(word))`` of a lower-case word, in one pass."""
    tone = ""
    toned: list[str] = []
    folded: list[str] = []
    for ch in unicodedata.normalize("NFD", word.replace("đ", "d\u0111")):
        if ch in _VI_TONES:
            tone = _VI_TONES[ch]
            continue
        toned.append(ch)
        if not (unicodedata.combining(ch) and folded and folded[-1].isascii()) and ch != "\u0111":
            folded.append(ch)
    base = "".join(toned).replace("d\u0111", "đ")
    return unicodedata.normalize("NFC", "".join(folded)), unicodedata.normalize("NFC", base) + tone


def extra_thai_words() -> frozenset[str]:
    """The project's additions to the Thai dictionary (one word per line, # comments)."""
    if not THAI_WORDS_FILE.exists():
        return frozenset()
    words = set()
    for line in THAI_WORDS_FILE.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(nfc(word))
    return frozenset(words)


@lru_cache(maxsize=1)
def thai_trie():  # type: ignore[no-untyped-def]
    """The Thai dictionary trie: PyThaiNLP's words plus the project's (built once, ~1 s)."""
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import Trie

    return Trie(set(thai_words()) | extra_thai_words())


def segment_thai(text: str) -> list[str]:
    """Thai words of ``text`` (newmm + project dictionary); whitespace dropped."""
    from pythainlp.tokenize import word_tokenize

    return [
        w
        for w in word_tokenize(text, custom_dict=thai_trie(), engine="newmm", keep_whitespace=False)
        if w.strip()
    ]


def thai_ratio(text: str) -> float:
    """Share of letters in ``text`` that are Thai."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if THAI_CHAR.match(c)) / len(letters)
