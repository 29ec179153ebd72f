"""The complaint iceberg (lesson 2): from the complaints a firm counts to the silent dissatisfied customers
and the revenue they put at risk, and what faster complaint resolution wins back (TARP repurchase table).

Pure Python + pandas/numpy only: lesson 2 also runs in JupyterLite (Pyodide).
"""

from __future__ import annotations

import math

import pandas as pd

from course.datasets import require
from course.i18n import translator

_ = translator("course")  # the messages a trainee reads in the iceberg widget

DEFAULT_COMPLAINT_RATE = 0.04
"""The seed's figure: only about 4% of dissatisfied customers complain."""
TARP_ONE_IN_27 = 1 / 27
"""'For every complaint, 26 stay silent': the same ratio, 1 in 27 = 3.7%."""
FRONT_LINE_RATE = 0.50
"""TARP (Quality Progress, Nov 2005): about half complain to a front-line person (about 75% in B2B)."""
B2B_FRONT_LINE_RATE = 0.75

OUTCOMES = ("did not complain", "complained, not resolved", "complained, resolved", "resolved quickly")
PROBLEM_SIZES = ("under USD 5", "over USD 100")
TARP_SOURCE = "TARP, quoted in Barlow & Møller, A Complaint Is a Gift"


def _rate(complaint_rate: float) -> float:
    r = float(complaint_rate)
    if math.isnan(r) or not 0 < r <= 1:
        raise ValueError(f"complaint_rate must be a share between 0 (excluded) and 1, got {complaint_rate}; "
                         "write 4% as 0.04")
    return r


def _share(name: str, x: float) -> float:
    x = float(x)
    if math.isnan(x) or not 0 <= x <= 1:
        raise ValueError(f"{name} must be a share between 0 and 1, got {x}")
    return x


def silent_dissatisfied(complaints: float, complaint_rate: float = DEFAULT_COMPLAINT_RATE) -> dict:
    """Scale the complaints counted up to all dissatisfied customers, assuming only `complaint_rate` of them
    complain: dissatisfied = complaints / rate; silent = dissatisfied - complaints."""
    r = _rate(complaint_rate)
    if complaints is None or math.isnan(float(complaints)) or complaints < 0:
        raise ValueError(f"complaints must be a count of 0 or more, got {complaints}")
    dissatisfied = complaints / r
    return {"complaints": float(complaints), "dissatisfied": dissatisfied, "silent": dissatisfied - complaints}


def sensitivity(complaints: float, rates: dict[str, float] | None = None) -> pd.DataFrame:
    """The silent-customer estimate under several complaint rates: the seed's 4%, TARP's 1 in 27, and the
    ~50% / ~75% who tell a front-line person. Shows how much the answer hangs on the rate."""
    rates = rates or {"seed: 4% complain": DEFAULT_COMPLAINT_RATE, "TARP: 1 in 27": TARP_ONE_IN_27,
                      "TARP 2005: ~50% tell the front line": FRONT_LINE_RATE,
                      "TARP 2005, B2B: ~75% tell the front line": B2B_FRONT_LINE_RATE}
    rows = {k: silent_dissatisfied(complaints, r) for k, r in rates.items()}
    out = pd.DataFrame(rows).T[["dissatisfied", "silent"]]
    out.insert(0, "complaint_rate", pd.Series(rates))
    out.index.name = "assumption"
    return out


def repurchase_rates(tarp: pd.DataFrame, problem_size: str = "under USD 5") -> dict[str, float]:
    """TARP repurchase shares (0-1) for one problem size, keyed by outcome ('did not complain', ...)."""
    require(tarp, "tarp_repurchase", ("problem_size", "outcome", "repurchase_pct"))
    rows = tarp[tarp["problem_size"].astype(str) == problem_size]
    if rows.empty:
        sizes = ", ".join(sorted(set(tarp["problem_size"].astype(str))))
        raise ValueError(f"no TARP rows for problem size {problem_size!r}; choose one of: {sizes}")
    got = dict(zip(rows["outcome"].astype(str), rows["repurchase_pct"].astype(float) / 100, strict=True))
    lacking = [o for o in OUTCOMES if o not in got]
    if lacking:
        raise ValueError(f"TARP table has no row for {problem_size!r} / {', '.join(lacking)}")
    return {o: got[o] for o in OUTCOMES}


def iceberg(complaints: float, complaint_rate: float = DEFAULT_COMPLAINT_RATE, customers: float | None = None,
            revenue_per_customer: float = 0.0, repurchase: dict[str, float] | None = None,
            resolved_share: float = 0.9, quick_share: float = 0.7) -> dict:
    """The iceberg estimate. Dissatisfied = complaints / rate. Each group buys again with its TARP share:
    silent ('did not complain'), complaints not resolved, resolved slowly, resolved quickly
    (`resolved_share` of complaints are resolved, `quick_share` of those quickly). Customers who do not buy
    again take `revenue_per_customer` (a year's revenue) with them: that is the revenue at risk.
    'Faster' = every resolved complaint closed quickly; the difference is what faster resolution recovers."""
    if repurchase is None:
        raise ValueError("pass repurchase=repurchase_rates(tarp, problem_size): the TARP shares by outcome")
    p = {o: _share(f"repurchase[{o!r}]", repurchase[o]) for o in OUTCOMES}
    a, q = _share("resolved_share", resolved_share), _share("quick_share", quick_share)
    if revenue_per_customer < 0:
        raise ValueError(f"revenue_per_customer must be 0 or more, got {revenue_per_customer}")
    base = silent_dissatisfied(complaints, complaint_rate)
    c, s = base["complaints"], base["silent"]
    if customers is not None:
        if customers <= 0:
            raise ValueError(f"customers must be more than 0, got {customers}")
        if base["dissatisfied"] > customers:
            raise ValueError(_("{complaints:,.0f} complaints at a {rate:.1%} complaint rate imply {dissatisfied:,.0f} "
                               "dissatisfied customers, more than the {customers:,.0f} customers you have: raise "
                               "the complaint rate or check the counts").format(
                complaints=c, rate=complaint_rate, dissatisfied=base["dissatisfied"], customers=customers))
    groups = {"did not complain": s, "complained, not resolved": c * (1 - a),
              "complained, resolved": c * a * (1 - q), "resolved quickly": c * a * q}
    lost = {g: n * (1 - p[g]) for g, n in groups.items()}
    lost_now = sum(lost.values())
    lost_fast = lost["did not complain"] + lost["complained, not resolved"] + c * a * (1 - p["resolved quickly"])
    out = {
        **base,
        "complaint_rate": float(complaint_rate),
        "customers": None if customers is None else float(customers),
        "dissatisfied_share": None if customers is None else base["dissatisfied"] / customers,
        "groups": groups, "lost_by_group": lost,
        "customers_lost": lost_now,
        "revenue_at_risk": lost_now * revenue_per_customer,
        "silent_revenue_at_risk": lost["did not complain"] * revenue_per_customer,
        "customers_lost_if_faster": lost_fast,
        "recovered_customers": lost_now - lost_fast,
        "recovered_revenue": (lost_now - lost_fast) * revenue_per_customer,
        "revenue_per_customer": float(revenue_per_customer),
    }
    return out


def encourage_complaints(dissatisfied: float, rate_now: float, rate_new: float, repurchase: dict[str, float],
                         revenue_per_customer: float, resolved_share: float = 0.9,
                         quick_share: float = 0.7) -> dict:
    """Same dissatisfied customers, more of them complaining: revenue at risk when the complaint rate rises
    from `rate_now` to `rate_new` (e.g. an easy hotline), holding resolution performance fixed."""
    if dissatisfied < 0:
        raise ValueError(f"dissatisfied must be 0 or more, got {dissatisfied}")
    kw = dict(repurchase=repurchase, revenue_per_customer=revenue_per_customer,
              resolved_share=resolved_share, quick_share=quick_share)
    now = iceberg(dissatisfied * _rate(rate_now), rate_now, **kw)
    new = iceberg(dissatisfied * _rate(rate_new), rate_new, **kw)
    return {"at_risk_now": now["revenue_at_risk"], "at_risk_new": new["revenue_at_risk"],
            "saved": now["revenue_at_risk"] - new["revenue_at_risk"]}


def word_of_mouth(result: dict, people_told: float) -> dict:
    """How many people hear about a bad experience, if every customer who stays unhappy (silent, or
    complained without a fix) tells `people_told` others. `people_told` is YOUR assumption."""
    if people_told < 0:
        raise ValueError(f"people_told must be 0 or more, got {people_told}")
    unhappy = result["groups"]["did not complain"] + result["groups"]["complained, not resolved"]
    return {"unhappy": unhappy, "people_told": float(people_told), "reach": unhappy * people_told}


# ---------------------------------------------------------------- the monthly complaint counts

MONTHLY_COLUMNS = ("month", "branch", "product", "customers", "complaints", "complaints_resolved",
                   "resolved_within_48h", "avg_annual_revenue_cny")


def missing_reports(monthly: pd.DataFrame) -> pd.DataFrame:
    """The branch-months that sent no report (blank complaints): they must be left out, not read as 0."""
    require(monthly, "complaints_monthly", MONTHLY_COLUMNS)
    return monthly.loc[monthly["complaints"].isna(), ["month", "branch", "product", "customers"]]


def complaint_rates(monthly: pd.DataFrame, by: str = "branch", year: str | None = None,
                    blanks: str = "exclude") -> pd.DataFrame:
    """Complaints per 1,000 customers per month for each group. blanks='exclude' leaves unreported months
    out of both the complaints and the customer base (right); blanks='zero' reads them as 0 complaints
    (wrong: it makes a silent branch look better)."""
    require(monthly, "complaints_monthly", MONTHLY_COLUMNS)
    if blanks not in ("exclude", "zero"):
        raise ValueError(f"blanks must be 'exclude' or 'zero', got {blanks!r}")
    df = monthly if year is None else monthly[monthly["month"].astype(str).str.startswith(str(year))]
    if df.empty:
        raise ValueError(f"no complaint counts for year {year!r}")
    if blanks == "exclude":
        df = df[df["complaints"].notna()]
    comp = df["complaints"].fillna(0).astype(float)
    g = pd.DataFrame({"key": df[by].astype(str), "complaints": comp, "customers": df["customers"]})
    out = g.groupby("key").agg(complaints=("complaints", "sum"), customer_months=("customers", "sum"))
    out["per_1000_per_month"] = 1000 * out["complaints"] / out["customer_months"]
    out.index.name = by
    return out


def snapshot(monthly: pd.DataFrame, month: str | None = None, branch: str | None = None) -> dict:
    """One month's tip of the iceberg (default: the latest month), for all branches or one: complaints
    counted, customers, customer-weighted revenue per customer, share resolved and share of those closed
    within 48 h. Unreported rows are left out of every figure."""
    require(monthly, "complaints_monthly", MONTHLY_COLUMNS)
    month = month or str(monthly["month"].max())
    df = monthly[monthly["month"].astype(str) == month]
    if branch is not None:
        df = df[df["branch"].astype(str) == branch]
    df = df[df["complaints"].notna()]
    if df.empty:
        raise ValueError(f"no reported complaint counts for month {month!r}"
                         + (f" and branch {branch!r}" if branch else ""))
    complaints = float(df["complaints"].sum())
    resolved = float(df["complaints_resolved"].sum())
    customers = float(df["customers"].sum())
    return {
        "month": month, "branch": branch or "all branches", "complaints": complaints, "customers": customers,
        "revenue_per_customer": float((df["customers"] * df["avg_annual_revenue_cny"]).sum() / customers),
        "resolved_share": resolved / complaints if complaints else 0.0,
        "quick_share": float(df["resolved_within_48h"].sum()) / resolved if resolved else 0.0,
    }


def branch_icebergs(monthly: pd.DataFrame, repurchase: dict[str, float], year: str = "2025",
                    complaint_rate: float = DEFAULT_COMPLAINT_RATE) -> pd.DataFrame:
    """One iceberg per branch for a year: complaints counted (reported months only), average monthly
    customers, dissatisfied and silent, revenue at risk, the branch's own resolution mix, and what closing
    every resolved complaint quickly would recover. A customer may meet several problems in a year, so
    dissatisfied can approach or pass the customer count."""
    require(monthly, "complaints_monthly", MONTHLY_COLUMNS)
    df = monthly[monthly["month"].astype(str).str.startswith(str(year)) & monthly["complaints"].notna()]
    if df.empty:
        raise ValueError(f"no reported complaint counts for year {year!r}")
    rows = {}
    for branch, g in df.groupby(df["branch"].astype(str)):
        complaints = float(g["complaints"].sum())
        resolved = float(g["complaints_resolved"].sum())
        customer_months = float(g["customers"].sum())
        revenue = float((g["customers"] * g["avg_annual_revenue_cny"]).sum() / customer_months)
        r = iceberg(complaints, complaint_rate, None, revenue, repurchase,
                    resolved / complaints if complaints else 0.0,
                    float(g["resolved_within_48h"].sum()) / resolved if resolved else 0.0)
        rows[branch] = {"complaints": complaints, "customers": customer_months / g["month"].nunique(),
                        "dissatisfied": r["dissatisfied"], "silent": r["silent"],
                        "revenue_at_risk": r["revenue_at_risk"],
                        "resolved_share": resolved / complaints if complaints else 0.0,
                        "quick_share": float(g["resolved_within_48h"].sum()) / resolved if resolved else 0.0,
                        "recovered_revenue": r["recovered_revenue"]}
    out = pd.DataFrame(rows).T.sort_values("recovered_revenue", ascending=False)
    out.index.name = "branch"
    return out


# ---------------------------------------------------------------- can the complaint rate hold for this log?

CANDIDATE_RATES = {"seed: 4%": DEFAULT_COMPLAINT_RATE, "TARP: 1 in 27": TARP_ONE_IN_27, "10%": 0.10,
                   "25%": 0.25, "TARP 2005: ~50% tell the front line": FRONT_LINE_RATE,
                   "TARP 2005, B2B: ~75%": B2B_FRONT_LINE_RATE}
"""Complaint rates to test against a year of the log, from the seed's 4% to TARP's front-line shares."""


def year_snapshot(monthly: pd.DataFrame, year: str = "2025", branch: str | None = None) -> dict:
    """A year's tip of the iceberg: complaints counted in the reported branch-months, the average monthly
    customer base of those rows, customer-weighted revenue per customer, share resolved and share of those
    closed within 48 h. Like `snapshot`, but over a year."""
    require(monthly, "complaints_monthly", MONTHLY_COLUMNS)
    df = monthly[monthly["month"].astype(str).str.startswith(str(year)) & monthly["complaints"].notna()]
    if branch is not None:
        df = df[df["branch"].astype(str) == branch]
    if df.empty:
        raise ValueError(f"no reported complaint counts for year {year!r}" + (f" and branch {branch!r}" if branch
                                                                               else ""))
    complaints = float(df["complaints"].sum())
    resolved = float(df["complaints_resolved"].sum())
    customer_months = float(df["customers"].sum())
    return {
        "year": str(year), "branch": branch or "all branches", "complaints": complaints,
        "customers": customer_months / df["month"].nunique(),
        "revenue_per_customer": float((df["customers"] * df["avg_annual_revenue_cny"]).sum() / customer_months),
        "resolved_share": resolved / complaints if complaints else 0.0,
        "quick_share": float(df["resolved_within_48h"].sum()) / resolved if resolved else 0.0,
    }


def customer_growth(monthly: pd.DataFrame, year_from: str = "2024", year_to: str = "2025") -> float:
    """Change of the average monthly customer base (all rows, reported or not) from one year to the next, as
    a share: 0.06 = the base grew 6%."""
    require(monthly, "complaints_monthly", MONTHLY_COLUMNS)
    base = (monthly.assign(year=monthly["month"].astype(str).str[:4]).groupby(["year", "month"])["customers"]
            .sum().groupby(level="year").mean())
    for y in (year_from, year_to):
        if str(y) not in base.index:
            raise ValueError(f"no customer counts for year {y!r}")
    return float(base[str(year_to)] / base[str(year_from)] - 1)


def lowest_rate(complaints: float, customers: float, max_dissatisfied_share: float = 1.0) -> float:
    """The smallest complaint rate consistent with at most `max_dissatisfied_share` of the customers being
    dissatisfied: complaints / (share x customers). Below it the estimate claims more dissatisfied customers
    than the share allows (at share 1: more than the firm has). Assumes one complaint per dissatisfied
    customer; repeat complainers would only raise the bar."""
    s = _share("max_dissatisfied_share", max_dissatisfied_share)
    if customers <= 0 or s == 0:
        raise ValueError("customers and max_dissatisfied_share must be more than 0")
    return float(complaints) / (s * float(customers))


def rate_check(snap: dict, repurchase: dict[str, float], rates: dict[str, float] | None = None) -> pd.DataFrame:
    """What each complaint rate implies for a year of the log (`year_snapshot`): dissatisfied customers, their
    share of the customer base, the revenue at risk and its share of the year's revenue. A rate that puts most
    customers among the dissatisfied, or most revenue at risk, cannot describe a firm whose base is stable."""
    rates = rates or CANDIDATE_RATES
    revenue = snap["customers"] * snap["revenue_per_customer"]
    rows = {}
    for label, rate in rates.items():
        r = iceberg(snap["complaints"], rate, None, snap["revenue_per_customer"], repurchase,
                    snap["resolved_share"], snap["quick_share"])
        rows[label] = {"complaint_rate": float(rate), "dissatisfied": r["dissatisfied"],
                       "dissatisfied_share": r["dissatisfied"] / snap["customers"],
                       "revenue_at_risk": r["revenue_at_risk"],
                       "revenue_at_risk_share": r["revenue_at_risk"] / revenue if revenue else float("nan")}
    out = pd.DataFrame(rows).T
    out.index.name = "complaint rate"
    return out
