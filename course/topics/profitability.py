"""Module 6: worst customers. Profit after cost to serve, customer lifetime value, a keep / fix / let-go
classification with stated thresholds, the five divestment steps and the six steps to fire a customer.

All functions take and return plain values or DataFrames (the `accounts` dataset or a frame with the same
columns); nothing here touches widgets or files.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from course.datasets import require
from course.topics import segmentation


def N_(message: str) -> str:
    """Mark a text a trainee reads for the `course` catalog; it is returned in English and translated when shown."""
    return message


REQUIRED = ("customer_id", "annual_fee_cny", "cost_to_serve_cny", "service_calls_per_month",
            "payment_delay_days", "abuse_incidents")

DECISIONS = ("keep", "fix", "let go")
STEPS = ("reassess", "educate", "renegotiate", "migrate", "terminate")


def profit_after_cost_to_serve(accounts: pd.DataFrame) -> pd.DataFrame:
    """Add `profit_cny` = annual fee − cost to serve, and `margin` = profit / fee (NaN when the fee is 0).

    This is the yearly contribution of each client once help desk, account management and collections
    are paid for: the number a firing decision should start from, not the fee alone."""
    require(accounts, "accounts", ("customer_id", "annual_fee_cny", "cost_to_serve_cny"))
    out = accounts.copy()
    out["profit_cny"] = out["annual_fee_cny"] - out["cost_to_serve_cny"]
    fee = out["annual_fee_cny"].where(out["annual_fee_cny"] != 0)
    out["margin"] = out["profit_cny"] / fee
    return out


def clv(m: float, r: float, i: float) -> float:
    """Customer lifetime value CLV = m·r / (1 + i − r) (Gupta & Lehmann): yearly margin m, retention rate r,
    discount rate i, margins received at the end of each year for as long as the customer stays."""
    if not 0 <= r < 1:
        raise ValueError(f"retention rate r must be in [0, 1), got {r}; write 80% as 0.8")
    if i <= -1:
        raise ValueError(f"discount rate i must be greater than -1, got {i}; write 10% as 0.1")
    return float(m) * r / (1 + i - r)


def add_clv(accounts: pd.DataFrame, retention: float = 0.8, discount: float = 0.1) -> pd.DataFrame:
    """Add `clv_cny` = profit after cost to serve × r / (1 + i − r), the same r and i for every client."""
    out = accounts if "profit_cny" in accounts.columns else profit_after_cost_to_serve(accounts)
    out = out.copy()
    out["clv_cny"] = out["profit_cny"] * clv(1.0, retention, discount)
    return out


@dataclass(frozen=True)
class Thresholds:
    """The lines the firm draws. A client is *flagged* for behaviour when it calls more than `max_calls`
    times a month, pays more than `max_delay_days` late on average, or has more than `max_abuse` abuse
    reports; it is *unprofitable* when profit after cost to serve is below `min_profit_cny`.
    `terminate_below_cny` is the loss beyond which a flagged client goes straight to 'terminate'."""

    min_profit_cny: float = 0.0
    max_calls: float = 20.0
    max_delay_days: float = 60.0
    max_abuse: int = 2
    terminate_below_cny: float = -30_000.0


def classify(accounts: pd.DataFrame, thresholds: Thresholds | None = None, **overrides: float) -> pd.DataFrame:
    """Label every client keep / fix / let go, with the reason, and map it to a divestment step.

    Rule (stated so it can be argued with): keep = profitable and no behaviour flag; let go = unprofitable
    AND at least one behaviour flag (the loss comes from how the client behaves); fix = everything else
    (unprofitable but well-behaved: a pricing problem; or profitable but flagged: a behaviour problem).
    Thresholds can be passed as a `Thresholds` or as keyword overrides, e.g. `classify(a, max_calls=30)`."""
    require(accounts, "accounts", REQUIRED)
    t = Thresholds(**{**asdict(thresholds or Thresholds()), **overrides})
    out = profit_after_cost_to_serve(accounts)
    calls = out["service_calls_per_month"] > t.max_calls
    late = out["payment_delay_days"] > t.max_delay_days
    abuse = out["abuse_incidents"] > t.max_abuse
    unprofitable = out["profit_cny"] < t.min_profit_cny
    flagged = calls | late | abuse
    out["flag_calls"], out["flag_late"], out["flag_abuse"] = calls, late, abuse
    out["unprofitable"] = unprofitable
    decision = pd.Series("fix", index=out.index, dtype=object)
    decision[~unprofitable & ~flagged] = "keep"
    decision[unprofitable & flagged] = "let go"
    out["decision"] = pd.Categorical(decision, categories=list(DECISIONS))
    out["reason"] = [_reason(u, c, lt, ab, t) for u, c, lt, ab in zip(unprofitable, calls, late, abuse, strict=True)]
    out["step"] = pd.Categorical(
        [_step(d, p, c, lt, ab, t)
         for d, p, c, lt, ab in zip(decision, out["profit_cny"], calls, late, abuse, strict=True)],
        categories=["none", *STEPS])
    return out


def _reason(unprofitable: bool, calls: bool, late: bool, abuse: bool, t: Thresholds) -> str:
    parts = []
    if unprofitable:
        parts.append(f"profit below {t.min_profit_cny:,.0f} CNY")
    if calls:
        parts.append(f"more than {t.max_calls:g} calls a month")
    if late:
        parts.append(f"pays more than {t.max_delay_days:g} days late")
    if abuse:
        parts.append(f"more than {t.max_abuse} abuse reports")
    return "; ".join(parts) if parts else "profitable, no behaviour flag"


def _step(decision: str, profit: float, calls: bool, late: bool, abuse: bool, t: Thresholds) -> str:
    """The divestment step that addresses the client's main problem (first match wins):
    terminate (let go with abuse, or a loss deeper than terminate_below) > migrate (late payer: prepaid,
    EchoStar) > educate (heavy caller: self-service, Fidelity) > renegotiate (unprofitable, well-behaved:
    reprice, Schwab) > reassess (profitable but flagged: look at the whole relationship first)."""
    if decision == "keep":
        return "none"
    if decision == "let go" and (abuse or profit < t.terminate_below_cny):
        return "terminate"
    if late:
        return "migrate"
    if calls:
        return "educate"
    if profit < t.min_profit_cny:
        return "renegotiate"
    return "reassess"


def decision_summary(classified: pd.DataFrame) -> pd.DataFrame:
    """Clients, total fees and total profit per decision (keep / fix / let go), in that order, zeros kept."""
    g = classified.groupby("decision", observed=False)
    out = pd.DataFrame({"clients": g.size(), "fees_cny": g["annual_fee_cny"].sum(),
                        "profit_cny": g["profit_cny"].sum()}).reindex(list(DECISIONS), fill_value=0)
    out.index.name = "decision"
    return out


def step_counts(classified: pd.DataFrame) -> pd.Series:
    """Number of clients mapped to each of the five divestment steps (zeros kept; 'none' = keep)."""
    return classified["step"].value_counts().reindex(list(STEPS), fill_value=0).rename("clients")


def steps_for(classified: pd.DataFrame, customer_ids) -> pd.Series:
    """Where a group of clients lands: the number of `customer_ids` mapped to each step ('none' = keep), the
    steps they reach only, most clients first."""
    counts = classified.set_index("customer_id").loc[list(customer_ids), "step"].value_counts()
    return counts[counts > 0].rename("clients")


def profit_if_let_go(classified: pd.DataFrame) -> dict[str, float]:
    """Naive arithmetic of firing: total profit now, and after dropping every 'let go' client, assuming
    nobody else reacts (no rival poaching, no contagion). course.topics.competition relaxes that assumption."""
    total = float(classified["profit_cny"].sum())
    dropped = classified["decision"] == "let go"
    after = float(classified.loc[~dropped, "profit_cny"].sum())
    return {"profit_now_cny": total, "profit_after_cny": after, "gain_cny": after - total,
            "clients_dropped": int(dropped.sum())}


def serial_callers(accounts: pd.DataFrame, min_calls: float = 40.0) -> pd.DataFrame:
    """Clients calling at least `min_calls` times a month (the Sprint Nextel pattern: 40–50 calls a month)."""
    out = profit_after_cost_to_serve(accounts)
    return out[out["service_calls_per_month"] >= min_calls].sort_values("service_calls_per_month",
                                                                       ascending=False)


def whale_curve(accounts: pd.DataFrame) -> pd.DataFrame:
    """Clients sorted from most to least profitable, with the cumulative share of clients and of total profit
    (in %): `segmentation.whale_curve` of profit after cost to serve, one row per client. The curve rises above
    100% and falls back: the loss-makers give away part of what the best earn. cum_profit_pct is NaN when
    total profit is not positive."""
    out = profit_after_cost_to_serve(accounts).sort_values("profit_cny", ascending=False, kind="stable")
    curve = segmentation.whale_curve(out["profit_cny"]).iloc[1:]  # without the (0, 0) starting point
    return out.assign(client_pct=curve["customer_pct"].to_numpy(),
                      cum_profit_pct=curve["cum_pct"].to_numpy()).reset_index(drop=True)


def whale_summary(accounts: pd.DataFrame) -> dict[str, float]:
    """The clients' whale curve in a few numbers (`segmentation.whale_summary` of profit after cost to serve):
    peak % of total profit, % of clients at the peak and past it, points given back, % of loss makers."""
    return segmentation.whale_summary(profit_after_cost_to_serve(accounts)["profit_cny"])


# --- the steps and reasons, as data -----------------------------------------------------------------

FIRING_STEPS = pd.DataFrame([
    (1, N_("Find the real problem"), "揭示真正的问题所在",
     N_("Bad customers become bad over time. Look at the whole relationship: has your core clientele drifted "
        "away, or is there friction between one of your people and the client?")),
    (2, N_("Repair what can be repaired"), "对能够修复的关系进行修复",
     N_("Change your own side first: another team member if personalities clash, a specialist if the contract "
        "is the issue. It shows good faith.")),
    (3, N_("Raise the issue openly"), "将问题摆出来",
     N_("If fixes fail, put the sensitive issue to the client. Some clients change; if not, you know more.")),
    (4, N_("Three strikes, with an internal final review"), "制定“三振出局”策略",
     N_("Set a clear path. The client need not hear every step, but staff must know the account is under final "
        "review, judged on its purchase history and profit.")),
    (5, N_("End it and place the customer elsewhere"), "终止关系和寻找替补",
     N_("Tell the client plainly and act on it (or lose your staff's respect). Recommend another product or "
        "supplier: a bad fit with you is not a bad fit with everyone.")),
    (6, N_("Move on"), "继续前进",
     N_("You may watch the lost profit for months. Let it go and put the time into your core customers.")),
], columns=["step", "name_en", "name_zh", "what_to_do"])

DIVESTMENT_STEPS = pd.DataFrame([
    ("reassess", "重新评估客户关系", N_("Review all the information, not just profit: current and future spend, "
        "how the client interacts with you, whether another of your services would suit it better."),
     N_("An advertising agency that neglected small local non-profits for Fortune 500 clients, saw them leave, "
        "and re-evaluated them before its reputation suffered.")),
    ("educate", "教育引导客户", N_("Manage expectations; teach clients to use the product and the cheaper "
        "channels. Educated clients ask less and are less angry if the relationship does end."),
     N_("Fidelity taught a group of low-end, heavy-calling clients to use its automated phone line and website "
        "instead of dropping them.")),
    ("renegotiate", "进行价值主张再谈判", N_("Put the value proposition back on the table: price by segment, "
        "charge for the extras, make the client see the whole value."),
     N_("Charles Schwab and Fidelity charge higher fees on small or low-balance accounts; Aramark renegotiated "
        "with Duke University when their multi-year contract ended in 2006.")),
    ("migrate", "客户迁徙", N_("Reshape the relationship one-sidedly: another channel, payment form or provider."),
     N_("EchoStar moved poor-credit customers to prepaid (2006); law and accounting firms hand small B2B clients "
        "to junior staff; some firms help clients over to partners, even competitors.")),
    ("terminate", "中止客户关系", N_("When nothing restores a fair exchange, end it, and take care how you say it."),
     N_("Sprint Nextel's letters to about 1,000 serial callers (2007), with termination fees waived.")),
], columns=["step", "name_zh", "what_to_do", "case"])

DIVESTMENT_REASONS = pd.DataFrame([
    (N_("falling profit"), "利润率低",
     N_("Allstate and Nationwide dropped 95,000 and 35,000 Florida home-insurance customers after the 2004–2005 "
        "hurricanes; FedEx raised rates for big accounts that did not deliver the volume promised for their "
        "discounts (late 1990s).")),
    (N_("staff productivity and morale"), "员工生产率和士气",
     N_("A restaurant regular who spends freely but insults the waiters and disturbs other guests; a consulting "
        "client who only feels it has won when everyone else has lost, and wears the team out; TXU's 'tough love' "
        "(2005) cut the time staff spent chasing late payers.")),
    (N_("capacity"), "服务能力受限",
     N_("After Sarbanes-Oxley, two accounting firms dropped hundreds of smaller US clients to serve large listed ones.")),
    (N_("strategy change"), "公司战略转变",
     N_("AT&T chose business customers in 2000 and let its residential base shrink. Divesting can also correct an "
        "old strategy: a telecom carrier that signed up small clients indiscriminately in the late 1990s found them "
        "gone or unprofitable by 2004; Marsh & McLennan, amid a scandal and an SEC investigation, found 25% of its "
        "clients unprofitable and shed thousands of them worldwide (2005).")),
], columns=["reason", "name_zh", "example"])

#: Seed 004's claims about how divested customers react. Could not be traced to a published source.
REACTION_CLAIMS = {"angry_or_embarrassed_b2c": 0.80, "no_advance_notice": 0.70, "told_by_email_of_notified": 0.50}
