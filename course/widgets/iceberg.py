"""Lesson 2 widget: the complaint iceberg estimator, drawn as an iceberg.

Pure Python, pandas, numpy, matplotlib and ipywidgets only: this lesson also runs in JupyterLite (Pyodide).
"""

from __future__ import annotations

import math

import ipywidgets as W
import numpy as np
import pandas as pd

from course.i18n import money
from course.topics import iceberg
from course.widgets.base import Explorer, _, dataset, label, options


def compute(tarp: pd.DataFrame, complaints: int, complaint_rate: float, customers: int,
            revenue_per_customer: float, problem_size: str, resolved_share: float, quick_share: float) -> dict:
    """Run the iceberg model; an impossible combination comes back as {'error': message} instead of raising,
    so the widget can say what to change."""
    try:
        return iceberg.iceberg(complaints, complaint_rate, customers, revenue_per_customer,
                               iceberg.repurchase_rates(tarp, problem_size), resolved_share, quick_share)
    except ValueError as e:
        return {"error": str(e)}


def _cny(x: float) -> str:
    return money(x)


def describe(r: dict) -> str:
    """The estimator's summary: silent dissatisfied, revenue at risk, and what faster resolution recovers."""
    if "error" in r:
        return _("<b style='color:#b2182b'>Cannot estimate:</b> {error}.").format(error=r["error"])
    ratio = r["silent"] / r["complaints"] if r["complaints"] else float("nan")
    values = {"complaints": r["complaints"], "rate": r["complaint_rate"], "dissatisfied": r["dissatisfied"],
              "share": r["dissatisfied_share"], "customers": r["customers"], "silent": r["silent"], "ratio": ratio}
    if math.isnan(ratio):
        head = _("<b>{complaints:,.0f} complaints</b> at a {rate:.1%} complaint rate mean <b>{dissatisfied:,.0f} "
                 "dissatisfied customers</b> ({share:.1%} of your {customers:,.0f} customers): <b>{silent:,.0f} "
                 "stay silent</b>.")
    else:
        head = _("<b>{complaints:,.0f} complaints</b> at a {rate:.1%} complaint rate mean <b>{dissatisfied:,.0f} "
                 "dissatisfied customers</b> ({share:.1%} of your {customers:,.0f} customers): <b>{silent:,.0f} "
                 "stay silent</b> ({ratio:,.1f} for every complaint).")
    head = head.format(**values)
    risk = (_("Expected not to buy again: {lost:,.0f} customers, <b>revenue at risk {risk}</b> a year, "
              "{silent_share:.0%} of it from the silent.").format(
                lost=r["customers_lost"], risk=_cny(r["revenue_at_risk"]),
                silent_share=r["silent_revenue_at_risk"] / r["revenue_at_risk"])
            if r["revenue_at_risk"] else _("No revenue at risk at these inputs."))
    if r["recovered_customers"] > 0.5:
        fast = _("Closing every resolved complaint quickly would keep {kept:,.0f} more customers: <b>faster "
                 "resolution recovers {recovered}</b>.").format(kept=r["recovered_customers"],
                                                                recovered=_cny(r["recovered_revenue"]))
    else:
        fast = _("Faster resolution recovers almost nothing here: the resolved complaints are already quick.")
    return "<br>".join([head, risk, fast])


def _diamond(depth_top: float, half_height: float, half_width: float) -> tuple[np.ndarray, np.ndarray]:
    top = depth_top
    mid = top - half_height
    bottom = mid - half_height
    xs = np.array([0, half_width * 0.8, half_width, half_width * 0.55, 0, -half_width * 0.6, -half_width,
                   -half_width * 0.75, 0])
    ys = np.array([top, mid + 0.2 * half_height, mid, bottom + 0.45 * half_height, bottom,
                   bottom + 0.4 * half_height, mid, mid + 0.25 * half_height, top])
    return xs, ys


def _area(xs: np.ndarray, ys: np.ndarray) -> float:
    return 0.5 * abs(float(np.dot(xs, np.roll(ys, 1)) - np.dot(ys, np.roll(xs, 1))))


def _clip(xs: np.ndarray, ys: np.ndarray, above: bool) -> tuple[np.ndarray, np.ndarray]:
    """The part of a closed polygon above (or below) y = 0: clip it to the half-plane (Sutherland-Hodgman)."""
    pts = list(zip(xs[:-1], ys[:-1], strict=True))
    inside = (lambda y: y >= 0) if above else (lambda y: y <= 0)
    out = []
    for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1], strict=True):
        if inside(y1):
            out.append((x1, y1))
        if inside(y1) != inside(y2) and y1 != y2:
            t = y1 / (y1 - y2)
            out.append((x1 + t * (x2 - x1), 0.0))
    if len(out) < 3:
        return np.array([]), np.array([])
    cx, cy = np.array(out + out[:1]).T
    return cx, cy


def _area_above_water(xs: np.ndarray, ys: np.ndarray) -> float:
    cx, cy = _clip(xs, ys, above=True)
    return _area(cx, cy) if len(cx) else 0.0


def waterline_depth(share_above: float, half_height: float = 1.0, half_width: float = 1.1) -> float:
    """Height of the iceberg's top above the water such that `share_above` of its area shows: found by
    bisection, so the drawing is to scale (the tip's area is the complaints, the rest the silent)."""
    f = min(max(share_above, 0.0), 1.0)
    xs, ys = _diamond(0.0, half_height, half_width)
    total = _area(xs, ys)
    lo, hi = 0.0, 2 * half_height
    for _step in range(40):
        mid = (lo + hi) / 2
        if _area_above_water(xs, ys + mid) / total < f:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def draw(r: dict, ax) -> None:
    """Draw the iceberg: the tip above the waterline is the complaints, the mass below the silent."""
    ax.axhspan(-2.3, 0, color="#c6dbef", zorder=0)
    ax.axhline(0, color="#2166ac", lw=1.5)
    ax.set_xlim(-2.2, 2.2)
    ax.set_ylim(-2.3, 2.1)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_ylabel(_("dissatisfied customers\n(area ∝ number)"))
    if "error" in r:
        ax.set_title(_("The complaint iceberg: no estimate at these inputs"))
        ax.text(0, 0.8, _("Check the inputs (see the message above)"), ha="center", fontsize=10)
        return
    if not r["dissatisfied"]:
        ax.set_title(_("The complaint iceberg: no complaints counted"))
        ax.text(0, 0.8, _("With 0 complaints the count gives no estimate of the silent"), ha="center", fontsize=10)
        return
    share = r["complaints"] / r["dissatisfied"]
    top = waterline_depth(share, 1.0, 1.1)
    xs, ys = _diamond(top, 1.0, 1.1)
    ax.fill(xs, ys, color="white", ec="#4a6fa5", lw=1.5, zorder=2)
    bx, by = _clip(xs, ys, above=False)
    if len(bx):
        ax.fill(bx, by, color="#9ecae1", ec="none", zorder=3)
    ax.text(1.25, max(top, 0.15) / 2 + 0.05,
            _("complaints you see\n{n:,.0f} ({share:.1%})").format(n=r["complaints"], share=share),
            va="center", fontsize=9, zorder=4)
    ax.text(0, (top - 2.0) / 2 if top < 2 else -0.1,
            _("silent dissatisfied\n{n:,.0f} ({share:.1%})").format(n=r["silent"], share=1 - share),
            ha="center", va="center", fontsize=10, zorder=4)
    ax.text(-2.1, -2.15, _("revenue at risk: {risk} a year\nfaster resolution recovers: {recovered}").format(
        risk=_cny(r["revenue_at_risk"]), recovered=_cny(r["recovered_revenue"])), fontsize=8, zorder=4)
    ax.set_title(_("The complaint iceberg: the complaints you count vs the silent dissatisfied"))


def iceberg_explorer(tarp: pd.DataFrame | None = None, complaints: int = 450, complaint_rate: float = 0.04,
                     customers: int = 175_000, revenue_per_customer: float = 2800.0,
                     problem_size: str = "under USD 5", resolved_share: float = 0.9,
                     quick_share: float = 0.75) -> Explorer:
    """The iceberg estimator: complaints counted, complaint rate, customers, revenue per customer and the TARP
    repurchase figures by resolution speed -> silent dissatisfied, revenue at risk, what faster resolution
    recovers."""
    tarp = dataset("tarp_repurchase", tarp)
    pct = dict(readout_format=".1%", continuous_update=False, style={"description_width": "160px"},
               layout=W.Layout(width="480px"))
    num = dict(continuous_update=False, style={"description_width": "160px"}, layout=W.Layout(width="480px"))
    controls = {
        "complaints": W.IntSlider(value=int(complaints), min=0, max=max(2000, int(complaints)), step=1,
                                  description=_("Complaints counted"), **num),
        "complaint_rate": W.FloatSlider(value=complaint_rate, min=0.01, max=0.75, step=0.001,
                                        description=_("Complaint rate"), **pct),
        "customers": W.IntSlider(value=int(customers), min=1000, max=max(400_000, int(customers)), step=1000,
                                 description=_("Customers"), **num),
        "revenue_per_customer": W.FloatSlider(value=revenue_per_customer, min=0, max=10_000, step=50,
                                              description=_("Revenue/customer (CNY/yr)"), readout_format=",.0f",
                                              **num),
        "problem_size": W.Dropdown(options=options(iceberg.PROBLEM_SIZES), value=problem_size,
                                   description=_("Problem size (TARP)"), style={"description_width": "160px"}),
        "resolved_share": W.FloatSlider(value=resolved_share, min=0, max=1, step=0.01,
                                        description=_("Complaints resolved"), **pct),
        "quick_share": W.FloatSlider(value=quick_share, min=0, max=1, step=0.01,
                                     description=_("…of those, quickly"), **pct),
    }
    ex = Explorer(controls, lambda **kw: compute(tarp, **kw), describe, draw,
                  title=_("Complaint iceberg estimator (投诉冰山估算)"), figsize=(7, 4.2))
    ex.widget.add_class("course-iceberg")
    return ex


def plot_tarp(tarp: pd.DataFrame | None = None, ax=None):
    """Grouped bars of the TARP repurchase figures: by outcome, for small and big problems."""
    import matplotlib.pyplot as plt

    tarp = dataset("tarp_repurchase", tarp)
    if ax is None:
        _fig, ax = plt.subplots(figsize=(7, 3.4))
    width = 0.38
    xs = np.arange(len(iceberg.OUTCOMES))
    for k, size in enumerate(iceberg.PROBLEM_SIZES):
        rates = iceberg.repurchase_rates(tarp, size)
        vals = [100 * rates[o] for o in iceberg.OUTCOMES]
        bars = ax.bar(xs + (k - 0.5) * width, vals, width, label=_("loss {size}").format(size=label(size)),
                      color=("#92c5de", "#2166ac")[k])
        ax.bar_label(bars, fmt="%.0f%%", fontsize=8)
    ax.set_xticks(xs, [label(o).replace(", ", ",\n") for o in iceberg.OUTCOMES])
    ax.set_ylim(0, 105)
    ax.set_title(_("Would buy again after a problem (TARP)"))
    ax.set_xlabel(_("what happened after the problem"))
    ax.set_ylabel(_("customers who would buy again (%)"))
    ax.legend(fontsize=8, loc="upper left")
    return ax
