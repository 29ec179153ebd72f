"""Round-trip answers for exercise 01: a plausible WRONG answer per question and correct ALTERNATIVE ones.

Each string replaces the whole answer cell (grade_id q1, q2, ...) of the solution notebook.
"""

WRONG = {
    # open tickets counted as kept promises (denominator = all tickets)
    "q1": 'breach_rate = float((tickets["resolved_hours"] > tickets["promised_hours"]).mean())',
    # same mistake, per transfer group
    "q2": """
late = tickets["resolved_hours"] > tickets["promised_hours"]
breach_no_transfer = float(late[tickets["transfers"] == 0].mean())
breach_two_plus = float(late[tickets["transfers"] >= 2].mean())
""",
    # open tickets included, and the branch picked from the wrong end
    "q3": """
t = tickets.assign(breach=tickets["resolved_hours"] > tickets["promised_hours"])
breach_by_branch = t.groupby("branch", observed=True)["breach"].mean()
worst_branch = str(breach_by_branch.idxmin())
""",
    # gap the wrong way round (expectation - perception), then the 'largest' number taken
    "q4": """
g = (servqual["expectation"] - servqual["perception"]).astype(float)
gap_by_dimension = g.groupby(servqual["dimension"], observed=True).mean()
largest_gap = str(gap_by_dimension.idxmin())
""",
    # the unweighted mean of the dimension gaps
    "q5": """
sq = servqual.dropna(subset=["perception"])
overall_weighted = float((sq["perception"] - sq["expectation"]).astype(float)
                         .groupby(sq["dimension"], observed=True).mean().mean())
""",
}

ALTERNATIVE = {
    "q1": """
done = tickets.query("status == 'resolved' and resolved_hours > 0")
breach_rate = (done.resolved_hours - done.promised_hours).gt(0).sum() / len(done)
""",
    "q2": """
d = tickets[tickets.status.astype(str).eq("resolved") & tickets.resolved_hours.gt(0)]
by_transfers = d.assign(late=d.resolved_hours > d.promised_hours).groupby("transfers")["late"].agg(["sum", "size"])
breach_no_transfer = by_transfers.loc[0, "sum"] / by_transfers.loc[0, "size"]
two_plus = by_transfers[by_transfers.index >= 2].sum()
breach_two_plus = two_plus["sum"] / two_plus["size"]
""",
    "q3": """
d = tickets.dropna(subset=["resolved_hours"])
d = d[(d["resolved_hours"] != 0) & (d["status"] == "resolved")]
counts = {}
for branch, rows in d.groupby(d["branch"].astype(str)):
    counts[branch] = (rows["resolved_hours"] > rows["promised_hours"]).sum() / len(rows)
breach_by_branch = counts
worst_branch = max(counts, key=counts.get)
""",
    "q4": """
sq = servqual.dropna(subset=["perception"]).copy()
sq["gap"] = sq["perception"].astype(float) - sq["expectation"]
per_item = sq.groupby(["dimension", "item"], observed=True)["gap"].mean()
gap_by_dimension = per_item.groupby(level="dimension", observed=True).mean().to_dict()
largest_gap = min(gap_by_dimension, key=gap_by_dimension.get)
""",
    "q5": """
sq = servqual.dropna(subset=["perception"]).copy()
sq["gap"] = sq["perception"].astype(float) - sq["expectation"]
per_person = sq.pivot_table(index="respondent_id", columns="dimension", values="gap", aggfunc="mean", observed=True)
w = weights.set_index("respondent_id")[list(per_person.columns)] / 100
overall_weighted = float((per_person * w).sum(axis=1).mean())
""",
}
