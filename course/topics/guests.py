"""Lesson 3, attentive service: guest preference profiles, the greeting staff should use, returning guests and
the birthday-card list, all computed from the hotel's `guests` and `stays` tables.

The Oriental Hotel story (泰国东方大饭店) rests on a simple record: who the guest is, where from, where they sat and
what they ate. These functions turn the stay log into that record, so staff can greet a returning guest by name.
"""

from __future__ import annotations

import calendar
from datetime import date

import pandas as pd

from course.datasets import require
from course.i18n import current, gettext, normalise


def N_(message: str) -> str:
    """Mark a text a trainee reads for the `course` catalog; it is returned in English and translated when shown."""
    return message


# Countries whose guests in this register write the family name first (Chinese naming order).
FAMILY_NAME_FIRST = frozenset({"China", "China (Taiwan)", "Hong Kong", "Macau", "Singapore"})
DAYS_PER_YEAR = 365.25

GUEST_COLUMNS = ("guest_id", "name", "title", "origin_city", "origin_country", "birthday")
STAY_COLUMNS = ("guest_id", "check_in", "seat", "breakfast")


def clean_names(guests: pd.DataFrame) -> pd.DataFrame:
    """A copy of `guests` with stray spaces removed from names (leading, trailing, doubled), so that a greeting
    never reads 'Mr  Hughes '."""
    require(guests, "guests", ("name",))
    out = guests.copy()
    out["name"] = out["name"].astype("string").str.split().str.join(" ").astype(object)
    return out


def family_name(name: str, origin_country: str = "") -> str:
    """The family name to use after Mr/Ms/Dr: the first word for Chinese-order names (China, Taiwan, Singapore
    in this register), otherwise the last word. Stray spaces are ignored."""
    words = str(name).split()
    if not words:
        raise ValueError("family_name: the name is blank; fix the registration card before greeting the guest.")
    return words[0] if origin_country in FAMILY_NAME_FIRST else words[-1]


def _nonblank(s: pd.Series) -> pd.Series:
    s = s.astype("string").str.strip()
    return s[s.notna() & (s != "")]


def usual(values: pd.Series, dates: pd.Series | None = None) -> str | None:
    """The most frequent non-blank value (blank = skipped breakfast). A tie goes to the value chosen most
    recently (by `dates` if given, else by position): what the guest did last time is the best guess."""
    v = _nonblank(values)
    if v.empty:
        return None
    order = pd.Series(range(len(values)), index=values.index) if dates is None else pd.Series(dates, index=values.index)
    last = order.loc[v.index].groupby(v.to_numpy()).max()
    counts = v.value_counts()
    table = pd.DataFrame({"n": counts, "last": last.reindex(counts.index)})
    return str(table.sort_values(["n", "last"], ascending=False).index[0])


def _usual_per_guest(stays: pd.DataFrame, column: str) -> tuple[pd.Series, pd.Series]:
    """Per guest: the usual (most frequent non-blank, ties to the latest) value of `column`, and the share of
    the guest's non-blank records that match it. Vectorised version of usual()."""
    v = stays[["guest_id", "check_in"]].assign(value=stays[column].astype("string").str.strip())
    v = v[v["value"].notna() & (v["value"] != "")]
    tally = v.groupby(["guest_id", "value"]).agg(n=("check_in", "size"), last=("check_in", "max")).reset_index()
    tally = tally.sort_values(["guest_id", "n", "last"], ascending=[True, False, False], kind="stable")
    best = tally.drop_duplicates("guest_id").set_index("guest_id")
    total = tally.groupby("guest_id")["n"].sum()
    return best["value"].astype(object), best["n"] / total.reindex(best.index)


def guest_profiles(guests: pd.DataFrame, stays: pd.DataFrame) -> pd.DataFrame:
    """One row per guest: cleaned name, the name staff should use, origin, visits, first and last check-in,
    usual seat and breakfast (most frequent non-blank) and how often the guest kept to them.

    Guests with no stays get visits = 0 and blank preferences."""
    require(guests, "guests", GUEST_COLUMNS)
    require(stays, "stays", STAY_COLUMNS)
    g = clean_names(guests)
    unknown = sorted(set(stays["guest_id"]) - set(g["guest_id"]))
    if unknown:
        raise ValueError(f"stays refers to guest_id(s) not in guests: {', '.join(map(str, unknown[:5]))}"
                         f"{' ...' if len(unknown) > 5 else ''}; check that both tables come from the same hotel.")
    st = stays.sort_values(["guest_id", "check_in"], kind="stable")
    prefs = st.groupby("guest_id", sort=True).agg(visits=("check_in", "size"), first_visit=("check_in", "min"),
                                                  last_visit=("check_in", "max"))
    for col, name in (("seat", "usual_seat"), ("breakfast", "usual_breakfast")):
        top, share = _usual_per_guest(st, col)
        prefs[name] = top.reindex(prefs.index).astype(object).where(lambda x: x.notna(), None)
        prefs[f"{col}_share"] = share.reindex(prefs.index).astype(float)
    prefs = prefs.reset_index()
    out = g.merge(prefs, on="guest_id", how="left")
    out["visits"] = out["visits"].fillna(0).astype(int)
    for col in ("usual_seat", "usual_breakfast"):
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    out["address_as"] = [f"{t} {family_name(n, c)}" for t, n, c in
                         zip(out["title"].astype(str), out["name"], out["origin_country"], strict=True)]
    cols = ["guest_id", "name", "address_as", "title", "origin_city", "origin_country", "birthday"]
    cols += [c for c in ("vip",) if c in out.columns]
    cols += ["visits", "first_visit", "last_visit", "usual_seat", "usual_breakfast", "seat_share",
             "breakfast_share"]
    return out[cols].set_index("guest_id")


def visit_history(stays: pd.DataFrame) -> pd.DataFrame:
    """Every stay with the guest's previous check-in, whether the guest is returning (stayed before) and the
    years since the last visit (days / 365.25); first visits get NaN."""
    require(stays, "stays", ("guest_id", "check_in"))
    st = stays.sort_values(["guest_id", "check_in"], kind="stable").copy()
    st["previous_visit"] = st.groupby("guest_id")["check_in"].shift()
    st["returning"] = st["previous_visit"].notna()
    st["years_since_last"] = (st["check_in"] - st["previous_visit"]).dt.days / DAYS_PER_YEAR
    return st.sort_index()


def returning_guests(stays: pd.DataFrame, start: str | pd.Timestamp | None = None,
                     end: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """Stays (check-in between `start` and `end`, inclusive) by guests who had stayed before, longest absence
    first: the guests whose names the desk must know when they arrive."""
    h = visit_history(stays)
    if start is not None:
        h = h[h["check_in"] >= pd.Timestamp(start)]
    if end is not None:
        h = h[h["check_in"] <= pd.Timestamp(end)]
    return h[h["returning"]].sort_values("years_since_last", ascending=False)


def share_of_stays_by_returning(stays: pd.DataFrame) -> float:
    """Share of all stays made by guests who had stayed before: how much of the business is 'the marriage'."""
    h = visit_history(stays)
    if h.empty:
        raise ValueError("stays is empty: there is no stay to count.")
    return float(h["returning"].mean())


def absence_summary(stays: pd.DataFrame, years: float = 1.0) -> dict[str, float]:
    """How long returning guests stay away: all stays, the stays by returning guests, and the share of those
    that come `years` or more after the previous stay (too long for anyone's memory, not for a record)."""
    h = visit_history(stays)
    back = h[h["returning"]]
    return {"stays": len(h), "returning": len(back),
            "long_away_share": float((back["years_since_last"] >= years).mean()) if len(back) else float("nan")}


MEALS = (N_("breakfast"), N_("lunch"), N_("dinner"))
TITLES = (N_("Mr"), N_("Ms"), N_("Dr"))
"""The titles of the register; in Chinese the title follows the family name (Mr Yu -> 余先生)."""


def _address_zh(title: str, family: str) -> str:
    """The Chinese form of address: family name, then the title ('Weber' + 'Ms' -> 'Weber女士')."""
    return f"{family}{gettext(title, 'course', 'zh')}"


def form_of_address(profile: pd.Series | dict, lang: str | None = None) -> str:
    """How staff address the guest of a guest_profiles() row: 'Mr Yu' in English, '余先生' (family name, then
    title) in Chinese."""
    lang = normalise(lang) if lang else current()
    p = dict(profile)
    if lang == "zh" and p.get("name") and p.get("title"):
        return _address_zh(str(p["title"]), family_name(p["name"], p.get("origin_country", "")))
    return p.get("address_as") or f"{p['title']} {family_name(p['name'], p.get('origin_country', ''))}"


def _years_phrase(years: float, lang: str = "en") -> str:
    n = round(years)
    if years < 0.9:
        months = max(1, round(years * 12))
        if lang == "zh":
            return f"{months} 个月"
        return f"{months} month{'s' if months != 1 else ''}"
    if lang == "zh":
        return f"{n} 年"
    return f"{n} year{'s' if n != 1 else ''}"


def greeting(profile: pd.Series | dict, on: str | pd.Timestamp | None = None, meal: str = "breakfast",
             lang: str | None = None) -> str:
    """The words staff should say when the guest comes down for `meal`: title + family name, 'welcome back' and
    the usual seat and order for a returning guest; name and home city for a first-time guest.

    `profile` is one row of guest_profiles(); `on` is today's date (for 'it has been N years'); `lang` the
    language staff speak ('en' or 'zh'; default: the language in use)."""
    lang = normalise(lang) if lang else current()

    def t(message: str) -> str:
        return gettext(message, "course", lang)

    p = dict(profile)
    name = form_of_address(p, lang)
    visits = int(p.get("visits", 0) or 0)
    last = p.get("last_visit")
    today = pd.Timestamp(on) if on is not None else None
    if visits <= 0:
        return t(N_("Good morning, {name}, welcome to our hotel. We are glad to have you with us from {city}. "
                    "May I show you to {meal}?")).format(name=name, city=p.get("origin_city") or t(N_("far away")),
                                                         meal=t(meal))
    if today is not None and last is not None and pd.notna(last) and today > pd.Timestamp(last):
        years = (today - pd.Timestamp(last)).days / DAYS_PER_YEAR
        words = [t(N_("Good morning, {name}, welcome back: it has been {time} since your last stay.")).format(
            name=name, time=_years_phrase(years, lang))]
    else:
        words = [t(N_("Good morning, {name}, welcome back.")).format(name=name)]
    seat, food = p.get("usual_seat"), p.get("usual_breakfast")
    if isinstance(seat, str) and seat:
        words.append(t(N_("Would you like your usual seat, {seat}?")).format(seat=seat))
    if isinstance(food, str) and food and meal == "breakfast":
        words.append(t(N_("And your usual {food}?")).format(food=food))
    return ("" if lang == "zh" else " ").join(words)


def arrival_greeting(guests: pd.DataFrame, stays: pd.DataFrame, guest_id: str,
                     on: str | pd.Timestamp | None = None, lang: str | None = None) -> str:
    """The greeting for `guest_id` on the morning after check-in `on` (default: the latest check-in), using only
    what the hotel knew before that stay, as in the Oriental Hotel story (in `lang`, default the language in use)."""
    if guest_id not in set(guests["guest_id"]):
        raise KeyError(f"no guest {guest_id!r} in guests; guest numbers look like 'G0001'.")
    mine = stays[stays["guest_id"] == guest_id]
    day = pd.Timestamp(on) if on is not None else (mine["check_in"].max() if len(mine) else None)
    before = mine[mine["check_in"] < day] if day is not None else mine.iloc[0:0]
    others = stays[stays["guest_id"] != guest_id]
    prof = guest_profiles(guests, pd.concat([others, before])).loc[guest_id]
    return greeting(prof, on=day, lang=lang)


def prediction_hit_rate(stays: pd.DataFrame, column: str = "seat") -> pd.Series:
    """How often 'offer the usual' is right: for every returning stay with a record, predict `column` as the
    usual value over the guest's earlier stays; compare with guessing the hotel's most popular value.

    Returns stays_tested, record_hit_rate and popular_hit_rate (the popular value is taken over all stays,
    which flatters the baseline slightly)."""
    require(stays, "stays", ("guest_id", "check_in", column))
    st = stays.sort_values(["guest_id", "check_in"], kind="stable")
    popular = _nonblank(st[column]).value_counts()
    top = popular.index[0] if len(popular) else None
    tested = hits = base = 0
    for vals in st.groupby("guest_id", sort=False)[column].agg(list):
        counts: dict[str, int] = {}
        last: dict[str, int] = {}
        for i, raw in enumerate(vals):
            actual = None if raw is None or pd.isna(raw) else str(raw).strip() or None
            if actual is not None and counts:
                guess = max(counts, key=lambda k: (counts[k], last[k]))
                tested += 1
                hits += guess == actual
                base += top == actual
            if actual is not None:
                counts[actual] = counts.get(actual, 0) + 1
                last[actual] = i
    if tested == 0:
        return pd.Series({"stays_tested": 0, "record_hit_rate": float("nan"), "popular_hit_rate": float("nan")})
    return pd.Series({"stays_tested": tested, "record_hit_rate": hits / tested, "popular_hit_rate": base / tested})


def next_month(today: str | pd.Timestamp | date) -> tuple[int, int]:
    """(year, month) of the month after `today`: the month the birthday cards must be written for."""
    t = pd.Timestamp(today)
    return (t.year + 1, 1) if t.month == 12 else (t.year, t.month + 1)


def birthday_cards(guests: pd.DataFrame, stays: pd.DataFrame, year: int, month: int,
                   vip_only: bool = False, lang: str | None = None) -> pd.DataFrame:
    """The Peninsula waiter's list: every guest who has stayed at least once and has a birthday in `month` of
    `year`, by day, with the salutation for the card (in `lang`, default the language in use) and the age the
    guest turns. A 29 February birthday gets its card on 28 February in a non-leap year."""
    lang = normalise(lang) if lang else current()
    require(guests, "guests", GUEST_COLUMNS)
    if not 1 <= int(month) <= 12:
        raise ValueError(f"month must be 1-12, got {month!r}.")
    g = clean_names(guests)
    g = g[g["guest_id"].isin(set(stays["guest_id"]))]
    if vip_only:
        require(g, "guests", ("vip",))
        g = g[g["vip"].astype(bool)]
    b = pd.to_datetime(g["birthday"])
    g = g[b.dt.month == int(month)].copy()
    b = pd.to_datetime(g["birthday"])
    last_day = calendar.monthrange(int(year), int(month))[1]
    g["card_date"] = [pd.Timestamp(int(year), int(month), min(d, last_day)) for d in b.dt.day]
    g["turns"] = int(year) - b.dt.year
    if lang == "zh":
        g["dear"] = [f"尊敬的{_address_zh(t, family_name(n, c))}" for t, n, c in
                     zip(g["title"].astype(str), g["name"], g["origin_country"], strict=True)]
    else:
        g["dear"] = [f"Dear {t} {family_name(n, c)}" for t, n, c in
                     zip(g["title"].astype(str), g["name"], g["origin_country"], strict=True)]
    cols = ["card_date", "guest_id", "name", "dear", "origin_city", "origin_country", "turns"]
    cols += [c for c in ("vip",) if c in g.columns]
    return g.sort_values(["card_date", "guest_id"])[cols].reset_index(drop=True)


def cards_per_month(guests: pd.DataFrame, stays: pd.DataFrame) -> pd.Series:
    """How many birthday cards fall due in each calendar month (guests who have stayed), 1..12."""
    g = guests[guests["guest_id"].isin(set(stays["guest_id"]))]
    m = pd.to_datetime(g["birthday"]).dt.month
    return m.value_counts().reindex(range(1, 13), fill_value=0).rename("cards").rename_axis("month")
