"""Tests for course.topics.triage (the lesson 8 capstone) and its widgets."""

from __future__ import annotations

import pandas as pd
import pytest

from course.topics import triage as t


def mini_queue() -> pd.DataFrame:
    ts = pd.to_datetime(["2025-11-21 09:00", "2025-11-21 09:04", "2025-11-21 11:00", "2025-11-21 09:02",
                         "2025-11-21 09:30"])
    return pd.DataFrame({
        "complaint_id": ["Q1", "Q2", "Q3", "Q4", "Q5"], "received_at": ts,
        "customer_id": ["Z0001", "Z0001", "Z0001", "Z0002", "Z0003"],
        "root_cause": ["late report", "late report", "late report", "late report", "billing error"],
        "severity": ["low", "low", "low", "high", "medium"],
        "amount_cny": [100.0, 100.0, 100.0, 5000.0, 300.0], "hours_waiting": [10.0, 9.9, 8.0, 60.0, 1.0],
        "text": ["Report late.", "report  LATE.", "Report late.", "Report late.", "Wrong bill."]})


def test_duplicates_same_customer_same_text_within_window():
    q = mini_queue()
    assert t.find_duplicates(q)["complaint_id"].tolist() == ["Q2"]     # Q3 is 2 h later, Q4 another client
    assert t.deduplicate(q)["complaint_id"].tolist() == ["Q1", "Q3", "Q4", "Q5"]
    assert t.find_duplicates(q, window_minutes=180)["complaint_id"].tolist() == ["Q2", "Q3"]
    assert t.find_duplicates(q, window_minutes=0).empty
    with pytest.raises(ValueError, match="window_minutes"):
        t.find_duplicates(q, window_minutes=-1)


def test_received_at_as_text_is_parsed_or_named():
    q = mini_queue()
    as_text = q.assign(received_at=q["received_at"].astype(str))
    assert t.find_duplicates(as_text)["complaint_id"].tolist() == ["Q2"]
    with pytest.raises(ValueError, match="received_at"):
        t.find_duplicates(q.assign(received_at=["yesterday"] * 5))


def test_missing_column_names_the_table_and_the_fix():
    with pytest.raises(ValueError, match=r"the complaint_queue table lacks column\(s\) root_cause .*"
                                         r"course\.datasets\.load\('complaint_queue'\)"):
        t.pareto(mini_queue().drop(columns="root_cause"))
    with pytest.raises(TypeError, match="complaint_queue table as a pandas DataFrame"):
        t.find_duplicates("Q1, Q2")


def test_real_queue_has_two_duplicates(complaint_queue):
    dups = t.find_duplicates(complaint_queue)
    assert len(dups) == 2 and len(t.deduplicate(complaint_queue)) == 178
    assert not t.deduplicate(complaint_queue).duplicated(["customer_id", "text"]).any()


def test_empty_queue(complaint_queue, accounts):
    empty = complaint_queue.iloc[0:0]
    assert t.deduplicate(empty).empty
    table = t.pareto(empty)
    assert table.empty and list(table.columns) == ["root_cause", "complaints", "share", "cum_share"]
    assert t.vital_few(table).empty
    assert t.priority(empty, accounts).empty


def test_pareto_sorted_and_cumulative(complaint_queue):
    table = t.pareto(t.deduplicate(complaint_queue))
    assert table["complaints"].is_monotonic_decreasing and table["complaints"].sum() == 178
    assert table["cum_share"].iloc[-1] == pytest.approx(1.0)
    assert table["root_cause"].iloc[0] == "late report"
    vital = t.vital_few(table)
    assert vital["cum_share"].iloc[-1] >= 0.8 and (len(vital) == 1 or vital["cum_share"].iloc[-2] < 0.8)
    assert len(t.vital_few(table, 1.0)) == len(table) and t.vital_few(table, 0).empty
    with pytest.raises(ValueError, match="cutoff"):
        t.vital_few(table, 1.5)


def test_priority_components_and_weights(accounts):
    q = t.deduplicate(mini_queue())
    ranked = t.priority(q, accounts)
    assert ranked["complaint_id"].iloc[0] == "Q4"                      # high severity, big amount, 60 h
    assert ranked["priority"].between(0, 100).all()
    only_wait = t.priority(q, accounts, {"severity": 0, "amount": 0, "waiting": 1, "value": 0})
    assert only_wait.loc[only_wait["complaint_id"] == "Q4", "priority"].item() == pytest.approx(100.0)
    assert only_wait.loc[only_wait["complaint_id"] == "Q5", "priority"].item() == pytest.approx(100 / 48)
    with pytest.raises(ValueError, match="unknown weight"):
        t.priority(q, accounts, {"speed": 1})
    with pytest.raises(ValueError, match="sla_hours"):
        t.priority(q, accounts, sla_hours=0)


def test_priority_unknown_client_gets_neutral_value(accounts):
    q = mini_queue().assign(customer_id="NOPE")
    ranked = t.priority(q, accounts)
    assert (ranked["c_value"] == 0.5).all() and not ranked["value_known"].any()


def test_bad_severity_is_named(accounts):
    q = mini_queue().assign(severity=["low", "urgent", "low", "low", "low"])
    with pytest.raises(ValueError, match="Q2"):
        t.priority(q, accounts)


def test_judge_recovery():
    assert t.judge_recovery([])["missing"] == list(t.JUSTICE)
    refund = t.judge_recovery(["Refund the amount at stake"])
    assert refund["missing"] == ["procedural", "interactional"] and not refund["complete"]
    assert "apology" in refund["explanations"]["interactional"]
    assert t.judge_recovery(["Standard form letter"])["scores"] == {j: 0 for j in t.JUSTICE}
    for cause in t.RECOMMENDED:
        assert t.judge_recovery(t.recommend(cause))["complete"], cause
    with pytest.raises(ValueError, match="unknown recovery"):
        t.judge_recovery(["Free lunch"])
    with pytest.raises(ValueError, match="root cause"):
        t.recommend("aliens")


def test_worst_accounts_join(complaint_queue, accounts):
    worst = t.complainers_decisions(t.deduplicate(complaint_queue), accounts, n=5)
    assert len(worst) == 5 and worst["profit_cny"].is_monotonic_increasing
    assert set(worst["customer_id"]) <= set(complaint_queue["customer_id"])
    assert set(worst["decision"].astype(str)) <= {"keep", "fix", "let go"}


def test_summary_is_computed_not_typed(complaint_queue, accounts):
    v = t.summary_values(complaint_queue, accounts)
    assert v["received"] == 180 and v["duplicates"] == 2 and v["complaints"] == 178
    md = t.render_summary(v)
    assert "180 submissions" in md and "2 were duplicates" in md and v["top_priority"][0]["complaint_id"] in md
    changed = t.render_summary({**v, "received": 999})
    assert "999 submissions" in changed
    html = t.render_summary(v, "html")
    assert html.startswith('<div class="course-summary-report">') and "<table>" in html and "**" not in html
    with pytest.raises(ValueError, match="fmt"):
        t.render_summary(v, "pdf")


def test_summary_on_empty_queue(complaint_queue, accounts):
    v = t.summary_values(complaint_queue.iloc[0:0], accounts)
    assert v["complaints"] == 0 and v["top_priority"] == [] and v["vital_share"] == 0
    assert "0 submissions" in t.render_summary(v)



# --- widgets --------------------------------------------------------------------------------------------

def test_plot_pareto(complaint_queue):
    import matplotlib.pyplot as plt

    from course.widgets.triage import plot_pareto

    ax = plot_pareto(t.pareto(t.deduplicate(complaint_queue)))
    assert [p.get_height() for p in ax.patches][:2] == [58, 42]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    plt.close("all")


def test_triage_board_reacts(complaint_queue, accounts):
    from course.widgets.triage import triage_board

    board = triage_board(complaint_queue, accounts)
    assert "course-triage" in board.widget._dom_classes
    assert len(board.result["ranked"]) == 178
    first = board.result["ranked"]["complaint_id"].iloc[0]
    assert f"Handle <b>{first}</b> first" in board.summary.value
    for k in ("w_severity", "w_amount", "w_value"):
        board.controls[k].value = 0.0
    board.controls["w_waiting"].value = 1.0
    longest = board.result["ranked"]["hours_waiting"].iloc[0]
    assert longest == complaint_queue["hours_waiting"].max()
    new_first = board.result["ranked"]["complaint_id"].iloc[0]
    assert new_first != first and f"Handle <b>{new_first}</b> first" in board.summary.value
    board.controls["top"].value = 3
    assert board.summary.value.count("<tr>") == 4


def test_recovery_choice_reacts():
    from course.widgets.triage import recovery_choice

    ex = recovery_choice()
    assert "course-recovery" in ex.widget._dom_classes and "Pick one or more" in ex.summary.value
    ex.controls["actions"].value = ("Refund the amount at stake",)
    assert ex.result["scores"]["distributive"] == 2 and "Incomplete" in ex.summary.value
    assert "interactional" in ex.summary.value
    ex.controls["actions"].value = tuple(t.recommend("late report"))
    assert ex.result["complete"] and "Complete" in ex.summary.value
