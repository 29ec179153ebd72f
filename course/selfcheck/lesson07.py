"""Lesson 7 self-checks: keeping relationships (which churn hurts, crisis response, CRM, staff, lean service).

Question 7-5 is computed from the `subscribers` table.
"""

from __future__ import annotations

import math

import pandas as pd

from course.selfcheck.engine import Choice, Numeric, Question
from course.topics.churn import churn_by_channel

DATASETS = ("subscribers",)


FIXED: dict[str, Question] = {
    "7-1": Choice(
        id="7-1",
        prompt="A mobile operator loses 500 customers a month. Which of these should worry it most?",
        options=("That 500 customers left: any churn is a failure",
                 "Which 500 left: if they were the low-value, price-driven ones, it may even save money; if "
                 "they were valuable customers, find out who, why and what it costs",
                 "Nothing: churn is normal in every industry"),
        answer=1,
        why="Seed 002: churn is only a loss when valuable customers leave. First ask who they are, what they "
            "share, how much business they take, and why they went.",
        wrong={0: "Keeping customers you do not want costs money; the seed says let them waste a "
                  "competitor's budget.",
               2: "Normal or not, losing valuable customers is a real loss worth investigating."}),
    "7-2": Choice(
        id="7-2",
        prompt="A product fault makes the news. What does the seed's crisis advice say to do?",
        options=("Play it down until the facts are complete, then act",
                 "Act fast and decisively (stop the product if need be), admit the mistake, and promise only "
                 "what you can keep",
                 "Promise customers that it can never happen again, whatever it takes"),
        answer=1,
        why="Speed shows you take the customer's loss seriously; honesty keeps trust; over-promising breaks "
            "it a second time.",
        wrong={0: "That is what the seed says Coca-Cola did: it tried to play the problem down and a year "
                  "later had to pull the product anyway.",
               2: "The seed warns against exactly this: never say more than you can deliver."}),
    "7-3": Choice(
        id="7-3",
        prompt="A firm bought an expensive CRM system two years ago, but churn has not changed. The most "
               "likely reason, according to the seed?",
        options=("The system is too old", "Nobody analyses the data and acts on it",
                 "CRM systems only work in Western markets"),
        answer=1,
        why="Many firms spend heavily on CRM and never analyse the data, so it brings no profit. The system "
            "only records; analysis and action keep customers.",
        wrong={0: "Two years is not old; the seed's point is about using the data, not the software version.",
               2: "The seed says Western firms fell into the same trap: data without analysis."}),
    "7-4": Choice(
        id="7-4",
        prompt="Across 30 branches, staff and customer satisfaction are strongly correlated. Which statement "
               "is safe?",
        options=("Raising staff satisfaction by 10 points will certainly raise customer satisfaction by the "
                 "slope times 10",
                 "Branches with more satisfied staff tend to have more satisfied customers; a branch far "
                 "below the line needs another explanation",
                 "Staff satisfaction does not matter because some branches break the pattern"),
        answer=1,
        why="A correlation across branches supports the seed's 'loyal staff make loyal customers' but does "
            "not prove a fixed effect; the seed itself says it does not hold everywhere.",
        wrong={0: "A fitted line across branches describes an association, not a guaranteed effect of a change.",
               2: "A few exceptions do not cancel a strong overall link; they are worth a closer look."}),
    "7-6": Choice(
        id="7-6",
        prompt="'Lean service' (精益服务) in the seed means...",
        options=("Cutting service staff to the minimum",
                 "Keeping the relationship at the lowest cost, in the way that reaches each customer group "
                 "best (e.g. SMS for those who never read e-mail)",
                 "Using every new channel at once so nobody is missed"),
        answer=1,
        why="Know each group's touchpoints and pick the channel that reaches them: least cost, most "
            "accurate contact.",
        wrong={0: "Lean here is about choosing touchpoints well, not about fewer people.",
               2: "Using every channel is the opposite of lean: choose by customer group."}),
}


def computed(subscribers: pd.DataFrame) -> dict[str, Question]:
    """Question 7-5, from the 12-month retention of price-promotion customers in `subscribers`."""
    pct = 100 * float(churn_by_channel(subscribers).loc["price promotion", "retained_12m"])
    if math.isnan(pct):
        raise ValueError("subscribers: no price-promotion customer was observed for 12 months, so question 7-5 "
                         "has no answer; load the table with course.datasets.load('subscribers')")
    return {"7-5": Numeric(
        id="7-5",
        prompt="From the churn table: what percentage of price-promotion customers are still subscribed 12 "
               "months after joining? (Type a percentage, e.g. 55.)",
        answer=round(pct, 1), tolerance=1.5, unit="%",
        why="Read retained_12m for 'price promotion' and multiply by 100: well below the other channels.",
        too_low="Too low: read the retained_12m column (a share), not the churn rate.",
        too_high="Too high: that looks like another channel's figure; find the 'price promotion' row.")}
