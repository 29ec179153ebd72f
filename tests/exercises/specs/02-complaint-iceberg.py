"""Round-trip answers for exercise 02: a plausible WRONG answer per question and correct ALTERNATIVE ones.

Each string replaces the whole answer cell (grade_id q1, q2, ...) of the solution notebook.
"""

WRONG = {
    # both years instead of 2025
    "q1": 'complaints_2025 = int(monthly["complaints"].sum())',
    # the folk ratio "26 silent for every complaint" applied to both numbers
    "q2": """
recorded = monthly.loc[monthly["month"].str.startswith("2025"), "complaints"].sum()
dissatisfied_2025 = float(recorded * 26)
silent_2025 = float(recorded * 26)
""",
    # counts every dissatisfied customer (complainers too) as silent
    "q3": """
rows = monthly[monthly["month"].str.startswith("2025")]
revenue_at_risk = (rows["complaints"] / COMPLAINT_RATE * rows["avg_annual_revenue_cny"]).groupby(
    rows["branch"], observed=True).sum()
""",
    # divides by all complaints instead of the resolved ones, and picks the largest share
    "q4": """
totals = monthly.groupby("branch", observed=True)[["resolved_within_48h", "complaints"]].sum()
fast_share = totals["resolved_within_48h"] / totals["complaints"]
slowest_branch = str(fast_share.idxmax())
""",
    # blank reports treated as zero complaints: their customers stay in the denominator
    "q5": """
m = monthly.fillna({"complaints": 0})
by_product = m.groupby("product", observed=True)[["complaints", "customers"]].sum()
rate_per_1000 = by_product["complaints"] / by_product["customers"] * 1000
""",
    # compares with 'complained, resolved' instead of 'resolved quickly'
    "q6": """
table = tarp.pivot_table(index="problem_size", columns="outcome", values="repurchase_pct", observed=True)
repurchase_lift = table["complained, resolved"] - table["did not complain"]
""",
}

ALTERNATIVE = {
    "q1": """
complaints_2025 = 0
for _, row in monthly.iterrows():
    if row["month"][:4] == "2025" and not pd.isna(row["complaints"]):
        complaints_2025 += int(row["complaints"])
""",
    "q2": """
c = monthly.query("month >= '2025-01'")["complaints"].sum()
dissatisfied_2025 = c * 25
silent_2025 = c * 24
""",
    "q3": """
m = monthly[monthly.month.str.contains("2025")].copy()
m["risk"] = m.complaints * (1 / COMPLAINT_RATE - 1) * m.avg_annual_revenue_cny
revenue_at_risk = {str(b): float(v) for b, v in m.groupby(m.branch.astype(str))["risk"].sum().items()}
""",
    "q6": """
lift = {}
for size in tarp["problem_size"].unique():
    part = tarp[tarp["problem_size"] == size].set_index("outcome")["repurchase_pct"]
    lift[str(size)] = int(part["resolved quickly"]) - int(part["did not complain"])
repurchase_lift = lift
""",
}
