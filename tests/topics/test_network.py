"""Tests for course.topics.network (lesson 5 logic: key-account portfolio, leverage, contagion) and its widgets."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from course.topics import network as N


def toy_accounts(revenue, active=None, sow=None) -> pd.DataFrame:
    n = len(revenue)
    return pd.DataFrame({
        "account_id": [f"T{i}" for i in range(n)], "name": [f"Toy {i}" for i in range(n)],
        "active": [True] * n if active is None else active, "revenue_hkd": [float(r) for r in revenue],
        "share_of_wallet": [0.5] * n if sow is None else sow,
    })


def chain(strength: float) -> pd.DataFrame:
    """T0 -> T1 -> T2, T0 -> T3."""
    return pd.DataFrame({"source_id": ["T0", "T1", "T0"], "target_id": ["T1", "T2", "T3"],
                         "relation": "referred", "strength": [strength] * 3})


# --- ranking and portfolio ------------------------------------------------------------------------------------

def test_active_ranked_drops_inactive_and_ranks():
    acc = toy_accounts([5, 50, 20], active=[True, False, True])
    r = N.active_ranked(acc)
    assert r["account_id"].tolist() == ["T2", "T0"] and r["rank"].tolist() == [1, 2]
    assert r["share"].sum() == pytest.approx(1)


def test_active_ranked_missing_column():
    with pytest.raises(ValueError, match=r"the b2b_accounts table lacks column\(s\) active .*"
                                         r"course\.datasets\.load\('b2b_accounts'\)"):
        N.active_ranked(pd.DataFrame({"account_id": ["a"], "revenue_hkd": [1.0]}))


def test_key_account_ids(b2b_accounts):
    assert N.key_account_ids(b2b_accounts, k=0) == []
    assert len(N.key_account_ids(b2b_accounts, p=0.05)) == 15
    assert len(N.key_account_ids(b2b_accounts, p=1.0)) == 300
    top = N.key_account_ids(b2b_accounts, k=1)[0]
    assert b2b_accounts.set_index("account_id").loc[top, "share_of_wallet"] == pytest.approx(0.85)
    with pytest.raises(ValueError, match="exactly one"):
        N.key_account_ids(b2b_accounts)


def test_portfolio_trader_case(b2b_accounts):
    ten, fortyfive = N.portfolio(b2b_accounts, 10), N.portfolio(b2b_accounts, 45)
    assert ten["n_active"] == 300 and "Jiangyin" in ten["top_name"]
    assert not ten["in_rule"] and fortyfive["in_rule"]
    assert fortyfive["covered"] > ten["covered"]
    # more key accounts: the tier leans less on the top account
    assert fortyfive["top1_in_tier"] < ten["top1_in_tier"] and fortyfive["hhi_tier"] < ten["hhi_tier"]
    # the whole-base concentration does not depend on k
    assert fortyfive["hhi_all"] == ten["hhi_all"] and ten["gaap_disclosure"]
    assert 0.40 <= ten["covered"] <= 0.60  # datasheet: the ten biggest are about half of the volume


def test_portfolio_edges():
    acc = toy_accounts([10, 30, 60])
    zero = N.portfolio(acc, 0)
    assert zero["covered"] == 0 and math.isnan(zero["top1_in_tier"])
    full = N.portfolio(acc, 3)
    assert full["covered"] == pytest.approx(1) and full["top1_in_tier"] == pytest.approx(0.6)
    assert full["hhi_all"] == pytest.approx(3600 + 900 + 100)
    one = N.portfolio(toy_accounts([7]), 1)
    assert one["top1_all"] == 1 and one["hhi_all"] == pytest.approx(10_000)
    with pytest.raises(ValueError, match="between 0"):
        N.portfolio(acc, 4)
    with pytest.raises(ValueError, match="no active"):
        N.portfolio(toy_accounts([1, 2], active=[False, False]), 0)


def test_threat_and_receivables(b2b_accounts):
    t = N.threat(b2b_accounts)
    assert t["share_of_wallet"] == pytest.approx(0.85)
    assert t["lost"] == pytest.approx(t["revenue"] * (1 - 0.20 / 0.85))
    assert 0 < t["lost_share_of_total"] < t["share_of_total"]
    assert N.threat(b2b_accounts, cut_to=0.85)["lost"] == pytest.approx(0)
    with pytest.raises(ValueError, match="cut_to"):
        N.threat(b2b_accounts, cut_to=0.9)
    with pytest.raises(KeyError, match="NOPE"):
        N.threat(b2b_accounts, "NOPE")
    r = N.receivable_stretch(365_000, 30, 90, rate=0.05)
    assert r["extra_receivables"] == pytest.approx(60_000) and r["financing_cost"] == pytest.approx(3000)


# --- contagion ------------------------------------------------------------------------------------------------

def test_contagion_certain_and_impossible():
    sure = N.simulate_contagion(chain(1.0), ["T0"], persuasion=1.0, runs=5)
    assert sure.all().all()
    none = N.simulate_contagion(chain(0.9), ["T0"], persuasion=0.0, runs=5)
    assert none["T0"].all() and not none.drop(columns="T0").any().any()


def test_contagion_is_directed_and_seeded():
    sim = N.simulate_contagion(chain(1.0), ["T2"], persuasion=1.0, runs=3)
    assert sim["T2"].all() and not sim[["T0", "T1", "T3"]].any().any()
    a = N.simulate_contagion(chain(0.5), ["T0"], runs=200, seed=3)
    b = N.simulate_contagion(chain(0.5), ["T0"], runs=200, seed=3)
    assert a.equals(b)


def test_contagion_probabilities_match_theory():
    sim = N.simulate_contagion(chain(0.5), ["T0"], persuasion=1.0, runs=4000, seed=1)
    p = sim.mean()
    assert p["T1"] == pytest.approx(0.5, abs=0.03) and p["T2"] == pytest.approx(0.25, abs=0.03)


def test_contagion_empty_network_and_unknown_seed():
    empty = pd.DataFrame({"source_id": [], "target_id": [], "strength": []})
    sim = N.simulate_contagion(empty, ["X"], runs=3)
    assert list(sim.columns) == ["X"] and sim["X"].all()
    acc = toy_accounts([10, 20])
    s = N.contagion_summary(sim, acc, ["X"], key_ids=["T1"])
    assert s["pulled_mean"] == 0 and s["p_key_lost"] == 0 and s["revenue_lost_mean"] == 0


def test_contagion_bad_inputs():
    bad = chain(0.5)
    bad.loc[1, "strength"] = 1.7
    with pytest.raises(ValueError, match="row 1"):
        N.simulate_contagion(bad, ["T0"])
    with pytest.raises(ValueError, match=r"referrals table lacks column\(s\) strength"):
        N.simulate_contagion(pd.DataFrame({"source_id": ["a"], "target_id": ["b"]}), ["a"])
    with pytest.raises(ValueError, match="runs"):
        N.simulate_contagion(chain(0.5), ["T0"], runs=0)


def test_contagion_summary_counts_key_and_revenue():
    acc = toy_accounts([1, 100, 10, 5])
    sim = N.simulate_contagion(chain(1.0), ["T0"], persuasion=1.0, runs=4)
    s = N.contagion_summary(sim, acc, ["T0"], key_ids=["T1"])
    assert s["pulled_mean"] == 3 and s["p_key_lost"] == 1
    assert s["revenue_lost_mean"] == pytest.approx(116) and s["revenue_lost_share"] == pytest.approx(1)
    assert "T0" not in s["p_leave"].index


def test_replay_tells_waves():
    story = N.replay(chain(1.0), ["T0"], persuasion=1.0)
    w = story.set_index("account_id")
    assert w.loc["T0", "wave"] == 0 and w.loc["T2", "wave"] == 2 and w.loc["T2", "via"] == "T1"


def test_xiaoshan_story_on_course_data(b2b_accounts, referrals):
    cand = N.story_candidates(b2b_accounts, referrals)
    assert not cand.empty and (cand["key_listeners"] >= 1).all()
    assert (cand["rank"] > 60).all()  # small accounts only: outside the top 20% of 300
    start = cand["account_id"].iloc[0]
    key = N.key_account_ids(b2b_accounts, p=0.05)
    sim = N.simulate_contagion(referrals, [start], runs=400, seed=0)
    s = N.contagion_summary(sim, b2b_accounts, [start], key)
    assert 1 <= s["pulled_mean"] <= 6  # calibrated near the seed's three followers
    assert 0.2 <= s["p_key_lost"] <= 0.9
    more = N.contagion_summary(N.simulate_contagion(referrals, [start], persuasion=1.0, runs=400, seed=0),
                               b2b_accounts, [start], key)
    assert more["pulled_mean"] > s["pulled_mean"]


# --- widgets --------------------------------------------------------------------------------------------------

def test_keyaccount_explorer(b2b_accounts):
    from course.widgets.network import keyaccount_explorer

    ex = keyaccount_explorer(b2b_accounts)
    assert "course-keyaccount-explorer" in ex.widget._dom_classes
    assert ex.result["k"] == 10 and "outside the seed's range" in ex.summary.value
    assert "leans heavily" in ex.summary.value
    ex.presets.value = "the seed's 45 (15%)"
    assert ex.controls["k"].value == 45 and ex.result["k"] == 45
    assert "inside the seed's range" in ex.summary.value and "no single buyer dominates" in ex.summary.value
    assert f"{ex.result['covered']:.0%}" in ex.summary.value
    ex.controls["k"].value = 0
    assert "No key accounts" in ex.summary.value


def test_contagion_explorer(b2b_accounts, referrals):
    from course.widgets.network import contagion_explorer

    ex = contagion_explorer(b2b_accounts, referrals, runs=200)
    assert "course-contagion" in ex.widget._dom_classes
    before = ex.result["pulled_mean"]
    assert f"{before:.1f}" in ex.summary.value
    ex.controls["persuasion"].value = 0.0
    assert ex.result["pulled_mean"] == 0 and ex.result["p_key_lost"] == 0
    assert "nobody followed" in ex.summary.value
    ex.controls["persuasion"].value = 1.2
    assert ex.result["pulled_mean"] > before
    ex.controls["key_pct"].value = 20
    assert ex.result["n_key"] == 60 and "top 20%" in ex.summary.value
    assert isinstance(ex.result["pulled"], np.ndarray)


def test_summary_key_lost_per_run():
    acc = toy_accounts([1, 100, 10, 5])
    sim = N.simulate_contagion(chain(0.5), ["T0"], persuasion=1.0, runs=300, seed=2)
    s = N.contagion_summary(sim, acc, ["T0"], key_ids=["T1"])
    assert s["key_lost"].dtype == bool and len(s["key_lost"]) == 300
    assert s["p_key_lost"] == pytest.approx(s["key_lost"].mean()) == pytest.approx(sim["T1"].mean())
