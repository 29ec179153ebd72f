"""Lesson 7 widgets: acquisition-channel mix -> retention and margin; crisis-response delay -> customers and
margin lost; staff satisfaction -> customer satisfaction across branches; and the lesson's charts (retention
curves, cohort heat maps, lifetime value by channel)."""

from __future__ import annotations

import ipywidgets as W
import numpy as np
import pandas as pd

from course.i18n import current, money
from course.topics import churn as C
from course.widgets.base import Explorer, _, dataset, label

COLOURS = {"price promotion": "#d6604d", "referral": "#1b7837", "advertising": "#92c5de",
           "direct sales": "#4393c3"}


def _slider(value: float, description: str, **kw) -> W.FloatSlider:
    kw.setdefault("style", {"description_width": "initial"})
    kw.setdefault("layout", W.Layout(width="420px"))
    return W.FloatSlider(value=value, description=description, **kw)


def _million_cny(x: float) -> str:
    """A margin in millions as the crisis summary has always said it: '1.2 million CNY' / '120.0 万元'."""
    return money(x) if current() == "zh" else f"{x / 1e6:,.1f} million CNY"


def churn_explorer(subscribers: pd.DataFrame | None = None, new_customers: int = 1000,
                   horizon: int = 24) -> Explorer:
    """Set the mix of acquisition channels for the next 1,000 customers; see how many are still there after 12
    and `horizon` months and the margin they bring, using each channel's observed retention and margin."""
    subscribers = dataset("subscribers", subscribers)
    curves = C.survival_curves(subscribers, months=horizon)
    table = C.churn_by_channel(subscribers)
    values = table["monthly_value_cny"]
    start = (table["customers"] / table["customers"].sum() * 100).round()
    channels = list(curves.columns)
    keys = {ch: ch.replace(" ", "_") for ch in channels}
    controls = {keys[ch]: _slider(float(start[ch]), _("{channel} (%)").format(channel=label(ch)), min=0,
                                   max=100, step=5) for ch in channels}

    def compute(**shares: float) -> dict:
        mix = {ch: shares[keys[ch]] for ch in channels}
        if sum(mix.values()) <= 0:
            return {"error": _("Give at least one channel a share above 0%.")}
        return C.mix_outcome(curves, values, mix, new_customers=new_customers, horizon=horizon)

    def describe(r: dict) -> str:
        if "error" in r:
            return f'<div class="course-churn-summary">{r["error"]}</div>'
        promo = r["shares"].get("price promotion", 0.0)
        lost = sum(r["lost_first_year"].values())
        promo_lost = r["lost_first_year"].get("price promotion", 0.0)
        verdict = (_("Most of the first-year losses come from price-promotion customers: filter at acquisition.")
                   if lost and promo_lost / lost > 0.5 else
                   _("Losses are spread across channels: this intake is less price-driven."))
        return ('<div class="course-churn-summary">' + _(
            "Of <b>{new:,}</b> new subscribers ({promo:.0%} won by price promotion), about <b>{kept_12m:,.0f}</b> "
            "are still with you after 12 months and <b>{kept_end:,.0f}</b> after {horizon} months. Over {horizon} "
            "months they bring about <b>{margin:,.0f} CNY</b> of margin. First-year losses: {lost:,.0f} customers, "
            "{promo_lost:,.0f} of them from price promotion. {verdict}").format(
            new=r["new_customers"], promo=promo, kept_12m=r["retained_12m"], kept_end=r["retained_end"],
            horizon=r["horizon"], margin=r["margin_cny"], lost=lost, promo_lost=promo_lost, verdict=verdict)
            + "</div>")

    def draw(r: dict, ax) -> None:
        if "error" in r:
            ax.set_axis_off()
            return
        act = r["active"]
        ax.stackplot(act.index, *[act[c] for c in act.columns], labels=[label(c) for c in act.columns],
                     colors=[COLOURS.get(c, "#999999") for c in act.columns], alpha=0.9)
        ax.set_title(_("Expected active subscribers from {n:,} sign-ups, by channel").format(n=r["new_customers"]))
        ax.set_xlabel(_("months since signup"))
        ax.set_ylabel(_("active subscribers (count)"))
        ax.set_ylim(0, r["new_customers"] * 1.02)
        ax.legend(loc="lower left", fontsize=8)

    ex = Explorer(controls, compute, describe, draw, title=_("Channel mix: who will still be here next year?"))
    ex.widget.add_class("course-churn-explorer")
    return ex


def crisis_explorer(affected: int = 100_000, monthly_value_cny: float = 80.0) -> Explorer:
    """Drag the response delay; see customers and margin lost under crisis_cost()'s stated assumptions; tick
    'over-promise' to see what a broken promise adds."""
    controls = {
        "delay_weeks": W.IntSlider(value=1, min=0, max=52, description=_("Weeks until decisive action"),
                                   style={"description_width": "initial"}, layout=W.Layout(width="420px")),
        "weekly_loss": _slider(2.0, _("Extra customers lost per week of delay (%)"), min=0, max=10, step=0.5),
        "overpromise": W.Checkbox(value=False, description=_("Over-promise, then fail to deliver")),
    }

    def compute(delay_weeks: int, weekly_loss: float, overpromise: bool) -> dict:
        r = C.crisis_cost(delay_weeks, affected=affected, weekly_loss=weekly_loss / 100, overpromise=overpromise,
                          monthly_value_cny=monthly_value_cny)
        weeks = np.arange(0, 53)
        r["curve"] = [C.crisis_cost(w, affected=affected, weekly_loss=weekly_loss / 100, overpromise=overpromise,
                                    monthly_value_cny=monthly_value_cny)["customers_lost"] for w in weeks]
        r["prompt"] = [C.crisis_cost(w, affected=affected, weekly_loss=weekly_loss / 100,
                                     monthly_value_cny=monthly_value_cny)["customers_lost"] for w in weeks]
        r["overpromise"] = overpromise
        return r

    def describe(r: dict) -> str:
        weeks = r["delay_weeks"]
        when = (_("at once") if weeks == 0 else _("after 1 week") if weeks == 1 else
                _("after {n} weeks").format(n=weeks))
        extra = (_(" The broken promise alone drives away a further 10% of those who were staying.")
                 if r["overpromise"] else "")
        return ('<div class="course-crisis-summary">' + _(
            "Acting decisively {when}: about <b>{lost:,.0f}</b> of {affected:,} affected customers leave "
            "({share:.0%}), <b>{extra_lost:,.0f}</b> more than with an immediate response. Margin lost: about "
            "<b>{margin}</b> (24 months x {monthly:.0f} CNY per customer).{extra}").format(
            when=when, lost=r["customers_lost"], affected=affected, share=r["share_lost"],
            extra_lost=r["extra_lost_vs_prompt"], margin=_million_cny(r["margin_lost_cny"]),
            monthly=monthly_value_cny, extra=extra) + "</div>")

    def draw(r: dict, ax) -> None:
        weeks = np.arange(len(r["curve"]))
        ax.plot(weeks, np.array(r["prompt"]) / 1000, color="#4393c3", label=_("honest, no over-promise"))
        if r["overpromise"]:
            ax.plot(weeks, np.array(r["curve"]) / 1000, color="#d6604d", label=_("with a broken promise"))
        ax.plot([r["delay_weeks"]], [r["customers_lost"] / 1000], "o", color="black", label=_("your choice"))
        ax.set_title(_("Customers lost by how long the firm waits to act"))
        ax.set_xlabel(_("weeks until decisive action"))
        ax.set_ylabel(_("customers lost (thousands)"))
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=8)

    ex = Explorer(controls, compute, describe, draw, title=_("Crisis response: what does waiting cost?"))
    ex.widget.add_class("course-crisis-explorer")
    return ex


def staff_explorer(survey: pd.DataFrame | None = None, branch: str | None = None) -> Explorer:
    """Pick a branch and a rise in its staff satisfaction; see where the cross-branch line would place its
    customer satisfaction, and whether the branch sits above or below the line today."""
    survey = dataset("branch_survey", survey)
    fit = C.staff_customer_link(survey)
    res = C.branch_residuals(survey).set_index("branch")
    branches = sorted(res.index, key=lambda b: (b.rsplit(" ", 1)[0], b))
    controls = {
        "branch": W.Dropdown(options=branches, value=branch if branch in branches else res.index[0],
                             description=_("Branch")),
        "staff_gain": _slider(0.0, _("Raise staff satisfaction by (points)"), min=0, max=30, step=1),
    }

    def compute(branch: str, staff_gain: float) -> dict:
        row = res.loc[branch]
        staff_now = float(row["staff_satisfaction"])
        staff_new = min(100.0, staff_now + staff_gain)
        return {"branch": branch, "staff_now": staff_now, "staff_new": staff_new,
                "customer_now": float(row["customer_satisfaction"]), "residual": float(row["residual"]),
                "predicted_now": float(row["predicted"]),
                "predicted_new": fit["intercept"] + fit["slope"] * staff_new, "fit": fit}

    def describe(r: dict) -> str:
        side = (_("above the line: customers happier than its staff scores predict") if r["residual"] > 3 else
                _("below the line: customers less happy than its staff scores predict; look for another cause")
                if r["residual"] < -3 else _("close to the line"))
        change = r["predicted_new"] - r["predicted_now"]
        what_if = (_("Raising staff satisfaction to {staff:.1f} goes with customer satisfaction about "
                     "<b>{change:+.1f}</b> points higher on the line (an association across branches, not a "
                     "promise).").format(staff=r["staff_new"], change=change) if r["staff_new"] > r["staff_now"] else
                   _("Move the slider to see what a rise in staff satisfaction goes with."))
        return ('<div class="course-staff-summary">' + _(
            "Across {n} branches r = {r:.2f}; each staff point goes with {slope:.2f} customer points. "
            "<b>{branch}</b>: staff {staff:.1f}, customers {customers:.1f}, {side}. {what_if}").format(
            n=r["fit"]["n"], r=r["fit"]["r"], slope=r["fit"]["slope"], branch=r["branch"], staff=r["staff_now"],
            customers=r["customer_now"], side=side, what_if=what_if) + "</div>")

    def draw(r: dict, ax) -> None:
        ax.scatter(res["staff_satisfaction"], res["customer_satisfaction"], color="#999999", s=18, label=_("branches"))
        xs = np.linspace(res["staff_satisfaction"].min() - 3, 100, 50)
        ax.plot(xs, r["fit"]["intercept"] + r["fit"]["slope"] * xs, color="#2166ac", label=_("fitted line"))
        ax.scatter([r["staff_now"]], [r["customer_now"]], color="black", s=40, label=r["branch"], zorder=3)
        if r["staff_new"] > r["staff_now"]:
            shifted = r["customer_now"] + r["predicted_new"] - r["predicted_now"]
            ax.annotate("", xy=(r["staff_new"], shifted), xytext=(r["staff_now"], r["customer_now"]),
                        arrowprops={"arrowstyle": "->", "color": "#d6604d", "lw": 2})
        ax.set_title(_("Staff satisfaction vs customer satisfaction, {n} branches").format(n=len(res)))
        ax.set_xlabel(_("staff satisfaction (0-100 index)"))
        ax.set_ylabel(_("customer satisfaction (0-100 index)"))
        ax.legend(fontsize=8, loc="lower right")

    ex = Explorer(controls, compute, describe, draw, title=_("Loyal staff, loyal customers?"))
    ex.widget.add_class("course-staff-explorer")
    return ex


def plot_retention(curves: pd.DataFrame, ax=None):
    """Retention curves by channel (share still subscribed vs months since signup), titled and labelled."""
    import matplotlib.pyplot as plt

    if ax is None:
        _fig, ax = plt.subplots(figsize=(7, 3.6))
    for c in curves.columns:
        ax.plot(curves.index, 100 * curves[c], label=label(c), color=COLOURS.get(c, "#999999"), lw=2)
    ax.axvspan(5, 8, color="#fddbc7", alpha=0.5, label=_("promotional price ends (month 6)"))
    ax.set_title(_("Retention by acquisition channel (Kaplan-Meier)"))
    ax.set_xlabel(_("months since signup"))
    ax.set_ylabel(_("still subscribed (%)"))
    ax.set_ylim(0, 101)
    ax.legend(fontsize=8)
    return ax


def plot_cohorts(table: pd.DataFrame, ax=None, title: str | None = None):
    """Cohort table from churn.cohort_retention() as a heat map with the percentages written in (`title`
    default: 'Retention by signup cohort', in the language in use)."""
    import matplotlib.pyplot as plt

    ages = [c for c in table.columns if c != "customers"]
    data = 100 * table[ages].to_numpy(dtype=float)
    if ax is None:
        _fig, ax = plt.subplots(figsize=(6, 3.8))
    im = ax.imshow(data, cmap="RdYlGn", vmin=0, vmax=100, aspect="auto")
    for (i, j), v in np.ndenumerate(data):
        if not np.isnan(v):
            ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=7)
    ax.set_xticks(range(len(ages)), [str(a) for a in ages])
    ax.set_yticks(range(len(table)), list(table.index))
    ax.set_title(title if title is not None else _("Retention by signup cohort"))
    ax.set_xlabel(_("months since signup"))
    ax.set_ylabel(_("signup quarter"))
    ax.figure.colorbar(im, ax=ax, label=_("still subscribed (%)"))
    return ax


def plot_clv(by_channel: pd.DataFrame, ax=None):
    """Horizontal bars of customer lifetime value per acquisition channel (clv_cny of churn.churn_by_channel()),
    the first channel on top."""
    import matplotlib.pyplot as plt

    if ax is None:
        _fig, ax = plt.subplots(figsize=(6, 3))
    ax.barh([label(c) for c in by_channel.index[::-1]], by_channel["clv_cny"][::-1], color="#4393c3")
    ax.set(title=_("Customer lifetime value by acquisition channel"), xlabel=_("lifetime value (CNY per customer)"),
           ylabel=_("acquisition channel"))
    return ax
