"""Myanmar text in Unicode: Zawgyi-encoded lines converted, Zawgyi-era digit-for-letter fixed.

Older Myanmar government pages are Zawgyi (a font hack that puts glyphs on Unicode code
points): the same bytes read as broken Unicode, so search, tags and dates miss them.
Each line is scored separately (burmesenlp's detector, the Google myanmar-tools model),
because one page may mix Unicode chrome with a Zawgyi body; lines scored Zawgyi are
converted with burmesenlp's rules.
"""

from __future__ import annotations

import re

from stiwatch.core.scripts import IMPORT_LOCK

_MYANMAR = re.compile("[\u1000-\u109f]")
# Below this probability a line is left as it is: short Unicode lines score in between.
_ZAWGYI_PROBABILITY = 0.95
# Zawgyi-era text types the digit ၀ for the letter ဝ in front of a vowel sign or medial.
_ZERO_AS_WA = re.compile("\u1040(?=[\u102b-\u1032\u1036\u1038\u103a-\u103e])")


def unicode_myanmar(text: str) -> str:
    """``text`` with Zawgyi lines converted to Unicode; text without Myanmar passes unchanged."""
    if not _MYANMAR.search(text):
        return text
    with IMPORT_LOCK:  # burmesenlp imports itself in a cycle: one thread at a time
        from burmesenlp.zawgyi import get_zawgyi_probability, zg2uni

    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _MYANMAR.search(line) and get_zawgyi_probability(line) >= _ZAWGYI_PROBABILITY:
            lines[i] = zg2uni(line)
    return _ZERO_AS_WA.sub("\u101d", "\n".join(lines))
