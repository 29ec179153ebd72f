"""Promise versus delivery in the complaint-ticket log (lesson 1).

The seed's first cause of dissatisfaction is a service that does not match what was advertised: a 24-hour
promise that turns into 48 hours, a ticket passed from department to department. These functions measure it
on `tickets`: how often the promise breaks, by transfers, branch and first department.
"""

from __future__ import annotations

import pandas as pd

from course.datasets import require

REQUIRED = ("ticket_id", "branch", "category", "first_department", "transfers", "promised_hours",
            "resolved_hours", "status")
LOST_HOURS = 500.0
"""Tickets open longer than this were lost in the system: real breaches, but far from typical."""


def data_quality(tickets: pd.DataFrame) -> pd.Series:
    """Count the messy values an analyst must handle before judging anyone: open tickets (no resolution
    time yet), tickets lost for weeks (over 500 h), tickets auto-closed at 0 h, and unanswered surveys."""
    require(tickets, "tickets", (*REQUIRED, "satisfaction"))
    hours = tickets["resolved_hours"]
    return pd.Series({
        "tickets": len(tickets),
        "open (blank resolved_hours)": int(hours.isna().sum()),
        f"lost (over {LOST_HOURS:g} h)": int((hours > LOST_HOURS).sum()),
        "auto-closed at 0 h": int((hours == 0).sum()),
        "no survey answer (blank satisfaction)": int(tickets["satisfaction"].isna().sum()),
    }, name="count")


def resolved(tickets: pd.DataFrame, drop_auto_closed: bool = True) -> pd.DataFrame:
    """The tickets whose resolution time is known: status 'resolved' with a resolution time, and (by default)
    without the ones the system auto-closed at 0 h, which were never really resolved."""
    require(tickets, "tickets", REQUIRED)
    ok = (tickets["status"].astype(str) == "resolved") & tickets["resolved_hours"].notna()
    if drop_auto_closed:
        ok &= tickets["resolved_hours"] > 0
    return tickets[ok]


def breached(tickets: pd.DataFrame, promise_hours: float | None = None) -> pd.Series:
    """True where a resolved ticket took longer than the promise: the ticket's own `promised_hours`, or
    `promise_hours` if given (what the firm *would* advertise). Open tickets give <NA>."""
    require(tickets, "tickets", REQUIRED)
    if promise_hours is not None and promise_hours < 0:
        raise ValueError(f"promise_hours must be 0 or more, got {promise_hours}")
    promise = tickets["promised_hours"] if promise_hours is None else promise_hours
    out = (tickets["resolved_hours"] > promise).astype("boolean")
    return out.where(tickets["resolved_hours"].notna(), pd.NA)


def transfer_bucket(transfers: pd.Series, cap: int = 3) -> pd.Series:
    """Label transfer counts '0', '1', ..., and 'cap+' for cap or more, as an ordered category."""
    if cap < 1:
        raise ValueError(f"cap must be at least 1, got {cap}")
    labels = [str(i) for i in range(cap)] + [f"{cap}+"]
    values = [labels[min(int(t), cap)] for t in transfers]
    return pd.Series(pd.Categorical(values, categories=labels, ordered=True), index=transfers.index,
                     name="transfers")


def breach_rates(tickets: pd.DataFrame, by: str, promise_hours: float | None = None) -> pd.DataFrame:
    """Breach rate and median resolution time per group of resolved tickets. `by` is a column name, or
    'transfers' (grouped 0, 1, 2, 3+). Medians, not means: a few lost tickets run to 1,000+ hours."""
    res = resolved(tickets)
    if by != "transfers" and by not in res.columns:
        raise ValueError(f"cannot group tickets by {by!r}: no such column")
    key = transfer_bucket(res["transfers"]) if by == "transfers" else res[by]
    df = pd.DataFrame({"group": key, "breached": breached(res, promise_hours).astype(float),
                       "hours": res["resolved_hours"]})
    out = df.groupby("group", observed=True).agg(tickets=("hours", "size"), breach_rate=("breached", "mean"),
                                                 median_hours=("hours", "median"))
    out.index.name = by
    return out


def bounce_table(tickets: pd.DataFrame, promise_hours: float | None = None) -> pd.DataFrame:
    """Which departments pass tickets on: per first department, the share of its tickets transferred, the
    mean number of transfers and the breach rate. Sorted, worst bouncer first."""
    res = resolved(tickets)
    df = pd.DataFrame({"department": res["first_department"].astype(str),
                       "passed_on": (res["transfers"] > 0).astype(float),
                       "transfers": res["transfers"].astype(float),
                       "breached": breached(res, promise_hours).astype(float)})
    out = df.groupby("department").agg(tickets=("transfers", "size"), share_passed_on=("passed_on", "mean"),
                                       mean_transfers=("transfers", "mean"), breach_rate=("breached", "mean"))
    return out.sort_values("share_passed_on", ascending=False)


def hours_summary(tickets: pd.DataFrame) -> pd.DataFrame:
    """Mean and median resolution time with and without the lost tickets, to show why the median is the
    honest 'typical' figure when a few tickets sat for weeks."""
    res = resolved(tickets)
    h = res["resolved_hours"]
    kept = h[h <= LOST_HOURS]
    return pd.DataFrame({"mean_hours": [h.mean(), kept.mean()], "median_hours": [h.median(), kept.median()],
                         "tickets": [len(h), len(kept)]},
                        index=["all resolved tickets", f"without the lost ones (> {LOST_HOURS:g} h)"])


def satisfaction_by_promise(tickets: pd.DataFrame) -> pd.DataFrame:
    """Survey score when the promise was kept versus broken, over the customers who answered (blank scores
    are skipped, not counted as zero)."""
    require(tickets, "tickets", (*REQUIRED, "satisfaction"))
    res = resolved(tickets)
    answered = res[res["satisfaction"].notna()]
    kept = breached(answered).map({True: "promise broken", False: "promise kept"})
    score = answered["satisfaction"].astype(float)
    out = score.groupby(kept).agg(["size", "median", "mean"])
    out.columns = ["answers", "median_score", "mean_score"]
    out.index.name = None
    return out


def promise_vs_delivery(tickets: pd.DataFrame, promise_hours: float, branch: str = "All branches",
                        category: str = "All categories") -> dict:
    """Everything the promise explorer shows: if the firm advertised `promise_hours` for the chosen
    branch and complaint category, how many resolved tickets would break it, by transfers and by first
    department. Assumes delivery times stay as logged."""
    require(tickets, "tickets", REQUIRED)
    scope = tickets
    if branch != "All branches":
        if branch not in set(tickets["branch"].astype(str)):
            raise ValueError(f"no tickets for branch {branch!r}")
        scope = scope[scope["branch"].astype(str) == branch]
    if category != "All categories":
        if category not in set(tickets["category"].astype(str)):
            raise ValueError(f"no tickets in category {category!r}")
        scope = scope[scope["category"].astype(str) == category]
    res = resolved(scope)
    if res.empty:
        raise ValueError(f"no resolved tickets for {branch} / {category}")
    b = breached(res, promise_hours).astype(float)
    by_t = breach_rates(res, "transfers", promise_hours)
    multi = res["transfers"] >= 2
    return {
        "promise_hours": float(promise_hours), "branch": branch, "category": category,
        "tickets": len(res), "breach_rate": float(b.mean()),
        "median_hours": float(res["resolved_hours"].median()),
        "multi_transfer_breach_rate": float(b[multi].mean()) if multi.any() else float("nan"),
        "multi_transfer_median_hours": float(res.loc[multi, "resolved_hours"].median()) if multi.any()
        else float("nan"),
        "by_transfers": by_t,
        "by_department": bounce_table(res, promise_hours),
    }
