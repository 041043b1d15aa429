"""Composite-index Monte Carlo speed: aigap's vectorised run against a per-draw Python loop.

The problem: 200 indicators in 7 pillars, 10 countries, 10% of figures missing, every figure with
an interval and one in three with a competing source, 10,000 draws over figures, sources and
weights (Dirichlet). Both run on one core (BLAS threads pinned to 1, CPU affinity set). The loop is
a straightforward per-draw Python implementation of the same model (random.triangular, per-indicator
normalisation, weighted means); it runs on a slice of the draws and its time is scaled to 10,000
(it is linear in draws). Goal: aigap under 1 s. The speed ratio is printed last.

    python bench/gap.py [--quick]
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from aigap.analyze import Figure, IndicatorData, load_weights  # noqa: E402
from aigap.analyze.simulate import build_problem, simulate  # noqa: E402

PILLARS = ["research", "talent", "investment", "compute", "models", "market", "policy"]


def make_data(n_ind: int, n_c: int, seed: int = 7) -> tuple[list[IndicatorData], list[str]]:
    rng = np.random.default_rng(seed)
    countries = [f"C{j}" for j in range(n_c)]
    data = []
    for i in range(n_ind):
        figs = {}
        for c in countries:
            if rng.random() < 0.1:
                continue  # missing
            v = float(rng.lognormal(5, 1.5))
            lo, hi = v * float(rng.uniform(0.7, 1.0)), v * float(rng.uniform(1.0, 1.4))
            # sources of their own per country: independent draws, as the loop below makes them
            alts = [(v, lo, hi, 1.0, f"a:{c}")]
            if rng.random() < 1 / 3:
                w = v * float(rng.uniform(0.5, 2.0))
                alts = [(v, lo, hi, 0.6, f"a:{c}"), (w, w * 0.9, w * 1.1, 0.4, f"b:{c}")]
            figs[c] = Figure(v, lo, hi, "2024", [f"a:{c}"], alts)
        data.append(IndicatorData(f"i{i}", PILLARS[i % len(PILLARS)], f"i{i}", f"i{i}", "count",
                                  "lower" if i % 17 == 0 else "higher", "2024", figs))
    return data, countries


def loop_composite(data: list[IndicatorData], countries: list[str], draws: int, seed: int = 0) -> list[list[float]]:
    """The same model, one draw at a time in plain Python."""
    rnd = random.Random(seed)
    pil_w = {p: 1.0 for p in PILLARS}
    out = []
    for _ in range(draws):
        wp = {p: rnd.gammavariate(50 / len(PILLARS), 1.0) for p in PILLARS}
        sums: dict[tuple[str, str], list[float]] = {}
        for d in data:
            wi = rnd.gammavariate(50 / (len(data) / len(PILLARS)), 1.0)
            vals = {}
            for c, f in d.figures.items():
                r, acc = rnd.random(), 0.0
                pick = f.alternatives[-1]
                for a in f.alternatives:
                    acc += a[3]
                    if r <= acc:
                        pick = a
                        break
                v, lo, hi = pick[0], pick[1], pick[2]
                vals[c] = rnd.triangular(lo, hi, v) if hi > lo else v
            if d.better == "lower":
                vals = {c: 1 / v for c, v in vals.items()}
            best = max(vals.values())
            for c, v in vals.items():
                acc2 = sums.setdefault((d.pillar, c), [0.0, 0.0])
                acc2[0] += wi * 100 * v / best
                acc2[1] += wi
        comp = []
        for c in countries:
            num = den = 0.0
            for p in PILLARS:
                s = sums.get((p, c))
                if s and s[1] > 0:
                    num += wp[p] * pil_w[p] * s[0] / s[1]
                    den += wp[p] * pil_w[p]
            comp.append(num / den if den else float("nan"))
        out.append(comp)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a shorter loop slice (under a minute in all)")
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--indicators", type=int, default=200)
    ap.add_argument("--countries", type=int, default=10)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    data, countries = make_data(args.indicators, args.countries)
    # all seven pillars weighted, as in the loop (the equal preset leaves policy out: no data for it)
    problem = build_problem(data, countries, load_weights("equal", {"policy": 1.0}), PILLARS)
    simulate(problem, "ratio", 200, seed=1)  # warm-up (imports, first allocations)
    times = []
    for rep in range(3):
        t0 = time.perf_counter()
        draws = simulate(problem, "ratio", args.draws, seed=rep)
        times.append(time.perf_counter() - t0)
    best = min(times)
    med = np.median(draws.composite, axis=0)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"aigap: composite over {args.indicators} indicators x {args.countries} countries, {args.draws:,} draws: "
          f"best {best:.3f} s of 3 (all: {', '.join(f'{t:.3f}' for t in times)}); peak RSS {rss:.0f} MB; "
          f"goal < 1 s: {'met' if best < 1 else 'NOT met'}")
    slice_n = 50 if args.quick else 400
    t0 = time.perf_counter()
    loop = loop_composite(data, countries, slice_n)
    loop_t = (time.perf_counter() - t0) * args.draws / slice_n
    lmed = np.median(np.array(loop), axis=0)
    print(f"per-draw Python loop: {slice_n} draws timed, scaled to {args.draws:,}: {loop_t:.1f} s")
    print(f"agreement: median composites differ by at most {np.nanmax(np.abs(med - lmed)):.2f} points "
          f"(sampling noise of {slice_n} loop draws)")
    print(f"speed ratio aigap / Python loop: {loop_t / best:.0f}x")


if __name__ == "__main__":
    main()
