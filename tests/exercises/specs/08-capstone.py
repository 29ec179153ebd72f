"""Round-trip specs for assignment 08-capstone: plausible wrong answers and correct alternatives."""

WRONG = {
    # drop_duplicates on every column removes nothing: the repeats have a new id and time
    "q1": """
clean = queue.drop_duplicates()
n_complaints = len(clean)
duplicate_ids = sorted(set(queue["complaint_id"]) - set(clean["complaint_id"]))
""",
    # counts the queue without removing the repeats
    "q2": """
cause_counts = queue["root_cause"].value_counts()
top3_share = cause_counts.nlargest(3).sum() / cause_counts.sum()
""",
    # the additive score of an older version of the exercise: a lower severity can overtake a higher one
    "q3": """
clean = queue.sort_values("received_at").drop_duplicates(["customer_id", "text"])
level = clean["severity"].astype(str).map({"low": 1, "medium": 2, "high": 3})
score = 100 * level + clean["amount_cny"] / 100 + clean["hours_waiting"]
handle_order = clean.loc[score.sort_values(ascending=False, kind="stable").index, "complaint_id"].tolist()
""",
    # counts complaints instead of clients in a, and clients instead of complaints in b
    "q4": """
clean = queue.sort_values("received_at").drop_duplicates(["customer_id", "text"])
joined = clean.merge(accounts, on="customer_id")
losing = joined["annual_fee_cny"] < joined["cost_to_serve_cny"]
n_unprofitable_clients = int(losing.sum())
unprofitable_complaint_share = joined.loc[losing, "customer_id"].nunique() / joined["customer_id"].nunique()
""",
    # lesson 6's rule, but for every client of the firm, not only the complaining ones
    "q5": """
clients = accounts.copy()
clients["profit"] = clients["annual_fee_cny"] - clients["cost_to_serve_cny"]
flag = ((clients["service_calls_per_month"] > 20) | (clients["payment_delay_days"] > 60)
        | (clients["abuse_incidents"] > 2))
clients["decision"] = np.where((clients["profit"] >= 0) & ~flag, "keep",
                               np.where((clients["profit"] < 0) & flag, "let go", "fix"))
let_go_ids = clients.loc[clients["decision"] == "let go", "customer_id"].tolist()
decision_counts = clients["decision"].value_counts()
""",
    # blank scores counted as 0
    "q6": """
t = tickets[tickets["status"] == "resolved"]
sat = t["satisfaction"].fillna(0).astype(float)
kept = t["resolved_hours"] <= t["promised_hours"]
satisfaction_gap = float(sat[kept].mean() - sat[~kept].mean())
""",
}

ALTERNATIVE = {
    "q1": """
q = queue.sort_values("received_at")
first = q.groupby(["customer_id", "text"])["complaint_id"].transform("first")
duplicate_ids = set(q.loc[q.complaint_id != first, "complaint_id"])
n_complaints = q.groupby(["customer_id", "text"]).ngroups
""",
    "q2": """
from collections import Counter
q = queue.sort_values("received_at").drop_duplicates(subset=["customer_id", "text"])
cause_counts = dict(Counter(q.root_cause.astype(str)))
top3 = sorted(cause_counts.values(), reverse=True)[:3]
top3_share = sum(top3) / len(q)
""",
    "q3": """
q = queue.sort_values("received_at").drop_duplicates(subset=["customer_id", "text"]).copy()
q["level"] = q.severity.astype(str).replace({"low": "1", "medium": "2", "high": "3"}).astype(int)
q["urgency"] = q.amount_cny / 100 + q.hours_waiting
handle_order = []
for level in (3, 2, 1):
    same = q[q.level == level].sort_values("received_at").sort_values("urgency", ascending=False, kind="stable")
    handle_order += list(same.complaint_id)
""",
    "q5": """
ids = set(queue.customer_id)
decision_counts = {"keep": 0, "fix": 0, "let go": 0}
let_go_ids = set()
for row in accounts.itertuples():
    if row.customer_id not in ids:
        continue
    losing = row.annual_fee_cny - row.cost_to_serve_cny < 0
    flagged = row.service_calls_per_month > 20 or row.payment_delay_days > 60 or row.abuse_incidents > 2
    if not losing and not flagged:
        decision_counts["keep"] += 1
    elif losing and flagged:
        decision_counts["let go"] += 1
        let_go_ids.add(row.customer_id)
    else:
        decision_counts["fix"] += 1
""",
    "q6": """
t = tickets.query("status == 'resolved' and resolved_hours > 0").dropna(subset=["satisfaction"])
means = t.groupby(t.resolved_hours <= t.promised_hours)["satisfaction"].mean()
satisfaction_gap = float(means[True] - means[False])
""",
}
