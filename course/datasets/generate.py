"""Seeded generator: one function per dataset, each returning the DataFrame written to data/.

Run `course data` (or `python -m course.datasets`); `build.py` renders and writes the files. The same seed gives byte-identical files, which a test
checks. Each dataset draws from its own random stream, so changing one leaves the others untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd

from .schema import (
    ACQUISITION_CHANNELS,
    BRANCHES,
    CHANNELS,
    DATASETS,
    PRODUCTS,
    ROOT_CAUSES,
    SEED,
    SERVQUAL_DIMENSIONS,
    TICKET_CATEGORIES,
)

SURNAMES = ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma",
            "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo")
GIVEN = ("Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Jun", "Hui", "Qiang", "Ling", "Tao", "Xiu", "Ping",
         "Hong", "Bo", "Na", "Chao", "Lan", "Yong", "Mei", "Jie", "Hao", "Ying", "Dan")
COMPANY_WORDS = ("Huaxin", "Hengtong", "Jinda", "Xinhua", "Dongfang", "Changjiang", "Tianli", "Fuxing",
                 "Zhongtai", "Baoli", "Ruifeng", "Shengda", "Yongli", "Haitong", "Kaiyuan", "Minsheng",
                 "Hongda", "Guanghua", "Jiali", "Sanhe", "Taiping", "Xingye", "Longteng", "Wanfu")


def _rng(stream: int) -> np.random.Generator:
    return np.random.default_rng([SEED, stream])


def _person(rng: np.random.Generator, n: int) -> list[str]:
    s = rng.choice(SURNAMES, n)
    g1 = rng.choice(GIVEN, n)
    g2 = rng.choice(GIVEN, n)
    two = rng.random(n) < 0.55
    return [f"{a} {b}{c.lower()}" if t else f"{a} {b}" for a, b, c, t in zip(s, g1, g2, two, strict=True)]


def _company(rng: np.random.Generator, n: int, suffixes: tuple[str, ...]) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        name = f"{rng.choice(COMPANY_WORDS)} {rng.choice(suffixes)}"
        if name in seen:
            name = f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_WORDS)} {rng.choice(suffixes)}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


# --- module 1 -------------------------------------------------------------------------------------------

RIGHT_DEPT = {
    "delivery delay": "logistics",
    "installation": "installation",
    "repair quality": "repair",
    "billing": "billing",
    "staff attitude": "customer service",
    "product defect": "quality",
}
BRANCH_SPEED = {"Chengdu Jinjiang": 1.3, "Hangzhou Xihu": 0.85}


def tickets() -> pd.DataFrame:
    rng = _rng(1)
    n = 2400
    start = pd.Timestamp("2025-01-01 08:00")
    day = rng.integers(0, 365, n)
    minute = rng.integers(0, 10 * 60, n)
    opened = (start + pd.to_timedelta(day, "D") + pd.to_timedelta(minute, "min")).sort_values()
    category = rng.choice(TICKET_CATEGORIES, n, p=[0.22, 0.2, 0.18, 0.14, 0.1, 0.16])
    branch = rng.choice(BRANCHES, n, p=[0.22, 0.2, 0.18, 0.14, 0.14, 0.12])
    misrouted = rng.random(n) < 0.4
    depts = np.array(list(RIGHT_DEPT.values()))
    first = np.where(
        misrouted,
        np.where(rng.random(n) < 0.7, "customer service", rng.choice(depts, n)),
        [RIGHT_DEPT[c] for c in category],
    )
    first = np.where(misrouted & (first == np.array([RIGHT_DEPT[c] for c in category])), "customer service",
                     first)
    transfers = np.where(misrouted, 1 + rng.poisson(0.8, n), rng.poisson(0.08, n))
    promised = np.where(category == "product defect", 72, 24)
    base = np.exp(rng.normal(np.log(14), 0.6, n)) * np.where(category == "product defect", 2.6, 1.0)
    speed = np.array([BRANCH_SPEED.get(b, 1.0) for b in branch])
    hours = np.round(base * (1 + 0.9 * transfers) * speed, 1)
    lost = rng.choice(n, 6, replace=False)
    hours[lost] = np.round(rng.uniform(520, 1400, 6), 1)
    auto = rng.choice(np.setdiff1d(np.arange(n), lost), 5, replace=False)
    hours[auto] = 0.0
    open_ = (rng.random(n) < 0.02) | ((day > 355) & (rng.random(n) < 0.5))
    open_[lost] = False
    open_[auto] = False
    breach = hours > promised
    score = np.clip(np.round(rng.normal(np.where(breach, 2.5, 4.1), 0.9)), 1, 5)
    answered = (rng.random(n) > 0.45) & ~open_
    df = pd.DataFrame({
        "ticket_id": [f"T-{i:06d}" for i in range(1, n + 1)],
        "opened_at": opened.strftime("%Y-%m-%d %H:%M"),
        "branch": branch,
        "channel": rng.choice(CHANNELS, n, p=[0.38, 0.27, 0.1, 0.13, 0.12]),
        "product": rng.choice(PRODUCTS, n, p=[0.3, 0.2, 0.2, 0.15, 0.15]),
        "category": category,
        "first_department": first,
        "transfers": transfers,
        "promised_hours": promised,
        "resolved_hours": pd.array(np.where(open_, np.nan, hours), dtype="Float64"),
        "status": np.where(open_, "open", "resolved"),
        "satisfaction": pd.array(np.where(answered, score, np.nan), dtype="Float64").astype("Int64"),
        "customer_id": [f"C{x:05d}" for x in rng.integers(1, 1800, n)],
    })
    return df


SERVQUAL_ITEMS = {
    "tangibles": (
        "has up-to-date equipment and tools",
        "has clean, well-kept stores and service vans",
        "has staff who look neat and professional",
        "gives clear, readable invoices, manuals and forms",
    ),
    "reliability": (
        "does what it promised by the time it promised",
        "shows a sincere interest in solving a customer's problem",
        "gets the service right the first time",
        "delivers and repairs at the time it says it will",
        "keeps error-free records and bills",
    ),
    "responsiveness": (
        "tells customers exactly when a service will be done",
        "gives prompt service",
        "has staff who are always willing to help",
        "is never too busy to answer a customer's request",
    ),
    "assurance": (
        "has staff whose behaviour inspires confidence",
        "makes customers feel safe in their dealings",
        "has staff who are consistently courteous",
        "has staff with the knowledge to answer questions",
    ),
    "empathy": (
        "gives customers individual attention",
        "has opening hours that suit all its customers",
        "has staff who give customers personal attention",
        "has the customer's best interests at heart",
        "understands the specific needs of its customers",
    ),
}
DIM_GAP = {"tangibles": -0.2, "reliability": -1.5, "responsiveness": -1.2, "assurance": -0.5, "empathy": -0.7}
DIM_CODE = {"tangibles": "TAN", "reliability": "REL", "responsiveness": "RES", "assurance": "ASS", "empathy": "EMP"}


def servqual_items() -> pd.DataFrame:
    rows = [
        (f"{DIM_CODE[d]}{i}", d, s)
        for d in SERVQUAL_DIMENSIONS
        for i, s in enumerate(SERVQUAL_ITEMS[d], start=1)
    ]
    return pd.DataFrame(rows, columns=["item", "dimension", "statement"])


N_RESPONDENTS = 240


def _respondent(r: int) -> str:
    return f"R{r:04d}"


def servqual() -> pd.DataFrame:
    rng = _rng(2)
    items = servqual_items()
    n = N_RESPONDENTS
    branch_eff = dict(zip(BRANCHES, rng.normal(0, 0.3, len(BRANCHES)), strict=True))
    branch_eff["Chengdu Jinjiang"] = -0.5
    rows = []
    for r in range(1, n + 1):
        b = rng.choice(BRANCHES)
        for item, dim in zip(items["item"], items["dimension"], strict=True):
            e_lat = rng.normal(6.2, 0.7)
            p_lat = e_lat + DIM_GAP[dim] + branch_eff[b] + rng.normal(0, 0.9)
            e = int(np.clip(round(e_lat), 1, 7))
            p = int(np.clip(round(p_lat), 1, 7))
            rows.append((_respondent(r), b, item, dim, e, p if rng.random() > 0.015 else None))
    df = pd.DataFrame(rows, columns=["respondent_id", "branch", "item", "dimension", "expectation", "perception"])
    df["perception"] = df["perception"].astype("Int64")
    return df


def servqual_weights() -> pd.DataFrame:
    rng = _rng(3)
    ids = [_respondent(r) for r in range(1, N_RESPONDENTS + 1)]
    alpha = np.array([11, 32, 22, 19, 16]) / 5
    w = rng.dirichlet(alpha, len(ids)) * 100
    pts = np.floor(w).astype(int)
    rest = 100 - pts.sum(axis=1)
    order = np.argsort(-(w - pts), axis=1)
    for i, k in enumerate(rest):
        pts[i, order[i, :k]] += 1
    df = pd.DataFrame(pts, columns=list(SERVQUAL_DIMENSIONS))
    df.insert(0, "respondent_id", ids)
    return df


# --- module 2 -------------------------------------------------------------------------------------------

REVENUE = {"air conditioner": 3800, "refrigerator": 3200, "washing machine": 2600, "television": 2900,
           "water heater": 1900}
FAST_SHARE = dict(zip(BRANCHES, (0.78, 0.72, 0.7, 0.55, 0.85, 0.66), strict=True))


def complaints_monthly() -> pd.DataFrame:
    rng = _rng(4)
    months = pd.period_range("2024-01", "2025-12", freq="M")
    rows = []
    base = {(b, p): rng.uniform(1500, 9000) for b in BRANCHES for p in PRODUCTS}
    for t, m in enumerate(months):
        for b in BRANCHES:
            for p in PRODUCTS:
                customers = int(base[(b, p)] * (1.005 ** t))
                season = 1.8 if (p == "air conditioner" and m.month in (6, 7, 8)) else 1.0
                problems = rng.binomial(customers, min(0.06 * season, 1))
                complaints = rng.binomial(problems, 0.04)
                resolved = rng.binomial(complaints, 0.9)
                fast = rng.binomial(resolved, FAST_SHARE[b])
                rev = round(REVENUE[p] * rng.normal(1, 0.04), 2)
                rows.append([str(m), b, p, customers, complaints, resolved, fast, rev])
    df = pd.DataFrame(rows, columns=[c.name for c in DATASETS["complaints_monthly"].columns])
    missing = rng.choice(len(df), 3, replace=False)
    for col in ("complaints", "complaints_resolved", "resolved_within_48h"):
        df[col] = df[col].astype("Int64")
        df.loc[missing, col] = pd.NA
    return df


def tarp_repurchase() -> pd.DataFrame:
    src = "TARP, quoted in Barlow & Moller, A Complaint Is a Gift"
    small = (37, 46, 70, 95)
    big = (9, 19, 54, 82)
    from .schema import TARP_OUTCOMES

    rows = [("under USD 5", o, v, src) for o, v in zip(TARP_OUTCOMES, small, strict=True)]
    rows += [("over USD 100", o, v, src) for o, v in zip(TARP_OUTCOMES, big, strict=True)]
    return pd.DataFrame(rows, columns=["problem_size", "outcome", "repurchase_pct", "source"])


# --- module 3 -------------------------------------------------------------------------------------------

ORIGINS = (
    ("Hong Kong", "China", "zh"), ("Shanghai", "China", "zh"), ("Beijing", "China", "zh"),
    ("Guangzhou", "China", "zh"), ("Taipei", "China (Taiwan)", "zh"), ("Singapore", "Singapore", "zh"),
    ("Tokyo", "Japan", "ja"), ("Osaka", "Japan", "ja"), ("Seoul", "South Korea", "ko"),
    ("Sydney", "Australia", "en"), ("London", "United Kingdom", "en"), ("New York", "United States", "en"),
    ("Frankfurt", "Germany", "de"), ("Paris", "France", "fr"), ("Kuala Lumpur", "Malaysia", "ms"),
    ("Mumbai", "India", "in"),
)
NAMES = {
    "ja": (("Sato", "Suzuki", "Takahashi", "Tanaka", "Ito", "Yamamoto", "Nakamura"),
           ("Haruto", "Yui", "Ren", "Aoi", "Kenji", "Yuki", "Sakura")),
    "ko": (("Kim", "Lee", "Park", "Choi", "Jung"), ("Minjun", "Seoyeon", "Jiho", "Hana", "Doyoon")),
    "en": (("Smith", "Brown", "Taylor", "Wilson", "Clarke", "Walker", "Hughes"),
           ("James", "Emma", "Oliver", "Sophie", "Daniel", "Grace", "Thomas")),
    "de": (("Muller", "Schmidt", "Weber", "Fischer", "Becker"), ("Lukas", "Anna", "Felix", "Laura", "Jonas")),
    "fr": (("Martin", "Bernard", "Dubois", "Laurent", "Moreau"), ("Louis", "Camille", "Hugo", "Chloe", "Lea")),
    "ms": (("Abdullah", "Rahman", "Ismail", "Tan", "Lim"), ("Aisyah", "Farid", "Nurul", "Hafiz", "Mei Ling")),
    "in": (("Sharma", "Patel", "Iyer", "Mehta", "Rao"), ("Arjun", "Priya", "Rohan", "Ananya", "Vikram")),
}
FEMALE_GIVEN = {"Yui", "Aoi", "Yuki", "Sakura", "Seoyeon", "Hana", "Emma", "Sophie", "Grace", "Anna", "Laura",
                "Camille", "Chloe", "Lea", "Aisyah", "Nurul", "Mei", "Priya", "Ananya"}
SEATS = ("window 1", "window 2", "window 3", "window 4", "garden 1", "garden 2", "booth 1", "booth 2",
         "booth 3", "bar counter", "centre 5", "centre 6")
BREAKFASTS = ("sandwich, fried egg, coffee", "congee, youtiao, soy milk", "croissant, latte",
              "omelette, toast, orange juice", "dim sum, jasmine tea", "fruit plate, yoghurt, green tea",
              "noodle soup, black tea", "pancakes, bacon, coffee", "miso soup, rice, grilled fish",
              "muesli, skimmed milk, espresso")


@cache  # guests and stays come from one draw; callers get copies
def _guest_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = _rng(5)
    n = 360
    guests, stays = [], []
    for g in range(1, n + 1):
        city, country, lang = ORIGINS[rng.integers(len(ORIGINS))]
        if lang == "zh":
            name = _person(rng, 1)[0]
        else:
            fam, giv = NAMES[lang]
            name = f"{rng.choice(giv)} {rng.choice(fam)}"
        title = str(rng.choice(("Mr", "Ms", "Dr"), p=[0.48, 0.45, 0.07]))
        if lang != "zh" and title != "Dr":  # the form of address follows the given name
            title = "Ms" if name.split()[0] in FEMALE_GIVEN else "Mr"
        bday = pd.Timestamp("1950-01-01") + pd.Timedelta(days=int(rng.integers(0, 365 * 52)))
        vip = bool(rng.random() < 0.15)
        seat = str(rng.choice(SEATS))
        food = str(rng.choice(BREAKFASTS))
        visits = min(1 + rng.geometric(0.35), 12)
        dates = sorted(pd.Timestamp("2022-01-03") + pd.Timedelta(days=int(d))
                       for d in rng.choice(365 * 4 - 20, visits, replace=False))
        if g == 1:
            name, title, city, country, vip = "Yu Wenhua", "Mr", "Hong Kong", "China", True
            seat, food = "window 2", "sandwich, fried egg, coffee"
            dates = [pd.Timestamp("2022-03-14"), pd.Timestamp("2025-03-10")]
            bday = pd.Timestamp("1968-12-19")
        if rng.random() < 0.03:
            name = "  " + name + " "
        guests.append((f"G{g:04d}", name, title, city, country, bday.strftime("%Y-%m-%d"), vip))
        for d in dates:
            skip = rng.random() < 0.05 and g != 1
            s = seat if (rng.random() < 0.75 or g == 1) else str(rng.choice(SEATS))
            f = food if (rng.random() < 0.75 or g == 1) else str(rng.choice(BREAKFASTS))
            room = str(rng.choice(("standard", "deluxe", "suite"), p=[0.55, 0.35, 0.1]))
            stays.append((None, f"G{g:04d}", d, int(1 + rng.poisson(2)), room,
                          None if skip else s, None if skip else f))
    st = pd.DataFrame(stays, columns=["stay_id", "guest_id", "check_in", "nights", "room_type", "seat", "breakfast"])
    st = st.sort_values(["check_in", "guest_id"], kind="stable").reset_index(drop=True)
    st["stay_id"] = [f"S{i:05d}" for i in range(1, len(st) + 1)]
    st["check_in"] = st["check_in"].dt.strftime("%Y-%m-%d")
    gu = pd.DataFrame(guests, columns=[c.name for c in DATASETS["guests"].columns])
    return gu, st


def guests() -> pd.DataFrame:
    return _guest_tables()[0].copy()


def stays() -> pd.DataFrame:
    return _guest_tables()[1].copy()


# --- module 4 -------------------------------------------------------------------------------------------


def customers() -> pd.DataFrame:
    rng = _rng(6)
    n = 1000
    seg = rng.choice(("individual", "small business", "corporate"), n, p=[0.7, 0.22, 0.08])
    scale = np.select([seg == "individual", seg == "small business"], [3000, 9000], 30000)
    revenue = scale * np.exp(rng.normal(0, 1.25, n)) * 0.6
    tenure = np.round(rng.gamma(2.0, 3.0, n), 1)
    margin_rate = np.clip(0.34 - 0.03 * np.log10(np.maximum(revenue, 1)) + rng.normal(0, 0.03, n), 0.05, 0.6)
    margin = revenue * margin_rate
    cost = 300 + 0.03 * revenue + rng.gamma(2, 80, n)
    growth = rng.normal(3, 8, n) + np.where((seg == "small business") & (tenure < 4), 18, 0)
    dormant = rng.choice(n, 5, replace=False)
    revenue[dormant] = 0
    margin[dormant] = 0
    names = np.where(seg == "individual", _person(rng, n),
                     _company(rng, n, ("Trading Co.", "Technology Ltd.", "Foods Co.", "Logistics Ltd.",
                                       "Garments Co.", "Electronics Ltd.", "Construction Co.")))
    df = pd.DataFrame({
        "customer_id": [f"K{i:05d}" for i in range(1, n + 1)],
        "name": names,
        "segment": seg,
        "region": rng.choice(("East", "North", "South", "West"), n, p=[0.35, 0.25, 0.25, 0.15]),
        "tenure_years": tenure,
        "revenue_cny": np.round(revenue, 2),
        "gross_margin_cny": np.round(margin, 2),
        "cost_to_serve_cny": np.round(cost, 2),
        "revenue_growth_pct": pd.array(np.where(tenure < 1, np.nan, np.round(growth, 1)), dtype="Float64"),
    })
    return df


# --- module 5 -------------------------------------------------------------------------------------------

CITIES = ("Jiangyin", "Wuxi", "Suzhou", "Ningbo", "Dongguan", "Foshan", "Shenzhen", "Xiamen", "Tianjin",
          "Qingdao", "Shanghai", "Hong Kong")
INDUSTRIES = ("construction", "machinery", "shipbuilding", "appliances", "automotive", "textile machinery")


@cache  # accounts and their referral network come from one draw; callers get copies
def _b2b_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = _rng(7)
    n, n_active = 1060, 300
    names = _company(rng, n, ("Steel Products Co.", "Machinery Ltd.", "Metal Works", "Engineering Co.",
                              "Industrial Ltd.", "Shipyard Co.", "Construction Group"))
    active = np.zeros(n, dtype=bool)
    active[:n_active] = True
    vol = np.sort((rng.pareto(1.1, n_active) + 1) * 60)[::-1]
    vol = np.minimum(vol, 9000)
    vol[0] = 15800.0  # the Jiangyin joint venture
    volume = np.concatenate([np.round(vol, 1), np.zeros(n - n_active)])
    price = 4300 * (1 - 0.04 * np.log10(np.maximum(volume, 1) / 50).clip(0)) * rng.normal(1, 0.02, n)
    revenue = np.round(volume * price, 0)
    sow = np.where(active, np.round(rng.beta(2.2, 3, n), 2), np.nan)
    sow[0] = 0.85
    terms = np.where(rng.random(n) < 0.8, 30, rng.choice((15, 45, 60), n))
    terms[0] = 30
    city = rng.choice(CITIES, n)
    city[0] = "Jiangyin"
    names[0] = "Jiangyin Huaxin Steel Joint Venture"
    ind = rng.choice(INDUSTRIES, n)
    order = np.argsort(rng.random(n_active))  # shuffle active rows so the id does not give the rank away
    idx = np.concatenate([order, np.arange(n_active, n)])
    acc = pd.DataFrame({
        "account_id": None,
        "name": np.array(names)[idx],
        "city": city[idx],
        "industry": ind[idx],
        "active": active[idx],
        "volume_tonnes": volume[idx],
        "revenue_hkd": revenue[idx],
        "share_of_wallet": pd.array(sow[idx], dtype="Float64"),
        "receivable_days": terms[idx],
        "since_year": rng.integers(1996, 2025, n),
    })
    acc["account_id"] = [f"A{i:04d}" for i in range(1, n + 1)]
    # referral / peer network among active accounts, clustered by city and industry
    act = acc[acc["active"]].reset_index(drop=True)
    edges = set()
    for i, row in act.iterrows():
        k = int(rng.integers(1, 5))
        same = act.index[(act["city"] == row["city"]) | (act["industry"] == row["industry"])].to_numpy()
        pool = same[same != i]
        for _ in range(k):
            j = int(rng.choice(pool)) if (len(pool) and rng.random() < 0.8) else int(rng.integers(len(act)))
            if j != i:
                edges.add((i, j))
    e = sorted(edges)
    ref = pd.DataFrame({
        "source_id": act.loc[[a for a, _ in e], "account_id"].to_numpy(),
        "target_id": act.loc[[b for _, b in e], "account_id"].to_numpy(),
        "relation": rng.choice(("referred", "industry peer", "same owner"), len(e), p=[0.35, 0.55, 0.1]),
        "strength": np.round(rng.beta(2, 3, len(e)), 2),
    })
    return acc, ref


def b2b_accounts() -> pd.DataFrame:
    return _b2b_tables()[0].copy()


def referrals() -> pd.DataFrame:
    return _b2b_tables()[1].copy()


# --- module 6 -------------------------------------------------------------------------------------------


def accounts() -> pd.DataFrame:
    rng = _rng(8)
    n = 800
    plan = rng.choice(("basic", "standard", "premium"), n, p=[0.55, 0.33, 0.12])
    fee = np.select([plan == "basic", plan == "standard"], [8000, 24000], 70000) * np.exp(rng.normal(0, 0.35, n))
    calls = rng.gamma(1.5, 1.6, n) * np.select([plan == "premium"], [1.6], 1.0)
    serial = rng.choice(n, 15, replace=False)
    calls[serial] = rng.uniform(40, 50, 15)
    delay = np.where(rng.random(n) < 0.7, rng.exponential(4, n), rng.exponential(35, n))
    abuse = rng.poisson(np.where(calls > 10, 1.5, 0.05))
    invoices = np.select([plan == "basic", plan == "standard"], [4, 12], 12)
    cost = 2000 + 90 * calls * 12 + 60 * delay * invoices + 800 * abuse + rng.normal(0, 400, n)
    df = pd.DataFrame({
        "customer_id": [f"Z{i:04d}" for i in range(1, n + 1)],
        "name": _company(rng, n, ("Consulting Co.", "Trading Ltd.", "Materials Co.", "Chemicals Ltd.",
                                  "Media Group", "Investment Co.", "Textiles Co.", "Packaging Ltd.")),
        "plan": plan,
        "tenure_years": np.round(rng.gamma(2, 2.5, n), 1),
        "annual_fee_cny": np.round(fee, 2),
        "service_calls_per_month": np.round(calls, 1),
        "payment_delay_days": np.round(delay, 1),
        "abuse_incidents": abuse,
        "cost_to_serve_cny": np.round(np.maximum(cost, 500), 2),
    })
    return df


# --- module 7 -------------------------------------------------------------------------------------------

HAZARD = {"price promotion": 0.05, "referral": 0.012, "advertising": 0.025, "direct sales": 0.02}


def subscribers() -> pd.DataFrame:
    rng = _rng(9)
    n = 3000
    end = pd.Timestamp("2025-12-31")
    ch = rng.choice(ACQUISITION_CHANNELS, n, p=[0.35, 0.2, 0.25, 0.2])
    signup = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 911, n), "D")
    churn = []
    for c, s in zip(ch, signup, strict=True):
        months = (end - s).days // 30
        out = None
        for m in range(1, months + 1):
            h = HAZARD[c] * (3.0 if (c == "price promotion" and m in (6, 7)) else 1.0)
            if rng.random() < h:
                out = s + pd.Timedelta(days=int(30 * m - rng.integers(0, 30)))
                break
        churn.append(out.strftime("%Y-%m-%d") if out is not None else None)
    value = np.exp(rng.normal(np.log(np.where(ch == "referral", 95, 80)), 0.45))
    df = pd.DataFrame({
        "customer_id": [f"B{i:05d}" for i in range(1, n + 1)],
        "acquisition_channel": ch,
        "signup_date": signup.strftime("%Y-%m-%d"),
        "churn_date": churn,
        "monthly_value_cny": np.round(value, 2),
        "plan": rng.choice(("basic", "family", "business"), n, p=[0.5, 0.38, 0.12]),
    })
    return df


BRANCH_CITIES = ("Shanghai", "Beijing", "Guangzhou", "Shenzhen", "Chengdu", "Hangzhou", "Nanjing", "Wuhan",
                 "Xi'an", "Suzhou")


def branch_survey() -> pd.DataFrame:
    rng = _rng(10)
    n = 30
    training = np.round(rng.uniform(4, 40, n), 1)
    staff = np.clip(45 + 0.8 * training + rng.normal(0, 7, n), 0, 100)
    cust = np.clip(35 + 0.6 * staff + rng.normal(0, 7.5, n), 0, 100)
    turnover = np.clip(48 - 0.45 * staff + rng.normal(0, 4, n), 2, 100)
    city = [BRANCH_CITIES[i % len(BRANCH_CITIES)] for i in range(n)]
    branch = [f"{c} {i // len(BRANCH_CITIES) + 1}" for i, c in enumerate(city)]
    return pd.DataFrame({
        "branch": branch,
        "city": city,
        "staff_satisfaction": np.round(staff, 1),
        "customer_satisfaction": np.round(cust, 1),
        "staff_turnover_pct": np.round(turnover, 1),
        "training_hours": training,
    })


# --- module 8 -------------------------------------------------------------------------------------------

TEMPLATES = {
    "late report": (
        "The market report due on {date} still has not arrived. We pay for a service we cannot use.",
        "Third month in a row the monthly report is late. Our board meeting was on {date} and we had nothing.",
    ),
    "data error": (
        "The price index in your {date} report is wrong by a wide margin. We made a purchase decision on it "
        "and lost about {amount} yuan.",
        "Your database lists our competitor's figures under our name. Please correct this today.",
    ),
    "billing error": (
        "We were invoiced {amount} yuan twice for the same quarter. I want the duplicate refunded.",
        "Your invoice dated {date} charges the premium rate but we are on the standard plan.",
    ),
    "system outage": (
        "The client portal has been down since {date}. Nobody has told us when it will be back.",
        "We could not log in for two days and missed a tender deadline.",
    ),
    "bounced between departments": (
        "I have been transferred four times since {date} and every person asks me to start again.",
        "Sales says it is a billing issue, billing says it is technical, technical says call sales. "
        "Who is responsible?",
    ),
    "missed callback": (
        "Your agent promised a call back within 24 hours on {date}. Nobody called.",
        "I asked for a manager to call me. It has been three days.",
    ),
    "rude or unhelpful staff": (
        "The agent on the phone told me it was my own fault and hung up.",
        "Your account manager was dismissive and said small clients should not expect much.",
    ),
    "other": (
        "The new report layout is hard to read. Please bring back the old tables.",
        "We were not told about the price change before renewal on {date}.",
    ),
}
CAUSE_P = (0.31, 0.22, 0.15, 0.1, 0.08, 0.06, 0.05, 0.03)


def complaint_queue() -> pd.DataFrame:
    rng = _rng(11)
    n = 178
    acc = accounts()
    heavy = acc["service_calls_per_month"].to_numpy()
    w = np.log1p(heavy) + 0.3
    cust = rng.choice(acc["customer_id"].to_numpy(), n, p=w / w.sum())
    cause = rng.choice(ROOT_CAUSES, n, p=CAUSE_P)
    t0 = pd.Timestamp("2025-11-24 07:00")
    received = t0 - pd.to_timedelta(np.sort(rng.uniform(0, 72, n))[::-1], "h")
    texts, amounts = [], []
    for c in cause:
        date = (t0 - pd.Timedelta(days=int(rng.integers(2, 40)))).strftime("%d %B")
        amount = float(np.round(rng.choice((800, 1500, 2400, 6000, 12000, 25000)) * rng.uniform(0.8, 1.2), -1))
        tpl = TEMPLATES[c][int(rng.integers(len(TEMPLATES[c])))]
        texts.append(tpl.format(date=date, amount=f"{amount:,.0f}"))
        amounts.append(amount if c in ("data error", "billing error", "system outage") else
                       float(np.round(amount * 0.2, -1)))
    seen: set[tuple[str, str]] = set()
    for i in range(n):  # one customer never writes the very same words twice by chance
        while (cust[i], texts[i]) in seen:
            cust[i] = rng.choice(acc["customer_id"].to_numpy())
        seen.add((cust[i], texts[i]))
    sev = np.where(np.array(amounts) > 8000, "high", rng.choice(("low", "medium", "high"), n, p=[0.45, 0.4, 0.15]))
    df = pd.DataFrame({
        "complaint_id": [f"Q{i:04d}" for i in range(1, n + 1)],
        "received_at": received.strftime("%Y-%m-%d %H:%M"),
        "customer_id": cust,
        "channel": rng.choice(CHANNELS, n, p=[0.35, 0.25, 0.25, 0.15, 0.0]),
        "root_cause": cause,
        "severity": sev,
        "amount_cny": amounts,
        "hours_waiting": np.round((t0 - received) / pd.Timedelta(hours=1), 1),
        "text": texts,
    })
    # two complaints submitted twice, a few minutes apart
    dup = df.iloc[[20, 95]].copy()
    dup["received_at"] = (pd.to_datetime(dup["received_at"]) + pd.Timedelta(minutes=4)).dt.strftime("%Y-%m-%d %H:%M")
    dup["hours_waiting"] = (dup["hours_waiting"] - 0.1).round(1)
    df = pd.concat([df, dup]).sort_values("received_at", kind="stable").reset_index(drop=True)
    df["complaint_id"] = [f"Q{i:04d}" for i in range(1, len(df) + 1)]
    return df


GENERATORS: dict[str, Callable[[], pd.DataFrame]] = {
    "tickets": tickets,
    "servqual_items": servqual_items,
    "servqual": servqual,
    "servqual_weights": servqual_weights,
    "complaints_monthly": complaints_monthly,
    "tarp_repurchase": tarp_repurchase,
    "guests": guests,
    "stays": stays,
    "customers": customers,
    "b2b_accounts": b2b_accounts,
    "referrals": referrals,
    "accounts": accounts,
    "subscribers": subscribers,
    "branch_survey": branch_survey,
    "complaint_queue": complaint_queue,
}
