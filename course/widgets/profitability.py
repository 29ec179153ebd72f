"""Lesson 6 widgets on profitability: the keep / fix / let-go decision board, the whale curve, and the five
divestment steps and six firing steps. Thin wrappers over course.topics.profitability."""

from __future__ import annotations

from html import escape

import ipywidgets as W
import pandas as pd

from course.i18n import current
from course.topics import profitability
from course.widgets.base import N_, Explorer, _, colon, dataset, label

COLOURS = {"keep": "#1b7837", "fix": "#f1a340", "let go": "#b2182b"}

COLUMNS = {"step": N_("step"), "name_en": N_("name en"), "name_zh": N_("name zh"),
           "what_to_do": N_("what to do"), "case": N_("case"), "reason": N_("reason"), "example": N_("example")}
"""Column headings of the lesson's tables (steps, reasons), translated when shown."""


def decision_board(accounts: pd.DataFrame | None = None) -> Explorer:
    """Sliders for the thresholds (profit floor, calls a month, days late); the summary counts keep / fix /
    let go, the profit at stake and the divestment step for each client; the chart shows who falls where."""
    data = profitability.profit_after_cost_to_serve(dataset("accounts", accounts))
    style = {"description_width": "230px"}
    lay = W.Layout(width="560px")
    controls = {
        "min_profit_cny": W.IntSlider(value=0, min=-20_000, max=20_000, step=1_000, style=style, layout=lay,
                                      description=_("Profit floor (CNY/year)"), continuous_update=False),
        "max_calls": W.IntSlider(value=20, min=1, max=50, step=1, style=style, layout=lay,
                                 description=_("Max service calls a month"), continuous_update=False),
        "max_delay_days": W.IntSlider(value=60, min=0, max=240, step=5, style=style, layout=lay,
                                      description=_("Max days paid late"), continuous_update=False),
    }

    def compute(min_profit_cny: float, max_calls: float, max_delay_days: float) -> dict:
        cls = profitability.classify(data, min_profit_cny=min_profit_cny, max_calls=max_calls,
                                     max_delay_days=max_delay_days)
        return {"classified": cls, "summary": profitability.decision_summary(cls),
                "steps": profitability.step_counts(cls), "naive": profitability.profit_if_let_go(cls)}

    def describe(r: dict) -> str:
        s, steps, naive = r["summary"], r["steps"], r["naive"]
        rows = "".join(f"<tr><td style='color:{COLOURS[d]}'><b>{label(d)}</b></td><td>{int(s.loc[d, 'clients'])}</td>"
                       f"<td>{s.loc[d, 'profit_cny']:,.0f}</td></tr>" for d in profitability.DECISIONS)
        step_rows = " · ".join(f"{label(k)}{colon()}<b>{int(v)}</b>" for k, v in steps.items())
        head = "<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>".format(
            _("decision"), _("clients"), _("profit after cost to serve (CNY)"), rows)
        return head + _(
            "<p>Divestment step for the clients not kept: {steps}.</p><p>Naive arithmetic: dropping the {dropped} "
            "let-go clients would raise yearly profit from {now:,.0f} to {after:,.0f} CNY ({gain:+,.0f}), <i>if nobody "
            "reacted</i>. "
            "The competition simulator below asks what a rival would do.</p>").format(
            steps=step_rows, dropped=naive["clients_dropped"], now=naive["profit_now_cny"],
            after=naive["profit_after_cny"], gain=naive["gain_cny"])

    def draw(r: dict, ax) -> None:
        c = r["classified"]
        for d in profitability.DECISIONS:
            part = c[c["decision"] == d]
            ax.scatter(part["service_calls_per_month"], part["profit_cny"] / 1000, s=12, alpha=0.7,
                       color=COLOURS[d], label=_("{decision} ({n})").format(decision=label(d), n=len(part)))
        ax.axhline(controls["min_profit_cny"].value / 1000, color="grey", lw=0.8, ls="--")
        ax.axvline(controls["max_calls"].value, color="grey", lw=0.8, ls=":")
        ax.set(title=_("Keep, fix or let go: each dot is a client"), xlabel=_("service calls per month"),
               ylabel=_("profit after cost to serve (thousand CNY/year)"))
        ax.legend(loc="lower left", fontsize=8)

    ex = Explorer(controls, compute, describe, draw, title=_("Decision board: keep, fix or let go?"))
    ex.widget.add_class("course-decision-board")
    return ex


def as_markdown(table: pd.DataFrame) -> str:
    """A small table (steps, reasons) as a markdown table with full text, for display with IPython Markdown;
    headings and texts in the language in use (a column of names in one language, *_en / *_zh, as it is)."""
    def cell(x: object, column: str) -> str:
        text = str(x) if column.endswith(("_en", "_zh")) else label(x)
        return text.replace("|", "\\|").replace("\n", " ")

    head = "| " + " | ".join(_(COLUMNS[c]) if c in COLUMNS else str(c).replace("_", " ")
                             for c in table.columns) + " |"
    rule = "|" + "---|" * len(table.columns)
    rows = ["| " + " | ".join(cell(x, str(c)) for x, c in zip(row, table.columns, strict=True)) + " |"
            for row in table.itertuples(index=False)]
    return "\n".join([head, rule, *rows])


def plot_whale_curve(accounts: pd.DataFrame | None = None, ax=None):
    """Draw the whale curve: cumulative profit (% of total) against clients ranked by profit (%)."""
    import matplotlib.pyplot as plt

    curve = profitability.whale_curve(dataset("accounts", accounts))
    if ax is None:
        _fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.plot(curve["client_pct"], curve["cum_profit_pct"], color="#2166ac")
    ax.axhline(100, color="grey", lw=0.8, ls="--")
    peak = curve["cum_profit_pct"].idxmax() if len(curve) else None
    if peak is not None:
        ax.scatter([curve.loc[peak, "client_pct"]], [curve.loc[peak, "cum_profit_pct"]], color="#b2182b", zorder=3)
    ax.set(title=_("Whale curve: where the profit comes from and where it goes"),
           xlabel=_("clients ranked from most to least profitable (%)"),
           ylabel=_("cumulative profit after cost to serve (% of total)"))
    return ax


def steps_panel() -> W.Accordion:
    """The five divestment steps (seed 004) and the six steps to fire a customer (seed 001), as two panels."""
    zh = current() == "zh"
    five = "".join(
        (_("<li><b>{name}</b> ({name_zh}): {what} <i>Case:</i> {case}</li>") if not zh else
         _("<li><b>{name_zh}</b>: {what} <i>Case:</i> {case}</li>")).format(
            name=escape(r.step), name_zh=r.name_zh, what=escape(_(r.what_to_do)), case=escape(_(r.case)))
        for r in profitability.DIVESTMENT_STEPS.itertuples())
    six = "".join(
        (_("<li><b>{name}</b> ({name_zh}): {what}</li>") if not zh else _("<li><b>{name_zh}</b>: {what}</li>")).format(
            name=escape(r.name_en), name_zh=r.name_zh, what=escape(_(r.what_to_do)))
        for r in profitability.FIRING_STEPS.itertuples())
    acc = W.Accordion(children=[W.HTML(f"<ol>{five}</ol>"), W.HTML(f"<ol>{six}</ol>")])
    acc.set_title(0, _("Five steps before divesting a customer (客户剥离五步)"))
    acc.set_title(1, _("Six steps to fire a customer (炒掉客户六步)"))
    acc.add_class("course-steps")
    return acc
