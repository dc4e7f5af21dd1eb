"""Alias matching over words, compiled once per taxonomy.

Text and aliases go through the same tokenizer, so matching is a comparison of word
sequences, never of raw substrings:
- Thai is segmented with ``segment_thai`` (newmm + the project dictionary); an alias
  matches whole segmented words, so อว. never fires inside อวกาศ.
- Latin text is split into words and single punctuation marks. Each alias word is
  compared in one of three ways, chosen when the alias is compiled:
  ``x`` exact (acronyms such as COSTI or MoU, Thai words, punctuation, aliases marked
  ``exact``), ``l`` lower case with a final plural "s" ignored (English), ``c`` the same
  but the text word must be capitalised too (English proper names of countries and
  bodies: "Thai" must not match the Vietnamese syllable "thai"), ``f`` lower case with
  Latin diacritics folded (Vietnamese: "Viet Nam" finds "Việt Nam").

An index from the first word's key to candidate alias sequences keeps the cost per
article at a few dictionary look-ups per word, whatever the size of the taxonomy.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Generic, TypeVar

from pipelines.textutil import THAI_CHAR, extra_thai_words, fold_latin, nfc, segment_thai

if TYPE_CHECKING:
    from pipelines.taxonomy.model import Alias, Taxonomy

# Latin/digit words (no Thai, no underscore) or one punctuation mark.
_LATIN = re.compile(r"[^\W_\u0E00-\u0E7F]+|[^\w\s]")

Key = tuple[str, str]
T = TypeVar("T", bound=Hashable)


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

    def lookup_keys(self) -> Iterator[Key]:
        yield ("x", self.raw)
        if not self.thai:
            yield ("l", self.lower)
            yield ("f", self.fold)
            if self.raw[0].isupper():
                yield ("c", self.lower)


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
def _thai_dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words()) | extra_thai_words()


def _latin_tokens(text: str, start: int, end: int, out: list[Token]) -> None:
    for m in _LATIN.finditer(text, start, end):
        raw = m.group()
        low = raw.lower()
        out.append(Token(raw, singular(low), fold_latin(low), m.start(), m.end(), False))


def tokenize(text: str) -> list[Token]:
    """Words of ``text`` (any mix of Thai, Vietnamese and English), in order, with offsets."""
    text = nfc(text)
    out: list[Token] = []
    if not THAI_CHAR.search(text):
        _latin_tokens(text, 0, len(text), out)
        return out
    words = _thai_dictionary()
    pos = 0
    for word in segment_thai(text):
        if not THAI_CHAR.search(word):
            continue  # non-Thai stretches are re-split below, from the original text
        at = text.find(word, pos)
        if at < 0:
            continue
        _latin_tokens(text, pos, at, out)
        prev = out[-1] if out else None
        glued = (
            prev is not None and prev.thai and prev.end == at and prev.raw not in words
        )
        out.append(Token(word, word, word, at, at + len(word), True, glued))
        pos = at + len(word)
    _latin_tokens(text, pos, len(text), out)
    return out


def _is_acronym(word: str) -> bool:
    """Acronym-shaped Latin word: compared exactly (COSTI, MoU, KH, A in A*STAR)."""
    caps = sum(1 for ch in word if ch.isupper())
    return caps >= 2 or (len(word) == 1 and caps == 1)


def alias_keys(alias: Alias, proper: bool = False) -> list[tuple[Key, ...]]:
    """Key sequences an alias matches (more than one when a plural form is added).

    ``proper``: the alias is a proper name, so its capitalised English words only match
    capitalised words of the text.
    """
    tokens = tokenize(alias.text)
    keys: list[Key] = []
    for tok in tokens:
        literal = tok.thai or alias.exact or not tok.raw[0].isalnum() or tok.raw.isdigit()
        if literal or _is_acronym(tok.raw):
            keys.append(("x", tok.raw))
        elif alias.lang == "vi":
            keys.append(("f", tok.fold))
        elif proper and tok.raw[0].isupper():
            keys.append(("c", tok.lower))
        else:
            keys.append(("l", tok.lower))
    if not keys:
        return []
    variants = [tuple(keys)]
    last = tokens[-1].raw
    if keys[-1][0] == "x" and not alias.exact and not tokens[-1].thai and _is_acronym(last):
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
    return token.fold == form


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

    def __init__(self, proper: bool = False) -> None:
        self.proper = proper
        self._index: dict[Key, list[tuple[tuple[Key, ...], T]]] = {}

    def add(self, alias: Alias, target: T) -> None:
        for keys in alias_keys(alias, self.proper):
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
                    if all(
                        _same(tokens[i + j], keys[j]) for j in range(1, size)
                    ) and self._clean_edges(tokens, i, i + size):
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
        return not (last < len(tokens) and tokens[last].thai and tokens[last].fragment_before
                    and tokens[last - 1].thai)


# Targets of the entity matcher: (kind, id); for AMBIGUOUS the id is the index of the
# entry in ``Taxonomy.ambiguous``, as a string.
COUNTRY, AGENCY, AMBIGUOUS, BLOCKER = "country", "agency", "ambiguous", "blocker"
Entity = tuple[str, str]


class TaxonomyMatchers:
    """The taxonomy's aliases compiled into matchers, one per kind of tag."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        # Countries, agencies, ambiguous aliases and blockers share one matcher: a
        # country named inside an agency name is part of that name ("Ministry of Science
        # and Technology of China" is MOST-CN, which implies CN anyway).
        self.entities: PhraseMatcher[Entity] = PhraseMatcher(proper=True)
        ambiguous_texts = {a.alias.text for a in taxonomy.ambiguous}
        for country in taxonomy.countries.values():
            for alias in country.all_aliases():
                self.entities.add(alias, (COUNTRY, country.id))
        for agency in taxonomy.agencies.values():
            for alias in agency.all_aliases():
                if alias.text not in ambiguous_texts:
                    self.entities.add(alias, (AGENCY, agency.id))
        for index, amb in enumerate(taxonomy.ambiguous):
            self.entities.add(amb.alias, (AMBIGUOUS, str(index)))
        for alias in taxonomy.country_blockers:
            self.entities.add(alias, (BLOCKER, ""))
        self.themes: PhraseMatcher[tuple[str, int]] = PhraseMatcher()
        for theme in taxonomy.themes.values():
            for k, keyword in enumerate(theme.keywords):
                for alias in keyword.terms:
                    self.themes.add(alias, (theme.id, k))
        self.cooperation: PhraseMatcher[str] = PhraseMatcher()
        for ctype in taxonomy.cooperation.values():
            for alias in ctype.all_aliases():
                self.cooperation.add(alias, ctype.id)
        self.context: PhraseMatcher[tuple[int, int]] = PhraseMatcher()
        for index, amb in enumerate(taxonomy.ambiguous):
            for c, cand in enumerate(amb.candidates):
                for alias in cand.context:
                    self.context.add(alias, (index, c))

    def expand(self, text: str) -> list[str]:
        """The query, then every alias of each country, agency, theme concept or
        cooperation type it names."""
        tax = self.taxonomy
        out: list[str] = []
        seen: set[str] = set()

        def add(terms: Iterable[str]) -> None:
            for term in terms:
                key = term.casefold()
                if key not in seen:
                    seen.add(key)
                    out.append(term)

        query = " ".join(text.split())
        if not query:
            return []
        add([query])
        tokens = tokenize(query)
        for hit in self.entities.find(tokens):
            kind, ident = hit.target
            if kind == COUNTRY:
                add(a.text for a in tax.countries[ident].all_aliases())
            elif kind == AGENCY:
                add(a.text for a in tax.agencies[ident].all_aliases())
        for concept in self.themes.find(tokens):
            theme_id, k = concept.target
            add(a.text for a in tax.themes[theme_id].keywords[k].terms)
        for coop in self.cooperation.find(tokens):
            add(a.text for a in tax.cooperation[coop.target].all_aliases())
        return out
