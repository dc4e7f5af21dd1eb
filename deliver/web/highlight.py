"""Marked titles and snippets for the pages, on top of the shared ``stiwatch.search.highlight``.

``stiwatch.search.highlight`` finds the words a query looks for (with the index's analysis and
the taxonomy expansion: ``quantum`` also marks ``ควอนตัม``). This module turns its
findings into ``Markup`` for the templates: escaped text, ``<mark>`` around matches.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from stiwatch.core.text import nfc
from stiwatch.search.highlight import SNIPPET_CHARS, Terms, query_terms, snippet

_MARK = re.compile(r"(</?mark>)")


def safe_snippet(snippet: str) -> Markup:
    """A backend's HTML snippet reduced to escaped text and ``<mark>`` tags."""
    out: list[str] = []
    depth = 0
    for part in _MARK.split(snippet):
        if part == "<mark>" and depth == 0:
            out.append(part)
            depth = 1
        elif part == "</mark>" and depth == 1:
            out.append(part)
            depth = 0
        elif part not in ("<mark>", "</mark>"):
            out.append(str(escape(html.unescape(part))))
    if depth:
        out.append("</mark>")
    return Markup("".join(out))


@dataclass(frozen=True)
class Highlighter:
    """The query's terms; build once per search."""

    terms: Terms

    @classmethod
    def for_query(cls, text: str, *, expand: bool = True) -> Highlighter:
        return cls(query_terms(text, expand=expand) if text.strip() else Terms.of(()))

    def mark(self, text: str) -> Markup:
        """The whole ``text`` (a title), escaped, with matching words marked."""
        text = nfc(text)
        if self.terms.empty:
            return Markup(escape(text))
        out: list[str] = []
        last = 0
        for start, end in self.terms.spans(self.terms.words(text)):
            out.append(str(escape(text[last:start])))
            out.append(f"<mark>{escape(text[start:end])}</mark>")
            last = end
        out.append(str(escape(text[last:])))
        return Markup("".join(out))

    def snippet(self, text: str, size: int = SNIPPET_CHARS) -> Markup:
        """A window of ``text`` around its best matches, else its beginning."""
        found = None if self.terms.empty else snippet(text, self.terms, size)
        if found is not None:
            return safe_snippet(found)
        flat = " ".join(text.split())
        return Markup(escape(flat[:size]) + ("…" if len(flat) > size else ""))
