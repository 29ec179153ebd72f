"""Lesson 1 widgets on promises: the promise-vs-delivery explorer and the resolution-time histogram."""

from __future__ import annotations

from html import escape

import ipywidgets as W
import pandas as pd

from course.topics import promises
from course.widgets.base import Explorer, dataset

ALL_BRANCHES = "All branches"
ALL_CATEGORIES = "All categories"


def _verdict(rate: float) -> str:
    if rate >= 0.6:
        return "Most tickets break the promise"
    if rate >= 0.4:
        return "About half the tickets break the promise"
    if rate >= 0.15:
        return f"About one ticket in {round(1 / rate)} breaks the promise"
    if rate > 0:
        return "Few tickets break the promise"
    return "Every ticket keeps the promise"


def describe_promise(r: dict) -> str:
    """The explorer's summary: the breach rate in words and numbers, and the departments that bounce most."""
    where = "all branches" if r["branch"] == ALL_BRANCHES else escape(r["branch"])
    what = "all complaint categories" if r["category"] == ALL_CATEGORIES else escape(r["category"])
    lines = [
        f"<b>Advertise {r['promise_hours']:.0f} h</b> ({where}, {what}): <b>{_verdict(r['breach_rate'])}</b>: "
        f"{r['breach_rate']:.0%} of {r['tickets']:,} resolved tickets took longer. "
        f"Typical (median) resolution time: {r['median_hours']:.1f} h."]
    if r["multi_transfer_breach_rate"] == r["multi_transfer_breach_rate"]:  # not NaN
        lines.append(f"Tickets passed on two or more times: {r['multi_transfer_breach_rate']:.0%} broken, "
                     f"median {r['multi_transfer_median_hours']:.1f} h.")
    dep = r["by_department"].head(3)
    rows = "".join(f"<tr><td>{escape(d)}</td><td>{x.share_passed_on:.0%}</td><td>{x.mean_transfers:.2f}</td>"
                   f"<td>{x.breach_rate:.0%}</td></tr>" for d, x in dep.iterrows())
    lines.append("<br>Departments that pass tickets on most (first department to receive the ticket):"
                 "<table><tr><th>department</th><th>passed on</th><th>mean transfers</th>"
                 f"<th>breach rate</th></tr>{rows}</table>")
    return "<br>".join(lines)


def draw_promise(r: dict, ax) -> None:
    """Bar chart: breach rate by number of transfers at the advertised promise, with the overall rate."""
    t = r["by_transfers"]
    bars = ax.bar(t.index.astype(str), 100 * t["breach_rate"], color="#d6604d")
    for bar, (_, row) in zip(bars, t.iterrows(), strict=True):
        ax.annotate(f"median {row.median_hours:.0f} h\n{int(row.tickets):,} tickets",
                    (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center", va="bottom", fontsize=8)
    ax.axhline(100 * r["breach_rate"], color="k", ls="--", lw=1, label=f"all tickets: {r['breach_rate']:.0%}")
    ax.set_ylim(0, 115)
    ax.set_title(f"Promise of {r['promise_hours']:.0f} h: how often it breaks, by number of transfers")
    ax.set_xlabel("times the ticket was passed to another department")
    ax.set_ylabel("tickets resolved later than promised (%)")
    ax.legend(loc="upper left", fontsize=8)


def promise_explorer(tickets: pd.DataFrame | None = None, promise_hours: int = 24) -> Explorer:
    """Set the resolution time you would advertise (and a branch / category); see how many resolved tickets
    would break it, how transfers drive breaches, and which departments bounce tickets."""
    tickets = dataset("tickets", tickets)
    controls = {
        "promise_hours": W.IntSlider(value=promise_hours, min=4, max=96, step=2,
                                     description="Promise (h)", continuous_update=False),
        "branch": W.Dropdown(options=[ALL_BRANCHES, *sorted(tickets["branch"].astype(str).unique())],
                             value=ALL_BRANCHES, description="Branch"),
        "category": W.Dropdown(options=[ALL_CATEGORIES, *sorted(tickets["category"].astype(str).unique())],
                               value=ALL_CATEGORIES, description="Category"),
    }
    ex = Explorer(controls, lambda **kw: promises.promise_vs_delivery(tickets, **kw), describe_promise,
                  draw_promise, title="Promise vs delivery (承诺与实际)", figsize=(7, 3.8))
    ex.widget.add_class("course-promise-explorer")
    return ex


def plot_hours(tickets: pd.DataFrame | None = None, promise_hours: float = 24, ax=None):
    """Histogram of resolution times on a log scale, with the promise and the lost tickets marked, to show
    why the median (not the mean) describes the typical ticket."""
    import matplotlib.pyplot as plt
    import numpy as np

    res = promises.resolved(dataset("tickets", tickets))
    h = res["resolved_hours"].astype(float)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.4))
    ax.hist(h, bins=np.logspace(np.log10(max(h.min(), 0.5)), np.log10(h.max()), 40), color="#92c5de",
            edgecolor="white")
    ax.set_xscale("log")
    for x, label, style in ((promise_hours, f"promise {promise_hours:g} h", "-"),
                            (h.median(), f"median {h.median():.1f} h", "--"),
                            (h.mean(), f"mean {h.mean():.1f} h", ":")):
        ax.axvline(x, color="k", ls=style, lw=1.2, label=label)
    lost = h[h > promises.LOST_HOURS]
    if len(lost):
        ax.annotate(f"{len(lost)} tickets lost for weeks", (lost.min(), 1), xytext=(lost.min() / 6, 60),
                    arrowprops={"arrowstyle": "->"}, fontsize=8)
    ax.set_title("Resolution time of resolved tickets (log scale)")
    ax.set_xlabel("hours from complaint to resolution")
    ax.set_ylabel("tickets")
    ax.legend(fontsize=8)
    return ax
