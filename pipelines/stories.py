"""Stories: link the versions of the same news under one ``story_id``.

Three kinds of link, tried in this order for each article:

1. ``source``: the page names its original (``source_url``, e.g. "ที่มา: https://mst.gov.vn/…"
   under a Thai translation). The story is the original's: its stored story id when
   the original is known, else the original's article id, which is the id the original
   itself gets when it is crawled later, so both sides meet without a second pass.
2. ``near-duplicate``: the same text under another address (a syndicated press
   release, a repost with its own header and footer). Texts are normalised the way
   the search index sees them (``stiwatch.core.analysis``: NFC, lower case, Thai segmented,
   diacritics folded), cut into word shingles (``SHINGLE`` words) and compared by
   Jaccard similarity; ``NEAR_THRESHOLD`` was tuned on the fixtures of
   ``tests/test_stories.py`` (a syndicated copy with its own header and footer scores
   0.87; a different report on the same subject 0.02).
3. ``translation``: once an article has a translation (``translations[lang]``), that
   text is compared with articles written in ``lang`` (and an article's own text with
   other articles' translations into its language), on word pairs and with the lower
   ``CROSS_THRESHOLD``: a translation shares fewer word runs with the original than a
   copy does.

Candidates come from a bottom-k sketch (the ``SKETCH`` smallest shingle hashes of a
text, a MinHash variant) through an inverted index, so a new article is compared with
the few stored texts that share a sketch value, not with all of them; the exact
Jaccard of the shingle sets then decides. ``StoryIndex`` lives in memory; the dedupe
stage fills it from the stored articles on first use.

"Other versions" of an article are not stored on the record: they are the other
articles with its ``story_id``, read at query time (``EmbeddedBackend.story_versions``,
and the ``versions`` list of each hit of a collapsed search).
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from stiwatch.core.analysis import folded_tokens, index_tokens
from stiwatch.core.article import StoryLink, article_id
from stiwatch.core.tokencache import TokenCache

SHINGLE = 3
SKETCH = 48
# Texts shorter than this many words are never linked by similarity (a title-only
# page would match every other one on the same topic).
MIN_WORDS = 25
NEAR_THRESHOLD = 0.5
CROSS_THRESHOLD = 0.2
# Shingle size for comparing a translation with an original: word pairs survive a
# machine translation far better than three-word runs do, and unlike single words they
# keep two unrelated texts on one subject apart (fixtures: 0.46 against 0.05).
CROSS_SHINGLE = 2
# Stored records read per analysis-cache lookup when the index is filled.
FILL_BATCH = 500


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")


def normalised_words(text: str) -> list[str]:
    """The words of ``text`` as the search index sees them, diacritics folded."""
    return folded_tokens(index_tokens(text))


def shingle_set(words: list[str], size: int) -> frozenset[int]:
    """Hashes of the runs of ``size`` consecutive words."""
    if len(words) < size:
        return frozenset()
    return frozenset(_hash(" ".join(words[i : i + size])) for i in range(len(words) - size + 1))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)  # the union's size follows; building it cost as much again
    return shared / (len(a) + len(b) - shared)


def jaccard_bound(a: int, b: int) -> float:
    """The highest Jaccard two sets of sizes ``a`` and ``b`` can have (all of the smaller
    one shared): candidates below what is needed are never compared."""
    return min(a, b) / max(a, b) if a and b else 0.0


@dataclass(frozen=True)
class _Entry:
    article: str
    lang: str
    translated: bool
    size: int  # words per shingle
    shingles: frozenset[int]


class StoryIndex:
    """Texts of known articles, searchable by similarity; each article's story id.

    Args:
        tokens: the data directory's analysis cache (stiwatch.core.tokencache). The
            words compared here are the search index's tokens of the same text, so
            the analysis done here is kept for the store stage's indexing, and the
            stored texts read on first use are not segmented again.
    """

    def __init__(
        self,
        near_threshold: float = NEAR_THRESHOLD,
        cross_threshold: float = CROSS_THRESHOLD,
        tokens: TokenCache | None = None,
    ) -> None:
        self.near_threshold = near_threshold
        self.cross_threshold = cross_threshold
        self.tokens = tokens
        self.story_of: dict[str, str] = {}
        self._by_hash: dict[str, str] = {}
        self._entries: list[_Entry] = []
        # (shingle size, translated, sketch value) -> entry numbers
        self._postings: dict[tuple[int, bool, int], list[int]] = defaultdict(list)
        self._translated = 0

    def __len__(self) -> int:
        return len(self.story_of)

    # -- adding -------------------------------------------------------------------

    def _words(self, text: str) -> list[str]:
        """``normalised_words(text)``, through the analysis cache when there is one."""
        if self.tokens is None or not text:
            return normalised_words(text)
        joined = self.tokens.lookup([text]).get(text, "")
        return folded_tokens(joined.split(" ")) if joined else []

    def _words_of(self, texts: Iterable[str]) -> dict[str, list[str]]:
        """``text -> words`` for many texts: one cache lookup for all of them."""
        wanted = [t for t in dict.fromkeys(texts) if t]
        if self.tokens is None:
            return {t: normalised_words(t) for t in wanted}
        found = self.tokens.lookup(wanted)
        return {t: folded_tokens(found[t].split(" ")) if found.get(t) else [] for t in wanted}

    def _add_text(
        self, article: str, lang: str, translated: bool, text: str, words: list[str] | None = None
    ) -> None:
        if words is None:
            words = self._words(text)
        if len(words) < MIN_WORDS:
            return
        # A translation is only ever compared on single words; an original on both.
        for size in {CROSS_SHINGLE} if translated else {SHINGLE, CROSS_SHINGLE}:
            shingles = shingle_set(words, size)
            number = len(self._entries)
            self._entries.append(_Entry(article, lang, translated, size, shingles))
            for value in heapq.nsmallest(SKETCH, shingles):
                self._postings[(size, translated, value)].append(number)
        self._translated += translated

    def add(self, record: Mapping[str, Any], words: Mapping[str, list[str]] | None = None) -> None:
        """Index a record (``id``, ``story_id``, ``language``, ``text``, ``translations``,
        ``content_hash``); ``words``: its texts' words when already known."""
        ident = str(record["id"])
        story = str(record.get("story_id") or ident)
        if ident in self.story_of:
            self.story_of[ident] = story
            return
        self.story_of[ident] = story
        if record.get("content_hash"):
            self._by_hash.setdefault(str(record["content_hash"]), ident)
        words = words if words is not None else self._words_of(_texts(record))
        text = str(record.get("text") or "")
        self._add_text(ident, str(record.get("language") or ""), False, text, words.get(text, []))
        for lang, version in _translations(record).items():
            self._add_text(ident, lang, True, version, words.get(version, []))

    # -- finding ------------------------------------------------------------------

    def _candidates(self, shingles: frozenset[int], size: int, translated: bool) -> set[int]:
        found: set[int] = set()
        for value in heapq.nsmallest(SKETCH, shingles):
            found.update(self._postings.get((size, translated, value), ()))
        return found

    def _best(
        self, words: list[str], lang: str, translated: bool, exclude: str
    ) -> tuple[float, str, str] | None:
        """(score, other article, kind) of the indexed text most similar to ``words``, if
        close enough."""
        if len(words) < MIN_WORDS:
            return None
        # What to compare with: an original with copies (word runs) and with other
        # articles' translations (single words); a translation with originals.
        plans = [(CROSS_SHINGLE, False)] if translated else [(SHINGLE, False)]
        if not translated and self._translated:
            plans.append((CROSS_SHINGLE, True))
        best: tuple[float, str, str] | None = None
        for size, other_translated in plans:
            shingles = shingle_set(words, size)
            cross = translated or other_translated
            needed = self.cross_threshold if cross else self.near_threshold
            kind = "translation" if cross else "near-duplicate"
            for number in self._candidates(shingles, size, other_translated):
                entry = self._entries[number]
                if entry.article == exclude or entry.lang != lang:
                    continue
                # A text twice the other's size cannot reach 0.5; none can beat the best
                # found with a bound at or below it (a tie never replaces the best).
                bound = jaccard_bound(len(shingles), len(entry.shingles))
                if bound < needed or (best is not None and bound <= best[0]):
                    continue
                score = jaccard(shingles, entry.shingles)
                if score >= needed and (best is None or score > best[0]):
                    best = (score, entry.article, kind)
        return best

    def find(
        self, record: Mapping[str, Any], words: Mapping[str, list[str]] | None = None
    ) -> StoryLink | None:
        """The story a record belongs to, by source, copy or similarity; None if new.
        ``words``: its texts' words when already known."""
        ident = str(record["id"])
        source_url = record.get("source_url")
        if source_url:
            original = article_id(str(source_url))
            if original != ident:
                return StoryLink(self.story_of.get(original, original), "source", original)
        same = self._by_hash.get(str(record.get("content_hash") or ""))
        if same and same != ident:
            return StoryLink(self.story_of[same], "copy", same)
        lang = str(record.get("language") or "")
        words = words if words is not None else self._words_of(_texts(record))
        results = []
        own = self._best(words.get(str(record.get("text") or ""), []), lang, False, ident)
        if own:
            results.append(own)
        for tlang, version in _translations(record).items():
            found = self._best(words.get(version, []), tlang, True, ident)
            if found:
                results.append(found)
        if not results:
            return None
        score, other, kind = max(results)
        return StoryLink(self.story_of[other], kind, other, round(score, 3))

    def assign(self, record: Mapping[str, Any]) -> StoryLink:
        """Find the record's story (its own id when it is the first version) and index it."""
        words = self._words_of(_texts(record))  # analysed once for finding and adding
        link = self.find(record, words) or StoryLink(str(record["id"]), "new", str(record["id"]), 0.0)
        self.add({**record, "story_id": link.story_id}, words)
        return link

    @classmethod
    def from_records(
        cls, records: Iterable[Mapping[str, Any]], tokens: TokenCache | None = None, **kwargs: float
    ) -> StoryIndex:
        """The stories of ``records``; their texts looked up in the cache a batch at a time."""
        index = cls(tokens=tokens, **kwargs)
        iterator = iter(records)
        while batch := list(itertools.islice(iterator, FILL_BATCH)):
            fresh = [r for r in batch if str(r["id"]) not in index.story_of]
            words = index._words_of(t for r in fresh for t in _texts(r))
            for record in batch:
                index.add(record, words)
        return index


def _texts(record: Mapping[str, Any]) -> list[str]:
    """The texts story linking compares: the article's own and its translations'."""
    return [str(record.get("text") or ""), *_translations(record).values()]


def _translations(record: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    translations = record.get("translations") or {}
    if isinstance(translations, Mapping):
        for lang, version in translations.items():
            if isinstance(version, Mapping) and version.get("text"):
                out[str(lang)] = str(version["text"])
    return out
