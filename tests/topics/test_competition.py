"""Tests for course.topics.competition (the Wharton model in lesson 6) and the simulator widget."""

from __future__ import annotations

import pytest

from course.topics import competition as c


def test_same_seed_same_result_other_seed_differs():
    assert c.simulate(seed=1) == c.simulate(seed=1)
    assert c.simulate(seed=1) != c.simulate(seed=2)
    assert c.sweep(seed=3).equals(c.sweep(seed=3))


def test_zero_customers():
    r = c.simulate(n_customers=0)
    assert r["kept"] == 0 and r["poach_rate"] == 0 and r["firm_profit"] == 0 and r["rival_profit"] == 0


def test_none_dropped_keeps_everyone():
    r = c.simulate(drop_share=0.0)
    assert r["dropped"] == 0 and r["kept"] == r["customers"] == 1000


def test_all_dropped_keeps_only_high_value():
    r = c.simulate(drop_share=1.0)
    assert r["dropped"] == r["low_value"] and r["low_kept"] == 0 and r["kept"] == r["high_kept"]


def test_all_customers_low_and_all_dropped():
    r = c.simulate(share_low=1.0, drop_share=1.0)
    assert r["kept"] == 0 and r["firm_profit"] == 0 and r["poach_rate"] == 0


def test_dropping_raises_rival_value_and_poaching():
    keep, drop = c.simulate(drop_share=0.0), c.simulate(drop_share=1.0)
    assert drop["rival_value_per_customer"] > keep["rival_value_per_customer"]
    assert drop["poach_rate"] > keep["poach_rate"]
    assert drop["high_poached"] > keep["high_poached"]


def test_wharton_result_with_rival_but_not_without():
    with_rival = c.sweep()
    assert with_rival["firm_profit"].iloc[-1] < with_rival["firm_profit"].iloc[0]
    # naive arithmetic (rival does not react) says the opposite
    assert with_rival["naive_profit"].iloc[-1] > with_rival["naive_profit"].iloc[0]
    # with no competition firing the low-value customers pays (the seed concedes this)
    assert with_rival["profit_no_rival"].iloc[-1] > with_rival["profit_no_rival"].iloc[0]
    assert (c.sweep(rival=False)["poach_rate"] == 0).all()


def test_cheaper_channels_beat_dropping():
    t = c.compare_policies()
    assert t.loc["keep them on cheaper channels", "firm_profit"] > t.loc["keep everyone", "firm_profit"]
    assert t.loc["keep them on cheaper channels", "firm_profit"] > t.loc["drop low-value customers", "firm_profit"]
    # the rival cannot see A's channel saving: same poaching rate as keeping everyone
    assert t.loc["keep them on cheaper channels", "poach_rate"] == t.loc["keep everyone", "poach_rate"]


@pytest.mark.parametrize("kw, word", [({"share_low": 1.5}, "share_low"), ({"drop_share": -0.1}, "drop_share"),
                                      ({"n_customers": -1}, "n_customers"), ({"attack_cost": 0}, "attack_cost")])
def test_bad_parameters_are_named(kw, word):
    with pytest.raises(ValueError, match=word):
        c.simulate(**kw)


def test_simulator_widget_reacts():
    from course.widgets.competition import competition_simulator

    sim = competition_simulator()
    assert "course-competition" in sim.widget._dom_classes
    base_profit = sim.result["run"]["firm_profit"]
    assert "profit is unchanged" in sim.summary.value
    sim.controls["drop_share"].value = 1.0
    assert sim.result["run"]["firm_profit"] < base_profit
    assert "lowers" in sim.summary.value and f"{sim.result['run']['firm_profit']:,.0f}" in sim.summary.value
    sim.controls["rival"].value = False
    assert sim.result["run"]["poach_rate"] == 0 and "raises" in sim.summary.value
