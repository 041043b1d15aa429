"""The briefing as Markdown for a repository or a wiki: GitHub-style footnotes, charts as SVG files.

Charts go beside the report (``<stem>_charts/<slug>.svg``) and are linked relatively, so the folder
can be moved as a whole. Text from the data is escaped: a pipe or a newline in an article's title
cannot break a table, and ``<script>`` shows as text, not as HTML a wiki might pass through.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from aigap.generated import markdown_mark
from aigap.reconcile import TOLERANCE

from .citations import Footnote
from .figures import Figure, lag_figures, pillar_figures
from .model import PillarSection, Report, Sentence
from .numbers import fmt_months

__all__ = ["md_escape", "render_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]{}#~|!])")


def md_escape(text: object) -> str:
    """One line of inert Markdown: no HTML, no emphasis, no links, no table cell breaks."""
    s = re.sub(r"[\r\n\t\v\f\u2028\u2029]+", " ", str(text))
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", s)


def _url(url: str) -> str:
    """A link target that cannot end early: spaces, brackets and pipes percent-encoded."""
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


def _refs(notes: list[int]) -> str:
    return "".join(f"[^{n}]" for n in notes)


def _sentences(items: list[Sentence]) -> str:
    return " ".join(md_escape(s.text) + _refs(s.notes) for s in items)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _figure(f: Figure, charts_dir: str) -> str:
    return f"![{md_escape(f.caption)}]({_url(f'{charts_dir}/{f.slug}.svg')})\n\n*{md_escape(f.caption)}*"


def _pillar(r: Report, p: PillarSection, charts_dir: str, figures: list[Figure]) -> list[str]:
    w = r.writer
    cs = r.countries
    scores = " · ".join(f"{w.country_title(c)} {b.text()}" for c, b in p.scores.items())
    out = [f"### {md_escape(p.name)}", "",
           f"**{md_escape(r.label('score'))}**{r.label('colon')}{md_escape(scores)} · {md_escape(r.label('coverage'))}"
           f"{r.label('colon')}"
           f"{md_escape(r.label('coverage_of', used=p.used, of=p.of))}", "", _sentences(p.sentences), ""]
    if not p.rows:  # the pillar's sentence already says there is nothing to compare
        return out
    figs = pillar_figures(r, p)
    figures += figs
    for f in figs:
        out += [_figure(f, charts_dir), ""]
    out.append(_row([md_escape(r.label("indicator")), md_escape(r.label("period")),
                     *[md_escape(w.country_title(c)) for c in cs], md_escape(r.label("leader")),
                     md_escape(r.label("ratio")), md_escape(r.label("trend"))]))
    out.append(_row(["---", "---", *["---:" for _ in cs], "---", "---:", "---"]))
    for row in p.rows:
        cells = [md_escape(row.cells[c].text) + _refs(row.cells[c].notes) if c in row.cells else "–" for c in cs]
        leader = w.country_title(row.leader) if row.leader else r.label("level")
        out.append(_row([f"{md_escape(row.name)} ({md_escape(w.unit(row.unit))})", md_escape(w.period(row.period)),
                         *cells, md_escape(leader), md_escape(row.ratio_text), md_escape(row.trend)]))
    return [*out, ""]


def _lag(r: Report, charts_dir: str, figures: list[Figure]) -> list[str]:
    w = r.writer
    lag = r.lag
    out = [f"## {md_escape(r.label('lag'))}", ""]
    if not lag.rows:
        return [*out, md_escape(r.label("no_lag", leader=w.country(lag.leader), follower=w.country(lag.follower))), ""]
    out += [_sentences(lag.sentences), ""]
    figs = lag_figures(r)
    figures += figs
    for f in figs:
        out += [_figure(f, charts_dir), ""]
    out.append(_row([md_escape(r.label(k)) for k in ("lag_table_benchmark", "lag_now", "lag_mean", "lag_range",
                                                     "lag_window", "lag_score_gap", "lag_trend")]))
    out.append(_row(["---", "---:", "---:", "---:", "---", "---:", "---"]))
    for row in lag.rows:
        rng = "–" if row.low is None else f"{fmt_months(row.low)} – {fmt_months(row.high)}"
        out.append(_row([md_escape(row.name) + _refs(row.notes), fmt_months(row.current), fmt_months(row.mean),
                         md_escape(rng), md_escape(" → ".join(row.window) if row.window else "–"),
                         md_escape(row.score_gap_text), md_escape(w.direction(row.direction) if row.direction else "–")]))
    out.append("")
    if r.lang == "en":
        out += [f"- {md_escape(row.name)}: {md_escape(m)}" for row in lag.rows for m in row.remarks]
        out.append("")
    return out


def _conflicts(r: Report) -> list[str]:
    out = [f"## {md_escape(r.label('conflicts'))}", "",
           md_escape(r.label("conflicts_intro", tolerance=round(TOLERANCE * 100))), ""]
    if not r.conflicts:
        out += [md_escape(r.label("no_conflicts")), ""]
    for c in r.conflicts:
        out += [f"#### {md_escape(c.indicator)} · {md_escape(c.country)} · {md_escape(c.period)}", ""]
        for s in (c.a, c.b):
            out += [f"- **{md_escape(s.value_text)}**[^{s.note}] — {md_escape(s.origin)}", "",
                    f"  > {md_escape(s.quote)}", ""]
        out += [md_escape(c.consensus), ""]
    if r.conflicts_more:
        out += [f"+{r.conflicts_more} (aigap conflicts)", ""]
    return out


def _gaps(r: Report) -> list[str]:
    out = [f"## {md_escape(r.label('gaps'))}", "", md_escape(r.label("gaps_intro")), ""]
    if not r.gaps:
        return [*out, md_escape(r.label("no_gaps")), ""]
    out += [_row([md_escape(r.label("pillar")), md_escape(r.label("indicator")), md_escape(r.label("gaps_lack")), " "]),
            _row(["---", "---", "---", "---"])]
    for g in r.gaps:
        note = r.label("gaps_common") if not g.lack else (f"{r.label('gaps_have')} {', '.join(g.have)}" if g.have else "")
        out.append(_row([md_escape(g.pillar), md_escape(g.indicator), md_escape(", ".join(g.lack) or "–"),
                         md_escape(note)]))
    return [*out, ""]


def _footnote(r: Report, f: Footnote) -> str:
    link = f" <{_url(f.url)}>" if f.url else ""
    if not f.resolved:
        body = f"{md_escape(f.source)} — {md_escape(r.label('unresolved'))}"
    elif f.kind == "claim":
        where = (f"{r.label('claim')} {f.extra.get('claim_id', '')}"
                 + (f", {r.label('characters')} {f.locator}" if f.locator else "")
                 + (f", {f.doc_id}" if f.doc_id else ""))
        meta = ", ".join(x for x in (f.outlet, f.date) if x)
        body = (f"“{md_escape(f.quote or '')}” — *{md_escape(f.title or f.doc_id or '')}*"
                + (f", {md_escape(meta)}" if meta else "") + f". {md_escape(where)}"
                + (f" ({md_escape(f.note)})" if f.note else "") + link)
    else:
        meta = ", ".join(x for x in (f.outlet, f.date) if x)
        body = (f"*{md_escape(f.title or '')}*" + (f" — {md_escape(meta)}" if meta else "")
                + f". {md_escape(r.label('dataset_row'))} {md_escape(f.locator or '')}: {md_escape(f.quote or '')}"
                + (f" ({md_escape(f.note)})" if f.note else "") + link)
    return f"[^{f.n}]: {body}"


def _robustness(r: Report) -> list[str]:
    s = r.robustness
    if s is None:
        return []
    out = [f"## {md_escape(r.label('robustness'))}", "", md_escape(r.label("robustness_intro")), "",
           " ".join(md_escape(x) for x in s.sentences) + (f" *{md_escape(s.mover_title)}*" if s.mover_title else ""), ""]
    if s.loo:
        out += [_row([md_escape(r.label(k)) for k in ("loo_source", "loo_figures", "loo_without", "loo_change")]),
                _row(["---", "---:", "---:", "---:"])]
        out += [_row([md_escape(c) for c in row]) for row in s.loo] + [""]
    if s.anchors:
        out += [f"### {md_escape(r.label('anchors'))}", "", _row([md_escape(c) for c in s.anchor_columns]),
                _row(["---"] * len(s.anchor_columns))]
        out += [_row([md_escape(c) for c in row]) for row in s.anchors] + ["", md_escape(s.why), ""]
    return out


def render_markdown(r: Report, charts_dir: str) -> tuple[str, list[Figure]]:
    """The Markdown text and the charts it links to (to be written under ``charts_dir``)."""
    figures: list[Figure] = []
    # The mark first: aigap ingest skips its own reports (invisible when the Markdown is rendered).
    out = [markdown_mark(), f"# {md_escape(r.title)}", "", f"*{md_escape(r.generated)}*", "",
           f"## {md_escape(r.label('headline'))}", ""]
    if r.no_data:
        out += [f"> **{md_escape(r.no_data)}**", ""]
    if r.headline:
        out += [_sentences(r.headline), ""]
    if any(b.ok for b in r.composite.values()):
        out += [_row([" ", md_escape(r.label("composite"))]), _row(["---", "---:"])]
        out += [_row([md_escape(r.writer.country_title(c)), md_escape(b.text())]) for c, b in r.composite.items()]
        out += ["", f"*{md_escape(r.label('composite_caption', draws=r.draws))}*", ""]
    out += [f"## {md_escape(r.label('pillars'))}", ""]
    for p in r.pillars:
        out += _pillar(r, p, charts_dir, figures)
    out += _lag(r, charts_dir, figures)
    out += _conflicts(r)
    out += _gaps(r)
    out += _robustness(r)
    out += [f"## {md_escape(r.label('methodology'))}", ""]
    for para in r.methodology:
        out += [md_escape(para), ""]
    out += [f"### {md_escape(r.label('attribution'))}", ""] + [f"- {md_escape(a)}" for a in r.attribution] + [""]
    out += [f"## {md_escape(r.label('footnotes'))}", ""] + [_footnote(r, f) for f in r.footnotes]
    return "\n".join(out) + "\n", figures
