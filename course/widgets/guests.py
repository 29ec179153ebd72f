"""Lesson 3 widgets: the front-desk guest-recognition card, the Peninsula waiter's birthday-card list, and the
charts of how well the record predicts and how long guests stay away."""

from __future__ import annotations

import calendar
from html import escape

import ipywidgets as W
import pandas as pd

from course.i18n import current
from course.topics import guests as G
from course.widgets.base import Explorer, _, dataset, label


def _pref(value, share) -> str:
    if not isinstance(value, str) or not value:
        return "<i>" + _("no breakfast on record") + "</i>"
    return _("<b>{value}</b> ({share:.0%} of recorded breakfasts)").format(value=escape(value), share=share)


def _month(year: int, month: int) -> str:
    """'January 2026' / '2026年1月'."""
    return f"{year}年{month}月" if current() == "zh" else f"{calendar.month_name[month]} {year}"


def _month_only(month: int, short: bool = False) -> str:
    """'January' ('Jan') / '1月'."""
    if current() == "zh":
        return f"{month}月"
    return (calendar.month_abbr if short else calendar.month_name)[month]


def _day(day: pd.Timestamp) -> str:
    """'05 Jan' / '1月5日'."""
    return f"{day.month}月{day.day}日" if current() == "zh" else f"{day:%d %b}"


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
        return ('<div class="course-guest-card-body" style="border:1px solid #999;border-radius:6px;padding:8px;'
                'max-width:560px">'
                '<div style="font-size:1.15em">' + _("<b>{address}</b> ({name})").format(
                    address=escape(G.form_of_address(p)), name=escape(p["name"])) + f"{vip}</div>"
                "<div>" + _("From <b>{city}</b>, {country}").format(
                    city=escape(label(p["origin_city"])), country=escape(label(p["origin_country"]))) + "</div>"
                "<div>" + _("Arrived {arrival:%Y-%m-%d}; stay number {stay}; last here {last:%Y-%m-%d}, "
                            "<b>{years:.1f} years</b> ago").format(
                    arrival=r["arrival"], stay=int(p["visits"]) + 1, last=p["last_visit"], years=r["years_away"])
                + "</div><div>" + _("Usual seat: {seat} · Usual breakfast: {breakfast}").format(
                    seat=_pref(p["usual_seat"], p["seat_share"]),
                    breakfast=_pref(p["usual_breakfast"], p["breakfast_share"])) + "</div>"
                '<div style="margin-top:6px;font-style:italic">'
                + _("Say: “{greeting}”").format(greeting=escape(r["greeting"])) + "</div></div>")

    def draw(r: dict, ax) -> None:
        seats = r["seats"]
        colours = ["#1b7837" if s == r["profile"]["usual_seat"] else "#bbbbbb" for s in seats.index]
        ax.barh(list(seats.index)[::-1], list(seats.to_numpy())[::-1], color=colours[::-1])
        ax.set_title(_("Where {guest} sat at breakfast on earlier stays").format(guest=G.form_of_address(r["profile"])))
        ax.set_xlabel(_("breakfasts (count)"))
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_ylabel(_("restaurant seat"))

    ex = Explorer({"guest_id": W.Dropdown(options=options, value=guest_id, description=_("Guest"))},
                  compute, describe, draw, title=_("Front desk: who is coming down to breakfast?"), figsize=(6, 2.6))
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
        name = _month(r["year"], r["month"])
        if cards.empty:
            return '<div class="course-birthday-body">' + (
                _("No VIP guests have a birthday in {month}: no cards to write.") if r["vip_only"] else
                _("No guests served have a birthday in {month}: no cards to write.")).format(month=name) + "</div>"
        who = _("VIP guests") if r["vip_only"] else _("guests served")
        rows = "".join(f"<tr><td>{_day(c.card_date)}</td><td>{escape(c.dear)}</td><td>{escape(c.name)}</td>"
                       f"<td>{escape(label(c.origin_city))}</td><td>{int(c.turns)}</td></tr>"
                       for c in cards.itertuples())
        cells = "".join(f"<th>{h}</th>" for h in (_("post for"), _("salutation"), _("name"), _("city"), _("turns")))
        return ('<div class="course-birthday-body">'
                + _("<b>{n} cards</b> to write for {month} ({who}).").format(n=len(cards), month=name, who=who)
                + f"<table><tr>{cells}</tr>{rows}</table></div>")

    def draw(r: dict, ax) -> None:
        colours = ["#2166ac" if m == r["month"] else "#bbbbbb" for m in per_month.index]
        ax.bar([_month_only(m, short=True) for m in per_month.index], per_month.to_numpy(), color=colours)
        ax.set_title(_("Birthday cards due per month (all guests served)"))
        ax.set_xlabel(_("month"))
        ax.set_ylabel(_("cards (count)"))

    controls = {
        "year": W.BoundedIntText(value=year, min=2000, max=2100, description=_("Year")),
        "month": W.Dropdown(options=[(_month_only(m), m) for m in range(1, 13)], value=month,
                            description=_("Month")),
        "vip_only": W.Checkbox(value=False, description=_("VIP guests only")),
    }
    ex = Explorer(controls, compute, describe, draw, title=_("The birthday-card list"), figsize=(6, 2.6))
    ex.widget.add_class("course-birthday-list")
    return ex


def plot_hit_rates(hits: dict[str, pd.Series], ax=None):
    """Bar chart: how often 'the usual' from the guest's record is right vs the hotel's most popular choice,
    for each item in `hits` (output of guests.prediction_hit_rate)."""
    import matplotlib.pyplot as plt

    if ax is None:
        _fig, ax = plt.subplots(figsize=(6, 3))
    x = list(range(len(hits)))
    ax.bar([i - 0.2 for i in x], [100 * h["record_hit_rate"] for h in hits.values()], 0.4,
           label=_("from the guest's record"), color="#1b7837")
    ax.bar([i + 0.2 for i in x], [100 * h["popular_hit_rate"] for h in hits.values()], 0.4,
           label=_("hotel's most popular"), color="#bbbbbb")
    ax.set(xticks=x, xticklabels=[label(h) for h in hits], xlabel=_("what staff offer"),
           ylabel=_("right first time (%)"), title=_("Offering 'the usual': guest record vs no record"), ylim=(0, 100))
    ax.legend(fontsize=8)
    return ax


def plot_time_away(stays: pd.DataFrame | None = None, ax=None):
    """Histogram of the years since the previous stay, over all returning stays (quarter-year bins, 0-4 years):
    how long guests stay away, too long for anyone's memory."""
    import matplotlib.pyplot as plt

    back = G.returning_guests(dataset("stays", stays))
    if ax is None:
        _fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist(back["years_since_last"], bins=[i / 4 for i in range(17)], color="#4393c3")
    ax.set(title=_("Time since the previous stay, all returning stays"), xlabel=_("years since last visit"),
           ylabel=_("stays (count)"))
    return ax
