"""Charts as SVG written here: a line (or stacked area) chart over time and a heatmap.

Pages allow no scripts, so charts are drawn on the server. The shapes are few (axes,
polylines, rectangles, text), and writing them keeps the SVG small (a few kilobytes), its
text real ``<text>`` (Thai and Vietnamese labels render with the page's fonts, and can be
selected), and every chart accessible: ``role="img"`` with a ``<title>`` and ``<desc>``,
a ``<title>`` on every point and cell (the browser's tooltip, no script needed), colours
from a colour-blind-safe palette and a dash pattern per series, so that a brief printed
in black and white still tells the lines apart. Every crawled or user-given string is
XML-escaped here; callers get a complete, well-formed document.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

# Okabe & Ito's palette (distinguishable with the common colour-vision deficiencies).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
DASHES = ("", "6 3", "2 2", "8 3 2 3", "1 3", "10 4", "4 2 1 2", "12 2")
FONT = "'Noto Sans', 'Noto Sans Thai', 'Sarabun', 'Leelawadee UI', Tahoma, sans-serif"
SVG_NS = "http://www.w3.org/2000/svg"


def _x(text: object) -> str:
    """Text for XML content or an attribute value."""
    return escape(str(text), quote=True)


@dataclass(frozen=True)
class Series:
    """One line: its label and one value per category."""

    label: str
    values: Sequence[int]


def nice_ticks(peak: float, count: int = 5) -> list[int]:
    """Round tick values from 0 to at least ``peak`` (1, 2 or 5 times a power of ten apart)."""
    if peak <= 0:
        return [0, 1]
    raw = peak / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(1, int(step))
    top = math.ceil(peak / step) * step
    return list(range(0, top + step, step))


def _open(width: int, height: int, chart_id: str, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="{SVG_NS}" class="chart" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="{_x(FONT)}" font-size="12">',
        f'<title id="{chart_id}-title">{_x(title)}</title>',
        f'<desc id="{chart_id}-desc">{_x(description)}</desc>',
    ]


def _label_every(count: int, room: float, chars: int) -> int:
    """Label every n-th category so that labels of ``chars`` characters do not overlap."""
    per = max(room / max(count, 1), 1.0)
    return max(1, math.ceil(chars * 7.0 / per))


def line_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    description: str,
    chart_id: str = "chart",
    stacked: bool = False,
    totals: Sequence[int] | None = None,
    total_label: str = "All articles",
    width: int = 760,
    height: int = 320,
) -> str:
    """Values over ``categories`` (periods), one line per series; ``stacked`` piles them as areas.

    ``totals``, when given, is drawn as a thin grey line behind the series (every matching
    article, whatever its facet value).
    """
    left, right, top, bottom = 48, 36, 16, 40
    legend_rows = math.ceil((len(series) + (1 if totals is not None else 0)) / 4)
    legend_h = 18 * legend_rows + 8
    plot_w, plot_h = width - left - right, height - top - bottom - legend_h
    stack = _stacked(series) if stacked else [list(s.values) for s in series]
    peak = max([*(max(v, default=0) for v in stack), *(totals or [0]), 0])
    ticks = nice_ticks(peak)
    scale_y = plot_h / max(ticks[-1], 1)
    step_x = plot_w / max(len(categories) - 1, 1)

    def point(i: int, value: float) -> tuple[float, float]:
        x = left + (i * step_x if len(categories) > 1 else plot_w / 2)
        return round(x, 1), round(top + plot_h - value * scale_y, 1)

    out = _open(width, height, chart_id, title, description)
    out.extend(_y_axis(ticks, left, top, plot_w, plot_h, scale_y))
    every = _label_every(len(categories), plot_w, max((len(c) for c in categories), default=1))
    for i, category in enumerate(categories):
        if i % every == 0 or (i == len(categories) - 1 and len(categories) < 3):
            x, _ = point(i, 0)
            out.append(
                f'<text x="{x}" y="{top + plot_h + 16}" text-anchor="middle" fill="#444">{_x(category)}</text>'
            )
    if totals is not None:
        coords = " ".join(f"{x},{y}" for x, y in (point(i, v) for i, v in enumerate(totals)))
        out.append(f'<polyline class="total" points="{coords}" fill="none" stroke="#999" stroke-width="1"/>')
    for n, (line, values) in enumerate(zip(series, stack, strict=True)):
        out.extend(_series_shapes(n, line, values, categories, point, stacked, top + plot_h))
    out.extend(_legend(series, totals is not None, total_label, left, height - legend_h + 6, plot_w))
    out.append("</svg>")
    return "\n".join(out)


def _stacked(series: Sequence[Series]) -> list[list[int]]:
    running: list[int] = [0] * (len(series[0].values) if series else 0)
    out = []
    for line in series:
        running = [a + b for a, b in zip(running, line.values, strict=True)]
        out.append(list(running))
    return out


def _y_axis(ticks: list[int], left: int, top: int, plot_w: int, plot_h: int, scale_y: float) -> list[str]:
    out = []
    for tick in ticks:
        y = round(top + plot_h - tick * scale_y, 1)
        out.append(f'<line x1="{left}" y1="{y}" x2="{left + plot_w}" y2="{y}" stroke="#e3e3e3"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" fill="#444">{tick}</text>')
    out.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#888"/>'
    )
    return out


def _series_shapes(
    n: int,
    line: Series,
    values: list[int],
    categories: Sequence[str],
    place: Callable[[int, float], tuple[float, float]],
    stacked: bool,
    baseline: float,
) -> list[str]:
    colour, dash = PALETTE[n % len(PALETTE)], DASHES[n % len(DASHES)]
    coords = [place(i, v) for i, v in enumerate(values)]
    path = " ".join(f"{x},{y}" for x, y in coords)
    out = [f'<g class="series" data-series="{_x(line.label)}">']
    if stacked and coords:
        below = f"{coords[-1][0]},{baseline} {coords[0][0]},{baseline}"
        out.append(f'<polygon points="{path} {below}" fill="{colour}" fill-opacity="0.18" stroke="none"/>')
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dashes}/>')
    for (x, y), category, value in zip(coords, categories, line.values, strict=True):
        out.append(
            f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"><title>{_x(line.label)}, '
            f"{_x(category)}: {value}</title></circle>"
        )
    out.append("</g>")
    return out


def _legend(
    series: Sequence[Series], with_total: bool, total_label: str, left: int, y: int, room: int
) -> list[str]:
    entries = [(s.label, PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)]) for i, s in enumerate(series)]
    if with_total:
        entries.append((total_label, "#999", ""))
    out = ['<g class="legend">']
    column = room / 4
    for i, (label, colour, dash) in enumerate(entries):
        x, row_y = left + (i % 4) * column, y + (i // 4) * 18
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{x:.1f}" y1="{row_y}" x2="{x + 22:.1f}" y2="{row_y}" stroke="{colour}" '
            f'stroke-width="2"{dashes}/>'
        )
        out.append(f'<text x="{x + 28:.1f}" y="{row_y + 4}" fill="#222">{_x(_clip(label, 24))}</text>')
    out.append("</g>")
    return out


def _clip(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


def heatmap(
    rows: Sequence[tuple[str, str]],
    columns: Sequence[tuple[str, str]],
    cells: dict[tuple[str, str], int],
    *,
    title: str,
    description: str,
    chart_id: str = "heatmap",
    cell: int = 34,
) -> str:
    """A grid of counts: ``rows`` and ``columns`` are ``(value, label)``; darker is more."""
    label_w, header_h = 150, 150
    width = label_w + cell * len(columns) + 10
    height = header_h + cell * len(rows) + 10
    peak = max(cells.values(), default=0) or 1
    out = _open(width, height, chart_id, title, description)
    for j, (_, label) in enumerate(columns):
        x = label_w + j * cell + cell / 2
        out.append(
            f'<text transform="translate({x:.1f},{header_h - 6}) rotate(-50)" fill="#222">'
            f"{_x(_clip(label, 22))}</text>"
        )
    for i, (row, row_label) in enumerate(rows):
        y = header_h + i * cell
        out.append(
            f'<text x="{label_w - 6}" y="{y + cell / 2 + 4:.1f}" text-anchor="end" fill="#222">'
            f"{_x(_clip(row_label, 22))}</text>"
        )
        for j, (column, column_label) in enumerate(columns):
            n = cells.get((row, column), 0)
            x = label_w + j * cell
            shade = 0.08 + 0.92 * (n / peak) if n else 0.0
            ink = "#fff" if shade > 0.55 else "#222"
            out.append(
                f'<g class="cell"><rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                f'fill="#0072B2" fill-opacity="{shade:.2f}" stroke="#ddd"/>'
                f"<title>{_x(row_label)} × {_x(column_label)}: {n}</title>"
                f'<text x="{x + (cell - 2) / 2:.1f}" y="{y + cell / 2 + 3:.1f}" text-anchor="middle" '
                f'font-size="11" fill="{ink}">{n if n else ""}</text></g>'
            )
    out.append("</svg>")
    return "\n".join(out)
