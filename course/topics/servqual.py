"""SERVQUAL gap scores (lesson 1): perceived minus expected service, per item, dimension and overall.

Parasuraman, Zeithaml & Berry (1985, 1988): 22 items in five dimensions, 7-point scales. Item gap =
perception - expectation (negative: the firm falls short); dimension score = mean of its item gaps; overall =
mean of the five dimensions, or a weighted mean with each respondent's 100-point importance allocation.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from course.datasets import require
from course.i18n import gettext

DIMENSIONS = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
ALL = "All branches"

class _Texts(Mapping):
    """A read-only table of texts a trainee reads, each given in English and shown in the language in use."""

    def __init__(self, texts: dict):
        self._texts = dict(texts)

    def __getitem__(self, key):
        return gettext(self._texts[key], "course")

    def __iter__(self):
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __repr__(self) -> str:
        return repr(dict(self))


def N_(message: str) -> str:
    """Mark a text a trainee reads for the `course` catalog; it is returned in English and translated when shown."""
    return message


GAPS = _Texts({
    1: N_("management's view of customer expectations vs what customers really expect"),
    2: N_("service-quality specifications vs management's view of expectations"),
    3: N_("service delivered vs the specifications"),
    4: N_("service delivered vs what external communication promised (ads, leaflets, website, sales staff)"),
    5: N_("perceived service vs expected service: the gap the customer feels"),
})
"""The five SERVQUAL gaps (number -> what is compared, in the language in use). The seed's two causes of
dissatisfaction are gaps 4 and 5."""


def _check(servqual: pd.DataFrame) -> None:
    require(servqual, "servqual", ("respondent_id", "item", "dimension", "expectation", "perception"))
    if servqual.empty:
        raise ValueError("the SERVQUAL table is empty: no answers to score")
    unknown = sorted(set(servqual["dimension"].astype(str)) - set(DIMENSIONS))
    if unknown:
        raise ValueError(f"unknown SERVQUAL dimension(s) {', '.join(unknown)}; expected {', '.join(DIMENSIONS)}")


def answered(servqual: pd.DataFrame, branch: str = ALL) -> pd.DataFrame:
    """The answers with a perception score (blank = item skipped), with their gap P - E; optionally one
    branch. Skipped items are left out of the averages, never counted as zero."""
    _check(servqual)
    df = servqual
    if branch != ALL:
        if "branch" not in df.columns or branch not in set(df["branch"].astype(str)):
            raise ValueError(f"no SERVQUAL answers for branch {branch!r}")
        df = df[df["branch"].astype(str) == branch]
    df = df[df["perception"].notna()].copy()
    df["gap"] = df["perception"].astype(float) - df["expectation"].astype(float)
    df["dimension"] = df["dimension"].astype(str)
    return df


def item_gaps(servqual: pd.DataFrame, items: pd.DataFrame | None = None, branch: str = ALL) -> pd.DataFrame:
    """Mean expectation, perception and gap per item (answered pairs only), with the statement if `items`
    (servqual_items) is given. Sorted from the largest shortfall."""
    df = answered(servqual, branch)
    out = df.groupby(["dimension", "item"]).agg(expectation=("expectation", "mean"),
                                                perception=("perception", "mean"), gap=("gap", "mean"),
                                                answers=("gap", "size")).reset_index()
    if items is not None:
        out = out.merge(items[["item", "statement"]], on="item", how="left")
    return out.sort_values("gap").reset_index(drop=True)


def dimension_scores(servqual: pd.DataFrame, branch: str = ALL) -> pd.Series:
    """SERVQUAL score per dimension: the mean of its item gaps, in the standard dimension order."""
    gaps = item_gaps(servqual, branch=branch)
    return gaps.groupby("dimension")["gap"].mean().reindex(list(DIMENSIONS)).rename("gap")


def dimension_weights(weights: pd.DataFrame) -> pd.Series:
    """Average importance weight per dimension from the 100-point allocation, as fractions summing to 1.
    Raises if a respondent's points do not add up to 100, or if there are no respondents."""
    require(weights, "servqual_weights", DIMENSIONS)
    if weights.empty:
        raise ValueError("the weights table is empty")
    pts = weights[list(DIMENSIONS)]
    total = pts.sum(axis=1)
    bad = total != 100
    if bad.any():
        i = bad.idxmax()
        who = weights.loc[i, "respondent_id"] if "respondent_id" in weights.columns else f"row {i}"
        raise ValueError(f"respondent {who}: importance points add up to {total[i]}, not 100; "
                         "fix that row or leave the respondent out")
    return (pts.mean() / 100).rename("weight")


def overall_scores(servqual: pd.DataFrame, weights: pd.DataFrame | None = None, branch: str = ALL) -> dict:
    """Overall SERVQUAL score: unweighted (mean of the five dimension scores) and, if `weights` is given,
    weighted by the average 100-point importance allocation."""
    dims = dimension_scores(servqual, branch)
    out = {"unweighted": float(dims.mean())}
    if weights is not None:
        w = dimension_weights(_branch_weights(servqual, weights, branch))
        out["weighted"] = float((dims * w).sum() / w[dims.notna()].sum())
    return out


def _branch_weights(servqual: pd.DataFrame, weights: pd.DataFrame, branch: str) -> pd.DataFrame:
    """The weights of the respondents of one branch (all weights for all branches)."""
    if branch == ALL or "respondent_id" not in weights.columns:
        return weights
    ids = set(answered(servqual, branch)["respondent_id"])
    return weights[weights["respondent_id"].isin(ids)]


def largest_gap(scores: pd.Series) -> tuple[str, float]:
    """The dimension where the firm falls shortest (most negative gap) and its score."""
    s = scores.dropna()
    if s.empty:
        raise ValueError("no dimension scores to compare")
    return str(s.idxmin()), float(s.min())


def branch_table(servqual: pd.DataFrame) -> pd.DataFrame:
    """Dimension scores for every branch (rows) and dimension (columns), to compare branches."""
    df = answered(servqual)
    if "branch" not in df.columns:
        raise ValueError("the SERVQUAL table has no branch column")
    items = df.groupby(["branch", "dimension", "item"], observed=True)["gap"].mean().reset_index()
    out = items.groupby(["branch", "dimension"], observed=True)["gap"].mean().unstack("dimension")
    return out.reindex(columns=list(DIMENSIONS))


def gap_profile(servqual: pd.DataFrame, weights: pd.DataFrame | None = None, branch: str = ALL) -> dict:
    """What the SERVQUAL gap chart shows for one branch (or all): dimension scores, the largest gap, the
    overall scores and the importance weights."""
    dims = dimension_scores(servqual, branch)
    dim, value = largest_gap(dims)
    return {"branch": branch, "scores": dims, "largest": dim, "largest_gap": value,
            "overall": overall_scores(servqual, weights, branch),
            "weights": dimension_weights(_branch_weights(servqual, weights, branch)) if weights is not None
            else None}
