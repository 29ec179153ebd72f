"""Lesson 6 widget on competition: the simulator of the Wharton argument (a rival poaches harder when a firm
drops its low-value customers). A thin wrapper over course.topics.competition."""

from __future__ import annotations

import ipywidgets as W

from course.topics import competition
from course.widgets.base import Explorer


def competition_simulator(seed: int = 6) -> Explorer:
    """Sliders for the share of low-value customers dropped, the channel saving on those kept, and the
    rival's attack cost; shows the firm's profit with and without the rival's reaction."""
    style = {"description_width": "230px"}
    lay = W.Layout(width="560px")
    controls = {
        "drop_share": W.FloatSlider(value=0.0, min=0, max=1, step=0.1, style=style, layout=lay,
                                    description="Share of low-value dropped", continuous_update=False),
        "channel_saving": W.FloatSlider(value=0.0, min=0, max=0.8, step=0.1, style=style, layout=lay,
                                        description="Cost saved on cheap channels", continuous_update=False),
        "attack_cost": W.IntSlider(value=2000, min=500, max=10_000, step=250, style=style, layout=lay,
                                   description="Rival's attack cost (CNY)", continuous_update=False),
        "rival": W.Checkbox(value=True, description="A rival is in the market"),
    }

    def compute(drop_share: float, channel_saving: float, attack_cost: float, rival: bool) -> dict:
        params = {"channel_saving": channel_saving, "attack_cost": attack_cost, "rival": rival, "seed": seed}
        return {"run": competition.simulate(drop_share=drop_share, **params),
                "base": competition.simulate(drop_share=0.0, **params),
                "sweep": competition.sweep(**params), "drop_share": drop_share}

    def describe(r: dict) -> str:
        run, base = r["run"], r["base"]
        diff = run["firm_profit"] - base["firm_profit"]
        verdict = ("dropping them <b>lowers</b> profit" if diff < 0 else
                   "dropping them <b>raises</b> profit" if diff > 0 else "profit is unchanged")
        return (f"<p>Dropping {run['dropped']} of {run['low_value']} low-value customers leaves {run['kept']}. "
                f"The rival now values a poached customer at {run['rival_value_per_customer']:,.0f} CNY and "
                f"poaches {run['poach_rate']:.0%} of the base ({run['high_poached']} high-value customers lost). "
                f"Firm profit: <b>{run['firm_profit']:,.0f} CNY</b> against {base['firm_profit']:,.0f} CNY when "
                f"it keeps everyone: {verdict} ({diff:+,.0f} CNY).</p>")

    def draw(r: dict, ax) -> None:
        s = r["sweep"]
        ax.plot(s["drop_share"] * 100, s["firm_profit"] / 1000, marker="o", label="with the rival's reaction")
        ax.plot(s["drop_share"] * 100, s["naive_profit"] / 1000, ls="--", label="naive: rival does not react")
        ax.plot(s["drop_share"] * 100, s["profit_no_rival"] / 1000, ls=":", label="no rival at all")
        ax.axvline(r["drop_share"] * 100, color="grey", lw=0.8)
        ax.set(title="Firing low-value customers when a rival is watching",
               xlabel="share of low-value customers dropped (%)", ylabel="firm profit (thousand CNY/year)")
        ax.legend(fontsize=8)

    ex = Explorer(controls, compute, describe, draw, title="Competition simulator (Subramanian, Raju & Zhang)")
    ex.widget.add_class("course-competition")
    return ex
