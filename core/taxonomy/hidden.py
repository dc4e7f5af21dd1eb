"""Thai runs whose index words hide a taxonomy name, and their cut with the names added.

The tag stage matches aliases over the search index's words (``stiwatch.core.analysis``),
which the analysis cache already holds. newmm keeps fewest words, and the index's
dictionary does not know the taxonomy's names, so a name may start or end inside one of
its words: "แนว|ทางเศรษฐกิจ|บีซี|จี" hides "เศรษฐกิจบีซีจี" (the BCG economy), while the
name alone is cut "เศรษฐกิจ|บีซี|จี". Only such a run (a few in a hundred) is cut again,
with the names added to the dictionary, as newmm then prefers a cut that keeps a name
whole ("แนวทาง|เศรษฐกิจบีซีจี"). Every other run keeps the index's words, and the words
that spell a name there are joined into one (``join``): text and aliases alike, a name
is one word, as it was when the names were in the dictionary.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from stiwatch.core.text import segment_thai, thai_trie


def trie_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern finding, at every position, the longest of ``words`` that starts there
    (a lookahead, so overlapping names are all found). Built as a trie: the regex engine
    tries one branch per character, not one per word."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alternatives = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
        return f"(?:{body})?" if "" in node else body

    return re.compile(f"(?=({build(trie)}))")


class HiddenNames:
    """Finds the runs whose words hide one of ``names`` and cuts them with the names known."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = frozenset(names)
        self._pattern = trie_pattern(self.names) if self.names else None
        self._trie: Any = None
        # A name's index words by its first word (filled on first use).
        self._by_first: dict[str, list[tuple[str, ...]]] = {}

    def hides(self, run: str, words: Sequence[str]) -> bool:
        """A name occurs in ``run`` but does not start and end on the edges of ``words``."""
        if self._pattern is None:
            return False
        edges: set[int] | None = None
        for match in self._pattern.finditer(run):
            if edges is None:
                edges = set(itertools.accumulate(map(len, words), initial=0))
            start = match.start()
            if start not in edges or start + len(match.group(1)) not in edges:
                return True
        return False

    def segment(self, run: str) -> list[str]:
        """The words of ``run`` by newmm over the index's dictionary plus the names, each
        name cut out then split into the words the index gives the name alone."""
        from pythainlp.tokenize import newmm

        if self._trie is None:
            self._trie = _overlay_trie(self.names)
        return [w for w in newmm.segment(run, custom_dict=self._trie) if w.strip()]

    def join(self, words: Sequence[str]) -> list[str]:
        """``words`` with each run of them that spells a name joined into one word, longest
        first, left to right: a name is one word, as the names' dictionary would cut it
        (so a shorter name or a mask inside it does not compete with it)."""
        if not self._by_first:
            for name in self.names:
                parts = tuple(segment_thai(name))
                if len(parts) > 1:
                    self._by_first.setdefault(parts[0], []).append(parts)
            for bucket in self._by_first.values():
                bucket.sort(key=len, reverse=True)
            self._by_first.setdefault("", [])
        out: list[str] = []
        i, n = 0, len(words)
        while i < n:
            for parts in self._by_first.get(words[i], ()):
                size = len(parts)
                if tuple(words[i : i + size]) == parts:
                    out.append("".join(parts))
                    i += size
                    break
            else:
                out.append(words[i])
                i += 1
        return out


def _overlay_trie(extra: frozenset[str]) -> Any:
    """The shared Thai dictionary trie plus ``extra`` words, without copying it.

    Building a trie of the 60k-word dictionary takes about a second; newmm only asks
    a trie for ``prefixes``, so the names go in a small second trie and the two answers
    are merged.
    """
    from pythainlp.util import Trie

    base: Trie = thai_trie()

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
