"""Lesson 7, keeping relationships: churn by acquisition channel, retention by cohort, the customer lifecycle,
the value lost when valuable customers leave, a small crisis-response model and the link between staff and
customer satisfaction. Plain functions over the `subscribers` and `branch_survey` tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.datasets import require

AS_OF = pd.Timestamp("2025-12-31")  # subscribers.csv: a blank churn_date means 'still a subscriber' on this day
DAYS_PER_MONTH = 30.4375
SUB_COLUMNS = ("customer_id", "acquisition_channel", "signup_date", "churn_date", "monthly_value_cny")


def tenure(subscribers: pd.DataFrame, as_of: str | pd.Timestamp = AS_OF) -> pd.DataFrame:
    """A copy of `subscribers` with `churned` (left on or before `as_of`), `end` (churn date, else `as_of`) and
    `tenure_months` (days / 30.44). Customers who joined after `as_of` are dropped."""
    require(subscribers, "subscribers", SUB_COLUMNS)
    day = pd.Timestamp(as_of)
    df = subscribers[subscribers["signup_date"] <= day].copy()
    bad = df[df["churn_date"].notna() & (df["churn_date"] < df["signup_date"])]
    if len(bad):
        ids = ", ".join(bad["customer_id"].astype(str).head(5))
        raise ValueError(f"subscribers: churn_date before signup_date for {len(bad)} row(s) ({ids}); fix those "
                         f"dates in the export before measuring churn.")
    df["churned"] = df["churn_date"].notna() & (df["churn_date"] <= day)
    df["end"] = df["churn_date"].where(df["churned"], day)
    df["tenure_months"] = (df["end"] - df["signup_date"]).dt.days / DAYS_PER_MONTH
    return df


def survival_curves(subscribers: pd.DataFrame, by: str | None = "acquisition_channel", months: int = 30,
                    as_of: str | pd.Timestamp = AS_OF) -> pd.DataFrame:
    """Kaplan-Meier retention: share of customers still subscribed m months after joining (m = 0..months), one
    column per group. Customers still active are counted only for as long as they have been observed."""
    df = tenure(subscribers, as_of)
    groups = [("all", df)] if by is None else [(str(k), g) for k, g in df.groupby(by, observed=True, sort=False)]
    grid = np.arange(months + 1)
    out = {}
    for name, g in groups:
        t = g["tenure_months"].to_numpy()
        e = g["churned"].to_numpy()
        times = np.unique(t[e])
        surv = np.ones_like(times, dtype=float)
        s = 1.0
        for i, ti in enumerate(times):
            at_risk = np.sum(t >= ti)
            deaths = np.sum((t == ti) & e)
            s *= 1 - deaths / at_risk if at_risk else 1
            surv[i] = s
        idx = np.searchsorted(times, grid, side="right") - 1
        curve = np.where(idx >= 0, surv[np.clip(idx, 0, None)] if len(surv) else 1.0, 1.0)
        observed = t.max() if len(t) else 0
        curve = np.where(grid <= observed, curve, np.nan)
        out[name] = curve
    res = pd.DataFrame(out, index=pd.Index(grid, name="months since signup"))
    if by == "acquisition_channel":
        order = [c for c in _channel_order(subscribers) if c in res.columns]
        res = res[order]
    return res


def _channel_order(subscribers: pd.DataFrame) -> list[str]:
    ch = subscribers["acquisition_channel"]
    return [str(c) for c in (ch.cat.categories if hasattr(ch, "cat") else sorted(ch.dropna().unique()))]


def churn_by_channel(subscribers: pd.DataFrame, as_of: str | pd.Timestamp = AS_OF,
                     monthly_discount: float = 0.01) -> pd.DataFrame:
    """Per acquisition channel: customers, churned, share churned, monthly churn (churners per customer-month
    observed), 12-month retention (Kaplan-Meier), mean monthly margin, and lifetime value
    CLV = m * r / (1 + i - r) (Gupta & Lehmann) with r = 1 - monthly churn and i = `monthly_discount`."""
    df = tenure(subscribers, as_of)
    if df.empty:
        raise ValueError("subscribers has no customer who joined on or before the cut-off date.")
    g = df.groupby("acquisition_channel", observed=True, sort=False)
    t = pd.DataFrame({
        "customers": g.size(),
        "churned": g["churned"].sum().astype(int),
        "customer_months": g["tenure_months"].sum(),
        "monthly_value_cny": g["monthly_value_cny"].mean(),
        "monthly_value_lost_cny": df[df["churned"]].groupby("acquisition_channel", observed=True)[
            "monthly_value_cny"].sum(),
    })
    t["monthly_value_lost_cny"] = t["monthly_value_lost_cny"].fillna(0.0)
    t["churn_rate"] = t["churned"] / t["customers"]
    t["monthly_churn"] = t["churned"] / t["customer_months"]
    curves = survival_curves(subscribers, months=12, as_of=as_of)
    t["retained_12m"] = curves.loc[12].reindex(t.index.astype(str)).to_numpy()
    r = 1 - t["monthly_churn"]
    t["clv_cny"] = t["monthly_value_cny"] * r / (1 + monthly_discount - r)
    t.index = t.index.astype(str).rename("acquisition_channel")
    order = [c for c in _channel_order(subscribers) if c in t.index]
    return t.loc[order, ["customers", "churned", "churn_rate", "monthly_churn", "retained_12m",
                         "monthly_value_cny", "monthly_value_lost_cny", "clv_cny"]]


def cohort_retention(subscribers: pd.DataFrame, ages: tuple[int, ...] = (3, 6, 9, 12, 18, 24),
                     freq: str = "Q", as_of: str | pd.Timestamp = AS_OF,
                     channel: str | None = None) -> pd.DataFrame:
    """Cohort table: rows = signup period (quarter by default), columns = months since signup, cell = share of
    the cohort still subscribed at that age. Blank until every member of the cohort has reached that age, so
    no cell mixes a cohort's early joiners with its late ones. `channel` keeps one acquisition channel."""
    df = tenure(subscribers, as_of)
    if channel is not None:
        if channel not in set(df["acquisition_channel"].astype(str)):
            raise ValueError(f"no subscribers from channel {channel!r}; channels are {_channel_order(df)}.")
        df = df[df["acquisition_channel"].astype(str) == channel]
    day = pd.Timestamp(as_of)
    df["cohort"] = df["signup_date"].dt.to_period(freq).astype(str)
    rows = {}
    for cohort, g in df.groupby("cohort", sort=True):
        youngest = (day - g["signup_date"].max()).days / DAYS_PER_MONTH
        row: dict = {"customers": len(g)}
        for a in ages:
            row[a] = float((g["tenure_months"] >= a).mean()) if youngest >= a else float("nan")
        rows[cohort] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "signup cohort"
    return out


def lifecycle_stages(subscribers: pd.DataFrame, as_of: str | pd.Timestamp = AS_OF,
                     bounds: tuple[float, float] = (12, 24)) -> pd.DataFrame:
    """Customers by lifecycle stage (first year, second year, loyal, churned) and acquisition channel, as
    counts: one view of the whole relationship instead of separate 'acquisition' and 'retention' numbers."""
    df = tenure(subscribers, as_of)
    lo, hi = bounds
    if not 0 < lo < hi:
        raise ValueError(f"bounds must be two increasing positive month counts, got {bounds}.")
    stages = [f"active < {lo:g} months", f"active {lo:g}-{hi:g} months", f"active {hi:g}+ months", "churned"]
    stage = np.select([df["churned"], df["tenure_months"] < lo, df["tenure_months"] < hi],
                      [stages[3], stages[0], stages[1]], stages[2])
    t = pd.crosstab(df["acquisition_channel"].astype(str), pd.Series(stage, index=df.index, name="stage"))
    t = t.reindex(columns=stages, fill_value=0)
    order = [c for c in _channel_order(subscribers) if c in t.index]
    return t.loc[order]


def exits_by_tenure(subscribers: pd.DataFrame, edges: tuple[float, ...] = (0, 3, 5, 8, 12, 24, 60),
                    as_of: str | pd.Timestamp = AS_OF) -> pd.DataFrame:
    """Where in the lifecycle customers leave: churners per channel by months of tenure at exit. The 5-8 month
    band catches the end of a 6-month promotional price."""
    df = tenure(subscribers, as_of)
    ch = df[df["churned"]]
    labels = [f"{a:g}-{b:g}" for a, b in zip(edges[:-1], edges[1:], strict=True)]
    band = pd.cut(ch["tenure_months"], bins=list(edges), labels=labels, right=False)
    t = pd.crosstab(ch["acquisition_channel"].astype(str), band).reindex(columns=labels, fill_value=0)
    t.columns.name = "months of tenure at exit"
    order = [c for c in _channel_order(subscribers) if c in t.index]
    return t.reindex(order, fill_value=0)


def churner_profile(subscribers: pd.DataFrame, as_of: str | pd.Timestamp = AS_OF) -> pd.DataFrame:
    """Who left, compared with who stayed: share of each group by acquisition channel and plan, mean monthly
    margin and median tenure. The first questions of seed 002: who are they and what do they have in common?"""
    df = tenure(subscribers, as_of)
    df["group"] = np.where(df["churned"], "left", "stayed")
    parts = []
    for col in ("acquisition_channel", "plan"):
        if col in df.columns:
            share = pd.crosstab(df[col].astype(str), df["group"], normalize="columns")
            share.index = [f"{col}: {i}" for i in share.index]
            parts.append(share)
    extra = pd.DataFrame({
        "left": [df.loc[df["churned"], "monthly_value_cny"].mean(), df.loc[df["churned"], "tenure_months"].median()],
        "stayed": [df.loc[~df["churned"], "monthly_value_cny"].mean(),
                   df.loc[~df["churned"], "tenure_months"].median()],
    }, index=["mean monthly margin (CNY)", "median tenure (months)"])
    out = pd.concat([*parts, extra])
    return out.reindex(columns=["left", "stayed"])


def value_lost(subscribers: pd.DataFrame, threshold_cny: float = 100.0, cost_to_keep_cny: float = 0.0,
               as_of: str | pd.Timestamp = AS_OF) -> pd.DataFrame:
    """Churners split into 'valuable' (monthly margin >= `threshold_cny`) and 'low value'. Net monthly value
    lost = sum of (margin - `cost_to_keep_cny`) over churners: negative means the firm is better off without
    them (the seed: let unwanted customers waste a competitor's money)."""
    if threshold_cny < 0 or cost_to_keep_cny < 0:
        raise ValueError("threshold_cny and cost_to_keep_cny must be zero or positive (CNY per month).")
    df = tenure(subscribers, as_of)
    df["segment"] = np.where(df["monthly_value_cny"] >= threshold_cny, "valuable", "low value")
    rows = []
    for seg in ("valuable", "low value"):
        g = df[df["segment"] == seg]
        c = g[g["churned"]]
        net = float((c["monthly_value_cny"] - cost_to_keep_cny).sum())
        rows.append({"segment": seg, "customers": len(g), "churned": len(c),
                     "churn_rate": len(c) / len(g) if len(g) else float("nan"),
                     "margin_lost_cny_per_month": float(c["monthly_value_cny"].sum()),
                     "net_lost_cny_per_month": net, "net_lost_cny_per_year": 12 * net})
    out = pd.DataFrame(rows).set_index("segment")
    total = out["margin_lost_cny_per_month"].sum()
    out["share_of_margin_lost"] = out["margin_lost_cny_per_month"] / total if total else float("nan")
    return out


def loss_shares(lost: pd.DataFrame, segment: str = "valuable") -> dict[str, float]:
    """How concentrated the loss is: one segment's share of the churners and of the net value lost per year,
    from a value_lost() table (shares of the total over all segments)."""
    if segment not in lost.index:
        raise ValueError(f"no segment {segment!r} in the table; segments are {list(lost.index)}")
    churned, net = lost["churned"], lost["net_lost_cny_per_year"]
    return {"churned": float(churned[segment] / churned.sum()) if churned.sum() else float("nan"),
            "net_lost": float(net[segment] / net.sum()) if net.sum() else float("nan")}


def mix_outcome(curves: pd.DataFrame, values: pd.Series, mix: dict[str, float], new_customers: int = 1000,
                horizon: int = 24) -> dict:
    """Expected result of winning `new_customers` with a given channel `mix` (shares, normalised to 1): active
    customers month by month, retained after 12 months and after `horizon`, and margin earned over `horizon`.

    Assumes each channel's customers keep to the retention curve and mean monthly margin observed so far."""
    total = sum(max(0.0, float(v)) for v in mix.values())
    if total <= 0:
        raise ValueError("the channel mix is all zero: give at least one channel a positive share.")
    if horizon > curves.index.max():
        raise ValueError(f"horizon {horizon} is beyond the observed retention curves ({curves.index.max()} months).")
    shares = {k: max(0.0, float(v)) / total for k, v in mix.items()}
    unknown = set(shares) - set(curves.columns)
    if unknown:
        raise ValueError(f"unknown channel(s) {sorted(unknown)}; channels are {list(curves.columns)}.")
    c = curves.loc[:horizon].ffill()
    active = pd.DataFrame({k: new_customers * s * c[k] for k, s in shares.items()})
    margin = sum(float(active[k].iloc[1:].sum()) * float(values[k]) for k in shares)
    return {"shares": shares, "active": active, "retained_12m": float(active.loc[12].sum()),
            "retained_end": float(active.loc[horizon].sum()), "margin_cny": margin, "horizon": horizon,
            "new_customers": new_customers,
            "lost_first_year": {k: float(new_customers * s * (1 - c[k].loc[12])) for k, s in shares.items()}}


def crisis_cost(delay_weeks: float, affected: int = 100_000, base_loss: float = 0.05, weekly_loss: float = 0.02,
                overpromise: bool = False, broken_promise_loss: float = 0.10, monthly_value_cny: float = 80.0,
                months_of_value: int = 24) -> dict:
    """A stated-assumption model of a slow crisis response. Of `affected` customers, `base_loss` leave even after
    a prompt, decisive response; each week without one, a further `weekly_loss` of those still there leave; an
    over-promise that is then broken drives away `broken_promise_loss` of the rest. Each lost customer takes
    `monthly_value_cny` x `months_of_value` of margin with them."""
    for name, v in (("base_loss", base_loss), ("weekly_loss", weekly_loss), ("broken_promise_loss",
                                                                            broken_promise_loss)):
        if not 0 <= v <= 1:
            raise ValueError(f"{name} is a share of customers and must lie between 0 and 1, got {v}.")
    if delay_weeks < 0 or affected < 0:
        raise ValueError("delay_weeks and affected customers cannot be negative.")
    stay = (1 - base_loss) * (1 - weekly_loss) ** delay_weeks * ((1 - broken_promise_loss) if overpromise else 1)
    share = 1 - stay
    lost = affected * share
    prompt_lost = affected * base_loss
    return {"delay_weeks": delay_weeks, "share_lost": share, "customers_lost": lost,
            "extra_lost_vs_prompt": lost - prompt_lost,
            "margin_lost_cny": lost * monthly_value_cny * months_of_value,
            "extra_margin_lost_cny": (lost - prompt_lost) * monthly_value_cny * months_of_value}


def staff_customer_link(survey: pd.DataFrame, x: str = "staff_satisfaction",
                        y: str = "customer_satisfaction") -> dict:
    """Pearson correlation and least-squares line y = a + b x across branches (n, r, r2, slope, intercept).
    Correlation across branches, not proof that one causes the other."""
    require(survey, "branch_survey", (x, y))
    d = survey[[x, y]].dropna()
    if len(d) < 3:
        raise ValueError(f"need at least 3 branches with both {x} and {y}; got {len(d)}.")
    if d[x].std() == 0 or d[y].std() == 0:
        raise ValueError(f"{x if d[x].std() == 0 else y} is the same in every branch: no line can be fitted.")
    slope, intercept = np.polyfit(d[x], d[y], 1)
    r = float(np.corrcoef(d[x], d[y])[0, 1])
    return {"n": len(d), "r": r, "r2": r * r, "slope": float(slope), "intercept": float(intercept), "x": x, "y": y}


def branch_residuals(survey: pd.DataFrame) -> pd.DataFrame:
    """Each branch's customer satisfaction against what its staff satisfaction predicts (the fitted line);
    a large negative residual = happy staff, unhappy customers: look for another cause there."""
    fit = staff_customer_link(survey)
    out = survey.copy()
    out["predicted"] = fit["intercept"] + fit["slope"] * out["staff_satisfaction"]
    out["residual"] = out["customer_satisfaction"] - out["predicted"]
    return out.sort_values("residual")
