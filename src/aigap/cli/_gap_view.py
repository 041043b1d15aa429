"""The tables ``aigap gap`` prints, read from the typed answer (``aigap.analyze.answer.GapAnswer``)."""

from __future__ import annotations

from aigap.analyze.answer import Band, CountryComposite, GapAnswer, PillarScore
from aigap.format import short_number

from ._common import OutputFormat, composite_line, console, emit

__all__ = ["biggest_mover_line", "fixed_weights_line", "print_gap"]


def band(b: Band | CountryComposite | PillarScore | None, nd: int = 1) -> str:
    med, lo, hi = (b.median, b.low, b.high) if b is not None else (None, None, None)
    if med is None or lo is None or hi is None:
        return "n/a"
    return f"{med:.{nd}f} [{lo:.{nd}f}, {hi:.{nd}f}]"


def _say(text: str) -> None:
    console.print(text, highlight=False, soft_wrap=True)  # the console prints text, never markup


def biggest_mover_line(a: GapAnswer) -> str | None:
    """The source the composite gap rests on most, in one line (the headline names it)."""
    m = a.robustness.biggest_mover
    if m is None or m.change is None:
        return None
    c0, c1 = a.countries[:2]
    return (f"biggest mover: without {m.title} [{m.source}] the composite gap ({c0} minus {c1}, at the point estimates) is "
            f"{m.composite_gap_without:.1f} instead of {a.composite_gap.point or 0.0:.1f} ({m.change:+.1f} points)")


def fixed_weights_line(a: GapAnswer) -> str | None:
    r = a.robustness
    if r.composite_gap_fixed_weights is None:
        return None
    c0, c1 = a.countries[:2]
    return (f"composite gap ({c0} minus {c1}), 90% interval: {band(r.composite_gap_sampled_weights)} with the "
            f"weights sampled, {band(r.composite_gap_fixed_weights)} with them fixed")


def print_gap(a: GapAnswer, fmt: OutputFormat) -> None:
    out = a.to_json()
    cs = a.countries
    if fmt in (OutputFormat.json, OutputFormat.jsonl):
        emit(out, fmt)
        return
    rows = [[i.id, i.pillar, i.period, i.leader or "level", short_number(i.ratio),
             *[short_number(i.values[c].value) if c in i.values else "missing" for c in cs], i.unit]
            for i in a.indicators]
    cols = ["indicator", "pillar", "period", "leader", "ratio", *cs, "unit"]
    if fmt is OutputFormat.csv:
        emit(out, fmt, columns=cols, rows=rows)
        return

    def p1(c: str) -> str:
        rp = a.rank_probability.get(c)
        return f"{rp['1']:.0%}" if rp else "not ranked"

    emit(out, fmt, title="Composite index (0-100, median [90% interval])" + (f", as of {a.as_of}" if a.as_of else ""),
         columns=["country", "composite", "coverage", "P(rank 1)"],
         rows=[[f"{v.name} ({c})", band(v), f"{v.coverage.used}/{v.coverage.of}", p1(c)] for c, v in a.composite.items()])
    for c, v in a.composite.items():
        if not v.ranked and v.reason:
            _say(f"{v.name} ({c}) not ranked: {v.reason}")
    line = composite_line(a)
    if line:
        _say(line)
    for line in (fixed_weights_line(a), biggest_mover_line(a)):
        if line:
            _say(line)
    emit(out, fmt, title="Pillars (score 0-100, median [90% interval]; coverage)",
         columns=["pillar", *[f"{a.names[c]} ({c})" for c in cs]],
         rows=[[p, *[f"{band(v[c])} ({v[c].coverage.used}/{v[c].coverage.of})" for c in cs]]
               for p, v in a.pillars.items()])
    emit(out, fmt, title="Indicators", columns=cols, rows=rows)
    top = a.sensitivity[:5]
    if top:
        emit(out, fmt, title=f"What moves the composite gap ({cs[0]} minus {cs[1]}) most",
             columns=["indicator", "gap without it", "shift", "correlation"],
             rows=[[s.indicator, short_number(s.composite_gap_without), short_number(s.shift),
                    short_number(s.correlation)] for s in top])
    loo = a.robustness.leave_one_source_out[:8]
    if loo:
        emit(out, fmt, title=f"Leave one source out: the composite gap ({cs[0]} minus {cs[1]}) without each",
             columns=["source", "figures", "gap without it", "change"],
             rows=[[r.title, r.figures, short_number(r.composite_gap_without),
                    "" if r.change is None else f"{r.change:+.1f}"] for r in loo])
    if a.anchors:
        c0, c1 = cs[:2]
        emit(out, fmt, title=f"Published composites beside aigap ({c1}/{c0} ratio)",
             columns=["index", "edition", *cs, f"{c1}/{c0} published", f"{c1}/{c0} aigap"],
             rows=[[x.index, x.edition, *[short_number(x.values.get(c)) if c in x.values else "not published"
                                          for c in cs], short_number(x.ratio), short_number(x.aigap_ratio)]
                   for x in a.anchors])
        _say(f"why aigap differs: {a.anchors_note}")
    trends = [f"{p}: " + ", ".join(f"{len(v)} {k}" for k, v in row.items() if v) for p, row in a.pillar_trends.items()]
    if trends:
        _say("gap trends (indicators per pillar): " + "; ".join(trends))
    if a.missing:
        _say("missing: " + ", ".join(f"{m.id} ({'/'.join(m.lack) or 'not in a common year'})" for m in a.missing))
    for n in a.notes:
        _say(f"note: {n}")

