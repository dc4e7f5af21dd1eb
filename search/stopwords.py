"""Query stop words in Thai, English and Vietnamese, from maintained lists.

A stop word in a query is left out of what must match ("what Vietnam announced on
semiconductors with Japan" needs ``vietnam``, ``announced``, ``semiconductor``,
``japan``). The lists: Thai from pythainlp (bundled with it), English and Vietnamese
from the ``stop-words`` package; ``stopwords.yaml`` beside this file names the
content words those lists include that a query must keep.

Which list applies to a token: a Thai token the Thai list; a token with a Vietnamese
letter (ă, ơ, đ, tone marks) the Vietnamese list; a plain ASCII token the English
list, and the Vietnamese one too when the query has Vietnamese letters elsewhere
(``va`` is "và" typed without marks). Only single-token entries are used: the
Vietnamese list's multi-syllable entries are runs of single entries already.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pythainlp.corpus import thai_stopwords
from stop_words import get_stop_words

from stiwatch.core.analysis import index_tokens
from stiwatch.core.yamlfile import read_yaml

KEEP_FILE = Path(__file__).parent / "stopwords.yaml"
_VIETNAMESE_LETTERS = frozenset("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def _normalised(words: list[str]) -> frozenset[str]:
    """Entries as the query analysis turns them into tokens; multi-token entries dropped."""
    out: set[str] = set()
    for word in words:
        tokens = index_tokens(word)
        if len(tokens) == 1:
            out.add(tokens[0])
    return frozenset(out)


def _keep() -> dict[str, list[str]]:
    data = read_yaml(KEEP_FILE) or {}
    keep = data.get("keep") or {}
    return {str(lang): [str(w) for w in words or []] for lang, words in keep.items()}


@lru_cache(maxsize=1)
def stop_lists() -> dict[str, frozenset[str]]:
    """``{lang: tokens}`` for th, en and vi, minus the words ``stopwords.yaml`` keeps."""
    raw = {
        "th": sorted(thai_stopwords()),
        "en": list(get_stop_words("english")),
        "vi": list(get_stop_words("vietnamese")),
    }
    keep = _keep()
    return {lang: _normalised(words) - _normalised(keep.get(lang, [])) for lang, words in raw.items()}


def is_vietnamese(token: str) -> bool:
    """The token has a letter only Vietnamese uses among the monitored languages."""
    return any(ch in _VIETNAMESE_LETTERS for ch in token)


def is_stop_word(token: str, *, vietnamese_query: bool = False) -> bool:
    """Whether an index token (lower case, as ``index_tokens`` makes it) is a stop word."""
    lists = stop_lists()
    if any("\u0e00" <= ch <= "\u0e7f" for ch in token):
        return token in lists["th"]
    if is_vietnamese(token):
        return token in lists["vi"]
    if token.isascii():
        return token in lists["en"] or (vietnamese_query and token in lists["vi"])
    return False
