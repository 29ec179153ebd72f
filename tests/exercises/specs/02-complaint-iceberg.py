"""Round-trip answers for exercise 02: a plausible WRONG answer per question and correct ALTERNATIVE ones.

Each string replaces the whole answer cell (grade_id q1, q2, ...) of the solution notebook.
"""

WRONG = {
    # both years instead of 2025
    "q1": 'complaints_2025 = int(monthly["complaints"].sum())',
    # only the silent counted as dissatisfied, and the share taken of twelve months of customers added up
    "q2": """
rows = monthly[monthly["month"].str.startswith("2025")]
recorded = rows["complaints"].sum()
dissatisfied_at_4pct = float(recorded / SEED_RATE - recorded)
dissatisfied_share_at_4pct = float(dissatisfied_at_4pct / rows["customers"].sum())
""",
    # the old definition: every dissatisfied customer counted as lost (no TARP repurchase shares)
    "q3": """
rows = monthly[monthly["month"].str.startswith("2025")].dropna(subset=["complaints"])
t = rows.assign(revenue=rows["customers"] * rows["avg_annual_revenue_cny"]).groupby("branch", observed=True)[
    ["complaints", "customers", "revenue"]].sum().astype(float)
customers_lost = t["complaints"] / COMPLAINT_RATE
revenue_at_risk = customers_lost * t["revenue"] / t["customers"]
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
y = monthly.query("month >= '2025-01'")
dissatisfied_at_4pct = y["complaints"].sum() * 25
dissatisfied_share_at_4pct = dissatisfied_at_4pct / y.groupby("month")["customers"].sum().mean()
""",
    "q3": """
p = {o: v / 100 for o, v in tarp.query("problem_size == 'over USD 100'")[["outcome", "repurchase_pct"]]
     .itertuples(index=False)}
customers_lost, revenue_at_risk = {}, {}
for branch, g in monthly[monthly.month.str.contains("2025")].groupby(monthly.branch.astype(str)):
    g = g[g.complaints.notna()]
    c, res, quick = g.complaints.sum(), g.complaints_resolved.sum(), g.resolved_within_48h.sum()
    groups = {"did not complain": c / COMPLAINT_RATE - c, "complained, not resolved": c - res,
              "complained, resolved": res - quick, "resolved quickly": quick}
    customers_lost[branch] = sum(n * (1 - p[o]) for o, n in groups.items())
    revenue_at_risk[branch] = customers_lost[branch] * (g.customers * g.avg_annual_revenue_cny).sum() / g.customers.sum()
""",
    "q6": """
lift = {}
for size in tarp["problem_size"].unique():
    part = tarp[tarp["problem_size"] == size].set_index("outcome")["repurchase_pct"]
    lift[str(size)] = int(part["resolved quickly"]) - int(part["did not complain"])
repurchase_lift = lift
""",
}
