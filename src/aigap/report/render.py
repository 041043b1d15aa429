"""Briefings from the store: HTML (self-contained) and Markdown, in English or Chinese."""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from aigap.analyze import compare_indicators, pillar_headline
from aigap.errors import ValidationError
from aigap.indicators import catalogue
from aigap.reconcile import attribution
from aigap.store import Store

__all__ = ["FORMATS", "LANGUAGES", "write_report"]

FORMATS = ("html", "md")
LANGUAGES = ("en", "zh")
_CSS = "body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}" \
       "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}"


@cache
def _strings() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(Path(__file__).with_name("strings.yaml").read_text(encoding="utf-8"))
    return data


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.2f}".rstrip("0").rstrip(".")


def _model(store: Store, lang: str, countries: tuple[str, ...]) -> dict[str, Any]:
    s = _strings()[lang]
    cat = catalogue()
    counts = store.counts()
    lines = pillar_headline(store, countries)
    comps = compare_indicators(store, countries)
    sentences = []
    for c in comps:
        ind = cat.get(c.indicator)
        vals = " vs ".join(f"{k} {_fmt(v)}" for k, v in c.values.items())
        template = _strings()[f"{lang}_sentence" if c.leader else f"{lang}_tie"]
        sentences.append(template.format(leader=c.leader, indicator=ind.name(lang), values=vals, period=c.period))
    return {"s": s, "countries": countries, "counts": counts, "lines": lines, "comps": comps,
            "sentences": sentences, "cat": cat, "attribution": attribution(), "docs": store.documents()}


def _html(m: dict[str, Any], lang: str) -> str:
    e = html.escape
    s = m["s"]
    cs = ", ".join(m["countries"])
    out = [f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{e(s['title'].format(countries=cs))}"
           f"</title><style>{_CSS}</style></head><body>", f"<h1>{e(s['title'].format(countries=cs))}</h1>"]
    c = m["counts"]
    out.append(f"<p>{e(s['generated'].format(documents=c.documents, claims=c.claims, observations=c.observations))}</p>")
    if not m["comps"]:
        out.append(f"<p class='no-data'>{e(s['no_data'].format(countries=cs))}</p>")
    out.append(f"<h2>{e(s['pillars'])}</h2><table><tr><th>{e(s['pillar'])}</th><th>{e(s['leader'])}</th>"
               f"<th>{e(s['leads'])}</th><th>{e(s['coverage'])}</th></tr>")
    for line in m["lines"]:
        name = m["cat"].pillars[line.pillar].zh if lang == "zh" else m["cat"].pillars[line.pillar].en
        out.append(f"<tr><td>{e(name)}</td><td>{e(line.leader or '-')}</td><td>{e(line.gap_text if line.compared else s['none'])}"
                   f"</td><td>{e(line.coverage_text)}</td></tr>")
    out.append("</table>")
    out.append(f"<h2>{e(s['indicators'])}</h2><ul>" + "".join(f"<li>{e(x)}</li>" for x in m["sentences"]) + "</ul>")
    out.append(f"<h2>{e(s['documents'])}</h2><ul>")
    for d in m["docs"]:
        out.append(f"<li>{e(d.title or d.doc_id)} — {e(d.outlet or '')} {e(d.published or '')} ({d.n_claims})</li>")
    out.append("</ul>")
    out.append(f"<h2>{e(s['attribution'])}</h2><ul>" + "".join(f"<li>{e(a)}</li>" for a in m["attribution"]) + "</ul>")
    out.append("</body></html>")
    return "\n".join(out)


def _markdown(m: dict[str, Any], lang: str) -> str:
    s = m["s"]
    cs = ", ".join(m["countries"])
    c = m["counts"]
    out = [f"# {s['title'].format(countries=cs)}", "",
           s["generated"].format(documents=c.documents, claims=c.claims, observations=c.observations), ""]
    if not m["comps"]:
        out += [s["no_data"].format(countries=cs), ""]
    out += [f"## {s['pillars']}", "", f"| {s['pillar']} | {s['leader']} | {s['leads']} | {s['coverage']} |",
            "|---|---|---|---|"]
    for line in m["lines"]:
        name = m["cat"].pillars[line.pillar].zh if lang == "zh" else m["cat"].pillars[line.pillar].en
        out.append(f"| {name} | {line.leader or '-'} | {line.gap_text if line.compared else s['none']} | {line.coverage_text} |")
    out += ["", f"## {s['indicators']}", ""] + [f"- {x}" for x in m["sentences"]]
    out += ["", f"## {s['attribution']}", ""] + [f"- {a}" for a in m["attribution"]]
    return "\n".join(out) + "\n"


def write_report(store: Store, *, lang: str = "en", fmt: str = "html", countries: tuple[str, ...] = ("US", "CN"),
                 out: Path) -> Path:
    """Render the briefing to ``out``."""
    if lang not in LANGUAGES:
        raise ValidationError(f"unknown report language {lang!r}", hint="use en or zh")
    if fmt not in FORMATS:
        raise ValidationError(f"unknown report format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    m = _model(store, lang, tuple(countries))
    text = _html(m, lang) if fmt == "html" else _markdown(m, lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out
