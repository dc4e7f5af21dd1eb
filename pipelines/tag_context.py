"""Which body an ambiguous alias names (DOST, NRF, สนช., the bare "Ministry of Science and
Technology"): the candidate best supported by the article's context words and countries,
the publisher's country and the article language."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from stiwatch.core.taxonomy import Taxonomy
from stiwatch.core.taxonomy.matchers import COUNTRY, Entity
from stiwatch.core.taxonomy.phrases import Hit
from stiwatch.core.taxonomy.tokenizer import Token

# The country whose publications are written in a language: a tie-break for ambiguous
# aliases (a bare "กระทรวงวิทยาศาสตร์และเทคโนโลยี" in a Thai text is Thailand's).
LANGUAGE_HOME = {"th": "TH", "vi": "VN"}


class _Part(Protocol):
    @property
    def tokens(self) -> list[Token]: ...

    @property
    def entities(self) -> list[Hit[Entity]]: ...


@dataclass
class ContextCounts:
    """Countries named (every mention) and context words of ambiguous aliases."""

    countries: Counter[str] = field(default_factory=Counter)
    context: Counter[tuple[int, int]] = field(default_factory=Counter)


def count_context(parts: Iterable[_Part], taxonomy: Taxonomy) -> ContextCounts:
    counts = ContextCounts()
    for part in parts:
        for hit in part.entities:
            if hit.target[0] == COUNTRY:
                counts.countries[hit.target[1]] += 1
        for context in taxonomy.matchers.context.find(part.tokens):
            counts.context[context.target] += 1
    return counts


def resolve_ambiguous(
    taxonomy: Taxonomy, index: int, counts: ContextCounts, source_country: str | None, language: str
) -> str | None:
    """The agency an ambiguous alias names here, or None (a body we do not tag)."""
    amb = taxonomy.ambiguous[index]
    home = LANGUAGE_HOME.get(language)
    scored = []
    for c, cand in enumerate(amb.candidates):
        score = 2.0 * counts.context[(index, c)]
        if cand.country:
            score += counts.countries[cand.country]
            score += 1.5 if cand.country == source_country else 0.0
            score += 0.5 if cand.country == home else 0.0
        scored.append((score, cand.id))
    best = max(score for score, _ in scored)
    if best <= 0:
        return amb.default
    winners = [cid for score, cid in scored if score == best]
    return amb.default if amb.default in winners else winners[0]
