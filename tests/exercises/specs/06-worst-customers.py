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
    # the rules applied to every client, profitable or not
    "q4": """
def divestment_step(row):
    if row["abuse_incidents"] > 2:
        return "terminate"
    if row["payment_delay_days"] > 60:
        return "migrate"
    if row["service_calls_per_month"] > 20:
        return "educate"
    if row["annual_fee_cny"] - row["cost_to_serve_cny"] >= -2000:
        return "reassess"
    return "renegotiate"
step = accounts.set_index("customer_id").apply(divestment_step, axis=1)
step_counts = step.value_counts()
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
u = accounts[accounts.annual_fee_cny < accounts.cost_to_serve_cny]
labels = np.select(
    [u.abuse_incidents > 2, u.payment_delay_days > 60, u.service_calls_per_month > 20,
     u.annual_fee_cny - u.cost_to_serve_cny >= -2000],
    ["terminate", "migrate", "educate", "reassess"], default="renegotiate")
step = dict(zip(u.customer_id, labels))
from collections import Counter
step_counts = dict(Counter(labels))
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
