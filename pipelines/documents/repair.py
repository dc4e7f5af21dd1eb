"""Repairs for text read out of documents: what PDF text layers and OCR do to Thai.

Every rule fixes a sequence that is never valid Thai, so none can damage correct text:

- Private Use Area glyphs of legacy Thai fonts (``thai_pua.yaml``) map back to the
  characters they stand for;
- sara am drawn as nikhahit + sara aa (``ํา``, with a tone mark moved in front of the
  nikhahit by the shaper: ``ํ่า``) becomes ``ำ`` again, tone mark first;
- a space before a combining mark goes (a mark never starts a word);
- marks are put in their canonical order: an above or below vowel before the tone mark,
  a tone mark on its consonant rather than after sara aa / sara a;
- a digit run that mixes Thai and Arabic digits is all Thai (a producer's ToUnicode
  table mapped some Thai digit glyphs to ASCII, as in the Royal Gazette PDF);
- NFC last, which composes Vietnamese written with combining marks (NFD).

Line joins, headers and page numbers are layout problems (``layout.py``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from stiwatch.core.text import nfc
from stiwatch.core.yamlfile import read_yaml

PUA_FILE = Path(__file__).with_name("thai_pua.yaml")

_TONE = "\u0e48-\u0e4b"
# Vowels written above or below the consonant (and maitaikhu): they precede tone marks.
_VOWEL_MARK = "\u0e31\u0e34-\u0e3a\u0e47"
_MARK = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_PUA = re.compile("[\uf700-\uf71a\uf884-\uf89e]")
_NIKHAHIT_AA = re.compile(f"\u0e4d([{_TONE}]?)\u0e32")
_TONE_NIKHAHIT_AA = re.compile(f"([{_TONE}])\u0e4d\u0e32")
_SPACE_BEFORE_MARK = re.compile(f"(?<=[\u0e01-\u0e4e])[ \t\u00a0]+(?=[{_MARK}])")
_TONE_BEFORE_VOWEL = re.compile(f"([{_TONE}\u0e4c])([{_VOWEL_MARK}])")
_TONE_AFTER_AA = re.compile(f"([\u0e01-\u0e2e])([\u0e32\u0e30])([{_TONE}])")
_DOUBLED_MARK = re.compile(f"([{_MARK}])\\1+")
_DIGIT_RUN = re.compile("[0-9\u0e50-\u0e59]{2,}")
_TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@lru_cache(maxsize=1)
def pua_table() -> dict[int, str]:
    """PUA code point → Thai character, from both columns of ``thai_pua.yaml``."""
    data = read_yaml(PUA_FILE)
    table: dict[int, str] = {}
    for column in data.values():
        for pua, thai in column.items():
            table[int(str(pua), 16)] = chr(int(str(thai), 16))
    return table


def _thai_digits(match: re.Match[str]) -> str:
    run = match.group(0)
    has_thai = any("\u0e50" <= ch <= "\u0e59" for ch in run)
    if has_thai and any(ch.isascii() for ch in run):
        return run.translate(_TO_THAI_DIGITS)
    return run


def repair_thai(text: str) -> str:
    """The Thai text-layer repairs above, then NFC; idempotent, a no-op on valid text."""
    if _PUA.search(text):
        text = text.translate(pua_table())
    if "\u0e4d" in text:
        text = _TONE_NIKHAHIT_AA.sub("\\1\u0e33", _NIKHAHIT_AA.sub("\\1\u0e33", text))
    text = _SPACE_BEFORE_MARK.sub("", text)
    text = _DOUBLED_MARK.sub("\\1", text)
    text = _TONE_BEFORE_VOWEL.sub("\\2\\1", text)
    text = _TONE_AFTER_AA.sub("\\1\\3\\2", text)
    text = _DIGIT_RUN.sub(_thai_digits, text)
    return nfc(text)
