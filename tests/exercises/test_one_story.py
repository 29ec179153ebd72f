"""One story: where an exercise asks what a lesson taught, the lesson's own method (the package function the
lesson calls) passes the exercise's tests, hidden and visible. Each case is one consistency fix: if a lesson or an
exercise changes its rule alone, the case fails and names the pair.

The answers below are what a trainee who reuses the lesson's code would write; they run in the exercise's
namespace (setup cells, then the other answers of the solution) with plain exec, and the test cells run as the
grading process runs them (hidden tests included), then as the release shows them (the hash check alone).
"""

from __future__ import annotations

import pytest
from support.exercises import full_test_cells, namespace, run_cell, visible_parts

from course.grading import cells

CASES = [
    # (assignment, question, why, the lesson's method as a trainee's answer)
    ("01-why-customers-complain", "q1", "lesson 1's resolved tickets: status resolved, 0-hour auto-closes left out", """
from course.topics import promises
done = promises.resolved(tickets)
breach_rate = float(promises.breached(done).astype(float).mean())
"""),
    ("01-why-customers-complain", "q2", "lesson 1's worked example and its breach table by transfers", """
from course.topics import promises
by_transfers = promises.breach_rates(tickets, "transfers")
breach_no_transfer = float(by_transfers.loc["0", "breach_rate"])
done = promises.resolved(tickets)
bounced = done[done["transfers"] >= 2]
breach_two_plus = float((bounced["resolved_hours"] > bounced["promised_hours"]).mean())
"""),
    ("01-why-customers-complain", "q3", "lesson 1's breach table by branch", """
from course.topics import promises
breach_by_branch = promises.breach_rates(tickets, "branch")["breach_rate"]
worst_branch = str(breach_by_branch.idxmax())
"""),
    ("01-why-customers-complain", "q4", "lesson 1's dimension score: the mean of its item gaps", """
from course.topics import servqual as sq
gap_by_dimension = sq.dimension_scores(servqual)
largest_gap = sq.largest_gap(gap_by_dimension)[0]
"""),
    ("01-why-customers-complain", "q5", "lesson 1's weighted overall score", """
from course.topics import servqual as sq
overall_weighted = sq.overall_scores(servqual, weights)["weighted"]
"""),
    ("02-complaint-iceberg", "q2", "lesson 2's test of the 4% over a year (rate_check)", """
from course.topics import iceberg
year = iceberg.year_snapshot(monthly, "2025")
seed = iceberg.rate_check(year, iceberg.repurchase_rates(tarp, "over USD 100"), {"4%": SEED_RATE}).loc["4%"]
dissatisfied_at_4pct = seed["dissatisfied"]
dissatisfied_share_at_4pct = seed["dissatisfied_share"]
"""),
    ("02-complaint-iceberg", "q3", "lesson 2's one definition of revenue at risk, over-USD-100 row, per branch", """
from course.topics import iceberg
rates = iceberg.repurchase_rates(tarp, "over USD 100")
customers_lost, revenue_at_risk = {}, {}
for branch in monthly["branch"].cat.categories:
    snap = iceberg.year_snapshot(monthly, "2025", branch=branch)
    r = iceberg.iceberg(snap["complaints"], COMPLAINT_RATE, None, snap["revenue_per_customer"], rates,
                        snap["resolved_share"], snap["quick_share"])
    customers_lost[branch], revenue_at_risk[branch] = r["customers_lost"], r["revenue_at_risk"]
"""),
    ("02-complaint-iceberg", "q5", "lesson 2's complaint rates with blank reports left out", """
from course.topics import iceberg
rate_per_1000 = iceberg.complaint_rates(monthly, by="product")["per_1000_per_month"]
"""),
    ("03-attentive-service", "q2", "lesson 3's usual value: most frequent, a tie to the most recent", """
from course.topics import guests as G
profiles = G.guest_profiles(guests, stays)
usual_seat = profiles["usual_seat"].dropna()
usual_breakfast = profiles["usual_breakfast"].dropna()
"""),
    ("03-attentive-service", "q3", "lesson 3's address_as (Mr Yu, not Mr Yu Wenhua) and its greeting", """
from course.topics import guests as G
profiles = G.guest_profiles(guests, stays)

def greet(guest_id):
    return G.greeting(profiles.loc[guest_id])
"""),
    ("05-segmenting-key-accounts", "q1", "lesson 5 ranks and measures key accounts by revenue", """
from course.topics import network as net
top10_share = net.portfolio(accounts, 10)["covered"]
"""),
    ("05-segmenting-key-accounts", "q2", "lesson 5's HHI of the active accounts' revenue", """
from course.topics import network as net, segmentation as seg
hhi = seg.hhi(net.active_ranked(accounts)["revenue_hkd"])
equivalent_accounts = 10_000 / hhi
"""),
    ("05-segmenting-key-accounts", "q3", "lesson 5's key_account_rule (15% of ~300 = 45) and portfolio", """
from course.topics import network as net, segmentation as seg
n_key = seg.key_account_rule(len(net.active_ranked(accounts)))["low_k"]
key_share = net.portfolio(accounts, n_key)["covered"]
"""),
    ("05-segmenting-key-accounts", "q4", "lesson 5's threat: revenue scales with the share of wallet", """
from course.topics import network as net
threat = net.threat(accounts, cut_to=0.20)
top_share = threat["share_of_total"]
revenue_at_risk_hkd = threat["lost"]
"""),
    ("05-segmenting-key-accounts", "q5", "lesson 5's receivable_stretch", """
from course.topics import network as net
extra_receivables_hkd = net.receivable_stretch(net.threat(accounts)["revenue"], 30, 90)["extra_receivables"]
"""),
    ("05-segmenting-key-accounts", "q6", "lesson 5's key-account ids by revenue, the trader's 15% tier", """
from course.topics import network as net
direct = set(referrals.loc[referrals["source_id"] == "A0104", "target_id"])
within_two = (direct | set(referrals.loc[referrals["source_id"].isin(direct), "target_id"])) - {"A0104"}
key_at_risk = within_two & set(net.key_account_ids(accounts, k=45))
"""),
    ("06-worst-customers", "q2", "lesson 6's serial callers (40 or more calls a month)", """
from course.topics import profitability as prof
serial = prof.serial_callers(accounts)
serial_callers = serial["customer_id"].tolist()
serial_profit = serial["profit_cny"].sum()
"""),
    ("06-worst-customers", "q4", "lesson 6's keep / fix / let go rule, its labels and its divestment steps", """
from course.topics import profitability as prof
classified = prof.classify(accounts)
decision = classified.set_index("customer_id")["decision"].astype(str)
step_counts = prof.step_counts(classified)
"""),
    ("07-keeping-relationships", "q1", "lesson 7's churn table by channel", """
from course.topics import churn as C
churn_rate = C.churn_by_channel(subscribers)["churn_rate"]
worst_channel = str(churn_rate.idxmax())
"""),
    ("07-keeping-relationships", "q2", "lesson 7's Kaplan-Meier 12-month retention (the exercise names its cohort rule)", """
from course.topics import churn as C
retention_12m = C.churn_by_channel(subscribers)["retained_12m"]
"""),
    ("07-keeping-relationships", "q5", "lesson 7's staff-customer link", """
from course.topics import churn as C
link = C.staff_customer_link(survey)
corr_staff_customer, slope = link["r"], link["slope"]
"""),
    ("08-capstone", "q1", "lesson 8's duplicates: same client, same text (case, spacing), within 10 minutes", """
from course.topics import triage
dups = triage.find_duplicates(queue)
duplicate_ids = dups["complaint_id"].tolist()
n_complaints = len(triage.deduplicate(queue))
"""),
    ("08-capstone", "q2", "lesson 8's Pareto of root causes", """
from course.topics import triage
table = triage.pareto(triage.deduplicate(queue))
cause_counts = table.set_index("root_cause")["complaints"]
top3_share = table["share"].head(3).sum()
"""),
    ("08-capstone", "q5", "lesson 6's keep / fix / let go rule and labels, for the complaining clients", """
from course.topics import profitability as prof, triage
clean = triage.deduplicate(queue)
classified = prof.classify(accounts)
mine = classified[classified["customer_id"].isin(clean["customer_id"])]
let_go_ids = mine.loc[mine["decision"] == "let go", "customer_id"].tolist()
decision_counts = mine["decision"].astype(str).value_counts()
"""),
    ("08-capstone", "q6", "lesson 1's resolved tickets and its satisfaction table", """
from course.topics import promises
sat = promises.satisfaction_by_promise(tickets)
satisfaction_gap = sat.loc["promise kept", "mean_score"] - sat.loc["promise broken", "mean_score"]
"""),
]


@pytest.mark.parametrize("aid, qid, why, code", CASES, ids=[f"{a[:2]}-{q}" for a, q, _w, _c in CASES])
def test_the_lessons_method_passes_the_exercise(aid: str, qid: str, why: str, code: str) -> None:
    ns = namespace(aid, {qid: code})
    graded = {gid: src for gid, src in full_test_cells(aid).items() if cells.question_of(gid) == qid}
    assert graded, f"{aid} has no test cell for {qid}"
    for gid, src in graded.items():
        try:
            run_cell(dict(ns), src)
        except AssertionError as exc:
            pytest.fail(f"{aid} {gid} rejects the lesson's method ({why}): {exc}")
    for gid, src in visible_parts(aid).items():
        if cells.question_of(gid) == qid:
            try:
                run_cell(dict(ns), src)
            except AssertionError as exc:
                pytest.fail(f"{aid} {gid}: the visible check says 'not yet' to the lesson's method ({why}): {exc}")
