"""Round-trip specs for assignment 05-segmenting-key-accounts: plausible wrong answers and correct alternatives.

As in lesson 5, accounts are ranked and measured by revenue (`revenue_hkd`); a tier by volume is a WRONG answer.
"""

WRONG = {
    # top 10% of the active accounts (30 of them) instead of the top 10 accounts
    "q1": """
active = accounts[accounts["active"]]
top10_share = active["revenue_hkd"].nlargest(int(0.1 * len(active))).sum() / active["revenue_hkd"].sum()
""",
    # concentration of volume instead of revenue (what the exercise asked before it followed lesson 5)
    "q2": """
vol = accounts.loc[accounts["active"], "volume_tonnes"]
hhi = ((100 * vol / vol.sum()) ** 2).sum()
equivalent_accounts = 10_000 / hhi
""",
    # 15% of every account on file, not of the active ones
    "q3": """
n_key = round(0.15 * len(accounts))
key_share = accounts["revenue_hkd"].nlargest(n_key).sum() / accounts["revenue_hkd"].sum()
""",
    # confuses the trader's share of the buyer's wallet with the buyer's share of the trader's revenue
    "q4": """
top = accounts.loc[accounts["revenue_hkd"].idxmax()]
top_share = top["share_of_wallet"]
revenue_at_risk_hkd = top["revenue_hkd"] * (top["share_of_wallet"] - 0.20)
""",
    # all 90 days instead of the 60 extra days
    "q5": """
jv = accounts.loc[accounts["revenue_hkd"].idxmax()]
extra_receivables_hkd = jv["revenue_hkd"] / 365 * 90
""",
    # ignores the direction of the links
    "q6": """
def neighbours(a):
    return set(referrals.loc[referrals["source_id"] == a, "target_id"]) | set(
        referrals.loc[referrals["target_id"] == a, "source_id"])
direct = neighbours("A0104")
within_two = set(direct)
for x in direct:
    within_two |= neighbours(x)
within_two.discard("A0104")
key_at_risk = within_two & set(accounts.nlargest(45, "revenue_hkd")["account_id"])
""",
}

ALTERNATIVE = {
    "q1": """
v = accounts.query("active")["revenue_hkd"].sort_values(ascending=False).reset_index(drop=True)
top10_share = float(v.cumsum().iloc[9] / v.sum())
""",
    "q2": """
import numpy as np
v = accounts.loc[accounts["active"] == True, "revenue_hkd"].to_numpy()  # noqa: E712
s = v / v.sum()
hhi = float(np.sum(s ** 2) * 10_000)
equivalent_accounts = float(1 / np.sum(s ** 2))
""",
    "q3": """
act = accounts[accounts.active]
n_key = round(0.15 * len(act))
ranked = act.sort_values("revenue_hkd", ascending=False)
key_share = ranked["revenue_hkd"].iloc[:n_key].sum() / ranked["revenue_hkd"].sum()
""",
    "q4": """
act = accounts[accounts.active].sort_values("revenue_hkd", ascending=False)
jv = act.iloc[0]
top_share = jv.revenue_hkd / act.revenue_hkd.sum()
total_purchases = jv.revenue_hkd / jv.share_of_wallet
revenue_at_risk_hkd = jv.revenue_hkd - 0.20 * total_purchases
""",
    "q6": """
step1 = referrals[referrals.source_id == "A0104"]
step2 = step1.merge(referrals, left_on="target_id", right_on="source_id", suffixes=("_1", "_2"))
direct = list(step1.target_id.unique())
within_two = sorted((set(step1.target_id) | set(step2.target_id_2)) - {"A0104"})
keys = accounts[accounts.active].sort_values("revenue_hkd").tail(45).account_id
key_at_risk = pd.Series(sorted(set(within_two) & set(keys)))
""",
}
