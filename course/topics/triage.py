"""Module 8 (capstone): handle this morning's complaint queue end to end. Remove duplicate submissions, find
the vital few root causes (Pareto), rank the queue by a stated priority score, judge recovery actions by the
three kinds of justice (Tax, Brown & Chandrashekaran 1998), decide keep / fix / let go for the worst accounts,
and render a one-page summary for management from computed values.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pandas as pd

from course.datasets import require
from course.i18n import current as _current
from course.i18n import gettext, normalise
from course.topics import profitability


def N_(message: str) -> str:
    """Mark a text a trainee reads for the `course` catalog; it is returned in English and translated when shown."""
    return message


QUEUE_COLUMNS = ("complaint_id", "received_at", "customer_id", "root_cause", "severity", "amount_cny",
                 "hours_waiting", "text")
SEVERITY_POINTS = {"low": 0.0, "medium": 0.5, "high": 1.0}
DEFAULT_WEIGHTS = {"severity": 0.35, "amount": 0.20, "waiting": 0.25, "value": 0.20}
JUSTICE = ("distributive", "procedural", "interactional")


def _norm_text(s: pd.Series) -> pd.Series:
    return s.astype(str).str.lower().str.split().str.join(" ")


def find_duplicates(queue: pd.DataFrame, window_minutes: float = 10.0) -> pd.DataFrame:
    """Rows that repeat an earlier complaint: same customer, same text (ignoring case and spacing), received
    within `window_minutes` of the previous copy. The first copy is not listed (it is kept)."""
    require(queue, "complaint_queue", ("complaint_id", "received_at", "customer_id", "text"))
    if window_minutes < 0:
        raise ValueError(f"window_minutes must be ≥ 0, got {window_minutes}")
    if queue.empty:
        return queue.iloc[0:0].copy()
    try:
        when = pd.to_datetime(queue["received_at"], format="mixed")
    except (ValueError, TypeError) as err:
        raise ValueError(f"column received_at must hold date-times such as '2025-11-21 09:05' ({err})") from None
    q = queue.assign(_text=_norm_text(queue["text"]), received_at=when).sort_values("received_at", kind="stable")
    gap = q.groupby(["customer_id", "_text"], sort=False)["received_at"].diff()
    dup = gap.notna() & (gap <= pd.Timedelta(minutes=window_minutes))
    return queue.loc[dup[dup].index]


def deduplicate(queue: pd.DataFrame, window_minutes: float = 10.0) -> pd.DataFrame:
    """The queue without repeat submissions (see `find_duplicates`), in the original order."""
    return queue.drop(index=find_duplicates(queue, window_minutes).index)


def pareto(queue: pd.DataFrame, by: str = "root_cause") -> pd.DataFrame:
    """Complaints per cause, biggest first, with share and cumulative share (0-1): the 'vital few' are the
    causes up to ~80% cumulative. An empty queue gives an empty table with the same columns."""
    require(queue, "complaint_queue", (by,))
    counts = queue[by].astype(str).value_counts()
    out = pd.DataFrame({by: counts.index, "complaints": counts.to_numpy()})
    total = out["complaints"].sum()
    out["share"] = out["complaints"] / total if total else 0.0
    out["cum_share"] = out["share"].cumsum()
    return out.reset_index(drop=True)


def vital_few(table: pd.DataFrame, cutoff: float = 0.8) -> pd.DataFrame:
    """The smallest set of top causes whose cumulative share reaches `cutoff` (0 → none, 1 → all)."""
    if not 0 <= cutoff <= 1:
        raise ValueError(f"cutoff must be between 0 and 1, got {cutoff}")
    if table.empty or cutoff == 0:
        return table.iloc[0:0]
    before = table["cum_share"].shift(fill_value=0.0)
    return table[before < cutoff - 1e-12]


def priority(queue: pd.DataFrame, accounts: pd.DataFrame, weights: dict[str, float] | None = None,
             sla_hours: float = 48.0) -> pd.DataFrame:
    """Score every complaint 0-100 for triage and sort, highest first.

    Components, each scaled 0-1: severity (low 0, medium 0.5, high 1); amount at stake (percentile rank in
    the queue); hours waiting / `sla_hours` (capped at 1); customer value = percentile rank of the client's
    profit after cost to serve in `accounts` (0.5 if the client is not in `accounts`). Score = weighted mean
    × 100 with `weights` (default DEFAULT_WEIGHTS; they need not sum to 1)."""
    require(queue, "complaint_queue", QUEUE_COLUMNS)
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    unknown = set(w) - set(DEFAULT_WEIGHTS)
    if unknown:
        raise ValueError(f"unknown weight(s) {sorted(unknown)}; use {list(DEFAULT_WEIGHTS)}")
    if any(v < 0 for v in w.values()):
        raise ValueError(f"weights must be ≥ 0, got {w}")
    if sla_hours <= 0:
        raise ValueError(f"sla_hours must be positive, got {sla_hours}")
    prof = profitability.profit_after_cost_to_serve(accounts)[["customer_id", "annual_fee_cny", "profit_cny"]]
    prof = prof.assign(value_rank=prof["profit_cny"].rank(pct=True))
    out = queue.merge(prof, on="customer_id", how="left")
    out.index = queue.index
    sev = out["severity"].astype(str).map(SEVERITY_POINTS)
    if sev.isna().any():
        bad = out.loc[sev.isna(), "complaint_id"].tolist()
        raise ValueError(f"unknown severity in complaint(s) {bad[:5]}; use one of {list(SEVERITY_POINTS)}")
    out["c_severity"] = sev
    out["c_amount"] = out["amount_cny"].rank(pct=True) if len(out) else out["amount_cny"]
    out["c_waiting"] = (out["hours_waiting"] / sla_hours).clip(upper=1.0)
    out["value_known"] = out["value_rank"].notna()
    out["c_value"] = out["value_rank"].fillna(0.5)
    total = sum(w.values())
    score = sum(w[k] * out[f"c_{k}"] for k in DEFAULT_WEIGHTS)
    out["priority"] = (100 * score / total) if total else 0.0
    out = out.drop(columns=["value_rank"])
    return out.sort_values(["priority", "hours_waiting"], ascending=False, kind="stable")


# --- recovery actions and the three kinds of justice ----------------------------------------------------

@dataclass(frozen=True)
class Action:
    """A recovery action and how much it delivers on each kind of justice (0 none, 1 some, 2 strong)."""

    name: str
    distributive: int
    procedural: int
    interactional: int
    note: str


ACTIONS: dict[str, Action] = {a.name: a for a in (
    Action(N_("Refund the amount at stake"), 2, 0, 0, N_("Outcome: gives back what the customer lost.")),
    Action(N_("Credit one month's fee"), 2, 0, 0, N_("Outcome: compensation beyond the loss itself.")),
    Action(N_("Fix and re-send the corrected report today"), 1, 1, 0, N_("Outcome and speed: the service they paid for.")),
    Action(N_("One named case owner, no more transfers"), 0, 2, 0, N_("Process: access, ownership, no runaround.")),
    Action(N_("Call back within 2 hours with status"), 0, 2, 1, N_("Process: speed and a promise kept.")),
    Action(N_("Personal apology from a manager"), 0, 0, 2, N_("Treatment: respect, courtesy, empathy.")),
    Action(N_("Explain what went wrong and what changed"), 0, 1, 2, N_("Treatment: honesty; process: prevention.")),
    Action(N_("Standard form letter"), 0, 0, 0, N_("Looks like handling, delivers none of the three.")),
)}


def judge_recovery(chosen: list[str] | tuple[str, ...]) -> dict[str, object]:
    """Score a set of recovery actions on the three kinds of justice (Tax, Brown & Chandrashekaran 1998):
    each dimension = the strongest chosen action on it (0-2); a recovery is complete when all three are ≥ 1.
    Returns the scores, the missing dimensions, and an explanation per missing dimension."""
    if isinstance(chosen, str):
        chosen = [chosen]
    unknown = [c for c in chosen if c not in ACTIONS]
    if unknown:
        raise ValueError(f"unknown recovery action(s) {unknown}; choose from {list(ACTIONS)}")
    scores = {j: max((getattr(ACTIONS[c], j) for c in chosen), default=0) for j in JUSTICE}
    missing = [j for j in JUSTICE if scores[j] == 0]
    why = {
        "distributive": N_("Nothing repairs the outcome: the customer still carries the loss (refund, credit, "
                           "or the corrected service)."),
        "procedural": N_("Nothing fixes the process: no owner, no speed, no promise of when (a named case "
                         "owner, a call back within hours)."),
        "interactional": N_("Nothing addresses the treatment: no apology, no explanation, no courtesy (a "
                            "personal apology and an honest account of what went wrong)."),
    }
    return {"scores": scores, "missing": missing, "complete": not missing,
            "explanations": {j: why[j] for j in missing}, "actions": list(chosen)}


RECOMMENDED = {
    "late report": ["Fix and re-send the corrected report today", "Personal apology from a manager",
                    "Credit one month's fee"],
    "data error": ["Fix and re-send the corrected report today", "Explain what went wrong and what changed",
                   "Refund the amount at stake"],
    "billing error": ["Refund the amount at stake", "One named case owner, no more transfers",
                      "Personal apology from a manager"],
    "system outage": ["Credit one month's fee", "Call back within 2 hours with status",
                      "Explain what went wrong and what changed"],
    "bounced between departments": ["One named case owner, no more transfers", "Personal apology from a manager",
                                    "Credit one month's fee"],
    "missed callback": ["Call back within 2 hours with status", "Personal apology from a manager",
                        "Credit one month's fee"],
    "rude or unhelpful staff": ["Personal apology from a manager", "Explain what went wrong and what changed",
                                "Credit one month's fee"],
    "other": ["Call back within 2 hours with status", "Personal apology from a manager",
              "Refund the amount at stake"],
}


def recommend(root_cause: str) -> list[str]:
    """A starting set of actions for a root cause that covers all three kinds of justice."""
    if root_cause not in RECOMMENDED:
        raise ValueError(f"unknown root cause {root_cause!r}; use one of {list(RECOMMENDED)}")
    return list(RECOMMENDED[root_cause])


# --- worst accounts and the management summary ----------------------------------------------------------

def complainers_decisions(queue: pd.DataFrame, accounts: pd.DataFrame, n: int = 10,
                          **thresholds: float) -> pd.DataFrame:
    """The `n` complaining clients with the lowest profit after cost to serve, joined to `accounts`, with
    their complaints today and the keep / fix / let-go decision and divestment step (course.topics.profitability)."""
    require(queue, "complaint_queue", ("customer_id", "complaint_id"))
    per = queue.groupby("customer_id").size().rename("complaints_today").reset_index()
    cls = profitability.classify(accounts, **thresholds)
    cols = ["customer_id", "name", "plan", "annual_fee_cny", "profit_cny", "service_calls_per_month",
            "payment_delay_days", "abuse_incidents", "decision", "step", "reason"]
    out = per.merge(cls[cols], on="customer_id", how="inner")
    return out.sort_values("profit_cny", kind="stable").head(n).reset_index(drop=True)


def summary_values(queue: pd.DataFrame, accounts: pd.DataFrame, top: int = 5,
                   weights: dict[str, float] | None = None) -> dict[str, object]:
    """Every number the management summary quotes, computed from the raw queue and the accounts ledger."""
    clean = deduplicate(queue)
    table = pareto(clean)
    vital = vital_few(table)
    ranked = priority(clean, accounts, weights)
    worst = complainers_decisions(clean, accounts, n=top)
    breach = int((clean["hours_waiting"] > 48).sum())
    return {
        "received": len(queue), "duplicates": len(queue) - len(clean), "complaints": len(clean),
        "clients": int(clean["customer_id"].nunique()),
        "high_severity": int((clean["severity"].astype(str) == "high").sum()),
        "over_48h": breach, "amount_at_stake_cny": float(clean["amount_cny"].sum()),
        "top_causes": table.head(3)[["root_cause", "complaints", "share"]].to_dict("records"),
        "vital_few": vital["root_cause"].tolist(),
        "vital_share": float(vital["share"].sum()) if len(vital) else 0.0,
        "top_priority": ranked.head(top)[["complaint_id", "customer_id", "root_cause", "severity",
                                          "amount_cny", "hours_waiting", "priority"]].to_dict("records"),
        "worst_accounts": worst[["customer_id", "name", "profit_cny", "decision", "step"]].to_dict("records"),
        "let_go": int((worst["decision"] == "let go").sum()),
    }


def render_summary(values: dict[str, object], fmt: str = "markdown", lang: str | None = None) -> str:
    """The one-page management summary as markdown (default) or HTML, every figure taken from `values`, written
    in `lang` ('en' or 'zh'; default: the language in use)."""
    if fmt not in ("markdown", "html"):
        raise ValueError(f"fmt must be 'markdown' or 'html', got {fmt!r}")
    lang = normalise(lang) if lang else _current()

    def t(message: str) -> str:
        return gettext(message, "course", lang)

    v = values
    sep = ";" if lang == "zh" else "; "
    causes = sep.join(f"{t(c['root_cause'])} {c['complaints']} ({c['share']:.0%})" for c in v["top_causes"])
    vital = ("、" if lang == "zh" else ", ").join(t(c) for c in v["vital_few"])
    lines = [
        t(N_("## Complaint queue: summary for management")),
        "",
        t(N_("**Volume.** {received} submissions received; {duplicates} were duplicates, leaving {complaints} "
             "complaints from {clients} clients. {high} are high severity; {over} have waited more than 48 hours. "
             "Money at stake for customers: {amount:,.0f} CNY.")).format(
            received=v["received"], duplicates=v["duplicates"], complaints=v["complaints"], clients=v["clients"],
            high=v["high_severity"], over=v["over_48h"], amount=v["amount_at_stake_cny"]),
        "",
        t(N_("**Root causes.** Top three: {causes}. The vital few ({vital}) account for {share:.0%} of complaints: "
             "fix these processes first.")).format(causes=causes, vital=vital, share=v["vital_share"]),
        "",
        t(N_("**Handle first** (priority score 0-100):")),
        "",
        t(N_("| complaint | client | cause | severity | CNY at stake | hours waiting | score |")),
        "|---|---|---|---|---:|---:|---:|",
        *[f"| {r['complaint_id']} | {r['customer_id']} | {t(r['root_cause'])} | {t(r['severity'])} | "
          f"{r['amount_cny']:,.0f} | {r['hours_waiting']:.1f} | {r['priority']:.0f} |" for r in v["top_priority"]],
        "",
        t(N_("**Recovery.** Every reply covers outcome (refund, credit or corrected service), procedure (one named "
             "owner, a time frame) and treatment (apology, explanation).")),
        "",
        t(N_("**Least profitable complaining clients** (profit after cost to serve):")),
        "",
        t(N_("| client | name | profit CNY | decision | next step |")),
        "|---|---|---:|---|---|",
        *[f"| {r['customer_id']} | {r['name']} | {r['profit_cny']:,.0f} | {t(r['decision'])} | {t(r['step'])} |"
          for r in v["worst_accounts"]],
        "",
        t(N_("{n} of these are candidates to let go. Before terminating, go through reassess, educate, "
             "renegotiate and migrate, and remember the rival that would target the base we keep.")).format(
            n=v["let_go"]),
    ]
    md = "\n".join(lines)
    if fmt == "markdown":
        return md
    return _md_to_html(md)


def _md_to_html(md: str) -> str:
    """A tiny converter for the summary's own markdown (headings, bold, tables, paragraphs)."""
    import re

    html, table = [], []

    def inline(s: str) -> str:
        return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(s))

    def flush() -> None:
        if table:
            head, *body = [[c.strip() for c in r.strip("|").split("|")] for r in table if not set(r) <= set("|-: ")]
            html.append("<table><tr>" + "".join(f"<th>{inline(c)}</th>" for c in head) + "</tr>"
                        + "".join("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in r) + "</tr>" for r in body)
                        + "</table>")
            table.clear()

    for line in md.splitlines():
        if line.startswith("|"):
            table.append(line)
            continue
        flush()
        if line.startswith("## "):
            html.append(f"<h2>{inline(line[3:])}</h2>")
        elif line.strip():
            html.append(f"<p>{inline(line)}</p>")
    flush()
    return '<div class="course-summary-report">' + "\n".join(html) + "</div>"
