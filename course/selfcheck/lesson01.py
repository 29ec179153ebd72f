"""Lesson 1 self-checks: why customers complain (promise vs delivery, SERVQUAL gaps).

Question 1-4 is computed from the `tickets` table.
"""

from __future__ import annotations

import pandas as pd

from course.selfcheck.engine import Choice, Numeric, Question
from course.topics.promises import breached, resolved

DATASETS = ("tickets",)

FIXED: dict[str, Question] = {
    "1-1": Choice(
        id="1-1",
        prompt="◇自检1-1◇ What causes customer dissatisfaction and, in the end, complaints?",
        options=(
            "Customers today are simply more demanding; nothing the firm does changes that",
            "The service delivered differs from what the firm promised, and the service perceived falls "
            "short of what the customer expected",
            "Prices that are too high",
            "Too few complaint channels",
        ),
        answer=1,
        why="Two gaps: delivery ≠ promise (24 h advertised, 48 h delivered, bounced between departments; "
            "SERVQUAL gap 4) and perception ≠ expectation (SERVQUAL gap 5). Both are under the firm's control.",
        wrong={
            0: "More choice and more rights-aware customers explain why complaints are rising overall, but a "
               "single customer becomes dissatisfied when the service misses a promise or an expectation.",
            2: "Price shapes expectations, but the lesson's two causes are gaps: promise vs delivery and "
               "expectation vs perception.",
            3: "Channels decide whether the dissatisfied speak up, not why they are dissatisfied.",
        },
    ),
    "1-2": Choice(
        id="1-2",
        prompt="In the ticket log the mean resolution time is well above the median. Leaving out the six lost "
               "tickets (over 500 h) barely narrows the gap. Which figure describes the typical ticket, and why?",
        options=("The median, because resolution times have a long right tail of slow tickets",
                 "The mean, because it is the only figure that uses every ticket",
                 "The median, but only once the lost tickets are removed: they are why the mean is high",
                 "Neither: average the open tickets, they are the typical case"),
        answer=0,
        why="Many tickets take two days and more while most close within a day: that long tail keeps the mean "
            "above what most customers experienced, with or without the handful of lost tickets. The median is "
            "not pulled by how long the tail is.",
        wrong={1: "Using every ticket is exactly why the mean misleads here: the slow tail pulls it above the "
                  "experience of most customers.",
               2: "The lost tickets stay in the log as real breaches, and removing them moves the mean by only a few "
                  "hours: the tail of slow tickets, not six outliers, separates mean and median.",
               3: "Open tickets have no resolution time yet (blank resolved_hours): filter them out."},
    ),
    "1-3": Choice(
        id="1-3",
        prompt="In SERVQUAL terms, the seed's '24 h promised, 48 h delivered' story is which gap?",
        options=("Gap 1: management misreads what customers expect",
                 "Gap 4: service delivered differs from what external communication promised",
                 "Gap 5: perceived service differs from expected service, with no link to promises"),
        answer=1,
        why="Gap 4 is delivery vs external communication (ads, DM leaflets, the website, sales staff). It "
            "feeds gap 5, the gap the customer feels.",
        wrong={0: "Gap 1 is about management's picture of expectations; here the promise itself was clear.",
               2: "Gap 5 is what the customer feels, but the cause named here is a broken advertised promise: "
                  "that is gap 4, which then widens gap 5."},
    ),
    "1-5": Choice(
        id="1-5",
        prompt="A customer scores item REL1 ('does what it promised by the time it promised') with "
               "expectation 7 and perception 4. What is the item gap, and what does it mean?",
        options=("+3: the firm exceeds expectations", "-3: the firm falls 3 points short of what was expected",
                 "4/7: the firm meets 57% of the expectation"),
        answer=1,
        why="Gap = perception - expectation = 4 - 7 = -3. Negative means the service falls short.",
        wrong={0: "The order matters: SERVQUAL subtracts the expectation from the perception (P - E).",
               2: "SERVQUAL uses differences, not ratios: P - E on the 7-point scale."},
    ),
    "1-6": Choice(
        id="1-6",
        prompt="Why weight the dimension scores with the customers' 100-point importance allocation?",
        options=("So that a gap on a dimension customers care about most counts more in the overall score",
                 "To turn negative gaps into positive ones",
                 "Because the dimensions have different numbers of items"),
        answer=0,
        why="Customers split 100 points across the five dimensions; reliability usually gets the most, so a "
            "reliability shortfall should weigh most in the overall figure.",
        wrong={1: "Weights are positive fractions; they cannot change the sign of a gap.",
               2: "Item counts are handled by averaging items within each dimension first; the weights are "
                  "about importance to customers."},
    ),
}


def multi_transfer(tickets: pd.DataFrame) -> Numeric:
    """Self-check 1-4, computed from the data: the breach rate of tickets passed on two or more times."""
    res = resolved(tickets)
    rate = float(breached(res[res["transfers"] >= 2]).astype(float).mean())
    return Numeric(
        id="1-4",
        prompt="Using resolved tickets and each ticket's own promise, what percentage of tickets passed on "
               "two or more times broke the promise? (Answer in %, to the nearest whole number.)",
        answer=round(100 * rate, 1), tolerance=1.0, unit="%",
        why=f"{rate:.0%}: each transfer adds hours, so bounced tickets break the promise far more often.",
        too_low="Too low: did you include tickets with 0 or 1 transfer, or count open tickets as kept?",
        too_high="Too high: use each ticket's own promise (72 h for product defects) and only resolved tickets.",
    )


def computed(tickets: pd.DataFrame) -> dict[str, Question]:
    """Question 1-4, from `tickets`."""
    return {"1-4": multi_transfer(tickets)}
