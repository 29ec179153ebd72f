"""SERVQUAL gap scores (lesson 1): item gaps, dimension scores, weighted overall, the gap chart widget."""

from __future__ import annotations

import pandas as pd
import pytest

from course.topics import servqual as S
from course.widgets.servqual import servqual_explorer


def survey(rows: list[tuple]) -> pd.DataFrame:
    """Answers from (respondent, branch, item, dimension, expectation, perception or None)."""
    df = pd.DataFrame(rows, columns=["respondent_id", "branch", "item", "dimension", "expectation", "perception"])
    df["perception"] = df["perception"].astype("Int64")
    return df


@pytest.fixture
def small() -> pd.DataFrame:
    rows = []
    # respondent R1 (branch A): reliability gaps -3 and -1, everything else 0; R2 (branch B): all gaps 0
    for rid, br, rel in (("R1", "A", (-3, -1)), ("R2", "B", (0, 0))):
        rows += [(rid, br, "REL1", "reliability", 7, 7 + rel[0]), (rid, br, "REL2", "reliability", 6, 6 + rel[1])]
        for d in ("tangibles", "responsiveness", "assurance", "empathy"):
            rows.append((rid, br, d[:3].upper() + "1", d, 5, 5))
    rows.append(("R2", "B", "EMP2", "empathy", 6, None))   # skipped item: must not count as a gap of -6
    return survey(rows)


@pytest.fixture
def weights() -> pd.DataFrame:
    return pd.DataFrame({"respondent_id": ["R1", "R2"], "tangibles": [10, 10], "reliability": [50, 30],
                         "responsiveness": [20, 20], "assurance": [10, 20], "empathy": [10, 20]})


def test_item_gap_is_perception_minus_expectation(small):
    g = S.item_gaps(small).set_index("item")
    assert g.loc["REL1", "gap"] == -1.5                   # (-3 + 0) / 2
    assert g.loc["REL2", "gap"] == -0.5
    assert g.index[0] == "REL1"                           # sorted from the largest shortfall
    assert "EMP2" not in g.index                          # only skipped answers: no gap at all


def test_item_gaps_add_statements():
    items = pd.DataFrame({"item": ["REL1"], "statement": ["keeps promises"]})
    g = S.item_gaps(survey([("R1", "A", "REL1", "reliability", 7, 4)]), items)
    assert g.loc[0, "statement"] == "keeps promises" and g.loc[0, "gap"] == -3


def test_dimension_score_is_mean_of_item_gaps(small):
    d = S.dimension_scores(small)
    assert list(d.index) == list(S.DIMENSIONS)
    assert d["reliability"] == -1.0 and d["tangibles"] == 0


def test_branch_filter(small):
    assert S.dimension_scores(small, "A")["reliability"] == -2.0
    assert S.dimension_scores(small, "B")["reliability"] == 0
    with pytest.raises(ValueError, match="Atlantis"):
        S.dimension_scores(small, "Atlantis")


def test_overall_unweighted_and_weighted(small, weights):
    o = S.overall_scores(small, weights)
    assert o["unweighted"] == pytest.approx(-0.2)                 # (-1 + 0 + 0 + 0 + 0) / 5
    assert o["weighted"] == pytest.approx(-1.0 * 0.40)            # mean reliability weight 40 / 100
    a = S.overall_scores(small, weights, branch="A")              # branch A: only R1's weights
    assert a["weighted"] == pytest.approx(-2.0 * 0.50)


def test_weights_must_sum_to_100(weights):
    bad = weights.copy()
    bad.loc[1, "empathy"] = 17
    with pytest.raises(ValueError, match="R2.*97"):
        S.dimension_weights(bad)
    with pytest.raises(ValueError, match="empty"):
        S.dimension_weights(weights.iloc[0:0])
    assert S.dimension_weights(weights).sum() == pytest.approx(1.0)


def test_largest_gap(small):
    assert S.largest_gap(S.dimension_scores(small)) == ("reliability", -1.0)
    with pytest.raises(ValueError):
        S.largest_gap(pd.Series([float("nan")] * 5, index=S.DIMENSIONS))


def test_bad_input_errors(small):
    with pytest.raises(ValueError, match=r"the servqual table lacks column\(s\) perception .*"
                                         r"course\.datasets\.load\('servqual'\)"):
        S.item_gaps(small.drop(columns="perception"))
    with pytest.raises(ValueError, match=r"servqual_weights table lacks column\(s\) empathy"):
        S.dimension_weights(pd.DataFrame({d: [20] for d in S.DIMENSIONS[:4]}))
    with pytest.raises(ValueError, match="empty"):
        S.item_gaps(small.iloc[0:0])
    odd = small.copy()
    odd.loc[0, "dimension"] = "price"
    with pytest.raises(ValueError, match="price"):
        S.item_gaps(odd)


def test_real_survey_has_reliability_as_largest_gap(servqual, servqual_weights):
    s, w = servqual, servqual_weights
    d = S.dimension_scores(s)
    assert S.largest_gap(d)[0] == "reliability"
    o = S.overall_scores(s, w)
    assert o["weighted"] < o["unweighted"]                        # reliability weighs most and falls shortest
    table = S.branch_table(s)
    assert table.shape == (6, 5) and table.notna().all().all()


def test_gap_widget_branch_changes_numbers_and_words(servqual, servqual_weights):
    s, w = servqual, servqual_weights
    ex = servqual_explorer(s, w)
    assert "course-servqual-gaps" in ex.widget._dom_classes
    before = ex.result["overall"]["unweighted"]
    assert "all branches" in ex.summary.value and "reliability" in ex.summary.value
    worst = S.branch_table(s).mean(axis=1).idxmin()
    ex.controls["branch"].value = worst
    assert ex.result["overall"]["unweighted"] < before
    assert worst in ex.summary.value and f"{ex.result['overall']['unweighted']:+.2f}" in ex.summary.value
