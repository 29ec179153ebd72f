"""Lesson 4 widgets: the Pareto / whale-curve explorer and the performance : satisfaction balance."""

from __future__ import annotations

import ipywidgets as W
import pandas as pd

from course.topics import segmentation as S
from course.widgets.base import Explorer, _, dataset, label, listing, options

RANKINGS = {"revenue": "revenue_cny", "profit": "profit_cny"}


def pareto_explorer(customers: pd.DataFrame | None = None, cutoff_pct: int = 20) -> Explorer:
    """Move the key-account cut-off (top x% of customers) and see the share of revenue and of profit covered,
    on the Pareto curve of revenue and the whale curve of profit."""
    df = S.add_profit(dataset("customers", customers))
    if df.empty:
        raise ValueError(_("the customer ledger is empty: nothing to explore."))
    curves = {name: (S.pareto_curve(df["revenue_cny"], rank_by=df[col]), S.whale_curve(df["profit_cny"],
                                                                                         rank_by=df[col]))
              for name, col in RANKINGS.items()}

    def compute(cutoff_pct: int, rank_by: str) -> dict:
        out = S.coverage(df, cutoff_pct / 100, rank_by=RANKINGS[rank_by])
        out["rank_by"] = rank_by
        out["cutoff_pct"] = cutoff_pct
        return out

    def describe(r: dict) -> str:
        if r["k"] == 0:
            return _("<b>No key accounts</b> at a 0% cut-off: nobody gets special resources, and the key-account "
                     "tier covers 0% of revenue and of profit.")
        text = _("The top <b>{cutoff}%</b> of customers by {rank_by} (<b>{k:,}</b> of {n:,}) bring <b>{revenue:.0%}"
                 "</b> of revenue and <b>{profit:.0%}</b> of profit.").format(
            cutoff=r["cutoff_pct"], rank_by=label(r["rank_by"]), k=r["k"], n=r["n"], revenue=r["revenue_cny"],
            profit=r["profit_cny"])
        if r["profit_cny"] > 1.0005:
            text += _(" That is <b>more than all the profit</b>: the customers outside the tier lose money together "
                      "(the whale curve's tail).")
        elif r["k"] == r["n"]:
            text += _(" At 100% everyone is a 'key account', so the label means nothing.")
        return text

    def draw(r: dict, ax) -> None:
        pareto, whale = curves[r["rank_by"]]
        ax.plot(pareto["customer_pct"], pareto["cum_pct"], label=_("revenue (Pareto curve)"), color="#2166ac")
        ax.plot(whale["customer_pct"], whale["cum_pct"], label=_("profit (whale curve)"), color="#b2182b")
        ax.axhline(100, color="grey", lw=0.8, ls=":")
        ax.axvline(r["cutoff_pct"], color="black", lw=1, ls="--",
                   label=_("cut-off {cutoff}%").format(cutoff=r["cutoff_pct"]))
        ax.set(title=_("Customers ranked by {rank_by}: cumulative share covered").format(rank_by=label(r["rank_by"])),
               xlabel=_("customers, from largest (% of all customers)"),
               ylabel=_("cumulative share of total (%)"), xlim=(0, 100))
        ax.legend(loc="lower right", fontsize=8)

    controls = {
        "cutoff_pct": W.IntSlider(value=cutoff_pct, min=0, max=100, step=1, description=_("Top %"),
                                  continuous_update=False),
        "rank_by": W.Dropdown(options=options(RANKINGS), value="revenue", description=_("Rank by")),
    }
    ex = Explorer(controls, compute, describe, draw, title=_("Where is the cut-off for key accounts?"))
    ex.widget.add_class("course-pareto-explorer")
    return ex


def balance_explorer(stage: str = "start-up", performance_pct: int = 80) -> Explorer:
    """Choose the company's stage and a performance : satisfaction split; see whether both wheels still turn."""

    def compute(stage: str, performance_pct: int) -> dict:
        return S.balance_check(stage, performance_pct)

    def describe(r: dict) -> str:
        colour = "#1b7837" if r["verdict"] == "in balance" else "#b2182b"
        pairs = listing(f"{a}:{b}" for a, b in S.BALANCE[r["stage"]])
        why = _(r["why"])
        return _("A <b>{stage}</b> firm at <b>{ratio}</b> (performance : satisfaction) is <b style='color:{colour}'>"
                 "{verdict}</b>. {why}. The seed's guidance for this stage: {pairs} (performance {low:.0f}-"
                 "{high:.0f}%).").format(stage=label(r["stage"]), ratio=r["ratio"], colour=colour,
                                          verdict=label(r["verdict"]), why=why[0].upper() + why[1:], pairs=pairs,
                                          low=r["band_low"], high=r["band_high"])

    def draw(r: dict, ax) -> None:
        for y, st in enumerate(S.BALANCE):
            lo = min(a for a, _b in S.BALANCE[st]) * 10
            hi = max(a for a, _b in S.BALANCE[st]) * 10
            ax.barh(y, hi - lo, left=lo, height=0.5, color="#d9f0d3" if st == r["stage"] else "#eeeeee",
                    edgecolor="#1b7837" if st == r["stage"] else "#999999")
            for a, _b in S.BALANCE[st]:
                ax.plot(a * 10, y, "|", color="#555555", ms=14)
        y = list(S.BALANCE).index(r["stage"])
        ax.plot(r["performance_pct"], y, "o", color="#b2182b", ms=10, label=_("your split"))
        ax.set(yticks=range(len(S.BALANCE)), yticklabels=[label(st) for st in S.BALANCE], xlim=(0, 100),
               title=_("Performance weight: your split against the seed's band for each stage"),
               xlabel=_("weight on performance (%); the rest goes to satisfaction"), ylabel=_("company stage"))
        ax.legend(loc="lower left", fontsize=8)

    controls = {
        "stage": W.ToggleButtons(options=options(S.BALANCE), value=stage, description=_("Stage")),
        "performance_pct": W.IntSlider(value=performance_pct, min=0, max=100, step=10,
                                       description=_("Performance %"), continuous_update=False),
    }
    ex = Explorer(controls, compute, describe, draw, title=_("Two wheels: performance and satisfaction"),
                  figsize=(7, 2.6))
    ex.widget.add_class("course-balance-explorer")
    return ex
