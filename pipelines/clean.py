"""Text cleaning: the rules the real sample pages demand (the seeds in tests/fixtures/text).

``clean_text`` is pure and idempotent. It works in two passes: line-level
normalisation (Unicode, invisible characters, spaces, broken sara am, table
residue) and then structural rules over whole lines (the Joomla article-info
block, source lines, trailing boilerplate, a repeated title). Table residue is
stripped with the line rules, before the structural ones, so that boilerplate
patterns see clean lines; the structural rules run to a fixpoint because
dropping a title can expose a boilerplate line and the reverse.

Rules that belong to one site live in the source registry (``clean:`` with
``trailing`` and ``drop_lines`` regex lists), never here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from stiwatch.core.article import Article
from stiwatch.core.text import nfc
from stiwatch.pipelines.base import PipelineContext, RejectArticle, StagePipeline
from stiwatch.pipelines.myanmar import unicode_myanmar

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_NBSP = re.compile("[\u00a0\u2007\u202f]")
# Odd spaces become plain ones first, then runs collapse: two simple patterns scan
# much faster than one alternation tried at every position.
_ODD_SPACES = re.compile(r"[\t\f\v\u1680\u2000-\u200a\u205f\u3000]")
_SPACE_RUNS = re.compile(r"  +")
# Rule 4: PDF-to-text splits sara am into a space plus sara aa; no Thai syllable
# starts with sara aa, so "consonant (tone) space (tone) า" is always that break.
_SARA_AM_SPACE = re.compile(r"([ก-ฮ])([่-๋]?) ([่-๋]?)า")
_SARA_AM_HINT = re.compile(r" [่-๋]?า")
_SARA_AM_NIKHAHIT = re.compile(r"\u0e4d([่-๋]?)\u0e32")
# Two sara e typed for sara ae ("เเละ" for "และ"): they look the same on screen, so Thai
# pages are full of them, and no Thai word holds two sara e in a row.
_DOUBLE_SARA_E = "\u0e40\u0e40"
_THAI_DIGIT = re.compile("[๐-๙]")
_DIGIT_PAIRS = tuple(zip("๐๑๒๓๔๕๖๗๘๙", "0123456789", strict=True))
# Article-info lines are short; longer lines are never tried against the patterns.
_INFO_MAX = 120
_WHITESPACE = re.compile(r"\s+")
# Table residue at a line's end: pipes and the whitespace around them (rule 10).
_TABLE_TAIL = re.compile(r"[\s|]+$")

# Rule 6: Joomla's article-info block, in English or Thai labels, "- " list marks optional.
_BULLET = r"^[\-•*·]?\s*"
_INFO_DETAILS = re.compile(_BULLET + r"(?:Details|รายละเอียด)\s*$", re.IGNORECASE)
_INFO_FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("parent_category", re.compile(_BULLET + r"(?:Parent Category|หมวดหมู่หลัก)\s*:\s*(.+)$", re.I)),
    ("category", re.compile(_BULLET + r"(?:Category|หมวดหมู่|หมวด)\s*:\s*(.+)$", re.I)),
    ("author", re.compile(_BULLET + r"(?:Written by|เขียนโดย)\s*:?\s*(.+)$", re.I)),
    ("published_raw", re.compile(_BULLET + r"(?:Published|เผยแพร่)\s*:\s*(.+)$", re.I)),
    ("created_raw", re.compile(_BULLET + r"(?:Created|สร้างเมื่อ)\s*:\s*(.+)$", re.I)),
    ("modified_raw", re.compile(_BULLET + r"(?:Last Updated|ปรับปรุงล่าสุด)\s*:\s*(.+)$", re.I)),
    ("hits", re.compile(_BULLET + r"(?:Hits|ฮิต|เปิดอ่าน)\s*:\s*([\d,]+)(?:\s*ครั้ง)?$", re.I)),
)

# Rule 7: a source line credits the original (Thai, Vietnamese, English labels).
_SOURCE_LABEL = r"(?:แหล่งที่มา|ที่มา|แหล่งข่าว|Nguồn|Sources?)"
_SOURCE_LINE = re.compile(
    rf"^[\-•*]?\s*{_SOURCE_LABEL}\s*(?:[:：]\s*(?P<rest>.*)|\s+(?P<url>https?://\S+)\s*)$",
    re.IGNORECASE,
)
_SOURCE_ALONE = re.compile(rf"^[\-•*]?\s*{_SOURCE_LABEL}\s*[:：]?$", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s<>\"'）)]+")
_MAX_SOURCE_NAME = 200

# Rule 8: page chrome that trails an article on many sites.
# Extracted list items arrive as "- item", so every pattern allows leading list marks.
_MARKS = r"^[\-•*·\s]*"
SHARED_TRAILING: tuple[re.Pattern[str], ...] = tuple(
    re.compile(_MARKS + p, re.IGNORECASE)
    for p in (
        r"สถิติ(?:การ)?เข้าชม\s*[:：]?\s*[\d,]*\s*(?:ครั้ง)?$",
        r"(?:การ)?แสดงความคิดเห็น(?:\s*\(\d+\))?$",
        r"เข้าสู่ระบบ$",
        r"[*\-•·_=~\s]*$",
        r"กด\s*Like.*Share.*เพจ.*$",
        r"(?:Bình luận|Comments?)\s*\(\d+\)$",
    )
)


# Rule 8b: a sign-off block that ends government and agency news: who wrote it, took
# the photos, which PR office sent it, and how to reach them. Stripped bottom-up with the
# trailing rules; a long line never matches (it is text that happens to start so).
_SIGN_OFF_MAX = 150
SIGN_OFFS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(_MARKS + p, re.IGNORECASE)
    for p in (
        # "ข่าว: ...", "ภาพ/ข่าว: ...", "เรียบเรียง: ...", "Reported by ..."
        r"\(?(?:ข่าว|ภาพ|ข้อมูล|เรียบเรียง|ผู้เขียน|ถ่ายภาพ|รายงาน|ผู้รายงาน|ที่มาข่าว)"
        r"(?:\s*(?:/|และ|,)\s*(?:ข่าว|ภาพ|ข้อมูล|เรียบเรียง|ถ่ายภาพ))*\s*[:：]",
        r"(?:Reported|Written|Story|Text|Edited|Compiled) by\b",
        # The PR office that sent it: "กลุ่มประชาสัมพันธ์และเผยแพร่ สป.อว.", "Public Relations Division"
        r"\(?(?:กลุ่ม|กอง|ฝ่าย|งาน|ศูนย์|สำนักงาน|ส่วน)(?:งาน)?(?:ประชาสัมพันธ์|สื่อสารองค์กร)",
        r"(?:Public|Media) Relations\b|Press Office\b|Corporate Communications?\b|Phòng Truyền thông\b",
        # Contact lines under it: "โทร. 02 333 3700", "Tel: +66 ...", "E-mail: pr@..."
        r"(?:โทร(?:ศัพท์)?\.?|โทรสาร|Tel\.?|Phone|Fax|E-?mail|อีเมล)\s*[:.]?\s*[\d+(\w]",
    )
)

# Rule 11: photo credits ("Cr : กระทรวงเกษตรฯ", "ภาพ: ...", "Photo: VNA", "Ảnh: ...") are
# no part of the article, wherever they stand: a short line that is only a credit, or a
# credit in parentheses, or a Vietnamese caption credit "Ảnh: Name/AGENCY" (or "Name -
# AGENCY") inside a line.
_CREDIT_LABEL = (
    r"(?:Cr|CR|Credits?|Photos?(?: credits?)?|Images?|Pictures?|ภาพ(?:ประกอบ|ถ่าย)?|เครดิต(?:ภาพ)?"
    r"|ที่มาภาพ|Ảnh(?: minh họa)?|Nguồn ảnh)"
)
_CREDIT_LINE = re.compile(
    rf"^[\-•*·\s]*\(?\s*(?:{_CREDIT_LABEL}\s*[:：.]|Photos? (?:by|courtesy of)\b|ขอบคุณภาพ(?:จาก)?)"
    r"[^\n]{0,80}\)?\s*$",
    re.IGNORECASE,
)
_CREDIT_INLINE = re.compile(
    rf"\(\s*{_CREDIT_LABEL}\s*[:：][^()\n]{{1,80}}\)"
    r"|(?<![\w])Ảnh(?: minh họa)?\s*:\s*[^.\n/()]{1,40}/\s*[A-ZĐ][\w+]{1,15}\.?"
    # ... or with a dash before an agency in capitals ("Ảnh: Phương Hoa - TTXVN").
    r"|(?<![\w])Ảnh(?: minh họa)?\s*:\s*[^.\n/()\-–]{1,40}\s[-–]\s*[A-ZĐ]{2,10}\b\.?",
)
# Rule 12: lines that only separate ("......", "-----", "*****", "……"): dropped anywhere.
_SEPARATOR_LINE = re.compile(r"^[\s.\-–—_=*•·~#+…:|/\\]+$")


def _is_separator(line: str) -> bool:
    # Three marks at least ("...", "***"), or two ellipses ("……"): one "-" is a list mark.
    return bool(_SEPARATOR_LINE.match(line)) and (len(line.replace(" ", "")) >= 3 or line.count("…") >= 2)


@dataclass
class CleanResult:
    """Cleaned title and text plus what the rules harvested on the way."""

    title: str
    text: str
    # The text with Thai digits as Arabic digits (dates and the search index use it).
    text_index: str
    metadata: dict[str, Any] = field(default_factory=dict)
    source_url: str | None = None
    source_name: str | None = None


def _compile_all(patterns: Iterable[Any]) -> tuple[re.Pattern[str], ...]:
    return tuple(p if isinstance(p, re.Pattern) else re.compile(str(p)) for p in patterns)


@dataclass(frozen=True)
class SiteRules:
    """Per-source rules from the registry entry's ``clean`` mapping."""

    trailing: tuple[re.Pattern[str], ...] = ()
    drop_lines: tuple[re.Pattern[str], ...] = ()
    # A lead-in the site puts before every article's first sentence ("Jakarta – Humas BRIN.").
    strip_prefix: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def from_mapping(cls, rules: Mapping[str, Any] | None) -> SiteRules:
        rules = rules or {}
        return cls(
            trailing=_compile_all(rules.get("trailing") or ()),
            drop_lines=_compile_all(rules.get("drop_lines") or ()),
            strip_prefix=_compile_all(rules.get("strip_prefix") or ()),
        )


def normalise_text(text: str) -> str:
    """Rules 1-4 over a whole text (newlines are kept; every pattern stays inside a line).

    Invisible characters go before NFC so that a mark they separated from its base
    composes.
    """
    text = nfc(_ZERO_WIDTH.sub("", unicode_myanmar(text.replace("\r\n", "\n").replace("\r", "\n"))))
    text = _SPACE_RUNS.sub(" ", _ODD_SPACES.sub(" ", _NBSP.sub(" ", text)))
    text = _SARA_AM_NIKHAHIT.sub("\\1\u0e33", text).replace(_DOUBLE_SARA_E, "\u0e41")
    if _SARA_AM_HINT.search(text):
        text = _SARA_AM_SPACE.sub("\\1\\2\\3\u0e33", text)
    return text


def normalise_line(line: str) -> str:
    """Rules 1-4 and 10 on one line: the text rules, then table residue (" |") and edges.

    The residue is taken with any whitespace in it (a U+0085 between two pipes is whitespace
    to ``strip``), so that cleaning a cleaned line changes nothing."""
    return _TABLE_TAIL.sub("", line.strip()).strip()


def index_text(text: str) -> str:
    """Rule 5: the copy of the text used for dates and the index (Thai digits → 0-9)."""
    # Ten C-level replaces beat str.translate, which goes through Python per character.
    if _THAI_DIGIT.search(text):
        for thai, arabic in _DIGIT_PAIRS:
            text = text.replace(thai, arabic)
    return text


def _squash(text: str) -> str:
    return _WHITESPACE.sub("", text).casefold()


def _harvest_info_block(lines: list[str], meta: dict[str, Any]) -> list[str]:
    """Rule 6: remove runs of article-info lines (blank lines inside allowed), keep their values."""
    keep: list[str] = []
    i = 0
    while i < len(lines):
        run: list[tuple[str | None, str]] = []
        j = end = i
        while j < len(lines) and lines[i]:
            if not lines[j]:
                j += 1
                continue
            hit = _info_field(lines[j])
            if hit is None:
                break
            run.append(hit)
            j = end = j + 1
        if len(run) >= 2 and any(key is not None for key, _ in run):
            for key, value in run:
                if key is not None and key not in meta:
                    meta[key] = int(value.replace(",", "")) if key == "hits" else value
            i = end
            continue
        keep.append(lines[i])
        i += 1
    return keep


def _info_field(line: str) -> tuple[str | None, str] | None:
    if len(line) > _INFO_MAX:
        return None
    if _INFO_DETAILS.match(line):
        return None, ""
    for key, pattern in _INFO_FIELDS:
        m = pattern.match(line)
        if m:
            return key, m.group(1).strip()
    return None


def source_line(line: str) -> tuple[str | None, str | None] | None:
    """Rule 7 on one line: ``(url, name)`` a source line credits, or None if it is not one.

    "ที่มา: https://mst.gov.vn/a" gives the URL, "Nguồn: Bộ KH&CN" the name; a line
    that only starts like a label ("Sources of funding were ...") is not a source line.
    """
    m = _SOURCE_LINE.match(line)
    if not m or len(line) > _MAX_SOURCE_NAME + 20:
        return None
    rest = (m["rest"] if m["rest"] is not None else m["url"] or "").strip()
    found = _URL.search(rest)
    if found:
        return found.group(0).rstrip(".,;"), None
    return None, rest or None


def _take_source_lines(lines: list[str]) -> tuple[list[str], str | None, str | None]:
    """Rule 7: drop source lines; return the first URL and the first named source."""
    keep: list[str] = []
    url: str | None = None
    name: str | None = None
    skip: set[int] = set()
    for i, line in enumerate(lines):
        if i in skip:
            continue
        hit = source_line(line)
        if hit in (None, (None, None)) and _SOURCE_ALONE.match(line):
            # A bare "แหล่งที่มา" heading: the credit is the next non-empty line when it is a URL.
            nxt = next((k for k in range(i + 1, len(lines)) if lines[k]), None)
            if nxt is not None and _URL.fullmatch(lines[nxt]):
                hit = (lines[nxt].rstrip(".,;"), None)
                skip.add(nxt)
        if hit is None:
            keep.append(line)
            continue
        if hit[0] and url is None:
            url = hit[0]
        elif hit[1] and name is None:
            name = hit[1]
    return keep, url, name


def _drop_credits_and_separators(lines: list[str]) -> list[str]:
    """Rules 11 and 12: credit lines and separator lines go; inline credits are cut out."""
    keep: list[str] = []
    for line in lines:
        if line and (_is_separator(line) or (len(line) <= _SIGN_OFF_MAX and _CREDIT_LINE.match(line))):
            continue
        if "(" in line or "Ảnh" in line:
            line = _SPACE_RUNS.sub(" ", _CREDIT_INLINE.sub("", line)).strip()
        keep.append(line)
    return keep


def _is_sign_off(line: str) -> bool:
    return len(line) <= _SIGN_OFF_MAX and any(p.match(line) for p in SIGN_OFFS)


def _drop_title(lines: list[str], title_key: str) -> bool:
    """Rule 9: remove one copy of the title from the first three non-empty lines."""
    seen = 0
    for i, line in enumerate(lines):
        if not line:
            continue
        if _squash(line) == title_key:
            del lines[i]
            return True
        seen += 1
        if seen == 3:
            break
    return False


def _strip_trailing(lines: list[str], patterns: tuple[re.Pattern[str], ...]) -> bool:
    """Rule 8: pop trailing lines while the last non-empty one is boilerplate or a sign-off."""
    changed = False
    while lines and (not lines[-1] or any(p.search(lines[-1]) for p in patterns) or _is_sign_off(lines[-1])):
        lines.pop()
        changed = True
    return changed


def _strip_lead_in(lines: list[str], patterns: tuple[re.Pattern[str], ...]) -> None:
    """Cut a site's lead-in from the first non-empty line (the line stays when text remains)."""
    for i, line in enumerate(lines):
        if not line:
            continue
        for pattern in patterns:
            match = pattern.match(line)
            if match:
                lines[i] = line[match.end() :].strip()
                break
        return


def _paragraphs(lines: list[str]) -> str:
    """Join lines, keeping at most one blank line between paragraphs."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def clean_text(text: str, title: str = "", rules: Mapping[str, Any] | SiteRules | None = None) -> CleanResult:
    """Apply cleaning rules 1-12 to an extracted article.

    Args:
        text: extracted text, paragraphs separated by blank lines (single newlines kept).
        title: the article title (cleaned the same way; a repeat of it leaves the body).
        rules: the source's ``clean`` mapping (``trailing``, ``drop_lines``, ``strip_prefix``)
            or SiteRules.
    """
    site = rules if isinstance(rules, SiteRules) else SiteRules.from_mapping(rules)
    clean_title = normalise_line(normalise_text(_WHITESPACE.sub(" ", title)))
    lines = [normalise_line(line) for line in normalise_text(text).split("\n")]

    metadata: dict[str, Any] = {}
    lines = _harvest_info_block(lines, metadata)
    lines, source_url, source_name = _take_source_lines(lines)
    lines = _drop_credits_and_separators(lines)
    if site.drop_lines:
        lines = [x for x in lines if not (x and any(p.search(x) for p in site.drop_lines))]
    if site.strip_prefix:
        _strip_lead_in(lines, site.strip_prefix)

    trailing = SHARED_TRAILING + site.trailing
    title_key = _squash(clean_title)
    changed = True
    while changed:
        changed = _strip_trailing(lines, trailing)
        if title_key:
            changed = _drop_title(lines, title_key) or changed

    body = _paragraphs(lines)
    return CleanResult(
        title=clean_title,
        text=body,
        text_index=index_text(body),
        metadata=metadata,
        source_url=source_url,
        source_name=source_name,
    )


class CleanStage:
    """Cleans title and text in place; harvested values go to ``article.metadata``."""

    name: ClassVar[str] = "clean"

    def __init__(self, context: PipelineContext) -> None:
        self.context = context
        self._rules: dict[str, SiteRules] = {}

    def _site_rules(self, source_id: str) -> SiteRules:
        if source_id not in self._rules:
            source = self.context.source(source_id)
            self._rules[source_id] = SiteRules.from_mapping(source.clean if source else None)
        return self._rules[source_id]

    def __call__(self, article: Article) -> Article:
        # A document's title is its own heading: it stays in the text (a page repeats its title).
        title = "" if article.is_document else article.title
        result = clean_text(article.text, title, self._site_rules(article.source))
        if article.is_document:
            result.title = normalise_line(normalise_text(" ".join(article.title.split())))
        if not result.text:
            raise RejectArticle("empty", "nothing left after cleaning")
        article.title = result.title
        article.text = result.text
        article.handoff.text_index = result.text_index
        for key, value in result.metadata.items():
            article.metadata.setdefault(key, value)
        # The extractor's source line from the HTML is the fallback: trafilatura drops
        # link-heavy paragraphs, and a "ที่มา: <a href=...>" line is all link.
        html_url, html_name = article.handoff.html_source or (None, None)
        source_url = result.source_url or html_url
        if source_url and not article.source_url:
            article.source_url = source_url
        source_name = result.source_name or (None if result.source_url else html_name)
        if source_name:
            article.metadata.setdefault("source_name", source_name)
        return article


class CleanPipeline(StagePipeline):
    stage_class = CleanStage
