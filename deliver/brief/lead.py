"""A story's lead: its first two sentences, cut at a sensible length.

Latin-script text (English, Vietnamese, translations) ends sentences with ``. ! ?``
followed by a space. Thai writes no sentence punctuation: a space separates sentences
(and sometimes phrases), so a Thai "sentence" here is text up to a space once it is at
least ``THAI_MIN_CHARS`` long — short phrases are joined to the next.
"""

from __future__ import annotations

import re

MAX_CHARS = 420
THAI_MIN_CHARS = 40
_LATIN_END = re.compile(r"(?<=[.!?…])[\"'”’)]?\s+")
_THAI = re.compile(r"[\u0e00-\u0e7f]")


def _thai_sentences(text: str) -> list[str]:
    out: list[str] = []
    current = ""
    for chunk in text.split():
        current = f"{current} {chunk}" if current else chunk
        if len(current) >= THAI_MIN_CHARS:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def lead_sentences(text: str, language: str, count: int = 2) -> str:
    """The first ``count`` sentences of ``text`` (its first paragraphs), on one line."""
    flat = " ".join(str(text or "").split())
    if not flat:
        return ""
    thai = language == "th" or (not language and _THAI.search(flat[:200]) is not None)
    sentences = _thai_sentences(flat) if thai else [s for s in _LATIN_END.split(flat) if s]
    lead = " ".join(sentences[:count])
    if len(lead) > MAX_CHARS:
        cut = lead.rfind(" ", 0, MAX_CHARS)
        lead = lead[: cut if cut > MAX_CHARS // 2 else MAX_CHARS].rstrip() + "…"
    return lead
