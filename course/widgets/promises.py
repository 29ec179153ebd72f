"""Lesson 1 widgets on promises: the promise-vs-delivery explorer and the resolution-time histogram."""

from __future__ import annotations

from html import escape

import ipywidgets as W
import pandas as pd

from course.topics import promises
from course.widgets.base import Explorer, _, dataset, label

ALL_BRANCHES = "All branches"
ALL_CATEGORIES = "All categories"


def _verdict(rate: float) -> str:
    if rate >= 0.6:
        return _("Most tickets break the promise")
    if rate >= 0.4:
        return _("About half the tickets break the promise")
    if rate >= 0.15:
        return _("About one ticket in {n} breaks the promise").format(n=round(1 / rate))
    if rate > 0:
        return _("Few tickets break the promise")
    return _("Every ticket keeps the promise")


def describe_promise(r: dict) -> str:
    """The explorer's summary: the breach rate in words and numbers, and the departments that bounce most."""
    where = _("all branches") if r["branch"] == ALL_BRANCHES else escape(label(r["branch"]))
    what = _("all complaint categories") if r["category"] == ALL_CATEGORIES else escape(label(r["category"]))
    lines = [
        _("<b>Advertise {hours:.0f} h</b> ({where}, {what}): <b>{verdict}</b>: {rate:.0%} of {tickets:,} resolved "
          "tickets took longer. Typical (median) resolution time: {median:.1f} h.").format(
            hours=r["promise_hours"], where=where, what=what, verdict=_verdict(r["breach_rate"]),
            rate=r["breach_rate"], tickets=r["tickets"], median=r["median_hours"])]
    if r["multi_transfer_breach_rate"] == r["multi_transfer_breach_rate"]:  # not NaN
        lines.append(_("Tickets passed on two or more times: {rate:.0%} broken, median {median:.1f} h.").format(
            rate=r["multi_transfer_breach_rate"], median=r["multi_transfer_median_hours"]))
    dep = r["by_department"].head(3)
    rows = "".join(f"<tr><td>{escape(label(d))}</td><td>{x.share_passed_on:.0%}</td><td>{x.mean_transfers:.2f}</td>"
                   f"<td>{x.breach_rate:.0%}</td></tr>" for d, x in dep.iterrows())
    lines.append("<br>" + _("Departments that pass tickets on most (first department to receive the ticket):")
                 + "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>".format(
                     _("department"), _("passed on"), _("mean transfers"), _("breach rate"), rows))
    return "<br>".join(lines)


def draw_promise(r: dict, ax) -> None:
    """Bar chart: breach rate by number of transfers at the advertised promise, with the overall rate."""
    t = r["by_transfers"]
    bars = ax.bar(t.index.astype(str), 100 * t["breach_rate"], color="#d6604d")
    for bar, (_i, row) in zip(bars, t.iterrows(), strict=True):
        ax.annotate(_("median {hours:.0f} h\n{tickets:,} tickets").format(hours=row.median_hours,
                                                                           tickets=int(row.tickets)),
                    (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center", va="bottom", fontsize=8)
    ax.axhline(100 * r["breach_rate"], color="k", ls="--", lw=1,
               label=_("all tickets: {rate:.0%}").format(rate=r["breach_rate"]))
    ax.set_ylim(0, 115)
    ax.set_title(_("Promise of {hours:.0f} h: how often it breaks, by number of transfers").format(
        hours=r["promise_hours"]))
    ax.set_xlabel(_("times the ticket was passed to another department"))
    ax.set_ylabel(_("tickets resolved later than promised (%)"))
    ax.legend(loc="upper left", fontsize=8)


def promise_explorer(tickets: pd.DataFrame | None = None, promise_hours: int = 24) -> Explorer:
    """Set the resolution time you would advertise (and a branch / category); see how many resolved tickets
    would break it, how transfers drive breaches, and which departments bounce tickets."""
    tickets = dataset("tickets", tickets)
    branches = sorted(tickets["branch"].astype(str).unique())
    categories = sorted(tickets["category"].astype(str).unique())
    controls = {
        "promise_hours": W.IntSlider(value=promise_hours, min=4, max=96, step=2,
                                     description=_("Promise (h)"), continuous_update=False),
        "branch": W.Dropdown(options=[(_("All branches"), ALL_BRANCHES), *[(label(b), b) for b in branches]],
                             value=ALL_BRANCHES, description=_("Branch")),
        "category": W.Dropdown(options=[(_("All categories"), ALL_CATEGORIES),
                                        *[(label(c), c) for c in categories]],
                               value=ALL_CATEGORIES, description=_("Category")),
    }
    ex = Explorer(controls, lambda **kw: promises.promise_vs_delivery(tickets, **kw), describe_promise,
                  draw_promise, title=_("Promise vs delivery (承诺与实际)"), figsize=(7, 3.8))
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
        _fig, ax = plt.subplots(figsize=(7, 3.4))
    ax.hist(h, bins=np.logspace(np.log10(max(h.min(), 0.5)), np.log10(h.max()), 40), color="#92c5de",
            edgecolor="white")
    ax.set_xscale("log")
    for x, text, style in ((promise_hours, _("promise {hours:g} h").format(hours=promise_hours), "-"),
                           (h.median(), _("median {hours:.1f} h").format(hours=h.median()), "--"),
                           (h.mean(), _("mean {hours:.1f} h").format(hours=h.mean()), ":")):
        ax.axvline(x, color="k", ls=style, lw=1.2, label=text)
    lost = h[h > promises.LOST_HOURS]
    if len(lost):
        ax.annotate(_("{n} tickets lost for weeks").format(n=len(lost)), (lost.min(), 1),
                    xytext=(lost.min() / 6, 60), arrowprops={"arrowstyle": "->"}, fontsize=8)
    ax.set_title(_("Resolution time of resolved tickets (log scale)"))
    ax.set_xlabel(_("hours from complaint to resolution"))
    ax.set_ylabel(_("tickets"))
    ax.legend(fontsize=8)
    return ax
