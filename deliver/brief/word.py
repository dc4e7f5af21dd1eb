"""The brief as a Word document (python-docx): offices edit briefs in Word.

Headings use Word's own Heading styles (the navigation pane lists the sections and
stories), counts are real tables, the trend is a native chart followed by its data, and
every style names Noto Sans for Latin and Vietnamese and Noto Sans Thai for Thai, with
Arial and Leelawadee UI as the fallbacks. python-docx writes text as text: crawled markup
stays inert characters.
"""

from __future__ import annotations

import io

import docx
from docx.document import Document
from docx.shared import Pt

from stiwatch.deliver.brief.docx_parts import add_chart, add_hyperlink, set_fonts
from stiwatch.deliver.brief.html import change, rising_lines, safe_href
from stiwatch.deliver.brief.model import MAX_ARTICLES, Brief, Namer, Section
from stiwatch.deliver.brief.words import Words
from stiwatch.deliver.trend_views import trend_rows


def _table(document: Document, caption: str, headers: list[str], rows: list[list[str]]) -> None:
    document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Light List Accent 1"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _stories(document: Document, heading: str, sections: list[Section], w: Words) -> None:
    document.add_heading(heading, level=1)
    if not sections:
        document.add_paragraph(w("none"))
    for section in sections:
        document.add_heading(f"{section.label} ({section.count} {w('articles')})", level=2)
        for story in section.stories:
            document.add_heading(story.title, level=3)
            if story.title_translated:
                document.add_paragraph().add_run(story.title_translated).italic = True
            meta = document.add_paragraph(
                f"{story.source} · {story.published} · {story.language} · {w('sources', n=story.sources)}"
            )
            meta.runs[0].font.size = Pt(9)
            if story.lead:
                lead = story.lead + (f" ({w('translated')})" if story.lead_translated else "")
                document.add_paragraph(lead)
            if safe_href(story.url) != "#":
                add_hyperlink(document.add_paragraph(), story.url, story.url)
            if story.versions:
                line = document.add_paragraph(f"{w('other_versions')}: ")
                for n, version in enumerate(story.versions):
                    label = f"{version.source} ({version.language})"
                    if safe_href(version.url) != "#":
                        add_hyperlink(line, label, version.url)
                    else:
                        line.add_run(label)
                    if n < len(story.versions) - 1:
                        line.add_run(", ")


def render_docx(brief: Brief, name: Namer) -> bytes:
    """The brief as a .docx file's bytes."""
    w = Words(brief.lang)
    document = docx.Document()
    set_fonts(document)
    document.core_properties.title = f"{w('title')} {brief.since} – {brief.until}"
    document.core_properties.language = brief.lang
    document.add_heading(w("title"), level=0)
    document.add_paragraph(w("period", since=brief.since, until=brief.until))
    scope = "; ".join(f"{k}: {v}" for k, v in brief.scope) or w("everything")
    document.add_paragraph(f"{w('scope')}: {scope}")
    document.add_paragraph(f"{w('generated')}: {brief.generated_at}")
    document.add_heading(w("summary"), level=1)
    document.add_paragraph(
        w(
            "summary_line",
            total=brief.total,
            stories=brief.stories_total,
            previous=brief.previous_total,
            previous_since=brief.previous_since,
            previous_until=brief.previous_until,
        )
    )
    if brief.truncated:
        document.add_paragraph(w("truncated", n=MAX_ARTICLES))
    for caption, column, sections in (
        (w("counts_themes"), w("theme"), brief.themes),
        (w("counts_countries"), w("country"), brief.countries),
    ):
        headers = [column, w("this_period"), w("previous_period"), w("change")]
        _table(
            document,
            caption,
            headers,
            [
                [s.label, str(s.count), str(s.previous), change(s.count, s.previous, w("new"))]
                for s in sections
            ],
        )
    document.add_heading(w("rising"), level=1)
    lines = rising_lines(brief, name, w)
    for line in lines:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(line["label"]).bold = True
        paragraph.add_run(f" ({line['kind']}): {line['line']}")
    if not lines:
        document.add_paragraph(w("rising_none"))
    document.add_paragraph(w("rising_method")).runs[0].italic = True
    _trend(document, brief, name, w)
    _stories(document, w("by_theme"), brief.themes, w)
    _stories(document, w("by_country"), brief.countries, w)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _trend(document: Document, brief: Brief, name: Namer, w: Words) -> None:
    document.add_heading(w("trend"), level=1)
    trend = brief.trend
    if trend is None:
        return
    categories = [b.period.key for b in trend.buckets]
    series = [(w("all"), [b.total for b in trend.buckets])]
    series += [(name("theme", v), [b.by.get(v, 0) for b in trend.buckets]) for v in trend.values]
    description = (
        f"{w('trend')}: "
        + "; ".join(f"{label} {sum(values)}" for label, values in series)
        + f". {w('data_table')}."
    )
    add_chart(document, w("trend"), categories, series, description=description)
    headers = [w("week"), w("all"), *(name("theme", v) for v in trend.values)]
    _table(
        document,
        w("data_table"),
        headers,
        [[str(row[0]), *(str(c) for c in row[3:])] for row in trend_rows(trend)],
    )
