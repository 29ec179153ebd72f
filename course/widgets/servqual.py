"""Lesson 1 widget on SERVQUAL: the gap chart per branch, with the weighted overall score."""

from __future__ import annotations

from html import escape

import ipywidgets as W
import pandas as pd

from course.topics import servqual
from course.widgets.base import Explorer, _, dataset, label


def _branch(branch: str) -> str:
    return _("all branches") if branch == servqual.ALL else label(branch)


def describe_gaps(r: dict) -> str:
    """The SERVQUAL chart's summary: the largest gap and the overall scores in words and numbers."""
    o = r["overall"]
    text = _("<b>{where}</b>: the largest gap is <b>{dimension}</b> ({gap:+.2f} points on the 7-point scale): "
             "customers feel it most where service falls short of expectation. Overall score, unweighted: "
             "{unweighted:+.2f}").format(where=escape(_branch(r["branch"])), dimension=label(r["largest"]),
                                         gap=r["largest_gap"], unweighted=o["unweighted"])
    if "weighted" in o:
        w = r["weights"]
        top = label(str(w.idxmax()))
        if o["weighted"] < o["unweighted"]:
            text += _("; weighted by importance: {weighted:+.2f} (worse, because customers give {top} the most "
                      "weight, {points:.0f} of 100 points).")
        else:
            text += _("; weighted by importance: {weighted:+.2f} (better, because customers give {top} the most "
                      "weight, {points:.0f} of 100 points).")
        text = text.format(weighted=o["weighted"], top=top, points=100 * w.max())
    return text


def draw_gaps(r: dict, ax, reference: pd.Series | None = None) -> None:
    """Horizontal bars of the gap per dimension, the largest gap in red; dots for all branches."""
    s = r["scores"]
    names = [label(d) for d in s.index]
    colours = ["#b2182b" if d == r["largest"] else "#4393c3" for d in s.index]
    ax.barh(names, s.values, color=colours, label=_branch(r["branch"]))
    if reference is not None and r["branch"] != servqual.ALL:
        ax.plot(reference.reindex(s.index).values, names, "ko", ms=5, label=_("all branches"))
        ax.legend(fontsize=8, loc="lower left")
    ax.axvline(0, color="k", lw=0.8)
    ax.invert_yaxis()
    ax.set_xlim(min(-2.5, float(s.min()) - 0.2), 0.5)
    ax.set_title(_("SERVQUAL gap per dimension: {branch}").format(branch=_branch(r["branch"])))
    ax.set_xlabel(_("mean gap, perception − expectation (points on a 7-point scale)"))
    ax.set_ylabel(_("dimension"))


def servqual_explorer(survey: pd.DataFrame | None = None, weights: pd.DataFrame | None = None) -> Explorer:
    """Pick a branch; see its SERVQUAL gap per dimension, the largest gap and, if the importance `weights`
    (servqual_weights) are given, the weighted overall score."""
    survey = dataset("servqual", survey)
    reference = servqual.dimension_scores(survey)
    branches = sorted(survey["branch"].astype(str).unique())
    controls = {"branch": W.Dropdown(options=[(_("All branches"), servqual.ALL), *[(label(b), b) for b in branches]],
                                     value=servqual.ALL, description=_("Branch"))}
    ex = Explorer(controls, lambda branch: servqual.gap_profile(survey, weights, branch), describe_gaps,
                  lambda r, ax: draw_gaps(r, ax, reference), title=_("SERVQUAL gaps (服务质量差距)"),
                  figsize=(7, 3.2))
    ex.widget.add_class("course-servqual-gaps")
    return ex
