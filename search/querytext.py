"""The query language: what people type into the search box, as clauses to match.

Both backends, the highlighter and the zero-results explanation read the query
through :func:`parse_text`, so they agree on what a query means:

- ``semiconductor Japan``: every word must match (a *clause* each). A span naming a
  taxonomy concept is one clause that matches the concept in every language
  (``stiwatch.search.expansion``): ``Japan`` also finds ``ญี่ปุ่น`` and ``Nhật Bản``.
- Stop words (``what``, ``on``, ``with``; ``ที่``, ``และ``; ``của``, ``và``) are ignored
  (``stiwatch.search.stopwords``), unless typed in capitals (``US``, ``IT``), part of
  a concept, or quoted. A query made only of stop words keeps them.
- ``"smart city"``: the words side by side, in order, as typed (no expansion).
- ``chips OR semiconductor``: either; ``OR`` (capitals) joins the clause before it and
  the clause after it. A lower-case ``or`` is a stop word.
- ``-Japan``, ``-"joint venture"``: articles containing it are left out (a concept
  is left out in every language).
- With three or more clauses, an article may miss ``max(1, n // 4)`` of them: such
  *partial* matches are ranked after the articles that match every clause
  (``stiwatch.search.tiers``), never instead of them.

A clause keeps its span in the typed text, so that a message can say "without
'Japan': 12 results" and link to the query with that clause removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from stiwatch.core.analysis import folded_tokens, index_tokens, pair_tokens, query_tokens
from stiwatch.core.wordspans import word_spans
from stiwatch.search.expansion import Plan, concept_spans
from stiwatch.search.stopwords import is_stop_word, is_vietnamese

# Quotation marks people type: straight, curly, and the low-high pair some keyboards make.
QUOTES = '"“”„'
OR_WORDS = frozenset({"OR", "|"})
# Partial matching starts at this many clauses; below it every clause is needed.
PARTIAL_FROM = 3

_PIECE = re.compile(
    r"(?P<neg>(?<!\S)-)?(?:[" + QUOTES + r"](?P<phrase>[^" + QUOTES + r"]*)[" + QUOTES + r"]?"
    r"|(?P<word>[^\s" + QUOTES + r"]+))"
)

Tokens = tuple[str, ...]


@dataclass(frozen=True)
class Clause:
    """One thing the query asks for: a word, a concept, a quoted phrase, or an OR of these.

    Args:
        text: as typed (``Japan``, ``"smart city"``, ``chips OR semiconductor``).
        start, end: its span in the typed text.
        alternatives: index-token phrases; the clause matches when one of them does.
        stop: a stop word, ignored unless the query has nothing else.
        concepts: keys of the taxonomy concepts among the alternatives
            (stiwatch.search.concepts): an index holding concept keys matches the clause
            with these and ``residual``, the same documents as with every alternative.
        residual: the alternatives no concept covers (None: all of them).
    """

    text: str
    start: int
    end: int
    alternatives: tuple[Tokens, ...]
    stop: bool = False
    concepts: tuple[str, ...] = ()
    residual: tuple[Tokens, ...] | None = None

    def lookup(self) -> tuple[tuple[str, ...], tuple[Tokens, ...]]:
        """What decides a match where concepts are indexed: concept keys, other phrases."""
        return self.concepts, self.alternatives if self.residual is None else self.residual


@dataclass(frozen=True)
class ParsedText:
    """A query's clauses: ``required`` (all, or most for a partial match) and ``excluded``."""

    text: str
    required: tuple[Clause, ...] = ()
    excluded: tuple[Clause, ...] = ()
    ignored: tuple[str, ...] = ()
    # Adjacent words of the query as typed (folded, joined by "_"): found side by side
    # in a document they add score (stop words included: "công nghệ cao").
    pairs: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.required and not self.excluded

    def plan(self) -> Plan:
        """The alternatives of each required clause (the backends' AND of ORs)."""
        return [[list(alt) for alt in clause.alternatives] for clause in self.required]

    def min_match(self) -> int:
        """How many required clauses a partial match must have (all below PARTIAL_FROM)."""
        n = len(self.required)
        return n if n < PARTIAL_FROM else n - max(1, n // 4)

    def without(self, clause: Clause) -> str:
        """The typed text with ``clause`` left out (for "search without 'Japan'")."""
        return " ".join((self.text[: clause.start] + " " + self.text[clause.end :]).split())


@dataclass
class _Piece:
    kind: str  # "words" | "phrase" | "or"
    text: str
    start: int
    end: int
    negated: bool = False


def _pieces(text: str) -> list[_Piece]:
    """Phrases, OR and negated words apart; consecutive plain words as one run (a
    concept may span several words: "artificial intelligence")."""
    out: list[_Piece] = []
    for m in _PIECE.finditer(text):
        negated = m.group("neg") is not None
        if m.group("phrase") is not None:
            out.append(_Piece("phrase", m.group("phrase"), m.start(), m.end(), negated))
            continue
        word = m.group("word")
        if word in OR_WORDS and not negated:
            out.append(_Piece("or", word, m.start(), m.end()))
        elif negated:
            out.append(_Piece("words", word, m.start("word"), m.end(), negated=True))
        elif out and out[-1].kind == "words" and not out[-1].negated:
            last = out[-1]
            last.text, last.end = text[last.start : m.end()], m.end()
        else:
            out.append(_Piece("words", word, m.start(), m.end()))
    return out


def _word_clauses(piece: _Piece, expand: bool, vietnamese: bool) -> list[Clause]:
    """Clauses of a run of plain words: one per concept, one per other word."""
    base = piece.start
    run = piece.text
    concepts = concept_spans(run) if expand else ()
    clauses: list[Clause] = []
    taken: list[tuple[int, int]] = []
    for c in concepts:
        residual = (c.typed,) if c.typed else ()
        span = run[c.start : c.end]
        clauses.append(Clause(span, base + c.start, base + c.end, c.alternatives, False, (c.key,), residual))
        taken.append((c.start, c.end))
    for start, end, term in word_spans(run):
        if any(s <= start < e for s, e in taken):
            continue
        typed = run[start:end]
        # Capitals mean an acronym ("US", "IT"), never a filler word.
        stop = not (len(typed) > 1 and typed.isupper()) and is_stop_word(term, vietnamese_query=vietnamese)
        clauses.append(Clause(typed, base + start, base + end, ((term,),), stop=stop))
    clauses.sort(key=lambda c: c.start)
    # The same word twice is one clause.
    unique: dict[tuple[Tokens, ...], Clause] = {}
    for clause in clauses:
        unique.setdefault(clause.alternatives, clause)
    return list(unique.values())


def _phrase_clause(piece: _Piece) -> list[Clause]:
    tokens = tuple(index_tokens(piece.text))
    if not tokens:
        return []
    return [Clause(f'"{piece.text.strip()}"', piece.start, piece.end, (tokens,))]


def _merge_or(left: Clause, right: Clause, text: str) -> Clause:
    alternatives = tuple(dict.fromkeys(left.alternatives + right.alternatives))
    (left_keys, left_rest), (right_keys, right_rest) = left.lookup(), right.lookup()
    concepts = tuple(dict.fromkeys(left_keys + right_keys))
    residual = tuple(dict.fromkeys(left_rest + right_rest))
    return Clause(
        text[left.start : right.end], left.start, right.end, alternatives, False, concepts, residual
    )


@lru_cache(maxsize=512)
def parse_text(text: str, *, expand: bool = True) -> ParsedText:
    """The query's clauses (see the module doc); ``expand=False`` turns concept expansion off."""
    text = text or ""
    if not text.strip():
        return ParsedText(text)
    vietnamese = is_vietnamese(text.lower())
    required: list[Clause] = []
    excluded: list[Clause] = []
    join_next = False
    typed_runs: list[str] = []
    for piece in _pieces(text):
        if piece.kind == "or":
            join_next = bool(required)
            continue
        if piece.kind == "phrase":
            clauses = _phrase_clause(piece)
        else:
            clauses = _word_clauses(piece, expand, vietnamese)
        if piece.negated:
            excluded.extend(replace(c, stop=False) for c in clauses)
            continue
        typed_runs.append(piece.text)
        if join_next and clauses and required:
            required[-1] = _merge_or(required[-1], clauses[0], text)
            clauses = clauses[1:]
        join_next = False
        required.extend(clauses)
    kept = [c for c in required if not c.stop]
    ignored = tuple(c.text for c in required if c.stop)
    if not kept:  # only stop words: they are what the user wants
        kept, ignored = required, ()
    tokens = [t for run in typed_runs for t in query_tokens(run)]
    pairs = tuple(dict.fromkeys(pair_tokens(folded_tokens(tokens))))
    return ParsedText(text, tuple(kept), tuple(excluded), ignored, pairs)


def plan_text_query(text: str, *, expand: bool = True) -> Plan:
    """The alternatives of each required clause (``parse_text(text).plan()``)."""
    return parse_text(" ".join((text or "").split()), expand=expand).plan()
