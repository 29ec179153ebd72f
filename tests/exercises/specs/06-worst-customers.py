"""Round-trip specs for assignment 06-worst-customers: plausible wrong answers and correct alternatives."""

WRONG = {
    # average instead of total, "below average" instead of "below zero", a percentage instead of a fraction
    "q1": """
profit = accounts["annual_fee_cny"] - accounts["cost_to_serve_cny"]
total_profit = profit.mean()
n_unprofitable = int((profit < profit.mean()).sum())
unprofitable_share = 100 * n_unprofitable / len(accounts)
""",
    # "heavy users" with 10+ calls instead of serial callers with 40+
    "q2": """
serial = accounts[accounts["service_calls_per_month"] >= 10]
serial_callers = serial["customer_id"].tolist()
serial_profit = (serial["annual_fee_cny"] - serial["cost_to_serve_cny"]).sum()
""",
    # mean instead of total
    "q3": """
profit_by_plan = (accounts["annual_fee_cny"] - accounts["cost_to_serve_cny"]).groupby(
    accounts["plan"], observed=True).mean()
""",
    # the thresholds read as "at least" (20 calls, 60 days, 2 reports flag a client), and the steps of an older
    # rule (only the unprofitable clients, a 'reassess' band near break-even) instead of lesson 6's
    "q4": """
import numpy as np
profit = accounts["annual_fee_cny"] - accounts["cost_to_serve_cny"]
flagged = ((accounts["service_calls_per_month"] >= 20) | (accounts["payment_delay_days"] >= 60)
           | (accounts["abuse_incidents"] >= 2))
decision = pd.Series(np.where((profit >= 0) & ~flagged, "keep", np.where((profit < 0) & flagged, "let go", "fix")),
                     index=accounts["customer_id"])
u = accounts[profit < 0]
old = np.select([u.abuse_incidents > 2, u.payment_delay_days > 60, u.service_calls_per_month > 20,
                 u.annual_fee_cny - u.cost_to_serve_cny >= -2000],
                ["terminate", "migrate", "educate", "reassess"], default="renegotiate")
step_counts = pd.Series(old).value_counts()
""",
    # forgets the retention rate in the numerator
    "q5": """
retention = {"basic": 0.70, "standard": 0.80, "premium": 0.90}
profit = accounts["annual_fee_cny"] - accounts["cost_to_serve_cny"]
r_plan = pd.Series(retention)
clv_by_plan = profit.groupby(accounts["plan"].astype(str)).mean() / (1.10 - r_plan)
r = accounts["plan"].astype(str).map(retention)
clv_total = (profit / (1.10 - r)).sum()
""",
    # a monthly saving instead of a yearly one
    "q6": """
serial = accounts[accounts["service_calls_per_month"] >= 40]
saving = serial["service_calls_per_month"] * (90 - 15)
migration_saving_cny = saving.sum()
n_profitable_after = int((serial["annual_fee_cny"] - serial["cost_to_serve_cny"] + saving >= 0).sum())
""",
}

ALTERNATIVE = {
    "q1": """
import numpy as np
p = accounts.annual_fee_cny.to_numpy() - accounts.cost_to_serve_cny.to_numpy()
total_profit = float(np.sum(p))
n_unprofitable = np.count_nonzero(p < 0)
unprofitable_share = float(np.mean(p < 0))
""",
    "q2": """
s = accounts.query("service_calls_per_month >= 40")
serial_callers = set(s.customer_id)
serial_profit = s.annual_fee_cny.sum() - s.cost_to_serve_cny.sum()
""",
    "q3": """
t = accounts.assign(profit=accounts.annual_fee_cny - accounts.cost_to_serve_cny)
profit_by_plan = {str(p): g["profit"].sum() for p, g in t.groupby("plan", observed=True)}
""",
    "q4": """
import numpy as np
from collections import Counter
p = accounts.annual_fee_cny - accounts.cost_to_serve_cny
calls, late, abuse = (accounts.service_calls_per_month > 20, accounts.payment_delay_days > 60,
                      accounts.abuse_incidents > 2)
flag = calls | late | abuse
labels = np.select([~flag & (p >= 0), flag & (p < 0)], ["keep", "let go"], default="fix")
decision = dict(zip(accounts.customer_id, labels))
steps = np.select([labels == "keep", (labels == "let go") & (abuse | (p < -30000)), late, calls, p < 0],
                  ["-", "terminate", "migrate", "educate", "renegotiate"], default="reassess")
step_counts = {k: v for k, v in Counter(steps).items() if k != "-"}
""",
    "q5": """
r = {"basic": 0.70, "standard": 0.80, "premium": 0.90}
t = accounts.assign(m=accounts.annual_fee_cny - accounts.cost_to_serve_cny, plan=accounts.plan.astype(str))
clv_by_plan = {}
for plan, g in t.groupby("plan"):
    m = g.m.mean()
    clv_by_plan[plan] = m * r[plan] / (1 + 0.10 - r[plan])
t["r"] = [r[p] for p in t.plan]
clv_total = float((t.m * t.r / (1.10 - t.r)).sum())
""",
}
