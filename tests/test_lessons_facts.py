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
_CACHE: dict[str, nbformat.NotebookNode] = {}


def _lesson(stem: str) -> nbformat.NotebookNode:
    return nbformat.read(LESSONS / f"{stem}.ipynb", as_version=4)


def executed(stem: str) -> nbformat.NotebookNode:
    """The lesson executed as nbval runs it, once per session (tests/test_selfcheck.py reads it too)."""
    if stem not in _CACHE:
        nb = _lesson(stem)
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(LESSONS)}}).execute()
        _CACHE[stem] = nb
    return _CACHE[stem]


def rendered(stem: str) -> str:
    """Every markdown output of the executed lesson, joined."""
    return "\n".join(str(o.get("data", {}).get("text/markdown", ""))
                     for c in executed(stem).cells for o in c.get("outputs", []))


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


# --- seed passages restored, and what a native reader would catch (trainer review, issue 12) ------------------

def test_lesson5_bank_story_keeps_the_seeds_view_and_marks_the_critique():
    md = " ".join(markdown("05-segmenting-key-accounts").split())
    seed_view = md.index("**The seed's conclusion.**")
    critique = md.index("**A critique (this kit's reading, not the seed's).**")
    assert seed_view < critique and "客户是一定要选择的" in md[seed_view:critique]
    assert "treated fairly" in md[seed_view:critique] and "looked after more closely" in md[seed_view:critique]
    story = md[md.index("**A tale of two bank customers**"):seed_view]
    assert not re.search(r"\b(she|her|he|his|him)\b", story), "the seed gives the two customers no gender"
    assert "The queue story fails the first test" not in md


def test_lesson6_restores_seed_004():
    md = markdown("06-worst-customers")
    for passage in ("restaurant's regular", "never felt it had won", "late 1990s", "SEC", "Cherkasky",
                    "do not give up on it lightly"):
        assert passage in md, passage
    assert "保留、修复还是放弃" in md and "改造" not in md


def test_lesson7_restores_chinese_brands_abroad_and_flags_unsourced_context():
    md = markdown("07-keeping-relationships")
    assert "even the smallest quality problem" in md and "开拓海外市场的中国企业" in md
    assert md.count("unverified: not in the course sources") == 2
    for story in ("Belgium", "Heathrow"):
        box = next(p for p in md.split("\n\n") if story in p and p.startswith(">"))
        assert "unverified: not in the course sources" in box and "Fact check" not in box


def test_terms_a_native_reader_expects():
    l4, l8 = markdown("04-key-accounts"), markdown("08-capstone")
    assert "南京爱立信熊猫通信有限公司" in l4 and "50亿" in l4 and "RMB 5 billion" not in l4
    assert "结果公平, also called 分配公平" in l8
    everything = "\n".join(markdown(p.stem) for p in sorted(LESSONS.glob("*.ipynb")))
    assert "改造" not in everything and "风险收入)" not in everything.replace("面临流失风险的收入", "")
    assert "绩效" in l4 and "业绩" not in everything


def test_lesson1_local_context_states_no_article_numbers():
    md = markdown("01-why-customers-complain")
    box = next(p for p in md.split("\n\n## ") if "Local context" in p)
    for term in ("消费者权益保护法", "三包", "12315"):
        assert term in box, term
    assert not re.search(r"[Aa]rticle \d|第.{1,4}条", box)


def test_lesson8_reply_prose_describes_the_coach_as_it_is():
    md = markdown("08-capstone")
    assert "keyword rules" not in md and "names the customer" not in md and "avoids blaming" not in md
    for point in ("addresses the customer by", "refused", "hedged", "as soon as", "wrong name", "keywords",
                  "Chinese", "still rules", "Read it aloud"):
        assert point in md, point
    code = "\n".join(c.source for c in _lesson("08-capstone").cells if c.cell_type == "code")
    assert "replies.GOOD_EXAMPLE_ZH" in code
