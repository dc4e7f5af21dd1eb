"""The brief as HTML: a standalone, printable document (or its body, for the web page).

Jinja2 autoescapes every crawled string; the only markup not escaped is the chart, drawn
and escaped by stiwatch.deliver.charts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from stiwatch.deliver.brief.model import MAX_ARTICLES, Brief, Namer
from stiwatch.deliver.brief.words import Words
from stiwatch.deliver.trend_views import Labels, trend_rows, trend_svg

HERE = Path(__file__).parent
CSS = (HERE / "brief.css").read_text(encoding="utf-8")


def safe_href(url: Any) -> str:
    """Only http(s) links survive; a crawled ``javascript:`` URL becomes ``#``."""
    text = str(url or "")
    return text if urlsplit(text).scheme in ("http", "https") else "#"


def change(now: int, before: int, new: str = "new") -> str:
    """``+3 (+50%)``, ``−2 (−40%)``, ``0``, or ``+3 (new)``."""
    diff = now - before
    if diff == 0:
        return "0"
    sign = "+" if diff > 0 else "−"
    share = f"{sign}{abs(diff) / before:.0%}" if before else new
    return f"{sign}{abs(diff)} ({share})"


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(["html"])
    )
    env.filters["href"] = safe_href
    return env


_ENV = _env()


def rising_lines(brief: Brief, name: Namer, w: Words) -> list[dict[str, str]]:
    """Each rising value: its name, its facet and one line of counts."""
    out: list[dict[str, str]] = []
    if brief.rising is None:
        return out
    for item in brief.rising.items:
        mean = sum(item.baseline) / max(len(item.baseline), 1)
        ratio = f" (×{item.ratio:.1f})" if item.ratio is not None else f" ({w('new')})"
        line = w("rising_line", current=item.current, until=brief.rising.week[1], mean=f"{mean:.1f}") + ratio
        out.append({"label": name(item.facet, item.value), "kind": w(item.facet), "line": line})
    return out


def chart_svg(brief: Brief, name: Namer, w: Words) -> str:
    assert brief.trend is not None
    return trend_svg(brief.trend, name, Labels(w("trend"), w("all")), chart_id="brief-trend")


def context(brief: Brief, name: Namer) -> dict[str, Any]:
    w = Words(brief.lang)
    trend = brief.trend
    return {
        "brief": brief,
        "w": w,
        "change": lambda now, before: change(now, before, w("new")),
        "max_articles": MAX_ARTICLES,
        "count_tables": [
            (w("counts_themes"), w("theme"), brief.themes),
            (w("counts_countries"), w("country"), brief.countries),
        ],
        "rising_rows": rising_lines(brief, name, w),
        "chart": Markup(chart_svg(brief, name, w)),
        "trend_headers": [name("theme", v) for v in trend.values] if trend else [],
        "trend_rows": trend_rows(trend) if trend else [],
        "story_groups": [(w("by_theme"), brief.themes), (w("by_country"), brief.countries)],
    }


def render_body(brief: Brief, name: Namer) -> Markup:
    """The brief's content (for a page that has its own head and header)."""
    return Markup(_ENV.get_template("brief_body.html").render(context(brief, name)))


def render_html(brief: Brief, name: Namer) -> str:
    """A complete HTML document with its print stylesheet."""
    w = Words(brief.lang)
    return _ENV.get_template("brief.html").render(
        brief=brief, w=w, css=Markup(CSS), body=render_body(brief, name)
    )
