"""Legacy Vietnamese font encodings that Python has no codec for: TCVN3 (ABC) and VNI.

Old Vietnamese government pages were typed with font-based encodings: the bytes are
windows-1252 as far as the browser knows, and a font (.VnTime for TCVN3, VNI-Times for
VNI) draws them as Vietnamese letters. The tables are data (``tcvn3.json``: one byte,
one letter; ``vni.json``: a base letter plus a mark byte), read once.

Such pages rarely name their encoding; the CSS font names are the strongest hint and
the letters themselves decide: a right reading is made almost only of letters Vietnamese
writes, a wrong one leaves stray symbols (µ ¸ ×) or marks on the wrong letters (ä ø ï).
"""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_DIR = Path(__file__).parent
_TABLES = ("tcvn3.json", "vni.json")
_TONES = dict.fromkeys(map(ord, "\u0301\u0300\u0309\u0303\u0323"))
_WORD = re.compile(r"[^\W\d_]+")
# Letters only Vietnamese writes (no Western European language has them).
_VI_ONLY = re.compile(r"[ăđơưĂĐƠƯ\u1EA0-\u1EF9]")
MIN_VI_WORDS = 8
MIN_SHARE = 0.85
# A font hint or label names the charset: a lower bar for that reading.
HINT_BONUS = 0.15


def _syllable_pattern() -> re.Pattern[str]:
    data = json.loads((_DIR / "syllables.json").read_text(encoding="utf-8"))

    def alt(items: list[str]) -> str:
        return "|".join(re.escape(x) for x in sorted(items, key=len, reverse=True))

    return re.compile(f"(?:{alt(data['onsets'])})?(?:{alt(data['nuclei'])})(?:{alt(data['codas'])})?")


_SYLLABLE = _syllable_pattern()


@dataclass(frozen=True)
class LegacyCharset:
    """One font encoding: its name, the labels and font names that announce it, its table."""

    name: str
    labels: frozenset[str]
    fonts: tuple[str, ...]
    # TCVN3: Latin-1 code point of each byte → letter (str.translate table).
    byte_table: dict[int, str]
    # VNI: windows-1252 readings of letter + mark byte → letter.
    sequences: dict[str, str]

    def decode(self, body: bytes) -> str:
        """The page as Unicode (NFC); bytes the table leaves out read as windows-1252."""
        if self.byte_table:
            # Latin-1 maps byte n to code point n, so one translate applies the byte table.
            text = body.decode("latin-1").translate(self.byte_table)
        else:
            text = body.decode("cp1252", errors="replace")
            text = _sequence_pattern(self.name).sub(lambda m: self.sequences[m.group(0)], text)
        return unicodedata.normalize("NFC", text)


def _cp1252_table() -> dict[int, str]:
    # 0x80-0x9F: curly quotes and dashes as browsers show them on such pages.
    return {b: bytes([b]).decode("cp1252", errors="replace") for b in range(0x80, 0xA0)}


@lru_cache(maxsize=4)
def _sequence_pattern(name: str) -> re.Pattern[str]:
    keys = sorted(CHARSETS[name].sequences, key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys))


def _load(path: Path) -> LegacyCharset:
    data = json.loads(path.read_text(encoding="utf-8"))
    byte_table: dict[int, str] = {}
    if data.get("bytes"):
        byte_table = {**_cp1252_table(), **{int(k, 16): v for k, v in data["bytes"].items()}}
    return LegacyCharset(
        name=data["name"],
        labels=frozenset(x.lower() for x in data.get("labels", ())),
        fonts=tuple(x.lower() for x in data.get("fonts", ())),
        byte_table=byte_table,
        sequences=dict(data.get("sequences", {})),
    )


CHARSETS: dict[str, LegacyCharset] = {cs.name: cs for cs in (_load(_DIR / n) for n in _TABLES)}


def charset_for_label(label: str | None) -> LegacyCharset | None:
    """The legacy charset a charset label names ("TCVN3", "VNI-Windows"), or None."""
    key = (label or "").strip().strip("\"'").lower()
    return next((cs for cs in CHARSETS.values() if key in cs.labels), None)


def font_hint(body: bytes) -> LegacyCharset | None:
    """The legacy charset whose font names the page's CSS or <font face> uses most."""
    head = body[:200_000].lower()
    best, best_count = None, 0
    for cs in CHARSETS.values():
        count = sum(head.count(font.encode("ascii")) for font in cs.fonts)
        if count > best_count:
            best, best_count = cs, count
    return best


def vietnamese_share(text: str) -> tuple[float, int]:
    """How Vietnamese the non-ASCII words of ``text`` are.

    Returns the share of words with a non-ASCII letter that are one well-formed
    Vietnamese syllable (onset, nucleus, coda; one tone), and how many of those hold
    a letter only Vietnamese writes.
    """
    total = good = only = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        total += 1
        low = word.lower()
        bare = unicodedata.normalize("NFC", unicodedata.normalize("NFD", low).translate(_TONES))
        tones = len(unicodedata.normalize("NFD", low)) - len(unicodedata.normalize("NFD", bare))
        if tones <= 1 and len(word) <= 7 and _SYLLABLE.fullmatch(bare):
            good += 1
            only += bool(_VI_ONLY.search(word))
    return (good / total if total else 0.0), only


def readings(body: bytes) -> list[tuple[str, str]]:
    """``(charset name, text)`` for every legacy Vietnamese reading of ``body``."""
    out = [(cs.name, cs.decode(body)) for cs in CHARSETS.values()]
    with contextlib.suppress(UnicodeDecodeError):
        out.append(("cp1258", unicodedata.normalize("NFC", body.decode("cp1258"))))
    return out


def best_reading(body: bytes, *, hinted: str | None = None) -> tuple[str, str] | None:
    """``(text, charset name)`` of the legacy reading that is plainly Vietnamese, or None.

    Each table (and windows-1258, the Microsoft code page) reads the body; the reading
    wins whose non-ASCII words are nearly all well-formed Vietnamese syllables, with
    enough letters only Vietnamese writes. A hinted charset (font names, a label)
    gets a lower bar.
    """
    # The body, not the markup, decides: scripts and styles carry no Vietnamese.
    sample = body[:400_000]
    scored = []
    for name, text in readings(sample):
        share, only = vietnamese_share(text)
        bonus = HINT_BONUS if name == hinted else 0.0
        scored.append((share + bonus, only, name))
    score, only, name = max(scored)
    if only >= MIN_VI_WORDS and score >= MIN_SHARE:
        cs = CHARSETS.get(name)
        text = cs.decode(body) if cs else unicodedata.normalize("NFC", body.decode("cp1258"))
        return text, name
    return None
