"""Tests for course.topics.segmentation (lesson 4 logic) and its widgets."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from course.topics import segmentation as S


@pytest.fixture
def customers(customers) -> pd.DataFrame:
    """The shared `customers` dataset with profit_cny added (add_profit)."""
    return S.add_profit(customers)


def ledger(revenue, margin=None, cost=None) -> pd.DataFrame:
    revenue = list(revenue)
    margin = [r * 0.3 for r in revenue] if margin is None else margin
    cost = [0.0] * len(revenue) if cost is None else cost
    return S.add_profit(pd.DataFrame({"revenue_cny": revenue, "gross_margin_cny": margin,
                                      "cost_to_serve_cny": cost}))


# --- cut-offs and shares ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("p, n, k", [(0, 300, 0), (1, 300, 300), (0.15, 300, 45), (0.03, 300, 9),
                                     (0.2, 1000, 200), (0.05, 0, 0), (0.5, 1, 1), (0.2, 1, 0)])
def test_n_for_share(p, n, k):
    assert S.n_for_share(p, n) == k


@pytest.mark.parametrize("p", [-0.1, 1.5])
def test_n_for_share_rejects_bad_cutoff(p):
    with pytest.raises(ValueError, match="between 0 and 1"):
        S.n_for_share(p, 10)


def test_top_shares_simple():
    v = [50, 30, 10, 10]
    assert S.top_k_share(v, 1) == pytest.approx(0.5)
    assert S.top_k_share(v, 2) == pytest.approx(0.8)
    assert S.top_p_share(v, 0.5) == pytest.approx(0.8)
    assert S.top1_share(v) == pytest.approx(0.5)


def test_cutoff_zero_and_hundred():
    v = [5, 1, 3]
    assert S.top_p_share(v, 0) == 0.0
    assert S.top_p_share(v, 1) == pytest.approx(1.0)
    assert S.top_k_share(v, 99) == pytest.approx(1.0)


def test_order_does_not_matter():
    assert S.top_k_share([1, 9, 3], 1) == pytest.approx(9 / 13)


def test_rank_by_other_column():
    revenue, profit = [100, 10, 50], [-5, 4, 20]
    # ranked by revenue the top customer is a loss maker
    assert S.top_k_share(profit, 1, rank_by=revenue) == pytest.approx(-5 / 19)
    assert S.top_k_share(profit, 1) == pytest.approx(20 / 19)


def test_single_customer():
    assert S.top_p_share([42.0], 0.2) == 0.0
    assert S.top_p_share([42.0], 1) == 1.0
    assert S.top1_share([42.0]) == 1.0
    assert S.hhi([42.0]) == pytest.approx(10_000)


@pytest.mark.parametrize("empty", [[], pd.Series([], dtype=float), np.array([])])
def test_empty_inputs_raise_clear_errors(empty):
    with pytest.raises(ValueError, match="no customers"):
        S.top_k_share(empty, 0)
    with pytest.raises(ValueError, match="no customers"):
        S.hhi(empty)
    with pytest.raises(ValueError, match="no customers"):
        S.whale_summary(empty)


def test_empty_frame_coverage_and_curve():
    df = ledger([])
    with pytest.raises(ValueError, match="no customers"):
        S.coverage(df, 0.2)
    curve = S.pareto_curve(df["revenue_cny"])
    assert len(curve) == 1 and curve["cum_value"].iloc[0] == 0


def test_zero_total_raises():
    with pytest.raises(ValueError, match="total is zero"):
        S.top_k_share([0, 0, 0], 1)


def test_missing_value_is_named():
    with pytest.raises(ValueError, match="'K3'"):
        S.top_k_share(pd.Series([1.0, None, 2.0], index=["K1", "K3", "K4"]), 1)


def test_negative_k_rejected():
    with pytest.raises(ValueError, match="negative"):
        S.top_k_share([1, 2], -1)


# --- HHI ------------------------------------------------------------------------------------------------------

def test_hhi_known_values():
    assert S.hhi([1, 1, 1, 1]) == pytest.approx(2500)
    assert S.hhi([50, 30, 20]) == pytest.approx(50**2 + 30**2 + 20**2)
    assert S.hhi([10] * 100) == pytest.approx(100)


def test_hhi_rejects_negative():
    with pytest.raises(ValueError, match="non-negative"):
        S.hhi([5, -1])


# --- curves ---------------------------------------------------------------------------------------------------

def test_pareto_curve_shape():
    c = S.pareto_curve([1, 3, 6])
    assert list(c["cum_value"]) == [0, 6, 9, 10]
    assert list(c["cum_pct"]) == pytest.approx([0, 60, 90, 100])
    assert list(c["customer_pct"]) == pytest.approx([0, 100 / 3, 200 / 3, 100])


def test_whale_curve_with_negative_profits():
    profits = [10, -4, 6, -2]
    c = S.whale_curve(profits)
    assert list(c["cum_value"]) == [0, 10, 16, 14, 10]
    assert c["cum_pct"].max() == pytest.approx(160)
    s = S.whale_summary(profits)
    assert s["peak_pct"] == pytest.approx(160) and s["peak_customer_pct"] == pytest.approx(50)
    assert s["loss_maker_pct"] == pytest.approx(50) and s["total"] == pytest.approx(10)
    assert s["rest_customer_pct"] == pytest.approx(50) and s["given_back_pct"] == pytest.approx(60)


def test_whale_curve_negative_total_has_no_percent():
    c = S.whale_curve([3, -10])
    assert c["cum_pct"].isna().all()
    assert list(c["cum_value"]) == [0, 3, -7]
    assert math.isnan(S.whale_summary([3, -10])["peak_pct"])


def test_profit_share_can_exceed_one_with_loss_makers():
    assert S.top_k_share([10, -4, 6, -2], 2) == pytest.approx(1.6)


# --- on the course data ---------------------------------------------------------------------------------------

def test_customers_show_the_20_80_pattern(customers):
    cov = S.coverage(customers, 0.2)
    assert cov["k"] == 200
    assert 0.67 <= cov["revenue_cny"] <= 0.85  # near the published 67-73%, as the datasheet says
    assert cov["profit_cny"] > cov["revenue_cny"]  # small customers cost more than they earn


def test_whale_peak_above_total(customers):
    s = S.whale_summary(customers["profit_cny"])
    assert s["peak_pct"] > 100 and 0 < s["loss_maker_pct"] < 100


def test_profit_by_size_and_segment_profile(customers):
    bands = S.profit_by_size(customers)
    assert list(bands.index) == ["Q1", "Q2", "Q3", "Q4", "Q5"] and bands["customers"].sum() == len(customers)
    assert bands.loc["Q1", "loss_maker_pct"] > bands.loc["Q5", "loss_maker_pct"]
    prof = S.segment_profile(customers, 0.2)
    assert list(prof.index) == ["top 20%", "rest"]
    assert prof["customers"].tolist() == [200, 800]
    assert prof["revenue_share_pct"].sum() == pytest.approx(100)
    with pytest.raises(ValueError, match="revenue bands"):
        S.profit_by_size(customers.head(3))


def test_add_profit_needs_columns():
    with pytest.raises(ValueError, match=r"the customers table lacks column\(s\) cost_to_serve_cny .*"
                                         r"course\.datasets\.load\('customers'\)"):
        S.add_profit(pd.DataFrame({"gross_margin_cny": [1.0]}))
    with pytest.raises(ValueError, match="lacks column.*margin_pct"):
        S.coverage(ledger([1, 2]), 0.5, columns=("margin_pct",))


# --- how many key accounts ------------------------------------------------------------------------------------

def test_key_account_rule_few_hundred():
    r = S.key_account_rule(300)
    assert (r["low_k"], r["high_k"], r["suggested"]) == (45, 60, 45)


def test_key_account_rule_huge_base():
    r = S.key_account_rule(100_000)
    assert (r["low_pct"], r["high_pct"]) == (3, 5)
    assert r["low_k"] == 3000


def test_key_account_rule_in_between_and_edges():
    mid = S.key_account_rule(3000)
    assert 3 < mid["low_pct"] < 15 and 5 < mid["high_pct"] < 20
    assert S.key_account_rule(0)["suggested"] == 0
    assert S.key_account_rule(1)["suggested"] == 1  # a single customer is your key account
    with pytest.raises(ValueError):
        S.key_account_rule(-5)


# --- balance and CLV ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("stage, perf, verdict", [
    ("start-up", 80, "in balance"), ("start-up", 90, "in balance"), ("start-up", 50, "too little performance"),
    ("mature", 50, "in balance"), ("mature", 40, "in balance"), ("mature", 80, "too much performance"),
    ("mature", 30, "too little performance"), ("start-up", 100, "too much performance"),
])
def test_balance_check(stage, perf, verdict):
    r = S.balance_check(stage, perf)
    assert r["verdict"] == verdict
    assert r["performance_pct"] + r["satisfaction_pct"] == 100


def test_balance_check_errors():
    with pytest.raises(ValueError, match="stage"):
        S.balance_check("teenage", 50)
    with pytest.raises(ValueError, match="between 0 and 100"):
        S.balance_check("mature", 120)


# --- widgets --------------------------------------------------------------------------------------------------

def test_pareto_explorer_moves_with_cutoff(customers):
    from course.widgets.segmentation import pareto_explorer

    ex = pareto_explorer(customers)
    assert "course-pareto-explorer" in ex.widget._dom_classes
    assert ex.result["k"] == 200 and "200" in ex.summary.value
    ex.controls["cutoff_pct"].value = 5
    assert ex.result["k"] == 50
    assert ex.result["revenue_cny"] == pytest.approx(S.top_p_share(customers["revenue_cny"], 0.05))
    assert f"{ex.result['revenue_cny']:.0%}" in ex.summary.value
    ex.controls["cutoff_pct"].value = 0
    assert ex.result["k"] == 0 and "No key accounts" in ex.summary.value
    ex.controls["cutoff_pct"].value = 100
    assert ex.result["revenue_cny"] == pytest.approx(1) and "means nothing" in ex.summary.value


def test_pareto_explorer_rank_by_profit_shows_whale(customers):
    from course.widgets.segmentation import pareto_explorer

    ex = pareto_explorer(customers, cutoff_pct=50)
    ex.controls["rank_by"].value = "profit"
    assert ex.result["profit_cny"] > 1
    assert "more than all the profit" in ex.summary.value


def test_pareto_explorer_rejects_empty():
    from course.widgets.segmentation import pareto_explorer

    with pytest.raises(ValueError, match="empty"):
        pareto_explorer(ledger([]))


def test_balance_explorer_verdict_changes():
    from course.widgets.segmentation import balance_explorer

    ex = balance_explorer()
    assert "course-balance-explorer" in ex.widget._dom_classes
    assert ex.result["verdict"] == "in balance" and "in balance" in ex.summary.value
    ex.controls["stage"].value = "mature"
    assert ex.result["verdict"] == "too much performance" and "too much performance" in ex.summary.value
    ex.controls["performance_pct"].value = 40
    assert ex.result["ratio"] == "4:6" and "in balance" in ex.summary.value


# --- small customers grow -------------------------------------------------------------------------------------

def test_growth_by_segment_young_small_business_fastest(customers):
    g = S.growth_by_segment(customers)
    assert g.loc["small business", "under 3 years"] == g.max().max()


def test_rising_stars_toy():
    df = pd.DataFrame({"revenue_cny": [1000.0, 500.0, 100.0, 50.0, 10.0],
                       "revenue_growth_pct": [0.0, 100.0, 10.0, -5.0, None]})
    stars = S.rising_stars(df, p=0.2, years=5)  # threshold = 1000
    assert list(stars.index) == [1]  # 500 doubling reaches 1000 in one year; 100 at 10% needs 24 years
    assert stars["years_to_key"].iloc[0] == pytest.approx(1.0)
    assert len(S.rising_stars(df, p=0.2, years=30)) == 2
    with pytest.raises(ValueError, match="names no key accounts"):
        S.rising_stars(df, p=0.0)


def test_rising_stars_on_ledger(customers):
    stars = S.rising_stars(customers)
    assert len(stars) > 0 and (stars["years_to_key"] <= 5).all()
    assert (stars["revenue_cny"] < stars["threshold_cny"]).all()
