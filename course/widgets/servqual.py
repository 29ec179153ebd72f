"""Lesson 1 widget on SERVQUAL: the gap chart per branch, with the weighted overall score."""

from __future__ import annotations

from html import escape

import ipywidgets as W
import pandas as pd

from course.topics import servqual
from course.widgets.base import Explorer, dataset


def describe_gaps(r: dict) -> str:
    """The SERVQUAL chart's summary: the largest gap and the overall scores in words and numbers."""
    o = r["overall"]
    where = "all branches" if r["branch"] == servqual.ALL else escape(r["branch"])
    text = (f"<b>{where}</b>: the largest gap is <b>{r['largest']}</b> ({r['largest_gap']:+.2f} points on the "
            f"7-point scale): customers feel it most where service falls short of expectation. "
            f"Overall score, unweighted: {o['unweighted']:+.2f}")
    if "weighted" in o:
        w = r["weights"]
        top = str(w.idxmax())
        worse = "worse" if o["weighted"] < o["unweighted"] else "better"
        text += (f"; weighted by importance: {o['weighted']:+.2f} ({worse}, because customers give {top} the "
                 f"most weight, {100 * w.max():.0f} of 100 points).")
    return text


def draw_gaps(r: dict, ax, reference: pd.Series | None = None) -> None:
    """Horizontal bars of the gap per dimension, the largest gap in red; dots for all branches."""
    s = r["scores"]
    colours = ["#b2182b" if d == r["largest"] else "#4393c3" for d in s.index]
    ax.barh(s.index, s.values, color=colours, label=r["branch"])
    if reference is not None and r["branch"] != servqual.ALL:
        ax.plot(reference.reindex(s.index).values, s.index, "ko", ms=5, label="all branches")
        ax.legend(fontsize=8, loc="lower left")
    ax.axvline(0, color="k", lw=0.8)
    ax.invert_yaxis()
    ax.set_xlim(min(-2.5, float(s.min()) - 0.2), 0.5)
    ax.set_title(f"SERVQUAL gap per dimension: {r['branch']}")
    ax.set_xlabel("mean gap, perception − expectation (points on a 7-point scale)")
    ax.set_ylabel("dimension")


def servqual_explorer(survey: pd.DataFrame | None = None, weights: pd.DataFrame | None = None) -> Explorer:
    """Pick a branch; see its SERVQUAL gap per dimension, the largest gap and, if the importance `weights`
    (servqual_weights) are given, the weighted overall score."""
    survey = dataset("servqual", survey)
    reference = servqual.dimension_scores(survey)
    controls = {"branch": W.Dropdown(options=[servqual.ALL, *sorted(survey["branch"].astype(str).unique())],
                                     value=servqual.ALL, description="Branch")}
    ex = Explorer(controls, lambda branch: servqual.gap_profile(survey, weights, branch), describe_gaps,
                  lambda r, ax: draw_gaps(r, ax, reference), title="SERVQUAL gaps (服务质量差距)",
                  figsize=(7, 3.2))
    ex.widget.add_class("course-servqual-gaps")
    return ex
