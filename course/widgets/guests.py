"""Lesson 3 widgets: the front-desk guest-recognition card, the Peninsula waiter's birthday-card list, and the
charts of how well the record predicts and how long guests stay away."""

from __future__ import annotations

import calendar
from html import escape

import ipywidgets as W
import pandas as pd

from course.topics import guests as G
from course.widgets.base import Explorer, dataset


def _pref(value, share) -> str:
    if not isinstance(value, str) or not value:
        return "<i>no breakfast on record</i>"
    return f"<b>{escape(value)}</b> ({share:.0%} of recorded breakfasts)"


def guest_card(guests: pd.DataFrame | None = None, stays: pd.DataFrame | None = None,
               guest_id: str = "G0001") -> Explorer:
    """Pick a returning guest; see the card the desk would print on the morning after arrival: name, origin,
    visits, years away, usual seat and breakfast (from earlier stays only) and the greeting to use."""
    guests, stays = dataset("guests", guests), dataset("stays", stays)
    hist = G.visit_history(stays)
    last = hist.sort_values("check_in").groupby("guest_id").tail(1)
    back = last[last["returning"]].sort_values("guest_id")
    names = G.clean_names(guests).set_index("guest_id")["name"]
    options = [(f"{gid}  {names.get(gid, '?')}", gid) for gid in back["guest_id"]]
    if guest_id not in set(back["guest_id"]):
        guest_id = options[0][1]

    def compute(guest_id: str) -> dict:
        row = last[last["guest_id"] == guest_id].iloc[0]
        day = row["check_in"]
        mine = stays[(stays["guest_id"] == guest_id) & (stays["check_in"] < day)]
        prof = G.guest_profiles(guests[guests["guest_id"] == guest_id], mine).loc[guest_id]
        return {"guest_id": guest_id, "arrival": day, "profile": prof,
                "years_away": float(row["years_since_last"]), "greeting": G.greeting(prof, on=day),
                "seats": mine["seat"].dropna().str.strip().value_counts()}

    def describe(r: dict) -> str:
        p = r["profile"]
        vip = " · <b>VIP</b>" if bool(p.get("vip", False)) else ""
        return (f'<div class="course-guest-card-body" style="border:1px solid #999;border-radius:6px;padding:8px;'
                f'max-width:560px">'
                f'<div style="font-size:1.15em"><b>{escape(p["address_as"])}</b> ({escape(p["name"])}){vip}</div>'
                f'<div>From <b>{escape(str(p["origin_city"]))}</b>, {escape(str(p["origin_country"]))}</div>'
                f'<div>Arrived {r["arrival"]:%Y-%m-%d}; stay number {int(p["visits"]) + 1}; last here '
                f'{p["last_visit"]:%Y-%m-%d}, <b>{r["years_away"]:.1f} years</b> ago</div>'
                f'<div>Usual seat: {_pref(p["usual_seat"], p["seat_share"])} · '
                f'Usual breakfast: {_pref(p["usual_breakfast"], p["breakfast_share"])}</div>'
                f'<div style="margin-top:6px;font-style:italic">Say: “{escape(r["greeting"])}”</div></div>')

    def draw(r: dict, ax) -> None:
        seats = r["seats"]
        colours = ["#1b7837" if s == r["profile"]["usual_seat"] else "#bbbbbb" for s in seats.index]
        ax.barh(list(seats.index)[::-1], list(seats.to_numpy())[::-1], color=colours[::-1])
        ax.set_title(f"Where {r['profile']['address_as']} sat at breakfast on earlier stays")
        ax.set_xlabel("breakfasts (count)")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_ylabel("restaurant seat")

    ex = Explorer({"guest_id": W.Dropdown(options=options, value=guest_id, description="Guest")},
                  compute, describe, draw, title="Front desk: who is coming down to breakfast?", figsize=(6, 2.6))
    ex.widget.add_class("course-guest-card")
    return ex


def birthday_list(guests: pd.DataFrame | None = None, stays: pd.DataFrame | None = None,
                  today: str | pd.Timestamp | None = None) -> Explorer:
    """Pick a month; see every served guest whose birthday falls in it, with the salutation for the card. The
    default month is the one after `today` (default: the last check-in in the data, the day of the export)."""
    guests, stays = dataset("guests", guests), dataset("stays", stays)
    day = pd.Timestamp(today) if today is not None else stays["check_in"].max()
    year, month = G.next_month(day)
    per_month = G.cards_per_month(guests, stays)

    def compute(year: int, month: int, vip_only: bool) -> dict:
        cards = G.birthday_cards(guests, stays, int(year), int(month), vip_only=vip_only)
        return {"year": int(year), "month": int(month), "vip_only": vip_only, "cards": cards}

    def describe(r: dict) -> str:
        cards = r["cards"]
        name = f"{calendar.month_name[r['month']]} {r['year']}"
        who = "VIP guests" if r["vip_only"] else "guests served"
        if cards.empty:
            return f'<div class="course-birthday-body">No {who} have a birthday in {name}: no cards to write.</div>'
        rows = "".join(f"<tr><td>{c.card_date:%d %b}</td><td>{escape(c.dear)}</td><td>{escape(c.name)}</td>"
                       f"<td>{escape(str(c.origin_city))}</td><td>{int(c.turns)}</td></tr>"
                       for c in cards.itertuples())
        return (f'<div class="course-birthday-body"><b>{len(cards)} cards</b> to write for {name} ({who}).'
                f'<table><tr><th>post for</th><th>salutation</th><th>name</th><th>city</th><th>turns</th></tr>'
                f"{rows}</table></div>")

    def draw(r: dict, ax) -> None:
        colours = ["#2166ac" if m == r["month"] else "#bbbbbb" for m in per_month.index]
        ax.bar([calendar.month_abbr[m] for m in per_month.index], per_month.to_numpy(), color=colours)
        ax.set_title("Birthday cards due per month (all guests served)")
        ax.set_xlabel("month")
        ax.set_ylabel("cards (count)")

    controls = {
        "year": W.BoundedIntText(value=year, min=2000, max=2100, description="Year"),
        "month": W.Dropdown(options=[(calendar.month_name[m], m) for m in range(1, 13)], value=month,
                            description="Month"),
        "vip_only": W.Checkbox(value=False, description="VIP guests only"),
    }
    ex = Explorer(controls, compute, describe, draw, title="The birthday-card list", figsize=(6, 2.6))
    ex.widget.add_class("course-birthday-list")
    return ex


def plot_hit_rates(hits: dict[str, pd.Series], ax=None):
    """Bar chart: how often 'the usual' from the guest's record is right vs the hotel's most popular choice,
    for each item in `hits` (output of guests.prediction_hit_rate)."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3))
    x = list(range(len(hits)))
    ax.bar([i - 0.2 for i in x], [100 * h["record_hit_rate"] for h in hits.values()], 0.4,
           label="from the guest's record", color="#1b7837")
    ax.bar([i + 0.2 for i in x], [100 * h["popular_hit_rate"] for h in hits.values()], 0.4,
           label="hotel's most popular", color="#bbbbbb")
    ax.set(xticks=x, xticklabels=list(hits), xlabel="what staff offer", ylabel="right first time (%)",
           title="Offering 'the usual': guest record vs no record", ylim=(0, 100))
    ax.legend(fontsize=8)
    return ax


def plot_time_away(stays: pd.DataFrame | None = None, ax=None):
    """Histogram of the years since the previous stay, over all returning stays (quarter-year bins, 0-4 years):
    how long guests stay away, too long for anyone's memory."""
    import matplotlib.pyplot as plt

    back = G.returning_guests(dataset("stays", stays))
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3))
    ax.hist(back["years_since_last"], bins=[i / 4 for i in range(17)], color="#4393c3")
    ax.set(title="Time since the previous stay, all returning stays", xlabel="years since last visit",
           ylabel="stays (count)")
    return ax
