"""Segmenting key accounts without the pitfalls (module 5): how many key accounts, the top account's
leverage, and defection contagion over the customers' referral network.

The contagion model is an independent cascade (Kempe, Kleinberg & Tardos 2003): when an account defects it
gets one chance to pull each account that listens to it (a directed link source → target), succeeding with
probability strength × persuasion (capped at 1), independently of everything else. Defections are final and
the firm does nothing to stop them. Every simulation takes a seed, so results repeat exactly.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

import numpy as np
import pandas as pd

from course.datasets import require
from course.topics.segmentation import hhi, key_account_rule, n_for_share, top1_share

__all__ = [
    "active_ranked", "contagion_summary", "key_account_ids", "portfolio", "receivable_stretch",
    "replay", "simulate_contagion", "story_candidates", "threat",
]

# Persuasion 1 = a link passes a defection with probability equal to its recorded strength. 0.5 is our
# calibration: a small account next to two key accounts then pulls about three others on average, as in the
# seed's Xiaoshan case.
DEFAULT_PERSUASION = 0.5
GAAP_MAJOR_CUSTOMER = 0.10  # US GAAP (ASC 280): disclose any single customer with >= 10% of revenue


# --- accounts -------------------------------------------------------------------------------------------------

def active_ranked(accounts: pd.DataFrame, by: str = "revenue_hkd") -> pd.DataFrame:
    """Active accounts ranked by `by`, largest first, with rank (1 = top) and share (fraction of the total)."""
    require(accounts, "b2b_accounts", ("account_id", "active", by))
    act = accounts[accounts["active"].astype(bool)]
    act = act.sort_values(by, ascending=False, kind="stable").reset_index(drop=True)
    total = act[by].sum()
    act["rank"] = np.arange(1, len(act) + 1)
    act["share"] = act[by] / total if total > 0 else np.nan
    return act


def key_account_ids(accounts: pd.DataFrame, k: int | None = None, p: float | None = None,
                    by: str = "revenue_hkd") -> list[str]:
    """Ids of the key-account tier: the top k active accounts, or the top p (fraction) of them."""
    act = active_ranked(accounts, by)
    if (k is None) == (p is None):
        raise ValueError("give exactly one of k (number of key accounts) or p (share of active accounts).")
    if p is not None:
        k = n_for_share(p, len(act))
    if k < 0:
        raise ValueError(f"k = {k} key accounts cannot be negative.")
    return act["account_id"].head(k).tolist()


def portfolio(accounts: pd.DataFrame, k: int, by: str = "revenue_hkd") -> dict:
    """What naming k key accounts means: revenue they cover, concentration inside the tier, the top account.

    `top1_in_tier` is our leverage measure: the share of the key-account tier's revenue that rests on the
    single top account. Naming few key accounts makes the tier lean on it (and tells it so); HHI and top-1
    share of the whole active base do not depend on k.
    """
    act = active_ranked(accounts, by)
    n = len(act)
    if n == 0:
        raise ValueError("no active accounts: nothing to segment (check the 'active' column).")
    if not 0 <= k <= n:
        raise ValueError(f"k = {k} key accounts must be between 0 and the {n} active accounts.")
    tier = act[by].head(k)
    rule = key_account_rule(n)
    out = {
        "n_active": n, "k": k, "k_pct": k / n * 100,
        "covered": float(tier.sum() / act[by].sum()),
        "hhi_all": hhi(act[by]), "top1_all": top1_share(act[by]),
        "hhi_tier": hhi(tier) if k else float("nan"),
        "top1_in_tier": top1_share(tier) if k else float("nan"),
        "top_name": act["name"].iloc[0] if "name" in act else act["account_id"].iloc[0],
        "rule_low_k": rule["low_k"], "rule_high_k": rule["high_k"],
        "in_rule": rule["low_k"] <= k <= rule["high_k"],
        "gaap_disclosure": top1_share(act[by]) >= GAAP_MAJOR_CUSTOMER,
    }
    return out


def threat(accounts: pd.DataFrame, account_id: str | None = None, cut_to: float = 0.20,
           by: str = "revenue_hkd") -> dict:
    """Revenue at stake if an account (default: the top one) cuts its share of wallet with us to `cut_to`.

    Assumes the account's total steel purchases stay the same, so our revenue scales with the share of wallet.
    """
    act = active_ranked(accounts, by)
    if account_id is None:
        if act.empty:
            raise ValueError("no active accounts.")
        row = act.iloc[0]
    else:
        hit = act[act["account_id"] == account_id]
        if hit.empty:
            raise KeyError(f"account {account_id!r} is not among the active accounts.")
        row = hit.iloc[0]
    sow = row.get("share_of_wallet")
    if sow is None or pd.isna(sow) or sow <= 0:
        raise ValueError(f"account {row['account_id']}: share_of_wallet is missing or zero; cannot scale revenue.")
    if not 0 <= cut_to <= sow:
        raise ValueError(f"cut_to = {cut_to} must be between 0 and the current share of wallet {sow}.")
    lost = float(row[by] * (1 - cut_to / sow))
    total = float(act[by].sum())
    return {"account_id": row["account_id"], "name": row.get("name", row["account_id"]),
            "share_of_wallet": float(sow), "cut_to": cut_to, "revenue": float(row[by]), "lost": lost,
            "lost_share_of_total": lost / total, "share_of_total": float(row[by]) / total}


def receivable_stretch(revenue: float, days_before: float = 30, days_after: float = 90,
                       rate: float | None = None) -> dict[str, float]:
    """Extra cash tied up when a customer pays later: revenue × extra days / 365 (and its yearly cost at `rate`)."""
    if revenue < 0 or days_before < 0 or days_after < 0:
        raise ValueError("revenue and payment terms must be non-negative.")
    extra = revenue * (days_after - days_before) / 365
    out = {"extra_receivables": extra}
    if rate is not None:
        out["financing_cost"] = extra * rate
    return out


# --- contagion ------------------------------------------------------------------------------------------------

def _edges(referrals: pd.DataFrame, nodes: Iterable[str] | None = None):
    require(referrals, "referrals", ("source_id", "target_id", "strength"))
    s = pd.to_numeric(referrals["strength"], errors="coerce")
    bad = s.isna() | (s < 0) | (s > 1)
    if bad.any():
        i = referrals.index[bad][0]
        raise ValueError(f"referrals row {i}: strength {referrals.loc[i, 'strength']!r} must be a number "
                         f"between 0 and 1.")
    ids = list(dict.fromkeys([*(nodes or []), *referrals["source_id"], *referrals["target_id"]]))
    pos = {a: i for i, a in enumerate(ids)}
    src = np.array([pos[a] for a in referrals["source_id"]], dtype=int)
    tgt = np.array([pos[a] for a in referrals["target_id"]], dtype=int)
    out: list[list[int]] = [[] for _ in ids]
    for e, a in enumerate(src):
        out[a].append(e)
    return ids, pos, src, tgt, s.to_numpy(dtype=float), out


def simulate_contagion(referrals: pd.DataFrame, seeds: Iterable[str], persuasion: float = DEFAULT_PERSUASION,
                       runs: int = 500, seed: int = 0) -> pd.DataFrame:
    """Run the independent cascade `runs` times from the accounts in `seeds` (they defect first).

    Returns a boolean DataFrame, one row per run and one column per account in the network (plus any seed
    not in it): True if that account defected in that run.
    """
    seeds = list(seeds)
    if persuasion < 0:
        raise ValueError(f"persuasion {persuasion} must be >= 0 (1 = link strengths as recorded).")
    if runs < 1:
        raise ValueError(f"runs = {runs}: need at least one run.")
    ids, pos, src, tgt, strength, out = _edges(referrals, seeds)
    prob = np.minimum(strength * persuasion, 1.0)
    rng = np.random.default_rng(seed)
    live = rng.random((runs, len(src))) < prob
    reached = np.zeros((runs, len(ids)), dtype=bool)
    start = [pos[s] for s in seeds]
    for r in range(runs):
        row, lv = reached[r], live[r]
        row[start] = True
        queue = deque(start)
        while queue:
            u = queue.popleft()
            for e in out[u]:
                v = tgt[e]
                if lv[e] and not row[v]:
                    row[v] = True
                    queue.append(v)
    return pd.DataFrame(reached, columns=ids)


def contagion_summary(reached: pd.DataFrame, accounts: pd.DataFrame, seeds: Iterable[str],
                      key_ids: Iterable[str], by: str = "revenue_hkd") -> dict:
    """Summarise simulated runs: accounts pulled away (besides the seeds) per run, revenue lost (seeds
    included), whether a key account went in each run and how often, and each account's chance of leaving."""
    seeds, key = set(seeds), set(key_ids)
    rev = accounts.set_index("account_id")[by].reindex(reached.columns).fillna(0).to_numpy(dtype=float)
    m = reached.to_numpy()
    others = m[:, [c not in seeds for c in reached.columns]]
    key_cols = [c in key and c not in seeds for c in reached.columns]
    n_pulled = others.sum(axis=1)
    lost = m @ rev
    key_lost = m[:, key_cols].any(axis=1) if any(key_cols) else np.zeros(len(m), dtype=bool)
    p_leave = pd.Series(m.mean(axis=0), index=reached.columns, name="p_leave")
    total = float(accounts.loc[accounts["active"].astype(bool), by].sum()) if "active" in accounts else rev.sum()
    return {
        "runs": len(m),
        "pulled_mean": float(n_pulled.mean()) if len(m) else 0.0,
        "pulled": n_pulled,
        "revenue_lost_mean": float(lost.mean()),
        "revenue_lost_share": float(lost.mean() / total) if total > 0 else float("nan"),
        "p_key_lost": float(key_lost.mean()) if len(m) else 0.0,
        "key_lost": key_lost,
        "p_leave": p_leave.drop(labels=[s for s in seeds if s in p_leave.index]).sort_values(ascending=False),
    }


def replay(referrals: pd.DataFrame, seeds: Iterable[str], persuasion: float = DEFAULT_PERSUASION,
           seed: int = 0) -> pd.DataFrame:
    """One seeded cascade, told as a story: who left, who told them (via), and in which wave (0 = the seeds)."""
    seeds = list(seeds)
    ids, pos, src, tgt, strength, out = _edges(referrals, seeds)
    rng = np.random.default_rng(seed)
    live = rng.random(len(src)) < np.minimum(strength * persuasion, 1.0)
    wave = {pos[s]: (0, None) for s in seeds}
    queue = deque(pos[s] for s in seeds)
    while queue:
        u = queue.popleft()
        for e in out[u]:
            v = tgt[e]
            if live[e] and v not in wave:
                wave[v] = (wave[u][0] + 1, ids[u])
                queue.append(v)
    return pd.DataFrame([{"account_id": ids[v], "wave": w, "via": via} for v, (w, via) in wave.items()],
                        columns=["account_id", "wave", "via"])


def story_candidates(accounts: pd.DataFrame, referrals: pd.DataFrame, key_p: float = 0.05,
                     small_from: float = 0.20) -> pd.DataFrame:
    """Small accounts (outside the top `small_from`) that talk directly to a key account (top `key_p`):
    where the Xiaoshan story can start. Most key listeners first, then most listeners, then rank."""
    act = active_ranked(accounts)
    key = set(key_account_ids(accounts, p=key_p))
    small = set(act["account_id"].iloc[n_for_share(small_from, len(act)):])
    links = referrals.groupby("source_id")["target_id"].apply(list)
    rows = [{"account_id": a, "listeners": len(t), "key_listeners": sum(x in key for x in t)}
            for a, t in links.items() if a in small and any(x in key for x in t)]
    cand = pd.DataFrame(rows, columns=["account_id", "listeners", "key_listeners"])
    cand = cand.merge(act[["account_id", "name", "rank", "revenue_hkd"]], on="account_id")
    return cand.sort_values(["key_listeners", "listeners", "rank"], ascending=[False, False, True],
                            kind="stable").reset_index(drop=True)
