"""Read a Word document (.docx) with python-docx: paragraphs and tables in body order.

Running headers and footers live in their own parts of a .docx and are not read. A
table row whose cells hold one paragraph each becomes one line with the cells separated
by a tab; a row whose cells hold several paragraphs (the issuer | motto block of a
Vietnamese decision) is read cell by cell, each cell one block.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from stiwatch.pipelines.datefmt import LOCAL_TZ


class WordError(ValueError):
    """The bytes are not a readable .docx (damaged, or another Office format)."""


@dataclass
class WordContent:
    """The document's blocks (paragraphs; a table row or cell per block) and core properties."""

    blocks: list[str] = field(default_factory=list)
    title: str = ""
    created: str | None = None
    modified: str | None = None


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    # python-docx reads W3CDTF values as naive UTC datetimes or aware ones.
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL_TZ).isoformat()


def _table_blocks(table: Table) -> list[str]:
    blocks: list[str] = []
    for row in table.rows:
        cells: list[Any] = []
        for cell in row.cells:
            # Merged cells repeat the same object along the row: read each once.
            if cells and cell._tc is cells[-1]._tc:
                continue
            cells.append(cell)
        texts = [[p.text.strip() for p in cell.paragraphs if p.text.strip()] for cell in cells]
        if any(len(t) > 1 for t in texts):
            blocks.extend("\n".join(t) for t in texts if t)
        elif any(texts):
            blocks.append("\t".join(t[0] if t else "" for t in texts).strip())
        for cell in cells:
            for inner in cell.tables:
                blocks.extend(_table_blocks(inner))
    return blocks


def read_docx(body: bytes) -> WordContent:
    """The text blocks of a .docx and its core properties (title, created, modified).

    Raises:
        WordError: not a .docx python-docx can open.
    """
    try:
        document: DocxDocument = docx.Document(io.BytesIO(body))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise WordError(f"not a readable .docx: {exc}") from None
    content = WordContent()
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text.strip()
            if text:
                content.blocks.append(text)
        elif tag == "tbl":
            content.blocks.extend(_table_blocks(Table(child, document)))
    props = document.core_properties
    content.title = (props.title or "").strip()
    content.created = _iso(props.created)
    content.modified = _iso(props.modified)
    return content
