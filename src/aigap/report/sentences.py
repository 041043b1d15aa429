"""Sentences from the data, per language, from the templates in ``sentences.yaml``.

``Writer`` knows a language's labels, country names, number style and templates, and turns the
figures the analysis produced into sentences. It adds no number of its own: a sentence says only
numbers passed to it, already rounded for display (the tests check each against the analysis).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .numbers import fmt_band, fmt_months, fmt_num, fmt_value, unit_kind

if TYPE_CHECKING:
    from aigap.analyze.answer import GapTrend
    from aigap.analyze.trend import Parity
    from aigap.analyze.weights import Weights

__all__ = ["Writer", "labels", "templates"]


@cache
def templates() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(Path(__file__).with_name("sentences.yaml").read_text(encoding="utf-8"))
    return data


@cache
def labels() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(Path(__file__).with_name("strings.yaml").read_text(encoding="utf-8"))
    return data


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


Interval = tuple[float | None, float | None, float | None]  # median, low, high


class Writer:
    """Labels, names, numbers and sentences in one language (``en`` or ``zh``)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.t: dict[str, Any] = templates()[lang]
        self.s: dict[str, str] = labels()[lang]
        self._names: dict[str, str] = labels()["countries"][lang]
        self._units_zh: dict[str, str] = labels()["units_zh"]

    # -- words -----------------------------------------------------------------------------------

    def label(self, key: str, **kw: Any) -> str:
        text = self.s[key]
        return text.format(**kw) if kw else text

    def country(self, code: str) -> str:
        """The name a sentence uses: "the US", "China", "美国"; an unknown code prints as itself."""
        return self._names.get(code, code)

    def country_title(self, code: str) -> str:
        return _cap(self.country(code))

    def poss(self, code: str) -> str:
        """Possessive: "the US's", "China's"; Chinese needs none."""
        return self.country(code) if self.lang == "zh" else f"{self.country(code)}'s"

    def join(self, names: list[str]) -> str:
        if self.lang == "zh":
            return names[0] if len(names) == 1 else "、".join(names[:-1]) + "与" + names[-1]
        if len(names) <= 2:
            return " and ".join(names)
        return ", ".join(names[:-1]) + " and " + names[-1]

    def countries(self, codes: list[str] | tuple[str, ...]) -> str:
        return self.join([self.country(c) for c in codes])

    def unit(self, unit: str) -> str:
        return self._units_zh.get(unit, unit) if self.lang == "zh" else unit

    def value(self, v: float, unit: str) -> str:
        return fmt_value(v, unit, self.lang)

    def period(self, p: str | None) -> str:
        if not p:
            return "–"
        return f"{p}年" if self.lang == "zh" and len(p) == 4 and p.isdigit() else p

    def direction(self, d: str | None) -> str:
        return self.s.get(d or "not enough data", d or "")

    def sources(self, n: int) -> str:
        return str(self.t["indicator"]["sources_one" if n == 1 else "sources_many"]).format(n=n)

    def lower(self, name: str) -> str:
        """Catalogue names are capitalised; mid-sentence they are not (but "AI" stays "AI")."""
        if self.lang == "zh" or len(name) < 2 or name[1].isupper():
            return name
        return name[0].lower() + name[1:]

    def _fill(self, template: str, **kw: Any) -> str:
        """A template filled and capitalised: a sentence may start with "the US"."""
        return _cap(template.format(**kw))

    def _who(self, leader: str, follower: str) -> dict[str, str]:
        return {"leader": self.country(leader), "follower": self.country(follower), "leader_lc": self.country(leader),
                "leader_poss": self.poss(leader), "follower_poss": self.poss(follower)}

    # -- headline --------------------------------------------------------------------------------

    def headline(self, *, leader: str, other: str, leader_band: Interval, other_band: Interval, gap: Interval,
                 probability: float, sure: bool) -> str:
        t = self.t["headline"]["lead" if sure else "lead_unsure"]
        g, lo, hi = gap
        return self._fill(t, **self._who(leader, other), other=self.country(other),
                          leader_score=fmt_band(*leader_band), other_score=fmt_band(*other_band),
                          gap=fmt_num(g or 0.0), gap_low=fmt_num(lo or 0.0), gap_high=fmt_num(hi or 0.0),
                          p=fmt_num(probability * 100))

    def gap_trend(self, g: GapTrend) -> str:
        t = self.t["headline"]
        if g.of == 0:
            return str(t["trend_none"])
        verdict = f"verdict_{g.direction}"  # a direction only when most indicators agree
        return self._fill(t["trend"], n=g.of, widening=g.widening, narrowing=g.narrowing,
                          unclear=g.no_clear_trend, verdict=t[verdict])

    def lag(self, *, benchmark: str, leader: str, follower: str, now: float, mean: float, start: str,
            direction: str | None) -> str:
        t = self.t["headline"]
        trend = t["lag_trend"].get(direction or "none", t["lag_trend"]["none"]) if direction else ""
        return self._fill(t["lag"], benchmark=benchmark, **self._who(leader, follower), now=fmt_months(now),
                          mean=fmt_months(mean), start=start, trend=trend)

    # -- pillars ---------------------------------------------------------------------------------

    def pillar(self, *, pillar: str, leader: str | None, probability: float | None, bands: dict[str, Interval],
               used: int, of: int) -> str:
        t = self.t["pillar"]
        name = self.lower(pillar)
        have = {c: b for c, b in bands.items() if b[0] is not None}
        if len(have) < 2:
            return self._fill(t["none"], pillar=name)
        if leader is None:
            scores = self.join([t["score_of"].format(score=fmt_band(*b), country=self.country(c))
                                for c, b in have.items()])
            # no probability: the first two countries named are not both scored, so nobody "leads"
            return self._fill(t["unsure" if probability is not None else "scores"], pillar=name, scores=scores,
                              used=used, of=of)
        others = self.join([t["score_of"].format(score=fmt_band(*b), country=self.country(c))
                            for c, b in have.items() if c != leader])
        return self._fill(t["lead"], pillar=name, leader=self.country(leader), leader_score=fmt_band(*have[leader]),
                          others=others, p=fmt_num((probability or 0.0) * 100), used=used, of=of)

    def indicator_trend(self, *, name: str, direction: str, follower: str | None,
                        parity: Parity | None) -> str | None:
        t = self.t["pillar"]
        if direction == "widening":
            return self._fill(t["widening"], name=self.lower(name))
        if direction != "narrowing":
            return None
        if parity and follower and parity.point is not None and parity.low is not None and parity.high is not None:
            return self._fill(t["narrowing"], name=self.lower(name), follower=self.country(follower),
                              years=fmt_num(parity.point, 1), low=fmt_num(parity.low, 1), high=fmt_num(parity.high, 1))
        return self._fill(t["narrowing_no_parity"], name=self.lower(name))

    def indicator(self, *, name: str, unit: str, leader: str | None, order: list[str], values: dict[str, float],
                  ratio: float | None, period: str | None, n_sources: int, best_model: bool) -> str:
        """One indicator compared: "China has about twice as many AI researchers as the US (...)"."""
        t = self.t["indicator"]
        common = {"name": self.lower(name), "values": self._values(order, values, unit),
                  "period": self.period(period), "sources": self.sources(n_sources)}
        if leader is None or len(order) < 2:
            return self._fill(t["level"], **common)
        who = self._who(leader, order[1])
        if best_model:
            return self._fill(t["best_model"], **common, **who)
        kind = {"count": "count", "money": "size", "compute": "size"}.get(unit_kind(unit))
        if kind is None or ratio is None:
            return self._fill(t["leads"], **common, **who)
        phrase = t[kind]["slightly" if ratio < 1.1 else "twice" if 1.95 <= ratio < 2.05
                         else "thrice" if 2.95 <= ratio < 3.05 else "times"]
        comparison = phrase.format(name=common["name"], r=fmt_num(ratio, 1), **who)
        return self._fill(t["compare" if kind == "count" else "compare_size"], comparison=comparison, **common, **who)

    def _values(self, order: list[str], values: dict[str, float], unit: str) -> str:
        if len(order) == 2:
            return str(self.t["indicator"]["vs"]).join(self.value(values[c], unit) for c in order)
        return ", ".join(f"{self.country(c)} {self.value(values[c], unit)}" for c in order)

    # -- frontier lag ----------------------------------------------------------------------------

    def lag_range(self, *, n: int, follower: str, leader: str, low: float, high: float) -> str:
        return self._fill(self.t["lag"]["range"], n=n, **self._who(leader, follower), low=fmt_months(low),
                          high=fmt_months(high))

    def lag_score_only(self, *, benchmark: str, leader: str, gap: float, unit: str) -> str:
        return self._fill(self.t["lag"]["score_only"], benchmark=benchmark, leader=self.country(leader),
                          leader_poss=self.poss(leader), gap=fmt_num(gap, 1), unit=self.unit(unit))

    # -- methodology -----------------------------------------------------------------------------

    def weights_label(self, weights: Weights | dict[str, Any]) -> str:
        """A preset's short name in this language ("equal", "等权")."""
        w = weights.to_json() if not isinstance(weights, dict) else weights
        return str((w.get("label_zh") if self.lang == "zh" else None) or w.get("name", ""))

    def weights_title(self, weights: Weights | dict[str, Any]) -> str:
        w = weights.to_json() if not isinstance(weights, dict) else weights
        title = w.get("title_zh") if self.lang == "zh" else None
        return str(title or w.get("title") or self.weights_label(w))

    def methodology(self, *, normalize: str, weights: Weights, pillar_names: dict[str, str], draws: int,
                    seed: int, spread: float, source_weights: dict[str, float], tolerance: float) -> list[str]:
        m = self.t["methodology"]
        sep = "，" if self.lang == "zh" else ", "
        pillars = sep.join(f"{pillar_names.get(p, p)} {fmt_num(w, 2)}" for p, w in weights.pillars.items())
        source = m["weights_source"].format(source=weights.source) if weights.source else ""
        classes = sep.join(f"{m['classes'].get(k, k)} {fmt_num(v, 1)}" for k, v in source_weights.items())
        return [
            m["normalisation"][normalize], m["aggregation"],
            m["weights"].format(title=self.weights_title(weights), name=self.weights_label(weights), pillars=pillars,
                                source=source),
            m["uncertainty"].format(draws=draws, seed=seed, spread=fmt_num(spread, 1)), m["qualifiers"],
            m["currency"], m["sources"].format(classes=classes),
            m["conflicts"].format(tolerance=fmt_num(tolerance * 100)), m["trends"], m["lag"],
        ]
