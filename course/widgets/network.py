"""Lesson 5 widgets: how many key accounts (the Hong Kong steel trader), and defection contagion (Xiaoshan)."""

from __future__ import annotations

import ipywidgets as W
import numpy as np
import pandas as pd

from course.topics import network as N
from course.widgets.base import Explorer, dataset

PRESETS = {"the trader's 10": 10, "the seed's 45 (15%)": 45}


def _hkd(x: float) -> str:
    return f"HKD {x / 1e6:,.1f} M"


def keyaccount_explorer(accounts: pd.DataFrame | None = None, k: int = 10) -> Explorer:
    """Choose how many key accounts the steel trader names among its active customers; see the revenue they
    cover, the concentration inside the tier and how much of the tier rests on the top account."""
    accounts = dataset("b2b_accounts", accounts)
    act = N.active_ranked(accounts)
    n = len(act)
    if n == 0:
        raise ValueError("no active accounts in the table: nothing to choose from.")
    rev = act["revenue_hkd"].to_numpy(dtype=float)
    ks = np.arange(1, n + 1)
    covered = np.cumsum(rev) / rev.sum() * 100
    top1_tier = rev[0] / np.cumsum(rev) * 100
    threat = N.threat(accounts)

    def compute(k: int) -> dict:
        return N.portfolio(accounts, k)

    def describe(r: dict) -> str:
        if r["k"] == 0:
            return "No key accounts named: the tier is empty, so nobody can claim to be your top account."
        lean = ("the tier leans heavily on one buyer" if r["top1_in_tier"] >= 0.35
                else "no single buyer dominates the tier")
        rule = (f"inside the seed's range for {r['n_active']} active customers ({r['rule_low_k']}-"
                f"{r['rule_high_k']})" if r["in_rule"] else
                f"outside the seed's range for {r['n_active']} active customers ({r['rule_low_k']}-"
                f"{r['rule_high_k']}, i.e. 15-20%)")
        return (f"<b>{r['k']}</b> key accounts = <b>{r['k_pct']:.1f}%</b> of {r['n_active']} active customers, "
                f"{rule}. They cover <b>{r['covered']:.0%}</b> of revenue. "
                f"The top account, {r['top_name']}, is <b>{r['top1_in_tier']:.0%}</b> of key-account revenue "
                f"(tier HHI {r['hhi_tier']:,.0f}): {lean}.<br>"
                f"Whatever k you pick, it is <b>{r['top1_all']:.0%}</b> of all revenue (whole-base HHI "
                f"{r['hhi_all']:,.0f}); cutting its share of wallet from {threat['share_of_wallet']:.0%} to "
                f"{threat['cut_to']:.0%} would cost {_hkd(threat['lost'])}, "
                f"{threat['lost_share_of_total']:.0%} of revenue.")

    def draw(r: dict, ax) -> None:
        ax.axvspan(r["rule_low_k"], r["rule_high_k"], color="#d9f0d3", label="seed's range (15-20%)")
        ax.plot(ks, covered, color="#2166ac", label="revenue covered by the tier")
        ax.plot(ks, top1_tier, color="#b2182b", label="top account's share of the tier")
        if r["k"]:
            ax.axvline(r["k"], color="black", ls="--", lw=1, label=f"k = {r['k']}")
        ax.set(xlim=(0, min(n, max(120, r["k"] + 10))), ylim=(0, 100), title="Naming k key accounts out of the active base",
               xlabel="number of key accounts k", ylabel="share (%)")
        ax.legend(loc="center right", fontsize=8)

    slider = W.IntSlider(value=k, min=0, max=n, step=1, description="Key accounts", continuous_update=False)
    ex = Explorer({"k": slider}, compute, describe, draw, title="How many key accounts?")
    presets = W.ToggleButtons(options=list(PRESETS), value=None, description="Replay")

    def _preset(change) -> None:
        if change["new"] is not None:
            slider.value = PRESETS[change["new"]]

    presets.observe(_preset, names="value")
    ex.presets = presets
    ex.widget = W.VBox([presets, ex.widget])
    ex.widget.add_class("course-keyaccount-explorer")
    return ex


def contagion_explorer(accounts: pd.DataFrame | None = None, referrals: pd.DataFrame | None = None,
                       runs: int = 400, seed: int = 0) -> Explorer:
    """Pick a small account that leaves angry (the Xiaoshan case) and see, over seeded cascades on the
    referral network, how many accounts follow, the revenue lost and the chance a key account goes too."""
    accounts, referrals = dataset("b2b_accounts", accounts), dataset("referrals", referrals)
    cand = N.story_candidates(accounts, referrals)
    if cand.empty:
        raise ValueError("no small account links to a key account in this network: no story to replay.")
    names = accounts.set_index("account_id")["name"]
    options = [(f"{row.name} (rank {row.rank}, talks to {row.key_listeners} key account"
                f"{'s' if row.key_listeners > 1 else ''})", row.account_id) for row in cand.itertuples()]

    def compute(start: str, persuasion: float, key_pct: int) -> dict:
        key = N.key_account_ids(accounts, p=key_pct / 100)
        sim = N.simulate_contagion(referrals, [start], persuasion=persuasion, runs=runs, seed=seed)
        out = N.contagion_summary(sim, accounts, [start], key)
        story = N.replay(referrals, [start], persuasion=persuasion, seed=seed)
        out.update(start=start, persuasion=persuasion, key_pct=key_pct, n_key=len(key), story=story,
                   key_in_story=sorted(set(story["account_id"]) & set(key) - {start}))
        return out

    def describe(r: dict) -> str:
        who = names.get(r["start"], r["start"])
        followers = r["story"][r["story"]["wave"] > 0]
        if followers.empty:
            tale = "In the replayed run nobody followed it."
        else:
            listed = ", ".join(names.get(a, a) for a in followers["account_id"].head(6))
            more = f" and {len(followers) - 6} more" if len(followers) > 6 else ""
            keys = (f" Among them {len(r['key_in_story'])} key account(s)." if r["key_in_story"]
                    else " No key account among them this time.")
            tale = f"In the replayed run {len(followers)} followed: {listed}{more}.{keys}"
        return (f"When <b>{who}</b> leaves, on average <b>{r['pulled_mean']:.1f}</b> other accounts follow "
                f"({r['runs']} seeded runs). Revenue lost: <b>{_hkd(r['revenue_lost_mean'])}</b> a year, "
                f"{r['revenue_lost_share']:.1%} of the total. In <b>{r['p_key_lost']:.0%}</b> of runs at least "
                f"one key account (top {r['key_pct']}%, {r['n_key']} accounts) goes too.<br>{tale}")

    def draw(r: dict, ax) -> None:
        pulled = r["pulled"]
        top = int(max(pulled.max(), 1))
        bins = np.arange(-0.5, min(top, 40) + 1.5)
        ax.hist([pulled[~r["key_lost"]], pulled[r["key_lost"]]], bins=bins, stacked=True,
                color=["#92c5de", "#f4a582"], edgecolor="#555555", label=["no key account lost", "key account lost"])
        ax.axvline(r["pulled_mean"], color="#b2182b", ls="--", label=f"mean {r['pulled_mean']:.1f}")
        ax.set(title="How many accounts follow the one that leaves",
               xlabel="other accounts that defect (count)", ylabel=f"runs (of {r['runs']})")
        ax.legend(fontsize=8)

    controls = {
        "start": W.Dropdown(options=options, value=options[0][1], description="Leaves",
                            layout=W.Layout(width="95%")),
        "persuasion": W.FloatSlider(value=N.DEFAULT_PERSUASION, min=0.0, max=1.5, step=0.1,
                                    description="Persuasion", continuous_update=False),
        "key_pct": W.IntSlider(value=5, min=1, max=20, step=1, description="Key tier %",
                               continuous_update=False),
    }
    ex = Explorer(controls, compute, describe, draw, title="One angry small customer: who follows?")
    ex.widget.add_class("course-contagion")
    return ex
