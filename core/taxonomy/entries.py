"""Taxonomy entries as typed data: aliases, countries, agencies, themes, cooperation types.

Built and validated by ``loader``; ``model.Taxonomy`` holds them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

LANGS = ("en", "th", "vi")
# Aliases and theme keywords may also be written in the other languages the pipeline
# reads (Indonesian, Malay, Filipino, Khmer, Lao, Myanmar, Chinese); display names stay
# in the three interface languages.
ALIAS_LANGS = (*LANGS, "id", "ms", "tl", "km", "lo", "my", "zh")
# A display qualifier at the end of a name ("Ministry of ... (Vietnam)") is not part of
# how articles write the name, so it is left out when the name is used as an alias.
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")


class TaxonomyError(ValueError):
    """The taxonomy data is invalid; the message names the file, the entry and the problem."""


@dataclass(frozen=True)
class Alias:
    """One way of writing a name, in one language; ``exact`` means case- and accent-exact."""

    text: str
    lang: str
    exact: bool = False


def matchable(
    names: Mapping[str, str], aliases: tuple[Alias, ...], no_match: frozenset[str]
) -> tuple[Alias, ...]:
    """Names and aliases to match: a display name's "(...)" qualifier is dropped, a name
    also given as an explicit alias (e.g. ``exact``) takes that alias's rules, and the
    entry's ``no_match`` texts (display names too ambiguous to match) are left out."""
    explicit = {a.text for a in aliases}
    out = []
    for lang, name in names.items():
        bare = _QUALIFIER.sub("", name).strip()
        if bare and bare not in explicit:
            out.append(Alias(bare, lang))
    out.extend(aliases)
    return tuple(a for a in out if a.text not in no_match)


@dataclass(frozen=True)
class Country:
    id: str
    names: Mapping[str, str]
    aliases: tuple[Alias, ...] = ()
    asean: bool = False
    no_match: frozenset[str] = frozenset()

    def all_aliases(self) -> tuple[Alias, ...]:
        return matchable(self.names, self.aliases, self.no_match)


@dataclass(frozen=True)
class Agency:
    id: str
    names: Mapping[str, str]
    country: str | None
    international: bool = False
    # The setting of news about other subjects, a trade bloc: named only in the body, it
    # needs more points to be a subject (salience.yaml ``agencies.backdrop``).
    backdrop: bool = False
    acronyms: tuple[Alias, ...] = ()
    aliases: tuple[Alias, ...] = ()
    former_names: tuple[Alias, ...] = ()
    parent: str | None = None
    merged_into: str | None = None
    since: int | None = None
    until: int | None = None
    no_match: frozenset[str] = frozenset()

    def all_aliases(self) -> tuple[Alias, ...]:
        return matchable(self.names, self.acronyms + self.aliases + self.former_names, self.no_match)


@dataclass(frozen=True)
class Keyword:
    """A concept of a theme: its terms in every language share one weight, unless
    ``weights`` gives a language its own (a term of art in one language that is an everyday
    word in another)."""

    weight: float
    terms: tuple[Alias, ...]
    # How many paragraphs of the text must take up a weak word of the title for it to name
    # the headline's topic (salience.py; 0: the title alone); None: too common to name one
    # at all ("policy").
    headline: int | None = 1
    weights: Mapping[str, float] = field(default_factory=dict)

    # themes.yaml's ``headline:`` values. A weak word of the title names the headline's topic
    # even when the text does not repeat it (pooled sets 1-26: 7 true themes, no false), unless
    # it is marked ``again``: the people a headline serves ("farmers") need the text to name
    # them once more (the one false theme of the title alone). A kind of institution
    # ("university") named in a headline is mostly the partner, which the lead names again:
    # it needs two paragraphs.
    HEADLINE: ClassVar[dict[object, int | None]] = {True: 0, "again": 1, "partner": 2, False: None}

    @classmethod
    def headline_paragraphs(cls, value: object) -> int | None:
        """The paragraphs a ``headline:`` value asks for (ValueError for any other value)."""
        for key, paragraphs in cls.HEADLINE.items():
            if type(value) is type(key) and value == key:
                return paragraphs
        raise ValueError(f"keyword headline must be true, false, again or partner, got {value!r}")

    @staticmethod
    def valid_weight(value: Any) -> bool:
        """A number above 0 (YAML's true/false are no numbers)."""
        return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0

    def weight_in(self, language: str) -> float:
        """The concept's weight in an article written in ``language``."""
        return self.weights.get(language, self.weight)


@dataclass(frozen=True)
class Theme:
    id: str
    names: Mapping[str, str]
    keywords: tuple[Keyword, ...]


@dataclass(frozen=True)
class ThemeScoring:
    """How keyword hits add up to a theme (see themes.yaml ``scoring``)."""

    threshold: float = 3.0
    title: float = 2.0
    lead: float = 1.25
    body: float = 1.0
    repeat: float = 0.5
    max_repeats: int = 3
    weak_below: float = 2.0
    weak_cap: float = 1.5
    # Weak concepts in the title and again in the text add at most this much.
    headline_cap: float = 1.5
    # A keyword that is one area of a list of areas weighs this much of its place; the
    # keyword named in two or more paragraphs adds weight * spread (salience.py).
    passing: float = 1.0
    spread: float = 0.0


@dataclass(frozen=True)
class CooperationType:
    id: str
    names: Mapping[str, str]
    aliases: tuple[Alias, ...] = ()

    def all_aliases(self) -> tuple[Alias, ...]:
        return matchable(self.names, self.aliases, frozenset())


@dataclass(frozen=True)
class Forum:
    """A numbered meeting series; each pattern has a named group ``n`` (the number)."""

    id: str
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Candidate:
    """One reading of an ambiguous alias; ``id`` None means "a body we do not tag"."""

    id: str | None
    country: str | None
    context: tuple[Alias, ...] = ()


@dataclass(frozen=True)
class AmbiguousAlias:
    alias: Alias
    candidates: tuple[Candidate, ...]
    default: str | None
