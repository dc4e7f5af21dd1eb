"""Paragraph and sentence splitting for translation, with no model to download.

Translation models are trained on sentences, and CTranslate2 batches sentences: so
text is cut into lines, and lines into sentences. Latin-script text (English,
Vietnamese) ends a sentence at ``. ! ? …`` followed by a space and a capital, a digit
or a quote, except after a known abbreviation or an initial. Thai has no sentence
punctuation and uses a space between sentences and clauses, so a Thai line is cut at
its spaces and the pieces are packed back together up to ``thai_chunk_chars``.
Any piece still longer than ``max_chars`` is cut at the last space before the limit.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from stiwatch.core.text import THAI_CHAR
from stiwatch.core.yamlfile import read_yaml

DATA_FILE = Path(__file__).with_name("terms.yaml")

_END = re.compile(r"[.!?…]+[\"”’')\]]*\s+")
_WORD_BEFORE = re.compile(r"(\S+?)[.!?…]+[\"”’')\]]*$")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    data = read_yaml(DATA_FILE)
    return frozenset(str(a) for a in data.get("abbreviations", []))


def split_lines(text: str) -> list[str]:
    """Lines of ``text`` (paragraphs are separated by blank lines, which are kept)."""
    return text.split("\n")


def _is_thai(text: str, lang: str) -> bool:
    if lang == "th":
        return True
    thai = len(THAI_CHAR.findall(text))
    return thai > 0 and thai * 2 >= sum(1 for ch in text if ch.isalpha())


def _latin_sentences(line: str) -> list[str]:
    out: list[str] = []
    start = 0
    abbrev = abbreviations()
    for m in _END.finditer(line):
        nxt = line[m.end() : m.end() + 1]
        if not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in '"“‘([' or THAI_CHAR.match(nxt)):
            continue
        word = _WORD_BEFORE.search(line[start : m.end()].rstrip())
        if word is not None and m.group().startswith("."):
            token = word.group(1).lstrip("(\"“'")
            if token in abbrev or (len(token) == 1 and token.isalpha()):
                continue
        out.append(line[start : m.end()].strip())
        start = m.end()
    tail = line[start:].strip()
    if tail:
        out.append(tail)
    return out


def _thai_chunks(line: str, chunk_chars: int) -> list[str]:
    out: list[str] = []
    current = ""
    for piece in line.split():
        if current and len(current) + 1 + len(piece) > chunk_chars:
            out.append(current)
            current = piece
        else:
            current = f"{current} {piece}" if current else piece
    if current:
        out.append(current)
    return out


def _cap(sentence: str, max_chars: int) -> list[str]:
    out: list[str] = []
    rest = sentence
    while len(rest) > max_chars:
        cut = rest.rfind(" ", 0, max_chars)
        if cut <= 0:
            cut = max_chars
        out.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        out.append(rest)
    return out


def split_sentences(line: str, lang: str, *, max_chars: int = 400, thai_chunk_chars: int = 160) -> list[str]:
    """Sentences of one line, in order; an empty line gives none."""
    line = _SPACE.sub(" ", line).strip()
    if not line:
        return []
    pieces = _thai_chunks(line, thai_chunk_chars) if _is_thai(line, lang) else _latin_sentences(line)
    out: list[str] = []
    for piece in pieces:
        out.extend(_cap(piece, max_chars))
    return out


def lead(text: str, max_chars: int) -> str:
    """The first paragraphs of ``text`` up to ``max_chars`` (at least the first one)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    out: list[str] = []
    size = 0
    for paragraph in paragraphs:
        if out and size + len(paragraph) > max_chars:
            break
        out.append(paragraph)
        size += len(paragraph)
    return "\n\n".join(out)
