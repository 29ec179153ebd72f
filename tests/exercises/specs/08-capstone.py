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
    # first in, first out: the longest wait first, ignoring severity and money
    "q3": """
clean = queue.sort_values("received_at").drop_duplicates(["customer_id", "text"])
top5 = clean.sort_values("hours_waiting", ascending=False)["complaint_id"].head(5).tolist()
""",
    # counts complaints instead of clients in a, and clients instead of complaints in b
    "q4": """
clean = queue.sort_values("received_at").drop_duplicates(["customer_id", "text"])
joined = clean.merge(accounts, on="customer_id")
losing = joined["annual_fee_cny"] < joined["cost_to_serve_cny"]
n_unprofitable_clients = int(losing.sum())
unprofitable_complaint_share = joined.loc[losing, "customer_id"].nunique() / joined["customer_id"].nunique()
""",
    # decides for every client of the firm, not only the complaining ones
    "q5": """
clients = accounts.copy()
clients["profit"] = clients["annual_fee_cny"] - clients["cost_to_serve_cny"]
bad = (clients["abuse_incidents"] >= 2) | (clients["service_calls_per_month"] >= 40)
clients["decision"] = np.where(clients["profit"] >= 0, "keep", np.where(bad, "divest", "fix"))
divest_ids = clients.loc[clients["decision"] == "divest", "customer_id"].tolist()
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
q["score"] = (100 * q.severity.astype(str).replace({"low": "1", "medium": "2", "high": "3"}).astype(int)
              + q.amount_cny / 100 + q.hours_waiting)
top5 = list(q.nlargest(5, "score").complaint_id)
""",
    "q5": """
ids = set(queue.customer_id)
decision_counts = {"keep": 0, "fix": 0, "divest": 0}
divest_ids = set()
for row in accounts.itertuples():
    if row.customer_id not in ids:
        continue
    if row.annual_fee_cny - row.cost_to_serve_cny >= 0:
        decision_counts["keep"] += 1
    elif row.abuse_incidents >= 2 or row.service_calls_per_month >= 40:
        decision_counts["divest"] += 1
        divest_ids.add(row.customer_id)
    else:
        decision_counts["fix"] += 1
""",
    "q6": """
t = tickets.query("status == 'resolved'").dropna(subset=["satisfaction"])
means = t.groupby(t.resolved_hours <= t.promised_hours)["satisfaction"].mean()
satisfaction_gap = float(means[True] - means[False])
""",
}
