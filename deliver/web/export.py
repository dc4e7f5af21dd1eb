"""Exports of a search for people and spreadsheets: CSV, XLSX, JSON Lines.

- CSV starts with a UTF-8 byte-order mark: Excel on a Windows set to a Thai (or any
  non-UTF-8) locale reads a file without it in the local code page and garbles Thai
  and Vietnamese.
- Each tag column holds the ids (``TH; VN``) and is followed by their names in the
  interface language (``Thailand; Vietnam`` or ``ไทย; เวียดนาม``).
- Times are in one zone, Asia/Bangkok (the column header says so); the record keeps
  the page's own offset, which differs between sources.
- A cell that a spreadsheet would run as a formula is prefixed with ``'``.
- The file name names the search (``stiwatch-semiconductor-VN-2025-07-16.csv``), Thai
  letters kept (RFC 6266 ``filename*``) with an ASCII fallback.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from stiwatch.core.facets import TAG_FACETS
from stiwatch.deliver.web.i18n import Translator

TIME_ZONE = ZoneInfo("Asia/Bangkok")
BOM = "\ufeff"
# Spreadsheets run a cell starting with these as a formula; crawled text must not.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value: Any) -> str:
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def local_time(value: Any) -> str:
    """An ISO 8601 time as ``YYYY-MM-DD HH:MM`` in Asia/Bangkok; "" when not a time."""
    try:
        when = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(TIME_ZONE).strftime("%Y-%m-%d %H:%M")


class Columns:
    """The export's columns for one interface language."""

    def __init__(self, tr: Translator) -> None:
        self.tr = tr
        tags: list[str] = []
        for facet in TAG_FACETS:
            tags += [facet.field, f"{facet.field} ({tr.t(f'facet.{facet.name}')})"]
        self.headers = [
            "id",
            "published (Asia/Bangkok)",
            "fetched (Asia/Bangkok)",
            "language",
            "source",
            "title",
            "title_en",
            "url",
            *tags,
            "story_id",
        ]

    def row(self, record: dict[str, Any]) -> list[str]:
        en = (record.get("translations") or {}).get("en") or {}
        cells: list[Any] = [
            record.get("id"),
            local_time(record.get("published")),
            local_time(record.get("fetched_at")),
            record.get("language"),
            record.get("source"),
            record.get("title"),
            en.get("title", "") if isinstance(en, dict) else "",
            record.get("url"),
        ]
        for facet in TAG_FACETS:
            values = [str(v) for v in record.get(facet.field) or []]
            cells += [values, [self.tr.facet_label(facet.name, v) for v in values]]
        cells.append(record.get("story_id"))
        return [_cell(c) for c in cells]


def csv_chunks(records: Iterator[dict[str, Any]], columns: Columns) -> Iterator[str]:
    """The CSV text in chunks of about 64 kB, byte-order mark first."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(columns.headers)
    for record in records:
        writer.writerow(columns.row(record))
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_bytes(records: Iterator[dict[str, Any]], columns: Columns, title: str) -> bytes:
    """The workbook: one sheet, a frozen header row, autofilter (openpyxl's write-only mode)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(title))
    sheet.freeze_panes = "A2"
    sheet.append(columns.headers)
    rows = 1
    for record in records:
        sheet.append(columns.row(record))
        rows += 1
    sheet.auto_filter.ref = f"A1:{_column_letter(len(columns.headers))}{rows}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sheet_title(title: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    return re.sub(r"[\[\]:*?/\\]", "-", title)[:31] or "stiwatch"


def slug(text: str, limit: int = 60) -> str:
    """Letters (Thai vowels and tone marks included), digits and ``-``: a name that
    keeps the words of ``text`` in any script."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        category = unicodedata.category(ch)
        out.append(ch if category[0] in "LMN" else "-")
    return re.sub(r"-{2,}", "-", "".join(out)).strip("-")[:limit].strip("-")


def search_name(state: dict[str, Any], today: date | None = None) -> str:
    """``stiwatch-<query>-<filter values>-<date>``: what the file holds, when it was made."""
    parts = [str(state.get("q") or "")]
    for key, value in state.items():
        if isinstance(value, list) and key != "q":
            parts += [str(v) for v in value]
    named = slug(" ".join(p for p in parts if p))
    day = (today or datetime.now(TIME_ZONE).date()).isoformat()
    return f"stiwatch-{named}-{day}" if named else f"stiwatch-search-{day}"


def disposition(name: str, extension: str) -> str:
    """A Content-Disposition header: the UTF-8 name, and an ASCII one for old clients."""
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "stiwatch-search"
    return (
        f'attachment; filename="{ascii_name}.{extension}"; '
        f"filename*=UTF-8''{quote(name, safe='')}.{extension}"
    )
