"""Turn the bytes a server sent into text, without trusting its charset label blindly.

Thai government sites still serve TIS-620/windows-874 pages labelled ISO-8859-1 or
UTF-8; decoding those as Latin-1 yields mojibake that no later stage can repair.
Old Vietnamese pages use font encodings (TCVN3/ABC, VNI) that no codec knows and that
servers label windows-1252 or not at all (``crawler.charsets`` holds their tables).
The order is: byte-order mark, strict UTF-8, a legacy Vietnamese label, the declared
charset when it decodes cleanly and is plausible, a Thai check, a legacy Vietnamese
check (font names and the shape of the words), charset-normalizer, and finally an
error for content that is not text at all.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

from stiwatch.core.config import DEFAULTS
from stiwatch.crawler import charsets

# Larger bodies are cut (crawl.max_page_bytes).
DEFAULT_MAX_BYTES: int = DEFAULTS["crawl"]["max_page_bytes"]

# Labels browsers decode as windows-1252 (WHATWG Encoding Standard): the bytes
# 0x80-0x9F are curly quotes and dashes on such pages, never C1 controls.
_LATIN1_LABELS = frozenset({"latin-1", "iso8859-1", "ascii", "cp1252"})
# Thai labels: windows-874 is a superset of TIS-620 and ISO-8859-11 (it adds NBSP,
# the ellipsis and curly quotes), so one codec reads all three.
_THAI_CODECS = frozenset({"tis-620", "iso8859-11", "cp874"})
# Codecs whose output needs NFC: windows-1258 writes Vietnamese tones as combining marks.
_NEEDS_NFC = frozenset({"cp1258"})

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b")

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""")

# Thai letters and marks in windows-874 live in 0xA1-0xFB.
_THAI_BYTES = re.compile(rb"[\xa1-\xfb]")
_HIGH_BYTES = re.compile(rb"[\x80-\xff]+")
_THAI_LETTER = re.compile(r"[\u0E01-\u0E5B]")
# Marks written above/below a consonant: they cannot follow a space or a Latin letter.
_THAI_MARK = frozenset(
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)


@dataclass(frozen=True)
class DecodedPage:
    """The text of a page and how it was obtained.

    ``error`` is set (and ``text`` empty) when the body is not text at all;
    ``problems`` lists what was wrong but could be worked around (a lying label,
    truncation), for the crawl log.
    """

    text: str
    encoding: str
    truncated: bool = False
    problems: tuple[str, ...] = field(default_factory=tuple)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def error_kind(self) -> str | None:
        """The crawl-summary error kind: ``binary`` (a file, not a page) or ``not-text``."""
        if self.error is None:
            return None
        return "binary" if self.error.startswith("binary") else "not-text"


def charset_of(content_type: str | bytes | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header value, lower-cased, or None."""
    if not content_type:
        return None
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    m = _HEADER_CHARSET.search(content_type)
    return m.group(1).lower() if m else None


def meta_charset(body: bytes) -> str | None:
    """The charset named by ``<meta charset>``, ``<meta http-equiv>`` or an XML declaration."""
    head = body[:4096]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    return m.group(1).decode("ascii", "ignore").lower() or None


def _codec(label: str | None) -> str | None:
    """Python's canonical codec name for a charset label, or None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in ("x-user-defined", "binary"):
        return None
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _looks_binary(sample: bytes) -> str | None:
    if sample.startswith(_BINARY_MAGIC):
        return "binary: file signature of a non-text format"
    if b"\x00" in sample:
        return "binary: NUL bytes"
    controls = sum(1 for b in sample if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D))
    if sample and controls / len(sample) > 0.05:
        return "binary: control bytes"
    return None


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf8(body: bytes, truncated: bool) -> str | None:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A cap can cut a multi-byte character in two: drop the partial tail only.
        if truncated and exc.reason == "unexpected end of data" and exc.start >= len(body) - 3:
            return _strict(body[: exc.start], "utf-8")
        return None


def looks_thai_legacy(body: bytes) -> str | None:
    """The windows-874 reading of ``body`` when its high bytes are plausibly Thai, else None.

    Latin-1 text with accents (é = 0xE9) also falls in 0xA1-0xFB, so the check is
    on shape: Thai words are runs of high bytes, and every above/below mark must
    sit on a Thai letter.
    """
    runs = _HIGH_BYTES.findall(body)
    if not runs:
        return None
    high = sum(len(r) for r in runs)
    if sum(1 for _ in _THAI_BYTES.finditer(body)) < 0.9 * high or high / len(runs) < 2.5:
        return None
    text = _strict(body, "cp874")
    if text is None:
        return None
    thai = len(_THAI_LETTER.findall(text))
    non_ascii = sum(1 for c in text if ord(c) > 0x7F)
    if not non_ascii or thai / non_ascii < 0.9:
        return None
    misplaced = sum(
        1 for i, c in enumerate(text) if c in _THAI_MARK and (i == 0 or not _THAI_LETTER.match(text[i - 1]))
    )
    if misplaced > 0.05 * thai:
        return None
    return text


def _vietnamese_legacy(body: bytes, hinted: charsets.LegacyCharset | None) -> tuple[str, str] | None:
    """``(text, charset)`` when a legacy Vietnamese reading of ``body`` is plainly right."""
    return charsets.best_reading(body, hinted=hinted.name if hinted else None)


def _normalizer(body: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(body[:200_000]).best()
    if best is None or best.encoding is None:
        return None
    codec = _codec(best.encoding)
    if codec is None:
        return None
    text = _strict(body, codec)
    return (text, codec) if text is not None else None


def _finish(text: str, codec: str, truncated: bool, problems: list[str]) -> DecodedPage:
    if codec in _NEEDS_NFC:
        text = unicodedata.normalize("NFC", text)
    return DecodedPage(text=text, encoding=codec, truncated=truncated, problems=tuple(problems))


def _by_declared(
    body: bytes,
    codec: str,
    label: str | None,
    thai: str | None,
    hinted: charsets.LegacyCharset | None,
    problems: list[str],
) -> tuple[str, str] | None:
    """``(text, codec)`` read with a declared single-byte charset, or with the Thai or
    Vietnamese one the bytes plainly are; None (noted in ``problems``) when the declared
    charset does not decode the body."""
    if codec in _LATIN1_LABELS:
        # Browsers read Latin-1 labels as windows-1252; fall back to true Latin-1
        # for the five bytes windows-1252 leaves undefined.
        western = _strict(body, "cp1252")
        codec = "cp1252" if western is not None else "latin-1"
        if western is None:
            western = body.decode("latin-1")
        if thai is not None:
            problems.append(f"declared {label!r} but the bytes are Thai windows-874")
            return thai, "cp874"
        vietnamese = _vietnamese_legacy(body, hinted)
        if vietnamese is not None:
            problems.append(f"declared {label!r} but the bytes are Vietnamese {vietnamese[1]}")
            return vietnamese
        return western, codec
    text = _strict(body, codec)
    if text is not None:
        # A font-encoded page may still carry the Vietnamese code page's label.
        vietnamese = _vietnamese_legacy(body, hinted) if hinted is not None else None
        if hinted is not None and vietnamese is not None and vietnamese[1] == hinted.name:
            problems.append(f"declared {label!r} but the fonts and words are {hinted.name}")
            return vietnamese
        return text, codec
    problems.append(f"declared {label!r} does not decode the body")
    return None


def decode_html(body: bytes, declared: str | None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> DecodedPage:
    """Decode a page body; ``declared`` is the HTTP header charset (the <meta> one is read here).

    Args:
        body: raw response bytes.
        declared: charset from the Content-Type header, or None.
        max_bytes: larger bodies are cut (``truncated`` is then True).
    """
    problems: list[str] = []
    truncated = len(body) > max_bytes
    if truncated:
        body = body[:max_bytes]
        problems.append(f"truncated to {max_bytes} bytes")

    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            decoded = _strict(body, bom_codec)
            if decoded is not None:
                name = "utf-8" if bom_codec == "utf-8-sig" else bom_codec
                return _finish(decoded, name, truncated, problems)

    why = _looks_binary(body[:8192])
    if why:
        return DecodedPage(text="", encoding="", truncated=truncated, problems=tuple(problems), error=why)

    text = _utf8(body, truncated)
    if text is not None:
        return _finish(text, "utf-8", truncated, problems)

    label = declared or meta_charset(body)
    legacy = charsets.charset_for_label(declared) or charsets.charset_for_label(meta_charset(body))
    if legacy is not None:
        return _finish(legacy.decode(body), legacy.name, truncated, problems)
    hinted = charsets.font_hint(body)
    codec = _codec(label)
    if label and codec is None:
        problems.append(f"unknown charset {label!r}")
    if codec in _THAI_CODECS:
        codec = "cp874"

    thai = looks_thai_legacy(body)
    if codec is not None and codec not in ("utf-8", "utf-8-sig"):
        read = _by_declared(body, codec, label, thai, hinted, problems)
        if read is not None:
            return _finish(*read, truncated, problems)
    elif codec is not None:
        problems.append(f"declared {label!r} but the body is not valid UTF-8")

    if thai is not None:
        return _finish(thai, "cp874", truncated, problems)
    vietnamese = _vietnamese_legacy(body, hinted)
    if vietnamese is not None:
        problems.append(f"charset read as Vietnamese {vietnamese[1]}")
        return _finish(*vietnamese, truncated, problems)
    found = _normalizer(body)
    if found is None:
        return DecodedPage(
            text="",
            encoding="",
            truncated=truncated,
            problems=tuple(problems),
            error="not text: no charset decodes the body",
        )
    problems.append(f"charset guessed as {found[1]}")
    return _finish(found[0], found[1], truncated, problems)
