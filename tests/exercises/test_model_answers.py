"""The model answers of the written questions quote the data correctly: every figure a model memo states is
recomputed here with the lesson's functions and must appear in the memo as written. A memo is a markdown cell,
so it cannot compute its numbers itself; this test keeps them true when the data or a rule changes."""

from __future__ import annotations

import nbformat
import pytest
from support.exercises import solution_path

from course.datasets import load
from course.grading import cells


def _answer(aid: str, gid: str) -> str:
    nb = nbformat.read(solution_path(aid), as_version=4)
    return " ".join(cells.by_grade_id(nb)[gid].source.split())


def _figures_02() -> dict[str, list[str]]:
    from course.topics import iceberg

    monthly, tarp = load("complaints_monthly"), load("tarp_repurchase")
    rates = iceberg.repurchase_rates(tarp, "over USD 100")
    year = iceberg.year_snapshot(monthly, "2025")
    check = iceberg.rate_check(year, rates)
    by_branch = iceberg.branch_icebergs(monthly, rates, "2025", iceberg.FRONT_LINE_RATE)
    r = iceberg.iceberg(year["complaints"], iceberg.FRONT_LINE_RATE, None, year["revenue_per_customer"], rates,
                        year["resolved_share"], year["quick_share"])
    growth = iceberg.customer_growth(monthly)
    seed = check.loc["seed: 4%"]
    front = check.loc["TARP 2005: ~50% tell the front line"]
    g = monthly.dropna(subset=["complaints"]).groupby("branch", observed=True)
    fast = (g["resolved_within_48h"].sum() / g["complaints_resolved"].sum()).astype(float)
    memo = [f"{year['complaints']:,.0f} complaints", f"{seed['dissatisfied']:,.0f} dissatisfied",
            f"{seed['dissatisfied_share']:.0%} of our customer base", f"grew {growth:.0%}",
            f"about {r['customers_lost']:,.0f} customers", f"CNY {by_branch['revenue_at_risk'].sum() / 1e6:,.1f} million",
            f"{by_branch['revenue_at_risk'].idxmax()} carries the most",
            f"{fast.idxmin()} closes only {fast.min():.0%}", f"against {fast.max():.0%} in {fast.idxmax()}"]
    rate = [f"mean {seed['dissatisfied_share']:.0%} of our customers", f"At 50%, {front['dissatisfied_share']:.0%}",
            f"{front['revenue_at_risk_share']:.1%} of revenue"]
    assert seed["revenue_at_risk_share"] > 0.6  # "two thirds of the year's revenue at risk" at 4%
    return {"w1": memo, "w2": rate}


def _figures_05() -> dict[str, list[str]]:
    from course.topics import network as net

    accounts, referrals = load("b2b_accounts"), load("referrals")
    ten, tier = net.portfolio(accounts, 10), net.portfolio(accounts, 45)
    threat = net.threat(accounts, cut_to=0.20)
    stretch = net.receivable_stretch(threat["revenue"], 30, 90)
    direct = set(referrals.loc[referrals["source_id"] == "A0104", "target_id"])
    two = (direct | set(referrals.loc[referrals["source_id"].isin(direct), "target_id"])) - {"A0104"}
    keys = two & set(net.key_account_ids(accounts, k=45))
    memo = [f"about {threat['share_of_total']:.0%} of our active revenue", f"bring about {ten['covered']:.0%}",
            f"HHI of about {tier['hhi_all']:,.0f}", f"only {10_000 / tier['hhi_all']:.0f} equal customers",
            f"HKD {threat['lost'] / 1e6:,.1f} million of revenue a year",
            f"HKD {stretch['extra_receivables'] / 1e6:,.1f} million of our cash", f"about {tier['covered']:.0%} of revenue",
            f"reaches {len(keys)} of our key accounts"]
    cut = [f"HKD {0.05 * threat['revenue'] / 1e6:,.1f} million a year",
           f"lose HKD {threat['lost'] / 1e6:,.1f} million of revenue"]
    return {"w1": memo, "w2": cut}


def _figures_06() -> dict[str, list[str]]:
    from course.topics import profitability as prof

    accounts = load("accounts")
    classified = prof.classify(accounts)
    profit = classified["profit_cny"]
    decisions, steps = prof.decision_summary(classified)["clients"], prof.step_counts(classified)
    serial = prof.serial_callers(accounts)
    saving = serial["service_calls_per_month"] * 12 * 75
    memo = [f"{(profit < 0).sum()} of our {len(accounts)} clients ({(profit < 0).mean():.1%})",
            f"CNY {-profit[profit < 0].sum() / 1e6:.1f} million a year", f"earns CNY {profit.sum() / 1e6:.1f} million",
            f"keeps {decisions['keep']} clients", f"sends {decisions['fix']} to be fixed", f"marks {decisions['let go']} as"]
    memo += [f"{steps[k]} to **{k}**" for k in prof.STEPS]
    memo += ["**renegotiate** (well-behaved clients on a price that does not cover their cost",
             "**migrate** (late payers: prepaid billing", f"CNY {saving.sum():,.0f} a year",
             f"make {int((serial['profit_cny'] + saving >= 0).sum())} of the {len(serial)} profitable"]
    at_50 = prof.classify(accounts, terminate_below_cny=-50_000)
    line = [f"terminates {int((at_50['step'] == 'terminate').sum())} clients",
            f"at the default −30,000 it would be {steps['terminate']}"]
    return {"w1": memo, "w2": line}


def _figures_08() -> dict[str, list[str]]:
    from course.topics import profitability as prof
    from course.topics import promises, triage

    queue, accounts = load("complaint_queue"), load("accounts")
    clean = triage.deduplicate(queue)
    table = triage.pareto(clean)
    classified = prof.classify(accounts)
    mine = classified[classified["customer_id"].isin(clean["customer_id"])]
    decisions = mine["decision"].astype(str).value_counts()
    losers = set(classified.loc[classified["profit_cny"] < 0, "customer_id"])
    sat = promises.satisfaction_by_promise(load("tickets"))
    gap = sat.loc["promise kept", "mean_score"] - sat.loc["promise broken", "mean_score"]
    report = [f"removing {len(queue) - len(clean)} duplicate submissions, {len(clean)} complaints remain",
              f"make up {table['share'].iloc[:2].sum():.0%}", f"top three causes make up {table['share'].iloc[:3].sum():.0%}",
              f"{clean['customer_id'].isin(losers).mean():.0%} of the complaints come from "
              f"{len(set(clean['customer_id']) & losers)} unprofitable clients",
              f"keeps {decisions['keep']}, fixes {decisions['fix']}", f"marks {decisions['let go']} as candidates to let go",
              f"about {gap:.1f} points higher"]
    return {"w2": report}


FIGURES = {"08-capstone": _figures_08, "06-worst-customers": _figures_06, "02-complaint-iceberg": _figures_02, "05-segmenting-key-accounts": _figures_05}


@pytest.mark.parametrize("aid", sorted(FIGURES))
def test_model_answers_quote_the_data(aid: str) -> None:
    missing = []
    for gid, figures in FIGURES[aid]().items():
        text = _answer(aid, gid)
        missing += [f"{gid}: {f!r}" for f in figures if f not in text]
    assert not missing, f"{aid}: the model answers do not state these figures as the data give them:\n" + \
        "\n".join(missing)
