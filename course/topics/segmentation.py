"""Key accounts and the 20/80 rule (module 4, and the concentration tools of module 5).

Pareto (Lorenz-style) and whale curves, top-k / top-p% shares of revenue and of profit, the
Herfindahl-Hirschman index, how many key accounts to name for a base of a given size, and the seed's
performance : satisfaction balance by company stage. Plain functions on numbers and DataFrames.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from course.datasets import require


def N_(message: str) -> str:
    """Mark a text a trainee reads for the `course` catalog; it is returned in English and translated when shown."""
    return message


__all__ = [
    "BALANCE", "add_profit", "balance_check", "coverage", "hhi", "key_account_rule",
    "growth_by_segment", "n_for_share", "pareto_curve", "profit_by_size", "rising_stars", "segment_profile", "top_k_share", "top_p_share", "top1_share",
    "whale_curve", "whale_summary",
]

# Seed 003, lecture 2: performance : satisfaction weights. The first pair of each stage is the seed's first example.
BALANCE: dict[str, tuple[tuple[int, int], ...]] = {
    "start-up": ((8, 2), (7, 3), (9, 1)),
    "mature": ((5, 5), (4, 6), (6, 4)),
}


# --- input checks ------------------------------------------------------------------------------------------

def _values(values: Iterable[float] | pd.Series | np.ndarray, what: str = "values") -> np.ndarray:
    """A float array with a clear error for missing or non-numeric entries (names the first bad position)."""
    if isinstance(values, pd.Series):
        labels = list(values.index)
        arr = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    else:
        raw = list(values)
        labels = list(range(len(raw)))
        arr = pd.to_numeric(pd.Series(raw, dtype=object), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = np.flatnonzero(~np.isfinite(arr))
    if len(bad):
        raise ValueError(f"{what}: entry {labels[bad[0]]!r} is missing or not a finite number "
                         f"({len(bad)} such entries); fill or drop them before computing shares.")
    return arr


def _order(values: np.ndarray, rank_by: np.ndarray | None = None) -> np.ndarray:
    """Indices from largest to smallest `rank_by` (default: the values); ties keep input order."""
    key = values if rank_by is None else rank_by
    return np.argsort(-key, kind="stable")


def n_for_share(p: float, n: int) -> int:
    """How many customers a cut-off of p (fraction 0-1) of n customers means: p*n rounded half up.

    0% gives 0 customers, 100% gives all n; 15% of 300 gives the seed's 45.
    """
    if not 0 <= p <= 1:
        raise ValueError(f"cut-off {p!r} must be a fraction between 0 and 1 (e.g. 0.2 for the top 20%).")
    if n < 0:
        raise ValueError(f"number of customers {n!r} cannot be negative.")
    return min(n, int(math.floor(p * n + 0.5 + 1e-9)))


# --- ledger ---------------------------------------------------------------------------------------------------

def add_profit(customers: pd.DataFrame) -> pd.DataFrame:
    """Copy of the `customers` ledger with profit_cny = gross margin − cost to serve (what a customer really earns)."""
    require(customers, "customers", ("gross_margin_cny", "cost_to_serve_cny"))
    out = customers.copy()
    out["profit_cny"] = out["gross_margin_cny"] - out["cost_to_serve_cny"]
    return out


# --- curves ---------------------------------------------------------------------------------------------------

def pareto_curve(values, rank_by=None) -> pd.DataFrame:
    """Cumulative share of the total held by the top customers (the Pareto / Lorenz-style curve).

    Customers are ranked by `rank_by` (default: the values themselves), largest first. Returns one row per
    customer plus a starting row (0, 0): rank, customer_pct (0-100), cum_value, cum_pct (0-100, NaN if the
    total is not positive). An empty input gives only the starting row.
    """
    v = _values(values)
    order = _order(v, None if rank_by is None else _values(rank_by, "rank_by"))
    if rank_by is not None and len(order) != len(v):
        raise ValueError("rank_by must have one entry per customer.")
    cum = np.concatenate([[0.0], np.cumsum(v[order])])
    n = len(v)
    total = cum[-1]
    pct = cum / total * 100 if total > 0 else np.full(n + 1, np.nan)
    return pd.DataFrame({
        "rank": np.arange(n + 1),
        "customer_pct": np.arange(n + 1) / n * 100 if n else np.zeros(1),
        "cum_value": cum,
        "cum_pct": pct,
    })


def whale_curve(profits, rank_by=None) -> pd.DataFrame:
    """Cumulative profit, customers ranked from most to least profitable (or by `rank_by`): the whale curve.

    Same columns as `pareto_curve`. With loss-making customers the curve rises above 100% and falls back to
    100% at the right end; cum_pct is NaN when total profit is zero or negative (use cum_value then).
    """
    return pareto_curve(profits, rank_by)


def whale_summary(profits) -> dict[str, float]:
    """The whale curve in a few numbers: the total, peak profit (in money and % of total), share of customers
    at the peak and past it, how many points of the peak the customers past it give back (peak % - 100), and
    the share of customers who lose money. The % figures are NaN when total profit is not positive."""
    curve = whale_curve(profits)
    n = len(curve) - 1
    if n == 0:
        raise ValueError("no customers: a whale curve needs at least one customer.")
    i = int(np.argmax(curve["cum_value"].to_numpy()))
    v = _values(profits)
    return {
        "total": float(curve["cum_value"].iloc[-1]),
        "peak_value": float(curve["cum_value"].iloc[i]),
        "peak_pct": float(curve["cum_pct"].iloc[i]),
        "peak_customer_pct": float(curve["customer_pct"].iloc[i]),
        "rest_customer_pct": 100 - float(curve["customer_pct"].iloc[i]),
        "given_back_pct": float(curve["cum_pct"].iloc[i]) - 100,
        "loss_maker_pct": float((v < 0).mean() * 100),
    }


# --- shares ---------------------------------------------------------------------------------------------------

def top_k_share(values, k: int, rank_by=None) -> float:
    """Fraction of the total held by the k largest customers (ranked by `rank_by` if given).

    k = 0 gives 0.0 and k >= n gives 1.0. With negative entries (profits) the result can exceed 1: the top
    customers earn more than the whole base, because the rest lose money. Raises ValueError when the total is
    zero (no customers, or nothing earned): a share of nothing is undefined.
    """
    v = _values(values)
    if k < 0:
        raise ValueError(f"k = {k} customers cannot be negative.")
    total = v.sum()
    if len(v) == 0:
        raise ValueError("no customers: a share of an empty ledger is undefined; check the filter that "
                         "selected the customers.")
    if total == 0:
        raise ValueError("the total is zero, so shares are undefined (e.g. every customer is dormant).")
    order = _order(v, None if rank_by is None else _values(rank_by, "rank_by"))
    return float(v[order[:k]].sum() / total)


def top_p_share(values, p: float, rank_by=None) -> float:
    """Fraction of the total held by the top p (fraction 0-1) of customers; see `n_for_share` for rounding."""
    v = _values(values)
    return top_k_share(v, n_for_share(p, len(v)), rank_by)


def top1_share(values) -> float:
    """Share of the total held by the single largest customer (0-1)."""
    return top_k_share(values, 1)


def hhi(values) -> float:
    """Herfindahl-Hirschman index of concentration: Σ(share in %)², from near 0 (many equal customers) to
    10,000 (one customer). Needs non-negative values with a positive total."""
    v = _values(values)
    if len(v) == 0:
        raise ValueError("no customers: the HHI of an empty ledger is undefined.")
    if (v < 0).any():
        raise ValueError("HHI needs non-negative amounts (revenue or volume), not profits that can be negative.")
    total = v.sum()
    if total <= 0:
        raise ValueError("the total is zero, so shares (and the HHI) are undefined.")
    return float(((v / total * 100) ** 2).sum())


def coverage(customers: pd.DataFrame, p: float, rank_by: str = "revenue_cny",
             columns: tuple[str, ...] = ("revenue_cny", "profit_cny")) -> dict[str, float]:
    """What a key-account cut-off covers: the top p of customers ranked by `rank_by`, and their share of each
    column (revenue, profit). Profit shares can exceed 100% when the rest of the base loses money."""
    require(customers, "customers", (rank_by, *columns))
    n = len(customers)
    k = n_for_share(p, n)
    out: dict[str, float] = {"n": n, "k": k, "p": p}
    for col in columns:
        out[col] = top_k_share(customers[col], k, rank_by=customers[rank_by])
    return out


def segment_profile(customers: pd.DataFrame, p: float = 0.2, rank_by: str = "revenue_cny") -> pd.DataFrame:
    """Key accounts (top p by `rank_by`) against the rest: customers, revenue, profit, loss makers, growth.

    Needs the columns of the `customers` ledger plus profit_cny (see `add_profit`)."""
    df = customers if "profit_cny" in customers.columns else add_profit(customers)
    k = n_for_share(p, len(df))
    order = _order(_values(df[rank_by], rank_by))
    tier = np.full(len(df), "rest", dtype=object)
    tier[order[:k]] = f"top {p:.0%}"
    g = df.assign(tier=tier).groupby("tier", sort=False)
    prof = pd.DataFrame({
        "customers": g.size(),
        "revenue_cny": g["revenue_cny"].sum(),
        "profit_cny": g["profit_cny"].sum(),
        "loss_maker_pct": g["profit_cny"].apply(lambda s: (s < 0).mean() * 100),
        "median_growth_pct": g["revenue_growth_pct"].median() if "revenue_growth_pct" in df else np.nan,
    })
    prof["revenue_share_pct"] = prof["revenue_cny"] / df["revenue_cny"].sum() * 100
    return prof.reindex([t for t in (f"top {p:.0%}", "rest") if t in prof.index])


def profit_by_size(customers: pd.DataFrame, bins: int = 5) -> pd.DataFrame:
    """Customers split into `bins` equal-sized revenue bands (Q1 = smallest): count, profit and share of loss
    makers per band. Shows where the whale curve's tail lives."""
    df = customers if "profit_cny" in customers.columns else add_profit(customers)
    if len(df) < bins:
        raise ValueError(f"{len(df)} customers cannot fill {bins} revenue bands; use fewer bands.")
    q = pd.qcut(df["revenue_cny"].rank(method="first"), bins, labels=[f"Q{i}" for i in range(1, bins + 1)])
    g = df.groupby(q, observed=True)["profit_cny"]
    return pd.DataFrame({"customers": g.size(), "profit_cny": g.sum(),
                         "loss_maker_pct": g.apply(lambda s: float((s < 0).mean() * 100))})


def growth_by_segment(customers: pd.DataFrame, young_years: float = 3.0) -> pd.DataFrame:
    """Median revenue growth (%) by segment, for young customers (tenure under `young_years`) and the rest."""
    df = customers.dropna(subset=["revenue_growth_pct"])
    age = np.where(df["tenure_years"] < young_years, f"under {young_years:g} years", f"{young_years:g}+ years")
    return (df.assign(tenure=age).groupby(["segment", "tenure"], observed=True)["revenue_growth_pct"]
            .median().unstack("tenure"))


def rising_stars(customers: pd.DataFrame, p: float = 0.2, years: int = 5) -> pd.DataFrame:
    """Customers outside the top p by revenue who would cross the top-p revenue threshold within `years`
    if their last year's growth rate simply continued (compound growth; a what-if, not a forecast)."""
    df = customers.dropna(subset=["revenue_growth_pct"])
    k = n_for_share(p, len(customers))
    if k == 0:
        raise ValueError(f"a cut-off of {p:.0%} names no key accounts, so there is no threshold to grow into.")
    threshold = customers["revenue_cny"].sort_values(ascending=False, kind="stable").iloc[k - 1]
    g = df["revenue_growth_pct"] / 100
    small = df[(df["revenue_cny"] < threshold) & (df["revenue_cny"] > 0) & (g > 0)]
    gs = small["revenue_growth_pct"] / 100
    to_key = np.log(threshold / small["revenue_cny"]) / np.log1p(gs)
    out = small.assign(years_to_key=to_key, threshold_cny=threshold)
    return out[out["years_to_key"] <= years].sort_values("years_to_key")


# --- how many key accounts ------------------------------------------------------------------------------------

def key_account_rule(n_customers: int, lang: str | None = None) -> dict[str, float | int | str]:
    """Suggested share and number of key accounts for a base of n customers (seed 003, lecture 3).

    A few hundred customers (up to 1,000): the 20/80 frame, 15-20% (the seed's 300 → 15% ≈ 45).
    A huge base (10,000 or more, e.g. Vanke, China Telecom): 3-5%. In between the range slides on a log scale
    (our interpolation; the seed gives no figure there). `suggested` is the low end of the range; `basis` says
    which case applies, in `lang` (default: the language in use).
    """
    from course.i18n import current, gettext, normalise

    lang = normalise(lang) if lang else current()
    if n_customers < 0:
        raise ValueError(f"number of customers {n_customers} cannot be negative.")
    small, huge = (0.15, 0.20), (0.03, 0.05)
    if n_customers <= 1000:
        lo, hi, basis = *small, gettext(N_("a few hundred customers: the 20/80 frame still applies"), "course", lang)
    elif n_customers >= 10_000:
        lo, hi, basis = *huge, gettext(N_("a huge customer base: only the top 3-5% are true key accounts"), "course", lang)
    else:
        t = (math.log10(n_customers) - 3) / 1  # 0 at 1,000, 1 at 10,000
        lo = small[0] + t * (huge[0] - small[0])
        hi = small[1] + t * (huge[1] - small[1])
        basis = gettext(N_("between the two cases: range interpolated on a log scale"), "course", lang)
    k_lo, k_hi = n_for_share(lo, n_customers), n_for_share(hi, n_customers)
    if n_customers > 0:
        k_lo, k_hi = max(k_lo, 1), max(k_hi, 1)
    return {"n": n_customers, "low_pct": lo * 100, "high_pct": hi * 100, "low_k": k_lo, "high_k": k_hi,
            "suggested": k_lo, "basis": basis}


# --- performance and satisfaction -----------------------------------------------------------------------------

def balance_check(stage: str, performance_pct: float) -> dict[str, float | str]:
    """Compare a performance : satisfaction split with the seed's ratios for the company's stage.

    Start-up / survival firms weigh performance 70-90% (8:2, 7:3, even 9:1); mature firms 40-60% (5:5, 4:6, 6:4).
    """
    if stage not in BALANCE:
        raise ValueError(f"stage {stage!r} unknown; use one of {list(BALANCE)}.")
    if not 0 <= performance_pct <= 100:
        raise ValueError(f"performance share {performance_pct} must be between 0 and 100 (%).")
    perf = [a * 10 for a, _ in BALANCE[stage]]
    lo, hi = min(perf), max(perf)
    if performance_pct < lo:
        verdict = N_("too little performance")
        why = N_("without profit there is no money to keep investing in satisfaction; the owner will not fund "
                 "service for long")
    elif performance_pct > hi:
        verdict = N_("too much performance")
        why = N_("satisfaction is starved: customers buy once and do not come back, and long-run results suffer")
    else:
        verdict = N_("in balance")
        why = N_("both wheels turn: profit funds the service and satisfaction brings repeat business")
    ratio = f"{performance_pct / 10:g}:{(100 - performance_pct) / 10:g}"
    return {"stage": stage, "performance_pct": performance_pct, "satisfaction_pct": 100 - performance_pct,
            "ratio": ratio, "band_low": lo, "band_high": hi, "verdict": verdict, "why": why}
