"""Protected terms: agency names and acronyms, person names and numbers survive translation.

Before translation each protected term is replaced by a placeholder (``ZX0``, ``ZX1``,
...) that translation models copy through; after translation the placeholders are
replaced by the term's form for the target language: the taxonomy's canonical name
for agencies (``สวทช.`` → ``NSTDA`` in English), the number as written, the person's
name with an English honorific (Thai names romanised for a Latin-script target). A
translation that lost or duplicated a placeholder is not trusted: ``restore`` returns
None and the caller translates the sentence unmasked instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from stiwatch.core.taxonomy.matchers import AGENCY
from stiwatch.core.taxonomy.tokenizer import tokenize
from stiwatch.core.yamlfile import read_yaml
from stiwatch.pipelines.translation.segment import DATA_FILE

PLACEHOLDER = "ZX{}"
_PLACEHOLDER_RE = re.compile(r"ZX\s?(\d+)")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,:/]\d+)*%?(?![\w])")
_LATIN_ACRONYM = re.compile(r"(?<![\w])[A-Z][A-Z0-9&*-]*[A-Z0-9](?![\w])")
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9&*.\-]*(?: [A-Za-z0-9][A-Za-z0-9&*.\-]*)*")
_THAI_WORD = re.compile(r"[\u0E01-\u0E4E]+")
_SPACES = re.compile(r"[ \t]{2,}")


@dataclass(frozen=True)
class Masked:
    """A sentence with its protected terms replaced; ``terms[i]`` restores ``ZX{i}``."""

    text: str
    terms: tuple[str, ...] = ()


@dataclass(order=True)
class _Span:
    start: int
    end: int
    replacement: str = field(compare=False)


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    data = read_yaml(DATA_FILE)
    return data if isinstance(data, dict) else {}


def _romanize(thai: str) -> str:
    from pythainlp.transliterate import romanize

    return " ".join(romanize(word, engine="royin").capitalize() for word in thai.split())


class TermProtector:
    """Masks and restores protected terms for one (source, target) language pair at a time.

    Args:
        taxonomy: the project taxonomy (agency names); None protects numbers, names
            and acronyms only.
    """

    def __init__(self, taxonomy: Any | None = None) -> None:
        self.taxonomy = taxonomy
        data = _data()
        self.honorifics: dict[str, dict[str, str]] = {
            lang: {str(k): str(v) for k, v in table.items()}
            for lang, table in (data.get("honorifics") or {}).items()
        }
        self.thai_not_names = tuple(str(w) for w in data.get("thai_not_names", []))

    # -- finding terms ------------------------------------------------------------

    def _agencies(self, text: str, tgt: str) -> list[_Span]:
        if self.taxonomy is None:
            return []
        spans = []
        for hit in self.taxonomy.matchers.entities.find(tokenize(text)):
            kind, ident = hit.target
            if kind != AGENCY:
                continue
            agency = self.taxonomy.agencies[ident]
            raw = text[hit.start : hit.end]
            spans.append(_Span(hit.start, hit.end, self._agency_form(agency, raw, tgt)))
        return spans

    @staticmethod
    def _agency_form(agency: Any, raw: str, tgt: str) -> str:
        acronyms = [a.text for a in agency.acronyms]
        latin = [a for a in acronyms if not _THAI_WORD.search(a)]
        thai = [a for a in acronyms if _THAI_WORD.search(a)]
        if raw in acronyms:
            if tgt == "th" and thai:
                return str(thai[0])
            return str(latin[0]) if latin else raw
        if raw in latin or _LATIN_ACRONYM.fullmatch(raw):
            return raw
        name = agency.names.get(tgt)
        return re.sub(r"\s*\([^()]*\)\s*$", "", name) if name else raw

    def _persons(self, text: str, src: str, tgt: str) -> list[_Span]:
        table = self.honorifics.get(src, {})
        spans: list[_Span] = []
        for title in sorted(table, key=len, reverse=True):
            for m in re.finditer(re.escape(title), text):
                if any(s.start <= m.start() < s.end for s in spans):
                    continue
                if src == "th":
                    span = self._thai_person(text, m.start(), m.end(), table[title], tgt)
                else:
                    span = self._latin_person(text, m.start(), m.end(), table[title], tgt)
                if span is not None:
                    spans.append(span)
        return spans

    def _thai_person(self, text: str, start: int, end: int, english: str, tgt: str) -> _Span | None:
        if any(text.startswith(w, start) for w in self.thai_not_names):
            return None
        m = re.compile(r" ?([\u0E01-\u0E4E]{2,})(?: ([\u0E01-\u0E4E]{2,}))?").match(text, end)
        if m is None:
            return None
        name = " ".join(g for g in m.groups() if g)
        form = text[start : m.end()] if tgt == "th" else f"{english} {_romanize(name)}"
        return _Span(start, m.end(), form)

    @staticmethod
    def _latin_person(text: str, start: int, end: int, english: str, tgt: str) -> _Span | None:
        if start > 0 and text[start - 1].isalpha():
            return None
        words = re.compile(r"\s+(\S+)")
        pos, names = end, list[str]()
        while len(names) < 4:
            m = words.match(text, pos)
            if m is None:
                break
            word = m.group(1).rstrip(",.;:!?)")
            if not word or not word[0].isupper() or not word.replace("-", "").isalpha():
                break
            names.append(word)
            pos = m.start(1) + len(word)
        if not names:
            return None
        name = " ".join(names)
        form = f"{english} {name}" if tgt == "en" else text[start:pos]
        return _Span(start, pos, form)

    # -- masking ------------------------------------------------------------------

    def mask(self, text: str, src: str, tgt: str) -> Masked:
        """``text`` with its protected terms replaced by numbered placeholders."""
        if _PLACEHOLDER_RE.search(text):
            return Masked(text)  # our placeholder already in the text: leave it alone
        candidates = self._agencies(text, tgt) + self._persons(text, src, tgt)
        candidates += [_Span(m.start(), m.end(), m.group()) for m in _NUMBER.finditer(text)]
        candidates += [_Span(m.start(), m.end(), m.group()) for m in _LATIN_ACRONYM.finditer(text)]
        if src == "th":
            # Latin words inside Thai text (names, English terms) are kept as written.
            candidates += [_Span(m.start(), m.end(), m.group()) for m in _LATIN_RUN.finditer(text)]
        chosen: list[_Span] = []
        # Earliest first; at the same start the longest; no overlaps.
        for span in sorted(candidates, key=lambda s: (s.start, -(s.end - s.start))):
            if chosen and span.start < chosen[-1].end:
                continue
            chosen.append(span)
        if not chosen:
            return Masked(text)
        parts: list[str] = []
        pos = 0
        pad = " " if src == "th" else ""  # Thai glues words; a placeholder needs spaces
        for i, span in enumerate(chosen):
            parts.append(text[pos : span.start])
            parts.append(f"{pad}{PLACEHOLDER.format(i)}{pad}")
            pos = span.end
        parts.append(text[pos:])
        masked = _SPACES.sub(" ", "".join(parts)).strip()
        return Masked(masked, tuple(s.replacement for s in chosen))

    @staticmethod
    def restore(translated: str, masked: Masked) -> str | None:
        """The translation with the terms put back; None when a placeholder went missing."""
        if not masked.terms:
            return translated
        found = [int(m.group(1)) for m in _PLACEHOLDER_RE.finditer(translated)]
        if sorted(found) != list(range(len(masked.terms))):
            return None
        return _PLACEHOLDER_RE.sub(lambda m: masked.terms[int(m.group(1))], translated)
