"""Concept ids at index time: which taxonomy concepts each document contains.

A query word naming a concept (``semiconductor``, ``NSTDA``, ``Japan``) matches every
document containing one of the concept's alternatives (``stiwatch.search.expansion``):
an OR of tens of phrases over four text fields, the slowest part of a search. The index
instead stores, per document, the keys of the concepts whose alternatives it contains,
in one keyword field (:data:`CONCEPT_FIELD`), and a query looks the concept up with one
term. The two agree document for document because the matcher here reads what the
phrase queries read:

- the same alternatives (``alias_alternatives``: every useful alias, no salience filter);
- the same token streams: the folded title and text fields, tokens in index order (an
  alternative matches exact in an exact field or folded in a folded field, and a folded
  field holds the folded exact tokens one for one, so the folded side decides);
- a phrase matches where its tokens stand side by side, as a phrase query with no slop.

The matcher's tables are hashed into :func:`fingerprint`; an index records the fingerprint
it was built with, and a search uses the field only when it equals the running one
(otherwise it expands the query as before, until ``stiwatch reindex``).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from stiwatch.core.analysis import ANALYSIS_VERSION, folded_tokens
from stiwatch.core.taxonomy import load_taxonomy
from stiwatch.search.expansion import alias_alternatives

CONCEPT_FIELD = "concept"
# Bump when the matching rules above change (the fingerprint changes with them).
MATCHER_VERSION = 1

Phrase = tuple[str, ...]


class ConceptMatcher:
    """Every concept's folded alternatives, looked up by their rarest token.

    Args:
        table: concept key -> its alternatives (index-token phrases).
    """

    def __init__(self, table: dict[str, tuple[Phrase, ...]]) -> None:
        by_phrase: dict[Phrase, set[str]] = {}
        for key, alternatives in table.items():
            for alternative in alternatives:
                by_phrase.setdefault(tuple(folded_tokens(alternative)), set()).add(key)
        # Each phrase is filed under its rarest token (in the fewest phrases; then the
        # longest): the words that open many names ("bo", "ministry", "กระทรวง") are in
        # most texts, and filing by them made every text try dozens of phrases.
        spread = Counter(token for phrase in by_phrase for token in set(phrase))
        # By anchor: (the phrase's other tokens, the phrase as " a b " for a search in the
        # field joined by spaces, the phrase's concepts); a one-token phrase has no others.
        self._by_anchor: dict[str, list[tuple[frozenset[str], str, frozenset[str]]]] = {}
        for phrase, keys in sorted(by_phrase.items()):
            anchor = min(set(phrase), key=lambda t: (spread[t], -len(t), t))
            entry = (frozenset(phrase) - {anchor}, f" {' '.join(phrase)} ", frozenset(keys))
            self._by_anchor.setdefault(anchor, []).append(entry)
        self._anchors = frozenset(self._by_anchor)

    def keys(self, *folded_fields: Sequence[str]) -> list[str]:
        """Sorted keys of the concepts found in any of ``folded_fields`` (each the folded
        tokens of one index field, in order)."""
        found: set[str] = set()
        for field in folded_fields:
            tokens = [t for t in field if t]  # an empty token takes no position in the index
            words = set(tokens)
            present = self._anchors.intersection(words)
            if not present:
                continue
            text = ""
            for anchor in present:
                for others, phrase, keys in self._by_anchor[anchor]:
                    if keys <= found:
                        continue
                    if others:
                        # Every word of the phrase is in the field (a set test) before
                        # the search for them side by side: tokens hold no space, so they
                        # stand side by side exactly where " a b " is in the field joined
                        # by spaces.
                        if not others <= words:
                            continue
                        text = text or f" {' '.join(tokens)} "
                        if phrase not in text:
                            continue
                    found |= keys
        return sorted(found)


@lru_cache(maxsize=1)
def concept_table() -> dict[str, tuple[Phrase, ...]]:
    """Every concept a query can name, by key, with its alternatives."""
    terms = load_taxonomy().matchers.concept_terms()
    table = {key: alias_alternatives(aliases) for key, aliases in terms.items()}
    return {key: alternatives for key, alternatives in table.items() if alternatives}


@lru_cache(maxsize=1)
def concept_matcher() -> ConceptMatcher:
    return ConceptMatcher(concept_table())


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of everything the matcher decides with: its rules' version, the analysis
    version and every concept's alternatives."""
    payload = {
        "matcher": MATCHER_VERSION,
        "analysis": ANALYSIS_VERSION,
        "concepts": {key: [list(a) for a in alts] for key, alts in sorted(concept_table().items())},
    }
    digest = hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()[:16]


def concept_keys(title_folded: Sequence[str], text_folded: Sequence[str]) -> list[str]:
    """The concept keys to index for a document with these folded title and text tokens."""
    return concept_matcher().keys(title_folded, text_folded)
