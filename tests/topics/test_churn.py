"""Lesson 7: churn by channel, cohorts, lifecycle, value lost, the crisis model, staff vs customer
satisfaction, and their widgets."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from course.topics import churn as C


def _subs(rows):
    df = pd.DataFrame(rows, columns=["customer_id", "acquisition_channel", "signup_date", "churn_date",
                                     "monthly_value_cny"])
    df["signup_date"] = pd.to_datetime(df["signup_date"])
    df["churn_date"] = pd.to_datetime(df["churn_date"])
    return df


TOY = _subs([
    ("A", "price promotion", "2025-01-01", "2025-07-01", 50.0),
    ("B", "price promotion", "2025-01-01", None, 60.0),
    ("C", "referral", "2025-01-01", None, 150.0),
    ("D", "referral", "2025-01-01", "2025-10-01", 200.0),
])


def test_tenure_flags_and_months():
    t = C.tenure(TOY, as_of="2025-12-31").set_index("customer_id")
    assert t["churned"].tolist() == [True, False, False, True]
    assert t.loc["A", "tenure_months"] == pytest.approx(181 / C.DAYS_PER_MONTH)
    assert t.loc["B", "tenure_months"] == pytest.approx(364 / C.DAYS_PER_MONTH)
    # a churn after the cut-off does not count yet
    assert not C.tenure(TOY, as_of="2025-08-01").set_index("customer_id").loc["D", "churned"]


def test_tenure_rejects_churn_before_signup():
    bad = _subs([("X", "referral", "2025-05-01", "2025-04-01", 10.0)])
    with pytest.raises(ValueError, match="X"):
        C.tenure(bad)


def test_missing_column_names_the_table_and_the_fix():
    with pytest.raises(ValueError, match=r"the subscribers table lacks column\(s\) monthly_value_cny .*"
                                         r"course\.datasets\.load\('subscribers'\)"):
        C.tenure(TOY.drop(columns="monthly_value_cny"))


def test_churn_by_channel_toy():
    t = C.churn_by_channel(TOY, as_of="2025-12-31", monthly_discount=0.0)
    assert t.loc["price promotion", "churned"] == 1 and t.loc["price promotion", "churn_rate"] == 0.5
    months = (181 + 364) / C.DAYS_PER_MONTH
    assert t.loc["price promotion", "monthly_churn"] == pytest.approx(1 / months)
    assert t.loc["referral", "monthly_value_lost_cny"] == 200.0
    h = t.loc["referral", "monthly_churn"]
    assert t.loc["referral", "clv_cny"] == pytest.approx(175.0 * (1 - h) / h)


def test_price_promotion_churns_most_on_the_data(subscribers):
    t = C.churn_by_channel(subscribers)
    assert t["monthly_churn"].idxmax() == "price promotion"
    assert t["retained_12m"].idxmax() == "referral"
    assert t["clv_cny"].idxmin() == "price promotion"
    assert t["customers"].sum() == len(subscribers)


def test_survival_curves_start_at_one_and_never_rise(subscribers):
    s = C.survival_curves(subscribers, months=24)
    assert (s.loc[0] == 1).all()
    assert (s.diff().iloc[1:] <= 1e-12).all().all()
    assert list(s.columns)[0] == "price promotion"
    # the promotional price ends in month 6: the drop over months 5-8 is steeper than over months 1-4
    p = s["price promotion"]
    assert (p[5] - p[8]) > (p[1] - p[4])
    one = C.survival_curves(TOY, by=None, months=12, as_of="2025-12-31")["all"]
    assert one[5] == 1 and one[6] == pytest.approx(0.75) and one[9] == pytest.approx(0.5)
    assert math.isnan(one[12])  # nobody observed for a full 12 months yet


def test_km_matches_hand_count():
    # two churn at 1 month and 3 months; two censored at 12 months
    df = _subs([("A", "x", "2024-01-01", "2024-01-31", 1.0), ("B", "x", "2024-01-01", "2024-03-31", 1.0),
                ("C", "x", "2024-01-01", None, 1.0), ("D", "x", "2024-01-01", None, 1.0)])
    s = C.survival_curves(df, by=None, months=12, as_of="2025-01-31")["all"]
    assert s[0] == 1 and s[1] == pytest.approx(0.75) and s[3] == pytest.approx(0.5) and s[12] == pytest.approx(0.5)


def test_cohort_retention_blank_until_whole_cohort_is_old_enough(subscribers):
    c = C.cohort_retention(subscribers)
    assert c.loc["2023Q1", 24] < c.loc["2023Q1", 3] <= 1
    assert math.isnan(c.loc["2025Q2", 12])
    assert c["customers"].sum() == len(subscribers)
    promo = C.cohort_retention(subscribers, channel="price promotion")
    refer = C.cohort_retention(subscribers, channel="referral")
    both = promo[12].notna() & refer[12].notna()
    assert both.sum() >= 6 and (promo.loc[both, 12] < refer.loc[both, 12]).all()
    with pytest.raises(ValueError, match="channel"):
        C.cohort_retention(subscribers, channel="carrier pigeon")


def test_lifecycle_and_exits(subscribers):
    life = C.lifecycle_stages(subscribers)
    assert life.to_numpy().sum() == len(subscribers)
    assert life.loc["price promotion", "churned"] == C.tenure(subscribers).query(
        "acquisition_channel == 'price promotion'")["churned"].sum()
    ex = C.exits_by_tenure(subscribers)
    assert ex.loc["price promotion"].idxmax() == "5-8"
    assert ex.to_numpy().sum() == C.tenure(subscribers)["churned"].sum()
    with pytest.raises(ValueError, match="bounds"):
        C.lifecycle_stages(subscribers, bounds=(24, 12))


def test_churner_profile_shows_price_promotion_overrepresented(subscribers):
    p = C.churner_profile(subscribers)
    assert p.loc["acquisition_channel: price promotion", "left"] > p.loc["acquisition_channel: price promotion",
                                                                          "stayed"]
    assert p.loc["median tenure (months)", "left"] < p.loc["median tenure (months)", "stayed"]


def test_value_lost_split_and_cost_to_keep():
    v = C.value_lost(TOY, threshold_cny=100, as_of="2025-12-31")
    assert v.loc["valuable", "churned"] == 1 and v.loc["valuable", "margin_lost_cny_per_month"] == 200
    assert v.loc["low value", "margin_lost_cny_per_month"] == 50
    assert v["share_of_margin_lost"].sum() == pytest.approx(1)
    w = C.value_lost(TOY, threshold_cny=100, cost_to_keep_cny=80, as_of="2025-12-31")
    assert w.loc["low value", "net_lost_cny_per_month"] == -30  # losing A saves 30 CNY a month
    assert w.loc["valuable", "net_lost_cny_per_year"] == 12 * 120
    everyone = C.value_lost(TOY, threshold_cny=0, as_of="2025-12-31")
    assert everyone.loc["low value", "customers"] == 0 and math.isnan(everyone.loc["low value", "churn_rate"])
    with pytest.raises(ValueError, match="positive"):
        C.value_lost(TOY, threshold_cny=-1)


def test_mix_outcome(subscribers):
    curves = C.survival_curves(subscribers, months=24)
    values = C.churn_by_channel(subscribers)["monthly_value_cny"]
    promo = C.mix_outcome(curves, values, {"price promotion": 1})
    refer = C.mix_outcome(curves, values, {"referral": 3})  # shares are normalised
    assert refer["shares"]["referral"] == 1
    assert promo["retained_12m"] == pytest.approx(1000 * curves.loc[12, "price promotion"])
    assert refer["retained_12m"] > promo["retained_12m"] and refer["margin_cny"] > promo["margin_cny"]
    with pytest.raises(ValueError, match="all zero"):
        C.mix_outcome(curves, values, {"referral": 0})
    with pytest.raises(ValueError, match="unknown channel"):
        C.mix_outcome(curves, values, {"tv": 1})
    with pytest.raises(ValueError, match="horizon"):
        C.mix_outcome(curves, values, {"referral": 1}, horizon=48)


def test_crisis_cost_model():
    now = C.crisis_cost(0, affected=1000, base_loss=0.05, weekly_loss=0.1)
    assert now["customers_lost"] == pytest.approx(50) and now["extra_lost_vs_prompt"] == pytest.approx(0)
    two = C.crisis_cost(2, affected=1000, base_loss=0.05, weekly_loss=0.1)
    assert two["customers_lost"] == pytest.approx(1000 * (1 - 0.95 * 0.81))
    lie = C.crisis_cost(2, affected=1000, base_loss=0.05, weekly_loss=0.1, overpromise=True)
    assert lie["customers_lost"] == pytest.approx(1000 * (1 - 0.95 * 0.81 * 0.9))
    assert two["margin_lost_cny"] == pytest.approx(two["customers_lost"] * 80 * 24)
    assert C.crisis_cost(5, affected=0)["customers_lost"] == 0
    with pytest.raises(ValueError, match="weekly_loss"):
        C.crisis_cost(1, weekly_loss=1.5)
    with pytest.raises(ValueError, match="negative"):
        C.crisis_cost(-1)


def test_staff_customer_link(branch_survey):
    fit = C.staff_customer_link(branch_survey)
    assert fit["n"] == 30 and 0.5 < fit["r"] < 0.9
    assert fit["r2"] == pytest.approx(fit["r"] ** 2)
    slope, _ = np.polyfit(branch_survey["staff_satisfaction"], branch_survey["customer_satisfaction"], 1)
    assert fit["slope"] == pytest.approx(slope)
    exact = pd.DataFrame({"staff_satisfaction": [10.0, 20, 30], "customer_satisfaction": [15.0, 20, 25]})
    f = C.staff_customer_link(exact)
    assert f["slope"] == pytest.approx(0.5) and f["intercept"] == pytest.approx(10) and f["r"] == pytest.approx(1)
    with pytest.raises(ValueError, match="at least 3"):
        C.staff_customer_link(exact.iloc[:2])
    with pytest.raises(ValueError, match="same in every branch"):
        C.staff_customer_link(exact.assign(staff_satisfaction=5.0))
    res = C.branch_residuals(branch_survey)
    assert res["residual"].is_monotonic_increasing and abs(res["residual"].mean()) < 1e-9


# --- widgets -----------------------------------------------------------------------------------------------


def test_churn_explorer_reacts_to_the_mix(subscribers):
    from course.widgets.churn import churn_explorer

    ex = churn_explorer(subscribers)
    assert "course-churn-explorer" in ex.widget._dom_classes
    before = ex.result["retained_12m"]
    assert f"{before:,.0f}" in ex.summary.value and "filter at acquisition" in ex.summary.value
    ex.controls["price_promotion"].value = 0
    after = ex.result["retained_12m"]
    assert after > before and f"{after:,.0f}" in ex.summary.value
    assert "0% won by price promotion" in ex.summary.value and "less price-driven" in ex.summary.value
    for k in ex.controls:
        ex.controls[k].value = 0
    assert "at least one channel" in ex.summary.value


def test_crisis_explorer_reacts_to_delay_and_overpromise():
    from course.widgets.churn import crisis_explorer

    ex = crisis_explorer()
    assert "course-crisis-explorer" in ex.widget._dom_classes
    one_week = ex.result["customers_lost"]
    ex.controls["delay_weeks"].value = 12
    twelve = ex.result["customers_lost"]
    assert twelve > one_week and f"{twelve:,.0f}" in ex.summary.value and "after 12 weeks" in ex.summary.value
    ex.controls["overpromise"].value = True
    assert ex.result["customers_lost"] > twelve and "broken promise" in ex.summary.value
    ex.controls["delay_weeks"].value = 0
    assert "at once" in ex.summary.value


def test_staff_explorer_reacts_to_branch_and_gain(branch_survey):
    from course.widgets.churn import staff_explorer

    ex = staff_explorer(branch_survey, branch="Chengdu 1")
    assert "course-staff-explorer" in ex.widget._dom_classes
    assert "Chengdu 1" in ex.summary.value and "below the line" in ex.summary.value
    ex.controls["staff_gain"].value = 10
    slope = ex.result["fit"]["slope"]
    assert ex.result["predicted_new"] - ex.result["predicted_now"] == pytest.approx(10 * slope)
    assert f"{10 * slope:+.1f}" in ex.summary.value
    best = C.branch_residuals(branch_survey)["branch"].iloc[-1]
    ex.controls["branch"].value = best
    assert best in ex.summary.value and "above the line" in ex.summary.value


def test_plot_helpers_are_labelled(subscribers):
    import matplotlib.pyplot as plt

    from course.widgets.churn import plot_cohorts, plot_retention

    curves = C.survival_curves(subscribers, months=24)
    ax = plot_retention(curves)
    assert ax.get_title() and "%" in ax.get_ylabel() and "months" in ax.get_xlabel()
    assert ax.lines[0].get_ydata()[12] == pytest.approx(100 * curves.iloc[12, 0])
    table = C.cohort_retention(subscribers)
    ax = plot_cohorts(table)
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert len(ax.texts) == int(table.drop(columns="customers").notna().to_numpy().sum())
    plt.close("all")


def test_clv_chart_has_one_bar_per_channel(subscribers):
    import matplotlib.pyplot as plt

    from course.widgets.churn import plot_clv

    by_channel = C.churn_by_channel(subscribers)
    ax = plot_clv(by_channel)
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == pytest.approx(list(by_channel["clv_cny"][::-1]))
    assert ax.get_yticklabels()[-1].get_text() == by_channel.index[0]     # the first channel on top
    assert ax.get_title() and "CNY" in ax.get_xlabel() and ax.get_ylabel()
    plt.close("all")
