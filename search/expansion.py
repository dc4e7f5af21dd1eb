"""Query expansion through the taxonomy: one concept, every language.

The contract every search backend implements (embedded and Elasticsearch alike)::

    plan_text_query(text, *, expand=True) -> list[list[list[str]]]

The plan is an AND of groups; each group is an OR of alternatives; each alternative
is a phrase: a sequence of index tokens, exactly as ``stiwatch.core.analysis.index_tokens``
produces them for indexing (not folded: a backend looks a token up in its exact
fields and its folded form in its folded fields, as it does for any query term).

- ``expand=False``: every query token is its own group, ``[[token]]`` (the plain
  AND of terms).
- ``expand=True`` (the default): a span of the query that names a taxonomy concept
  (a theme keyword group, an agency name or acronym, a country name, a cooperation
  type) becomes ONE group whose alternatives are the span as typed plus every alias
  of the concept in Thai, Vietnamese and English, each tokenized the same way. So
  ``semiconductor`` also finds ``เซมิคอนดักเตอร์`` and ``bán dẫn``, and ``NSTDA``
  finds ``สวทช.`` and "National Science and Technology Development Agency".
  The rest of the query stays one group per token.

A phrase alternative matches a document when its tokens occur side by side, in
order, in one text field (title, body or a stored translation); a one-token
alternative is an ordinary term. Ranking is the backend's business.

Aliases that are short single Latin words (``Thai``, ``Lào``, ``AI``) or marked
``exact`` in the taxonomy are not added as alternatives: the folded text fields
would match them inside unrelated Vietnamese syllables (``thái độ``, ``ai`` = who).
The query's own words are always kept, whatever their length.
"""

from __future__ import annotations

from functools import lru_cache

from stiwatch.core.analysis import folded_tokens, index_tokens, query_tokens
from stiwatch.core.taxonomy import load_taxonomy

Alternative = list[str]
Group = list[Alternative]
Plan = list[Group]

# A single-token alias alternative shorter than this (in characters) is left out.
MIN_SINGLE_TOKEN_ALIAS = 5


def _plain(text: str) -> Plan:
    return [[[token]] for token in query_tokens(text)]


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


@lru_cache(maxsize=512)
def _cached_plan(text: str) -> tuple[tuple[tuple[str, ...], ...], ...]:
    taxonomy = load_taxonomy()
    groups: list[tuple[tuple[str, ...], ...]] = []
    seen: set[tuple[tuple[str, ...], ...]] = set()

    def add(group: list[tuple[str, ...]]) -> None:
        key = tuple(dict.fromkeys(group))
        if key and key not in seen:
            seen.add(key)
            groups.append(key)

    def add_plain(piece: str) -> None:
        for token in query_tokens(piece):
            add([(token,)])

    pos = 0
    for concept in taxonomy.matchers.concepts(text):
        add_plain(text[pos : concept.start])
        typed = tuple(index_tokens(text[concept.start : concept.end]))
        alternatives = [typed] if typed else []
        for alias in concept.terms:
            tokens = index_tokens(alias.text)
            if _useful_alias(alias.text, alias.exact, tokens):
                alternatives.append(tuple(tokens))
        add(_prune(list(dict.fromkeys(alternatives))))
        pos = concept.end
    add_plain(text[pos:])
    return tuple(groups)


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


def plan_text_query(text: str, *, expand: bool = True) -> Plan:
    """The query as an AND of groups of OR-ed phrase alternatives (see the module doc)."""
    text = " ".join((text or "").split())
    if not text:
        return []
    if not expand:
        return _plain(text)
    return [[list(alt) for alt in group] for group in _cached_plan(text)]


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
    plan_text_query("semiconductor สวทช.")
