"""Lesson 8 widgets on triage: the Pareto chart of root causes, the triage board and the justice-based
recovery choice. Thin wrappers over course.topics.triage."""

from __future__ import annotations

from html import escape

import ipywidgets as W
import pandas as pd

from course.topics import triage
from course.widgets.base import Explorer, _, colon, dataset, label, listing


def plot_pareto(table: pd.DataFrame, ax=None, by: str = "root_cause"):
    """Pareto chart: complaints per cause as bars (left axis), cumulative share as a line (right axis, %)."""
    import matplotlib.pyplot as plt

    if ax is None:
        _fig, ax = plt.subplots(figsize=(8, 3.8))
    names = [label(c) for c in table[by].astype(str)]
    ax.bar(names, table["complaints"], color="#4393c3")
    ax.set(title=_("Pareto of root causes (duplicates removed)"), xlabel=_("root cause"),
           ylabel=_("complaints (count)"))
    ax.tick_params(axis="x", labelrotation=30)
    for text in ax.get_xticklabels():
        text.set_horizontalalignment("right")
    right = ax.twinx()
    right.plot(names, 100 * table["cum_share"], color="#b2182b", marker="o")
    right.axhline(80, color="grey", lw=0.8, ls="--")
    right.set(ylabel=_("cumulative share of complaints (%)"), ylim=(0, 105))
    return ax


def triage_board(queue: pd.DataFrame | None = None, accounts: pd.DataFrame | None = None) -> Explorer:
    """Weight sliders for the four priority components and how many complaints to show; the summary lists
    the complaints to handle first (duplicates already removed), the chart their score breakdown."""
    clean = triage.deduplicate(dataset("complaint_queue", queue))
    acc = dataset("accounts", accounts)
    style = {"description_width": "200px"}
    lay = W.Layout(width="520px")
    controls = {f"w_{k}": W.FloatSlider(value=v, min=0, max=1, step=0.05, style=style, layout=lay,
                                        description=_("weight: {component}").format(component=label(k)),
                                        continuous_update=False)
                for k, v in triage.DEFAULT_WEIGHTS.items()}
    controls["top"] = W.IntSlider(value=8, min=1, max=20, style=style, layout=lay,
                                  description=_("complaints to show"), continuous_update=False)

    def compute(top: int, **w: float) -> dict:
        weights = {k[2:]: v for k, v in w.items()}
        return {"ranked": triage.priority(clean, acc, weights), "top": top, "weights": weights}

    def describe(r: dict) -> str:
        head = r["ranked"].head(r["top"])
        rows = "".join(f"<tr><td>{i}</td><td>{x.complaint_id}</td><td>{x.customer_id}</td>"
                       f"<td>{escape(label(x.root_cause))}</td><td>{label(x.severity)}</td>"
                       f"<td>{x.amount_cny:,.0f}</td><td>{x.hours_waiting:.1f}</td><td><b>{x.priority:.0f}</b></td></tr>"
                       for i, x in enumerate(head.itertuples(), start=1))
        first = head.iloc[0] if len(head) else None
        lead = ("<p>" + _("Handle <b>{complaint}</b> first ({cause}, {severity} severity, score {score:.0f}).").format(
                    complaint=first.complaint_id, cause=escape(label(first.root_cause)),
                    severity=label(first.severity), score=first.priority) + "</p>"
                if first is not None else "<p>" + _("The queue is empty.") + "</p>")
        cells = "".join(f"<th>{h}</th>" for h in ("#", _("complaint"), _("client"), _("cause"), _("severity"),
                                                   _("CNY at stake"), _("hours waiting"), _("score")))
        return f"{lead}<table><tr>{cells}</tr>{rows}</table>"

    def draw(r: dict, ax) -> None:
        head = r["ranked"].head(r["top"]).iloc[::-1]
        total = sum(r["weights"].values()) or 1.0
        left = pd.Series(0.0, index=head.index)
        for k, w in r["weights"].items():
            part = 100 * w * head[f"c_{k}"] / total
            ax.barh(head["complaint_id"], part, left=left, label=label(k))
            left += part
        ax.set(title=_("Priority score by component (top of the queue)"), xlabel=_("priority score (0-100)"),
               ylabel=_("complaint"), xlim=(0, 100))
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))

    ex = Explorer(controls, compute, describe, draw, title=_("Triage board"), figsize=(7, 4))
    ex.widget.add_class("course-triage")
    return ex


def recovery_choice(root_cause: str = "late report") -> Explorer:
    """Pick recovery actions; the summary scores them on distributive, procedural and interactional justice
    and explains what is missing; the chart shows the three scores."""
    controls = {"actions": W.SelectMultiple(options=[(_(a), a) for a in triage.ACTIONS], value=(),
                                            rows=len(triage.ACTIONS), description=_("Actions"),
                                            layout=W.Layout(width="560px"))}

    def compute(actions: tuple[str, ...]) -> dict:
        return triage.judge_recovery(list(actions))

    def describe(r: dict) -> str:
        s = r["scores"]
        scores = listing(f"{label(j)}{colon()}<b>{s[j]}</b>/2" for j in triage.JUSTICE)
        if r["complete"]:
            verdict = ("<p style='color:#1b7837'>"
                       + _("<b>Complete:</b> outcome, process and treatment are all covered.") + "</p>")
        elif not r["actions"]:
            verdict = "<p>" + _("Pick one or more actions (Ctrl/Cmd-click for several).") + "</p>"
        else:
            verdict = ("<p style='color:#b2182b'><b>" + _("Incomplete.") + "</b></p><ul>"
                       + "".join(f"<li><b>{label(j)}</b>{colon()}{escape(_(t))}</li>" for j, t in r["explanations"].items())
                       + "</ul>")
        hint = listing(_(a) for a in triage.recommend(root_cause))
        return ("<p>" + _("Justice scores: {scores}.").format(scores=scores) + f"</p>{verdict}<p>"
                + _("<i>One set that covers all three for a {cause}:</i> {actions}.").format(
                    cause=escape(label(root_cause)), actions=escape(hint)) + "</p>")

    def draw(r: dict, ax) -> None:
        ax.bar([label(j) for j in triage.JUSTICE], [r["scores"][j] for j in triage.JUSTICE],
               color=["#4393c3", "#92c5de", "#f4a582"])
        ax.set(title=_("Justice delivered by the chosen recovery"), xlabel=_("kind of justice"),
               ylabel=_("strength (0 none – 2 strong)"), ylim=(0, 2.2))

    ex = Explorer(controls, compute, describe, draw, title=_("Choose the recovery"), figsize=(6, 3))
    ex.widget.add_class("course-recovery")
    return ex
