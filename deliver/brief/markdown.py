"""The brief as Markdown (CommonMark with pipe tables).

Crawled text is escaped for Markdown: ``<``, ``>`` and ``&`` as entities (so no HTML in a
title ever renders as HTML) and the characters that start Markdown constructs behind a
backslash. Links are http(s) only, their parentheses and spaces percent-encoded.
"""

from __future__ import annotations

import re

from stiwatch.deliver.brief.html import change, rising_lines, safe_href
from stiwatch.deliver.brief.model import MAX_ARTICLES, Brief, Namer, Section
from stiwatch.deliver.brief.words import Words
from stiwatch.deliver.trend_views import trend_rows

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md(text: object) -> str:
    """Crawled text as inert Markdown, on one line."""
    flat = " ".join(str(text or "").split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = _SPECIAL.sub(r"\\\1", flat)
    # A leading "-", "=" or "1." would start a list or a heading underline.
    return re.sub(r"^([-=]|\d+\.)", r"\\\1", flat)


def link_target(url: str) -> str:
    return safe_href(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    out.extend("| " + " | ".join(row) + " |" for row in rows)
    return [*out, ""]


def _sections(heading: str, sections: list[Section], w: Words) -> list[str]:
    out = [f"## {md(heading)}", ""]
    if not sections:
        out += [md(w("none")), ""]
    for section in sections:
        out += [f"### {md(section.label)} ({section.count} {md(w('articles'))})", ""]
        for story in section.stories:
            out.append(f"#### [{md(story.title)}]({link_target(story.url)})")
            out.append("")
            if story.title_translated:
                out += [f"*{md(story.title_translated)}*", ""]
            out += [
                f"{md(story.source)} · {story.published} · {story.language} · {md(w('sources', n=story.sources))}",
                "",
            ]
            if story.lead:
                out += [md(story.lead) + (f" ({md(w('translated'))})" if story.lead_translated else ""), ""]
            out += [f"<{link_target(story.url)}>", ""]
            if story.versions:
                links = ", ".join(
                    f"[{md(v.source)} ({v.language})]({link_target(v.url)})" for v in story.versions
                )
                out += [f"{md(w('other_versions'))}: {links}", ""]
    return out


def render_markdown(brief: Brief, name: Namer, *, chart_file: str | None = None) -> str:
    """The brief; ``chart_file`` is the SVG chart's path relative to the Markdown file, if written."""
    w = Words(brief.lang)
    scope = "; ".join(f"{md(k)}: {md(v)}" for k, v in brief.scope) or md(w("everything"))
    out = [
        f"# {md(w('title'))}: {md(w('period', since=brief.since, until=brief.until))}",
        "",
        f"{md(w('scope'))}: {scope}  ",
        f"{md(w('generated'))}: {brief.generated_at}",
        "",
        f"## {md(w('summary'))}",
        "",
        md(
            w(
                "summary_line",
                total=brief.total,
                stories=brief.stories_total,
                previous=brief.previous_total,
                previous_since=brief.previous_since,
                previous_until=brief.previous_until,
            )
        ),
        "",
    ]
    if brief.truncated:
        out += [md(w("truncated", n=MAX_ARTICLES)), ""]
    for heading, column, sections in (
        (w("counts_themes"), w("theme"), brief.themes),
        (w("counts_countries"), w("country"), brief.countries),
    ):
        out += [f"**{md(heading)}**", ""]
        headers = [md(column), md(w("this_period")), md(w("previous_period")), md(w("change"))]
        out += _table(
            headers,
            [
                [md(s.label), str(s.count), str(s.previous), change(s.count, s.previous, w("new"))]
                for s in sections
            ],
        )
    out += [f"## {md(w('rising'))}", ""]
    lines = rising_lines(brief, name, w)
    out += [f"- **{md(r['label'])}** ({md(r['kind'])}): {md(r['line'])}" for r in lines] or [
        md(w("rising_none"))
    ]
    out += ["", f"*{md(w('rising_method'))}*", "", f"## {md(w('trend'))}", ""]
    if chart_file:
        out += [f"![{md(w('trend'))}]({link_target_local(chart_file)})", ""]
    if brief.trend is not None:
        headers = [md(w("week")), md(w("all")), *(md(name("theme", v)) for v in brief.trend.values)]
        out += _table(headers, [[str(row[0]), *(str(c) for c in row[3:])] for row in trend_rows(brief.trend)])
    out += _sections(w("by_theme"), brief.themes, w)
    out += _sections(w("by_country"), brief.countries, w)
    return "\n".join(out).rstrip() + "\n"


def link_target_local(path: str) -> str:
    return path.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
