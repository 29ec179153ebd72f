"""Lesson 3: guest profiles, greetings, returning guests, birthday cards, and their widgets."""

from __future__ import annotations

import pandas as pd
import pytest

from course.topics import guests as G


def _guests(**extra):
    base = {"guest_id": ["G1", "G2"], "name": ["  Anna  Weber ", "Li Na"], "title": ["Ms", "Dr"],
            "origin_city": ["Frankfurt", "Beijing"], "origin_country": ["Germany", "China"],
            "birthday": pd.to_datetime(["1980-02-29", "1975-07-01"]), "vip": [False, True]}
    base.update(extra)
    return pd.DataFrame(base)


def _stays(rows):
    df = pd.DataFrame(rows, columns=["guest_id", "check_in", "seat", "breakfast"])
    df["check_in"] = pd.to_datetime(df["check_in"])
    return df


def test_clean_names_strips_and_collapses_spaces():
    out = G.clean_names(_guests())
    assert out["name"].tolist() == ["Anna Weber", "Li Na"]


def test_family_name_order():
    assert G.family_name("Yu Wenhua", "China") == "Yu"
    assert G.family_name(" Daniel Hughes ", "Australia") == "Hughes"
    assert G.family_name("Mei Ling Tan", "Malaysia") == "Tan"
    with pytest.raises(ValueError, match="blank"):
        G.family_name("   ", "China")


def test_usual_ignores_blanks_and_breaks_ties_by_latest():
    # a appears at positions 0 and 5, b at 3 and 4: tie broken by the most recent -> 'a'
    assert G.usual(pd.Series(["a", None, "", "b", "b", "a"])) == "a"
    assert G.usual(pd.Series(["x", "y", "y"])) == "y"
    assert G.usual(pd.Series([None, "", "  "])) is None


def test_profiles_most_frequent_nonblank_and_no_stays():
    st = _stays([("G1", "2023-01-01", "window 1", "toast"), ("G1", "2023-05-01", "booth 2", "toast"),
                 ("G1", "2024-01-01", "window 1", None), ("G1", "2024-06-01", None, None)])
    p = G.guest_profiles(_guests(), st)
    assert p.loc["G1", "usual_seat"] == "window 1"
    assert p.loc["G1", "usual_breakfast"] == "toast"
    assert p.loc["G1", "seat_share"] == pytest.approx(2 / 3)
    assert p.loc["G1", "visits"] == 4
    assert p.loc["G1", "address_as"] == "Ms Weber"
    assert p.loc["G2", "visits"] == 0 and p.loc["G2", "usual_seat"] is None
    assert p.loc["G2", "address_as"] == "Dr Li"


def test_profiles_reject_unknown_guest_and_missing_column():
    with pytest.raises(ValueError, match="G9"):
        G.guest_profiles(_guests(), _stays([("G9", "2023-01-01", "a", "b")]))
    with pytest.raises(ValueError, match=r"the stays table lacks column\(s\) seat .*"
                                         r"course\.datasets\.load\('stays'\)"):
        G.guest_profiles(_guests(), _stays([]).drop(columns="seat"))


def test_g0001_replays_the_oriental_story(guests, stays):
    p = G.guest_profiles(guests, stays).loc["G0001"]
    assert p["name"] == "Yu Wenhua" and p["origin_city"] == "Hong Kong"
    assert p["usual_seat"] == "window 2"
    assert p["usual_breakfast"] == "sandwich, fried egg, coffee"
    h = G.visit_history(stays)
    back = h[(h["guest_id"] == "G0001") & h["returning"]]
    assert len(back) == 1 and round(back["years_since_last"].iloc[0]) == 3
    text = G.arrival_greeting(guests, stays, "G0001")
    assert text.startswith("Good morning, Mr Yu, welcome back")
    assert "3 years" in text and "window 2" in text and "sandwich, fried egg, coffee" in text
    first = G.arrival_greeting(guests, stays, "G0001", on="2022-03-14")
    assert "welcome to our hotel" in first and "Hong Kong" in first and "window" not in first


def test_greeting_uses_cleaned_names_for_messy_rows(guests, stays):
    p = G.guest_profiles(guests, stays)
    messy = guests.loc[guests["name"] != guests["name"].str.strip(), "guest_id"]
    assert len(messy) > 0
    for gid in messy:
        assert "  " not in G.greeting(p.loc[gid]) and p.loc[gid, "name"] == p.loc[gid, "name"].strip()


def test_greeting_first_visit_and_months():
    prof = {"address_as": "Ms Weber", "name": "Anna Weber", "origin_city": "Frankfurt", "visits": 1,
            "last_visit": pd.Timestamp("2025-01-01"), "usual_seat": "booth 1", "usual_breakfast": None}
    text = G.greeting(prof, on="2025-04-01")
    assert "3 months" in text and "booth 1" in text and "usual None" not in text
    assert "welcome to our hotel" in G.greeting({**prof, "visits": 0})


def test_returning_guests_window_and_share():
    st = _stays([("G1", "2020-01-01", "a", "b"), ("G1", "2023-01-01", "a", "b"), ("G2", "2023-02-01", "a", "b")])
    r = G.returning_guests(st, "2022-01-01", "2023-12-31")
    assert r["guest_id"].tolist() == ["G1"]
    assert r["years_since_last"].iloc[0] == pytest.approx(1096 / 365.25)
    assert G.share_of_stays_by_returning(st) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="empty"):
        G.share_of_stays_by_returning(st.iloc[0:0])


def test_prediction_hit_rate_uses_only_earlier_stays():
    st = _stays([("G1", "2023-01-01", "a", "x"), ("G1", "2023-02-01", "a", "x"), ("G1", "2023-03-01", "b", "x"),
                 ("G2", "2023-01-01", "b", "x"), ("G2", "2023-02-01", None, None)])
    r = G.prediction_hit_rate(st)
    assert r["stays_tested"] == 2  # G1's 2nd and 3rd stays; G2's 2nd has no record
    assert r["record_hit_rate"] == pytest.approx(0.5)
    empty = G.prediction_hit_rate(st[st["guest_id"] == "G2"])
    assert empty["stays_tested"] == 0


def test_record_beats_guessing_on_the_hotel_data(stays):
    r = G.prediction_hit_rate(stays)
    assert r["record_hit_rate"] > 3 * r["popular_hit_rate"]


def test_birthday_cards_month_leap_day_and_unserved():
    st = _stays([("G1", "2023-01-01", "a", "b")])
    cards = G.birthday_cards(_guests(), st, 2025, 2)
    assert cards["name"].tolist() == ["Anna Weber"]
    assert cards["card_date"].iloc[0] == pd.Timestamp("2025-02-28")
    assert cards["dear"].iloc[0] == "Dear Ms Weber" and cards["turns"].iloc[0] == 45
    assert G.birthday_cards(_guests(), st, 2028, 2)["card_date"].iloc[0] == pd.Timestamp("2028-02-29")
    assert G.birthday_cards(_guests(), st, 2025, 7).empty  # G2 has a July birthday but never stayed
    assert G.birthday_cards(_guests(), st, 2025, 2, vip_only=True).empty
    with pytest.raises(ValueError, match="1-12"):
        G.birthday_cards(_guests(), st, 2025, 13)


def test_next_month_and_cards_per_month(guests, stays):
    assert G.next_month("2025-12-11") == (2026, 1)
    assert G.next_month("2025-03-31") == (2025, 4)
    per = G.cards_per_month(guests, stays)
    assert per.sum() == guests["guest_id"].isin(set(stays["guest_id"])).sum()
    assert per.loc[1] == len(G.birthday_cards(guests, stays, 2026, 1))


# --- widgets -----------------------------------------------------------------------------------------------


def test_guest_card_widget_follows_the_picked_guest(guests, stays):
    from course.widgets.guests import guest_card

    ex = guest_card(guests, stays)
    assert "course-guest-card" in ex.widget._dom_classes
    assert ex.result["guest_id"] == "G0001"
    assert "Mr Yu" in ex.summary.value and "window 2" in ex.summary.value and "Hong Kong" in ex.summary.value
    assert "3.0 years" in ex.summary.value
    ex.controls["guest_id"].value = "G0020"
    assert ex.result["guest_id"] == "G0020"
    assert "Mr Hughes" in ex.summary.value and "Mr Yu" not in ex.summary.value
    assert "  Daniel" not in ex.summary.value
    assert ex.result["years_away"] < 1


def test_birthday_list_widget_changes_with_month(guests, stays):
    from course.widgets.guests import birthday_list

    ex = birthday_list(guests, stays)
    assert "course-birthday-list" in ex.widget._dom_classes
    assert ex.result["month"] == 1 and ex.result["year"] == 2026  # month after the last check-in, 2025-12-11
    n_jan = len(ex.result["cards"])
    assert f"{n_jan} cards" in ex.summary.value and "January 2026" in ex.summary.value
    ex.controls["month"].value = 8
    n_aug = len(ex.result["cards"])
    assert n_aug != n_jan and f"{n_aug} cards" in ex.summary.value and "August 2026" in ex.summary.value
    ex.controls["vip_only"].value = True
    assert len(ex.result["cards"]) < n_aug and "VIP guests" in ex.summary.value


def test_plot_hit_rates_is_labelled(stays):
    import matplotlib.pyplot as plt

    from course.widgets.guests import plot_hit_rates

    hits = {c: G.prediction_hit_rate(stays, c) for c in ("seat", "breakfast")}
    ax = plot_hit_rates(hits)
    assert ax.get_title() and "%" in ax.get_ylabel() and ax.get_xlabel()
    heights = [p.get_height() for p in ax.patches]
    assert heights[0] == pytest.approx(100 * hits["seat"]["record_hit_rate"])
    plt.close("all")


def test_absence_summary_and_time_away_chart(stays):
    import matplotlib.pyplot as plt

    from course.widgets.guests import plot_time_away

    away = G.absence_summary(stays)
    h = G.visit_history(stays)
    back = h[h["returning"]]
    assert (away["stays"], away["returning"]) == (len(h), len(back))
    assert away["long_away_share"] == pytest.approx((back["years_since_last"] >= 1).mean())
    toy = _stays([("G1", "2020-01-01", "a", "b"), ("G1", "2020-07-01", "a", "b"), ("G1", "2022-01-01", "a", "b")])
    assert G.absence_summary(toy) == {"stays": 3, "returning": 2, "long_away_share": 0.5}
    ax = plot_time_away(stays)
    assert sum(p.get_height() for p in ax.patches) == (back["years_since_last"] <= 4).sum()
    assert ax.get_title() and "years" in ax.get_xlabel() and "count" in ax.get_ylabel()
    plt.close("all")
