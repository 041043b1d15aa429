"""The briefing as one self-contained HTML file: styles and SVG charts inline, no script, no fetch.

Every text from the data (article titles, quotes, dataset notes) is escaped; only web links become
links. The same file prints to PDF (``pdf.py``): the print styles set A4 pages and keep charts,
table rows and conflicts whole.
"""

from __future__ import annotations

from html import escape

from aigap.generated import html_meta
from aigap.reconcile import TOLERANCE

from .citations import Footnote
from .figures import Figure, lag_figures, pillar_figures
from .model import ConflictSide, PillarSection, Report, Sentence
from .numbers import fmt_months
from .robustness import split_edition

__all__ = ["render_html"]

CSS = """
@page { size: A4; margin: 16mm 14mm 18mm; }
:root { --ink: #1c2833; --muted: #5d6d7e; --rule: #d5d8dc; --accent: #1f4e9c; }
body { font: 15px/1.5 system-ui, 'Noto Sans', 'Noto Sans CJK SC', sans-serif; color: var(--ink);
  max-width: 62rem; margin: 2rem auto; padding: 0 1.2rem; }
html:lang(zh-CN) body { font-family: 'Noto Sans CJK SC', 'Noto Sans SC', system-ui, sans-serif; }
h1 { font-size: 1.75em; line-height: 1.25; margin-bottom: .3em; }
h2 { font-size: 1.3em; border-bottom: 2px solid var(--ink); padding-bottom: .15em; margin-top: 2.2em; }
h3 { font-size: 1.1em; margin: 1.8em 0 .4em; }
h4 { font-size: 1em; margin: 0 0 .4em; }
p.meta, figcaption, .muted { color: var(--muted); font-size: .88em; }
p.no-data { border-left: 4px solid #c0392b; padding: .5em .9em; background: #fbeeee; }
#headline p.sentences { font-size: 1.12em; }
p.sentences .sentence { margin-right: .25em; }
p.scoreline { margin: .2em 0 .6em; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; width: 100%; font-size: .9em; font-variant-numeric: tabular-nums; margin: .6em 0 1em; }
th, td { border-bottom: 1px solid var(--rule); padding: .3em .45em; text-align: left; vertical-align: top; }
th { border-bottom: 2px solid var(--ink); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
figure { margin: 1em 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; max-width: 52rem; height: auto; display: block; }
td.nowrap { white-space: nowrap; }
sup.ref { font-size: .72em; line-height: 0; white-space: nowrap; }
sup.ref a { color: var(--accent); text-decoration: none; }
a { color: var(--accent); }
.conflict { border: 1px solid var(--rule); border-radius: 4px; padding: .6em .9em; margin: .8em 0;
  break-inside: avoid; page-break-inside: avoid; }
.conflict .sides { display: grid; grid-template-columns: 1fr 1fr; gap: .9em; }
.conflict .value { font-weight: 700; font-size: 1.1em; }
blockquote { margin: .3em 0; padding-left: .8em; border-left: 3px solid var(--rule); overflow-wrap: anywhere; }
ol.footnotes { font-size: .84em; padding-left: 2.4em; }
ol.footnotes li { margin-bottom: .4em; overflow-wrap: anywhere; }
ol.footnotes li:target { background: #fff6d6; }
ul.remarks { font-size: .85em; color: var(--muted); }
tr { break-inside: avoid; page-break-inside: avoid; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3, h4 { break-after: avoid; page-break-after: avoid; }
  a { text-decoration: none; }
}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _refs(notes: list[int]) -> str:
    if not notes:
        return ""
    return '<sup class="ref">' + ",".join(f'<a href="#fn-{n}">{n}</a>' for n in notes) + "</sup>"


def _sentences(items: list[Sentence]) -> str:
    return '<p class="sentences">' + " ".join(
        f'<span class="sentence">{_e(s.text)}{_refs(s.notes)}</span>' for s in items) + "</p>"


def _figure(f: Figure) -> str:
    return f'<figure id="fig-{_e(f.slug)}">{f.svg}<figcaption>{_e(f.caption)}</figcaption></figure>'


def _headline(r: Report) -> str:
    out = [f'<section id="headline"><h2>{_e(r.label("headline"))}</h2>']
    if r.no_data:
        out.append(f'<p class="no-data">{_e(r.no_data)}</p>')
    if r.headline:
        out.append(_sentences(r.headline))
    if any(b.ok for b in r.composite.values()):
        out.append(f'<table class="composite"><caption class="muted">{_e(r.label("composite_caption", draws=r.draws))}'
                   f'</caption><tr><th></th><th class="num">{_e(r.label("composite"))}</th></tr>')
        for c, b in r.composite.items():
            out.append(f'<tr><td>{_e(r.writer.country_title(c))}</td><td class="num">{_e(b.text())}</td></tr>')
        out.append("</table>")
    out.append("</section>")
    return "".join(out)


def _pillar(r: Report, p: PillarSection) -> str:
    w = r.writer
    cs = r.countries
    scores = " · ".join(f"{w.country_title(c)} {b.text()}" for c, b in p.scores.items())
    out = [f'<section class="pillar" id="pillar-{_e(p.id)}"><h3>{_e(p.name)}</h3>',
           f'<p class="scoreline"><strong>{_e(r.label("score"))}</strong>{_e(r.label("colon"))}{_e(scores)} · '
           f'{_e(r.label("coverage"))}{_e(r.label("colon"))}{_e(r.label("coverage_of", used=p.used, of=p.of))}'
           f' · <a href="#methodology">{_e(r.label("methodology"))}</a></p>',
           _sentences(p.sentences)]
    if not p.rows:  # the pillar's sentence already says there is nothing to compare
        out.append("</section>")
        return "".join(out)
    out += [_figure(f) for f in pillar_figures(r, p)]
    head = "".join(f'<th class="num">{_e(w.country_title(c))}</th>' for c in cs)
    out.append(f'<table class="indicators"><tr><th>{_e(r.label("indicator"))}</th><th>{_e(r.label("period"))}</th>'
               f'{head}<th>{_e(r.label("leader"))}</th><th class="num">{_e(r.label("ratio"))}</th>'
               f'<th>{_e(r.label("trend"))}</th></tr>')
    for row in p.rows:
        cells = "".join(
            f'<td class="num figure">{_e(row.cells[c].text)}{_refs(row.cells[c].notes)}</td>' if c in row.cells
            else '<td class="num">–</td>' for c in cs)
        leader = w.country_title(row.leader) if row.leader else r.label("level")
        out.append(f'<tr data-indicator="{_e(row.id)}"><td>{_e(row.name)} <span class="muted">({_e(w.unit(row.unit))})'
                   f'</span></td><td>{_e(w.period(row.period))}</td>{cells}<td>{_e(leader)}</td>'
                   f'<td class="num">{_e(row.ratio_text)}</td><td>{_e(row.trend)}</td></tr>')
    out.append("</table></section>")
    return "".join(out)


def _lag(r: Report) -> str:
    w = r.writer
    lag = r.lag
    who = {"leader": w.country(lag.leader), "follower": w.country(lag.follower)}
    out = [f'<section id="lag"><h2>{_e(r.label("lag"))}</h2>']
    if not lag.rows:
        out.append(f'<p class="muted">{_e(r.label("no_lag", **who))}</p></section>')
        return "".join(out)
    out.append(_sentences(lag.sentences))
    out += [_figure(f) for f in lag_figures(r)]
    out.append(f'<table class="lag"><tr><th>{_e(r.label("lag_table_benchmark"))}</th>'
               f'<th class="num">{_e(r.label("lag_now"))}</th><th class="num">{_e(r.label("lag_mean"))}</th>'
               f'<th class="num">{_e(r.label("lag_range"))}</th><th>{_e(r.label("lag_window"))}</th>'
               f'<th class="num">{_e(r.label("lag_score_gap"))}</th><th>{_e(r.label("lag_trend"))}</th></tr>')
    for row in lag.rows:
        rng = "–" if row.low is None else f"{fmt_months(row.low)} – {fmt_months(row.high)}"
        window = " → ".join(row.window) if row.window else "–"
        out.append(f'<tr data-benchmark="{_e(row.benchmark)}"><td>{_e(row.name)}{_refs(row.notes)}</td>'
                   f'<td class="num">{_e(fmt_months(row.current))}</td><td class="num">{_e(fmt_months(row.mean))}</td>'
                   f'<td class="num">{_e(rng)}</td><td class="nowrap">{_e(window)}</td><td class="num">{_e(row.score_gap_text)}</td>'
                   f'<td>{_e(w.direction(row.direction) if row.direction else "–")}</td></tr>')
    out.append("</table>")
    remarks = [f"{row.name}: {m}" for row in lag.rows for m in row.remarks] if r.lang == "en" else []
    if remarks:
        out.append('<ul class="remarks">' + "".join(f"<li>{_e(m)}</li>" for m in remarks) + "</ul>")
    out.append("</section>")
    return "".join(out)


def _side(s: ConflictSide) -> str:
    return (f'<div class="side"><div class="value">{_e(s.value_text)}{_refs([s.note])}</div>'
            f"<blockquote>{_e(s.quote)}</blockquote>"
            f'<div class="muted">{_e(s.origin)}</div></div>')


def _conflicts(r: Report) -> str:
    out = [f'<section id="conflicts"><h2>{_e(r.label("conflicts"))}</h2>',
           f'<p class="muted">{_e(r.label("conflicts_intro", tolerance=round(TOLERANCE * 100)))}</p>']
    if not r.conflicts:
        out.append(f"<p>{_e(r.label('no_conflicts'))}</p>")
    for c in r.conflicts:
        out.append(f'<div class="conflict"><h4>{_e(c.indicator)} · {_e(c.country)} · {_e(c.period)}</h4>'
                   f'<div class="sides">{_side(c.a)}{_side(c.b)}</div>'
                   f'<p class="muted">{_e(c.consensus)}</p></div>')
    if r.conflicts_more:
        out.append(f'<p class="muted">+{r.conflicts_more} (aigap conflicts)</p>')
    out.append("</section>")
    return "".join(out)


def _gaps(r: Report) -> str:
    out = [f'<section id="gaps"><h2>{_e(r.label("gaps"))}</h2><p class="muted">{_e(r.label("gaps_intro"))}</p>']
    if not r.gaps:
        out.append(f"<p>{_e(r.label('no_gaps'))}</p></section>")
        return "".join(out)
    out.append(f'<table class="gaps"><tr><th>{_e(r.label("pillar"))}</th><th>{_e(r.label("indicator"))}</th>'
               f'<th>{_e(r.label("gaps_lack"))}</th><th></th></tr>')
    for g in r.gaps:
        note = r.label("gaps_common") if not g.lack else (f'{r.label("gaps_have")} {", ".join(g.have)}' if g.have else "")
        out.append(f"<tr><td>{_e(g.pillar)}</td><td>{_e(g.indicator)}</td><td>{_e(', '.join(g.lack) or '–')}</td>"
                   f'<td class="muted">{_e(note)}</td></tr>')
    out.append("</table></section>")
    return "".join(out)


def _footnote(r: Report, f: Footnote) -> str:
    # The source's own words (its sentence, title, name, the row as the dataset has it, ids and links)
    # are marked as such - a quotation in its language, <cite>, <code> - so that what the report says
    # in its own words is told apart from what it quotes.
    link = f' <a href="{_e(f.url)}" rel="noreferrer"><code>{_e(f.url)}</code></a>' if f.url else ""
    outlet = f"<cite>{_e(f.outlet)}</cite>" if f.outlet else ""
    # a dataset row's vintage may be its publication's name ("AI Index Report 2025, Economy chapter")
    date = f"<cite>{_e(f.date)}</cite>" if f.date and any(ch.isalpha() for ch in f.date) else _e(f.date or "")
    meta = ", ".join(x for x in (outlet, date) if x)
    if not f.resolved:
        body = f"<code>{_e(f.source)}</code> — {_e(r.label('unresolved'))}"
    elif f.kind == "claim":
        where = (f"{_e(r.label('claim'))} {_e(f.extra.get('claim_id', ''))}"
                 + (f", {_e(r.label('characters'))} {_e(f.locator)}" if f.locator else "")
                 + (f", <code>{_e(f.doc_id)}</code>" if f.doc_id else ""))
        title = f.title or f.doc_id or ""
        body = (f'<q lang="{_e(f.extra.get("language") or "und")}">{_e(f.quote or "")}</q>'
                + (f" — <cite>{_e(title)}</cite>" if title else "")
                + (f", {meta}" if meta else "") + f'. <span class="muted">{where}</span>'
                + (f' <span class="muted">({_e(f.note)})</span>' if f.note else "") + link)
    else:
        row = " ".join(x for x in (f.quote or "", f"({f.note})" if f.note else "") if x)
        body = (f"<cite>{_e(f.title or '')}</cite>" + (f" — {meta}" if meta else "")
                + f'. <span class="muted">{_e(r.label("dataset_row"))} <code>{_e(f.locator or "")}</code></span>: '
                + f"<code>{_e(row)}</code>" + link)
    return f'<li id="fn-{f.n}" value="{f.n}" data-source="{_e(f.source)}">{body}</li>'


def _edition_cell(edition: str) -> str:
    name, gloss = split_edition(edition)
    return f"<td><cite>{_e(name)}</cite>{_e(gloss)}</td>"


def _robustness(r: Report) -> str:
    s = r.robustness
    if s is None:
        return ""
    out = [f'<section id="robustness"><h2>{_e(r.label("robustness"))}</h2><p class="muted">'
           f'{_e(r.label("robustness_intro"))}</p><p class="sentences">']
    out += [f'<span class="sentence">{_e(x)}</span> ' for x in s.sentences]
    if s.mover_title:
        out.append(f"<cite>{_e(s.mover_title)}</cite>")
    out.append("</p>")
    if s.loo:
        out.append(f'<table class="robustness"><tr><th>{_e(r.label("loo_source"))}</th><th>{_e(r.label("loo_figures"))}'
                   f'</th><th>{_e(r.label("loo_without"))}</th><th>{_e(r.label("loo_change"))}</th></tr>')
        # a source's title as it is written (an article's, a dataset's)
        out += [f"<tr><td><cite>{_e(a)}</cite></td><td>{_e(b)}</td><td>{_e(c)}</td><td>{_e(d)}</td></tr>"
                for a, b, c, d in s.loo]
        out.append("</table>")
    if s.anchors:
        out.append(f'<h3>{_e(r.label("anchors"))}</h3><table class="anchors"><tr>'
                   + "".join(f"<th>{_e(c)}</th>" for c in s.anchor_columns) + "</tr>")
        # the index's and the edition's names as their publishers write them; aigap's gloss after them
        out += ["<tr>" + "".join(f"<td><cite>{_e(c)}</cite></td>" if i == 0 else _edition_cell(c) if i == 1
                                 else f"<td>{_e(c)}</td>" for i, c in enumerate(row)) + "</tr>" for row in s.anchors]
        out.append(f'</table><p class="muted">{_e(s.why)}</p>')
    out.append("</section>")
    return "".join(out)


def _methodology(r: Report) -> str:
    out = [f'<section id="methodology"><h2>{_e(r.label("methodology"))}</h2>']
    out += [f"<p>{_e(p)}</p>" for p in r.methodology]
    out.append(f'<h3>{_e(r.label("attribution"))}</h3><ul class="attribution">'
               # the attribution each dataset's licence asks for, in the licensor's words
               + "".join(f'<li><cite lang="en">{_e(a)}</cite></li>' for a in r.attribution) + "</ul></section>")
    return "".join(out)


def render_html(r: Report) -> str:
    lang = "zh-CN" if r.lang == "zh" else "en"
    body = [
        f"<header><h1>{_e(r.title)}</h1><p class=\"meta\">{_e(r.generated)}</p></header>",
        _headline(r),
        f'<section id="pillars"><h2>{_e(r.label("pillars"))}</h2>' + "".join(_pillar(r, p) for p in r.pillars)
        + "</section>",
        _lag(r), _conflicts(r), _gaps(r), _robustness(r), _methodology(r),
        f'<section id="sources"><h2>{_e(r.label("footnotes"))}</h2><ol class="footnotes">'
        + "".join(_footnote(r, f) for f in r.footnotes) + "</ol></section>",
    ]
    return (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">{html_meta()}'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(r.title)}</title><style>{CSS}</style></head>\n<body><main>\n"
            + "\n".join(body) + "\n</main></body></html>\n")
