"""Charts as hand-written SVG: no JavaScript, no network, vectors in the PDF.

Each function takes plain data and returns one standalone ``<svg>`` document (it has its own
``xmlns``), so the same text goes inline into the HTML and into a ``.svg`` file beside the Markdown.
Every text is XML-escaped here: labels may come from user data.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from .numbers import fmt_num

__all__ = ["COUNTRY_COLOURS", "DotRow", "LagBar", "colour", "gap_chart", "lag_range_chart", "lag_series_chart",
           "trend_chart"]

WIDTH = 720
FONT = "system-ui, 'Noto Sans CJK SC', 'Noto Sans', sans-serif"
COUNTRY_COLOURS = ("#1f4e9c", "#c0392b", "#2e8b57", "#8e44ad", "#b9770e", "#566573")
LINE_COLOURS = ("#1b6ca8", "#e67e22", "#2ca02c", "#9467bd", "#8c564b", "#17becf")
GRID = "#d5d8dc"
INK = "#1c2833"
MUTED = "#5d6d7e"


def colour(i: int) -> str:
    return COUNTRY_COLOURS[i % len(COUNTRY_COLOURS)]


@dataclass(frozen=True, slots=True)
class DotRow:
    """One row of a dot chart: a label and, per country, (median, low, high) on 0-100."""

    label: str
    bands: dict[str, tuple[float, float, float]]
    bold: bool = False


@dataclass(frozen=True, slots=True)
class LagBar:
    label: str
    low: float
    mean: float
    high: float
    now: float


def _w(text: str, size: float = 12) -> float:
    """Approximate rendered width: CJK characters are square, Latin ones about half as wide."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.56 for ch in text)


def _fit(text: str, width: float, size: float = 12) -> str:
    if _w(text, size) <= width:
        return text
    out = ""
    for ch in text:
        if _w(out + ch + "…", size) > width:
            break
        out += ch
    return out.rstrip() + "…"


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, s: str, *, anchor: str = "start", size: float = 12, fill: str = INK,
          weight: str = "normal", full: str | None = None) -> str:
    tip = f"<title>{escape(full)}</title>" if full and full != s else ""
    return (f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}" font-size="{_f(size)}" fill="{fill}"'
            f' font-weight="{weight}">{tip}{escape(s)}</text>')


def _svg(height: float, title: str, body: list[str]) -> str:
    h = math.ceil(height)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {h}" width="{WIDTH}" height="{h}"'
            f' role="img" aria-label="{escape(title)}" font-family="{escape(FONT)}">'
            f"<title>{escape(title)}</title>"
            f'<rect width="{WIDTH}" height="{h}" fill="#ffffff"/>' + "".join(body) + "</svg>")


def _legend(items: Sequence[tuple[str, str]], x: float, y: float, *, marker: str = "dot") -> list[str]:
    out = []
    for label, col in items:
        if marker == "dot":
            out.append(f'<circle cx="{_f(x + 5)}" cy="{_f(y - 4)}" r="5" fill="{col}"/>')
        else:
            out.append(f'<line x1="{_f(x)}" y1="{_f(y - 4)}" x2="{_f(x + 14)}" y2="{_f(y - 4)}" stroke="{col}"'
                       ' stroke-width="2.5"/>')
        out.append(_text(x + 18, y, label))
        x += 18 + _w(label) + 22
    return out


def _nice_step(span: float, target: int = 5) -> float:
    raw = span / max(target, 1)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


# -- the gap per indicator ---------------------------------------------------------------------------


def gap_chart(rows: Sequence[DotRow], countries: Sequence[str], names: dict[str, str], title: str,
              axis: str) -> str:
    """Scores 0-100 per indicator and country: a dot at the median, a line over the 90% interval."""
    left, right, top, row_h = 270.0, 24.0, 44.0, 26.0
    plot_w = WIDTH - left - right
    bottom = top + row_h * len(rows)
    x = lambda v: left + plot_w * max(0.0, min(100.0, v)) / 100  # noqa: E731
    body = _legend([(names.get(c, c), colour(i)) for i, c in enumerate(countries)], left, 20)
    for t in (0, 25, 50, 75, 100):
        body.append(f'<line x1="{_f(x(t))}" y1="{_f(top - 6)}" x2="{_f(x(t))}" y2="{_f(bottom)}" stroke="{GRID}"/>')
        body.append(_text(x(t), bottom + 16, str(t), anchor="middle", fill=MUTED))
    body.append(_text(left + plot_w / 2, bottom + 34, axis, anchor="middle", size=11, fill=MUTED))
    n = len(countries)
    for k, r in enumerate(rows):
        yc = top + row_h * k + row_h / 2
        if k % 2 == 0:
            body.append(f'<rect x="0" y="{_f(yc - row_h / 2)}" width="{WIDTH}" height="{_f(row_h)}" fill="#f6f7f8"/>')
        body.append(_text(left - 10, yc + 4, _fit(r.label, left - 20), anchor="end",
                          weight="bold" if r.bold else "normal", full=r.label))
        for j, c in enumerate(countries):
            band = r.bands.get(c)
            if band is None:
                continue
            med, lo, hi = band
            y = yc + (j - (n - 1) / 2) * (12 / max(n - 1, 1) if n > 1 else 0)
            col = colour(j)
            body.append(f'<line x1="{_f(x(lo))}" y1="{_f(y)}" x2="{_f(x(hi))}" y2="{_f(y)}" stroke="{col}"'
                        ' stroke-width="2" stroke-linecap="round"/>')
            body.append(f'<circle cx="{_f(x(med))}" cy="{_f(y)}" r="4.5" fill="{col}" stroke="#ffffff"'
                        ' stroke-width="1"/>')
    return _svg(bottom + 44, title, body)


# -- the gap over time -----------------------------------------------------------------------------


def _ratio_ticks(lo: float, hi: float) -> list[float]:
    """1, 2, 5 times powers of ten inside [10^lo, 10^hi]; only powers of ten when that is too many."""
    cands = [b * 10.0**e for e in range(-6, 7) for b in (1, 2, 5)]
    ticks = [t for t in cands if lo <= math.log10(t) <= hi]
    if len(ticks) > 7:
        ticks = [t for t in ticks if abs(math.log10(t) - round(math.log10(t))) < 1e-9]
    return ticks


def trend_chart(lines: Sequence[tuple[str, Sequence[tuple[float, float]]]], title: str, axis: str,
                parity: str) -> str:
    """Per indicator, the first country's figure over the second's per year, on a log scale."""
    left, right, top = 64.0, 56.0, 20.0
    plot_h = 220.0
    plot_w = WIDTH - left - right
    xs = [p[0] for _, pts in lines for p in pts]
    ys = [math.log10(p[1]) for _, pts in lines for p in pts if p[1] > 0]
    if not xs or not ys:
        return _svg(40, title, [_text(left, 24, title)])
    x0, x1 = min(xs), max(xs)
    if x1 == x0:
        x0, x1 = x0 - 1, x1 + 1
    y0, y1 = min([*ys, 0.0]), max([*ys, 0.0])
    pad = max(0.1, (y1 - y0) * 0.08)
    y0, y1 = y0 - pad, y1 + pad
    x = lambda v: left + plot_w * (v - x0) / (x1 - x0)  # noqa: E731
    y = lambda v: top + plot_h * (1 - (math.log10(v) - y0) / (y1 - y0))  # noqa: E731
    body: list[str] = []
    for t in _ratio_ticks(y0, y1):
        if top + 6 <= y(t) <= top + plot_h - 6:  # a label on the frame would collide with the years
            body.append(f'<line x1="{_f(left)}" y1="{_f(y(t))}" x2="{_f(left + plot_w)}" y2="{_f(y(t))}" stroke="{GRID}"/>')
            body.append(_text(left - 6, y(t) + 4, fmt_num(t, 2), anchor="end", fill=MUTED))
    body.append(f'<line x1="{_f(left)}" y1="{_f(y(1))}" x2="{_f(left + plot_w)}" y2="{_f(y(1))}" stroke="{INK}"'
                ' stroke-dasharray="5 4"/>')
    body.append(_text(left + plot_w + 2, y(1) + 4, parity, size=10, fill=MUTED))
    step = max(1, math.ceil((x1 - x0) / 10))
    for yr in range(math.ceil(x0), math.floor(x1) + 1, step):
        body.append(_text(x(yr), top + plot_h + 16, str(yr), anchor="middle", fill=MUTED))
    body.append(f'<text x="14" y="{_f(top + plot_h / 2)}" transform="rotate(-90 14 {_f(top + plot_h / 2)})"'
                f' text-anchor="middle" font-size="11" fill="{MUTED}">{escape(axis)}</text>')
    for i, (_, pts) in enumerate(lines):
        col = LINE_COLOURS[i % len(LINE_COLOURS)]
        ok = [(a, b) for a, b in sorted(pts) if b > 0]
        body.append('<polyline fill="none" stroke="{}" stroke-width="2.2" points="{}"/>'.format(
            col, " ".join(f"{_f(x(a))},{_f(y(b))}" for a, b in ok)))
        body += [f'<circle cx="{_f(x(a))}" cy="{_f(y(b))}" r="3" fill="{col}"/>' for a, b in ok]
    ly = top + plot_h + 40
    for i, (label, _) in enumerate(lines):
        col = LINE_COLOURS[i % len(LINE_COLOURS)]
        body += _legend([(_fit(label, WIDTH - left - 40), col)], left, ly + 18 * i, marker="line")
    return _svg(ly + 18 * len(lines) + 4, title, body)


# -- the frontier lag --------------------------------------------------------------------------------


def lag_range_chart(bars: Sequence[LagBar], title: str, axis: str, colour_follower: str) -> str:
    """Per benchmark, the lag's range over the window (bar), its mean (dot) and now (diamond)."""
    left, right, top, row_h = 270.0, 24.0, 16.0, 26.0
    plot_w = WIDTH - left - right
    lo = min([0.0, *(b.low for b in bars)])
    hi = max([1.0, *(b.high for b in bars)])
    step = _nice_step(hi - lo)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    x = lambda v: left + plot_w * (v - lo) / (hi - lo)  # noqa: E731
    bottom = top + row_h * len(bars)
    body: list[str] = []
    t = lo
    while t <= hi + 1e-9:
        body.append(f'<line x1="{_f(x(t))}" y1="{_f(top)}" x2="{_f(x(t))}" y2="{_f(bottom)}" stroke="{GRID}"/>')
        body.append(_text(x(t), bottom + 16, fmt_num(t, 1), anchor="middle", fill=MUTED))
        t += step
    body.append(f'<line x1="{_f(x(0))}" y1="{_f(top)}" x2="{_f(x(0))}" y2="{_f(bottom)}" stroke="{INK}"/>')
    body.append(_text(left + plot_w / 2, bottom + 34, axis, anchor="middle", size=11, fill=MUTED))
    for k, b in enumerate(bars):
        yc = top + row_h * k + row_h / 2
        body.append(_text(left - 10, yc + 4, _fit(b.label, left - 20), anchor="end", full=b.label))
        body.append(f'<rect x="{_f(x(b.low))}" y="{_f(yc - 6)}" width="{_f(max(1.0, x(b.high) - x(b.low)))}"'
                    f' height="12" rx="3" fill="{colour_follower}" fill-opacity="0.25"/>')
        body.append(f'<circle cx="{_f(x(b.mean))}" cy="{_f(yc)}" r="4.5" fill="{colour_follower}"/>')
        d = 6.0
        body.append(f'<path d="M{_f(x(b.now))},{_f(yc - d)} l{_f(d)},{_f(d)} l{_f(-d)},{_f(d)} l{_f(-d)},{_f(-d)} z"'
                    f' fill="#ffffff" stroke="{INK}" stroke-width="1.6"/>')
    return _svg(bottom + 44, title, body)


def lag_series_chart(points: Sequence[tuple[dt.date, float]], title: str, axis: str, colour_line: str) -> str:
    """The lag month by month over the window."""
    left, right, top, plot_h = 56.0, 24.0, 16.0, 200.0
    plot_w = WIDTH - left - right
    if len(points) < 2:
        return _svg(40, title, [_text(left, 24, title)])
    fx = [p[0].year + (p[0].timetuple().tm_yday - 1) / 365.25 for p in points]
    ys = [p[1] for p in points]
    x0, x1 = min(fx), max(fx)
    y_lo, y_hi = min([0.0, *ys]), max([1.0, *ys])
    step = _nice_step(y_hi - y_lo)
    y_lo, y_hi = math.floor(y_lo / step) * step, math.ceil(y_hi / step) * step
    x = lambda v: left + plot_w * (v - x0) / (x1 - x0 or 1)  # noqa: E731
    y = lambda v: top + plot_h * (1 - (v - y_lo) / (y_hi - y_lo))  # noqa: E731
    body: list[str] = []
    t = y_lo
    while t <= y_hi + 1e-9:
        body.append(f'<line x1="{_f(left)}" y1="{_f(y(t))}" x2="{_f(left + plot_w)}" y2="{_f(y(t))}" stroke="{GRID}"/>')
        body.append(_text(left - 6, y(t) + 4, fmt_num(t, 1), anchor="end", fill=MUTED))
        t += step
    body.append(f'<line x1="{_f(left)}" y1="{_f(y(0))}" x2="{_f(left + plot_w)}" y2="{_f(y(0))}" stroke="{INK}"/>')
    for yr in range(math.ceil(x0), math.floor(x1) + 1):
        body.append(f'<line x1="{_f(x(yr))}" y1="{_f(top)}" x2="{_f(x(yr))}" y2="{_f(top + plot_h)}" stroke="{GRID}"/>')
        body.append(_text(x(yr), top + plot_h + 16, str(yr), anchor="middle", fill=MUTED))
    body.append(f'<text x="14" y="{_f(top + plot_h / 2)}" transform="rotate(-90 14 {_f(top + plot_h / 2)})"'
                f' text-anchor="middle" font-size="11" fill="{MUTED}">{escape(axis)}</text>')
    body.append('<polyline fill="none" stroke="{}" stroke-width="2.2" points="{}"/>'.format(
        colour_line, " ".join(f"{_f(x(a))},{_f(y(b))}" for a, b in zip(fx, ys, strict=True))))
    return _svg(top + plot_h + 28, title, body)
