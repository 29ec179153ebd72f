"""Module 6: a seeded toy simulation of the Wharton argument (Subramanian, Raju & Zhang, "The Strategic Value of
High-Cost Customers", Management Science 60(2), 2014): when a firm drops its low-value customers, a rival that
cannot tell customers apart sees a richer base and poaches harder.

Assumptions (a teaching model, not the paper's full game):

1. Firm A has `n_customers`; a share `share_low` are low-value (costly to serve), the rest high-value.
   Each customer's yearly revenue and cost to serve are drawn once (normal, seeded) around the given means.
   Cost to serve belongs to the customer (a serial caller calls whoever serves it).
2. A knows who is who. It drops a share `drop_share` of its low-value customers (the worst first) and may move
   the low-value customers it keeps to cheaper channels, cutting its cost of serving them by `channel_saving`.
3. The rival cannot tell A's customers apart. It values a poached customer at the average true margin
   (revenue − full cost to serve) of A's remaining base, v, and picks a poaching rate p to maximise
   p·v − attack_cost·p²/2, so p = v / attack_cost, clipped to [0, 1]. With `rival=False`, p = 0.
4. Each remaining customer is poached independently with probability p (seeded draws). A keeps the margin of
   the customers it does not lose; the rival earns the true margin of
   the customers it wins and pays attack_cost·p²/2 for every customer it targets.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def _check(n_customers: int, share_low: float, drop_share: float, channel_saving: float,
           attack_cost: float) -> None:
    if int(n_customers) != n_customers or n_customers < 0:
        raise ValueError(f"n_customers must be a whole number ≥ 0, got {n_customers}")
    for name, x in (("share_low", share_low), ("drop_share", drop_share), ("channel_saving", channel_saving)):
        if not 0 <= x <= 1:
            raise ValueError(f"{name} must be between 0 and 1 (a share), got {x}; write 30% as 0.3")
    if attack_cost <= 0:
        raise ValueError(f"attack_cost must be positive (CNY per customer at full effort), got {attack_cost}")


def simulate(n_customers: int = 1000, share_low: float = 0.3, drop_share: float = 0.0,
             revenue_high: float = 1500.0, cost_high: float = 500.0,
             revenue_low: float = 300.0, cost_low: float = 600.0,
             channel_saving: float = 0.0, attack_cost: float = 2000.0, rival: bool = True,
             seed: int = 6) -> dict[str, float]:
    """One run of the model in the module docstring; returns plain numbers (CNY per year, counts, rates).

    The same seed always gives the same customers and the same poaching draws, so two policies run with one
    seed differ only by the policy."""
    _check(n_customers, share_low, drop_share, channel_saving, attack_cost)
    rng = np.random.default_rng(seed)
    n = int(n_customers)
    low = rng.random(n) < share_low
    revenue = np.where(low, rng.normal(revenue_low, 0.2 * abs(revenue_low), n),
                       rng.normal(revenue_high, 0.2 * abs(revenue_high), n))
    cost = np.where(low, rng.normal(cost_low, 0.2 * abs(cost_low), n),
                    rng.normal(cost_high, 0.2 * abs(cost_high), n)).clip(min=0)
    poach_draw = rng.random(n)  # drawn before the policy is applied, so policies share the same luck

    true_margin = revenue - cost
    n_low = int(low.sum())
    n_drop = int(round(drop_share * n_low))
    worst_low = np.flatnonzero(low)[np.argsort(true_margin[low], kind="stable")][:n_drop]
    kept = np.ones(n, dtype=bool)
    kept[worst_low] = False

    firm_margin = np.where(low, revenue - cost * (1 - channel_saving), true_margin)
    v = float(true_margin[kept].mean()) if kept.any() else 0.0
    p = min(1.0, max(0.0, v / attack_cost)) if rival else 0.0
    poached = kept & (poach_draw < p)
    retained = kept & ~poached
    won = int(poached.sum())
    return {
        "customers": n, "low_value": n_low, "dropped": n_drop, "kept": int(kept.sum()),
        "high_kept": int((kept & ~low).sum()), "low_kept": int((kept & low).sum()),
        "rival_value_per_customer": v, "poach_rate": p,
        "poached": won, "high_poached": int((poached & ~low).sum()), "low_poached": int((poached & low).sum()),
        "firm_profit_before_rival": float(firm_margin[kept].sum()),
        "firm_profit": float(firm_margin[retained].sum()),
        "rival_profit": float(true_margin[poached].sum() - int(kept.sum()) * attack_cost * p * p / 2),
    }


DROP_SHARES = tuple(round(x / 10, 1) for x in range(11))


def sweep(drop_shares: tuple[float, ...] | list[float] | np.ndarray = DROP_SHARES,
          **params: float) -> pd.DataFrame:
    """`simulate` for each drop share (same seed, same customers), one row each: the firm's profit with the
    rival's reaction, the 'naive' profit if the rival kept the poaching rate it had at drop share 0, and
    the profit with no rival at all."""
    params = {k: v for k, v in params.items() if k != "drop_share"}
    base = simulate(drop_share=0.0, **params)
    rows = []
    for d in drop_shares:
        r = simulate(drop_share=float(d), **params)
        naive = r["firm_profit_before_rival"] * (1 - base["poach_rate"])
        alone = simulate(drop_share=float(d), **{**params, "rival": False})["firm_profit"]
        rows.append({"drop_share": float(d), "kept": r["kept"], "poach_rate": r["poach_rate"],
                     "high_poached": r["high_poached"], "firm_profit": r["firm_profit"],
                     "naive_profit": naive, "profit_no_rival": alone, "rival_profit": r["rival_profit"]})
    return pd.DataFrame(rows, columns=["drop_share", "kept", "poach_rate", "high_poached", "firm_profit",
                                       "naive_profit", "profit_no_rival", "rival_profit"])


def compare_policies(**params: float) -> pd.DataFrame:
    """Three policies on the same customers: keep everyone; drop all low-value customers; keep them but move
    them to cheaper channels (`channel_saving`, 0.5 if not given). Plain numbers, one row per policy."""
    params = {k: v for k, v in params.items() if k != "drop_share"}
    saving = params.pop("channel_saving", 0.5)
    policies = {"keep everyone": simulate(drop_share=0.0, **params),
                "drop low-value customers": simulate(drop_share=1.0, **params),
                "keep them on cheaper channels": simulate(drop_share=0.0, channel_saving=saving, **params)}
    return pd.DataFrame([{"policy": k, "kept": r["kept"], "poach_rate": r["poach_rate"],
                          "high_poached": r["high_poached"], "firm_profit": r["firm_profit"]}
                         for k, r in policies.items()]).set_index("policy")
