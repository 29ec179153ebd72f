"""The figures a lesson states about the data are rendered from the data, and match it.

Each lesson below is executed once (nbclient, as nbval does) and the sentences it renders are compared with the
same figures recomputed here from the datasets. A second set of checks makes sure the typed, hard-coded forms
of those figures that a trainer review found (and that would silently go wrong on regenerated data) do not
come back into the markdown.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from course.topics import guests, iceberg, promises
from course.topics import servqual as sq

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
_CACHE: dict[str, list[str]] = {}


def _lesson(stem: str) -> nbformat.NotebookNode:
    return nbformat.read(LESSONS / f"{stem}.ipynb", as_version=4)


def rendered(stem: str) -> str:
    """Every markdown/plain-text output of the executed lesson, joined (executed once per session)."""
    if stem not in _CACHE:
        nb = _lesson(stem)
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(LESSONS)}}).execute()
        out = []
        for c in nb.cells:
            for o in c.get("outputs", []):
                data = o.get("data", {})
                out.append(str(data.get("text/markdown", "")))
        _CACHE[stem] = out
    return "\n".join(_CACHE[stem])


def markdown(stem: str) -> str:
    return "\n".join(c.source for c in _lesson(stem).cells if c.cell_type == "markdown")


def _bold(text: str) -> str:
    return text.replace("**", "")


# --- lesson 1 -------------------------------------------------------------------------------------------------

def test_lesson1_blank_perception_share_is_the_data(servqual):
    blank, n = int(servqual["perception"].isna().sum()), len(servqual)
    assert f"{blank} of {n:,} perception scores are blank ({blank / n:.1%})" in rendered("01-why-customers-complain")


def test_lesson1_mean_vs_median_is_the_long_tail(tickets):
    h = promises.hours_summary(tickets)
    text = _bold(rendered("01-why-customers-complain"))
    assert (f"moves the mean only from {h.iloc[0]['mean_hours']:.1f} h to {h.iloc[1]['mean_hours']:.1f} h"
            in text)
    assert h.iloc[1]["mean_hours"] > 1.4 * h.iloc[1]["median_hours"], "the tail, not the lost tickets"
    assert not re.search(r"pulls? the mean up|drag the \*mean\*", markdown("01-why-customers-complain"))


def test_lesson1_department_names_come_from_the_data(tickets):
    text = _bold(rendered("01-why-customers-complain"))
    top = promises.bounce_table(tickets).index[0]
    assert f"{top.capitalize()} passes on" in text and f"{top} passes on the largest share" in text
    md = markdown("01-why-customers-complain")
    assert "customer service bounces most" not in md
    assert "reliability is both the largest gap" not in md.lower()
    assert "about 1.5%" not in md


def test_lesson1_servqual_sentence(servqual, servqual_weights):
    scores = sq.dimension_scores(servqual)
    dim, gap = sq.largest_gap(scores)
    top_dim = sq.dimension_weights(servqual_weights).idxmax()
    text = _bold(rendered("01-why-customers-complain"))
    assert f"The largest gap is {dim} ({gap:+.2f} points); customers give the most importance to {top_dim}" in text
    assert f"the largest SERVQUAL gap is {dim}, and the dimension customers weight most is {top_dim}" in text


# --- lesson 3 -------------------------------------------------------------------------------------------------

def test_lesson3_change_of_mind_is_the_data(stays):
    seat = guests.prediction_hit_rate(stays, "seat")
    food = guests.prediction_hit_rate(stays, "breakfast")
    text = _bold(rendered("03-attentive-service"))
    assert (f"chose a different seat on {1 - seat['record_hit_rate']:.0%} of returning stays and a different "
            f"breakfast on {1 - food['record_hit_rate']:.0%}") in text
    assert "quarter of the time" not in markdown("03-attentive-service")


# --- lesson 2 -------------------------------------------------------------------------------------------------

def test_lesson2_uses_the_big_ticket_row_and_tests_the_4_percent(complaints_monthly, tarp_repurchase):
    code = "\n".join(c.source for c in _lesson("02-complaint-iceberg").cells if c.cell_type == "code")
    assert '"under USD 5"' not in code and '"over USD 100"' in code
    snap = iceberg.year_snapshot(complaints_monthly, "2025")
    seed = iceberg.rate_check(snap, iceberg.repurchase_rates(tarp_repurchase, "over USD 100")).loc["seed: 4%"]
    text = _bold(rendered("02-complaint-iceberg"))
    assert (f"mean that {seed['dissatisfied_share']:.0%} of the customers were dissatisfied during the year and "
            f"{seed['revenue_at_risk_share']:.0%} of the year's revenue was at risk") in text
    growth = iceberg.customer_growth(complaints_monthly, "2024", "2025")
    assert f"growing {growth:.1%} from 2024 to 2025" in text


def test_lesson2_defines_revenue_at_risk_once():
    md = markdown("02-complaint-iceberg")
    assert md.count("the one definition this lesson uses") == 1 and "面临流失风险的收入" in md
    assert "风险收入)" not in md.replace("面临流失风险的收入", "")
    assert "more voices move far more revenue" not in md
