"""Tests for course.topics.profitability (lesson 6) and its decision-board widget."""

from __future__ import annotations

import pandas as pd
import pytest

from course.topics import profitability as p


def tiny(**cols) -> pd.DataFrame:
    base = {"customer_id": ["A", "B", "C", "D"], "annual_fee_cny": [10_000.0, 5_000.0, 20_000.0, 3_000.0],
            "cost_to_serve_cny": [4_000.0, 8_000.0, 6_000.0, 60_000.0],
            "service_calls_per_month": [2.0, 3.0, 30.0, 45.0], "payment_delay_days": [0.0, 5.0, 1.0, 2.0],
            "abuse_incidents": [0, 0, 0, 3]}
    base.update(cols)
    return pd.DataFrame(base)


def test_profit_after_cost_to_serve_is_fee_minus_cost():
    out = p.profit_after_cost_to_serve(tiny())
    assert out["profit_cny"].tolist() == [6_000.0, -3_000.0, 14_000.0, -57_000.0]
    assert out["margin"].iloc[0] == pytest.approx(0.6)


def test_zero_fee_gives_nan_margin_not_error():
    out = p.profit_after_cost_to_serve(tiny(annual_fee_cny=[0.0, 5_000.0, 20_000.0, 3_000.0]))
    assert pd.isna(out["margin"].iloc[0]) and out["profit_cny"].iloc[0] == -4_000.0


def test_missing_column_is_named():
    with pytest.raises(ValueError, match=r"the accounts table lacks column\(s\) cost_to_serve_cny .*"
                                         r"course\.datasets\.load\('accounts'\)"):
        p.profit_after_cost_to_serve(tiny().drop(columns="cost_to_serve_cny"))
    with pytest.raises(TypeError, match="accounts table as a pandas DataFrame"):
        p.classify([1, 2, 3])


def test_clv_formula_and_bad_rates():
    assert p.clv(10_000, 0.8, 0.1) == pytest.approx(8_000 / 0.3)
    assert p.clv(1000, 0.0, 0.1) == 0.0
    with pytest.raises(ValueError, match="retention"):
        p.clv(1000, 1.0, 0.1)
    with pytest.raises(ValueError, match="0.8"):
        p.clv(1000, 80, 0.1)
    with pytest.raises(ValueError, match="discount"):
        p.clv(1000, 0.5, -1.0)
    assert p.clv(100, 0.8, 0.1) == pytest.approx(100 * 0.8 / 0.3)
    assert p.clv(100, 0, 0.1) == 0
    with pytest.raises(ValueError):
        p.clv(100, 1.2, 0.1)


def test_add_clv_scales_profit():
    out = p.add_clv(tiny(), retention=0.5, discount=0.0)
    assert out["clv_cny"].tolist() == pytest.approx([6_000.0, -3_000.0, 14_000.0, -57_000.0])


def test_classify_rule_on_tiny_frame():
    out = p.classify(tiny()).set_index("customer_id")
    assert out.loc["A", "decision"] == "keep" and out.loc["A", "step"] == "none"
    assert out.loc["B", "decision"] == "fix" and out.loc["B", "step"] == "renegotiate"   # loses money, behaves
    assert out.loc["C", "decision"] == "fix" and out.loc["C", "step"] == "educate"       # profitable, calls a lot
    assert out.loc["D", "decision"] == "let go" and out.loc["D", "step"] == "terminate"
    assert "more than 20 calls" in out.loc["D", "reason"]
    abusive = p.classify(tiny(abuse_incidents=[5, 0, 0, 0])).set_index("customer_id")
    assert abusive.loc["A", "decision"] == "fix" and abusive.loc["A", "step"] == "reassess"  # profitable, abusive


def test_thresholds_are_adjustable():
    strict = p.classify(tiny(), max_calls=1).set_index("customer_id")
    assert strict.loc["A", "decision"] == "fix"
    loose = p.classify(tiny(), min_profit_cny=-100_000, max_calls=100, max_abuse=10)
    assert (loose["decision"] == "keep").all()
    via_obj = p.classify(tiny(), p.Thresholds(max_calls=1))
    assert via_obj["decision"].tolist() == strict["decision"].tolist()


def test_steps_migrate_and_educate():
    df = tiny(payment_delay_days=[0.0, 90.0, 1.0, 2.0], abuse_incidents=[0, 0, 0, 0],
              cost_to_serve_cny=[4_000.0, 8_000.0, 6_000.0, 10_000.0])
    out = p.classify(df).set_index("customer_id")
    assert out.loc["B", "step"] == "migrate"          # late payer, losing money
    assert out.loc["D", "step"] == "educate"          # heavy caller, small loss


def test_empty_frame(accounts):
    empty = accounts.iloc[0:0]
    out = p.classify(empty)
    assert len(out) == 0
    s = p.decision_summary(out)
    assert s["clients"].tolist() == [0, 0, 0]
    assert p.step_counts(out).sum() == 0
    assert p.profit_if_let_go(out)["clients_dropped"] == 0


def test_real_ledger(accounts):
    out = p.classify(accounts)
    s = p.decision_summary(out)
    assert s["clients"].sum() == len(accounts) == 800
    assert s.loc["let go", "profit_cny"] < 0 < s.loc["keep", "profit_cny"]
    naive = p.profit_if_let_go(out)
    assert naive["gain_cny"] == pytest.approx(-s.loc["let go", "profit_cny"])
    serial = p.serial_callers(accounts)
    assert len(serial) == 15   # the data README: 15 serial callers at 40-50 calls a month
    assert serial["service_calls_per_month"].between(40, 50).all()


def test_whale_curve(accounts):
    curve = p.whale_curve(accounts)
    assert curve["profit_cny"].is_monotonic_decreasing
    assert curve["cum_profit_pct"].iloc[-1] == pytest.approx(100.0)
    assert curve["cum_profit_pct"].max() > 100          # loss-makers give part of the profit away
    assert curve["client_pct"].iloc[-1] == pytest.approx(100.0)
    assert p.whale_curve(accounts.iloc[0:0]).empty
    toy = p.whale_curve(tiny())           # profits 6,000, -3,000, 14,000, -57,000: total -40,000
    assert toy["customer_id"].tolist() == ["C", "A", "B", "D"] and toy["client_pct"].tolist() == [25, 50, 75, 100]
    assert toy["cum_profit_pct"].isna().all()    # no share of a negative total


def test_whale_summary_matches_the_curve(accounts):
    s = p.whale_summary(accounts)
    curve = p.whale_curve(accounts)
    peak = curve.loc[curve["cum_profit_pct"].idxmax()]
    assert s["peak_customer_pct"] == pytest.approx(peak["client_pct"])
    assert s["peak_pct"] == pytest.approx(peak["cum_profit_pct"])
    assert s["rest_customer_pct"] == pytest.approx(100 - peak["client_pct"])
    assert s["given_back_pct"] == pytest.approx(peak["cum_profit_pct"] - 100)


def test_whale_curve_plot(accounts):
    import matplotlib.pyplot as plt

    from course.widgets.profitability import plot_whale_curve

    ax = plot_whale_curve(accounts)
    assert ax.get_title() and "%" in ax.get_xlabel() and "%" in ax.get_ylabel()
    plt.close("all")


def test_steps_and_reasons_as_data():
    assert len(p.FIRING_STEPS) == 6 and p.FIRING_STEPS["step"].tolist() == [1, 2, 3, 4, 5, 6]
    assert p.DIVESTMENT_STEPS["step"].tolist() == list(p.STEPS)
    assert len(p.DIVESTMENT_REASONS) == 4
    assert set(p.REACTION_CLAIMS.values()) == {0.8, 0.7, 0.5}



# --- widgets --------------------------------------------------------------------------------------------

def test_decision_board_reacts_to_thresholds(accounts):
    from course.widgets.profitability import decision_board

    board = decision_board(accounts)
    assert "course-decision-board" in board.widget._dom_classes
    before = board.result["summary"].loc["let go", "clients"]
    text_before = board.summary.value
    board.controls["max_calls"].value = 50
    board.controls["max_delay_days"].value = 240
    after = board.result["summary"].loc["let go", "clients"]
    assert after < before
    assert board.summary.value != text_before
    assert f"<td>{int(after)}</td>" in board.summary.value
    board.controls["min_profit_cny"].value = 20_000
    assert board.result["summary"].loc["keep", "clients"] < 800
    assert "if nobody reacted" in board.summary.value


def test_decision_board_loads_the_course_data_when_given_none(accounts):
    from course.widgets.profitability import decision_board

    assert decision_board().summary.value == decision_board(accounts).summary.value


def test_as_markdown_keeps_full_text():
    from course.widgets.profitability import as_markdown

    text = as_markdown(p.FIRING_STEPS)
    lines = text.splitlines()
    assert lines[0] == "| step | name en | name zh | what to do |" and len(lines) == 2 + 6
    assert p.FIRING_STEPS["what_to_do"].iloc[3] in text
    assert as_markdown(pd.DataFrame({"a": ["x|y"]})).splitlines()[2] == "| x\\|y |"


def test_steps_panel_lists_all_steps():
    from course.widgets.profitability import steps_panel

    panel = steps_panel()
    assert "course-steps" in panel._dom_classes
    html = panel.children[0].value + panel.children[1].value
    for name in [*p.STEPS, *p.FIRING_STEPS["name_en"]]:
        assert name in html
