"""Query expansion through the taxonomy: one concept, every language.

A span of the query that names a taxonomy concept (a theme keyword group, an agency
name or acronym, a country name, a cooperation type) becomes ONE clause whose
alternatives are the span as typed plus every alias of the concept in Thai,
Vietnamese and English, each tokenized as ``stiwatch.core.analysis.index_tokens``
tokenizes text for indexing. So ``semiconductor`` also finds ``เซมิคอนดักเตอร์`` and
``bán dẫn``, and ``NSTDA`` finds ``สวทช.`` and "National Science and Technology
Development Agency". The query language (``stiwatch.search.querytext``) calls
:func:`concept_spans` on the unquoted words of a query; the rest of the query stays
one clause per word.

A phrase alternative matches a document when its tokens occur side by side, in
order, in one text field (title, body or a stored translation); a one-token
alternative is an ordinary term. Ranking is the backend's business.

Aliases that are short single Latin words (``Thai``, ``Lào``, ``AI``) or marked
``exact`` in the taxonomy are not added as alternatives: the folded text fields
would match them inside unrelated Vietnamese syllables (``thái độ``, ``ai`` = who).
The query's own words are always kept, whatever their length.

Each span also carries the concept's key (``countries:TH``, ``themes:semiconductors:0``).
An index that stored, for every document, the keys of the concepts whose alternatives it
contains (``stiwatch.search.concepts``) finds the same documents with one term; the
alternatives stay for ranking, highlighting and indexes built without that field.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from stiwatch.core.analysis import folded_tokens, index_tokens
from stiwatch.core.taxonomy import load_taxonomy
from stiwatch.core.taxonomy.entries import Alias

Alternative = list[str]
Group = list[Alternative]
Plan = list[Group]

# A single-token alias alternative shorter than this (in characters) is left out.
MIN_SINGLE_TOKEN_ALIAS = 5


def _useful_alias(text: str, exact: bool, tokens: list[str]) -> bool:
    if not tokens:
        return False
    if len(tokens) > 1:
        return True
    if exact:
        return False
    token = tokens[0]
    thai = any("\u0e00" <= ch <= "\u0e7f" for ch in token)
    return thai or len(token) >= MIN_SINGLE_TOKEN_ALIAS


def alias_alternatives(terms: tuple[Alias, ...]) -> tuple[tuple[str, ...], ...]:
    """The index-token phrases of a concept's useful aliases, in alias order, repeats dropped."""
    alternatives: list[tuple[str, ...]] = []
    for alias in terms:
        tokens = index_tokens(alias.text)
        if _useful_alias(alias.text, alias.exact, tokens):
            alternatives.append(tuple(tokens))
    return tuple(dict.fromkeys(alternatives))


@dataclass(frozen=True)
class ConceptSpan:
    """A span of the query naming a taxonomy concept, and its phrase alternatives
    (the span as typed first, then every useful alias).

    ``key`` names the concept (``Concept.key``); ``typed`` holds the span's tokens when a
    document could contain them without containing any alias (then the typed words must
    be looked up beside the concept), else ``()``.
    """

    start: int
    end: int
    alternatives: tuple[tuple[str, ...], ...]
    key: str = ""
    typed: tuple[str, ...] = ()


@lru_cache(maxsize=512)
def concept_spans(text: str) -> tuple[ConceptSpan, ...]:
    """The concepts ``text`` names, left to right, without overlaps."""
    taxonomy = load_taxonomy()
    out: list[ConceptSpan] = []
    for concept in taxonomy.matchers.concepts(text):
        typed = tuple(index_tokens(text[concept.start : concept.end]))
        aliases = alias_alternatives(concept.terms)
        alternatives = ([typed] if typed else []) + list(aliases)
        pruned = tuple(_prune(list(dict.fromkeys(alternatives))))
        if pruned:
            extra = typed if typed and not _covered(typed, aliases) else ()
            out.append(ConceptSpan(concept.start, concept.end, pruned, concept.key, extra))
    return tuple(out)


def _covered(typed: tuple[str, ...], aliases: tuple[tuple[str, ...], ...]) -> bool:
    """Whether every document containing ``typed`` contains one of ``aliases``: an alias
    inside it, folded (alternatives are looked up folded as well as exact)."""
    folded = tuple(folded_tokens(list(typed)))
    return any(_contains(folded, tuple(folded_tokens(list(alias)))) for alias in aliases)


def _contains(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    n = len(inner)
    return any(outer[i : i + n] == inner for i in range(len(outer) - n + 1))


def _prune(alternatives: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Drop alternatives another one already covers: the same words folded
    ("viet nam" = "việt nam"), or containing a shorter alternative ("semiconductor
    industry" is found by "semiconductor")."""
    folded = [tuple(folded_tokens(list(a))) for a in alternatives]
    keep: list[tuple[str, ...]] = []
    for i, alt in enumerate(alternatives):
        covered = any(
            j != i and _contains(folded[i], folded[j]) and (len(folded[j]) < len(folded[i]) or j < i)
            for j in range(len(alternatives))
        )
        if not covered:
            keep.append(alt)
    return keep


def plan_tokens(plan: Plan) -> list[str]:
    """Every distinct token of a plan (for highlighting matched words)."""
    out: dict[str, None] = {}
    for group in plan:
        for alternative in group:
            out.update(dict.fromkeys(alternative))
    return list(out)


def warm_up() -> None:
    """Load the taxonomy and compile its matchers now (about 2-3 s on a small machine),
    so that the first search a server answers does not pay for it."""
    concept_spans("semiconductor สวทช.")
