"""Alias matching over words: longest non-overlapping alias sequences, left to right.

Each alias word is compared in one of five ways, chosen when the alias is compiled:
``x`` exact (acronyms such as COSTI or MoU, Thai words, punctuation, aliases marked
``exact``), ``l`` lower case with a final plural "s" ignored (English), ``c`` the same
but the text word must be capitalised too (English proper names of countries and
bodies: "Thai" must not match the Vietnamese syllable "thai"), and for Vietnamese ``v``
the same word with the same diacritics (tone placement aside: "thuỵ" = "thụy", but
"thủy điện", hydropower, is not "Thụy Điển", Sweden) or ``a`` a word written without any
diacritics, folded ("Viet Nam" finds "Việt Nam"): an alias with diacritics compiles
twice, once for text written with them and once for text written without.

An index from the first word's key to candidate alias sequences keeps the cost per
article at a few dictionary look-ups per word, whatever the size of the taxonomy.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from stiwatch.core.taxonomy.entries import Alias
from stiwatch.core.taxonomy.tokenizer import Key, Token, Tokenizer, is_acronym, plain_tokenizer, singular

T = TypeVar("T", bound=Hashable)


def alias_keys(
    alias: Alias, proper: bool = False, tokenizer: Tokenizer | None = None
) -> list[tuple[Key, ...]]:
    """Key sequences an alias matches (more than one when a plural form is added).

    ``proper``: the alias is a proper name, so its capitalised English words only match
    capitalised words of the text. ``tokenizer``: the one the text goes through.
    """
    tokens = (tokenizer or plain_tokenizer()).alias(alias.text)
    keys: list[Key] = []
    plain: list[Key] = []  # the words for text written without diacritics
    for tok in tokens:
        # A mark is literal, but "&" reads "and" in English (the English key: ``Token.lower``).
        mark = not (tok.raw if alias.lang == "vi" else tok.lower)[0].isalnum()
        literal = tok.thai or alias.exact or mark or tok.raw.isdigit()
        if literal or is_acronym(tok.raw):
            key = ("x", tok.raw)
        elif alias.lang == "vi":
            key = ("v", tok.tone) if tok.tone else ("a", tok.fold)
            plain.append(("a", tok.fold) if tok.tone else key)
        elif proper and tok.raw[0].isupper():
            key = ("c", tok.lower)
        else:
            key = ("l", tok.lower)
        keys.append(key)
        if key[0] in ("c", "l") and singular(tok.fold) != tok.lower:
            # English text often drops the marks of a foreign name ("Turkiye", "Türkiye").
            plain.append((key[0], singular(tok.fold)))
        elif alias.lang != "vi" or key[0] == "x":
            plain.append(key)
    if not keys:
        return []
    variants = [tuple(keys)]
    if plain != keys:
        variants.append(tuple(plain))
    last = tokens[-1].raw
    if keys[-1][0] == "x" and not alias.exact and not tokens[-1].thai and is_acronym(last):
        variants.append((*keys[:-1], ("x", last + "s")))  # MoUs, SMEs
    return variants


def _same(token: Token, key: Key) -> bool:
    mode, form = key
    if mode == "x":
        return token.raw == form
    if mode == "l":
        return token.lower == form
    if mode == "c":
        return token.lower == form and token.raw[0].isupper()
    if mode == "v":
        return token.tone == form
    return not token.tone and token.fold == form


@dataclass(frozen=True, slots=True)
class Hit(Generic[T]):
    """A matched alias: token span [first, last) and char span [start, end) in the text."""

    target: T
    first: int
    last: int
    start: int
    end: int


class PhraseMatcher(Generic[T]):
    """Longest, non-overlapping matches of alias word sequences, left to right."""

    def __init__(self, proper: bool = False, tokenizer: Tokenizer | None = None) -> None:
        self.proper = proper
        self.tokenizer = tokenizer or plain_tokenizer()
        self._index: dict[Key, list[tuple[tuple[Key, ...], T]]] = {}

    def add(self, alias: Alias, target: T) -> None:
        for keys in alias_keys(alias, self.proper, self.tokenizer):
            bucket = self._index.setdefault(keys[0], [])
            if (keys, target) not in bucket:
                bucket.append((keys, target))
                # Longest first, so the first candidate that fits is the best one.
                bucket.sort(key=lambda entry: -len(entry[0]))

    def __len__(self) -> int:
        return sum(len(b) for b in self._index.values())

    def find(self, tokens: list[Token]) -> list[Hit[T]]:
        hits: list[Hit[T]] = []
        n = len(tokens)
        i = 0
        while i < n:
            best: tuple[int, T] | None = None
            for key in tokens[i].lookup_keys():
                for keys, target in self._index.get(key, ()):
                    size = len(keys)
                    if best is not None and size <= best[0]:
                        break
                    if i + size > n:
                        continue
                    if all(_same(tokens[i + j], keys[j]) for j in range(1, size)) and self._clean_edges(
                        tokens, i, i + size
                    ):
                        best = (size, target)
                        break
            if best is None:
                i += 1
                continue
            size, target = best
            hits.append(Hit(target, i, i + size, tokens[i].start, tokens[i + size - 1].end))
            i += size
        return hits

    @staticmethod
    def _clean_edges(tokens: list[Token], first: int, last: int) -> bool:
        """Reject a Thai match glued to an unknown fragment on either side (ก|วว.)."""
        if tokens[first].thai and tokens[first].fragment_before:
            return False
        return not (
            last < len(tokens)
            and tokens[last].thai
            and tokens[last].fragment_before
            and tokens[last - 1].thai
        )
