"""Round-trip answers for exercise 04: a plausible WRONG answer per question and correct ALTERNATIVE ones.

Each string replaces the whole answer cell (grade_id q1, q2, ...) of the solution notebook.
"""

WRONG = {
    # the top 20 customers instead of the top 20% of customers
    "q1": """
rev = customers["revenue_cny"]
top20_share = float(rev.nlargest(20).sum() / rev.sum())
""",
    # revenue minus cost to serve: forgets that the product cost is not in revenue
    "q2": """
profit = customers["revenue_cny"] - customers["cost_to_serve_cny"]
total_profit = float(profit.sum())
loss_makers = int((profit < 0).sum())
""",
    # sorted by revenue instead of by profit
    "q3": """
ordered = customers.sort_values("revenue_cny", ascending=False)
curve = (ordered["gross_margin_cny"] - ordered["cost_to_serve_cny"]).cumsum().reset_index(drop=True)
whale_peak = float(curve.max() / curve.iloc[-1])
peak_customers = int(curve.idxmax()) + 1
""",
    # profit as gross margin only, and the best segment by total profit instead of per customer
    "q4": """
by_segment = customers.groupby("segment", observed=True).agg(
    customers=("customer_id", "count"), revenue=("revenue_cny", "sum"), profit=("gross_margin_cny", "sum"))
best_segment = str(by_segment["profit"].idxmax())
""",
    # counts the customers up to 80% but forgets the one who crosses the line, ranked the wrong way
    "q5": """
rev = customers["revenue_cny"].sort_values()
share_for_80 = float((rev.cumsum() / rev.sum() < 0.8).mean())
""",
}

ALTERNATIVE = {
    "q1": """
cut = customers["revenue_cny"].quantile(0.8)
top = customers[customers["revenue_cny"] >= cut]
top20_share = top["revenue_cny"].sum() / customers["revenue_cny"].sum()
""",
    "q3": """
import numpy as np
p = np.sort((customers.gross_margin_cny - customers.cost_to_serve_cny).to_numpy())[::-1]
c = np.cumsum(p)
whale_peak = c.max() / p.sum()
peak_customers = int(np.argmax(c) + 1)
""",
    "q4": """
tmp = customers.copy()
tmp["profit"] = tmp.gross_margin_cny - tmp.cost_to_serve_cny
by_segment = tmp.pivot_table(index="segment", values=["customer_id", "revenue_cny", "profit"],
                             aggfunc={"customer_id": "count", "revenue_cny": "sum", "profit": "sum"},
                             observed=True).rename(columns={"customer_id": "customers", "revenue_cny": "revenue"})
best_segment = tmp.groupby("segment", observed=True)["profit"].mean().idxmax()
""",
    "q5": """
shares = customers.revenue_cny.sort_values(ascending=False).cumsum() / customers.revenue_cny.sum()
share_for_80 = (shares.reset_index(drop=True) >= 0.8).idxmax() / len(shares) + 1 / len(shares)
""",
}
