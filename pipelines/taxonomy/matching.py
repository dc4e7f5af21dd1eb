"""Alias matching over words, compiled once per taxonomy.

Text and aliases go through the same tokenizer, so matching is a comparison of word
sequences, never of raw substrings:
- Thai is segmented with newmm over the Thai dictionary, the project's words and every
  Thai alias of the taxonomy (see ``Tokenizer``); an alias matches whole segmented
  words, so อว. never fires inside อวกาศ.
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
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pipelines.textutil import THAI_CHAR, extra_thai_words, fold_latin, nfc

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
def _base_thai_words() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words()) | extra_thai_words()


def _latin_tokens(text: str, start: int, end: int, out: list[Token]) -> None:
    for m in _LATIN.finditer(text, start, end):
        raw = m.group()
        low = raw.lower()
        out.append(Token(raw, singular(low), fold_latin(low), m.start(), m.end(), False))


def _overlay_trie(extra: frozenset[str]) -> Any:
    """The shared Thai dictionary trie plus ``extra`` words, without copying it.

    Building a trie of the 60k-word dictionary takes about a second; newmm only asks
    a trie for ``prefixes``, so the words of the taxonomy go in a small second trie
    and the two answers are merged.
    """
    from pythainlp.util import Trie

    from pipelines.textutil import _thai_trie

    base: Trie = _thai_trie()

    class OverlayTrie(Trie):
        def prefixes(self, text: str, start: int = 0) -> list[str]:
            found: list[str] = base.prefixes(text, start)
            more = Trie.prefixes(self, text, start)
            if not more:
                return found
            return sorted(set(found) | set(more), key=len)

        def __contains__(self, key: str) -> bool:
            return key in base or Trie.__contains__(self, key)

        def __len__(self) -> int:
            return len(base) + self._word_count

    return OverlayTrie(extra)


class Tokenizer:
    """Splits text into :class:`Token` s; Thai with newmm over a given dictionary.

    The tag stage uses the Thai dictionary plus every Thai alias of the taxonomy
    (``thai_alias_words``): newmm prefers the fewest words, so a known name is cut out
    whole whatever precedes it ("แนวทาง|เศรษฐกิจบีซีจี", not "แนว|ทางเศรษฐกิจ|บีซี|จี",
    which hides the concept). Aliases and text go through the same tokenizer, so an
    alias still matches only on word boundaries.
    """

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        self.extra = frozenset(extra_words)
        self.words = _base_thai_words() | self.extra
        self._trie: Any = None
        self._alias_cache: dict[str, list[Token]] = {}

    def alias(self, text: str) -> list[Token]:
        """Tokens of an alias text, remembered (the same aliases compile into several
        matchers)."""
        tokens = self._alias_cache.get(text)
        if tokens is None:
            tokens = self._alias_cache[text] = self(text)
        return tokens

    def _segment(self, text: str) -> list[str]:
        from pythainlp.tokenize import newmm

        if self._trie is None:
            self._trie = _overlay_trie(self.extra)
        return [w for w in newmm.segment(text, custom_dict=self._trie) if w.strip()]

    def __call__(self, text: str) -> list[Token]:
        """Words of ``text`` (any mix of Thai, Vietnamese and English), in order, with offsets."""
        text = nfc(text)
        out: list[Token] = []
        if not THAI_CHAR.search(text):
            _latin_tokens(text, 0, len(text), out)
            return out
        words = self.words
        pos = 0
        for word in self._segment(text):
            if not THAI_CHAR.search(word):
                continue  # non-Thai stretches are re-split below, from the original text
            at = text.find(word, pos)
            if at < 0:
                continue
            _latin_tokens(text, pos, at, out)
            prev = out[-1] if out else None
            glued = prev is not None and prev.thai and prev.end == at and prev.raw not in words
            out.append(Token(word, word, word, at, at + len(word), True, glued))
            pos = at + len(word)
        _latin_tokens(text, pos, len(text), out)
        return out


@lru_cache(maxsize=1)
def _plain_tokenizer() -> Tokenizer:
    return Tokenizer()


def tokenize(text: str) -> list[Token]:
    """Words of ``text`` with the plain Thai dictionary (no taxonomy aliases)."""
    return _plain_tokenizer()(text)


def thai_alias_words(texts: Iterable[str]) -> set[str]:
    """Thai aliases written as one chunk (no space), as extra dictionary words.

    An alias with spaces ("กำลังคนด้าน วทน.") is matched as a run of words instead:
    adding its chunks would make words of fragments ("กำลังคนด้าน") and hide the
    words they contain ("กำลังคน") from other aliases.
    """
    out: set[str] = set()
    for text in texts:
        chunk = nfc(text).strip()
        # Only pure Thai: a chunk glued to Latin letters ("รถEV") is not a word.
        if chunk and " " not in chunk and all(THAI_CHAR.match(c) or c == "." for c in chunk):
            out.add(chunk)
    return out


def _is_acronym(word: str) -> bool:
    """Acronym-shaped Latin word: compared exactly (COSTI, MoU, KH, A in A*STAR)."""
    caps = sum(1 for ch in word if ch.isupper())
    return caps >= 2 or (len(word) == 1 and caps == 1)


def alias_keys(
    alias: Alias, proper: bool = False, tokenizer: Tokenizer | None = None
) -> list[tuple[Key, ...]]:
    """Key sequences an alias matches (more than one when a plural form is added).

    ``proper``: the alias is a proper name, so its capitalised English words only match
    capitalised words of the text. ``tokenizer``: the one the text goes through.
    """
    tokens = (tokenizer or _plain_tokenizer()).alias(alias.text)
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

    def __init__(self, proper: bool = False, tokenizer: Tokenizer | None = None) -> None:
        self.proper = proper
        self.tokenizer = tokenizer or _plain_tokenizer()
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


# Targets of the entity matcher: (kind, id); for AMBIGUOUS the id is the index of the
# entry in ``Taxonomy.ambiguous``, as a string.
COUNTRY, AGENCY, AMBIGUOUS, BLOCKER = "country", "agency", "ambiguous", "blocker"
Entity = tuple[str, str]


# Words that join an agency name to its country in long forms: "กระทรวง...ไอซีที
# แห่งสาธารณรัฐเกาหลี", "Bộ ... của Hàn Quốc", "Ministry of ... of the Republic of Korea".
_CONNECTORS = {"th": ("", "แห่ง", "ของ"), "vi": ("", "của", "nước"), "en": ("of", "of the")}


@dataclass(frozen=True, slots=True)
class Concept:
    """A span of a query that names a taxonomy concept, with every way of writing it."""

    facet: str  # countries, agencies, themes or cooperation
    id: str
    start: int
    end: int
    terms: tuple[Alias, ...]


# Connectors left at the end of a stem once the country is cut off, longest first.
_STEM_TAILS = {
    "th": ("แห่งประเทศ", "ของประเทศ", "ประเทศ", "แห่ง", "ของ"),
    "vi": ("của", "nước"),
    "en": ("of the", "of", "the"),
}


def _strip_suffix(text: str, suffix: str, lang: str) -> str | None:
    """``text`` minus a trailing ``suffix`` and the connector before it, or None."""
    if lang == "th":
        if not text.endswith(suffix):
            return None
        bare = text[: -len(suffix)].rstrip()
    elif text.casefold().endswith(" " + suffix.casefold()):
        bare = text[: -len(suffix)].rstrip()
    else:
        return None
    for tail in _STEM_TAILS.get(lang, ()):
        if lang == "th" and bare.endswith(tail):
            return bare[: -len(tail)].rstrip()
        if lang != "th" and bare.casefold().endswith(" " + tail):
            return bare[: -len(tail)].rstrip()
    return bare


class TaxonomyMatchers:
    """The taxonomy's aliases compiled into matchers, one per kind of tag."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.long_forms = self._long_forms()
        self.tokenize = Tokenizer(thai_alias_words(self._all_alias_texts()))
        tok = self.tokenize
        # Countries, agencies, ambiguous aliases and blockers share one matcher: a
        # country named inside an agency name is part of that name ("Ministry of Science
        # and Technology of China" is MOST-CN, which implies CN anyway).
        self.entities: PhraseMatcher[Entity] = PhraseMatcher(proper=True, tokenizer=tok)
        self._fill_entities(self.entities)
        self.themes: PhraseMatcher[tuple[str, int]] = PhraseMatcher(tokenizer=tok)
        for theme in taxonomy.themes.values():
            for k, keyword in enumerate(theme.keywords):
                for alias in keyword.terms:
                    self.themes.add(alias, (theme.id, k))
        self.cooperation: PhraseMatcher[str] = PhraseMatcher(tokenizer=tok)
        for ctype in taxonomy.cooperation.values():
            for alias in ctype.all_aliases():
                self.cooperation.add(alias, ctype.id)
        self.context: PhraseMatcher[tuple[int, int]] = PhraseMatcher(tokenizer=tok)
        for index, amb in enumerate(taxonomy.ambiguous):
            for c, cand in enumerate(amb.candidates):
                for alias in cand.context:
                    self.context.add(alias, (index, c))
        self._query_entities: PhraseMatcher[Entity] | None = None

    def _fill_entities(self, matcher: PhraseMatcher[Entity]) -> None:
        tax = self.taxonomy
        ambiguous_texts = {a.alias.text for a in tax.ambiguous}
        for country in tax.countries.values():
            for alias in country.all_aliases():
                matcher.add(alias, (COUNTRY, country.id))
        for agency in tax.agencies.values():
            for alias in agency.all_aliases():
                if alias.text not in ambiguous_texts:
                    matcher.add(alias, (AGENCY, agency.id))
        for alias, agency_id in self.long_forms:
            matcher.add(alias, (AGENCY, agency_id))
        for index, amb in enumerate(tax.ambiguous):
            matcher.add(amb.alias, (AMBIGUOUS, str(index)))
        for alias in tax.country_blockers:
            matcher.add(alias, (BLOCKER, ""))

    def _all_alias_texts(self) -> Iterator[str]:
        tax = self.taxonomy
        for country in tax.countries.values():
            yield from (a.text for a in country.all_aliases())
        for agency in tax.agencies.values():
            yield from (a.text for a in agency.all_aliases())
        yield from (a.text for a, _ in self.long_forms)
        for amb in tax.ambiguous:
            yield amb.alias.text
            for cand in amb.candidates:
                yield from (a.text for a in cand.context)
        yield from (a.text for a in tax.country_blockers)
        for theme in tax.themes.values():
            for keyword in theme.keywords:
                yield from (a.text for a in keyword.terms)
        for ctype in tax.cooperation.values():
            yield from (a.text for a in ctype.all_aliases())

    def _long_forms(self) -> list[tuple[Alias, str]]:
        """Country-qualified variants of agency names, derived from the data.

        A name that ends with its country ("กระทรวงวิทยาศาสตร์และไอซีทีเกาหลี") or carries
        a country qualifier ("Ministry of Science and Technology (China)") gives a stem;
        the stem followed by a connector and ANY name of that country is the same body
        ("...ไอซีทีแห่งสาธารณรัฐเกาหลี", "...Technology of the People's Republic of
        China"). A variant two agencies would share, or an explicit alias, is left out.
        """
        from pipelines.taxonomy.model import Alias

        tax = self.taxonomy
        explicit = {a.text for ag in tax.agencies.values() for a in ag.all_aliases()} | {
            a.alias.text for a in tax.ambiguous
        }
        owners: dict[tuple[str, str], set[str]] = {}
        for agency in tax.agencies.values():
            country = tax.countries.get(agency.country or "")
            if country is None:
                continue
            cnames: dict[str, set[str]] = {}
            for alias in (*country.all_aliases(), *(Alias(n, lg) for lg, n in country.names.items())):
                cnames.setdefault(alias.lang, set()).add(alias.text)
            stems: set[tuple[str, str]] = set()
            for lang, name in agency.names.items():
                bare = re.sub(r"\s*\([^()]*\)\s*$", "", name).strip()
                # A qualified display name ("... (China)") names the body with its country.
                if bare != name.strip() and (lang == "th" or len(bare.split()) >= 2):
                    stems.add((lang, bare))
            for alias in agency.all_aliases():
                if alias in agency.acronyms:
                    continue
                # The longest country name that ends the alias ("สาธารณรัฐประชาชนจีน", not "จีน").
                for cname in sorted(cnames.get(alias.lang, ()), key=len, reverse=True):
                    stem = _strip_suffix(alias.text, cname, alias.lang)
                    if stem is not None:
                        if len(stem) >= 8:
                            stems.add((alias.lang, stem))
                        break
            for lang, stem in stems:
                for cname in cnames.get(lang, ()):
                    for conn in _CONNECTORS.get(lang, ()):
                        text = " ".join(p for p in (stem, conn, cname) if p)
                        if lang == "th":
                            text = f"{stem}{conn}{cname}"
                        owners.setdefault((lang, text), set()).add(agency.id)
                    if lang == "en":
                        for form in (f"{cname} {stem}", f"{cname}'s {stem}", f"{cname}’s {stem}"):
                            owners.setdefault((lang, form), set()).add(agency.id)
        out = []
        for (lang, text), ids in sorted(owners.items()):
            if len(ids) == 1 and text not in explicit:
                out.append((Alias(text, lang), next(iter(ids))))
        return out

    # -- queries --------------------------------------------------------------------

    def _query_entity_matcher(self) -> PhraseMatcher[Entity]:
        """Entities for queries: English proper names match in lower case too."""
        if self._query_entities is None:
            matcher: PhraseMatcher[Entity] = PhraseMatcher(proper=False, tokenizer=self.tokenize)
            self._fill_entities(matcher)
            self._query_entities = matcher
        return self._query_entities

    def concepts(self, text: str) -> list[Concept]:
        """Non-overlapping spans of ``text`` naming a country, agency, theme concept or
        cooperation type, left to right (the longer span wins an overlap)."""
        tax = self.taxonomy
        tokens = self.tokenize(text)
        found: list[Concept] = []
        for hit in self._query_entity_matcher().find(tokens):
            kind, ident = hit.target
            if kind == COUNTRY:
                found.append(
                    Concept("countries", ident, hit.start, hit.end, tax.countries[ident].all_aliases())
                )
            elif kind == AGENCY:
                agency = tax.agencies[ident]
                found.append(Concept("agencies", ident, hit.start, hit.end, agency.all_aliases()))
        for th in self.themes.find(tokens):
            theme_id, k = th.target
            found.append(
                Concept("themes", theme_id, th.start, th.end, tax.themes[theme_id].keywords[k].terms)
            )
        for co in self.cooperation.find(tokens):
            found.append(
                Concept("cooperation", co.target, co.start, co.end, tax.cooperation[co.target].all_aliases())
            )
        found.sort(key=lambda c: (-(c.end - c.start), c.start))
        kept: list[Concept] = []
        for concept in found:
            if all(concept.end <= k.start or k.end <= concept.start for k in kept):
                kept.append(concept)
        return sorted(kept, key=lambda c: c.start)

    def expand(self, text: str) -> list[str]:
        """The query, then every alias (en/th/vi) of each concept it names."""
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
        for concept in self.concepts(query):
            add(a.text for a in concept.terms)
        return out
