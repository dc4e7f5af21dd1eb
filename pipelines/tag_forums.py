"""Numbered meetings an article names ("COSTI-84", "SCIRD-59"): the ``forums`` of the
taxonomy, each with the patterns that find its number."""

from __future__ import annotations

from stiwatch.core.taxonomy import Taxonomy

# Thai digits in a meeting's number ("ครั้งที่ ๕๙") read as Arabic ones.
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def find_forums(taxonomy: Taxonomy, text: str) -> list[str]:
    """Numbered meetings named in ``text`` ("COSTI-84", "SCIRD-59"), sorted."""
    text = text.translate(_THAI_DIGITS)
    found = set()
    for forum in taxonomy.forums:
        for pattern in forum.patterns:
            for m in pattern.finditer(text):
                found.add(f"{forum.id}-{int(m.group('n'))}")
    return sorted(found)
