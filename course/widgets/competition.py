"""Lesson 6 widget on competition: the simulator of the Wharton argument (a rival poaches harder when a firm
drops its low-value customers). A thin wrapper over course.topics.competition."""

from __future__ import annotations

import ipywidgets as W

from course.topics import competition
from course.widgets.base import Explorer, _


def competition_simulator(seed: int = 6) -> Explorer:
    """Sliders for the share of low-value customers dropped, the channel saving on those kept, and the
    rival's attack cost; shows the firm's profit with and without the rival's reaction."""
    style = {"description_width": "230px"}
    lay = W.Layout(width="560px")
    controls = {
        "drop_share": W.FloatSlider(value=0.0, min=0, max=1, step=0.1, style=style, layout=lay,
                                    description=_("Share of low-value dropped"), continuous_update=False),
        "channel_saving": W.FloatSlider(value=0.0, min=0, max=0.8, step=0.1, style=style, layout=lay,
                                        description=_("Cost saved on cheap channels"), continuous_update=False),
        "attack_cost": W.IntSlider(value=2000, min=500, max=10_000, step=250, style=style, layout=lay,
                                   description=_("Rival's attack cost (CNY)"), continuous_update=False),
        "rival": W.Checkbox(value=True, description=_("A rival is in the market")),
    }

    def compute(drop_share: float, channel_saving: float, attack_cost: float, rival: bool) -> dict:
        params = {"channel_saving": channel_saving, "attack_cost": attack_cost, "rival": rival, "seed": seed}
        return {"run": competition.simulate(drop_share=drop_share, **params),
                "base": competition.simulate(drop_share=0.0, **params),
                "sweep": competition.sweep(**params), "drop_share": drop_share}

    def describe(r: dict) -> str:
        run, base = r["run"], r["base"]
        diff = run["firm_profit"] - base["firm_profit"]
        verdict = (_("dropping them <b>lowers</b> profit") if diff < 0 else
                   _("dropping them <b>raises</b> profit") if diff > 0 else _("profit is unchanged"))
        return _("<p>Dropping {dropped} of {low_value} low-value customers leaves {kept}. The rival now values a "
                 "poached customer at {rival_value:,.0f} CNY and poaches {poach_rate:.0%} of the base ({poached} "
                 "high-value customers lost). Firm profit: <b>{profit:,.0f} CNY</b> against {base:,.0f} CNY when it "
                 "keeps everyone: {verdict} ({diff:+,.0f} CNY).</p>").format(
            dropped=run["dropped"], low_value=run["low_value"], kept=run["kept"],
            rival_value=run["rival_value_per_customer"], poach_rate=run["poach_rate"], poached=run["high_poached"],
            profit=run["firm_profit"], base=base["firm_profit"], verdict=verdict, diff=diff)

    def draw(r: dict, ax) -> None:
        s = r["sweep"]
        ax.plot(s["drop_share"] * 100, s["firm_profit"] / 1000, marker="o", label=_("with the rival's reaction"))
        ax.plot(s["drop_share"] * 100, s["naive_profit"] / 1000, ls="--", label=_("naive: rival does not react"))
        ax.plot(s["drop_share"] * 100, s["profit_no_rival"] / 1000, ls=":", label=_("no rival at all"))
        ax.axvline(r["drop_share"] * 100, color="grey", lw=0.8)
        ax.set(title=_("Firing low-value customers when a rival is watching"),
               xlabel=_("share of low-value customers dropped (%)"), ylabel=_("firm profit (thousand CNY/year)"))
        ax.legend(fontsize=8)

    ex = Explorer(controls, compute, describe, draw, title=_("Competition simulator (Subramanian, Raju & Zhang)"))
    ex.widget.add_class("course-competition")
    return ex
