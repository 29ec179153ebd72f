"""The complaint iceberg (lesson 2): silent dissatisfied, revenue at risk, TARP repurchase, the widget."""

from __future__ import annotations

import ast

import pytest

from course.topics import iceberg as I
from course.widgets import iceberg as WI

FLAT = {o: 0.5 for o in I.OUTCOMES}


def test_silent_dissatisfied_seed_rate():
    r = I.silent_dissatisfied(30)
    assert r["dissatisfied"] == pytest.approx(750) and r["silent"] == pytest.approx(720)
    assert I.silent_dissatisfied(0)["silent"] == 0
    assert I.silent_dissatisfied(10, 1.0)["silent"] == 0          # everyone complains: no hidden part


def test_one_in_27_means_26_silent_per_complaint():
    r = I.silent_dissatisfied(1, I.TARP_ONE_IN_27)
    assert r["silent"] == pytest.approx(26)
    assert I.TARP_ONE_IN_27 == pytest.approx(0.037, abs=0.0005)


@pytest.mark.parametrize("rate", [0, -0.1, 1.5, 4, float("nan")])
def test_bad_rate_is_refused(rate):
    with pytest.raises(ValueError, match="complaint_rate"):
        I.silent_dissatisfied(10, rate)


def test_negative_complaints_refused():
    with pytest.raises(ValueError, match="complaints"):
        I.silent_dissatisfied(-1)


def test_sensitivity_orders_estimates_by_rate():
    s = I.sensitivity(100)
    assert s.loc["TARP: 1 in 27", "silent"] == pytest.approx(2600)
    assert s.loc["TARP 2005: ~50% tell the front line", "silent"] == pytest.approx(100)
    assert s["silent"].max() == s.loc["TARP: 1 in 27", "silent"]


def test_repurchase_rates_from_the_tarp_table(tarp_repurchase):
    small = I.repurchase_rates(tarp_repurchase, "under USD 5")
    big = I.repurchase_rates(tarp_repurchase, "over USD 100")
    assert small == pytest.approx({"did not complain": 0.37, "complained, not resolved": 0.46,
                                   "complained, resolved": 0.70, "resolved quickly": 0.95})
    assert list(big.values()) == pytest.approx([0.09, 0.19, 0.54, 0.82])
    with pytest.raises(ValueError, match="choose one of"):
        I.repurchase_rates(tarp_repurchase, "over USD 1000")
    with pytest.raises(ValueError, match=r"the tarp_repurchase table lacks column\(s\) repurchase_pct .*"
                                         r"course\.datasets\.load\('tarp_repurchase'\)"):
        I.repurchase_rates(tarp_repurchase.drop(columns="repurchase_pct"))


def test_iceberg_by_hand(tarp_repurchase):
    rep = I.repurchase_rates(tarp_repurchase, "under USD 5")
    r = I.iceberg(40, 0.04, customers=10_000, revenue_per_customer=1000, repurchase=rep,
                  resolved_share=0.5, quick_share=0.5)
    # 1,000 dissatisfied: 960 silent, 20 unresolved, 10 resolved slowly, 10 resolved quickly
    assert r["groups"] == pytest.approx({"did not complain": 960, "complained, not resolved": 20,
                                         "complained, resolved": 10, "resolved quickly": 10})
    lost = 960 * 0.63 + 20 * 0.54 + 10 * 0.30 + 10 * 0.05
    assert r["customers_lost"] == pytest.approx(lost)
    assert r["revenue_at_risk"] == pytest.approx(lost * 1000)
    assert r["dissatisfied_share"] == pytest.approx(0.1)
    # faster: the 10 slow ones become quick: 10 * (0.30 - 0.05) = 2.5 customers kept
    assert r["recovered_customers"] == pytest.approx(2.5)
    assert r["recovered_revenue"] == pytest.approx(2500)


def test_faster_recovers_nothing_when_already_quick_or_nothing_resolved():
    assert I.iceberg(40, 0.04, repurchase=FLAT | {"resolved quickly": 0.9}, revenue_per_customer=1,
                     quick_share=1.0)["recovered_revenue"] == 0
    assert I.iceberg(40, 0.04, repurchase=FLAT | {"resolved quickly": 0.9}, revenue_per_customer=1,
                     resolved_share=0.0)["recovered_revenue"] == 0


def test_iceberg_input_errors():
    with pytest.raises(ValueError, match="repurchase"):
        I.iceberg(10)
    with pytest.raises(ValueError, match="more than the 100 customers"):
        I.iceberg(10, 0.04, customers=100, repurchase=FLAT)
    with pytest.raises(ValueError, match="customers must be"):
        I.iceberg(10, 0.04, customers=0, repurchase=FLAT)
    with pytest.raises(ValueError, match="quick_share"):
        I.iceberg(10, 0.04, repurchase=FLAT, quick_share=1.2)
    with pytest.raises(ValueError, match="revenue_per_customer"):
        I.iceberg(10, 0.04, repurchase=FLAT, revenue_per_customer=-5)


def test_encouraging_complaints_cuts_revenue_at_risk(tarp_repurchase):
    rep = I.repurchase_rates(tarp_repurchase)
    e = I.encourage_complaints(1000, 0.04, 0.5, rep, 100)
    assert e["at_risk_new"] < e["at_risk_now"] and e["saved"] > 0
    same = I.encourage_complaints(1000, 0.04, 0.04, rep, 100)
    assert same["saved"] == pytest.approx(0)


def test_word_of_mouth_counts_unhappy_customers():
    r = I.iceberg(40, 0.04, repurchase=FLAT, resolved_share=0.5)
    w = I.word_of_mouth(r, 3)
    assert w["unhappy"] == pytest.approx(960 + 20) and w["reach"] == pytest.approx(3 * 980)
    with pytest.raises(ValueError):
        I.word_of_mouth(r, -1)


def test_missing_reports_are_the_three_blank_branch_months(complaints_monthly):
    m = I.missing_reports(complaints_monthly)
    assert len(m) == 3


def test_blanks_as_zero_flatter_the_branch(complaints_monthly):
    ok = I.complaint_rates(complaints_monthly, year="2024")
    zero = I.complaint_rates(complaints_monthly, year="2024", blanks="zero")
    for b in I.missing_reports(complaints_monthly)["branch"].astype(str).unique():
        assert zero.loc[b, "per_1000_per_month"] < ok.loc[b, "per_1000_per_month"]
    with pytest.raises(ValueError, match="blanks"):
        I.complaint_rates(complaints_monthly, blanks="mean")
    with pytest.raises(ValueError, match="year"):
        I.complaint_rates(complaints_monthly, year="1999")
    with pytest.raises(ValueError, match=r"complaints_monthly table lacks column\(s\) customers"):
        I.complaint_rates(complaints_monthly.drop(columns="customers"))


def test_snapshot_skips_unreported_rows(complaints_monthly):
    miss = I.missing_reports(complaints_monthly).iloc[0]
    s = I.snapshot(complaints_monthly, str(miss["month"]), str(miss["branch"]))
    m = complaints_monthly
    rows = m[(m["month"] == miss["month"]) & (m["branch"] == miss["branch"])]
    reported = rows[rows["complaints"].notna()]
    assert s["complaints"] == reported["complaints"].sum()
    assert s["customers"] == reported["customers"].sum() < rows["customers"].sum()
    latest = I.snapshot(complaints_monthly)
    assert latest["month"] == "2025-12" and 0 < latest["quick_share"] < 1
    with pytest.raises(ValueError, match="no reported"):
        I.snapshot(complaints_monthly, "1999-01")


def test_iceberg_widget_sliders_change_result_and_summary(tarp_repurchase):
    ex = WI.iceberg_explorer(tarp_repurchase, complaints=450, customers=175_000, revenue_per_customer=2800)
    assert {"course-iceberg", "course-explorer"} <= set(ex.widget._dom_classes)
    first = ex.summary.value
    assert "10,800 stay silent" in first and "revenue at risk" in first
    ex.controls["complaint_rate"].value = 0.5
    assert ex.result["silent"] == pytest.approx(450)
    assert ex.summary.value != first and "450 stay silent" in ex.summary.value
    before = ex.result["recovered_revenue"]
    ex.controls["quick_share"].value = 1.0
    assert ex.result["recovered_revenue"] == 0 and before > 0
    assert "recovers almost nothing" in ex.summary.value
    at_small = ex.result["revenue_at_risk"]
    ex.controls["problem_size"].value = "over USD 100"
    assert ex.result["revenue_at_risk"] > at_small


def test_iceberg_widget_explains_impossible_inputs(tarp_repurchase):
    ex = WI.iceberg_explorer(tarp_repurchase, complaints=2000, customers=40_000)
    assert "error" in ex.result and "Cannot estimate" in ex.summary.value
    ex.controls["complaint_rate"].value = 0.5
    assert "error" not in ex.result and "stay silent" in ex.summary.value


def test_waterline_puts_the_share_above_water():
    for f in (0.0, 0.04, 0.5, 0.9, 1.0):
        top = WI.waterline_depth(f)
        xs, ys = WI._diamond(top, 1.0, 1.1)
        assert WI._area_above_water(xs, ys) / WI._area(xs, ys) == pytest.approx(f, abs=1e-6)


def test_lesson2_code_is_pyodide_safe(root):
    """Lesson 2 runs in JupyterLite: no threads, subprocesses or file writes in its modules."""
    banned = {"threading", "subprocess", "multiprocessing", "concurrent", "socket", "asyncio"}
    for rel in ("course/topics/iceberg.py", "course/widgets/iceberg.py", "course/widgets/base.py",
                "course/selfcheck/__init__.py", "course/selfcheck/engine.py", "course/selfcheck/lesson02.py"):
        tree = ast.parse((root / rel).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert not {n.split(".")[0] for n in names} & banned, f"{rel} imports {names}"
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "open":
                pytest.fail(f"{rel} opens a file")


def test_branch_icebergs_use_each_branch_mix(complaints_monthly, tarp_repurchase):
    rep = I.repurchase_rates(tarp_repurchase)
    b = I.branch_icebergs(complaints_monthly, rep, year="2025")
    assert len(b) == 6 and b["recovered_revenue"].is_monotonic_decreasing
    m = complaints_monthly
    one = m[(m["branch"] == "Hangzhou Xihu") & m["month"].str.startswith("2025")]
    assert b.loc["Hangzhou Xihu", "complaints"] == one["complaints"].sum()
    assert b.loc["Hangzhou Xihu", "silent"] == pytest.approx(one["complaints"].sum() * 24)
    quick = one["resolved_within_48h"].sum() / one["complaints_resolved"].sum()
    assert b.loc["Hangzhou Xihu", "quick_share"] == pytest.approx(quick)
    # 2024 has the blank months: they are skipped, and the year still scores
    b24 = I.branch_icebergs(complaints_monthly, rep, year="2024")
    assert b24["complaints"].sum() == m.loc[m["month"].str.startswith("2024"), "complaints"].sum()
    with pytest.raises(ValueError, match="1999"):
        I.branch_icebergs(complaints_monthly, rep, year="1999")


def test_year_snapshot_and_rate_check(complaints_monthly, tarp_repurchase):
    snap = I.year_snapshot(complaints_monthly, "2025")
    rep = complaints_monthly[complaints_monthly["month"].str.startswith("2025") & complaints_monthly["complaints"].notna()]
    assert snap["complaints"] == rep["complaints"].sum()
    big = I.repurchase_rates(tarp_repurchase, "over USD 100")
    check = I.rate_check(snap, big)
    seed = check.loc["seed: 4%"]
    assert seed["dissatisfied"] == pytest.approx(snap["complaints"] / 0.04)
    assert seed["dissatisfied_share"] == pytest.approx(seed["dissatisfied"] / snap["customers"])
    # the teaching moment: at 4% most customers are dissatisfied and most revenue is at risk; at 50% neither
    assert seed["dissatisfied_share"] > 0.5 and seed["revenue_at_risk_share"] > 0.5
    front = check.loc["TARP 2005: ~50% tell the front line"]
    assert front["dissatisfied_share"] < 0.1 and front["revenue_at_risk_share"] < 0.1
    assert (check.sort_values("complaint_rate")["dissatisfied"].diff().dropna() < 0).all()


def test_lowest_rate_and_growth(complaints_monthly):
    assert I.lowest_rate(300, 1000) == pytest.approx(0.3)
    assert I.lowest_rate(300, 1000, 0.5) == pytest.approx(0.6)
    with pytest.raises(ValueError):
        I.lowest_rate(1, 0)
    g = I.customer_growth(complaints_monthly, "2024", "2025")
    assert 0 < g < 0.2
    with pytest.raises(ValueError, match="1999"):
        I.customer_growth(complaints_monthly, "1999", "2025")
