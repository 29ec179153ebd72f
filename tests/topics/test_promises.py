"""Promise vs delivery (lesson 1): breach rates, messy values and the promise explorer."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from course.topics import promises as P
from course.widgets.promises import plot_hours, promise_explorer


def make(rows: list[tuple]) -> pd.DataFrame:
    """Tickets from (branch, category, first_department, transfers, promised, resolved_hours, satisfaction)."""
    df = pd.DataFrame(rows, columns=["branch", "category", "first_department", "transfers", "promised_hours",
                                     "resolved_hours", "satisfaction"])
    df["ticket_id"] = [f"T-{i:06d}" for i in range(1, len(df) + 1)]
    df["resolved_hours"] = df["resolved_hours"].astype("Float64")
    df["satisfaction"] = df["satisfaction"].astype("Int64")
    df["status"] = ["open" if pd.isna(h) else "resolved" for h in df["resolved_hours"]]
    return df


@pytest.fixture
def small() -> pd.DataFrame:
    return make([
        ("A", "billing", "billing", 0, 24, 10.0, 5),
        ("A", "billing", "customer service", 2, 24, 50.0, 1),
        ("A", "installation", "customer service", 1, 24, 30.0, None),
        ("B", "installation", "installation", 0, 24, 20.0, 4),
        ("B", "product defect", "quality", 0, 72, 60.0, 4),
        ("B", "billing", "billing", 0, 24, None, None),        # open
        ("B", "billing", "billing", 0, 24, 0.0, None),         # auto-closed
        ("A", "installation", "logistics", 3, 24, 900.0, 2),   # lost for weeks
    ])


def test_data_quality_counts_each_messy_kind(small):
    q = P.data_quality(small)
    assert q["tickets"] == 8
    assert q["open (blank resolved_hours)"] == 1
    assert q["lost (over 500 h)"] == 1
    assert q["auto-closed at 0 h"] == 1
    assert q["no survey answer (blank satisfaction)"] == 3


def test_resolved_drops_open_and_auto_closed(small):
    r = P.resolved(small)
    assert len(r) == 6 and r["resolved_hours"].notna().all() and (r["resolved_hours"] > 0).all()
    assert len(P.resolved(small, drop_auto_closed=False)) == 7


def test_breached_uses_own_promise_or_the_advertised_one(small):
    b = P.breached(small)
    assert list(b.iloc[:5]) == [False, True, True, False, False]  # 60 h product defect keeps its 72 h promise
    assert pd.isna(b.iloc[5])                                      # open ticket: unknown, not "kept"
    assert bool(P.breached(small, promise_hours=48).iloc[4]) is True
    with pytest.raises(ValueError, match="promise_hours"):
        P.breached(small, promise_hours=-1)


def test_breach_rate_zero_and_full_at_extreme_promises(small):
    assert P.breach_rates(small, "branch", promise_hours=10_000)["breach_rate"].eq(0).all()
    assert P.breach_rates(small, "branch", promise_hours=0)["breach_rate"].eq(1).all()


def test_breach_rates_by_transfers_groups_three_plus(small):
    t = P.breach_rates(small, "transfers")
    assert list(t.index.astype(str)) == ["0", "1", "2", "3+"]
    assert t.loc["0", "tickets"] == 3 and t.loc["0", "breach_rate"] == 0
    assert t.loc["3+", "breach_rate"] == 1 and t.loc["3+", "median_hours"] == 900


def test_breach_rates_rejects_unknown_column(small):
    with pytest.raises(ValueError, match="no such column"):
        P.breach_rates(small, "colour")


def test_transfer_bucket_rejects_bad_cap():
    with pytest.raises(ValueError):
        P.transfer_bucket(pd.Series([1, 2]), cap=0)


def test_bounce_table_puts_worst_bouncer_first(small):
    b = P.bounce_table(small)
    assert b.index[0] in ("customer service", "logistics")
    assert b.loc["customer service", "share_passed_on"] == 1
    assert b.loc["customer service", "mean_transfers"] == 1.5
    assert b.loc["billing", "share_passed_on"] == 0


def test_hours_summary_median_resists_lost_tickets(small):
    h = P.hours_summary(small)
    assert h["mean_hours"].iloc[0] > 3 * h["mean_hours"].iloc[1]
    assert h["median_hours"].iloc[0] == pytest.approx(40.0)   # 10, 20, 30, 50, 60, 900
    assert h["tickets"].tolist() == [6, 5]


def test_satisfaction_skips_blank_scores(small):
    s = P.satisfaction_by_promise(small)
    assert s.loc["promise kept", "answers"] == 3           # 5, 4, 4 (blank scores are not zeros)
    assert s.loc["promise kept", "median_score"] == 4
    assert s.loc["promise broken", "answers"] == 2          # 1, 2


def test_missing_column_gives_clear_error(small):
    with pytest.raises(ValueError, match=r"the tickets table lacks column\(s\) transfers .*"
                                         r"course\.datasets\.load\('tickets'\)"):
        P.resolved(small.drop(columns="transfers"))
    with pytest.raises(TypeError, match=r"tickets table as a pandas DataFrame, got list; load it"):
        P.resolved([1, 2, 3])


def test_promise_vs_delivery_filters_and_errors(small):
    r = P.promise_vs_delivery(small, 24, branch="B")
    assert r["tickets"] == 2 and r["breach_rate"] == 0.5
    assert math.isnan(r["multi_transfer_breach_rate"])
    with pytest.raises(ValueError, match="branch"):
        P.promise_vs_delivery(small, 24, branch="Atlantis")
    with pytest.raises(ValueError, match="no resolved tickets"):
        P.promise_vs_delivery(small, 24, branch="B", category="billing")


def test_real_data_shows_the_seed_pattern(tickets):
    t = P.breach_rates(tickets, "transfers")
    rates = t["breach_rate"].tolist()
    assert rates == sorted(rates)                            # more transfers, more broken promises
    assert t.loc["2", "median_hours"] > 36                   # the seed's "24 h promised, ~48 h delivered"
    by_dep = P.bounce_table(tickets)
    assert by_dep.index[0] == "customer service"


def test_explorer_slider_changes_result_and_words(tickets):
    ex = promise_explorer(tickets)
    assert "course-promise-explorer" in ex.widget._dom_classes
    assert "course-explorer" in ex.widget._dom_classes
    at24 = ex.result["breach_rate"]
    assert "Advertise 24 h" in ex.summary.value
    ex.controls["promise_hours"].value = 96
    assert ex.result["breach_rate"] < at24
    assert "Advertise 96 h" in ex.summary.value and "Few tickets" in ex.summary.value
    ex.controls["promise_hours"].value = 4
    assert "Most tickets break the promise" in ex.summary.value
    ex.controls["branch"].value = "Chengdu Jinjiang"
    assert "Chengdu Jinjiang" in ex.summary.value and ex.result["tickets"] < 1000


def test_hours_histogram_marks_promise_median_and_mean(tickets):
    import matplotlib.pyplot as plt

    ax = plot_hours(tickets, promise_hours=24)
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[0] == "promise 24 h" and labels[1].startswith("median") and labels[2].startswith("mean")
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    plt.close("all")
