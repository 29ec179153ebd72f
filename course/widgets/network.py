"""Lesson 5 widgets: how many key accounts (the Hong Kong steel trader), and defection contagion (Xiaoshan)."""

from __future__ import annotations

import ipywidgets as W
import numpy as np
import pandas as pd

from course.i18n import current
from course.topics import network as N
from course.widgets.base import N_, Explorer, _, dataset, listing

PRESETS = {N_("the trader's 10"): 10, N_("the seed's 45 (15%)"): 45}
"""Replay buttons: label (translated when shown) -> number of key accounts."""


def _hkd(x: float) -> str:
    """Hong Kong dollars as each edition writes them: 'HKD 12.3 M' / '1,234.5 万港元'."""
    if current() == "zh":
        return f"{x / 1e4:,.1f} 万港元"
    return f"HKD {x / 1e6:,.1f} M"


def keyaccount_explorer(accounts: pd.DataFrame | None = None, k: int = 10) -> Explorer:
    """Choose how many key accounts the steel trader names among its active customers; see the revenue they
    cover, the concentration inside the tier and how much of the tier rests on the top account."""
    accounts = dataset("b2b_accounts", accounts)
    act = N.active_ranked(accounts)
    n = len(act)
    if n == 0:
        raise ValueError(_("no active accounts in the table: nothing to choose from."))
    rev = act["revenue_hkd"].to_numpy(dtype=float)
    ks = np.arange(1, n + 1)
    covered = np.cumsum(rev) / rev.sum() * 100
    top1_tier = rev[0] / np.cumsum(rev) * 100
    threat = N.threat(accounts)

    def compute(k: int) -> dict:
        return N.portfolio(accounts, k)

    def describe(r: dict) -> str:
        if r["k"] == 0:
            return _("No key accounts named: the tier is empty, so nobody can claim to be your top account.")
        lean = (_("the tier leans heavily on one buyer") if r["top1_in_tier"] >= 0.35
                else _("no single buyer dominates the tier"))
        rule = (_("inside the seed's range for {n} active customers ({low}-{high})") if r["in_rule"] else
                _("outside the seed's range for {n} active customers ({low}-{high}, i.e. 15-20%)")).format(
                    n=r["n_active"], low=r["rule_low_k"], high=r["rule_high_k"])
        return _("<b>{k}</b> key accounts = <b>{k_pct:.1f}%</b> of {n} active customers, {rule}. They cover "
                 "<b>{covered:.0%}</b> of revenue. The top account, {top}, is <b>{top_tier:.0%}</b> of key-account "
                 "revenue (tier HHI {hhi_tier:,.0f}): {lean}.<br>Whatever k you pick, it is <b>{top_all:.0%}</b> of "
                 "all revenue (whole-base HHI {hhi_all:,.0f}); cutting its share of wallet from {sow:.0%} to "
                 "{cut:.0%} would cost {lost}, {lost_share:.0%} of revenue.").format(
            k=r["k"], k_pct=r["k_pct"], n=r["n_active"], rule=rule, covered=r["covered"], top=r["top_name"],
            top_tier=r["top1_in_tier"], hhi_tier=r["hhi_tier"], lean=lean, top_all=r["top1_all"],
            hhi_all=r["hhi_all"], sow=threat["share_of_wallet"], cut=threat["cut_to"], lost=_hkd(threat["lost"]),
            lost_share=threat["lost_share_of_total"])

    def draw(r: dict, ax) -> None:
        ax.axvspan(r["rule_low_k"], r["rule_high_k"], color="#d9f0d3", label=_("seed's range (15-20%)"))
        ax.plot(ks, covered, color="#2166ac", label=_("revenue covered by the tier"))
        ax.plot(ks, top1_tier, color="#b2182b", label=_("top account's share of the tier"))
        if r["k"]:
            ax.axvline(r["k"], color="black", ls="--", lw=1, label=f"k = {r['k']}")
        ax.set(xlim=(0, min(n, max(120, r["k"] + 10))), ylim=(0, 100),
               title=_("Naming k key accounts out of the active base"),
               xlabel=_("number of key accounts k"), ylabel=_("share (%)"))
        ax.legend(loc="center right", fontsize=8)

    slider = W.IntSlider(value=k, min=0, max=n, step=1, description=_("Key accounts"), continuous_update=False)
    ex = Explorer({"k": slider}, compute, describe, draw, title=_("How many key accounts?"))
    presets = W.ToggleButtons(options=[(_(name), name) for name in PRESETS], value=None, description=_("Replay"),
                              style={"button_width": "auto"})

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
        raise ValueError(_("no small account links to a key account in this network: no story to replay."))
    names = accounts.set_index("account_id")["name"]
    options = [((_("{name} (rank {rank}, talks to {n} key account)") if row.key_listeners == 1 else
                 _("{name} (rank {rank}, talks to {n} key accounts)")).format(
                    name=row.name, rank=row.rank, n=row.key_listeners), row.account_id)
               for row in cand.itertuples()]

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
            tale = _("In the replayed run nobody followed it.")
        else:
            listed = listing(names.get(a, a) for a in followers["account_id"].head(6))
            more = (_(" and {n} more").format(n=len(followers) - 6) if len(followers) > 6 else "")
            keys = (_(" Among them {n} key account(s).").format(n=len(r["key_in_story"])) if r["key_in_story"]
                    else _(" No key account among them this time."))
            tale = _("In the replayed run {n} followed: {listed}{more}.{keys}").format(
                n=len(followers), listed=listed, more=more, keys=keys)
        return _("When <b>{who}</b> leaves, on average <b>{pulled:.1f}</b> other accounts follow ({runs} seeded "
                 "runs). Revenue lost: <b>{lost}</b> a year, {lost_share:.1%} of the total. In <b>{p_key:.0%}</b> "
                 "of runs at least one key account (top {key_pct}%, {n_key} accounts) goes too.<br>{tale}").format(
            who=who, pulled=r["pulled_mean"], runs=r["runs"], lost=_hkd(r["revenue_lost_mean"]),
            lost_share=r["revenue_lost_share"], p_key=r["p_key_lost"], key_pct=r["key_pct"], n_key=r["n_key"],
            tale=tale)

    def draw(r: dict, ax) -> None:
        pulled = r["pulled"]
        top = int(max(pulled.max(), 1))
        bins = np.arange(-0.5, min(top, 40) + 1.5)
        ax.hist([pulled[~r["key_lost"]], pulled[r["key_lost"]]], bins=bins, stacked=True,
                color=["#92c5de", "#f4a582"], edgecolor="#555555",
                label=[_("no key account lost"), _("key account lost")])
        ax.axvline(r["pulled_mean"], color="#b2182b", ls="--",
                   label=_("mean {mean:.1f}").format(mean=r["pulled_mean"]))
        ax.set(title=_("How many accounts follow the one that leaves"),
               xlabel=_("other accounts that defect (count)"), ylabel=_("runs (of {runs})").format(runs=r["runs"]))
        ax.legend(fontsize=8)

    controls = {
        "start": W.Dropdown(options=options, value=options[0][1], description=_("Leaves"),
                            layout=W.Layout(width="95%")),
        "persuasion": W.FloatSlider(value=N.DEFAULT_PERSUASION, min=0.0, max=1.5, step=0.1,
                                    description=_("Persuasion"), continuous_update=False),
        "key_pct": W.IntSlider(value=5, min=1, max=20, step=1, description=_("Key tier %"),
                               continuous_update=False),
    }
    ex = Explorer(controls, compute, describe, draw, title=_("One angry small customer: who follows?"))
    ex.widget.add_class("course-contagion")
    return ex
