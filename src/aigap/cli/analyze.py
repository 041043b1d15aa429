"""Analysis commands: ``gap`` (who leads, by how much, how sure), ``trend`` and ``lag``."""

from __future__ import annotations

import datetime as dt
import math

import typer

from aigap.analyze import GapOptions, frontier_lag, gap, load_weights, parse_countries, trend
from aigap.errors import InputError
from aigap.format import short_number

from ._app import app
from ._common import OutputFormat, console, emit, state
from ._gap_view import print_gap

__all__: list[str] = []


# The library's defaults, so that `aigap gap` and the summary of `aigap up` agree to the digit.
_DEFAULTS = GapOptions()


def _band(b: dict[str, float | None] | None, nd: int = 1) -> str:
    if not b or b.get("median") is None:
        return "n/a"
    return f"{b['median']:.{nd}f} [{b['low']:.{nd}f}, {b['high']:.{nd}f}]"


def _pillar_weights(items: list[str] | None) -> dict[str, float]:
    out = {}
    for item in items or []:
        key, sep, val = item.partition("=")
        try:
            out[key.strip()] = float(val)
        except ValueError:
            raise InputError(f"--pillar-weight {item!r}: write PILLAR=WEIGHT, e.g. models=2") from None
        if not sep:
            raise InputError(f"--pillar-weight {item!r}: write PILLAR=WEIGHT, e.g. models=2")
    return out


@app.command("gap")
def gap_cmd(
    countries: str = typer.Option("US,CN", "--countries", "-c", help="Countries to compare, comma-separated."),
    weights: str = typer.Option("equal", "--weights", "-w", help="A preset (equal, gaii) or a YAML weights file."),
    pillar_weight: list[str] = typer.Option(None, "--pillar-weight", help="Override one pillar's weight: models=2."),
    normalize: str = typer.Option("ratio", "--normalize", "-n", help="ratio, minmax or z."),
    per_capita: bool = typer.Option(False, "--per-capita", help="Size-dependent indicators per million people."),
    per_gdp: bool = typer.Option(False, "--per-gdp", help="Size-dependent indicators per US$1 trillion of GDP."),
    draws: int = typer.Option(_DEFAULTS.draws, "--draws", help="Monte Carlo draws."),
    seed: int = typer.Option(_DEFAULTS.seed, "--seed", help="Random seed (results are reproducible)."),
    weight_spread: float = typer.Option(
        _DEFAULTS.weight_spread, "--weight-spread", help="Dirichlet concentration around the weights; 0 fixes them."),
    weak_evidence: bool = typer.Option(
        False, "--weak-evidence",
        help="Let comparisons resting on low-reliability sources only (or on an impossible figure) count."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, json or csv."),
) -> None:
    """Who leads on each indicator and pillar and overall (composite 0-100), with 90% intervals,
    coverage, rank probabilities and the indicators that move the composite most."""
    if per_capita and per_gdp:
        raise InputError("choose one of --per-capita and --per-gdp")
    opts = GapOptions(
        countries=parse_countries(countries), weights=load_weights(weights, _pillar_weights(pillar_weight)),
        normalize=normalize, per="capita" if per_capita else "gdp" if per_gdp else None, draws=draws, seed=seed,
        weight_spread=weight_spread, weak_evidence=weak_evidence,
    )
    print_gap(gap(state.store(read_only=True), opts).answer(), fmt)


@app.command("trend")
def trend_cmd(
    indicator: str = typer.Argument(..., help="An indicator id, or best_model:eci / arena / ..."),
    countries: str = typer.Option("US,CN", "--countries", "-c", help="Countries, the first compared with each other."),
    since: int | None = typer.Option(None, "--since", help="First year of the series and the fit (e.g. 2018)."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, json or csv."),
) -> None:
    """The yearly series of an indicator per country, the slope of the log ratio with its 90%
    interval (widening, narrowing or no clear trend; at least 4 years) and the years to parity if it
    holds and lies after the last observation."""
    cs = parse_countries(countries)
    if since is not None and not 1900 <= since <= 2100:
        raise InputError(f"--since {since}: give a year such as 2018")
    t = trend(state.store(read_only=True), indicator, cs, since=since)
    out = t.to_json()
    if fmt in (OutputFormat.json, OutputFormat.jsonl):
        emit(out, fmt)
        return
    emit(out, fmt, title=f"{t.name} ({t.unit})", columns=["period", *cs],
         rows=[[s.period, *[short_number(s.values[c].value) if c in s.values else "" for c in cs]] for s in t.series])
    if fmt is OutputFormat.csv:
        return
    for p in t.pairs:
        ytp = p.years_to_parity
        # the JSON's precision (4 places) before the table's (3), as printed before
        r4 = lambda x: round(x or 0.0, 4)  # noqa: E731
        slope = "" if p.slope is None else (
            f", log-ratio slope {r4(p.slope):+.3f}/yr [{r4(p.low):+.3f}, {r4(p.high):+.3f}]")
        parity = f", parity in about {ytp.point} years ({ytp.low}-{ytp.high})" if ytp else ""
        console.print(f"{p.between[0]} vs {p.between[1]}: {p.direction}{slope}{parity}", highlight=False)
    for n in t.notes:
        console.print(f"note: {n}", highlight=False, soft_wrap=True)


@app.command("lag")
def lag_cmd(
    benchmark: str | None = typer.Option(None, "--benchmark", "-b", help="One measure: eci, arena, gpqa_diamond, ..."),
    countries: str = typer.Option("US,CN", "--countries", "-c", help="Leader,follower."),
    since: str = typer.Option("2023-01-01", "--since", help="Start of the window (YYYY-MM-DD)."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, json or csv."),
) -> None:
    """How many months the follower's best model trails the leader's, per benchmark or leaderboard,
    with the score gap in the measure's own unit (never merged into one number)."""
    cs = parse_countries(countries)
    try:
        start = dt.date.fromisoformat(since)
    except ValueError:
        raise InputError(f"--since {since!r}: write a date as YYYY-MM-DD") from None
    found = frontier_lag(state.store(read_only=True), benchmark, (cs[0], cs[1]), start)
    out = {"countries": list(cs[:2]), "benchmarks": [b.to_json() for b in found]}
    if fmt in (OutputFormat.json, OutputFormat.jsonl):
        emit(out, fmt)
        return
    # the JSON's precision (months to 2 places, score gaps to 3) before the table's
    m = lambda x: "" if x is None or not math.isfinite(x) else f"{round(x, 2):.1f}"  # noqa: E731
    emit(out, fmt, title=f"Months {cs[1]}'s best models trail {cs[0]}'s",
         columns=["benchmark", "current", "mean", "min", "max", "window", "score gap now", "gap unit"],
         rows=[[b.benchmark, m(b.current_lag_months), m(b.mean_lag_months), m(b.min_lag_months),
                m(b.max_lag_months), " .. ".join(d.isoformat() for d in b.window or ()),
                short_number(None if b.current_score_gap is None or not math.isfinite(b.current_score_gap)
                             else round(b.current_score_gap, 3)), b.gap_unit]
               for b in found])
    if fmt is OutputFormat.table:
        for b in found:
            for n in b.notes:
                console.print(f"{b.benchmark}: {n}", highlight=False, soft_wrap=True)
