"""Lesson 6 widgets on profitability: the keep / fix / let-go decision board, the whale curve, and the five
divestment steps and six firing steps. Thin wrappers over course.topics.profitability."""

from __future__ import annotations

from html import escape

import ipywidgets as W
import pandas as pd

from course.topics import profitability
from course.widgets.base import Explorer, dataset

COLOURS = {"keep": "#1b7837", "fix": "#f1a340", "let go": "#b2182b"}


def decision_board(accounts: pd.DataFrame | None = None) -> Explorer:
    """Sliders for the thresholds (profit floor, calls a month, days late); the summary counts keep / fix /
    let go, the profit at stake and the divestment step for each client; the chart shows who falls where."""
    data = profitability.profit_after_cost_to_serve(dataset("accounts", accounts))
    style = {"description_width": "230px"}
    lay = W.Layout(width="560px")
    controls = {
        "min_profit_cny": W.IntSlider(value=0, min=-20_000, max=20_000, step=1_000, style=style, layout=lay,
                                      description="Profit floor (CNY/year)", continuous_update=False),
        "max_calls": W.IntSlider(value=20, min=1, max=50, step=1, style=style, layout=lay,
                                 description="Max service calls a month", continuous_update=False),
        "max_delay_days": W.IntSlider(value=60, min=0, max=240, step=5, style=style, layout=lay,
                                      description="Max days paid late", continuous_update=False),
    }

    def compute(min_profit_cny: float, max_calls: float, max_delay_days: float) -> dict:
        cls = profitability.classify(data, min_profit_cny=min_profit_cny, max_calls=max_calls,
                                     max_delay_days=max_delay_days)
        return {"classified": cls, "summary": profitability.decision_summary(cls),
                "steps": profitability.step_counts(cls), "naive": profitability.profit_if_let_go(cls)}

    def describe(r: dict) -> str:
        s, steps, naive = r["summary"], r["steps"], r["naive"]
        rows = "".join(f"<tr><td style='color:{COLOURS[d]}'><b>{d}</b></td><td>{int(s.loc[d, 'clients'])}</td>"
                       f"<td>{s.loc[d, 'profit_cny']:,.0f}</td></tr>" for d in profitability.DECISIONS)
        step_rows = " · ".join(f"{k}: <b>{int(v)}</b>" for k, v in steps.items())
        return (f"<table><tr><th>decision</th><th>clients</th><th>profit after cost to serve (CNY)</th></tr>"
                f"{rows}</table><p>Divestment step for the clients not kept: {step_rows}.</p>"
                f"<p>Naive arithmetic: dropping the {naive['clients_dropped']} let-go clients would raise yearly "
                f"profit from {naive['profit_now_cny']:,.0f} to {naive['profit_after_cny']:,.0f} CNY "
                f"({naive['gain_cny']:+,.0f}), <i>if nobody reacted</i>. The competition simulator below asks "
                f"what a rival would do.</p>")

    def draw(r: dict, ax) -> None:
        c = r["classified"]
        for d in profitability.DECISIONS:
            part = c[c["decision"] == d]
            ax.scatter(part["service_calls_per_month"], part["profit_cny"] / 1000, s=12, alpha=0.7,
                       color=COLOURS[d], label=f"{d} ({len(part)})")
        ax.axhline(controls["min_profit_cny"].value / 1000, color="grey", lw=0.8, ls="--")
        ax.axvline(controls["max_calls"].value, color="grey", lw=0.8, ls=":")
        ax.set(title="Keep, fix or let go: each dot is a client", xlabel="service calls per month",
               ylabel="profit after cost to serve (thousand CNY/year)")
        ax.legend(loc="lower left", fontsize=8)

    ex = Explorer(controls, compute, describe, draw, title="Decision board: keep, fix or let go?")
    ex.widget.add_class("course-decision-board")
    return ex


def as_markdown(table: pd.DataFrame) -> str:
    """A small table (steps, reasons) as a markdown table with full text, for display with IPython Markdown."""
    def cell(x: object) -> str:
        return str(x).replace("|", "\\|").replace("\n", " ")

    head = "| " + " | ".join(cell(c).replace("_", " ") for c in table.columns) + " |"
    rule = "|" + "---|" * len(table.columns)
    rows = ["| " + " | ".join(cell(x) for x in row) + " |" for row in table.itertuples(index=False)]
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
    ax.set(title="Whale curve: where the profit comes from and where it goes",
           xlabel="clients ranked from most to least profitable (%)",
           ylabel="cumulative profit after cost to serve (% of total)")
    return ax


def steps_panel() -> W.Accordion:
    """The five divestment steps (seed 004) and the six steps to fire a customer (seed 001), as two panels."""
    five = "".join(f"<li><b>{escape(r.step)}</b> ({r.name_zh}): {escape(r.what_to_do)} <i>Case:</i> "
                   f"{escape(r.case)}</li>" for r in profitability.DIVESTMENT_STEPS.itertuples())
    six = "".join(f"<li><b>{escape(r.name_en)}</b> ({r.name_zh}): {escape(r.what_to_do)}</li>"
                  for r in profitability.FIRING_STEPS.itertuples())
    acc = W.Accordion(children=[W.HTML(f"<ol>{five}</ol>"), W.HTML(f"<ol>{six}</ol>")])
    acc.set_title(0, "Five steps before divesting a customer (客户剥离五步)")
    acc.set_title(1, "Six steps to fire a customer (炒掉客户六步)")
    acc.add_class("course-steps")
    return acc
