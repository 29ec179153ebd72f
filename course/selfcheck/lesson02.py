"""Lesson 2 self-checks: the complaint iceberg (silent customers, TARP)."""

from __future__ import annotations

from course.selfcheck.engine import Choice, Numeric, Question

FIXED: dict[str, Question] = {
    "2-1": Numeric(
        id="2-1",
        prompt="A branch logged 30 complaints last month. If, as the seed says, only 4% of dissatisfied "
               "customers complain, how many dissatisfied customers said nothing?",
        answer=720, tolerance=0.5, unit="customers",
        why="30 / 0.04 = 750 dissatisfied customers in all; 750 - 30 = 720 of them stayed silent.",
        too_low="Too low: 30 is only 4% of the dissatisfied. Divide by 0.04 first, then take away the 30 who "
                "did complain.",
        too_high="Too high: 30 / 0.04 = 750 is everyone who was dissatisfied; the silent ones are those who "
                 "did not complain.",
    ),
    "2-2": Choice(
        id="2-2",
        prompt="What did TARP itself (Quality Progress, 2005) say about the popular '4% of dissatisfied "
               "customers complain'?",
        options=("It is exact for every industry",
                 "It is a misquote: about 96% of customers with a small-ticket problem do not complain to "
                 "headquarters, but about half complain to a front-line person",
                 "The true figure is 40%, not 4%"),
        answer=1,
        why="The 4% (1 in 27) is about small problems reaching headquarters. About 50% tell someone at the "
            "front line (about 75% in B2B): log those complaints and the iceberg shrinks.",
        wrong={0: "TARP called the popular form a misquote; the share depends on the problem's size and where "
                  "the complaint would go.",
               2: "No such figure: the 4% is about complaints to headquarters for small problems; about 50% "
                  "complain to a front-line person."},
    ),
    "2-3": Choice(
        id="2-3",
        prompt="In the TARP figures for a loss over USD 100, who is MOST likely to buy again?",
        options=("A customer who did not complain", "A customer whose complaint was resolved, slowly",
                 "A customer whose complaint was resolved quickly",
                 "A customer who complained and got no fix"),
        answer=2,
        why="82% of those resolved quickly would buy again, against 54% resolved slowly, 19% unresolved and "
            "only 9% of those who never complained.",
        wrong={0: "Only 9% of silent customers with a big problem would buy again: the lowest of all.",
               1: "Resolution helps (54%), but speed adds much more: 82% when resolved quickly.",
               3: "An unresolved complaint leaves 19%: better than silence (9%), far below a quick fix (82%)."},
    ),
    "2-4": Choice(
        id="2-4",
        prompt="Three branch-months in complaints_monthly have a blank complaint count. What do you do?",
        options=("Read them as 0 complaints", "Leave those rows out of both the complaints and the customer "
                 "base", "Fill them with the overall average"),
        answer=1,
        why="A blank means the branch sent no report, not that nobody complained. Leave the rows out of the "
            "numerator and the denominator so the rate stays honest.",
        wrong={0: "A missing report is not a good month: reading it as 0 makes that branch look better than "
                  "it is.",
               2: "Filling in a guess invents data; leaving the rows out keeps the rate honest and is simpler."},
    ),
}
