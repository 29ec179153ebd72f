"""Lesson 1 self-checks: why customers complain (promise vs delivery, SERVQUAL gaps).

Question 1-4 is computed from the `tickets` table: a figure the lesson does not print, combined
from the rows of its breach-rate table.
"""

from __future__ import annotations

import pandas as pd

from course.selfcheck.engine import N_, Choice, Numeric, Question
from course.topics.promises import breached, resolved

DATASETS = ("tickets",)

FIXED: dict[str, Question] = {
    "1-1": Choice(
        id="1-1",
        prompt=N_("◇自检1-1◇ What causes customer dissatisfaction and, in the end, complaints?"),
        options=(
            N_("Rising living standards and a stronger sense of their rights, which make today's customers harder "
               "to please than before"),
            N_("Too few ways to complain, so that small annoyances pile up until they explode"),
            N_("Prices that customers feel are too high for what they get"),
            N_("Delivery that breaks the firm's promise, and service that falls short of what was expected"),
        ),
        answer=3,
        why=N_("Two gaps: delivery ≠ promise (24 h advertised, 48 h delivered, bounced between departments; "
               "SERVQUAL gap 4) and perception ≠ expectation (SERVQUAL gap 5). Both are under the firm's control."),
        wrong={
            0: N_("That is the seed's explanation of why complaints are rising across the economy. A single "
                  "customer becomes dissatisfied when the service misses a promise or an expectation."),
            1: N_("Channels decide whether the dissatisfied speak up (lesson 2), not why they are dissatisfied."),
            2: N_("Price shapes what customers expect, but the lesson's two causes are gaps: promise vs delivery "
                  "and expectation vs perception. A cheap service that keeps its promise does not produce them."),
        },
    ),
    "1-2": Choice(
        id="1-2",
        prompt=N_("In the ticket log the mean resolution time is well above the median. Leaving out the six lost "
                  "tickets (over 500 h) barely narrows the gap. Which figure describes the typical ticket, and why?"),
        options=(N_("The mean, once open and auto-closed tickets are left out: after that cleaning it is no longer "
                    "biased"),
                 N_("The median, but only once the lost tickets are removed: they are why the mean is high"),
                 N_("The median, because resolution times have a long right tail of slow tickets"),
                 N_("The mean, because it is the only figure that uses every ticket's hours")),
        answer=2,
        why=N_("Many tickets take two days and more while most close within a day: that long tail keeps the mean "
               "above what most customers experienced, with or without the handful of lost tickets. The median is "
               "not pulled by how long the tail is."),
        wrong={0: N_("Cleaning is needed, but it does not remove the skew: after open and auto-closed tickets are "
                     "gone, the long tail of slow tickets still pulls the mean above the typical ticket."),
               1: N_("The lost tickets stay in the log as real breaches, and removing them moves the mean by only a "
                     "few hours: the tail of slow tickets, not six outliers, separates mean and median."),
               3: N_("Using every ticket's hours is exactly why the mean misleads here: the slow tail pulls it above "
                     "the experience of most customers.")},
    ),
    "1-3": Choice(
        id="1-3",
        prompt=N_("In SERVQUAL terms, the seed's '24 h promised, 48 h delivered' story is which gap?"),
        options=(N_("Gap 3: staff do not deliver to the service standards the firm has set"),
                 N_("Gap 4: delivery differs from what the firm's ads and leaflets promised"),
                 N_("Gap 5: the service the customer perceives differs from the service expected, whatever was "
                    "promised"),
                 N_("Gap 1: management misreads what customers expect")),
        answer=1,
        why=N_("Gap 4 is delivery vs external communication (ads, DM leaflets, the website, sales staff). It "
               "feeds gap 5, the gap the customer feels."),
        wrong={0: N_("Gap 3 compares delivery with the firm's internal standards. The story compares it with the "
                     "promise printed on leaflets and the website: that is external communication, gap 4."),
               2: N_("Gap 5 is what the customer ends up feeling, but the cause named here is a broken advertised "
                     "promise: that is gap 4, which then widens gap 5."),
               3: N_("Gap 1 is about management's picture of expectations; here the promise itself was clear.")},
    ),
    "1-5": Choice(
        id="1-5",
        prompt=N_("A customer scores item REL1 ('does what it promised by the time it promised') with "
                  "expectation 7 and perception 4. What is the item gap, and what does it mean?"),
        options=(N_("-3: the service falls three points short of what the customer expected"),
                 N_("+3, because the expectation is higher than the perception by three points on the scale"),
                 N_("4 out of 7: the firm delivers about 57% of what the customer expected")),
        answer=0,
        why=N_("Gap = perception - expectation = 4 - 7 = -3. Negative means the service falls short."),
        wrong={1: N_("The order matters: SERVQUAL subtracts the expectation from the perception (P - E), so a "
                     "shortfall is negative."),
               2: N_("SERVQUAL uses differences, not ratios: P - E on the 7-point scale.")},
    ),
    "1-6": Choice(
        id="1-6",
        prompt=N_("Why weight the dimension scores with the customers' 100-point importance allocation?"),
        options=(N_("Because the dimensions have different numbers of items (four or five), and the weights "
                    "correct for that"),
                 N_("So that a gap on a dimension customers care about more counts more in the overall score"),
                 N_("To make the overall scores of branches with different numbers of respondents comparable")),
        answer=1,
        why=N_("Customers split 100 points across the five dimensions; reliability usually gets the most, so a "
               "reliability shortfall should weigh most in the overall figure."),
        wrong={0: N_("Item counts are handled by averaging the items within each dimension first; the weights are "
                     "about importance to customers."),
               2: N_("A mean is already comparable across branches of different sizes; the weights say what "
                     "customers find important, not how many answered.")},
    ),
}


def passed_on(tickets: pd.DataFrame) -> Numeric:
    """Self-check 1-4, computed from the data: the breach rate of resolved tickets passed on at least once."""
    res = resolved(tickets)
    rate = float(breached(res[res["transfers"] >= 1]).astype(float).mean())
    return Numeric(
        id="1-4",
        prompt=N_("The table by number of transfers gives each group's tickets and breach rate. What percentage "
                  "of all resolved tickets passed on at least once (1, 2 or 3+ transfers together) broke their "
                  "promise? (Combine the rows; answer in %, one decimal.)"),
        answer=round(100 * rate, 1), tolerance=0.7, unit="%",
        why=N_("{rate:.1%}: weight each row's breach rate by its number of tickets (or count the breaches of the "
               "three rows and divide by their tickets). Most of these tickets were passed on once, so the answer "
               "sits nearer the 1-transfer row than a plain average of the three rates."),
        too_low=N_("Too low: did you take only the 1-transfer row, or include the tickets never passed on? "
                   "Combine the rows 1, 2 and 3+."),
        too_high=N_("Too high: a plain average of the three breach rates gives every row the same weight. Weight "
                    "each rate by its number of tickets."),
        fill={"rate": rate},
    )


def computed(tickets: pd.DataFrame) -> dict[str, Question]:
    """Question 1-4, from `tickets`."""
    return {"1-4": passed_on(tickets)}
